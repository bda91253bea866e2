"""The corpus file: durable appends, torn-line repair, last-wins reading."""

from __future__ import annotations

import json
import os

import pytest

from nlp_coder.annotate.store import CorpusError, CorpusFile, load_corpus, read_notes


def rec(i: int, decision: str = "accepted", **kw) -> dict:
    r = {"id": f"n{i}", "text": f"note {i}\nline two \u00e9", "decision": decision}
    if decision != "skipped":
        r["gold"] = {"lines": [{"code": "97110", "units": i, "modifiers": ["GP"]}], "findings": [], "needs_review": False}
        r["interventions"] = []
    r.update(kw)
    return r


def test_append_writes_one_line_with_one_write_then_fsync(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "c.jsonl"
    calls = []
    real_write, real_fsync, real_open = os.write, os.fsync, os.open
    opened_flags = []
    monkeypatch.setattr(os, "open", lambda p, flags, *a: (opened_flags.append((str(p), flags)), real_open(p, flags, *a))[1])
    monkeypatch.setattr(os, "write", lambda fd, data: (calls.append(("write", bytes(data))), real_write(fd, data))[1])
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(("fsync", None)), real_fsync(fd))[1])
    CorpusFile(path).append(rec(1))
    assert calls[0][0] == "write" and calls[0][1].endswith(b"\n") and calls[0][1].count(b"\n") == 1
    assert calls[1] == ("fsync", None)
    assert any(p == str(path) and f & os.O_APPEND for p, f in opened_flags)
    assert [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] == [rec(1)]


def test_torn_last_line_is_repaired_and_earlier_records_kept(tmp_path):
    path = tmp_path / "c.jsonl"
    cf = CorpusFile(path)
    cf.append(rec(1))
    cf.append(rec(2))
    good = path.read_bytes()
    full = (json.dumps(rec(3)) + "\n").encode()
    with open(path, "ab") as fh:  # a crash in the middle of the third write
        fh.write(full[: len(full) // 2])
    assert [r["id"] for r in load_corpus(path)] == ["n1", "n2"]  # readable before any repair
    cf2 = CorpusFile(path)
    assert cf2.dropped == full[: len(full) // 2]
    assert path.read_bytes() == good
    cf2.append(rec(3))
    assert [r["id"] for r in cf2.records()] == ["n1", "n2", "n3"]


def test_torn_only_line_truncates_to_empty(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "n1", "te')
    assert CorpusFile(path).repair() == 0  # already repaired on construction
    assert path.read_bytes() == b""
    assert list(CorpusFile(path).records()) == []


def test_intact_file_is_not_touched(tmp_path):
    path = tmp_path / "c.jsonl"
    CorpusFile(path).append(rec(1))
    before = path.read_bytes()
    assert CorpusFile(path).dropped == b"" and path.read_bytes() == before
    assert CorpusFile(tmp_path / "missing.jsonl").done_ids() == set()
    assert not (tmp_path / "missing.jsonl").exists()


def test_load_corpus_keeps_last_decision_and_drops_skipped(tmp_path):
    path = tmp_path / "c.jsonl"
    cf = CorpusFile(path)
    for r in (rec(1), rec(2, "skipped"), rec(3), rec(1, "corrected", annotator="b"), rec(3, "skipped")):
        cf.append(r)
    got = load_corpus(path)
    assert [(r["id"], r["decision"]) for r in got] == [("n1", "corrected")]
    assert cf.done_ids() == {"n1", "n2", "n3"}


def test_corrupt_complete_line_is_an_error_with_its_line_number(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(rec(1)) + "\nnot json\n" + json.dumps(rec(2)) + "\n")
    with pytest.raises(CorpusError, match=":2:"):
        load_corpus(path)


def test_read_notes_leaves_out_bad_lines_with_warnings(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "text": "x"}\nnope\n[1]\n{"text": "no id"}\n{"id": "b", "text": "  "}\n'
                    '{"id": "a", "text": "dup"}\n{"id": 7, "text": "int id"}\n\n')
    notes, warnings = read_notes(path)
    assert [n["id"] for n in notes] == ["a", "7"]
    assert len(warnings) == 5 and "line 2" in warnings[0]


def test_complete_last_record_without_newline_is_kept(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(rec(1)) + "\n" + json.dumps(rec(2)))  # e.g. an editor dropped the final newline
    assert [r["id"] for r in load_corpus(path)] == ["n1", "n2"]
    cf = CorpusFile(path)
    assert cf.dropped == b"" and path.read_text().endswith("}\n")
    cf.append(rec(3))
    assert [r["id"] for r in cf.records()] == ["n1", "n2", "n3"]
