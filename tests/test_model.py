"""kg.core.model: the records, and the one way they are written to and read from JSON."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kg.core.model import Attribute, Claim, Entity, Evidence, Extraction, Mention, Paper, Result

EVERY_FIELD = Extraction(
    paper=Paper("2501.00001", "QuuxNet: a title", "QuuxNet gains 2.3 F1 over RoBERTa on SQuAD with 8B parameters.",
                authors=("Ada L.", "Alan T."), author_count=2, date="2025-01-02", url="https://arxiv.org/abs/2501.00001",
                categories=("cs.CL",), upvotes=7, source="in.jsonl:3"),
    entities=(
        Entity("QuuxNet", "Model", "quuxnet", (Mention(0, 7, "QuuxNet"),), proposed=True, confidence=0.9,
               extractor="kg_names"),
        Entity("SQuAD", "Dataset", "squad", (Mention(41, 46, "SQuAD"),), canonical_name="SQuAD",
               canonical_id="squad"),
    ),
    results=(Result(2.3, "points", "delta", "F1", "SQuAD", "QuuxNet", "2.3", 14, 17,
                    Evidence("QuuxNet gains 2.3 F1 over RoBERTa on SQuAD with 8B parameters.", 0, 63),
                    confidence=0.7, extractor="kg_results", baseline="RoBERTa", own=False,
                    setting=(("protocol", "fine-tuned"), ("split", "dev")), metric_source="text"),),
    claims=(Claim("QuuxNet", "RoBERTa", Evidence("QuuxNet gains 2.3 F1 over RoBERTa on SQuAD.", 0, 63)),),
    attributes=(Attribute("parameters", 8e9, "8B", 52, 54, subject="QuuxNet"),),
    sentences=((0, 63),),
    extractor_version="9.9.9",
)


def test_model_record_has_the_scorer_shape():
    record = EVERY_FIELD.to_dict()
    assert list(record) == ["paper", "entities", "results", "claims", "attributes", "extractor"]
    assert record["results"][0] | {"text": "..."} == {
        "metric": "F1", "value": 2.3, "unit": "points", "kind": "delta", "dataset": "SQuAD", "model": "QuuxNet",
        "baseline": "RoBERTa", "own": False, "setting": {"protocol": "fine-tuned", "split": "dev"}, "metric_source": "text", "raw": "2.3", "raw_start": 14, "raw_end": 17, "text": "...", "start": 0, "end": 63,
        "confidence": 0.7, "extractor": "kg_results"}
    assert record["entities"][1]["canonical_id"] == "squad" and "canonical_id" not in record["entities"][0]
    assert record["extractor"] == {"name": "paperkg", "version": "9.9.9"}


@pytest.mark.parametrize("sentences", [False, True])
def test_model_extraction_survives_json(sentences):
    record = json.loads(json.dumps(EVERY_FIELD.to_dict(sentences=sentences)))
    back = Extraction.from_dict(record)
    assert back == (EVERY_FIELD if sentences else replace(EVERY_FIELD, sentences=()))
    assert back.results[0].baseline == "RoBERTa" and back.entities[1].canonical_name == "SQuAD"
    assert back.results[0].own is False and back.results[0].setting_label == "fine-tuned, dev"


def test_model_paper_drops_empty_metadata_and_reads_it_back():
    paper = Paper("p", "T", "A.")
    assert paper.to_dict() == {"id": "p", "title": "T", "abstract": "A."}
    assert Paper.from_dict(paper.to_dict()) == paper
