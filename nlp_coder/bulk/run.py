"""The batch job: stream notes in, code them on an engine, append results in order, resumably.

``run_batch`` is the whole job (used by ``nlp-coder batch`` and the benchmark);
``run_from_cli`` wraps it for the CLI (messages, exit code). Run failures
(unreadable input, unwritable output, bad settings files, an output file that
belongs to another input) raise ``BatchError``; bad records never do: each
becomes an INPUT_ERROR record.

Also runnable as ``python -m nlp_coder.bulk.run IN -o OUT [--workers N] ...``
(the same job without the CLI's settings-file options; used by the tests).
"""

from __future__ import annotations

from rich.markup import escape

import contextlib
import itertools
import logging
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from typing import Any

from pydantic import BaseModel, Field

from nlp_coder.bulk.engine import (
    BatchSettings,
    Chunk,
    ChunkResult,
    SettingsError,
    max_line_bytes,
    record_id,
)
from nlp_coder.bulk.reader import FORMATS, InputFormatError, count_lines, iter_chunks, iter_records
from nlp_coder.bulk.writer import JsonlWriter, OutputFormatError, prepare_output

log = logging.getLogger(__name__)

#: Records per chunk: the unit of work sent to a worker, and of each write + fsync.
DEFAULT_CHUNK_SIZE = 200
ENGINES = ("local", "dask")

EXIT_OK = 0
EXIT_FAILED = 2
EXIT_INTERRUPTED = 130


class BatchError(RuntimeError):
    """The run itself failed (not a record): the message is for the user."""


class BatchSummary(BaseModel):
    input: str
    output: str
    engine: str
    workers: int
    resumed: int = 0  # records already in the output before this run
    records_in: int = 0  # records read and processed in this run
    records_out: int = 0  # records written in this run
    errors: dict[str, int] = Field(default_factory=dict)  # INPUT_ERROR records of this run, by type
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def notes_per_s(self) -> float:
        return self.records_out / self.seconds if self.seconds > 0 else 0.0

    @property
    def total_out(self) -> int:
        return self.resumed + self.records_out

    def render(self) -> str:
        errs = sum(self.errors.values())
        by_type = ", ".join(f"{k} {v:,}" for k, v in sorted(self.errors.items()))
        parts = [f"{self.records_in:,} records in, {self.records_out:,} out"]
        parts.append(f"{errs:,} input errors ({by_type})" if errs else "no input errors")
        if self.resumed:
            parts.append(f"resumed after {self.resumed:,} records already in {self.output}")
        parts.append(f"{self.seconds:.1f} s, {self.notes_per_s:,.0f} notes/s, {self.workers} worker(s), {self.engine}")
        head = "interrupted" if self.interrupted else "done"
        return f"batch {head}: " + "; ".join(parts)


def _settings(settings: BatchSettings | None, payer: str | None, max_chars: int | None) -> BatchSettings:
    base = settings or BatchSettings()
    update: dict[str, Any] = {}
    if payer:
        update["payer"] = payer
    if max_chars is not None:
        update["max_chars"] = max_chars
    return BatchSettings(**{**base.model_dump(), **update}) if update else base


def _open_engine(engine: str, settings: BatchSettings, workers: int | None, scheduler: str | None):
    if engine == "local":
        from nlp_coder.bulk.local import LocalEngine

        return LocalEngine(settings, workers=workers)
    if engine == "dask":
        try:
            from nlp_coder.bulk.dask_engine import DaskEngine
        except ImportError as exc:
            raise BatchError(f"the dask engine is not available ({exc}); install it with: pip install 'nlp_coder[dask]'") from None
        return DaskEngine(settings, workers=workers, scheduler=scheduler)
    raise BatchError(f"unknown engine {engine!r} (use one of: {', '.join(ENGINES)})")


def _error_types(result: ChunkResult | list[str]) -> tuple[list[str], list[str | None]]:
    if isinstance(result, ChunkResult):
        return result.lines, result.errors
    import json

    errors: list[str | None] = []
    for line in result:
        err = json.loads(line).get("error")
        errors.append(err.get("type") if isinstance(err, dict) else None)
    return result, errors


