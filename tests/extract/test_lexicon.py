import pytest
from pydantic import ValidationError

from nlp_coder.extract.lexicon import LABELS, LexEntry, load_lexicon
from nlp_coder.schema import Kind, Modality, Parameter


def test_lexicon_loads_and_ids_are_unique():
    lex = load_lexicon()
    assert len(lex) > 100
    assert all(e.label in LABELS for e in lex.values())


def test_attrs_match_the_schema_enums():
    kinds, mods, params = {k.value for k in Kind}, {m.value for m in Modality}, {p.value for p in Parameter}
    for e in load_lexicon().values():
        if "kind" in e.attrs:
            assert e.attrs["kind"] in kinds, e.key
        if "modality" in e.attrs:
            assert e.attrs["modality"] in mods, e.key
        if e.label == "PARAMETER":
            assert e.attrs["parameter"] in params, e.key
        if e.label == "CONTEXT":
            assert e.attrs["category"] in {"negated", "planned", "goal", "home_program", "historical", "pseudo", "terminate"}
        if e.label == "SECTION":
            assert e.attrs["category"]


def test_entries_are_validated():
    with pytest.raises(ValidationError):
        LexEntry(id="x", label="NOPE", phrases=("a",))
    with pytest.raises(ValidationError):
        LexEntry(id="x", label="ACTIVITY", phrases=())
    with pytest.raises(ValidationError):
        LexEntry(id="x", label="ACTIVITY", phrases=(" ",), surprise=1)
