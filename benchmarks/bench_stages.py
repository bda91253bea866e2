"""Per-stage CPU cost of the pipeline (not a test): where a note's time goes.

    python benchmarks/bench_stages.py                      # 2,000 notes of ~200 words
    python benchmarks/bench_stages.py --words 0 --n 3000   # the corpus notes as they are
    PYTHONPATH=/path/to/other/tree python benchmarks/bench_stages.py   # A/B against another checkout

Notes are built as in bench_batch.py (consecutive corpus notes joined to about --words words; never the
held-out split). Each stage of each note is timed with CPU time (``time.process_time``), so the figures
hold on a shared machine where wall time varies; alternate two trees' runs for an A/B. Prints µs a note
per stage (record validation, tokenizer, each spaCy component, fact building, coding, JSON) and the total.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_notes(n: int, words: int) -> list[dict]:
    files = sorted(p for p in (REPO / "corpus").glob("*.jsonl") if "heldout" not in p.name)
    base = [json.loads(line) for p in files for line in p.open(encoding="utf-8") if line.strip()]
    fields = ("text", "payer", "discipline", "date_of_service")
    out, j = [], 0
    for i in range(n):
        rec = {k: base[j % len(base)][k] for k in fields if k in base[j % len(base)]}
        parts, count = [rec["text"]], len(rec["text"].split())
        j += 1
        while words and count + len(base[j % len(base)]["text"].split()) / 2 < words:
            parts.append(base[j % len(base)]["text"])
            count += len(parts[-1].split())
            j += 1
        rec["text"] = "\n\n".join(parts)
        rec["id"] = f"s{i}"
        out.append(rec)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="notes (default 2,000)")
    ap.add_argument("--words", type=int, default=200, help="words a note (default 200; 0: the corpus notes as they are)")
    a = ap.parse_args()
    from nlp_coder.coder import Coder, validate_record
    from nlp_coder.coding.select import code_note
    from nlp_coder.extract.facts import doc_to_facts

    recs = make_notes(a.n, a.words)
    print(f"{len(recs):,} notes, {sum(len(r['text'].split()) for r in recs) / len(recs):.0f} words a note; "
          f"nlp_coder from {Path(__import__('nlp_coder').__file__).parent}")
    coder = Coder()
    nlp = coder.nlp
    list(coder.code_records(list(enumerate(recs[:300]))))  # warm-up: caches, lazy tables
    cpu = time.process_time
    t = cpu()
    for _ in nlp.tokenizer.pipe(r["text"] for r in recs):
        pass
    base = cpu() - t
    stages: dict[str, float] = {}
    for i, r in enumerate(recs):
        t0 = cpu()
        note = validate_record(r, i)
        t1 = cpu()
        doc = nlp.make_doc(note.text)
        t2 = cpu()
        stages["validate"] = stages.get("validate", 0) + t1 - t0
        stages["tokenizer"] = stages.get("tokenizer", 0) + t2 - t1
        for name, proc in nlp.pipeline:
            t = cpu()
            doc = proc(doc)
            stages[name] = stages.get(name, 0) + cpu() - t
        t3 = cpu()
        facts = doc_to_facts(doc, note)
        t4 = cpu()
        result = code_note(facts, edit_tables=None, payers=coder.payers)
        t5 = cpu()
        result.meta = note.meta()
        result.to_json()
        t6 = cpu()
        for k, v in (("facts", t4 - t3), ("coding", t5 - t4), ("json", t6 - t5)):
            stages[k] = stages.get(k, 0) + v
    total = sum(stages.values())
    for k, v in stages.items():
        print(f"{k:28s} {v / len(recs) * 1e6:8.0f} µs a note")
    print(f"{'total':28s} {total / len(recs) * 1e6:8.0f} µs a note ({len(recs) / total:,.0f} notes/s of CPU); "
          f"bare tokenizer.pipe {base / len(recs) * 1e6:.0f} µs a note, ratio {total / base:.1f}x")


if __name__ == "__main__":
    main()
