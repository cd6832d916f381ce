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
    canonicalId: URIRef  # noqa: N815
    # statistics the embedded store keeps (kg.stores.rdf)
    paperCount: URIRef  # noqa: N815
    modelPaperCounts: URIRef  # noqa: N815
    statsPending: URIRef  # noqa: N815


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

# Property name (Neo4j, GraphML, CSV) -> RDF predicate and XSD datatype.
PROPERTIES: dict[str, tuple[URIRef, URIRef | None]] = {
    "key": (KG.key, None),
    "id": (DCTERMS.identifier, None),
    "title": (SDO.name, None),
    "name": (SDO.name, None),
    "abstract": (SDO.abstract, None),
    "date": (SDO.datePublished, None),
    "url": (SDO.url, None),
    "authors": (SDO.author, None),
    "author_count": (KG.authorCount, XSD.integer),
    "categories": (SDO.keywords, None),
    "upvotes": (KG.upvotes, XSD.integer),
    "source": (KG.sourceLocation, None),
    "content_hash": (KG.contentHash, None),
    "aliases": (KG.alias, None),
    "value": (SDO.value, XSD.double),
    "unit": (SDO.unitText, None),
    "kind": (KG.resultKind, None),
    "metric": (KG.metricName, None),
    "dataset": (KG.datasetName, None),
    "model": (KG.modelName, None),
    "baseline": (KG.baselineName, None),
    "raw": (KG.rawText, None),
    "raw_start": (KG.rawStart, XSD.integer),
    "raw_end": (KG.rawEnd, XSD.integer),
    "type": (KG.claimType, None),
    "subject": (KG.subjectName, None),
    "object": (KG.objectName, None),
    "sentence": (KG.sentence, None),
    "start": (KG.start, XSD.integer),
    "end": (KG.end, XSD.integer),
    "mentions": (KG.mentionCount, XSD.integer),
    "confidence": (KG.confidence, XSD.double),
    "extractor": (KG.extractor, None),
    "paper": (KG.paper, None),
    "lower_is_better": (KG.lowerIsBetter, XSD.boolean),
    "canonical_name": (SKOS.prefLabel, None),
    "canonical_id": (KG.canonicalId, None),
}

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
    # the embedded store's paper-count graphs, one per entity label (kg.stores.rdf)
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
