"""The tool against the annotated corpus.

The held-out split was written by a separate annotator from the guidelines
only, frozen (its sha256 is committed) and never used to tune the rules:
it is the honest measure of how the tool does on notes it was not written
from.

The issue-3 targets are code F1 >= 0.95, line F1 >= 0.92, finding F1 >= 0.85.
The finding target is met and asserted as such; the code and line targets are
NOT met yet (measured 0.895 / 0.871 / 0.874, see the README): their floors are
regression guards just under the measured level, so a change that makes the
held-out split worse fails; raise them as the tool improves.
"""

import hashlib
from pathlib import Path

import pytest

from nlp_coder.coder import Coder
from nlp_coder.evaluate import read_gold, score

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def evaluate(split: str) -> dict:
    records = list(read_gold(CORPUS / f"{split}.jsonl"))
    results = Coder().code_records([(i, r.note_fields()) for i, r in enumerate(records, 1)])
    return score(zip(records, results)).as_dict()


def test_heldout_split_is_frozen():
    digest = hashlib.sha256((CORPUS / "heldout.jsonl").read_bytes()).hexdigest()
    assert (CORPUS / "heldout.sha256").read_text().split()[0] == digest


def test_splits_do_not_share_notes():
    seen: dict[str, str] = {}
    for split in ("train", "train-b", "train-c", "train-d", "dev", "heldout"):
        for rec in read_gold(CORPUS / f"{split}.jsonl"):
            assert rec.text not in seen, f"{rec.id} repeats a note of {seen.get(rec.text)}"
            seen[rec.text] = rec.id
    assert len(seen) >= 150


@pytest.fixture(scope="module")
def heldout() -> dict:
    return evaluate("heldout")


def test_heldout_code_f1(heldout):
    assert heldout["codes"]["f1"] >= 0.89, heldout["codes"]


def test_heldout_line_f1(heldout):
    assert heldout["lines"]["f1"] >= 0.865, heldout["lines"]


def test_heldout_finding_f1(heldout):
    assert heldout["findings"]["f1"] >= 0.85, heldout["findings"]
