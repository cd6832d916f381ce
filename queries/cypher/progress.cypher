// question: Progress over time on a dataset for a metric: the best-so-far result at each paper date, one row per step in date order (a result is a step when it beats every earlier one; lower is better for perplexity, error, loss, latency, ...); a paper's own results only unless quoted=yes.
// params: dataset, metric, setting=any, quoted=no
// setting and quoted as in `leaderboard`; papers without a date are left out. On one date only the
// best result can be a step; equal values keep the first paper (by id).
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:ON_DATASET]->(:Dataset {key: $dataset_key}),
      (r)-[:MEASURES]->(m:Metric {key: $metric_key})
WITH p, r, m, coalesce(r.own, true) AS own, coalesce(r.setting, '') AS settings
WHERE r.kind = 'absolute' AND p.date IS NOT NULL AND (own OR $quoted = 'yes')
  AND ($setting = 'any' OR ($setting = 'none' AND settings = '')
       OR (', ' + toLower(settings) + ', ') CONTAINS (', ' + toLower($setting) + ', '))
WITH coalesce(m.lower_is_better, false) AS lower,
     collect({date: p.date, value: r.value, unit: r.unit, model: r.model, settings: settings, own: own,
              paper: p.id, title: p.title, evidence: r.sentence, key: r.key}) AS results
UNWIND results AS x
WITH x, lower, results
WHERE NONE(y IN results WHERE y.key <> x.key
           AND (CASE WHEN lower THEN y.value <= x.value ELSE y.value >= x.value END)
           AND (y.date < x.date OR y.date = x.date
                AND ((CASE WHEN lower THEN y.value < x.value ELSE y.value > x.value END) OR y.paper < x.paper
                     OR y.paper = x.paper AND y.key < x.key)))
RETURN x.date AS date, x.value AS value, x.unit AS unit, x.model AS model, x.settings AS settings, x.own AS own,
       x.paper AS paper, x.title AS title, x.evidence AS evidence
ORDER BY date, paper, x.key
