"""NCCI PTP / MUE edit tables (coding guidelines Step 5; billing-rules.md section 4)."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_coder.coding.edits import (
    EditFileError,
    EditTables,
    MueRow,
    PtpRow,
    apply_edits,
    load_edit_tables,
    load_mue,
    load_ptp,
)
from nlp_coder.schema import CodedLine, Evidence, Intervention, NoteFacts

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "fixtures" / "edits"
SAMPLES = ROOT / "nlp_coder" / "coding" / "tables" / "samples"
PTP = [FIX / "ptp-f1.txt", FIX / "ptp-f2.txt"]


@pytest.fixture(scope="module")
def tables() -> EditTables:
    t = load_edit_tables(PTP, [FIX / "mue.txt"])
    assert t is not None
    return t


# ------------------------------------------------------------------ helpers


def ev(start: int, end: int, text: str = "", label: str | None = None) -> Evidence:
    return Evidence(start=start, end=end, text=text, label=label)


def iv(index: int, start: int, end: int, clock: tuple[str, str] | None = None) -> Intervention:
    evidence = []
    if clock:
        evidence = [ev(start, start + 11, f"{clock[0]}-{clock[1]}", "clock")]
    return Intervention(
        index=index,
        span=ev(start, end, f"intervention {index}"),
        clock_start=clock[0] if clock else None,
        clock_end=clock[1] if clock else None,
        evidence=evidence,
    )


def line(code: str, units: int = 1, start: int = 0, end: int = 10, modifiers=("GP",)) -> CodedLine:
    return CodedLine(code=code, units=units, modifiers=list(modifiers), evidence=[ev(start, end, code)])


def facts(*ivs: Intervention, dos: str | None = "2024-05-01", **kw) -> NoteFacts:
    return NoteFacts(id="n", date_of_service=dos, interventions=list(ivs), **kw)


def ids(findings) -> list[str]:
    return sorted(f.id for f in findings)


def by_code(lines) -> dict[str, CodedLine]:
    return {ln.code: ln for ln in lines}


# ------------------------------------------------------------------ parsing


def test_load_ptp_official_layout_preamble_wrapped_header_several_files():
    rows = load_ptp(PTP)
    assert [(r.col1, r.col2, r.modifier_indicator) for r in rows] == [
        ("97140", "97530", 1),
        ("97161", "97162", 0),
        ("97150", "97110", 9),
        ("97530", "97116", 0),
        ("97530", "97116", 1),
        ("97012", "97140", 1),
    ]
    first = rows[0]
    assert first.effective == date(2000, 1, 1) and first.deletion is None
    assert first.rationale == "Mutually exclusive procedures"
    assert first.source.endswith("ptp-f1.txt:8") and first.line == 8
    old = rows[3]
    assert old.prior_1996 is True and old.deletion == date(2020, 4, 1)
    assert rows[2].deletion == rows[2].effective  # the CCMI-9 "never in effect" row


def test_load_mue_official_layout():
    rows = load_mue(FIX / "mue.txt")
    assert [(r.code, r.value, r.mai) for r in rows] == [("97110", 4, 3), ("97140", 2, 3), ("97161", 1, 2)]
    assert rows[0].mai_text == "3 Date of Service Edit: Clinical"
    assert rows[2].rationale == "Code Descriptor / CPT Instruction"


def test_tables_index_pairs_and_codes(tables):
    assert set(tables.ptp) == {
        ("97140", "97530"), ("97161", "97162"), ("97150", "97110"), ("97530", "97116"), ("97012", "97140"),
    }
    assert len(tables.ptp[("97530", "97116")]) == 2
    assert tables.mue["97140"].value == 2


def test_no_files_gives_no_tables():
    assert load_edit_tables() is None
    assert load_edit_tables([], []) is None


def test_mue_only_and_ptp_only():
    t = load_edit_tables(mue_paths=[FIX / "mue.txt"])
    assert t is not None and t.ptp == {} and "97110" in t.mue
    t = load_edit_tables(ptp_paths=PTP)
    assert t is not None and t.mue == {} and t.ptp


def test_zip_of_txt_files(tmp_path):
    archive = tmp_path / "ccipra-v321r0-f1.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(PTP[1], "ccipra-v321r0-f2.txt")
        zf.write(PTP[0], "ccipra-v321r0-f1.txt")
        zf.writestr("readme.pdf", b"%PDF not a table")
    rows = load_ptp([archive])
    # members read in name order, non-.txt members skipped
    assert [(r.col1, r.col2) for r in rows][:3] == [("97140", "97530"), ("97161", "97162"), ("97150", "97110")]
    assert len(rows) == 6
    assert "!ccipra-v321r0-f1.txt:8" in rows[0].source


@pytest.mark.parametrize(
    ("name", "line_no", "reason"),
    [
        ("ptp-bad-date.txt", 9, "effective date '2020-10-01' is not a YYYYMMDD date"),
        ("ptp-bad-fields.txt", 9, "expected 7 tab-separated fields, found 5"),
        ("ptp-bad-indicator.txt", 8, "modifier indicator '2' is not 0, 1 or 9"),
    ],
)
def test_malformed_ptp_file_refused_with_line_and_reason(name, line_no, reason):
    with pytest.raises(EditFileError) as exc:
        load_ptp([FIX / name])
    err = exc.value
    assert err.file.endswith(name) and err.line == line_no and err.reason == reason
    assert f"{name}, line {line_no}: {reason}" in str(err)


def test_malformed_mue_file_refused():
    with pytest.raises(EditFileError) as exc:
        load_mue(FIX / "mue-bad-value.txt")
    assert exc.value.line == 5
    assert exc.value.reason == "MUE value 'four' is not a whole number"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("97140\t97530\t\t20000101\t20230231\t1\tx", "deletion date '20230231' is not a valid date"),
        ("97140\t97530\t\t20200101\t20190101\t1\tx", "deletion date 20190101 is before effective date 20200101"),
        ("97140\t9753\t\t20000101\t*\t1\tx", "Column 2 '9753' is not a HCPCS/CPT code"),
        ("97140\t97530\tY\t20000101\t*\t1\tx", "prior-1996 flag 'Y' is neither '*' nor empty"),
    ],
)
def test_malformed_ptp_rows(tmp_path, row, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"Column1/Column2 Edits\r\nColumn 1\tColumn 2\r\n97012\t97140\t\t20000101\t*\t1\tok\r\n"
                  + row.encode() + b"\r\n")
    with pytest.raises(EditFileError) as exc:
        load_ptp([f])
    assert (exc.value.line, exc.value.reason) == (4, reason)


def test_file_without_data_or_missing_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("Column1/Column2 Edits\r\nColumn 1\tColumn 2\r\n")
    with pytest.raises(EditFileError, match="no PTP data line"):
        load_ptp([empty])
    with pytest.raises(EditFileError, match="cannot read file"):
        load_mue(tmp_path / "missing.txt")


def test_hcpcs_level_ii_and_category_iii_codes_accepted(tmp_path):
    f = tmp_path / "p.txt"
    f.write_text("G0283\t97032\t\t20000101\t*\t1\tx\n0552T\t97110\t\t20190101\t*\t0\tx\n")
    assert [(r.col1, r.col2) for r in load_ptp([f])] == [("G0283", "97032"), ("0552T", "97110")]


def test_samples_load_and_are_marked_as_samples():
    t = load_edit_tables([SAMPLES / "ptp-sample.txt"], [SAMPLES / "mue-sample.txt"])
    assert t is not None
    assert t.ptp[("97140", "97530")][0].modifier_indicator == 1
    assert len(t.ptp[("97530", "97116")]) == 2
    assert {r.modifier_indicator for rows in t.ptp.values() for r in rows} == {0, 1, 9}
    for name in ("ptp-sample.txt", "mue-sample.txt"):
        raw = (SAMPLES / name).read_bytes()
        assert raw.startswith(b"SAMPLE DATA - NOT CMS DATA") and b"\r\n" in raw
    assert "SAMPLES, NOT CMS DATA" in (SAMPLES / "README.md").read_text()


# ------------------------------------------------------------------ date windows


@pytest.mark.parametrize(
    ("dos", "indicator"),
    [
        (date(1994, 12, 31), None),  # before the first window
        (date(1995, 1, 1), 0),
        (date(2020, 3, 31), 0),
        (date(2020, 4, 1), None),  # deletion date: first day no longer in force
        (date(2020, 9, 30), None),  # the gap between the windows
        (date(2020, 10, 1), 1),
        (date(2026, 1, 1), 1),
        (None, 1),  # no DOS: only rows without deletion date
    ],
)
def test_pair_with_two_windows_picked_by_dos(tables, dos, indicator):
    row = tables.ptp_row("97530", "97116", dos)
    assert (row.modifier_indicator if row else None) == indicator


def test_row_deleted_on_its_effective_date_never_applies(tables):
    assert tables.ptp_row("97150", "97110", date(2020, 1, 1)) is None
    assert tables.ptp_row("97150", "97110", None) is None


# ------------------------------------------------------------------ applying


def test_tables_none_is_a_no_op():
    lines = [line("97140"), line("97530")]
    out, findings = apply_edits(lines, facts(), None)
    assert out == lines and findings == []


def test_indicator_0_drops_column_2(tables):
    lines = [line("97162", start=50, end=60), line("97161", start=0, end=10)]
    out, findings = apply_edits(lines, facts(), tables)
    assert [ln.code for ln in out] == ["97161"]
    (f,) = findings
    assert f.id == "NCCI_BUNDLED" and f.rule_id == "R-S5-PTP-0"
    assert "97161" in f.message and "97162" in f.message and "2017-01-01" in f.message
    assert f.evidence[0].start == 50  # the dropped line's evidence first
    assert [ln.code for ln in lines] == ["97162", "97161"]  # input untouched


def test_indicator_0_window_by_dos(tables):
    lines = [line("97530"), line("97116", start=20, end=30)]
    out, findings = apply_edits(lines, facts(dos="2020-02-15"), tables)
    assert [ln.code for ln in out] == ["97530"] and ids(findings) == ["NCCI_BUNDLED"]
    assert "1995-01-01" in findings[0].message and "2020-04-01" in findings[0].message
    out, findings = apply_edits(lines, facts(dos="2020-06-15"), tables)
    assert out == lines and findings == []  # between the windows: no edit


def test_indicator_1_non_overlapping_clocks_adds_modifier_to_column_2_only(tables):
    a = iv(0, 0, 40, ("10:00", "10:15"))
    b = iv(1, 50, 90, ("10:15", "10:30"))  # back to back: separate blocks
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    out, findings = apply_edits(lines, facts(a, b), tables)
    got = by_code(out)
    assert got["97140"].modifiers == ["GP"]
    assert got["97530"].modifiers == ["59", "GP"]  # sorted
    assert "R-S5-PTP-1-59" in got["97530"].rule_ids
    (f,) = findings
    assert f.id == "NCCI_MODIFIER_APPLIED" and f.rule_id == "R-S5-PTP-1-59"
    assert "97140" in f.message and "97530" in f.message and "2000-01-01" in f.message
    assert "10:00-10:15" in f.message and "10:15-10:30" in f.message
    assert [(e.start, e.text) for e in f.evidence] == [(0, "10:00-10:15"), (50, "10:15-10:30")]


def test_indicator_1_with_xu(tables):
    a, b = iv(0, 0, 40, ("9:00", "9:20")), iv(1, 50, 90, ("9:25", "9:40"))
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    out, findings = apply_edits(lines, facts(a, b), tables, distinct_modifier="XU")
    assert by_code(out)["97530"].modifiers == ["GP", "XU"]
    assert by_code(out)["97140"].modifiers == ["GP"]
    assert findings[0].rule_id == "R-S5-PTP-1-XU" and "XU" in findings[0].message


@pytest.mark.parametrize(
    "clocks",
    [
        (("10:00", "10:20"), ("10:10", "10:30")),  # overlapping
        (("10:00", "10:20"), None),  # one code without a clock interval
        (None, None),  # no intervals at all
    ],
)
def test_indicator_1_without_separate_blocks_no_modifier(tables, clocks):
    a, b = iv(0, 0, 40, clocks[0]), iv(1, 50, 90, clocks[1])
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    out, findings = apply_edits(lines, facts(a, b), tables)
    assert [ln.modifiers for ln in out] == [["GP"], ["GP"]]
    (f,) = findings
    assert f.id == "NCCI_DISTINCT_NOT_DOCUMENTED" and f.rule_id == "R-S5-PTP-1-NODOC"
    assert "97140" in f.message and "97530" in f.message and f.evidence


def test_indicator_1_explicit_statement_adds_modifier(tables):
    statement = ev(200, 240, "performed in separate time blocks", "separate_time_blocks")
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    f = facts(iv(0, 0, 40), iv(1, 50, 90), separate_time_blocks=True, evidence=[statement])
    out, findings = apply_edits(lines, f, tables)
    assert by_code(out)["97530"].modifiers == ["59", "GP"]
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED"]
    assert findings[0].evidence == [statement] and "states" in findings[0].message


def test_code_interventions_mapping_takes_precedence(tables):
    # the line evidence points at nothing; the mapping says which interventions went into each code
    a, b = iv(0, 0, 40, ("13:00", "13:10")), iv(1, 50, 90, ("13:20", "13:35"))
    lines = [line("97140", start=500, end=510), line("97530", start=600, end=610)]
    out, findings = apply_edits(lines, facts(a, b), tables, code_interventions={"97140": [a], "97530": [b]})
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED"]
    out, findings = apply_edits(lines, facts(a, b), tables)  # without it: nothing found, not documented
    assert ids(findings) == ["NCCI_DISTINCT_NOT_DOCUMENTED"]


def test_twelve_hour_clock_across_noon(tables):
    a, b = iv(0, 0, 40, ("12:40", "12:55")), iv(1, 50, 90, ("12:55", "1:10"))
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    _, findings = apply_edits(lines, facts(a, b), tables)
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED"]
    a2 = iv(0, 0, 40, ("12:40", "1:05"))  # 12:40-13:05 overlaps 12:55-13:10
    _, findings = apply_edits(lines, facts(a2, b), tables)
    assert ids(findings) == ["NCCI_DISTINCT_NOT_DOCUMENTED"]


@pytest.mark.parametrize(
    ("first", "second", "separate"),
    [
        (("12:50", "1:20"), ("1:00", "1:15"), False),  # 12-hour times: overlap
        (("12:50", "1:20"), ("13:00", "13:15"), False),  # mixed 12/24-hour: overlap
        (("1:00", "1:15"), ("13:15", "13:30"), True),  # mixed, back to back
        (("11:50am", "12:10pm"), ("12:10 PM", "12:25 PM"), True),
        (("9:00", "9:00"), ("9:30", "9:45"), False),  # an empty interval is no interval
        (("9:00", "noon"), ("12:30", "12:45"), False),  # unreadable clock
    ],
)
def test_clock_readings(tables, first, second, separate):
    a, b = iv(0, 0, 40, first), iv(1, 50, 90, second)
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    _, findings = apply_edits(lines, facts(a, b), tables)
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED" if separate else "NCCI_DISTINCT_NOT_DOCUMENTED"]


def test_statement_without_labelled_span_cites_the_services(tables):
    lines = [line("97140", start=0, end=40), line("97530", start=50, end=90)]
    f = facts(iv(0, 0, 40), iv(1, 50, 90), separate_time_blocks=True)
    out, findings = apply_edits(lines, f, tables)
    assert by_code(out)["97530"].modifiers == ["59", "GP"]
    assert [(e.start, e.end) for e in findings[0].evidence] == [(0, 40), (50, 90)]


def test_interventions_of_several_blocks_per_code(tables):
    # NCCI ch. 1 E: blocks may be split (A, B, A); separate as long as none overlap
    a1, b, a2 = iv(0, 0, 30, ("10:00", "10:10")), iv(1, 40, 70, ("10:10", "10:25")), iv(2, 80, 99, ("10:25", "10:30"))
    lines = [CodedLine(code="97140", units=1, evidence=[ev(0, 30), ev(80, 99)]), line("97530", start=40, end=70)]
    _, findings = apply_edits(lines, facts(a1, b, a2), tables)
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED"]
    a2 = iv(2, 80, 99, ("10:20", "10:30"))
    _, findings = apply_edits(lines, facts(a1, b, a2), tables)
    assert ids(findings) == ["NCCI_DISTINCT_NOT_DOCUMENTED"]


def test_indicator_9_ignored(tables):
    lines = [line("97150"), line("97110", start=20, end=30)]
    for dos in ("2020-01-01", "2024-01-01", None):
        out, findings = apply_edits(lines, facts(dos=dos), tables)
        assert out == lines and findings == []


def test_indicator_9_row_in_force_is_ignored():
    t = EditTables.from_rows([PtpRow(col1="97150", col2="97110", effective=date(2020, 1, 1), modifier_indicator=9)])
    lines = [line("97150"), line("97110")]
    assert apply_edits(lines, facts(), t) == (lines, [])


def test_no_dos_uses_rows_without_deletion_date(tables):
    lines = [line("97530"), line("97116", start=20, end=30)]
    out, findings = apply_edits(lines, facts(dos=None), tables)
    assert [ln.code for ln in out] == ["97530", "97116"]  # the indicator-0 window was deleted
    assert ids(findings) == ["NCCI_DISTINCT_NOT_DOCUMENTED"]


def test_mue_exceeded_units_unchanged(tables):
    lines = [line("97140", units=3), line("97110", units=4, start=20, end=30)]
    out, findings = apply_edits(lines, facts(), tables)
    assert [ln.units for ln in out] == [3, 4]
    mue = [f for f in findings if f.id == "MUE_EXCEEDED"]
    assert len(mue) == 1 and mue[0].rule_id == "R-S5-MUE"
    assert "97140" in mue[0].message and "3 units" in mue[0].message and "MUE of 2" in mue[0].message
    assert mue[0].evidence == lines[0].evidence


def test_mue_not_raised_for_dropped_line(tables):
    lines = [line("97161"), line("97162", units=3)]
    t = EditTables.from_rows(
        [r for rows in tables.ptp.values() for r in rows],
        [*tables.mue.values(), MueRow(code="97162", value=1)],
    )
    _, findings = apply_edits(lines, facts(), t)
    assert ids(findings) == ["NCCI_BUNDLED"]


def test_several_edits_on_one_note(tables):
    # 97012/97140 (1, separate) + 97140/97530 (1, overlapping) + MUE 97140
    t_a = iv(0, 0, 40, ("10:00", "10:15"))
    m = iv(1, 50, 90, ("10:15", "10:45"))
    ta = iv(2, 100, 140, ("10:30", "10:45"))
    lines = [line("97012", start=0, end=40), line("97140", 3, 50, 90), line("97530", start=100, end=140)]
    out, findings = apply_edits(lines, facts(t_a, m, ta), tables)
    got = by_code(out)
    assert got["97140"].modifiers == ["59", "GP"]  # column 2 of 97012/97140, separate blocks
    assert got["97530"].modifiers == ["GP"]  # column 2 of 97140/97530, overlapping
    assert got["97012"].modifiers == ["GP"]
    assert ids(findings) == ["MUE_EXCEEDED", "NCCI_DISTINCT_NOT_DOCUMENTED", "NCCI_MODIFIER_APPLIED"]


def test_bad_distinct_modifier_rejected(tables):
    with pytest.raises(ValueError, match="distinct_modifier"):
        apply_edits([line("97140")], facts(), tables, distinct_modifier="25")


CODES = ["97012", "97110", "97116", "97140", "97150", "97161", "97162", "97530"]


@settings(max_examples=150, deadline=None)
@given(
    codes=st.lists(st.sampled_from(CODES), unique=True, max_size=6),
    dos=st.one_of(st.none(), st.dates(date(1994, 1, 1), date(2030, 1, 1)).map(date.isoformat)),
    clocked=st.booleans(),
    statement=st.booleans(),
    modifier=st.sampled_from(["59", "XU"]),
)
def test_properties(tables, codes, dos, clocked, statement, modifier):
    ivs = [
        iv(i, 100 * i, 100 * i + 50, (f"{10 + i}:00", f"{10 + i}:15") if clocked else None)
        for i in range(len(codes))
    ]
    lines = [line(c, 2, 100 * i, 100 * i + 50) for i, c in enumerate(codes)]
    f = facts(*ivs, dos=dos, separate_time_blocks=statement)
    out1, find1 = apply_edits(lines, f, tables, modifier)
    out2, find2 = apply_edits(list(reversed(lines)), f, tables, modifier)
    # deterministic and independent of line order
    assert sorted(ln.model_dump_json() for ln in out1) == sorted(ln.model_dump_json() for ln in out2)
    assert sorted(x.model_dump_json() for x in find1) == sorted(x.model_dump_json() for x in find2)
    assert apply_edits(lines, f, tables, modifier) == (out1, find1)
    applied = [x for x in find1 if x.id == "NCCI_MODIFIER_APPLIED"]
    for ln in out1:
        assert ln.modifiers == sorted(ln.modifiers)
        assert ln.units == 2  # MUE never splits
        if modifier in ln.modifiers:  # never a silent modifier
            assert any(f" added to {ln.code} " in x.message and x.evidence for x in applied)
    # only codes that are column 2 of an indicator-0 row in force are dropped
    dropped = set(codes) - {ln.code for ln in out1}
    d = date.fromisoformat(dos) if dos else None
    for c in dropped:
        assert any(
            (row := tables.ptp_row(c1, c, d)) is not None and row.modifier_indicator == 0 for c1 in codes
        )


def test_codes_filter_keeps_rows_of_those_codes_and_still_validates_all():
    t = load_edit_tables(PTP, [FIX / "mue.txt"], codes={"97140", "97530", "97110"})
    assert t is not None
    assert set(t.ptp) == {("97140", "97530")}  # 97012/97140 dropped: 97012 not asked for
    assert set(t.mue) == {"97110", "97140"}
    with pytest.raises(EditFileError) as exc:
        load_ptp([FIX / "ptp-bad-date.txt"], codes={"97140"})  # the bad row is outside the filter
    assert exc.value.line == 9


def test_utf8_bom_and_lf_endings(tmp_path):
    f = tmp_path / "mue.txt"
    f.write_bytes("\ufeffHCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale\n"
                  "97110\t4\t3 Date of Service Edit: Clinical\tClinical: Data\n".encode())
    (row,) = load_mue(f)
    assert (row.code, row.value, row.mai, row.line) == ("97110", 4, 3, 2)


def test_zip_without_txt_refused(tmp_path):
    archive = tmp_path / "x.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ccipra.xlsx", b"not text")
    with pytest.raises(EditFileError, match="no .txt file"):
        load_ptp([archive])


def test_code_split_over_two_lines_gets_the_modifier_on_both(tables):
    # a code split by CQ (assistant / therapist units) is two lines of one code
    a, b = iv(0, 0, 40, ("10:00", "10:15")), iv(1, 50, 90, ("10:15", "10:45"))
    lines = [
        line("97140", start=0, end=40),
        line("97530", start=50, end=90, modifiers=("CQ", "GP")),
        line("97530", start=50, end=90),
    ]
    out, findings = apply_edits(lines, facts(a, b), tables)
    assert [ln.modifiers for ln in out] == [["GP"], ["59", "CQ", "GP"], ["59", "GP"]]
    assert ids(findings) == ["NCCI_MODIFIER_APPLIED"]


def test_messages_without_dos(tables):
    lines = [line("97140"), line("97530", start=20, end=30)]
    _, findings = apply_edits(lines, facts(dos=None), tables)
    assert "in force (no date of service: rows without deletion date)" in findings[0].message
    _, findings = apply_edits(lines, facts(dos="2024-05-01"), tables)
    assert "in force on date of service 2024-05-01" in findings[0].message


def test_invalid_dos_is_an_error(tables):
    with pytest.raises(ValueError, match="date_of_service"):
        apply_edits([line("97140")], facts(dos="2024-02-30"), tables)
