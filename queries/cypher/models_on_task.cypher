// question: Which 25 models and methods are used or proposed by the most papers that address a task?
// params: task
// Ranked by number of papers, ties by name; ties at the 25th place are cut by name.
MATCH (:Task {key: $task_key})<-[:ADDRESSES]-(p:Paper)-[:USES|PROPOSES]->(e)
WHERE e:Model OR e:Method
WITH e, count(DISTINCT p) AS papers
RETURN e.name AS model, labels(e)[0] AS type, papers
ORDER BY papers DESC, model, type
LIMIT 25
