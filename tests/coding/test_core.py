"""Cross-cutting checks of the coding core: purity (no spaCy), tables as data,
rule/decision coverage by the tests, determinism and selector properties."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_coder.coding.tabledata import TABLES_DIR, TableError, load_tables, load_tables_from
from nlp_coder.schema import Evidence, Intervention, NoteFacts

from _builders import run

ROOT = Path(__file__).resolve().parents[2]
CODING = ROOT / "nlp_coder" / "coding"
TESTS = Path(__file__).resolve().parent
DECISIONS = ROOT / "docs" / "coding-decisions.md"


# ------------------------------------------------------------------ purity


def test_no_spacy_import_under_coding():
    offenders = []
    for path in sorted(CODING.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in ("spacy", "nlp_coder.extract")
                          or n.startswith("nlp_coder.extract")]
    assert offenders == []


def test_importing_the_selector_does_not_load_spacy():
    code = ("import sys; import nlp_coder.coding.select, nlp_coder.coding.units, nlp_coder.coding.payers; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ tables


def test_tables_load_and_cross_check():
    t = load_tables()
    assert {"97110", "97112", "97530", "97150", "G0283", "97545", "97546"} <= set(t.codes)
    assert t.codes["97110"].timed_15 and not t.codes["97010"].timed_15
    for rule_id, rule in t.rules.items():
        assert re.fullmatch(r"R-[A-Z0-9]+(-[A-Z0-9]+)+", rule_id)
        assert rule.rationale.startswith(rule.step.split(":")[0]) or rule.rationale.startswith(rule.step)


def test_codes_csv_labels_are_short_own_labels():
    t = load_tables()
    assert all(len(c.label) <= 40 for c in t.codes.values())
    text = (TABLES_DIR / "codes.csv").read_text()
    assert "each 15 minutes" not in text and "Therapeutic procedure, 1 or more areas" not in text


def test_rule_templates_format_with_their_fields():
    t = load_tables()
    for rule_id, rule in t.rules.items():
        fields = {name: "x" for name in re.findall(r"{(\w+)}", rule.rationale)}
        assert t.say(rule_id, **fields)


@pytest.mark.parametrize("file,edit,needle", [
    ("codes.csv", lambda s: s.replace("97110,ther ex (one parameter),procedure,yes,15_min",
                                      "97110,ther ex,procedure,maybe,15_min"), "codes.csv line"),
    ("services.json", lambda s: s.replace('"gait": "97116"', '"gait": "97999"'), "97999"),
    ("services.json", lambda s: s.replace('"kinds"', '"kindz"'), "services.json"),
    ("claims.json", lambda s: s.replace('"ther ex": "97110"', '"ther ex": "99999"'), "claims.json"),
    ("rules.json", lambda s: s.replace('"step": "Step 1"', '"stage": "Step 1"', 1), "rules.json"),
])
def test_invalid_tables_refused_naming_file_and_field(tmp_path, file, edit, needle):
    shutil.copytree(TABLES_DIR, tmp_path / "t", ignore=shutil.ignore_patterns("samples"))
    p = tmp_path / "t" / file
    p.write_text(edit(p.read_text()))
    with pytest.raises(TableError) as err:
        load_tables_from(tmp_path / "t")
    assert needle in str(err.value)


# ------------------------------------------------------------------ coverage of rules and decisions


def _test_names() -> str:
    names = []
    for path in TESTS.glob("test_*.py"):
        names += re.findall(r"^def (test_\w+)", path.read_text(), flags=re.M)
    return "\n".join(names)


def test_every_rule_id_has_a_test_named_after_it():
    names = _test_names()
    missing = [r for r in load_tables().rules if "test_" + r.lower().replace("-", "_") not in names]
    assert missing == []


def test_every_d_decision_has_a_test_named_after_it():
    ids = sorted(set(re.findall(r"\|\s*(D-[A-Z0-9-]+)\s*\|", DECISIONS.read_text())))
    assert len(ids) >= 20
    names = _test_names()
    missing = [d for d in ids if "_" + d.lower().replace("-", "_") not in names]
    assert missing == []


def test_every_d_decision_is_cited_by_the_rules():
    ids = set(re.findall(r"\|\s*(D-[A-Z0-9-]+)\s*\|", DECISIONS.read_text()))
    cited = {d for r in load_tables().rules.values() for d in r.decisions}
    src = "".join(p.read_text() for p in CODING.glob("*.py"))
    cited |= set(re.findall(r'"(D-[A-Z0-9-]+)"', src))
    assert ids - cited == set()


# ------------------------------------------------------------------ determinism and selector properties

KINDS = ["exercise", "exercise", "exercise", "modality", "gait", "manual", "self_care", "evaluation", "unknown",
         "out_of_scope", "aquatic", "wheelchair"]
MODALITIES = ["hot_pack", "electrical_stimulation", "ultrasound", "mechanical_traction", "iontophoresis", "other"]
PARAMS = ["strength", "endurance", "range_of_motion", "flexibility", "balance", "coordination", "posture"]


@st.composite
def interventions(draw, index):
    kind = draw(st.sampled_from(KINDS))
    return Intervention(
        index=index,
        span=Evidence(start=index * 20, end=index * 20 + 19, text=f"line {index}"),
        status=draw(st.sampled_from(["performed"] * 6 + ["negated", "planned", "home_program"])),
        kind=kind,
        modality=draw(st.sampled_from(MODALITIES)) if kind == "modality" else None,
        attended=draw(st.sampled_from([None, True, False])),
        arrangement=draw(st.sampled_from(["unstated"] * 4 + ["one_on_one", "group", "unattended"])),
        provider=draw(st.sampled_from(["unknown"] * 4 + ["PT", "PTA", "aide"])),
        parameters=draw(st.lists(st.sampled_from(PARAMS), max_size=3, unique=True)),
        functional_activity=draw(st.booleans()),
        functional_goal=draw(st.booleans()),
        work_related=draw(st.sampled_from([False] * 8 + [True])),
        neuro_goal=draw(st.booleans()),
        minutes=draw(st.one_of(st.none(), st.integers(0, 70))),
        non_treatment_minutes=draw(st.sampled_from([0, 0, 0, 5])),
        co_treatment=draw(st.sampled_from([False] * 5 + [True])),
        claimed_code=draw(st.sampled_from([None, None, "TA", "ther ex", "NMR", "97140", "97116"])),
        claimed_units=draw(st.sampled_from([None, None, 1, 2])),
    )


@st.composite
def notes(draw):
    n = draw(st.integers(0, 6))
    ivs = [draw(interventions(i)) for i in range(n)]
    return NoteFacts(
        id="p-1",
        payer=draw(st.sampled_from(["medicare", "commercial", "aetna", "unknown-plan"])),
        discipline=draw(st.sampled_from([None, "PT", "OT"])),
        signed_by=draw(st.sampled_from(["unknown", "PT", "PTA", "COTA"])),
        neuro_conditions=draw(st.sampled_from([[], ["stroke"]])),
        stated_total_minutes=draw(st.one_of(st.none(), st.integers(10, 60))),
        interventions=ivs,
    )


@settings(max_examples=150, deadline=None)
@given(notes())
def test_property_same_facts_same_result(facts):
    a = run(facts).to_json()
    b = run(NoteFacts.model_validate_json(facts.model_dump_json())).to_json()
    shuffled = facts.model_copy(update={"interventions": list(reversed(facts.interventions))})
    c = run(shuffled).to_json()
    assert a == b == c


@settings(max_examples=150, deadline=None)
@given(notes())
def test_property_selector_output_invariants(facts):
    result = run(facts)
    json.loads(result.to_json())
    codes = [ln.code for ln in result.lines]
    assert len(codes) == len(set(codes))  # one line per code
    assert all(ln.units >= 1 for ln in result.lines)
    assert all(ln.modifiers == sorted(ln.modifiers) for ln in result.lines)
    keys = [(f.id, f.intervention) for f in result.findings]
    assert len(keys) == len(set(keys))
    assert result.needs_review == ("OUTCOME_NOT_DOCUMENTED" in {f.id for f in result.findings})
    assert result.totals.treatment_minutes >= result.totals.timed_minutes >= 0
    # Medicare: the 15-minute units of the note follow the pooled timed minutes
    t = load_tables()
    # (97039 is timed only when attended: its timing is per intervention, not per code)
    if facts.payer in ("medicare", "unknown-plan") and not any(t.codes[ln.code].timed == "depends"
                                                              for ln in result.lines):
        timed_units = sum(ln.units for ln in result.lines if t.codes[ln.code].timed_15)
        total = result.totals.timed_minutes
        assert timed_units == (0 if total < 8 else (total + 7) // 15)
    for d in result.interventions:
        assert d["decision"]["rule_ids"] and d["decision"]["rationale"]
