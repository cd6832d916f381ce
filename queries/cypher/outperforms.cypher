// question: Who outperforms whom around an entity (as winner or loser), with the paper and sentence that claim it?
// params: entity
MATCH (p:Paper)-[:MAKES]->(c:Claim)-[:WINNER]->(w), (c)-[:LOSER]->(l)
WHERE w.key = $entity_key OR l.key = $entity_key
RETURN DISTINCT w.name AS winner, l.name AS loser, p.id AS paper, c.sentence AS evidence
ORDER BY winner, loser, paper, evidence
