// question: How many nodes of each label and relationships of each type does the graph hold?
// params: none
CALL () {
  MATCH (n) UNWIND labels(n) AS name RETURN name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS count
}
RETURN name, count
ORDER BY name
