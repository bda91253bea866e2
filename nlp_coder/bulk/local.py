"""The local engine: a process pool on this machine (the default engine).

Each worker builds the pipeline once (pool initializer -> ``get_coder``) and
turns a chunk of raw lines into finished JSON lines (``process_chunk``), so
only bytes and strings cross process boundaries (never ``nlp.pipe(n_process)``,
which ships Docs back to the parent). Results come back in input order with
at most ``max_in_flight`` chunks submitted at a time. With one worker
everything runs in this process, without a pool.
"""

from __future__ import annotations

import collections
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from nlp_coder.bulk.engine import BatchSettings, Chunk, ChunkResult, get_coder, process_chunk

log = logging.getLogger(__name__)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- workers

_init_error: BaseException | None = None


def _init_worker(settings: BatchSettings, log_level: int) -> None:
    """Pool initializer: build the pipeline once; Ctrl-C is the parent's business."""
    global _init_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    logging.getLogger().setLevel(log_level)
    try:
        get_coder(settings)
    except BaseException as exc:  # reported with the first task, so the parent sees the message
        _init_error = exc


def _watch_parent(period: float = 0.5) -> None:
    """Exit when the parent dies (e.g. SIGKILL): pool workers would otherwise wait forever."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(period)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _ready() -> int:
    if _init_error is not None:
        raise _init_error
    return os.getpid()


def _work(chunk: Chunk, settings: BatchSettings) -> ChunkResult:
    if _init_error is not None:
        raise _init_error
    return process_chunk(chunk, settings)


# ----------------------------------------------------------------- engine


class LocalEngine:
    """``with LocalEngine(settings, workers=2) as eng: for res in eng.map(chunks): ...``"""

    def __init__(self, settings: BatchSettings, *, workers: int | None = None, max_in_flight: int | None = None):
        self.settings = settings
        self.workers = workers or default_workers()
        self.max_in_flight = max_in_flight or 2 * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalEngine:
        if self.workers == 1:
            get_coder(self.settings)  # build now: settings errors surface before any output
            return self
        fork = "fork" in mp.get_all_start_methods()
        ctx = mp.get_context("fork" if fork else None)
        if fork:
            # Build the pipeline once here: the forked workers inherit it (copy-on-write)
            # instead of each importing spaCy and building it, and settings errors surface
            # here. The pool starts now, before the caller starts any thread (progress bar).
            get_coder(self.settings)
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx, initializer=_init_worker,
                                         initargs=(self.settings, logging.getLogger().getEffectiveLevel()))
        try:
            self._pool.submit(_ready).result()
        except BaseException:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult]:
        if self._pool is None:
            for chunk in chunks:
                yield process_chunk(chunk, self.settings)
            return
        pending: collections.deque[Future[ChunkResult]] = collections.deque()
        it = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.max_in_flight:
                chunk = next(it, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.append(self._pool.submit(_work, chunk, self.settings))
            if not pending:
                return
            yield pending.popleft().result()
