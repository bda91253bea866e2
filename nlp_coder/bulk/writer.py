"""Ordered, resumable JSON Lines output.

The output holds one JSON line per input record, in input order, so "how
far did the last run get" is simply the number of complete records in the
output. ``prepare_output`` counts them and cuts away a half-written tail (a
last line without its newline, or trailing lines that are not JSON objects,
as a crash can leave); the job then skips that many input records and
appends. Chunks are written whole, then flushed and fsynced, so a run killed
at any moment and resumed gives the same bytes as an uninterrupted run.
"""

from __future__ import annotations

import collections
import json
import logging
import os
import sys
from dataclasses import dataclass
from typing import BinaryIO

log = logging.getLogger(__name__)

#: How many trailing lines ``prepare_output`` checks to be JSON objects.
CHECK_TAIL_LINES = 64


class OutputFormatError(ValueError):
    """The existing output file cannot be resumed."""


@dataclass(frozen=True)
class ResumePoint:
    records: int  # complete records kept in the output
    last_id: str | None  # id of the last kept record
    truncated_bytes: int  # bytes of a half-written tail that were cut away


def _json_object(line: bytes) -> dict | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    ok = isinstance(value, dict) and isinstance(value.get("id"), str) and "findings" in value and "error" in value
    return value if ok else None


_HEAD = b'{"id":'


def _crash_debris(data: bytes) -> bool:
    """Whether bytes to cut away look like what a crash of this tool leaves (the start of
    a record, NUL padding), rather than someone else's file."""
    for piece in data.split(b"\n"):
        piece = piece.strip(b"\x00")
        if piece and piece[: len(_HEAD)] != _HEAD[: len(piece)]:
            return False
    return True


def prepare_output(path: str, *, overwrite: bool = False, block: int = 1 << 20) -> ResumePoint:
    """Make ``path`` ready for appending; return how many records it already holds.

    With ``overwrite`` (or when the file does not exist) the file is emptied.
    Raises ``OSError`` when the file cannot be read, truncated or created, and
    ``OutputFormatError`` when it does not look like an output of this tool.
    """
    if overwrite or not os.path.exists(path):
        with open(path, "wb") as fh:
            os.fsync(fh.fileno())
        _fsync_dir(path)
        return ResumePoint(0, None, 0)
    with open(path, "r+b") as fh:
        size = os.fstat(fh.fileno()).st_size
        newlines = 0
        ends: collections.deque[int] = collections.deque(maxlen=CHECK_TAIL_LINES + 1)  # offset just after each "\n"
        pos = 0
        while data := fh.read(block):
            start = 0
            while (i := data.find(b"\n", start)) >= 0:
                newlines += 1
                ends.append(pos + i + 1)
                start = i + 1
            pos += len(data)
        # check the last complete lines; keep up to the first one that is not a JSON object
        offsets = list(ends)
        if newlines > CHECK_TAIL_LINES:
            base, line_ends = offsets[0], offsets[1:]
        else:
            base, line_ends = 0, offsets
        keep_end, kept_lines, last_id = base, newlines - len(line_ends), None
        for s, e in zip([base] + line_ends[:-1], line_ends):
            fh.seek(s)
            obj = _json_object(fh.read(e - s))
            if obj is None:
                log.warning("%s: line %d is not a complete output record; it and what follows are rewritten",
                            path, kept_lines + 1)
                break
            keep_end, kept_lines, last_id = e, kept_lines + 1, obj["id"]
        if last_id is None and kept_lines:  # every checked line was bad: the id is on the line before them
            obj = _json_object(_line_before(fh, keep_end))
            if obj is None:
                raise OutputFormatError(f"{path} is not an output file of this tool (line {kept_lines} is not a "
                                        "result record); use --overwrite to replace it")
            last_id = obj["id"]
        if keep_end < size:
            fh.seek(keep_end)
            if not _crash_debris(fh.read(size - keep_end)):
                raise OutputFormatError(f"{path} is not an output file of this tool (line {kept_lines + 1} is not a "
                                        "result record); use --overwrite to replace it")
            log.warning("%s: cutting a half-written tail of %d bytes after record %d", path, size - keep_end, kept_lines)
            fh.truncate(keep_end)
            fh.flush()
            os.fsync(fh.fileno())
        return ResumePoint(kept_lines, last_id, size - keep_end)


def _line_before(fh: BinaryIO, end: int, block: int = 1 << 16) -> bytes:
    """The line whose newline is at offset ``end - 1``, without the newline."""
    pos = end - 1
    parts: list[bytes] = []
    while pos > 0:
        step = min(block, pos)
        fh.seek(pos - step)
        data = fh.read(step)
        i = data.rfind(b"\n")
        if i >= 0:
            parts.append(data[i + 1:])
            break
        parts.append(data)
        pos -= step
    return b"".join(reversed(parts))


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class JsonlWriter:
    """Appends chunks of JSON lines; each chunk is flushed and (for a file) fsynced."""

    def __init__(self, path: str):
        self.path = path
        self.is_stdout = path == "-"
        self._fh: BinaryIO = sys.stdout.buffer if self.is_stdout else open(path, "ab")  # noqa: SIM115
        self.records = 0

    def write_chunk(self, lines: list[str]) -> None:
        if not lines:
            return
        data = ("\n".join(lines) + "\n").encode("utf-8")
        self._fh.write(data)
        self._fh.flush()
        if not self.is_stdout:
            os.fsync(self._fh.fileno())
        self.records += len(lines)

    def close(self) -> None:
        if self.is_stdout:
            self._fh.flush()
        else:
            self._fh.close()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
