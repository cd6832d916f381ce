// question: Which datasets, metrics, methods and models make up one co-usage community, the most central first?
// params: community
// community: the number `communities` lists. At most 50 members; ties by name.
MATCH (e)
WHERE e.community IS NOT NULL AND toString(e.community) = $community
RETURN labels(e)[0] AS type, e.name AS name, e.papers AS papers, e.centrality AS centrality
ORDER BY centrality DESC, name, type
LIMIT 50
