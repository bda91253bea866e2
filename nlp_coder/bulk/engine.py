"""The engine-agnostic core of bulk processing.

Every engine (the local process pool in ``local.py``, the Dask engine in
``dask_engine.py``, a Spark ``mapInPandas`` recipe) calls the same two
functions, so every engine writes byte-identical output:

- ``get_coder(settings) -> Coder``: the pipeline and coding settings, built
  once per process (``lru_cache``) on first use.
- ``process_batch(chunk, settings) -> list[str]``: ``(line number, raw line
  bytes)`` pairs in, the output JSON lines (no trailing newline) out, same
  order, exactly one per input pair. It never raises for bad input: a line
  that is not UTF-8 or not JSON, a record without ``id`` or ``text``, an empty
  or oversized note all become ``INPUT_ERROR`` records.

A chunk item is one physical input line (split on ``b"\\n"`` only; a trailing
``b"\\r\\n"``/``b"\\n"`` is allowed and ignored). Every line is a record: a blank
line gives an ``INPUT_ERROR`` record of type ``empty_line`` (the id is
``line-<N>``), so line N of the input is always record N of the output.
``reader.py`` yields CSV rows as JSON-encoded lines, so CSV goes through the
same path.

Settings errors (an unreadable ``--ptp`` file, a bad model) are failures of
the run, not of a record: ``get_coder`` raises ``SettingsError`` for them.

Only doc-free values cross process boundaries: bytes in, str out.

Engines plug into ``run.run_batch`` through the ``Engine`` protocol below: a
context manager (start the pool / cluster on enter, shut it down on exit)
whose ``map(chunks)`` yields one result per chunk *in chunk order*, either a
``ChunkResult`` (from ``process_chunk``) or the ``list[str]`` of
``process_batch``, keeping only a bounded number of chunks in flight.
``run.run_batch(engine="dask")`` builds
``nlp_coder.bulk.dask_engine.DaskEngine(settings, workers=..., scheduler=...)``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import re
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from nlp_coder.coder import MAX_NOTE_CHARS, Coder, SettingsError, input_error, validate_record
from nlp_coder.schema import CodingResult, NoteIn

log = logging.getLogger(__name__)

#: Notes coded outside the memory zone, per process, to warm the tokenizer cache
#: (inside ``nlp.memory_zone()`` spaCy does not add to the cache).
WARMUP_NOTES = 1000

__all__ = [
    "BatchSettings",
    "Chunk",
    "ChunkResult",
    "Engine",
    "NoteTimeout",
    "OversizedLine",
    "SettingsError",
    "get_coder",
    "process_batch",
    "process_chunk",
    "record_id",
    "max_line_bytes",
]


class BatchSettings(BaseModel):
    """Everything that decides the output bytes of a batch run. Frozen and hashable.

    ``payer``: when set, overrides the ``payer`` of every record (``--payer``).
    File lists are tuples of path strings (lists are accepted and converted).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    payer: str | None = None
    ptp_files: tuple[str, ...] = ()
    mue_files: tuple[str, ...] = ()
    payer_files: tuple[str, ...] = ()
    model_path: str | None = None
    model_threshold: float | None = None
    max_chars: int = MAX_NOTE_CHARS
    #: Seconds one note may take before it is stopped and written as an ``INPUT_ERROR`` of type ``timeout``
    #: (0: no limit). A watchdog, not a budget: a note takes milliseconds, so only a note the reader
    #: handles pathologically reaches it. Enforced with ``SIGALRM`` in a process's main thread (the
    #: local engine's workers); not in threads (Dask's workers) or where the platform has no ``setitimer``.
    note_timeout: float = Field(default=60.0, ge=0)
    #: Use ``nlp.memory_zone()`` per chunk (after warming the cache) to keep memory flat.
    memory_zone: bool = True


class OversizedLine(bytes):
    """The first bytes of an input line the reader cut because it was longer than
    ``max_line_bytes(max_chars)``: ``process_batch`` turns it into ``too_large``."""

    __slots__ = ()


def max_line_bytes(max_chars: int) -> int:
    """The longest input line that can still hold a note of ``max_chars`` characters
    (a JSON ``\\uXXXX`` escape is 6 bytes a character) plus its other fields."""
    return 6 * max_chars + (1 << 20)


class ChunkResult(BaseModel):
    """``process_chunk``'s answer: the output lines and, for each, its error type (or None)."""

    lines: list[str]
    errors: list[str | None]


