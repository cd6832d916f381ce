// question: Which datasets, metrics, methods and models are used together with an entity most (its nearest neighbours by co-usage), and which papers tie them?
// params: entity
// Written by `kg analyze`: CO_USED_WITH relationships to the ten nearest neighbours (cosine of the
// paper sets discounted by shared / (shared + 2)), each with up to three tying papers (tie_papers,
// newest first).
CALL () {
  MATCH (e:Dataset {key: $entity_key}) RETURN e
  UNION MATCH (e:Metric {key: $entity_key}) RETURN e
  UNION MATCH (e:Method {key: $entity_key}) RETURN e
  UNION MATCH (e:Model {key: $entity_key}) RETURN e
}
MATCH (e)-[c:CO_USED_WITH]->(n)
UNWIND c.tie_papers AS id
MATCH (p:Paper {key: id})
RETURN e.name AS name, n.name AS neighbour, labels(n)[0] AS type, c.rank AS rank, c.score AS score,
       c.papers AS papers, p.id AS paper, p.title AS title
ORDER BY name, rank, neighbour, type, paper
