"""The one closed vocabulary of the graph, shared by the RDF and Neo4j stores.

Standard terms first (schema.org, DCTERMS, PROV-O, RDF reification); our own
`KG` namespace only for what those lack. The same module maps every node label,
relationship type and property to its RDF term, so Cypher labels and SPARQL
IRIs come from one place.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS, VOID, DefinedNamespace

from kg.core.ids import BASE
from kg.core.model import METRIC_SOURCES, RESULT_KINDS, SETTING_KINDS, SPLITS


class KG(DefinedNamespace):
    """PaperKG's own terms; a misspelt term raises AttributeError."""

    _fail = True
    _NS = Namespace(BASE + "vocab#")

    # classes
    Model: URIRef
    Method: URIRef
    Dataset: URIRef
    Metric: URIRef
    Task: URIRef
    Result: URIRef
    Claim: URIRef
    # relations
    proposes: URIRef
    uses: URIRef
    evaluatesOn: URIRef  # noqa: N815 (RDF naming)
    addresses: URIRef
    reports: URIRef
    ofModel: URIRef  # noqa: N815
    onDataset: URIRef  # noqa: N815
    measures: URIRef
    outperforms: URIRef
    makes: URIRef
    winner: URIRef
    loser: URIRef
    # literal properties
    key: URIRef
    authorCount: URIRef  # noqa: N815
    upvotes: URIRef
    sourceLocation: URIRef  # noqa: N815
    contentHash: URIRef  # noqa: N815
    alias: URIRef
    resultKind: URIRef  # noqa: N815
    metricName: URIRef  # noqa: N815
    datasetName: URIRef  # noqa: N815
    modelName: URIRef  # noqa: N815
    baselineName: URIRef  # noqa: N815
    rawText: URIRef  # noqa: N815
    rawStart: URIRef  # noqa: N815
    rawEnd: URIRef  # noqa: N815
    claimType: URIRef  # noqa: N815
    subjectName: URIRef  # noqa: N815
    objectName: URIRef  # noqa: N815
    sentence: URIRef
    start: URIRef
    end: URIRef
    mentionCount: URIRef  # noqa: N815
    confidence: URIRef
    extractor: URIRef
    paper: URIRef
    lowerIsBetter: URIRef  # noqa: N815
    ownResult: URIRef  # noqa: N815
    metricSource: URIRef  # noqa: N815
    setting: URIRef
    protocol: URIRef
    split: URIRef
    subset: URIRef
    resolution: URIRef
    canonicalId: URIRef  # noqa: N815
    # statistics the embedded store keeps (kg.stores.statistics) and its bulk-load journal (kg.stores.rdf_load)
    paperCount: URIRef  # noqa: N815
    modelPaperCounts: URIRef  # noqa: N815
    statsPending: URIRef  # noqa: N815
    bulkLoading: URIRef  # noqa: N815
    # analytics that `kg analyze` writes (kg.analyze)
    CoUsage: URIRef
    QuarterUsage: URIRef
    communityId: URIRef  # noqa: N815
    communityName: URIRef  # noqa: N815
    centrality: URIRef
    centralityRank: URIRef  # noqa: N815
    entity: URIRef
    neighbour: URIRef
    papers: URIRef
    score: URIRef
    rank: URIRef
    tiePaper: URIRef  # noqa: N815
    quarter: URIRef


# Node label (Neo4j) -> RDF class.
NODE_CLASSES: dict[str, URIRef] = {
    "Paper": SDO.ScholarlyArticle,
    "Model": KG.Model,
    "Method": KG.Method,
    "Dataset": KG.Dataset,
    "Metric": KG.Metric,
    "Task": KG.Task,
    "Result": KG.Result,
    "Claim": KG.Claim,
}
ENTITY_LABELS: tuple[str, ...] = ("Model", "Method", "Dataset", "Metric", "Task")

# Relationship type (Neo4j) -> RDF predicate.
RELATIONS: dict[str, URIRef] = {
    "PROPOSES": KG.proposes,
    "USES": KG.uses,
    "EVALUATES_ON": KG.evaluatesOn,
    "ADDRESSES": KG.addresses,
    "REPORTS": KG.reports,
    "OF_MODEL": KG.ofModel,
    "ON_DATASET": KG.onDataset,
    "MEASURES": KG.measures,
    "OUTPERFORMS": KG.outperforms,
    "MAKES": KG.makes,
    "WINNER": KG.winner,
    "LOSER": KG.loser,
}

