// question: Which datasets, methods and models are the most central in the co-usage graph, ten of each?
// params: none
// Written by `kg analyze`: centrality is PageRank over the co-usage graph, rank 1 the most central
// of its type. Empty until `kg analyze` has run.
MATCH (e)
WHERE e.centrality_rank <= 10 AND (e:Dataset OR e:Method OR e:Model)
RETURN labels(e)[0] AS type, e.centrality_rank AS rank, e.name AS name, e.centrality AS centrality,
       e.papers AS papers, e.community_name AS community
ORDER BY type, rank
