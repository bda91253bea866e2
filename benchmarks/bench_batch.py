"""Benchmark of the batch job (not a test).

    python benchmarks/bench_batch.py                 # N = 20,000 notes
    python benchmarks/bench_batch.py --quick         # N = 2,000, a smoke run
    python benchmarks/bench_batch.py --scale10       # also 10 x N, to compare peak memory
    python benchmarks/bench_batch.py --n 5000 --unique-tokens   # defeat the tokenizer cache / grow the StringStore
    python benchmarks/bench_batch.py --words 0       # the corpus notes at their own length (~85 words)

Notes are made by cycling the corpus notes (every corpus/*.jsonl split except heldout, else
/work/shared/real-notes/notes.jsonl), with new ids. The targets are stated for notes of about
200 words and the corpus notes are shorter (about 85 words), so by default each benchmark
note is a corpus note followed by the next ones, a blank line apart, until it holds about
--words words (default 200). Such a note has several visits' services in it: per word it
is at least as dense in services as a real note, so it does not flatter the pipeline.
With --unique-tokens each note also gets one unique reference line, so every note adds new
strings as real notes do. On the same texts, in one run, it prints:

- notes/s of bare tokenization with the project's tokenizer (``build_nlp().tokenizer``): the baseline;
- notes/s of the pipeline alone (``Coder.code_notes`` in this process on up to 4,000 of the notes,
  no I/O): the cost of extraction + coding, which the bulk layer cannot remove;
- notes/s of the whole batch job (``python -m nlp_coder.bulk.run`` in a fresh process, i.e. ``run_batch``)
  with 1 and 2 workers, wall time including interpreter start and pipeline build, and the
  job's own time (from its summary line); and each time divided by the baseline's time;
- words/note; peak memory: the high-water RSS summed over the job process and its workers
  (psutil, sampled every 50 ms; RSS and PSS) and the largest single process; CPU seconds of the job
  and its workers (``os.wait4``), which show how many cores it kept busy;
- the machine's ceiling for 2 workers: two independent 1-worker jobs run at once on the two halves
  of the input (no coordination at all); the 2-worker job is reported as a share of that ceiling.

Targets (2 cores): 1 worker >= 1,000 notes/s on ~200-word notes and within 5x the
baseline's time; 2 workers >= 1.7x 1 worker; peak at 10 x N within 10% of peak at N.
The machine may be shared: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_NOTES = Path("/work/shared/real-notes/notes.jsonl")
INPUT_FIELDS = ("text", "payer", "discipline", "date_of_service")

try:
    import psutil
except ImportError:  # pragma: no cover
    psutil = None


def corpus_notes() -> tuple[list[dict], str]:
    files = sorted(p for p in (REPO / "corpus").glob("*.jsonl") if "heldout" not in p.name)
    if not files:
        files = [REAL_NOTES]
    notes = []
    for p in files:
        assert "heldout" not in p.name
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    if isinstance(rec.get("text"), str) and rec["text"].strip():
                        notes.append({k: rec[k] for k in INPUT_FIELDS if k in rec})
    return notes, " + ".join(str(p.relative_to(REPO) if p.is_relative_to(REPO) else p) for p in files)


def make_input(path: Path, n: int, base: list[dict], unique: bool, words: int = 0) -> list[str]:
    texts = []
    j = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = dict(base[j % len(base)])
            j += 1
            if words:
                parts, count = [rec["text"]], len(rec["text"].split())
                # add the next note while that brings the count nearer to `words`
                while count + len(base[j % len(base)]["text"].split()) / 2 < words:
                    parts.append(base[j % len(base)]["text"])
                    count += len(parts[-1].split())
                    j += 1
                rec["text"] = "\n\n".join(parts)
            if unique:
                rec["text"] = rec["text"] + f"\nRef: MRN{i * 7919 % 10_000_019:08d}-{i:x} seen by Dr. X{i % 9973}"
            rec = {"id": f"bench-{i:07d}", **rec}
            texts.append(rec["text"])
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return texts


def baseline(texts: list[str]) -> float:
    from nlp_coder.extract.pipeline import build_nlp

    tok = build_nlp().tokenizer
    for _ in tok.pipe(texts[:1000]):
        pass
    t = time.perf_counter()
    for _ in tok.pipe(texts, batch_size=1000):
        pass
    return time.perf_counter() - t


def pipeline_only(src: Path, n: int) -> tuple[float, int]:
    """Seconds for ``Coder.code_notes`` on the first n notes in this process (no reading, writing,
    JSON or processes): what the bulk layer adds is the job's time minus this."""
    from nlp_coder.bulk.engine import BatchSettings, get_coder
    from nlp_coder.schema import NoteIn

    coder = get_coder(BatchSettings())
    with open(src, encoding="utf-8") as fh:
        notes = [NoteIn.model_validate(json.loads(line)) for _, line in zip(range(n + 200), fh)]
    list(coder.code_notes(notes[:200]))  # warm-up
    notes = notes[200:] or notes
    t = time.perf_counter()
    for i in range(0, len(notes), 200):
        list(coder.code_notes(notes[i:i + 200]))
    return time.perf_counter() - t, len(notes)