# Properties whose literals are typed, by XSD datatype; every other property is a plain string.
_DATATYPES: dict[str, URIRef] = {
    **dict.fromkeys(("author_count", "upvotes", "raw_start", "raw_end", "start", "end", "mentions",
                     "community", "centrality_rank", "papers", "rank"), XSD.integer),
    **dict.fromkeys(("value", "confidence", "centrality", "score"), XSD.double),
    **dict.fromkeys(("lower_is_better", "own"), XSD.boolean),
}


def _typed(predicates: dict[str, URIRef]) -> dict[str, tuple[URIRef, URIRef | None]]:
    """Property name -> (RDF predicate, XSD datatype, None for a plain string)."""
    return {name: (predicate, _DATATYPES.get(name)) for name, predicate in predicates.items()}


# Property name (Neo4j, GraphML, CSV) -> RDF predicate and XSD datatype.
PROPERTIES: dict[str, tuple[URIRef, URIRef | None]] = _typed({
    "key": KG.key,
    "id": DCTERMS.identifier,
    "title": SDO.name,
    "name": SDO.name,
    "abstract": SDO.abstract,
    "date": SDO.datePublished,
    "url": SDO.url,
    "authors": SDO.author,
    "author_count": KG.authorCount,
    "categories": SDO.keywords,
    "upvotes": KG.upvotes,
    "source": KG.sourceLocation,
    "content_hash": KG.contentHash,
    "aliases": KG.alias,
    "value": SDO.value,
    "unit": SDO.unitText,
    "kind": KG.resultKind,
    "metric": KG.metricName,
    "dataset": KG.datasetName,
    "model": KG.modelName,
    "baseline": KG.baselineName,
    "raw": KG.rawText,
    "raw_start": KG.rawStart,
    "raw_end": KG.rawEnd,
    "type": KG.claimType,
    "subject": KG.subjectName,
    "object": KG.objectName,
    "sentence": KG.sentence,
    "start": KG.start,
    "end": KG.end,
    "mentions": KG.mentionCount,
    "confidence": KG.confidence,
    "extractor": KG.extractor,
    "paper": KG.paper,
    "lower_is_better": KG.lowerIsBetter,
    "own": KG.ownResult,
    "metric_source": KG.metricSource,
    "setting": KG.setting,
    "protocol": KG.protocol,
    "split": KG.split,
    "subset": KG.subset,
    "resolution": KG.resolution,
    "canonical_name": SKOS.prefLabel,
    "canonical_id": KG.canonicalId,
})

# Datasets, metrics and tasks of the shipped vocabularies (`kg.core.taxonomy`) link to their concept
# by skos:exactMatch: `https://w3id.org/paperkg/taxonomy/<type>/<canonical id>`, the id being the
# Papers-with-Code style slug ("dataset/wikitext-103"). Ours, under w3id, so it stays resolvable
# whatever becomes of paperswithcode.com.
TAXONOMY = Namespace(BASE + "taxonomy/")
EXACT_MATCH = SKOS.exactMatch


def taxonomy_iri(label: str, canonical_id: str) -> URIRef:
    """The stable IRI of a vocabulary concept, the object of an entity's skos:exactMatch.

    Examples:
        >>> str(taxonomy_iri("Dataset", "wikitext-103"))
        'https://w3id.org/paperkg/taxonomy/dataset/wikitext-103'
    """
    return TAXONOMY[f"{label.lower()}/{canonical_id}"]

# Properties that hold a list (several RDF objects, a Neo4j list property).
LIST_PROPERTIES: frozenset[str] = frozenset({"authors", "categories", "aliases"})

# Metrics for which a lower value is better; leaderboards sort ascending for them.
LOWER_IS_BETTER_WORDS: tuple[str, ...] = (
    "perplexity", "ppl", "error", "loss", "latency", "wer", "cer", "bits", "bpd", "bpc",
    "fid", "mae", "mse", "rmse", "time", "memory", "distance", "eer", "nll", "ece",
)

