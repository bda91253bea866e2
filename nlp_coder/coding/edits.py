"""NCCI procedure-to-procedure (PTP) edits and Medically Unlikely Edits (MUE).

Coding guidelines, Step 5; billing-rules.md section 4. Pure Python.

Data
----
The edit tables are *data*: the CMS practitioner PTP files (``ccipra-...-f1``
to ``f4``) and the practitioner MUE file, in their official tab-delimited
layouts, loaded with :func:`load_edit_tables`. The project ships only small
SAMPLE files (``coding/tables/samples/``), not CMS data.

PTP layout (one row per edit, after a preamble and a header wrapped over
several lines)::

    Column 1 <TAB> Column 2 <TAB> *=in existence prior to 1996 <TAB>
    Effective Date (YYYYMMDD) <TAB> Deletion Date (*=no data, or YYYYMMDD) <TAB>
    Modifier 0=not allowed 1=allowed 9=not applicable <TAB> PTP Edit Rationale

MUE layout::

    HCPCS/CPT Code <TAB> Practitioner Services MUE Values <TAB>
    MUE Adjudication Indicator (e.g. "3 Date of Service Edit: Clinical") <TAB>
    MUE Rationale

The data start is the first line whose first field is a 5-character HCPCS/CPT
code; every later non-blank line must be a well-formed row, otherwise
:class:`EditFileError` names the file, the line and the reason. Files are
``.txt`` (CRLF or LF; UTF-8, else cp1252) or a ``.zip`` holding them (its
``.txt`` members are read in name order, other members skipped). The files are
streamed; the full CMS practitioner PTP files hold millions of rows, so the
loaders take ``codes=`` to keep only the rows whose codes the coder can emit
(every row is still validated).

Date windows
------------
A PTP row is in force on a date of service ``dos`` when
``effective <= dos < deletion`` (no deletion date: ``effective <= dos``).
The deletion date is the first day the edit is *no longer* in effect. This is
the only reading under which CMS's own convention holds: indicator 9 is used
for rows "where deletion date = effective date" (billing-rules.md 4.1), i.e.
edits that never applied; with an inclusive deletion date such a row would be
in force for one day. Consecutive windows of one pair (row A deleted on the
day row B takes effect) then never overlap either.
Without a date of service only the rows with no deletion date apply (the
output never depends on the clock). When several rows of one pair are in
force, the one with the latest effective date wins.

Edits
-----
* Indicator 0: the column-2 line is dropped (``NCCI_BUNDLED``). All pairs are
  checked against the codes billed on the note, so the result does not depend
  on the order of the lines.
* Indicator 1 (both lines still reported): the distinct-service modifier (59
  or XU) goes on the column-2 line only when the note documents separate time
  blocks: every intervention of both codes has a clock interval and no
  interval of one code overlaps one of the other (back to back is fine; times
  are compared on a 12-hour dial, so "1:00" and "13:00" clash), or
  ``facts.separate_time_blocks`` is set. A code's interventions come from the
  selector's ``code_interventions`` mapping, else from the interventions
  whose span overlaps the line's evidence. Finding ``NCCI_MODIFIER_APPLIED``
  cites the clock intervals / the statement. Otherwise the line is kept
  without modifier and ``NCCI_DISTINCT_NOT_DOCUMENTED`` is raised.
* Indicator 9: ignored.
* MUE: units of a code above its MUE value raise ``MUE_EXCEEDED``; the units
  are left as they are (never split).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Literal

from pydantic import BaseModel, ConfigDict, Field

from nlp_coder.schema import CodedLine, Evidence, Finding, Intervention, NoteFacts

__all__ = [
    "EditFileError",
    "EditTables",
    "MueRow",
    "PtpRow",
    "apply_edits",
    "load_edit_tables",
    "load_mue",
    "load_ptp",
]

# CPT (5 digits), CPT category II/III (4 digits + F/T/U/M), HCPCS level II (letter + 4 digits).
_CODE_RE = re.compile(r"^(?:\d{5}|\d{4}[A-Z]|[A-Z]\d{4})$")
_DATE_RE = re.compile(r"^\d{8}$")
_CLOCK_RE = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*([AaPp]\.?[Mm]\.?)?\s*$")
_DISTINCT_MODIFIERS = ("59", "XU")
_PTP_FIELDS = 7
_MUE_FIELDS = 4


class EditFileError(ValueError):
    """A PTP or MUE file that cannot be read; names the file, line and reason."""

    def __init__(self, file: str, line: int | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}, line {line}" if line is not None else file
        super().__init__(f"{where}: {reason}")


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = None  # where the row was read, for messages
    line: int | None = None

    @property
    def source(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "(in memory)"


class PtpRow(_Row):
    """One row of a CMS practitioner PTP file."""

    col1: str
    col2: str
    prior_1996: bool = False
    effective: date
    deletion: date | None = None  # first day the edit is no longer in force; None = '*'
    modifier_indicator: Literal[0, 1, 9]
    rationale: str = ""

    def in_force(self, dos: date | None) -> bool:
        """Whether the edit applies on ``dos`` (None: only rows never deleted)."""
        if dos is None:
            return self.deletion is None
        if dos < self.effective:
            return False
        return self.deletion is None or dos < self.deletion

    def window(self) -> str:
        end = f"deleted {self.deletion.isoformat()}" if self.deletion else "no deletion date"
        return f"effective {self.effective.isoformat()}, {end}"


class MueRow(_Row):
    """One row of a CMS practitioner MUE file."""

    code: str
    value: int = Field(ge=0)
    mai: int | None = None  # MUE adjudication indicator 1/2/3 (leading digit)
    mai_text: str = ""
    rationale: str = ""


class EditTables(BaseModel):
    """PTP rows indexed by (column 1, column 2); MUE rows by code."""

    model_config = ConfigDict(extra="forbid")

    ptp: dict[tuple[str, str], list[PtpRow]] = Field(default_factory=dict)
    mue: dict[str, MueRow] = Field(default_factory=dict)

    @classmethod
    def from_rows(cls, ptp: Iterable[PtpRow] = (), mue: Iterable[MueRow] = ()) -> EditTables:
        """Index rows; the rows of one pair are sorted by their date window."""
        index: dict[tuple[str, str], list[PtpRow]] = {}
        for row in ptp:
            index.setdefault((row.col1, row.col2), []).append(row)
        for rows in index.values():
            if len(rows) > 1:
                rows.sort(key=lambda r: (r.effective, r.deletion or date.max, r.modifier_indicator))
        by_code: dict[str, MueRow] = {}
        for row in mue:
            old = by_code.get(row.code)
            if old is not None and old.value != row.value:
                raise EditFileError(
                    row.file or "MUE", row.line,
                    f"code {row.code} has a second MUE value {row.value} ({old.value} at {old.source})",
                )
            by_code.setdefault(row.code, row)
        # rows are already validated: do not copy and re-validate millions of them
        return cls.model_construct(ptp=index, mue=by_code)

    def ptp_row(self, col1: str, col2: str, dos: date | None) -> PtpRow | None:
        """The row of the pair in force on ``dos`` (latest effective date wins)."""
        rows = [r for r in self.ptp.get((col1, col2), ()) if r.in_force(dos)]
        return rows[-1] if rows else None


# ------------------------------------------------------------------ parsing


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:  # files saved on Windows (the copyright sign)
        return raw.decode("cp1252", errors="replace")


def _lines(stream: IO[bytes]) -> Iterator[str]:
    """Decoded lines of a binary stream, without line ends, read one at a time."""
    for number, raw in enumerate(stream):
        if number == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        yield _decode(raw.rstrip(b"\r\n"))


@contextmanager
def _sources(path: str | Path) -> Iterator[list[tuple[str, Callable[[], IO[bytes]]]]]:
    """(name, opener) of a .txt file, or of each .txt member of a .zip (sorted by name)."""
    p = Path(path)
    try:
        is_zip = zipfile.is_zipfile(p)
        if not is_zip:
            with p.open("rb"):
                pass
    except OSError as exc:
        raise EditFileError(str(p), None, f"cannot read file: {exc.strerror or exc}") from exc
    if not is_zip:
        yield [(str(p), lambda: p.open("rb"))]
        return
    with zipfile.ZipFile(p) as zf:
        names = sorted(n for n in zf.namelist() if not n.endswith("/") and n.lower().endswith(".txt"))
        if not names:
            raise EditFileError(str(p), None, "zip archive holds no .txt file")
        yield [(f"{p}!{n}", lambda n=n: zf.open(n)) for n in names]


def _fields(line: str) -> list[str]:
    parts = line.split("\t")
    if '"' in line:
        fields = [f.strip().strip('"').strip() for f in parts]
    else:
        fields = [f.strip() for f in parts]
    while len(fields) > 1 and fields[-1] == "":
        fields.pop()
    return fields


def _data_lines(name: str, lines: Iterable[str], kind: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) of each data line; preamble/header skipped."""
    started = False
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            continue
        fields = _fields(line)
        if not started:
            if not _CODE_RE.match(fields[0]):
                continue
            started = True
        yield number, fields
    if not started:
        raise EditFileError(name, None, f"no {kind} data line (a line starting with a HCPCS/CPT code)")