Chunk = list[tuple[int, bytes]]


class Engine(Protocol):
    """How ``run_batch`` drives an engine (``local.LocalEngine``, ``dask_engine.DaskEngine``)."""

    def __enter__(self) -> "Engine": ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, chunks: Iterable[Chunk]) -> Iterator[ChunkResult | list[str]]:
        """One result per chunk, in input order; consume ``chunks`` lazily (bounded in-flight)."""
        ...


# ------------------------------------------------------------ the pipeline


@functools.lru_cache(maxsize=4)
def get_coder(settings: BatchSettings) -> Coder:
    """The ``Coder`` for these settings, built once per process."""
    edit_tables = None
    if settings.ptp_files or settings.mue_files:
        from nlp_coder.coding.edits import EditFileError, load_edit_tables

        try:
            edit_tables = load_edit_tables(ptp_paths=settings.ptp_files, mue_paths=settings.mue_files)
        except (EditFileError, OSError) as exc:
            raise SettingsError(str(exc)) from None
    coder = Coder(edit_tables=edit_tables, payer_files=settings.payer_files, model_path=settings.model_path,
                  model_threshold=settings.model_threshold)
    _warm_state[id(coder)] = 0
    return coder


# notes coded so far outside a memory zone, per Coder of this process
_warm_state: dict[int, int] = {}


# ------------------------------------------------------------- the records

_ID_RE = re.compile(rb'"id"\s*:\s*"((?:[^"\\\r\n]|\\.){1,200})"')


