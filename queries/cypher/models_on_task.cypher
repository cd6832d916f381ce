// question: Which models and methods are used or proposed by papers that address a task, and by how many papers?
// params: task
MATCH (:Task {key: $task_key})<-[:ADDRESSES]-(p:Paper)-[:USES|PROPOSES]->(e)
WHERE e:Model OR e:Method
RETURN e.name AS model, labels(e)[0] AS type, count(DISTINCT p) AS papers
ORDER BY papers DESC, model, type
