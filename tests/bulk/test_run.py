"""run_batch: order with several workers, count in == count out, CSV == JSONL, run failures, repair."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from nlp_coder.bulk.reader import count_lines, iter_chunks, iter_jsonl
from nlp_coder.bulk.run import BatchError, run_batch
from nlp_coder.bulk.engine import OversizedLine

from .conftest import note_records, write_jsonl


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text("utf-8").splitlines()]


def test_order_kept_with_two_workers_and_small_chunks(tmp_path, notes_file):
    out1, out2 = tmp_path / "w1.jsonl", tmp_path / "w2.jsonl"
    s1 = run_batch(str(notes_file), str(out1), workers=1, chunk_size=50, quiet=True)
    s2 = run_batch(str(notes_file), str(out2), workers=2, chunk_size=3, quiet=True)
    assert s2.workers == 2
    assert _ids(out2) == [f"n-{i}" for i in range(300)]
    assert out1.read_bytes() == out2.read_bytes()
    assert s1.records_in == s1.records_out == s2.records_out == 300


def _mixed_file(path: Path) -> tuple[Path, int, dict[str, int]]:
    good = [json.dumps(r).encode() for r in note_records(40)]
    bad = {
        "invalid_json": [b'{"id": "j1", "text": "no closing brace"', b"just words"],
        "missing_id": [b'{"text": "who am I"}'],
        "empty_text": [b'{"id": "e1", "text": ""}', b'{"id": "e2", "text": " \\n "}'],
        "not_utf8": [b'{"id": "u1", "text": "caf\xe9 latin-1"}'],
        "too_large": [json.dumps({"id": "big", "text": "word " * 200}).encode()],
        "empty_line": [b""],
    }
    lines = list(good)
    for i, raws in enumerate(bad.values()):
        for j, raw in enumerate(raws):
            lines.insert(3 + 5 * i + j, raw)
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, len(lines), {k: len(v) for k, v in bad.items()}


@pytest.mark.parametrize("workers", [1, 2])
def test_count_in_equals_count_out_on_mixed_file(tmp_path, workers):
    src, n, bad = _mixed_file(tmp_path / "mixed.jsonl")
    out = tmp_path / "out.jsonl"
    summary = run_batch(str(src), str(out), workers=workers, max_chars=500, chunk_size=7, quiet=True)
    recs = [json.loads(line) for line in out.read_bytes().split(b"\n")[:-1]]
    assert len(recs) == n == summary.records_in == summary.records_out
    assert summary.errors == bad
    errors = [r["error"]["type"] for r in recs if r["error"]]
    assert sorted(errors) == sorted(t for t, k in bad.items() for _ in range(k))
    assert {r["id"] for r in recs if not r["error"]} == {f"n-{i}" for i in range(40)}
    # line-N ids point at the physical line
    lines = src.read_bytes().split(b"\n")
    for r in recs:
        if r["id"].startswith("line-"):
            assert r["error"]["type"] in ("invalid_json", "missing_id", "not_utf8", "empty_line")
            assert lines[int(r["id"][5:]) - 1] in sum(([x] for v in [b"just words", b'{"text": "who am I"}',
                                                                       b'{"id": "u1", "text": "caf\xe9 latin-1"}', b"",
                                                                       b'{"id": "j1", "text": "no closing brace"'] for x in [v]), [])


def test_reader_cuts_oversized_lines_and_keeps_memory_bounded(tmp_path):
    p = tmp_path / "long.jsonl"
    p.write_bytes(b'{"id": "a", "text": "x"}\n{"id": "huge", "text": "' + b"y" * 50_000 + b'"}\n{"id": "b", "text": "z"}')
    with open(p, "rb") as fh:
        items = list(iter_jsonl(fh, max_line_bytes=1000))
    assert [n for n, _ in items] == [1, 2, 3]
    assert isinstance(items[1][1], OversizedLine) and len(items[1][1]) <= 4096
    assert items[2][1] == b'{"id": "b", "text": "z"}'
    assert count_lines(p) == 3
    chunks = list(iter_chunks(iter(items), chunk_size=2))
    assert [len(c) for c in chunks] == [2, 1]


def test_csv_and_jsonl_give_the_same_records(tmp_path):
    recs = note_records(25)
    recs[3]["text"] = 'Quote "inside", comma, and\nnewline; caf\u00e9'
    for r in recs:
        r["site"] = "clinic, A" if int(r["id"][2:]) % 2 else "B"
    jl = write_jsonl(tmp_path / "in.jsonl", recs)
    cv = tmp_path / "in.csv"
    with open(cv, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "text", "site", "payer"])
        w.writeheader()
        for r in recs:
            w.writerow({**r, "payer": ""})  # an empty optional column is absent
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run_batch(str(jl), str(a), workers=1, quiet=True)
    run_batch(str(cv), str(b), fmt="csv", workers=2, chunk_size=4, quiet=True)
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text().splitlines()[1])["meta"] == {"site": "clinic, A"}


def test_csv_row_number_is_the_record_number_and_bad_bytes_are_records(tmp_path):
    cv = tmp_path / "in.csv"
    cv.write_bytes(b'id,text\nr1,"multi\nline note"\n,missing id\nr3,caf\xe9\nr4,\n')
    out = tmp_path / "o.jsonl"
    s = run_batch(str(cv), str(out), fmt="csv", workers=1, quiet=True)
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == ["r1", "line-2", "line-3", "r4"]
    assert [r["error"] and r["error"]["type"] for r in recs] == [None, "missing_id", "not_utf8", "empty_text"]
    assert s.records_in == s.records_out == 4


def test_csv_without_text_column_fails_the_run(tmp_path):
    cv = tmp_path / "in.csv"
    cv.write_text("id,note\n1,hello\n")
    with pytest.raises(BatchError, match="'text'"):
        run_batch(str(cv), str(tmp_path / "o.jsonl"), fmt="csv", workers=1, quiet=True)


def test_run_failures(tmp_path, notes_file):
    with pytest.raises(BatchError, match="cannot read"):
        run_batch(str(tmp_path / "missing.jsonl"), str(tmp_path / "o.jsonl"), workers=1, quiet=True)
    with pytest.raises(BatchError, match="cannot write"):
        run_batch(str(notes_file), str(tmp_path / "no-dir" / "o.jsonl"), workers=1, quiet=True)
    with pytest.raises(BatchError, match="format"):
        run_batch(str(notes_file), str(tmp_path / "o.jsonl"), fmt="xml", workers=1, quiet=True)


def test_half_written_last_line_is_repaired(tmp_path, notes_file):
    ref = tmp_path / "ref.jsonl"
    run_batch(str(notes_file), str(ref), workers=1, quiet=True)
    data = ref.read_bytes()
    cut_points = [len(data) - 17, data.index(b"\n", len(data) // 2) + 1, data.index(b"\n", len(data) // 3) - 5, 3]
    for cut in cut_points:
        out = tmp_path / "out.jsonl"
        out.write_bytes(data[:cut])
        s = run_batch(str(notes_file), str(out), workers=1, quiet=True)
        assert out.read_bytes() == data, cut
        assert s.resumed == data[:cut].count(b"\n")
        assert s.resumed + s.records_out == 300
    # a tail of garbage lines (a crash that left zeros or junk) is cut away too
    out.write_bytes(data[: data.index(b"\n", 1000) + 1] + b"\x00\x00\x00\x00\n{\"id\n")
    run_batch(str(notes_file), str(out), workers=2, quiet=True)
    assert out.read_bytes() == data
    # finished: resuming again does nothing
    s = run_batch(str(notes_file), str(out), workers=2, quiet=True)
    assert s.records_in == 0 and s.resumed == 300 and out.read_bytes() == data


def test_resume_refuses_output_of_another_input_and_overwrite_starts_over(tmp_path, notes_file):
    other = write_jsonl(tmp_path / "other.jsonl", note_records(300, prefix="z"))
    out = tmp_path / "out.jsonl"
    run_batch(str(other), str(out), workers=1, quiet=True)
    out.write_bytes(out.read_bytes()[:5000])
    with pytest.raises(BatchError, match="does not belong"):
        run_batch(str(notes_file), str(out), workers=1, quiet=True)
    run_batch(str(notes_file), str(out), workers=1, quiet=True, overwrite=True)
    assert _ids(out) == [f"n-{i}" for i in range(300)]
    small = write_jsonl(tmp_path / "small.jsonl", note_records(10))
    with pytest.raises(BatchError, match="has only 10"):
        run_batch(str(small), str(out), workers=1, quiet=True)
    not_ours = tmp_path / "notours.jsonl"
    not_ours.write_text("hello\nworld\n")
    with pytest.raises(BatchError, match="not an output file"):
        run_batch(str(notes_file), str(not_ours), workers=1, quiet=True)


def test_progress_bar_and_summary_on_a_terminal(tmp_path, notes_file):
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120)
    s = run_batch(str(notes_file), str(tmp_path / "o.jsonl"), workers=2, chunk_size=20, console=console)
    text = buf.getvalue()
    assert s.records_out == 300
    assert "300/300" in text and "notes/s" in text
    assert "batch done: 300 records in, 300 out; no input errors" in text
    quiet = io.StringIO()
    run_batch(str(notes_file), str(tmp_path / "o2.jsonl"), workers=1, quiet=True,
              console=Console(file=quiet, force_terminal=True))
    assert quiet.getvalue() == ""
