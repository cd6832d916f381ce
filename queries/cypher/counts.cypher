// question: How many nodes of each label and relationships of each type does the graph hold?
// params: none
// The vocabulary's labels and types only: `kg analyze`'s CO_USED_WITH relationships are no part
// of the extracted graph (the embedded store keeps them in a graph of their own).
CALL () {
  MATCH (n) UNWIND labels(n) AS name RETURN name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS count
}
WITH name, count
WHERE name IN ['Paper', 'Model', 'Method', 'Dataset', 'Metric', 'Task', 'Result', 'Claim',
               'PROPOSES', 'USES', 'EVALUATES_ON', 'ADDRESSES', 'REPORTS', 'OF_MODEL', 'ON_DATASET', 'MEASURES',
               'OUTPERFORMS', 'MAKES', 'WINNER', 'LOSER']
RETURN name, count
ORDER BY name
