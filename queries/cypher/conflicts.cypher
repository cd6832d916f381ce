// question: Conflicts: the same model, dataset, metric and settings reported with values that differ beyond rounding across papers (kind "values"), and "X outperforms Y" claims that the graph's numbers contradict, Y's value on a dataset and metric under the same settings being better than X's (kind "claim"); each row with both sentences.
// params: none
// Beyond rounding: more than 1% of the larger value apart (the last digit written moves a two-digit
// score by at most 0.5%), and not the same figure as a fraction and as a percentage (0.712 and 71.2).
// Every absolute result counts, own or quoted. For a claim, `value` is X's, `other_value` Y's better
// one, `evidence` the claim's sentence and `other_evidence` the sentence of Y's value.
CALL {
  MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:OF_MODEL]->(x), (r)-[:ON_DATASET]->(d:Dataset), (r)-[:MEASURES]->(m:Metric),
        (other_p:Paper)-[:REPORTS]->(o:Result)-[:OF_MODEL]->(x), (o)-[:ON_DATASET]->(d), (o)-[:MEASURES]->(m)
  WHERE r.kind = 'absolute' AND o.kind = 'absolute' AND p.id < other_p.id
    AND coalesce(r.setting, '') = coalesce(o.setting, '')
  RETURN 'values' AS kind, x.name AS model, x.name AS other, d, m, coalesce(r.setting, '') AS settings,
         r.value AS value, o.value AS other_value, p.id AS paper, other_p.id AS other_paper,
         r.sentence AS evidence, o.sentence AS other_evidence
  UNION
  MATCH (p:Paper)-[:MAKES]->(c:Claim)-[:WINNER]->(x), (c)-[:LOSER]->(y),
        (r:Result)-[:OF_MODEL]->(x), (r)-[:ON_DATASET]->(d:Dataset), (r)-[:MEASURES]->(m:Metric),
        (other_p:Paper)-[:REPORTS]->(o:Result)-[:OF_MODEL]->(y), (o)-[:ON_DATASET]->(d), (o)-[:MEASURES]->(m)
  WHERE r.kind = 'absolute' AND o.kind = 'absolute' AND coalesce(r.setting, '') = coalesce(o.setting, '')
    AND CASE WHEN coalesce(m.lower_is_better, false) THEN o.value < r.value ELSE o.value > r.value END
  RETURN 'claim' AS kind, x.name AS model, y.name AS other, d, m, coalesce(r.setting, '') AS settings,
         r.value AS value, o.value AS other_value, p.id AS paper, other_p.id AS other_paper,
         c.sentence AS evidence, o.sentence AS other_evidence
}
WITH * WHERE abs(value - other_value) > 0.01 * CASE WHEN abs(value) > abs(other_value) THEN abs(value) ELSE abs(other_value) END
  AND abs(value - 100 * other_value) > 0.01 * abs(value) AND abs(100 * value - other_value) > 0.01 * abs(other_value)
RETURN DISTINCT kind, model, other, d.name AS dataset, m.name AS metric, settings, value, other_value, paper, other_paper,
       evidence, other_evidence
ORDER BY kind, dataset, metric, model, other, settings, paper, other_paper, value, other_value, evidence, other_evidence
