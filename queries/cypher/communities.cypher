// question: Which communities do the datasets, metrics, methods and models used together fall into, largest first?
// params: none
// Written by `kg analyze`: Louvain communities of the co-usage graph, each named by its top members.
MATCH (e)
WHERE e.community IS NOT NULL
WITH e.community AS community, count(*) AS members, min(e.community_name) AS name
RETURN community, name, members
ORDER BY members DESC, community
LIMIT 25