@contextlib.contextmanager
def _progress(show: bool, console: Any, completed: int, input_path: str, fmt: str):
    """A rich progress bar on the (terminal) stderr console, or a no-op."""
    if not show:
        yield lambda n: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):  # noqa: ANN001
            return Text(f"{task.speed:,.0f} notes/s" if task.speed else "- notes/s", style="progress.data.speed")

    progress = Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), Rate(), TimeElapsedColumn(),
                        TextColumn("elapsed,"), TimeRemainingColumn(), TextColumn("left"), console=console,
                        transient=False)
    task = progress.add_task("coding", total=None, completed=completed)
    if input_path != "-" and fmt == "jsonl":
        def count() -> None:
            with contextlib.suppress(OSError):
                progress.update(task, total=count_lines(input_path))

        counter = threading.Thread(target=count, name="count-lines", daemon=True)
        counter.start()
    else:
        counter = None
    with progress:
        yield lambda n: progress.advance(task, n)
        if counter is not None:
            counter.join(timeout=5)  # the final bar shows the total


def run_batch(
    input_path: str,
    output_path: str,
    *,
    fmt: str = "jsonl",
    workers: int | None = None,
    payer: str | None = None,
    quiet: bool = False,
    max_chars: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    settings: BatchSettings | None = None,
    overwrite: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    console: Any = None,
    progress: bool | None = None,
) -> BatchSummary:
    """Code every record of ``input_path`` into ``output_path`` (``-``: stdin / stdout).

    ``payer`` and ``max_chars``, when given, override those of ``settings``.
    Resumes after the complete records already in ``output_path`` unless
    ``overwrite``. Shows a progress bar when ``progress`` (default: stderr is a
    terminal and not ``quiet``) and prints the summary on stderr unless
    ``quiet``. Raises ``BatchError`` when the run itself fails; returns the
    summary (``interrupted=True`` after Ctrl-C, the output then ends on a
    complete chunk and the same call resumes).
    """
    start = time.perf_counter()
    settings = _settings(settings, payer, max_chars)
    if fmt not in FORMATS:
        raise BatchError(f"unknown input format {fmt!r} (use one of: {', '.join(FORMATS)})")
    if chunk_size < 1:
        raise BatchError("chunk_size must be at least 1")
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    if input_path != "-" and output_path != "-" and os.path.exists(output_path):
        with contextlib.suppress(OSError):
            if os.path.samefile(input_path, output_path):
                raise BatchError("the output file is the input file")

    eng = _open_engine(engine, settings, workers, scheduler)
    summary = BatchSummary(input=input_path, output=output_path, engine=engine,
                           workers=getattr(eng, "workers", workers or 0) or 0)
    try:
        in_fh = sys.stdin.buffer if input_path == "-" else open(input_path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise BatchError(f"cannot read {input_path}: {exc.strerror or exc}") from None
    try:
        with contextlib.ExitStack() as stack:
            if in_fh is not sys.stdin.buffer:
                stack.callback(in_fh.close)
            resume_id: str | None = None
            if output_path != "-":
                try:
                    point = prepare_output(output_path, overwrite=overwrite)
                except OSError as exc:
                    raise BatchError(f"cannot write {output_path}: {exc.strerror or exc}") from None
                except OutputFormatError as exc:
                    raise BatchError(str(exc)) from None
                summary.resumed, resume_id = point.records, point.last_id
            records = iter_records(in_fh, fmt, max_line_bytes(settings.max_chars))
            try:
                _skip(records, summary.resumed, resume_id, settings, input_path, output_path)
                if summary.resumed:
                    log.info("resuming %s after record %d (id %s)", output_path, summary.resumed, resume_id)
                chunks = _count(iter_chunks(records, chunk_size), summary)
                first = next(chunks, None)  # nothing left to do (e.g. a finished run resumed): no engine start
                try:
                    writer = stack.enter_context(JsonlWriter(output_path))
                except OSError as exc:
                    raise BatchError(f"cannot write {output_path}: {exc.strerror or exc}") from None
                if first is not None:
                    try:
                        stack.enter_context(eng)
                    except SettingsError as exc:
                        raise BatchError(str(exc)) from None
                show = (not quiet and console.is_terminal) if progress is None else progress
                advance = stack.enter_context(_progress(show, console, summary.resumed, input_path, fmt))
                errors: Counter[str] = Counter()
                for result in eng.map(itertools.chain([first], chunks)) if first is not None else ():
                    lines, errs = _error_types(result)
                    try:
                        writer.write_chunk(lines)
                    except OSError as exc:
                        raise BatchError(f"cannot write {output_path}: {exc.strerror or exc}") from None
                    summary.records_out += len(lines)
                    errors.update(e for e in errs if e is not None)
                    advance(len(lines))
                summary.errors = dict(errors)
            except InputFormatError as exc:
                raise BatchError(f"{input_path}: {exc}") from None
            except BrokenExecutor as exc:
                raise BatchError(f"a worker process died ({exc}); the output ends on a complete chunk: re-run the "
                                 "same command to resume (fewer --workers if memory ran out)") from None
            except OSError as exc:
                raise BatchError(f"cannot read {input_path}: {exc.strerror or exc}") from None
        if summary.records_in != summary.records_out:
            raise BatchError(f"internal error: {summary.records_in} records read but {summary.records_out} written")
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.errors = dict(summary.errors)
    summary.seconds = time.perf_counter() - start
    log.info("%s", summary.render())
    if not quiet:
        console.print(summary.render(), markup=False, highlight=False, soft_wrap=True)
        if summary.interrupted:
            console.print("re-run the same command to resume", markup=False, highlight=False, soft_wrap=True)
    return summary


def _skip(records: Iterator[tuple[int, bytes]], n: int, last_id: str | None, settings: BatchSettings,
          input_path: str, output_path: str) -> None:
    """Skip the ``n`` records already in the output, checking that the last one is the same record."""
    item = None
    for i in range(n):
        item = next(records, None)
        if item is None:
            raise BatchError(f"{output_path} already holds {n} records but {input_path} has only {i}: "
                             "it is the output of another input; use --overwrite to start over")
    if item is not None and last_id is not None:
        expected = record_id(item[0], item[1], settings)
        if expected != last_id:
            raise BatchError(f"{output_path} does not belong to {input_path}: its record {n} has id {last_id!r}, "
                             f"input record {n} has id {expected!r}; use --overwrite to start over")


def _count(chunks: Iterator[Chunk], summary: BatchSummary) -> Iterator[Chunk]:
    for chunk in chunks:
        summary.records_in += len(chunk)
        yield chunk


def run_from_cli(*, input_path: str, output_path: str, fmt: str = "jsonl", workers: int | None = None,
                 engine: str = "local", scheduler: str | None = None, payer: str | None = None,
                 max_chars: int = 1_000_000, note_timeout: float = 60.0, overwrite: bool = False, quiet: bool = False,
                 ptp: list[str] | None = None, mue: list[str] | None = None, payer_files: list[str] | None = None,
                 model: str | None = None, threshold: float | None = None, console: Any = None,
                 chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
    """``nlp-coder batch``: run the job, print a one-line error on failure; return the exit code
    (0 done, 2 the run failed, 130 interrupted)."""
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    settings = BatchSettings(payer=payer or None, ptp_files=tuple(ptp or ()), mue_files=tuple(mue or ()),
                             payer_files=tuple(payer_files or ()), model_path=model, model_threshold=threshold,
                             max_chars=max_chars, note_timeout=note_timeout)
    try:
        summary = run_batch(input_path, output_path, fmt=fmt, workers=workers, quiet=quiet, chunk_size=chunk_size,
                            settings=settings, overwrite=overwrite, engine=engine, scheduler=scheduler, console=console)
    except BatchError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        return EXIT_FAILED
    return EXIT_INTERRUPTED if summary.interrupted else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m nlp_coder.bulk.run", description="Code a file of notes (batch job).")
    ap.add_argument("input", help="JSONL or CSV of notes; '-' for standard input")
    ap.add_argument("-o", "--output", required=True, help="output JSONL; '-' for standard output")
    ap.add_argument("--format", dest="fmt", default="jsonl", choices=FORMATS)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--engine", default="local", choices=ENGINES)
    ap.add_argument("--scheduler", default=None)
    ap.add_argument("--payer", default=None)
    ap.add_argument("--max-chars", type=int, default=1_000_000)
    ap.add_argument("--note-timeout", type=float, default=60.0)
    ap.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)
    ap.add_argument("--overwrite", "--no-resume", action="store_true")
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run_from_cli(input_path=a.input, output_path=a.output, fmt=a.fmt, workers=a.workers, engine=a.engine,
                        scheduler=a.scheduler, payer=a.payer, max_chars=a.max_chars, note_timeout=a.note_timeout,
                        overwrite=a.overwrite, quiet=a.quiet, chunk_size=a.chunk_size)


if __name__ == "__main__":
    sys.exit(main())