class _Reader:
    """Validates fields of one file; shares equal strings and dates between rows."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.number = 0
        self._dates: dict[str, date] = {}
        self._strings: dict[str, str] = {}

    def fail(self, reason: str) -> EditFileError:
        return EditFileError(self.name, self.number, reason)

    def share(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def code(self, value: str, column: str) -> str:
        if not _CODE_RE.match(value):
            raise self.fail(f"{column} {value!r} is not a HCPCS/CPT code")
        return self.share(value)

    def date(self, value: str, column: str) -> date:
        found = self._dates.get(value)
        if found is not None:
            return found
        if not _DATE_RE.match(value):
            raise self.fail(f"{column} {value!r} is not a YYYYMMDD date")
        try:
            found = date(int(value[:4]), int(value[4:6]), int(value[6:]))
        except ValueError as exc:
            raise self.fail(f"{column} {value!r} is not a valid date") from exc
        self._dates[value] = found
        return found


def _keep(codes: Collection[str] | None, *row_codes: str) -> bool:
    return codes is None or all(c in codes for c in row_codes)


def _parse_ptp(name: str, lines: Iterable[str], codes: Collection[str] | None = None) -> list[PtpRow]:
    rows = []
    r = _Reader(name)
    for r.number, f in _data_lines(name, lines, "PTP"):
        if len(f) not in (_PTP_FIELDS - 1, _PTP_FIELDS):
            raise r.fail(f"expected {_PTP_FIELDS} tab-separated fields, found {len(f)}")
        col1 = r.code(f[0], "Column 1")
        col2 = r.code(f[1], "Column 2")
        if f[2] not in ("", "*"):
            raise r.fail(f"prior-1996 flag {f[2]!r} is neither '*' nor empty")
        effective = r.date(f[3], "effective date")
        deletion = None if f[4] in ("", "*") else r.date(f[4], "deletion date")
        if deletion is not None and deletion < effective:
            raise r.fail(f"deletion date {f[4]} is before effective date {f[3]}")
        if f[5] not in ("0", "1", "9"):
            raise r.fail(f"modifier indicator {f[5]!r} is not 0, 1 or 9")
        if not _keep(codes, col1, col2):
            continue
        # every field was checked above: build without a second validation pass
        rows.append(
            PtpRow.model_construct(
                col1=col1, col2=col2, prior_1996=f[2] == "*", effective=effective,
                deletion=deletion, modifier_indicator=int(f[5]),
                rationale=r.share(f[6]) if len(f) == _PTP_FIELDS else "",
                file=name, line=r.number,
            )
        )
    return rows


def _parse_mue(name: str, lines: Iterable[str], codes: Collection[str] | None = None) -> list[MueRow]:
    rows = []
    r = _Reader(name)
    for r.number, f in _data_lines(name, lines, "MUE"):
        if len(f) not in (_MUE_FIELDS - 1, _MUE_FIELDS):
            raise r.fail(f"expected {_MUE_FIELDS} tab-separated fields, found {len(f)}")
        code = r.code(f[0], "HCPCS/CPT code")
        if not (f[1].isascii() and f[1].isdigit()):
            raise r.fail(f"MUE value {f[1]!r} is not a whole number")
        mai_match = re.match(r"^([123])(?:\D|$)", f[2])
        if not mai_match:
            raise r.fail(f"MUE adjudication indicator {f[2]!r} does not start with 1, 2 or 3")
        if not _keep(codes, code):
            continue
        rows.append(
            MueRow.model_construct(
                code=code, value=int(f[1]), mai=int(mai_match.group(1)), mai_text=r.share(f[2]),
                rationale=r.share(f[3]) if len(f) == _MUE_FIELDS else "", file=name, line=r.number,
            )
        )
    return rows


def load_ptp(paths: Iterable[str | Path], *, codes: Collection[str] | None = None) -> list[PtpRow]:
    """Rows of CMS practitioner PTP files (.txt, or .zip of .txt), in file order.

    Every row is validated; with ``codes``, only the rows whose two codes are
    both in ``codes`` are kept (the full CMS files hold millions of rows, of
    which a therapy coder needs a few hundred).
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    rows: list[PtpRow] = []
    for path in paths:
        with _sources(path) as sources:
            for name, opener in sources:
                with opener() as stream:
                    rows.extend(_parse_ptp(name, _lines(stream), codes))
    return rows