def _decode_line(line_no: int, raw: bytes, settings: BatchSettings) -> Any:
    """Raw line bytes -> decoded JSON value, or the INPUT_ERROR result replacing it."""
    fallback = f"line-{line_no}"
    if isinstance(raw, OversizedLine):
        m = _ID_RE.search(raw)
        note_id = fallback
        if m:
            try:
                found = json.loads(b'"' + m.group(1) + b'"')
                if isinstance(found, str) and found.strip():
                    note_id = found
            except ValueError:
                pass
        limit = max_line_bytes(settings.max_chars)
        return input_error(note_id, "too_large",
                           f"the line is over {limit} bytes, too long for a note of at most {settings.max_chars} characters")
    raw = bytes(raw).rstrip(b"\r\n") if raw.endswith((b"\n", b"\r")) else bytes(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return input_error(fallback, "not_utf8", f"the line is not valid UTF-8 (byte {exc.start})")
    if line_no == 1 and text.startswith("\ufeff"):
        text = text[1:]  # a UTF-8 byte order mark
    if not text.strip():
        return input_error(fallback, "empty_line", "the line is empty")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        msg = f"the line is not JSON ({exc.msg} at column {exc.colno})" if isinstance(exc, json.JSONDecodeError) \
            else "the line is not JSON"
        return input_error(fallback, "invalid_json", msg)


def _check(line_no: int, raw: bytes, settings: BatchSettings) -> NoteIn | CodingResult:
    value = _decode_line(line_no, raw, settings)
    if isinstance(value, CodingResult):
        checked: NoteIn | CodingResult = value
    else:
        if settings.payer and isinstance(value, dict):
            value = {**value, "payer": settings.payer}
        checked = validate_record(value, line_no, settings.max_chars)
    if isinstance(checked, CodingResult):
        if settings.payer and checked.payer != settings.payer:
            checked = checked.model_copy(update={"payer": settings.payer})
        err = checked.error
        log.info("line %d (id %s): input error %s", line_no, checked.id, err.type if err else "?")
    return checked


def process_chunk(chunk: Sequence[tuple[int, bytes]], settings: BatchSettings) -> ChunkResult:
    """``process_batch`` plus the error type of each output line (for the run summary)."""
    checked = [(line_no, _check(line_no, raw, settings)) for line_no, raw in chunk]
    results: list[CodingResult | None] = [c if isinstance(c, CodingResult) else None for _, c in checked]
    todo = [(i, c) for i, (_, c) in enumerate(checked) if isinstance(c, NoteIn)]
    if todo:
        coder = get_coder(settings)
        # The first WARMUP_NOTES notes of each process are coded outside any memory zone:
        # that fills the tokenizer cache (spaCy does not add to it inside a zone) and lets
        # components initialise lazily with permanent strings. Later chunks run in a zone,
        # so the strings of each chunk are freed after it and memory stays flat.
        warm = _warm_state.get(id(coder), WARMUP_NOTES)
        if settings.memory_zone and warm >= WARMUP_NOTES and hasattr(coder.nlp, "memory_zone"):
            with coder.nlp.memory_zone():
                coded = _code(coder, todo, chunk, settings)
        else:
            coded = _code(coder, todo, chunk, settings)
            _warm_state[id(coder)] = warm + len(todo)
        for (i, _), res in zip(todo, coded):
            results[i] = res
    lines: list[str] = []
    errors: list[str | None] = []
    for res in results:
        assert res is not None
        lines.append(res.to_json())
        errors.append(res.error.type if res.error is not None else None)
    return ChunkResult(lines=lines, errors=errors)


class NoteTimeout(BaseException):
    """Raised by ``_time_limit``'s alarm. A ``BaseException`` (as ``KeyboardInterrupt`` is, for the same
    reason: it interrupts whatever code runs) so that the per-note ``except Exception`` of
    ``Coder.code_notes`` does not swallow it and go on with the chunk's other notes unwatched."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise ``NoteTimeout`` in the body after ``seconds`` (no limit for 0 or where no alarm is possible)."""
    if not seconds or not _can_alarm():
        yield
        return

    def on_alarm(signum, frame):
        raise NoteTimeout

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _code(coder: Coder, todo: list[tuple[int, NoteIn]], chunk: Sequence[tuple[int, bytes]],
          settings: BatchSettings) -> list[CodingResult]:
    """Code the valid notes; the whole list is built inside the caller's memory zone
    (results are plain pydantic values, no Doc escapes the zone)."""
    notes = [n for _, n in todo]
    try:
        # the whole chunk gets one note's limit: a chunk of ordinary notes takes a small part of it, and
        # when it does not, the notes are coded again one by one, each with its own limit
        with _time_limit(settings.note_timeout):
            out = list(coder.code_notes(notes))
        if len(out) != len(notes):
            raise RuntimeError(f"the coder returned {len(out)} results for {len(notes)} notes")
        return out
    except NoteTimeout:
        log.warning("a chunk (lines %d-%d) took over %g s; coding its %d notes one by one",
                    chunk[0][0], chunk[-1][0], settings.note_timeout, len(notes))
    except Exception as exc:
        # code_notes already isolates per-note coding errors; this is a failure of the
        # pipeline itself (e.g. the tokenizer). Retry one note at a time so only the
        # culprit(s) become internal_error records. Exception messages may quote note
        # text: only their type is logged (the traceback at DEBUG level).
        log.error("a chunk (lines %d-%d) failed in the pipeline (%s); retrying its %d notes one by one",
                  chunk[0][0], chunk[-1][0], type(exc).__name__, len(notes))
        log.debug("pipeline failure", exc_info=True)
    return [_code_one(coder, note, chunk[i][0], settings) for i, note in todo]


def _code_one(coder: Coder, note: NoteIn, line_no: int, settings: BatchSettings) -> CodingResult:
    """One note alone, under its own time limit; a failure becomes its INPUT_ERROR record."""
    try:
        with _time_limit(settings.note_timeout):
            (res,) = list(coder.code_notes([note]))
        return res
    except NoteTimeout:
        log.error("note %s (line %d) took over %g s and was stopped", note.id, line_no, settings.note_timeout)
        return input_error(note.id, "timeout",
                           f"reading this note took over {settings.note_timeout:g} s and was stopped; "
                           "please report its id: the reader handles something in its text badly",
                           payer=note.payer, meta=note.meta())
    except Exception as exc:
        log.error("note %s (line %d) failed in the pipeline (%s)", note.id, line_no, type(exc).__name__)
        log.debug("pipeline failure", exc_info=True)
        return input_error(note.id, "internal_error", f"{type(exc).__name__} while reading this note",
                           payer=note.payer, meta=note.meta())


def process_batch(chunk: Sequence[tuple[int, bytes]], settings: BatchSettings) -> list[str]:
    """(1-based line number, raw line bytes) pairs -> output JSON lines, same order, one each.

    Never raises for bad input. Deterministic: the same line and settings always
    give the same bytes, whatever the chunking, engine or worker count.
    """
    return process_chunk(chunk, settings).lines


def record_id(line_no: int, raw: bytes, settings: BatchSettings) -> str:
    """The id the output record of this input line gets (without coding it)."""
    return _check(line_no, raw, settings).id
