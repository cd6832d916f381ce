// question: Every fact extracted from one paper, with the sentence, character offsets, extractor and confidence that back it.
// params: paper
MATCH (p:Paper {id: $paper})
CALL (p) {
  MATCH (p)-[rel:PROPOSES|USES|EVALUATES_ON|ADDRESSES]->(e)
  RETURN type(rel) AS fact, e.name AS target, rel.sentence AS sentence, rel.start AS start, rel.end AS end,
         rel.extractor AS extractor, rel.confidence AS confidence
  UNION ALL
  MATCH (p)-[:REPORTS]->(r:Result)
  RETURN 'REPORTS' AS fact, r.raw AS target, r.sentence AS sentence, r.raw_start AS start, r.raw_end AS end,
         r.extractor AS extractor, r.confidence AS confidence
  UNION ALL
  MATCH (p)-[:MAKES]->(c:Claim)
  RETURN 'MAKES' AS fact, c.subject + ' > ' + c.object AS target, c.sentence AS sentence, c.start AS start,
         c.end AS end, c.extractor AS extractor, c.confidence AS confidence
}
RETURN fact, target, sentence, start, end, extractor, confidence
ORDER BY start, fact, target
