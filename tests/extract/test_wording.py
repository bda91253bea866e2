"""The word lists of the reading rules (patterns/wording.json): validated on load, cited by id."""

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from nlp_coder.extract.wording import WordingFile, load_wording, needles, words

SRC = Path(__file__).resolve().parents[2] / "nlp_coder"


def _file(lists):
    return {"version": 1, "about": "x", "lists": lists}


def _entry(**kw):
    return {"id": "W-X", "used_by": "E-REPORTS", "about": "x", "words": ["a"], **kw}


def test_the_shipped_file_loads_and_every_list_is_used_by_the_code():
    lists = load_wording()
    assert lists
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    unused = [i for i in lists if f"words('{i}')" not in code and f'words("{i}")' not in code]
    assert unused == []


def test_every_list_the_code_cites_exists():
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    cited = set(re.findall(r"""words\(['"](W-[A-Z0-9-]+)['"]\)""", code))
    assert cited and cited <= set(load_wording())


@pytest.mark.parametrize("bad", [
    _file([_entry(id="report")]),                       # not a W- id
    _file([_entry(), _entry()]),                        # duplicate id
    _file([_entry(words=[])]),                          # empty list
    _file([_entry(words=["a", " b"])]),                 # stray space
    _file([_entry(words=["pain", "Pain"])]),            # listed twice
    _file([_entry(extra=1)]),                           # unknown field
])
def test_a_malformed_file_is_rejected(bad):
    with pytest.raises(ValidationError):
        WordingFile.model_validate(bad)


def test_words_escapes_and_lets_a_space_match_any_whitespace():
    rx = re.compile(rf"^{words('W-MESSAGE-VERB')}$", re.IGNORECASE)
    assert rx.match("left  a\tmessage") and rx.match("Phoned")
    assert not rx.match("leftamessage")
    assert re.fullmatch(words("W-REPORT-SYMPTOM"), "c/o")


def test_an_unknown_list_is_a_clear_error():
    with pytest.raises(KeyError, match="W-NOPE"):
        words("W-NOPE")


@pytest.mark.parametrize("list_id", sorted(load_wording()))
def test_needles_are_in_every_match(list_id):
    """The substring guard never hides a match: each phrase of the list contains one of its needles."""
    for w in load_wording()[list_id].words:
        assert any(n in w.lower() for n in needles(list_id)), w
