"""The clinical tokenizer equals spaCy's English tokenizer except where the shorthand rules say so."""

import re

import pytest
import spacy

from nlp_coder.extract.tokenizer import SHORTHAND_RE, create_clinical_tokenizer

TEXTS = [
    "TE 15': LAQ 3x10 2#, SAQ 3x10, heel slides 2x15, recumb bike 6' -- quad strengthening",
    "NMR x 12 min - SLS on foam, VC/TC for neutral spine, 1:1",
    "97530 - 20 min sit<->stand, bed<->w/c transfers, s/p R TKA, c/o pain w/ stairs, w/o AD",
    "10:05-10:20 NMR: L hemi, STS x5; 0800-1035 work conditioning",
    "S: Pt can't sleep.\nO: won't tolerate\tHP\r\nA: 4-/5, 3+/5 (R 61#).\xa0P: cont POC",
    "\nLeading newline and  double  spaces\n\n\nand tabs\t\there. Dr. Smith, PT, DPT",
    "Ionto 40 mA-min via Dupel; US 1 MHz 1.0 W/cm2 x8'; e-stim (premod) 12'",
    "http://example.com 5-108 x2 x12 S/P C/O B/L h/o d/c f/u 3X10 X5",
    "",
    " ",
    "!!!???",
]

# Each shorthand rule and the default tokens it replaces.
EXPECTED = {
    "3x10": ["3", "x", "10"],
    "x12": ["x", "12"],
    "s/p": ["s/p"],
    "c/o": ["c/o"],
    "w/o": ["w/o"],
    "-Gait": ["-", "Gait"],
    "•TE": ["•", "TE"],
}


@pytest.fixture(scope="module")
def tokenizers():
    default = spacy.blank("en")
    ours = spacy.blank("en")
    ours.tokenizer = create_clinical_tokenizer()(ours)
    return default, ours


def _boundaries(doc):
    return {t.idx for t in doc} | {t.idx + len(t.text) for t in doc}


def _check(default_doc, our_doc, text):
    assert our_doc.text == text
    diff = _boundaries(default_doc) ^ _boundaries(our_doc)
    for pos in diff:
        # every differing boundary lies inside a shorthand match
        chunk_start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
        chunk_end = min([i for i in (text.find(" ", pos), text.find("\n", pos)) if i >= 0] or [len(text)])
        chunk = text[chunk_start:chunk_end]
        assert any(m.start() <= pos - chunk_start <= m.end() for m in SHORTHAND_RE.finditer(chunk)), (text, pos, chunk)
    # tokens at the same offsets have the same text and whitespace
    ours = {t.idx: (t.text, t.whitespace_) for t in our_doc}
    for t in default_doc:
        if t.idx in ours and ours[t.idx][0] == t.text:
            assert ours[t.idx][1] == t.whitespace_


@pytest.mark.parametrize("text", TEXTS)
def test_equal_to_default_except_shorthand(tokenizers, text):
    default, ours = tokenizers
    _check(default(text), ours(text), text)


def test_equal_on_real_notes(tokenizers, real_notes):
    default, ours = tokenizers
    for r in real_notes:
        _check(default(r["text"]), ours(r["text"]), r["text"])


@pytest.mark.parametrize("chunk,expected", EXPECTED.items())
def test_shorthand_rules(tokenizers, chunk, expected):
    _default, ours = tokenizers
    assert [t.text for t in ours(f"pt {chunk} ok")][1:-1] == expected


def test_intended_differences_exactly(tokenizers):
    default, ours = tokenizers
    text = "LAQ 3x10 x12' s/p c/o w/o w/c"
    assert [t.text for t in default(text)] == ["LAQ", "3x10", "x12", "'", "s", "/", "p", "c", "/", "o", "w/o", "w", "/", "c"]
    assert [t.text for t in ours(text)] == ["LAQ", "3", "x", "10", "x", "12", "'", "s/p", "c/o", "w/o", "w/c"]


def test_whitespace_special_cases_removed(tokenizers):
    _default, ours = tokenizers
    for ws in ("\n", "\t", " ", "\xa0"):
        assert ws not in ours.tokenizer.rules
    assert "can't" in ours.tokenizer.rules  # contractions stay


def test_registered_in_config():
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_coder.tokenizer.v1"}}})
    assert [t.text for t in nlp("3x10 s/p")] == ["3", "x", "10", "s/p"]
    assert nlp("TE 15'").user_data["nlp_coder.text"] == "TE 15'"


def test_shorthand_re_is_a_regex():
    assert isinstance(SHORTHAND_RE, re.Pattern)


def test_long_runs_are_cut_not_split_by_affixes(tokenizers):
    """Intended difference: a whitespace-free run of 500+ characters is cut into 100-character tokens."""
    _default, ours = tokenizers
    text = "ab " + "!?." * 400 + " cd\n" + "y" * 600 + "\nTE 15'"
    doc = ours(text)
    assert doc.text == text
    assert [len(t) for t in doc][1:13] == [100] * 12
    assert [t.text for t in doc][-3:] == ["TE", "15", "'"]
