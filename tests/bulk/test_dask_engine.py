"""The Dask engine (issue 5): same bytes as the local engine, bad lines included; a worker killed
mid-job is replaced and its chunk recomputed; resume; a clear message without the extra."""
from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from nlp_coder.bulk.engine import BatchSettings, max_line_bytes
from nlp_coder.bulk.run import BatchError, run_batch, run_from_cli

from .conftest import note_records

distributed = pytest.importorskip("distributed")

from nlp_coder.bulk.dask_engine import (  # noqa: E402
    INSTALL_HINT,
    TASK_PREFIX,
    DaskEngine,
    DaskEngineError,
    DaskNotInstalledError,
    run_dask,
)

SETTINGS = BatchSettings(max_chars=500)
CHUNK = 7  # records per Dask task: many small tasks, so order and retries are exercised


def _mixed_file(path: Path, n_good: int = 120) -> Path:
    """Good notes and every kind of bad line, the last line without its newline."""
    lines = [json.dumps(r, ensure_ascii=False).encode() for r in note_records(n_good)]
    bad = [
        b'{"id": "j1", "text": "no closing brace"',
        b"just words",
        b'{"text": "who am I"}',
        b'{"id": "e1", "text": ""}',
        b'{"id": "u1", "text": "caf\xe9 latin-1"}',
        json.dumps({"id": "long", "text": "word " * 200}).encode(),  # over max_chars
        b'{"id": "huge", "text": "' + b"x" * (max_line_bytes(SETTINGS.max_chars) + 10) + b'"}',  # cut by the reader
        b"",
        b'{"id": "crlf", "text": "Ther ex 10 min"}\r',
        b"[1, 2]",
    ]
    for i, raw in enumerate(bad):
        lines.insert(2 + 11 * i, raw)
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, bytes, dict[str, int]]:
    """The input and the local engine's output for it (in-process, 1 worker)."""
    d = tmp_path_factory.mktemp("dask")
    src = _mixed_file(d / "mixed.jsonl")
    ref = d / "local.jsonl"
    s = run_batch(str(src), str(ref), settings=SETTINGS, workers=1, chunk_size=50, quiet=True)
    assert s.records_out == 130 and sum(s.errors.values()) == 9 and s.errors["too_large"] == 2
    return src, ref.read_bytes(), s.errors


@pytest.fixture(scope="module")
def cluster():
    """A 2-worker cluster the tests reach through its address (``--scheduler``)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        with distributed.Client(c) as client:
            yield c, client


def test_local_cluster_gives_the_local_engine_bytes(tmp_path, mixed):
    src, expected, errors = mixed
    out = tmp_path / "dask.jsonl"
    summary = run_dask(str(src), str(out), SETTINGS, n_workers=2, lines_per_partition=CHUNK, quiet=True)
    assert out.read_bytes() == expected
    assert summary.engine == "dask" and summary.workers == 2
    assert summary.records_in == summary.records_out == 130
    assert summary.errors == errors


class KillOnce(distributed.WorkerPlugin):
    """Test hook: the worker that starts chunk ``index`` of any run dies (``os._exit``),
    once: the marker file makes the rerun of that chunk (on a live worker) succeed."""

    def __init__(self, marker: str, index: int):
        self.marker, self.suffix = marker, f"-{index:09d}"

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and isinstance(key, str) and key.startswith(TASK_PREFIX) and key.endswith(self.suffix):
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
            os._exit(1)


def test_killed_worker_chunk_is_recomputed(tmp_path, mixed, cluster):
    c, client = cluster
    src, expected, _ = mixed
    marker = tmp_path / "killed"
    before = set(client.scheduler_info()["workers"])
    client.register_plugin(KillOnce(str(marker), index=5), name="kill-once")
    try:
        out = tmp_path / "dask.jsonl"
        summary = run_dask(str(src), str(out), SETTINGS, scheduler=c.scheduler_address, lines_per_partition=CHUNK,
                           quiet=True)
    finally:
        client.unregister_worker_plugin("kill-once")
    assert marker.exists(), "no worker was killed"
    assert out.read_bytes() == expected
    assert summary.records_out == 130
    client.wait_for_workers(2, timeout=30)  # the nanny replaced the dead worker
    assert set(client.scheduler_info()["workers"]) != before


def _cache_misses() -> int:
    from nlp_coder.bulk.engine import get_coder

    return get_coder.cache_info().misses


def test_resume_and_one_pipeline_per_worker(tmp_path, mixed, cluster):
    c, client = cluster
    src, _, _ = mixed
    settings = BatchSettings(max_chars=500, payer="commercial")  # new on these workers: built once each
    ref = tmp_path / "local.jsonl"
    run_batch(str(src), str(ref), settings=settings, workers=1, quiet=True)
    expected = ref.read_bytes()
    # a run that died mid-write: 40 complete records and half of the 41st
    cut = [i for i, b in enumerate(expected) if b == 10][39] + 1
    out = tmp_path / "dask.jsonl"
    out.write_bytes(expected[: cut + 30])
    misses = client.run(_cache_misses)
    summary = run_dask(str(src), str(out), settings, scheduler=c.scheduler_address, lines_per_partition=CHUNK,
                       quiet=True)
    assert out.read_bytes() == expected
    assert summary.resumed == 40 and summary.records_out == 90
    after = client.run(_cache_misses)
    assert {w: after[w] - misses.get(w, 0) for w in after} == {w: 1 for w in after}


def test_bad_settings_file_fails_before_any_output(tmp_path, mixed, cluster):
    c, _ = cluster
    src, _, _ = mixed
    out = tmp_path / "dask.jsonl"
    with pytest.raises(BatchError, match="nope.txt"):
        run_dask(str(src), str(out), BatchSettings(ptp_files=(str(tmp_path / "nope.txt"),)),
                 scheduler=c.scheduler_address, quiet=True)
    assert out.read_bytes() == b""


def test_unreachable_scheduler_is_a_clear_error():
    with pytest.raises(DaskEngineError, match="cannot connect to the Dask scheduler at tcp://127.0.0.1:9"):
        with DaskEngine(SETTINGS, scheduler="tcp://127.0.0.1:9", timeout=1):
            pass


def test_without_the_extra_the_message_names_it(tmp_path, mixed, monkeypatch):
    src, _, _ = mixed
    for mod in ("dask", "distributed"):
        monkeypatch.setitem(sys.modules, mod, None)  # `import dask` now raises ImportError
    monkeypatch.delitem(sys.modules, "nlp_coder.bulk.dask_engine")
    from nlp_coder.bulk.dask_engine import DaskNotInstalledError, run_dask  # the module imports without Dask

    with pytest.raises(DaskNotInstalledError) as err:
        run_dask(str(src), str(tmp_path / "o.jsonl"), SETTINGS)
    assert INSTALL_HINT in str(err.value) and isinstance(err.value, BatchError)
    assert 'pip install "nlp_coder[dask]"' in str(err.value)
    assert not (tmp_path / "o.jsonl").exists()


def test_cli_prints_the_install_command(tmp_path, mixed, monkeypatch):
    """What ``nlp-coder batch IN -o OUT --engine dask`` prints without the extra."""
    from rich.console import Console

    src, _, _ = mixed
    for mod in ("dask", "distributed"):
        monkeypatch.setitem(sys.modules, mod, None)
    buf = io.StringIO()
    code = run_from_cli(input_path=str(src), output_path=str(tmp_path / "o.jsonl"), engine="dask",
                        console=Console(file=buf, width=400))
    assert code == 2 and not (tmp_path / "o.jsonl").exists()
    assert 'pip install "nlp_coder[dask]"' in buf.getvalue()
