// question: Leaderboard: every absolute result (a score, not an improvement or a speed-up) reported on a dataset for a metric (with its paper and date), grouped by the settings its sentence states (protocol, split, subset, resolution; none first), best first within each (ascending when lower is better, e.g. perplexity, error, loss, latency); a paper's own results only unless quoted=yes.
// params: dataset, metric, setting=any, quoted=no
// setting: "any" keeps every result (grouped, so zero-shot never ranks among fine-tuned), "none" the
// results whose sentence states no setting, else the results with that protocol, split, subset or
// resolution ("zero-shot", "test", "256x256"). quoted=yes adds the baseline numbers papers quote
// (own = false in the row).
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_DATASET]->(:Dataset {key: $dataset_key}),
      (r)-[:MEASURES]->(m:Metric {key: $metric_key})
WITH p, r, m, coalesce(r.own, true) AS own, coalesce(r.setting, '') AS settings
WHERE r.kind = 'absolute' AND (own OR $quoted = 'yes')
  AND ($setting = 'any' OR ($setting = 'none' AND settings = '')
       OR (', ' + toLower(settings) + ', ') CONTAINS (', ' + toLower($setting) + ', '))
RETURN r.model AS model, r.value AS value, r.unit AS unit, settings, own, p.id AS paper, p.date AS date, p.title AS title,
       r.sentence AS evidence
ORDER BY settings, CASE WHEN coalesce(m.lower_is_better, false) THEN r.value ELSE -r.value END, paper, r.raw
