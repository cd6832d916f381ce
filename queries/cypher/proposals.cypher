// question: What did the papers published on or after a date propose (models, methods, datasets, metrics, tasks)?
// params: since
// since: an ISO date ("2025-08-18"); "0000" lists every dated paper. Papers without a date are left out.
MATCH (p:Paper)-[:PROPOSES]->(e)
WHERE p.date >= $since
RETURN p.id AS paper, p.title AS title, e.name AS proposed, labels(e)[0] AS type
ORDER BY paper, proposed, type
