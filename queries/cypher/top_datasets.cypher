// question: Which datasets are used by the most papers?
// params: none
MATCH (p:Paper)-->(e:Dataset)
RETURN e.name AS name, count(DISTINCT p) AS papers
ORDER BY papers DESC, name
LIMIT 25