def load_mue(path: str | Path, *, codes: Collection[str] | None = None) -> list[MueRow]:
    """Rows of a CMS practitioner MUE file (.txt, or .zip of .txt)."""
    rows: list[MueRow] = []
    with _sources(path) as sources:
        for name, opener in sources:
            with opener() as stream:
                rows.extend(_parse_mue(name, _lines(stream), codes))
    return rows


def load_edit_tables(
    ptp_paths: Iterable[str | Path] = (),
    mue_paths: Iterable[str | Path] = (),
    *,
    codes: Collection[str] | None = None,
) -> EditTables | None:
    """Load PTP and MUE files; None when no file is given.

    ``codes`` (optional) keeps only the rows about those codes; see :func:`load_ptp`.
    """
    if isinstance(ptp_paths, (str, Path)):
        ptp_paths = [ptp_paths]
    if isinstance(mue_paths, (str, Path)):
        mue_paths = [mue_paths]
    ptp_paths, mue_paths = list(ptp_paths), list(mue_paths)
    if not ptp_paths and not mue_paths:
        return None
    if codes is not None:
        codes = frozenset(codes)
    mue: list[MueRow] = []
    for path in mue_paths:
        mue.extend(load_mue(path, codes=codes))
    return EditTables.from_rows(load_ptp(ptp_paths, codes=codes), mue)


