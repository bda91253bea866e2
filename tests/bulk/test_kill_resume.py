"""A run killed with SIGKILL at any moment and resumed gives the same bytes as an uninterrupted run;
'-' reads standard input and writes standard output."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from nlp_coder.bulk.run import run_batch

from .conftest import PY, REPO, note_records, subprocess_env, write_jsonl

N_NOTES = 1500


def _start(src: Path, out: Path, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [PY, "-m", "nlp_coder.bulk.run", str(src), "-o", str(out), "--workers", str(workers), "--chunk-size", "25",
         "--quiet"],
        cwd=REPO, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _children(pid: int) -> list:
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_then_resume_is_byte_identical(tmp_path, workers):
    src = write_jsonl(tmp_path / "in.jsonl", note_records(N_NOTES))
    with open(src, "ab") as fh:  # a few bad records too
        fh.write(b"not json\n\xff\n\n")
    ref = tmp_path / "ref.jsonl"
    run_batch(str(src), str(ref), workers=1, quiet=True)
    expected = ref.read_bytes()
    out = tmp_path / "out.jsonl"
    kills, runs = 0, 0
    while runs < 6:
        runs += 1
        before = out.stat().st_size if out.exists() else 0
        proc = _start(src, out, workers)
        # kill once the file has grown by a few chunks since this run started (or let it finish)
        target = before + len(expected) // 10 * (1 + kills)
        killed = False
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            size = out.stat().st_size if out.exists() else 0
            if kills < 2 and target < size < len(expected) * 9 // 10:
                kids = _children(proc.pid) if workers > 1 else []
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
                killed = True
                kills += 1
                for k in kids:  # orphaned pool workers notice and exit
                    k.wait(timeout=10)
                break
            time.sleep(0.002)
        if not killed:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
            break
        assert out.read_bytes() != expected
    assert kills >= 1, "the run finished before it could be killed"
    assert out.read_bytes() == expected


def test_stdin_stdout_with_dash(tmp_path, notes_file):
    ref = tmp_path / "ref.jsonl"
    run_batch(str(notes_file), str(ref), workers=1, quiet=True)
    for args in (["nlp_coder.bulk.run", "-", "-o", "-", "--workers", "2"],
                 ["nlp_coder.cli", "batch", "-", "-o", "-", "--workers", "1"]):
        proc = subprocess.run([PY, "-m", *args], input=notes_file.read_bytes(), capture_output=True, cwd=REPO,
                              env=subprocess_env(), timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout == ref.read_bytes(), args
        assert b"300 records in, 300 out" in proc.stderr  # the summary goes to stderr


def test_stdin_to_file_resumes(tmp_path, notes_file):
    ref = tmp_path / "ref.jsonl"
    run_batch(str(notes_file), str(ref), workers=1, quiet=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(ref.read_bytes()[:7777])
    proc = subprocess.run([PY, "-m", "nlp_coder.bulk.run", "-", "-o", str(out), "--workers", "1"],
                          input=notes_file.read_bytes(), capture_output=True, cwd=REPO, env=subprocess_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_bytes() == ref.read_bytes()


def test_unreadable_input_exits_non_zero(tmp_path):
    proc = subprocess.run([PY, "-m", "nlp_coder.bulk.run", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")],
                          capture_output=True, cwd=REPO, env=subprocess_env(), timeout=120)
    assert proc.returncode == 2
    assert b"cannot read" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()
