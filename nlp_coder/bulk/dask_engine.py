"""The Dask engine: the same batch job on a Dask cluster (``--engine dask``, extra ``nlp_coder[dask]``).

``run_batch(engine="dask")`` (and ``run_dask``, its shortcut) drives it: the
client streams the input in chunks (``reader.iter_chunks``, so it never holds
the whole file), submits each chunk as one Dask task with at most
``max_in_flight`` tasks outstanding, and yields the results strictly in input
order (submit in order, wait on the oldest). ``run_batch`` writes them with the
local engine's writer, so the output bytes, the bad-line records and resuming
an interrupted run are the same as with the local engine.

Each task calls ``engine.process_chunk``: the pipeline is built once per
worker process by ``get_coder``'s per-process cache (and warmed on every
worker when the engine starts, so a bad ``--ptp``/``--model`` file fails the
run at once). Only bytes go to the workers and only strings come back.

A worker that dies mid-task (killed, out of memory) is replaced (by its
nanny) and the scheduler reruns its task on a live worker, up to
``distributed.scheduler.allowed-failures`` (default 3) deaths per task; a task
that raises is retried ``retries`` times. A chunk that still fails ends the run
with ``DaskEngineError``: the output then ends on a complete chunk and
re-running the same command resumes.

Dask is imported lazily: without the extra, ``DaskEngine(...)`` and
``run_dask(...)`` raise ``DaskNotInstalledError`` (a ``BatchError``, so the CLI
prints its message and exits with status 2).
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from nlp_coder.bulk.engine import BatchSettings, Chunk, ChunkResult, get_coder, process_chunk
from nlp_coder.bulk.run import DEFAULT_CHUNK_SIZE, BatchError, BatchSummary, run_batch

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "nlp_coder[dask]"'
#: Records per Dask task (``lines_per_partition``): the CLI's chunk size, so a rerun
#: and a retried task redo little.
DEFAULT_LINES_PER_PARTITION = DEFAULT_CHUNK_SIZE
#: Key prefix of this engine's tasks: ``nlp-coder-chunk-<run token>-<chunk index, 9 digits>``.
TASK_PREFIX = "nlp-coder-chunk"

__all__ = [
    "DEFAULT_LINES_PER_PARTITION",
    "DaskEngine",
    "DaskEngineError",
    "DaskNotInstalledError",
    "INSTALL_HINT",
    "run_dask",
]


class DaskEngineError(BatchError):
    """The run failed on the Dask side (no scheduler, no workers, a chunk that keeps failing)."""


class DaskNotInstalledError(DaskEngineError):
    """``--engine dask`` without the ``dask`` extra."""


def require_dask() -> None:
    """Raise ``DaskNotInstalledError`` unless ``dask`` and ``distributed`` import."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskNotInstalledError(
            f"the dask engine needs Dask, which is not installed ({exc}); install the extra with: {INSTALL_HINT}"
        ) from None


# ------------------------------------------------------- on the workers

# spaCy pipelines are not thread-safe (``nlp.memory_zone()`` in particular), and
# Python-bound work gains nothing from threads: a worker started with
# ``--nthreads`` > 1 still codes one chunk at a time.
_coder_lock = threading.Lock()


def _warm_worker(settings: BatchSettings) -> int:
    """Build this worker's pipeline now (``client.run``); raises ``SettingsError`` for bad settings."""
    with _coder_lock:
        get_coder(settings)
    return os.getpid()


def _code_chunk(chunk: Chunk, settings: BatchSettings) -> ChunkResult:
    """One Dask task: a chunk of raw lines -> its output lines (``engine.process_chunk``)."""
    with _coder_lock:
        return process_chunk(chunk, settings)


# ------------------------------------------------------------- the engine


def _local_workers() -> int:
    from nlp_coder.bulk.local import default_workers

    return default_workers()