PREFIXES: dict[str, Namespace | str] = {
    "kg": KG._NS,
    "schema": Namespace(str(SDO)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "void": Namespace(str(VOID)),
    "skos": Namespace(str(SKOS)),
    # the embedded store's paper-count graphs, one per entity label (kg.stores.statistics)
    "stats": Namespace(BASE + "graph/stats/"),
}


def lower_is_better(metric: str) -> bool:
    """Whether a smaller value of this metric is a better result.

    Examples:
        >>> lower_is_better("Perplexity"), lower_is_better("word error rate"), lower_is_better("mIoU")
        (True, True, False)
    """
    words = metric.lower()
    return any(w in words for w in LOWER_IS_BETTER_WORDS)


# --- the graph's contract: what each node and relationship carries ------------------------------
# The SHACL shapes (kg.shapes, shipped as kg/shapes/paperkg.ttl) and the Neo4j constraints
# (kg.stores.neo4j) are both made from these tables, so neither can drift from the vocabulary.

Cardinality = tuple[int, int | None]  # (least, most; None: no upper bound)
ONE: Cardinality = (1, 1)
OPTIONAL: Cardinality = (0, 1)
MANY: Cardinality = (0, None)

_ENTITY_PROPERTIES: dict[str, Cardinality] = {"key": ONE, "name": ONE, "aliases": MANY}
# Datasets, metrics and tasks of the shipped vocabularies (kg.core.taxonomy) carry the concept's name and
# id, and in RDF a skos:exactMatch to its IRI (`taxonomy_iri`).
TAXONOMY_LABELS: tuple[str, ...] = ("Dataset", "Metric", "Task")
_CONCEPT: dict[str, Cardinality] = {"canonical_name": OPTIONAL, "canonical_id": OPTIONAL}
_PROVENANCE: dict[str, Cardinality] = {"sentence": ONE, "start": ONE, "end": ONE, "confidence": ONE,
                                       "extractor": ONE, "paper": ONE}

# Node label -> the properties its nodes carry, with how many values each may have.
NODE_PROPERTIES: dict[str, dict[str, Cardinality]] = {
    "Paper": {"key": ONE, "id": ONE, "title": ONE, "abstract": ONE, "date": OPTIONAL, "url": OPTIONAL,
              "authors": MANY, "author_count": OPTIONAL, "categories": MANY, "upvotes": OPTIONAL,
              "source": OPTIONAL, "content_hash": ONE},
    "Model": _ENTITY_PROPERTIES,
    "Method": _ENTITY_PROPERTIES,
    "Dataset": {**_ENTITY_PROPERTIES, **_CONCEPT},
    "Metric": {**_ENTITY_PROPERTIES, **_CONCEPT, "lower_is_better": ONE},
    "Task": {**_ENTITY_PROPERTIES, **_CONCEPT},
    "Result": {"key": ONE, "value": ONE, "unit": ONE, "kind": ONE, "metric": OPTIONAL, "dataset": OPTIONAL,
               "model": OPTIONAL, "baseline": OPTIONAL, "metric_source": OPTIONAL, "raw": ONE, "raw_start": ONE, "raw_end": ONE,
               "own": ONE, "setting": ONE, **dict.fromkeys(SETTING_KINDS, OPTIONAL), **_PROVENANCE},
    "Claim": {"key": ONE, "type": ONE, "subject": ONE, "object": ONE, **_PROVENANCE},
}

# The closed sets some properties draw from.
VALUE_SETS: dict[str, tuple[str, ...]] = {"kind": RESULT_KINDS, "type": ("outperforms",), "split": SPLITS,
                                          "metric_source": METRIC_SOURCES}

_MODELS = ("Model", "Method")
# Relationship type -> (source labels, target labels).
RELATION_ENDPOINTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "PROPOSES": (("Paper",), ENTITY_LABELS),
    "USES": (("Paper",), ("Model", "Method", "Metric")),
    "EVALUATES_ON": (("Paper",), ("Dataset",)),
    "ADDRESSES": (("Paper",), ("Task",)),
    "REPORTS": (("Paper",), ("Result",)),
    "OF_MODEL": (("Result",), _MODELS),
    "ON_DATASET": (("Result",), ("Dataset",)),
    "MEASURES": (("Result",), ("Metric",)),
    "OUTPERFORMS": (_MODELS, _MODELS),
    "MAKES": (("Paper",), ("Claim",)),
    "WINNER": (("Claim",), _MODELS),
    "LOSER": (("Claim",), _MODELS),
}
# How many relationships of a type a node has, where that is bounded: (label, type) -> count.
OUTGOING: dict[tuple[str, str], Cardinality] = {
    ("Result", "OF_MODEL"): OPTIONAL, ("Result", "ON_DATASET"): OPTIONAL, ("Result", "MEASURES"): OPTIONAL,
    ("Claim", "WINNER"): ONE, ("Claim", "LOSER"): ONE,
}
# Results and claims belong to exactly one paper.
INCOMING: dict[tuple[str, str], Cardinality] = {("Result", "REPORTS"): ONE, ("Claim", "MAKES"): ONE}

