"""The annotation corpus on disk: append-only JSONL, crash-safe.

Every decision is one JSON line appended with a single ``os.write`` on a
descriptor opened with ``O_APPEND``, then ``os.fsync``. A crash can only
leave the *last* line incomplete (no trailing newline); ``CorpusFile``
repairs that on open by truncating to the last newline, so earlier records
are never lost and the file always parses. (A last line that is a whole
JSON object and only lacks its newline, as after a hand edit, is kept and
given its newline.)

Records are never rewritten: a note decided again (after "Back") gets a new
line, and readers keep the last record per id (``latest_records``).
``load_corpus`` also drops ``decision: "skipped"`` records, which exist only
so that a resumed session does not show those notes again.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DECISIONS = ("accepted", "corrected", "skipped")


class CorpusError(ValueError):
    """A complete line of the corpus file is not a JSON object."""


class CorpusFile:
    """One annotation corpus file; ``repair()`` runs on construction."""

    def __init__(self, path: str | os.PathLike[str], *, repair: bool = True):
        self.path = Path(path)
        self.dropped = b""  # bytes of a torn last line removed by repair()
        if repair:
            self.repair()

    # ------------------------------------------------------------ writing

    def repair(self) -> int:
        """Truncate a torn (newline-less) last line; return the bytes removed."""
        if not self.path.exists():
            return 0
        fd = os.open(self.path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size == 0:
                return 0
            os.lseek(fd, size - 1, os.SEEK_SET)
            if os.read(fd, 1) == b"\n":
                return 0
            # find the last newline, reading backwards in blocks
            keep, pos, block = 0, size, 64 * 1024
            while pos > 0:
                start = max(0, pos - block)
                os.lseek(fd, start, os.SEEK_SET)
                chunk = os.read(fd, pos - start)
                nl = chunk.rfind(b"\n")
                if nl >= 0:
                    keep = start + nl + 1
                    break
                pos = start
            os.lseek(fd, keep, os.SEEK_SET)
            tail = os.read(fd, size - keep)
            if _complete_record(tail):  # a whole record that only lacks its newline (hand edit): keep it
                os.lseek(fd, 0, os.SEEK_END)
                os.write(fd, b"\n")
                os.fsync(fd)
                return 0
            self.dropped = tail
            os.ftruncate(fd, keep)
            os.fsync(fd)
            log.warning("%s: removed a torn last line (%d bytes) left by an interrupted write",
                        self.path, size - keep)
            return size - keep
        finally:
            os.close(fd)  # also releases the lock

    def append(self, record: dict[str, Any]) -> None:
        """Append one record durably: one write of one full line, then fsync."""
        data = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            view = memoryview(data)
            while view:  # a regular file takes it in one write; loop only for safety
                n = os.write(fd, view)
                view = view[n:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:  # make the new directory entry durable too
            dfd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)

    # ------------------------------------------------------------ reading

    def records(self) -> Iterator[dict[str, Any]]:
        """Every complete record, in file order (a torn last line is ignored)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as fh:
            for n, raw in enumerate(fh, 1):
                if not raw.endswith(b"\n") and not _complete_record(raw):
                    break  # torn tail: not a record (repair() removes it)
                if not raw.strip():
                    continue
                try:
                    rec = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise CorpusError(f"{self.path}:{n}: not a JSON record ({exc})") from None
                if not isinstance(rec, dict):
                    raise CorpusError(f"{self.path}:{n}: not a JSON object")
                yield rec

    def latest(self) -> dict[str, dict[str, Any]]:
        """The last record per id (any decision), in first-seen order."""
        return latest_records(self.records())

    def done_ids(self) -> set[str]:
        """Ids with any decision (accepted, corrected or skipped)."""
        return {str(r["id"]) for r in self.records() if "id" in r}


def _complete_record(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


def latest_records(records: Iterator[dict[str, Any]] | list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rec in records:
        if "id" in rec:
            out[str(rec["id"])] = rec
    return out


def load_corpus(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The gold records of a corpus file: last decision per id, skipped ones excluded.

    Read-only: a torn last line is ignored, not repaired. The records are in
    the gold format read by ``nlp_coder.evaluate`` (input fields, ``gold``,
    ``interventions``, plus ``annotator``, ``annotated_at``, ``decision``).
    """
    latest = CorpusFile(path, repair=False).latest()
    return [r for r in latest.values() if r.get("decision") != "skipped" and isinstance(r.get("gold"), dict)]


def read_notes(path: str | os.PathLike[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Notes of an input JSONL: (records with an id and a text, warnings).

    Lines that are not JSON objects, lack an ``id`` or a non-empty ``text``,
    or repeat an id, are left out with a warning naming the line.
    """
    notes: list[dict[str, Any]] = []
    warnings: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                warnings.append(f"line {n}: not JSON, left out")
                continue
            if not isinstance(rec, dict):
                warnings.append(f"line {n}: not a JSON object, left out")
                continue
            rid, text = rec.get("id"), rec.get("text")
            if isinstance(rid, int) and not isinstance(rid, bool):
                rid = str(rid)
            if not isinstance(rid, str) or not rid.strip():
                warnings.append(f"line {n}: no usable id, left out")
                continue
            if not isinstance(text, str) or not text.strip():
                warnings.append(f"line {n} ({rid}): no text, left out")
                continue
            if rid in seen:
                warnings.append(f"line {n}: id {rid} repeated, left out")
                continue
            seen.add(rid)
            notes.append({**rec, "id": rid})
    return notes, warnings