class DaskEngine:
    """``with DaskEngine(settings, workers=2) as eng: for res in eng.map(chunks): ...``

    Without ``scheduler`` it starts a ``LocalCluster`` of ``workers`` processes
    (default: the number of cores) with one thread each; with ``scheduler``
    (``tcp://host:8786``) it connects to that cluster and waits up to
    ``timeout`` seconds for ``workers`` (default 1) workers to be there.
    """

    def __init__(self, settings: BatchSettings, *, workers: int | None = None, scheduler: str | None = None,
                 max_in_flight: int | None = None, retries: int = 2, timeout: float = 30.0):
        require_dask()
        self.settings = settings
        self.scheduler = scheduler
        self.workers = workers or (_local_workers() if scheduler is None else 1)
        self.max_in_flight = max_in_flight
        self.retries = retries
        self.timeout = timeout
        self.client: Any = None
        self._cluster: Any = None
        self._log_levels: dict[str, int] = {}
        self._auto_limit = max_in_flight is None

    # -- start / stop

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster

        self._quiet_dask_logs()
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             dashboard_address=None)
                self.client = Client(self._cluster, timeout=self.timeout)
            else:
                try:
                    self.client = Client(self.scheduler, timeout=self.timeout)
                except (OSError, TimeoutError) as exc:
                    raise DaskEngineError(f"cannot connect to the Dask scheduler at {self.scheduler}: {exc}") from None
                try:
                    self.client.wait_for_workers(self.workers, timeout=self.timeout)
                except (TimeoutError, OSError):
                    have = len(self.client.scheduler_info().get("workers", {}))
                    raise DaskEngineError(f"the Dask scheduler at {self.scheduler} has {have} worker(s) after "
                                          f"{self.timeout:g} s, {self.workers} needed") from None
            # Build the pipeline on every worker now: settings errors (SettingsError) surface
            # before any output, and an ImportError here means nlp_coder is missing on a worker.
            try:
                pids = self.client.run(_warm_worker, self.settings)
            except (ImportError, ModuleNotFoundError) as exc:
                raise DaskEngineError(f"the Dask workers cannot import nlp_coder ({exc}): install the same "
                                      "nlp_coder version on every worker") from None
            threads = sum(self.client.nthreads().values()) or len(pids) or 1
            self._auto_limit = self.max_in_flight is None
            if self._auto_limit:
                self.max_in_flight = 2 * threads + 1
            log.info("dask engine: %d worker(s), %d thread(s), scheduler %s", len(pids), threads,
                     self.client.scheduler.address)
        except BaseException:
            self._shutdown()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._shutdown()

    def _shutdown(self) -> None:
        client, cluster = self.client, self._cluster
        self.client = self._cluster = None
        try:
            if client is not None:
                client.close()
        finally:
            try:
                if cluster is not None:
                    cluster.close()
            finally:
                self._restore_logs()

    def _quiet_dask_logs(self) -> None:
        """Dask's own loggers say INFO about every start, connection and shutdown: keep
        them to warnings for this run unless our log level asks for more."""
        if logging.getLogger().getEffectiveLevel() <= logging.INFO:
            return
        for name in ("distributed", "tornado"):
            lg = logging.getLogger(name)
            if name not in self._log_levels:
                self._log_levels[name] = lg.level
            lg.setLevel(max(lg.level, logging.WARNING))

    def _restore_logs(self) -> None:
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)
        self._log_levels.clear()

    # -- the work

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        """One ``ChunkResult`` per chunk, in chunk order, at most ``max_in_flight`` tasks outstanding."""
        if self.client is None:
            raise RuntimeError("DaskEngine.map outside 'with DaskEngine(...)'")
        from distributed import KilledWorker

        client = self.client
        limit = max(1, self.max_in_flight or 1)
        token = uuid.uuid4().hex[:12]
        pending: collections.deque[tuple[Any, int, int]] = collections.deque()  # (future, first line, last line)
        it = iter(chunks)
        index = 0
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < limit:
                    chunk = next(it, None)
                    if chunk is None:
                        exhausted = True
                        break
                    fut = client.submit(_code_chunk, chunk, self.settings, key=f"{TASK_PREFIX}-{token}-{index:09d}",
                                        pure=False, retries=self.retries)
                    pending.append((fut, chunk[0][0], chunk[-1][0]))
                    index += 1
                if not pending:
                    return
                fut, first, last = pending.popleft()
                try:
                    result = fut.result()
                except KilledWorker:
                    raise DaskEngineError(
                        f"records {first}-{last} killed Dask workers repeatedly (out of memory?); the output holds "
                        f"every record before them; re-run the same command to resume") from None
                except (KeyboardInterrupt, BatchError):
                    raise
                except Exception as exc:  # noqa: BLE001 - any task or cluster failure ends the run cleanly
                    raise DaskEngineError(
                        f"records {first}-{last} failed on the Dask cluster ({type(exc).__name__}: {exc}); the output "
                        f"holds every record before them; re-run the same command to resume") from None
                fut.release()
                if self._auto_limit and index % 32 == 0:  # workers that joined since (autoscaling) get work too
                    limit = max(limit, 2 * sum(client.nthreads().values()) + 1)
                yield result
        finally:
            for fut, _, _ in pending:
                fut.cancel()


def run_dask(input_path: str, output_path: str, settings: BatchSettings | None = None, *,
             scheduler: str | None = None, n_workers: int | None = 2,
             lines_per_partition: int = DEFAULT_LINES_PER_PARTITION, quiet: bool = False, fmt: str = "jsonl",
             overwrite: bool = False, **kwargs: Any) -> BatchSummary:
    """The batch job on Dask: ``run_batch(..., engine="dask")`` with Dask-flavoured names.

    Without ``scheduler``: a ``LocalCluster`` of ``n_workers`` processes (one thread
    each); with ``scheduler`` (``tcp://host:8786``): that cluster, whatever its size
    (``n_workers`` is ignored; the job waits for at least one worker).
    Resumes an existing ``output_path`` unless ``overwrite``. Raises ``BatchError``
    (``DaskNotInstalledError`` without the extra, ``DaskEngineError`` for cluster
    failures) when the run itself fails; returns the ``BatchSummary``.
    """
    require_dask()
    workers = n_workers if scheduler is None else None
    return run_batch(input_path, output_path, settings=settings, engine="dask", scheduler=scheduler, workers=workers,
                     chunk_size=lines_per_partition, quiet=quiet, fmt=fmt, overwrite=overwrite, **kwargs)
