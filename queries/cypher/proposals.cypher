// question: What does each paper propose (models, methods, datasets, metrics, tasks)?
// params: none
MATCH (p:Paper)-[:PROPOSES]->(e)
RETURN p.id AS paper, p.title AS title, e.name AS proposed, labels(e)[0] AS type
ORDER BY paper, proposed, type
