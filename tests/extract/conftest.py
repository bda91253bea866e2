import json
from pathlib import Path

import pytest

from nlp_coder.extract.facts import doc_to_facts
from nlp_coder.extract.pipeline import build_nlp
from nlp_coder.schema import NoteIn

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    return build_nlp()


@pytest.fixture(scope="session")
def facts_of(nlp):
    def run(text, **fields):
        note = NoteIn(id=fields.pop("id", "t-1"), text=text, **fields)
        return doc_to_facts(nlp(text), note)

    return run


@pytest.fixture(scope="session")
def real_notes():
    path = FIXTURES / "real-notes.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def coder():
    """One Coder for the decision tests (tests/extract/coded.py has the helpers that read its results)."""
    from nlp_coder.coder import Coder

    return Coder()