# ------------------------------------------------------------------ applying


def _dos(facts: NoteFacts) -> date | None:
    if not facts.date_of_service:
        return None
    try:
        return date.fromisoformat(facts.date_of_service)
    except ValueError as exc:
        raise ValueError(f"date_of_service {facts.date_of_service!r} is not a YYYY-MM-DD date") from exc


def _minutes(clock: str | None) -> int | None:
    if not clock:
        return None
    m = _CLOCK_RE.match(clock)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return None
    ampm = (m.group(3) or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    return hour * 60 + minute


_HALF_DAY = 12 * 60


def _interval(iv: Intervention) -> tuple[int, int] | None:
    """(start, duration) in minutes on a 12-hour dial, or None without a clock interval.

    Notes mix 12- and 24-hour times without am/pm ("12:50-1:05", "13:10"), so
    intervals are compared on a 12-hour dial: two intervals count as separate
    only if they do not overlap under any reading. A session is shorter than
    12 hours, so this never hides a real overlap; at worst two sessions
    exactly 12 hours apart count as overlapping (the modifier is then not
    added, which is the safe side).
    """
    start, end = _minutes(iv.clock_start), _minutes(iv.clock_end)
    if start is None or end is None:
        return None
    duration = (end - start) % _HALF_DAY
    if duration == 0:
        return None  # "10:00-10:00": no interval
    return start % _HALF_DAY, duration


def _clash(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two dial intervals overlap (touching ends do not)."""
    return any(
        a[0] < b[0] + shift + b[1] and b[0] + shift < a[0] + a[1]
        for shift in (-_HALF_DAY, 0, _HALF_DAY)
    )


def _overlaps(a: Evidence, b: Evidence) -> bool:
    return a.start < b.end and b.start < a.end


def _interventions_of(
    lines: list[CodedLine], facts: NoteFacts, code_interventions: Mapping[str, list[Intervention]] | None
) -> list[Intervention]:
    """The interventions behind the lines of one code: the selector's mapping, else evidence overlap."""
    code = lines[0].code
    if code_interventions is not None and code in code_interventions:
        return sorted(code_interventions[code], key=lambda iv: iv.index)
    spans = [ev for line in lines for ev in line.evidence]
    found = [
        iv for iv in facts.interventions
        if any(_overlaps(ev, iv.span) or (ev.start == ev.end == iv.span.start) for ev in spans)
    ]
    return sorted(found, key=lambda iv: iv.index)


_CLOCK_LABELS = ("clock", "time", "minutes")
_BLOCK_LABELS = ("separate_time_blocks", "separate_blocks", "time_blocks", "blocks")


def _clock_evidence(iv: Intervention) -> list[Evidence]:
    labelled = [ev for ev in iv.evidence if ev.label in _CLOCK_LABELS]
    with_colon = [ev for ev in labelled if ":" in ev.text]
    return with_colon or labelled or [iv.span]


def _separate_blocks(
    ivs1: list[Intervention], ivs2: list[Intervention], facts: NoteFacts, fallback: list[Evidence]
) -> tuple[str, list[Evidence]] | None:
    """How the note documents separate time blocks for the two codes, if it does."""
    if ivs1 and ivs2:
        iv1 = [_interval(iv) for iv in ivs1]
        iv2 = [_interval(iv) for iv in ivs2]
        if all(iv1) and all(iv2) and not any(
            _clash(a, b) for a in iv1 for b in iv2  # type: ignore[arg-type]
        ):
            texts = ", ".join(
                f"{iv.clock_start}-{iv.clock_end}" for iv in sorted(ivs1 + ivs2, key=lambda i: i.index)
            )
            evidence: list[Evidence] = []
            for iv in sorted(ivs1 + ivs2, key=lambda i: i.index):
                evidence.extend(_clock_evidence(iv))
            return f"non-overlapping clock intervals {texts}", evidence
    if facts.separate_time_blocks:
        # the statement's span when extraction labelled it, else the two services
        evidence = [ev for ev in facts.evidence if ev.label in _BLOCK_LABELS] or fallback
        return "the note states the services were in separate time blocks", evidence
    return None


def _dedupe(evidence: Iterable[Evidence]) -> list[Evidence]:
    seen: set[tuple[int, int, str, str | None]] = set()
    out = []
    for ev in evidence:
        key = (ev.start, ev.end, ev.text, ev.label)
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out


def apply_edits(
    lines: list[CodedLine],
    facts: NoteFacts,
    tables: EditTables | None,
    distinct_modifier: str = "59",
    code_interventions: Mapping[str, list[Intervention]] | None = None,
) -> tuple[list[CodedLine], list[Finding]]:
    """Apply the PTP and MUE edits of ``tables`` to the lines of one note.

    ``code_interventions`` (optional) maps each code to the interventions that
    went into it; without it, a line's interventions are those whose span
    overlaps one of the line's evidence spans. The input lines are not
    modified; the returned lines keep their order.
    """
    if tables is None:
        return lines, []
    if distinct_modifier not in _DISTINCT_MODIFIERS:
        raise ValueError(f"distinct_modifier must be one of {_DISTINCT_MODIFIERS}, not {distinct_modifier!r}")
    dos = _dos(facts)
    out = [line.model_copy(deep=True) for line in lines]
    findings: list[Finding] = []
    codes = sorted({line.code for line in out})
    on = f"on date of service {dos.isoformat()}" if dos else "(no date of service: rows without deletion date)"

    def group(lines_: list[CodedLine]) -> dict[str, list[CodedLine]]:
        # normally one line per code; a code split by CQ/CO has two
        grouped: dict[str, list[CodedLine]] = {}
        for ln in lines_:
            grouped.setdefault(ln.code, []).append(ln)
        return grouped

    def evidence_of(*group_: list[CodedLine]) -> list[Evidence]:
        return _dedupe(ev for lines_ in group_ for ln in lines_ for ev in ln.evidence)

    # ---- indicator 0: judged against every code billed on the note (order free)
    dropped: dict[str, list[tuple[str, PtpRow]]] = {}
    for col1 in codes:
        for col2 in codes:
            if col1 == col2:
                continue
            row = tables.ptp_row(col1, col2, dos)
            if row is not None and row.modifier_indicator == 0:
                dropped.setdefault(col2, []).append((col1, row))
    by_code = group(out)
    for col2 in sorted(dropped):
        for col1, row in dropped[col2]:
            findings.append(
                Finding(
                    id="NCCI_BUNDLED",
                    rule_id="R-S5-PTP-0",
                    message=(
                        f"NCCI PTP edit {col1}/{col2} (column 1 {col1}, column 2 {col2}; "
                        f"{row.window()}; modifier indicator 0, {row.rationale or 'no rationale'}) "
                        f"in force {on}: {col2} is not reported with {col1} and no modifier "
                        f"can bypass the edit"
                    ),
                    evidence=evidence_of(by_code[col2], by_code[col1]),
                )
            )
    out = [line for line in out if line.code not in dropped]

    # ---- indicator 1 among the lines still reported
    kept = [c for c in codes if c not in dropped]
    by_code = group(out)
    for col1 in kept:
        for col2 in kept:
            if col1 == col2:
                continue
            row = tables.ptp_row(col1, col2, dos)
            if row is None or row.modifier_indicator != 1:
                continue  # no edit, or 9: not applicable
            lines1, lines2 = by_code[col1], by_code[col2]
            ivs1 = _interventions_of(lines1, facts, code_interventions)
            ivs2 = _interventions_of(lines2, facts, code_interventions)
            edit = (
                f"NCCI PTP edit {col1}/{col2} (column 1 {col1}, column 2 {col2}; {row.window()}; "
                f"modifier indicator 1, {row.rationale or 'no rationale'}) in force {on}"
            )
            services = [iv.span for iv in sorted(ivs1 + ivs2, key=lambda i: i.index)]
            how = _separate_blocks(ivs1, ivs2, facts, services or evidence_of(lines1, lines2))
            if how is not None:
                reason, evidence = how
                rule = f"R-S5-PTP-1-{distinct_modifier}"
                for line2 in lines2:  # column 2 only
                    line2.modifiers = sorted({*line2.modifiers, distinct_modifier})
                    if rule not in line2.rule_ids:
                        line2.rule_ids.append(rule)
                findings.append(
                    Finding(
                        id="NCCI_MODIFIER_APPLIED",
                        rule_id=rule,
                        message=f"{edit}: modifier {distinct_modifier} added to {col2} ({reason})",
                        evidence=_dedupe(evidence),
                    )
                )
            else:
                findings.append(
                    Finding(
                        id="NCCI_DISTINCT_NOT_DOCUMENTED",
                        rule_id="R-S5-PTP-1-NODOC",
                        message=(
                            f"{edit}: the note does not document separate time blocks for {col1} "
                            f"and {col2} (no non-overlapping clock intervals, no statement), so "
                            f"{distinct_modifier} is not added; {col2} may be denied without it"
                        ),
                        evidence=evidence_of(lines2, lines1),
                    )
                )

    # ---- MUE
    units: dict[str, int] = {}
    for line in out:
        units[line.code] = units.get(line.code, 0) + line.units
    for code in sorted(units):
        mue = tables.mue.get(code)
        if mue is not None and units[code] > mue.value:
            findings.append(
                Finding(
                    id="MUE_EXCEEDED",
                    rule_id="R-S5-MUE",
                    message=(
                        f"{code}: {units[code]} units exceed the MUE of {mue.value} "
                        f"(adjudication indicator {mue.mai_text or mue.mai}); units not changed"
                    ),
                    evidence=_dedupe(ev for line in out if line.code == code for ev in line.evidence),
                )
            )
    return out, findings
