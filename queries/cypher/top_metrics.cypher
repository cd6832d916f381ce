// question: Which metrics are used by the most papers?
// params: none
MATCH (p:Paper)-->(e:Metric)
RETURN e.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, name
LIMIT 25
