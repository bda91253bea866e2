"""Streaming input: a file of notes -> ``(record number, line bytes)`` pairs, then chunks.

Memory stays bounded: lines are read one at a time (an over-long line is cut
after its first bytes and skipped to its end, becoming a ``too_large``
record), and chunks are bounded in records and bytes.

- JSON Lines: every physical line (split on ``\\n`` only) is a record, blank
  lines included (they become ``empty_line`` INPUT_ERROR records). The record
  number is the 1-based line number.
- CSV (``--format csv``): a header row with at least ``id`` and ``text``;
  other columns (``payer``, ``discipline``, ``date_of_service`` when not
  empty; anything else) are record fields, and unknown ones end up in the
  output's ``meta``. The record number is the 1-based data row number (the
  header is row 0). Each row is handed on as a JSON line, so CSV and JSON
  Lines inputs of the same notes give the same output records. Bytes that
  are not UTF-8 make the row a ``not_utf8`` record, as in JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from nlp_coder.bulk.engine import Chunk, OversizedLine

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv")
#: Bytes kept of a line that is too long (enough to find its id).
OVERSIZED_PREFIX = 4096
#: Chunk bound in bytes, besides the bound in records.
MAX_CHUNK_BYTES = 8 << 20
_OPTIONAL_FIELDS = ("payer", "discipline", "date_of_service")


class InputFormatError(ValueError):
    """The input as a whole cannot be read as the format asked for (e.g. a CSV without a ``text`` column)."""


def iter_jsonl(fh: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Every line of a binary stream with its 1-based number."""
    line_no = 0
    readline = fh.readline
    while True:
        line = readline(max_line_bytes + 1)
        if not line:
            return
        line_no += 1
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            prefix = line[:OVERSIZED_PREFIX]
            size = len(line)
            while True:  # skip the rest of the line without holding it
                rest = readline(1 << 20)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            log.warning("line %d is %d bytes, over the limit of %d: written as too_large", line_no, size, max_line_bytes)
            yield line_no, OversizedLine(prefix)
        else:
            yield line_no, line


def iter_csv(fh: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Every data row of a CSV stream, as a JSON-encoded line, with its 1-based row number."""
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape", newline="")
    csv.field_size_limit(max(max_line_bytes, csv.field_size_limit()))
    reader = csv.DictReader(text)
    try:
        fields = reader.fieldnames
    except csv.Error as exc:
        raise InputFormatError(f"the CSV header cannot be read: {exc}") from None
    if fields is None:
        return  # an empty file: no records
    missing = [c for c in ("id", "text") if c not in fields]
    if missing:
        raise InputFormatError(f"the CSV header has no {' and no '.join(repr(c) for c in missing)} column "
                               f"(columns: {', '.join(fields)})")
    row_no = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            log.warning("CSV row %d (line %d) cannot be read (%s): written as too_large", row_no, reader.line_num, exc)
            yield row_no, OversizedLine(b"")
            continue
        row_no += 1
        if None in row:
            log.warning("CSV row %d (line %d) has more fields than the header: the extra fields are ignored",
                        row_no, reader.line_num)
            del row[None]
        record = {k: v for k, v in row.items() if v is not None and not (k in _OPTIONAL_FIELDS and not v.strip())}
        line = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogateescape")
        if len(line) > max_line_bytes:
            yield row_no, OversizedLine(line[:OVERSIZED_PREFIX])
        else:
            yield row_no, line


def iter_records(fh: BinaryIO, fmt: str, max_line_bytes: int) -> Iterator[tuple[int, bytes]]:
    if fmt == "jsonl":
        return iter_jsonl(fh, max_line_bytes)
    if fmt == "csv":
        return iter_csv(fh, max_line_bytes)
    raise InputFormatError(f"unknown input format {fmt!r} (use one of: {', '.join(FORMATS)})")


def iter_chunks(records: Iterable[tuple[int, bytes]], chunk_size: int,
                max_chunk_bytes: int = MAX_CHUNK_BYTES) -> Iterator[Chunk]:
    """Group records into lists of at most ``chunk_size`` records and about ``max_chunk_bytes`` bytes."""
    chunk: Chunk = []
    size = 0
    for item in records:
        chunk.append(item)
        size += len(item[1])
        if len(chunk) >= chunk_size or size >= max_chunk_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def count_lines(path: str | os.PathLike[str], block: int = 1 << 20) -> int:
    """The number of lines of a file (a last line without newline counts), fast."""
    n = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while data := fh.read(block):
            n += data.count(b"\n")
            last = data[-1:]
    return n + (last != b"\n")
