"""The per-note watchdog: a note the reader handles pathologically becomes a ``timeout`` record; the run goes on."""
from __future__ import annotations

import json
import re
import signal

import pytest

from nlp_coder.bulk import engine
from nlp_coder.bulk.engine import BatchSettings, process_chunk

from .conftest import note_records, write_jsonl

# The leader-dot pattern of minutes.TIME_ROW_RE before session 9: a nested quantifier that took 146 s to fail on
# one corpus line. Put back, it makes a real pathological note without a test-only hook in the reader.
_EXPONENTIAL_ROW_RE = re.compile(
    r"[ \t\-*•>|]*(?:[A-Za-z][A-Za-z /&'’.-]{1,40}?\s*)?\(?\s*(?P<code>9\d{4}|G0283)\s*\)?(?:\s*(?:[.\-–—:=|]+\s*)+|[ \t]{2,})"
    r"(?P<min>\d{1,3})\s*(?:min(?:ute)?s?\b|')?\s*(?:[-–,;|]\s*\d{1,2}\s*units?\s*)?\|?\s*",
    re.IGNORECASE)
STALLING = "Ther ex 15 min: bridges for hip strength.\nNMES (G0283) " + "." * 40 + " 20 (untimed)\n"


@pytest.fixture
def exponential_reader(monkeypatch):
    from nlp_coder.extract import interventions

    monkeypatch.setattr(interventions, "TIME_ROW_RE", _EXPONENTIAL_ROW_RE)


def _chunk(records):
    return [(i + 1, json.dumps(r).encode()) for i, r in enumerate(records)]


def test_a_stalling_note_becomes_a_timeout_record_and_the_others_are_coded(exponential_reader):
    good = note_records(3)
    records = [good[0], {"id": "stall-1", "text": STALLING}, good[1], good[2]]
    settings = BatchSettings(note_timeout=1.0)
    got = process_chunk(_chunk(records), settings)
    assert [json.loads(x)["id"] for x in got.lines] == ["n-0", "stall-1", "n-1", "n-2"]
    assert got.errors == [None, "timeout", None, None]
    stalled = json.loads(got.lines[1])
    assert stalled["lines"] == [] and [f["id"] for f in stalled["findings"]] == ["INPUT_ERROR"]
    assert "1 s" in stalled["error"]["message"] and "Ther ex" not in stalled["error"]["message"]
    # the good notes are coded exactly as in a chunk without the stalling note
    alone = process_chunk(_chunk(good), settings)
    assert [got.lines[0], got.lines[2], got.lines[3]] == alone.lines
    # the alarm is off and the handler restored afterwards
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, signal.default_int_handler, None)


def test_without_a_limit_the_watchdog_is_off():
    settings = BatchSettings(note_timeout=0)
    with engine._time_limit(settings.note_timeout):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_slow_chunk_of_good_notes_is_recoded_one_by_one_without_loss(monkeypatch):
    # a chunk over the limit is not an error: each note is coded again under its own limit
    settings = BatchSettings(note_timeout=5.0)
    coder = engine.get_coder(settings)
    real = coder.code_notes
    calls = []

    def slow_when_many(notes):
        calls.append(len(notes))
        if len(notes) > 1:
            signal.setitimer(signal.ITIMER_REAL, 0.001)  # as if the chunk had used up its time
            signal.pause()
        yield from real(notes)

    monkeypatch.setattr(coder, "code_notes", slow_when_many)
    records = note_records(4)
    got = process_chunk(_chunk(records), settings)
    assert calls == [4, 1, 1, 1, 1]
    assert got.errors == [None] * 4
    monkeypatch.undo()
    assert got.lines == process_chunk(_chunk(records), settings).lines


def test_run_batch_counts_the_timeout_in_its_summary(exponential_reader, tmp_path):
    from nlp_coder.bulk.run import run_batch

    records = note_records(2) + [{"id": "stall-2", "text": STALLING}]
    src = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    summary = run_batch(str(src), str(out), workers=1, quiet=True, settings=BatchSettings(note_timeout=1.0))
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["n-0", "n-1", "stall-2"]
    assert rows[2]["error"]["type"] == "timeout"
    assert summary.records_in == summary.records_out == 3
    assert summary.errors == {"timeout": 1}


def test_the_cli_takes_the_limit(tmp_path):
    from typer.testing import CliRunner

    from nlp_coder.cli import app

    src = write_jsonl(tmp_path / "in.jsonl", note_records(2))
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.jsonl"), "--workers", "1",
                                   "--note-timeout", "30", "--quiet"])
    assert res.exit_code == 0
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "o2.jsonl"), "--note-timeout", "-1"])
    assert res.exit_code != 0