# Paper -> entity relationships carry provenance: relationship properties in Neo4j, a
# statement reifying the triple in RDF (rdf:subject, rdf:predicate, rdf:object).
MENTION_TYPES: tuple[str, ...] = ("PROPOSES", "USES", "EVALUATES_ON", "ADDRESSES")
MENTION_PROPERTIES: dict[str, Cardinality] = {
    "name": ONE, "sentence": OPTIONAL, "start": OPTIONAL, "end": OPTIONAL, "mentions": ONE,
    "confidence": ONE, "extractor": ONE, "paper": ONE,
}
# What a mention's RDF statement leaves out because its triple says it: its paper is the
# statement's rdf:subject (`kg.core.rdf` reads it back from there). Nor is the statement typed
# rdf:Statement: having rdf:subject makes it one. Both were 10% of a store's quads.
IMPLIED_BY_SUBJECT: frozenset[str] = frozenset({"paper"})

# --- analytics (`kg analyze`): kept apart from the extracted facts --------------------------------
# In RDF they live in a named graph of their own (kg.stores.rdf_analytics ANALYTICS_GRAPH_IRI), in Neo4j they
# are node properties and CO_USED_WITH relationships; exports leave them out.

ANALYZED_LABELS: tuple[str, ...] = ("Dataset", "Metric", "Method", "Model")
# Property name -> (RDF predicate, XSD datatype), as PROPERTIES.
ANALYTICS_PROPERTIES: dict[str, tuple[URIRef, URIRef | None]] = _typed({
    "community": KG.communityId,
    "community_name": KG.communityName,
    "centrality": KG.centrality,
    "centrality_rank": KG.centralityRank,
    "papers": KG.papers,
    "score": KG.score,
    "rank": KG.rank,
    "quarter": KG.quarter,
})
# What an analysed entity may carry: entities outside the co-usage graph carry none, and one
# without a co-usage tie is in no community.
ENTITY_ANALYTICS: dict[str, Cardinality] = {
    "papers": OPTIONAL, "community": OPTIONAL, "community_name": OPTIONAL, "centrality": OPTIONAL,
    "centrality_rank": OPTIONAL,
}
# Neo4j: an entity's figures per quarter as three parallel lists; nearest neighbours as relationships.
QUARTER_LISTS: tuple[str, ...] = ("quarters", "quarter_papers", "quarter_centrality")
ANALYTICS_NODE_PROPERTIES: frozenset[str] = frozenset(ENTITY_ANALYTICS) | frozenset(QUARTER_LISTS)
CO_USAGE_RELATION = "CO_USED_WITH"
# Links from analytics nodes: name -> (RDF predicate, target labels).
ANALYTICS_LINKS: dict[str, tuple[URIRef, tuple[str, ...]]] = {
    "entity": (KG.entity, ANALYZED_LABELS),
    "neighbour": (KG.neighbour, ANALYZED_LABELS),
    "tie_papers": (KG.tiePaper, ("Paper",)),
}
MAX_TIE_PAPERS = 3
# Analytics node classes (RDF only; Neo4j keeps the same figures on relationships and nodes).
ANALYTICS_CLASSES: dict[str, URIRef] = {"CoUsage": KG.CoUsage, "QuarterUsage": KG.QuarterUsage}
ANALYTICS_NODES: dict[str, dict[str, Cardinality]] = {
    # one of an entity's nearest neighbours by co-usage (Neo4j: a CO_USED_WITH relationship)
    "CoUsage": {"entity": ONE, "neighbour": ONE, "papers": ONE, "score": ONE, "rank": ONE,
                "tie_papers": (1, MAX_TIE_PAPERS)},
    # an entity's figures in one quarter (Neo4j: the lists quarters, quarter_papers, quarter_centrality)
    "QuarterUsage": {"entity": ONE, "quarter": ONE, "papers": ONE, "centrality": ONE},
}
QUARTER_PATTERN = r"^[0-9]{4}Q[1-4]$"
