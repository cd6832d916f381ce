// question: Improvements and speed-ups: every delta (a gain or a drop, e.g. "+2.1 F1 over BERT") or ratio ("3x faster") reported for a metric, with the baseline it is measured against when the paper names it; largest first.
// params: metric
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:MEASURES]->(:Metric {key: $metric_key})
WHERE r.kind <> 'absolute'
RETURN r.model AS model, r.kind AS kind, r.value AS value, r.unit AS unit, r.baseline AS baseline,
       r.dataset AS dataset, p.id AS paper, p.title AS title, r.sentence AS evidence
ORDER BY kind, value DESC, paper, r.raw
