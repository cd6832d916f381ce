// question: Which datasets, metrics, methods and models does each paper name, and when was it published?
// params: none
// The rows `kg analyze` reads: one per paper and entity it proposes, uses or evaluates on.
MATCH (p:Paper)-[:PROPOSES|USES|EVALUATES_ON]->(e)
WHERE e:Dataset OR e:Metric OR e:Method OR e:Model
RETURN p.id AS paper, p.date AS date, labels(e)[0] AS type, e.key AS key, e.name AS name
ORDER BY paper, type, key
