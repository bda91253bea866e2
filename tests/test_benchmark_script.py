"""The benchmark's input builder (benchmarks/bench_batch.py): notes of the size the targets are stated for,
never from the held-out split, and the target report reads the figures it is given."""

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("bench_batch", REPO / "benchmarks" / "bench_batch.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_corpus_notes_never_come_from_the_heldout_split():
    notes, source = bench.corpus_notes()
    assert notes and "heldout" not in source
    heldout = {json.loads(line)["text"] for line in (REPO / "corpus" / "heldout.jsonl").open(encoding="utf-8") if line.strip()}
    assert not heldout & {n["text"] for n in notes}


def test_notes_are_joined_to_about_the_requested_length(tmp_path):
    base, _ = bench.corpus_notes()
    texts = bench.make_input(tmp_path / "in.jsonl", 300, base, unique=False, words=200)
    mean = sum(len(t.split()) for t in texts) / len(texts)
    assert 180 <= mean <= 230
    rows = [json.loads(line) for line in (tmp_path / "in.jsonl").open(encoding="utf-8")]
    assert [r["text"] for r in rows] == texts and len({r["id"] for r in rows}) == 300
    as_is = bench.make_input(tmp_path / "raw.jsonl", 50, base, unique=False, words=0)
    assert as_is == [b["text"] for b in base[:50]]


def test_target_report_says_met_and_not_met(capsys):
    res = {"words_per_note": 200, "baseline_s": 1.0,
           "jobs": [{"notes_s_wall": 1200, "wall_s": 6.0}, {"notes_s_wall": 2200, "wall_s": 3.0}]}
    bench.report_targets(res)
    out = capsys.readouterr().out
    assert "[met] 1 worker >= 1,000" in out
    assert "[NOT met] 1 worker within 5x" in out
    assert "[met] 2 workers >= 1.7x" in out