def run_job(src: Path, out: Path, workers: int, chunk_size: int | None) -> dict:
    cmd = [sys.executable, "-m", "nlp_coder.bulk.run", str(src), "-o", str(out), "--workers", str(workers), "--overwrite"]
    if chunk_size:
        cmd += ["--chunk-size", str(chunk_size)]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=errf)
        peak = {"rss": 0, "pss": 0, "one": 0}
        done = threading.Event()

        def sample() -> None:
            if psutil is None:
                return
            try:
                root = psutil.Process(proc.pid)
            except psutil.NoSuchProcess:
                return
            while not done.is_set():
                rss = pss = 0
                try:
                    procs = [root, *root.children(recursive=True)]
                except psutil.NoSuchProcess:
                    return
                for p in procs:
                    try:
                        info = p.memory_full_info()
                        rss += info.rss
                        pss += getattr(info, "pss", info.rss)
                        peak["one"] = max(peak["one"], info.rss)
                    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                        pass
                peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4: the CPU time of the job and its workers. (Its ru_maxrss is not used: Linux
        # carries the pre-exec high-water of the forked benchmark process over exec.)
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - t
        errf.seek(0)
        err = errf.read()
    peak_sum, peak_pss = peak["rss"], peak["pss"]
    if proc.returncode != 0:
        raise SystemExit(f"job failed ({proc.returncode}): {err.decode(errors='replace')}")
    m = re.search(r"(\d[\d,]*) records in, (\d[\d,]*) out.*?; ([\d.]+) s, ", err.decode())
    job_s = float(m.group(3)) if m else wall
    max_single = peak["one"]
    cpu = usage.ru_utime + usage.ru_stime  # the job and its workers
    return {"workers": workers, "wall_s": wall, "job_s": job_s, "peak_rss_sum": peak_sum, "peak_pss_sum": peak_pss,
            "max_single_rss": max_single, "cpu_s": cpu, "records_out": int(m.group(2).replace(",", "")) if m else None}


def run_pair(src: Path, d: Path, chunk_size: int | None) -> float:
    """Wall seconds for two independent 1-worker jobs run at once, each on one half of the input: the most any
    2-worker job can gain on this machine (two processes sharing its cores, memory bandwidth and caches, with
    no coordination between them). The 2-worker target is judged against it in the report."""
    lines = src.read_bytes().splitlines(keepends=True)
    half = len(lines) // 2
    halves = [d / "half1.jsonl", d / "half2.jsonl"]
    halves[0].write_bytes(b"".join(lines[:half]))
    halves[1].write_bytes(b"".join(lines[half:]))
    procs = []
    t = time.perf_counter()
    for i, h in enumerate(halves):
        cmd = [sys.executable, "-m", "nlp_coder.bulk.run", str(h), "-o", str(d / f"half_out{i}.jsonl"), "--workers", "1",
               "--overwrite", "--quiet"]
        if chunk_size:
            cmd += ["--chunk-size", str(chunk_size)]
        procs.append(subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    codes = [p.wait() for p in procs]
    wall = time.perf_counter() - t
    if any(codes):
        raise SystemExit(f"a half job failed: {codes}")
    return wall


def report_targets(res: dict) -> None:
    """One line per target of the issue, met or not, from this run's figures (wall time, start-up included)."""
    one, two = res["jobs"][0], res["jobs"][1]
    words = res["words_per_note"]
    rows = [
        (f"1 worker >= 1,000 notes/s (notes of {words:.0f} words; target stated for ~200)",
         f"{one['notes_s_wall']:,.0f}", one["notes_s_wall"] >= 1000),
        ("1 worker within 5x the baseline's time", f"{one['wall_s'] / res['baseline_s']:.1f}x",
         one["wall_s"] <= 5 * res["baseline_s"]),
        ("2 workers >= 1.7x 1 worker", f"{one['wall_s'] / two['wall_s']:.2f}x", one["wall_s"] / two["wall_s"] >= 1.7),
    ]
    for r in res.get("scale10", []):
        rows.append((f"peak memory at 10 x N within 10% of N ({r['workers']} worker(s), RSS sum)",
                     f"{r['peak_growth_vs_n']:+.1%}", r["peak_growth_vs_n"] <= 0.10))
    print("targets:")
    for what, got, ok in rows:
        print(f"  [{'met' if ok else 'NOT met'}] {what}: {got}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="notes (default 20,000)")
    ap.add_argument("--quick", action="store_true", help="2,000 notes, no 10x run")
    ap.add_argument("--scale10", action="store_true", help="also run 10 x N (2 workers, then 1) for peak memory")
    ap.add_argument("--words", type=int, default=200,
                    help="join consecutive corpus notes into notes of about this many words (default 200; 0: as they are)")
    ap.add_argument("--unique-tokens", action="store_true", help="append a unique reference line to every note")
    ap.add_argument("--chunk-size", type=int, default=None, help="records per chunk (default: the job's)")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    a = ap.parse_args()
    n = 2000 if a.quick else a.n
    base, source = corpus_notes()
    print(f"corpus: {len(base)} notes from {source}; N = {n:,}{' (unique tokens)' if a.unique_tokens else ''}; "
          f"cores: {os.cpu_count()}; load avg before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    res: dict = {"n": n, "source": source}
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.jsonl"
        texts = make_input(src, n, base, a.unique_tokens, a.words)
        words = sum(len(t.split()) for t in texts) / n
        t_base = baseline(texts)
        res.update(words_per_note=words, baseline_s=t_base, baseline_notes_s=n / t_base)
        print(f"words/note: {words:.0f}; chars/note: {sum(map(len, texts)) / n:.0f}")
        print(f"baseline tokenizer: {n / t_base:,.0f} notes/s ({t_base:.2f} s)")
        t_pipe, n_pipe = pipeline_only(src, min(n, 4000))
        res.update(pipeline_notes_s=n_pipe / t_pipe)
        print(f"pipeline only (Coder.code_notes in-process, {n_pipe:,} notes, no I/O): {n_pipe / t_pipe:,.0f} notes/s "
              f"({t_pipe / n_pipe * n / t_base:.1f}x the baseline's time)")
        jobs = []
        for w in (1, 2):
            r = run_job(src, Path(d) / f"out{w}.jsonl", w, a.chunk_size)
            jobs.append(r)
        same = (Path(d) / "out1.jsonl").read_bytes() == (Path(d) / "out2.jsonl").read_bytes()
        for r in jobs:
            r["notes_s_wall"], r["notes_s_job"] = n / r["wall_s"], n / r["job_s"]
            print(f"job, {r['workers']} worker(s): {r['notes_s_wall']:,.0f} notes/s wall ({r['wall_s']:.2f} s incl. start-up), "
                  f"{r['notes_s_job']:,.0f} notes/s in run_batch ({r['job_s']:.2f} s); "
                  f"time / baseline: {r['wall_s'] / t_base:.1f}x wall, {r['job_s'] / t_base:.1f}x job; "
                  f"job / pipeline-only: {r['notes_s_job'] and res['pipeline_notes_s'] / r['notes_s_job']:.2f}x; "
                  f"peak memory over the job's processes: RSS sum {r['peak_rss_sum'] / 2**20:,.0f} MiB, "
                  f"PSS sum {r['peak_pss_sum'] / 2**20:,.0f} MiB (shared pages counted once), "
                  f"largest single process {r['max_single_rss'] / 2**20:,.0f} MiB")
        for r in jobs:
            print(f"  {r['workers']} worker(s): CPU {r['cpu_s']:.1f} s (job + workers), {r['cpu_s'] / r['wall_s']:.2f} cores busy "
                  f"on average; the rest of the wall time is waiting for a core (shared machine) or start-up")
        print(f"2 workers / 1 worker: {jobs[0]['wall_s'] / jobs[1]['wall_s']:.2f}x wall, "
              f"{jobs[0]['job_s'] / jobs[1]['job_s']:.2f}x job; identical output: {same}")
        if (os.cpu_count() or 1) >= 2:
            pair = run_pair(src, Path(d), a.chunk_size)
            res["pair_wall_s"] = pair
            print(f"machine ceiling: two independent 1-worker jobs on the two halves at once: {pair:.2f} s wall, "
                  f"{jobs[0]['wall_s'] / pair:.2f}x one worker; the 2-worker job reaches "
                  f"{pair / jobs[1]['wall_s']:.0%} of that ceiling")
        res["jobs"] = jobs
        res["identical_output"] = same
        if a.scale10 and not a.quick:
            src10 = Path(d) / "in10.jsonl"
            make_input(src10, 10 * n, base, a.unique_tokens, a.words)
            big = []
            for w in (2, 1):
                r = run_job(src10, Path(d) / f"out10_{w}.jsonl", w, a.chunk_size)
                r["notes_s_wall"], r["notes_s_job"] = 10 * n / r["wall_s"], 10 * n / r["job_s"]
                small = next(j for j in jobs if j["workers"] == w)
                growth = r["peak_rss_sum"] / small["peak_rss_sum"] - 1 if small["peak_rss_sum"] else float("nan")
                growth_pss = r["peak_pss_sum"] / small["peak_pss_sum"] - 1 if small["peak_pss_sum"] else float("nan")
                r["peak_growth_vs_n"], r["peak_pss_growth_vs_n"] = growth, growth_pss
                print(f"10 x N = {10 * n:,}, {w} worker(s): {r['notes_s_job']:,.0f} notes/s in run_batch; "
                      f"peak RSS sum {r['peak_rss_sum'] / 2**20:,.0f} MiB vs {small['peak_rss_sum'] / 2**20:,.0f} MiB at N "
                      f"({growth:+.1%}); PSS sum {r['peak_pss_sum'] / 2**20:,.0f} vs {small['peak_pss_sum'] / 2**20:,.0f} MiB "
                      f"({growth_pss:+.1%}); largest single process {r['max_single_rss'] / 2**20:,.0f} vs "
                      f"{small['max_single_rss'] / 2**20:,.0f} MiB")
                big.append(r)
            res["scale10"] = big
    report_targets(res)
    print(f"load avg after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if psutil is None:
        print("psutil is not installed: the summed RSS figures are 0 (pip install psutil)")
    if a.json:
        print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
