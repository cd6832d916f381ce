// question: Which datasets, metrics, methods and models share an entity's co-usage community, the most central first?
// params: entity
// Written by `kg analyze`. community: the community's name. At most 50 members; ties by name.
CALL () {
  MATCH (x:Dataset {key: $entity_key}) RETURN x
  UNION MATCH (x:Metric {key: $entity_key}) RETURN x
  UNION MATCH (x:Method {key: $entity_key}) RETURN x
  UNION MATCH (x:Model {key: $entity_key}) RETURN x
}
WITH DISTINCT x.community AS id
WHERE id IS NOT NULL
MATCH (e)
WHERE e.community = id
RETURN e.community_name AS community, labels(e)[0] AS type, e.name AS name, e.papers AS papers,
       e.centrality AS centrality
ORDER BY centrality DESC, name, type
LIMIT 50
