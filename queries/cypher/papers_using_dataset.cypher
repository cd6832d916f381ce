// question: Which papers use, evaluate on or propose a dataset?
// params: dataset
MATCH (p:Paper)-[rel:EVALUATES_ON|USES|PROPOSES]->(:Dataset {key: $dataset_key})
RETURN p.id AS paper, p.title AS title, type(rel) AS relation
ORDER BY paper, relation
