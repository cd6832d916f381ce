// question: How many papers used each of the five most central datasets, methods and models, quarter by quarter?
// params: none
// Written by `kg analyze`: the parallel lists quarters, quarter_papers and quarter_centrality.
MATCH (e)
WHERE e.centrality_rank <= 5 AND (e:Dataset OR e:Method OR e:Model)
UNWIND range(0, size(e.quarters) - 1) AS i
RETURN labels(e)[0] AS type, e.centrality_rank AS rank, e.name AS name, e.quarters[i] AS quarter,
       e.quarter_papers[i] AS papers, e.quarter_centrality[i] AS centrality
ORDER BY type, rank, quarter
