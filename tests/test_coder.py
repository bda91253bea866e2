"""One record per input, whatever the input (contract: a bulk run never stops)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_coder.coder import Coder, validate_record

CODER = Coder()


def code_one(raw):
    out = CODER.code_records([(7, raw)])
    assert len(out) == 1
    json.loads(out[0].to_json())  # always serialisable
    return out[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_gives_exactly_one_record(text):
    res = code_one({"id": "n", "text": text})
    if text.strip():
        assert res.error is None or res.error.type == "too_large"
    else:
        assert res.error.type == "empty_text"


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_junk_decoded_leniently_gives_one_record(blob):
    res = code_one({"id": "b", "text": blob.decode("latin-1")})
    assert res.id == "b"


def test_one_megabyte_note():
    text = ("Ther ex 15 min: SLR 3x10 for quad strength. " * 25000)[:1_000_000]
    res = code_one({"id": "big", "text": text})
    assert res.error is None


def test_bad_records_become_input_errors_with_line_ids():
    cases = {
        "not_an_object": ["a list"],
        "missing_text": {"id": "x"},
        "empty_text": {"id": "x", "text": "   "},
        "missing_id": {"text": "TE 15 min"},
        "invalid_field": {"id": "x", "text": "TE", "date_of_service": "yesterday"},
    }
    for expected, raw in cases.items():
        res = code_one(raw)
        assert res.error is not None and res.error.type == expected, (expected, res.error)
        assert [f.id for f in res.findings] == ["INPUT_ERROR"]
        assert res.lines == []
    assert code_one({"text": "x"}).id == "line-7"


def test_too_large_note_is_refused_by_limit():
    res = validate_record({"id": "x", "text": "a" * 11}, 1, max_chars=10)
    assert res.error.type == "too_large"


def test_meta_carries_extra_fields_untouched():
    res = code_one({"id": "m", "text": "Ther ex 10 min", "clinic": {"site": 4}, "mrn_hash": "ab"})
    assert res.meta == {"clinic": {"site": 4}, "mrn_hash": "ab"}


def test_same_note_same_bytes():
    rec = {"id": "d", "text": "PT note. TherEx 23 min: SLR, bridges for hip strength. Manual 8 min STM. J Doe PT"}
    assert code_one(rec).to_json() == code_one(dict(rec)).to_json()
