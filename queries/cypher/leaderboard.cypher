// question: Leaderboard: every absolute result (a score, not an improvement or a speed-up) reported on a dataset for a metric, best first (ascending when lower is better, e.g. perplexity, error, loss, latency).
// params: dataset, metric
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_DATASET]->(:Dataset {key: $dataset_key}),
      (r)-[:MEASURES]->(m:Metric {key: $metric_key})
WHERE r.kind = 'absolute'
RETURN r.model AS model, r.value AS value, r.unit AS unit, p.id AS paper, p.title AS title, r.sentence AS evidence
ORDER BY CASE WHEN coalesce(m.lower_is_better, false) THEN r.value ELSE -r.value END, paper, r.raw
