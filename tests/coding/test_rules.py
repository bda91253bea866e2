"""One test (or more) per rule id of coding/tables/rules.json, per clarification of
coding-guidelines.md and per D-* decision of docs/coding-decisions.md.

Test names carry the rule id (R-S3-97110 -> test_r_s3_97110_...), the
decision id (D-TIE -> test_d_tie_...). Facts are built directly: no text.
"""

from __future__ import annotations

import pytest

from nlp_coder.schema import Evidence

from _builders import claim, decision, ex, fids, iv, lines, note, run


def _line(result, code):
    return next(ln for ln in result.lines if ln.code == code)


def _finding(result, fid):
    return next(f for f in result.findings if f.id == fid)


# ------------------------------------------------------------------ scope / status


@pytest.mark.parametrize("status", ["negated", "planned", "goal", "home_program", "historical"])
def test_r_scope_status_not_performed_gives_nothing(status):
    result = run(note(ex(0, minutes=30, status=status, claimed_code="97110", claimed_units=2)))
    assert result.lines == [] and result.findings == [] and not result.needs_review
    d = decision(result, 0)
    assert d["code"] is None and d["rule_ids"][0] == "R-SCOPE-STATUS"
    assert result.totals.timed_minutes == 0


def test_r_scope_other_discipline_section_not_coded():
    result = run(note(ex(0, minutes=30, other_discipline=True), iv(1, kind="gait", minutes=15)))
    assert lines(result) == {"97116": 1} and result.findings == []
    assert decision(result, 0)["rule_ids"] == ["R-SCOPE-OTHER-DISCIPLINE"]


def test_r_scope_out_of_scope_services_no_line_no_finding():
    result = run(note(iv(0, kind="out_of_scope", minutes=30), discipline=None))
    assert result.lines == [] and result.findings == []
    assert decision(result, 0)["rule_ids"] == ["R-SCOPE-OUT-OF-SCOPE"]


def test_r_scope_no_service_unknown_kind_without_claim():
    result = run(note(iv(0, kind="unknown", minutes=5)))
    assert result.lines == [] and result.findings == [] and not result.needs_review
    assert "R-SCOPE-NO-SERVICE" in decision(result, 0)["rule_ids"]


def test_r_scope_no_therapy_d_no_therapy_no_discipline_unknown():
    for facts in (note(discipline=None), note(iv(0, kind="out_of_scope", minutes=20), discipline=None),
                  note(iv(0, kind="unknown"), discipline=None)):
        result = run(facts)
        assert result.lines == [] and "DISCIPLINE_UNKNOWN" not in fids(result)
    # but a therapy line with no discipline does raise it
    assert "DISCIPLINE_UNKNOWN" in fids(run(note(ex(0, minutes=20), discipline=None)))


# ------------------------------------------------------------------ step 1: modalities


@pytest.mark.parametrize("modality,code", [
    ("hot_pack", "97010"), ("cold_pack", "97010"), ("mechanical_traction", "97012"), ("vasopneumatic", "97016"),
    ("paraffin", "97018"), ("whirlpool", "97022"), ("diathermy", "97024"), ("infrared", "97026"),
    ("ultraviolet", "97028"),
])
def test_r_s1_modality_supervised_untimed(modality, code):
    result = run(note(iv(0, kind="modality", modality=modality, minutes=40)), )
    assert lines(result) == {code: 1}
    assert result.totals.timed_minutes == 0 and result.totals.treatment_minutes == 40
    assert "R-S1-MODALITY" in _line(result, code).rule_ids
    assert _line(result, code).rationale.startswith("Step 1:")


@pytest.mark.parametrize("modality,code", [
    ("iontophoresis", "97033"), ("contrast_bath", "97034"), ("ultrasound", "97035"), ("hubbard_tank", "97036"),
])
def test_r_s1_modality_constant_attendance_timed(modality, code):
    result = run(note(iv(0, kind="modality", modality=modality, minutes=23)))
    assert lines(result) == {code: 2}
    assert result.totals.timed_minutes == 23


def test_r_s1_modality_unlisted_97039_timed_only_when_attended():
    assert lines(run(note(iv(0, kind="modality", modality="other", attended=True, minutes=23)))) == {"97039": 2}
    assert lines(run(note(iv(0, kind="modality", modality="other", minutes=23)))) == {"97039": 1}


def test_r_s1_estim_unattended_d_estim_unattended():
    facts = note(iv(0, kind="modality", modality="electrical_stimulation", minutes=15))
    assert lines(run(facts.model_copy(update={"payer": "commercial"}))) == {"97014": 1}
    result = run(facts)  # Medicare: G0283 instead of 97014
    assert lines(result) == {"G0283": 1}
    assert {"R-S1-ESTIM-UNATTENDED", "D-ESTIM-UNATTENDED", "R-S5-SUBSTITUTION"} <= set(result.lines[0].rule_ids)
    assert result.totals.timed_minutes == 0
    # attended flag explicitly False: the same
    facts2 = note(iv(0, kind="modality", modality="electrical_stimulation", attended=False, minutes=15),
                  payer="commercial")
    assert lines(run(facts2)) == {"97014": 1}


def test_r_s1_estim_attended_97032_timed():
    result = run(note(iv(0, kind="modality", modality="electrical_stimulation", attended=True, minutes=12),
                      ex(1, minutes=10)))
    # tr-015: 22 timed min -> 1 unit, to 97032 (12 leftover beats 10)
    assert lines(result) == {"97032": 1}
    assert "R-S1-ESTIM-ATTENDED" in result.lines[0].rule_ids
    assert "BELOW_8_MINUTES" in fids(result)


def test_r_s1_procedure_modality_vs_procedure():
    result = run(note(ex(0, minutes=15), iv(1, kind="modality", modality="hot_pack")))
    assert "R-S1-PROCEDURE" in decision(result, 0)["rule_ids"]
    assert "R-S1-PROCEDURE" not in decision(result, 1)["rule_ids"]


# ------------------------------------------------------------------ step 2: contact


def test_r_s2_aide_d_aide_all_no_code_aide_service_not_unskilled():
    result = run(note(ex(0, ("endurance",), 10, provider="aide"),
                      iv(1, kind="modality", modality="hot_pack", minutes=15, provider="aide"),
                      iv(2, kind="manual", minutes=15)))
    assert lines(result) == {"97140": 1}
    assert fids(result) == {"AIDE_SERVICE"}
    assert sorted(f.intervention for f in result.findings) == [0, 1]
    assert "D-AIDE-ALL" in decision(result, 1)["rule_ids"]
    assert result.totals.timed_minutes == 15 and result.totals.treatment_minutes == 15


def test_r_s2_unskilled_no_code_and_minutes_not_pooled():
    result = run(note(iv(0, kind="aquatic", minutes=30, arrangement="one_on_one"),
                      iv(1, kind="exercise", parameters=["endurance"], minutes=15, arrangement="unattended")))
    assert lines(result) == {"97113": 2}
    assert fids(result) == {"UNSKILLED"}
    assert result.totals.timed_minutes == 30


def test_r_s2_group_d_group_97150_one_line_untimed():
    result = run(note(ex(0, minutes=45, arrangement="group", group_size=4),
                      ex(1, ("range_of_motion",), 20, arrangement="group"),
                      iv(2, kind="gait", minutes=10)))
    assert lines(result) == {"97150": 1, "97116": 1}
    assert [f.id for f in result.findings] == ["GROUP", "GROUP"]
    assert result.totals.timed_minutes == 10 and result.totals.treatment_minutes == 75
    assert "4 patients" in _line(result, "97150").rationale
    assert "D-GROUP" in _line(result, "97150").rule_ids


def test_r_s2_contact_assumed_rationale_says_one_on_one():
    result = run(note(ex(0, minutes=15)))
    assert "taken as one-on-one" in result.lines[0].rationale
    assert "R-S2-CONTACT-ASSUMED" in result.lines[0].rule_ids


def test_r_s2_one_on_one_documented_contact_modes():
    result = run(note(ex(0, minutes=15, arrangement="one_on_one", contact_modes=["verbal", "manual"])))
    assert "R-S2-ONE-ON-ONE" in result.lines[0].rule_ids
    assert "verbal, manual contact" in result.lines[0].rationale
    assert "taken as one-on-one" not in result.lines[0].rationale


# ------------------------------------------------------------------ step 3: outcome


@pytest.mark.parametrize("param", ["strength", "endurance", "range_of_motion", "flexibility"])
def test_r_s3_97110_one_parameter(param):
    result = run(note(ex(0, (param,), 30)))
    assert lines(result) == {"97110": 2}
    assert f"one parameter ({param.replace('_', ' ')}) -> 97110" in result.lines[0].rationale


def test_r_s3_97110_multi_d_multi_param_nofunc():
    result = run(note(ex(0, ("range_of_motion", "strength"), 25)))
    assert lines(result) == {"97110": 2}
    assert {"R-S3-97110-MULTI", "D-MULTI-PARAM-NOFUNC"} <= set(result.lines[0].rule_ids)


def test_r_s3_97530_d_func_single_functional_activity_for_functional_goal():
    result = run(note(ex(0, ("strength",), 16, functional_activity=True, functional_goal=True)))
    assert lines(result) == {"97530": 1}
    assert {"R-S3-97530", "D-FUNC-SINGLE"} <= set(result.lines[0].rule_ids)
    # several parameters used in a dynamic functional activity
    assert lines(run(note(ex(0, ("balance", "strength"), 16, functional_activity=True)))) == {"97530": 1}
    assert lines(run(note(ex(0, ("strength", "range_of_motion"), 16, functional_activity=True)))) == {"97530": 1}
    # no parameter word at all, but a functional activity for a functional goal
    assert lines(run(note(ex(0, (), 16, functional_activity=True, functional_goal=True)))) == {"97530": 1}


def test_d_func_single_functional_goal_without_activity_stays_97110():
    result = run(note(ex(0, ("strength",), 16, functional_goal=True)))
    assert lines(result) == {"97110": 1}
    # squats for quad strength (activity serves one parameter, no functional goal) stays 97110
    assert lines(run(note(ex(0, ("strength",), 16, functional_activity=True)))) == {"97110": 1}


def test_r_s3_97545_work_related():
    result = run(note(ex(0, ("strength", "endurance"), 100, functional_activity=True, functional_goal=True,
                         work_related=True), payer="commercial"))
    assert lines(result) == {"97545": 1}
    assert "R-S3-97545" in result.lines[0].rule_ids


def test_r_s3_97112_d_neuro_both():
    stroke = ["stroke"]
    result = run(note(ex(0, ("balance", "posture"), 24, neuro_goal=True, functional_activity=True),
                      neuro_conditions=stroke))
    assert lines(result) == {"97112": 2}
    assert {"R-S3-97112", "D-NEURO-BOTH"} <= set(result.lines[0].rule_ids)
    # balance training in a stroke patient with no other stated goal
    assert lines(run(note(ex(0, ("balance",), 15), neuro_conditions=stroke))) == {"97112": 1}
    # neuro patient, but the outcome is strength: 97110
    assert lines(run(note(ex(0, ("strength",), 15), neuro_conditions=stroke))) == {"97110": 1}
    # neuro outcome but no neurologic condition in the note: not 97112
    assert "97112" not in lines(run(note(ex(0, ("balance",), 15, neuro_goal=True))))


def test_r_s3_97112_technique_without_claim_raises_nothing():
    # a BAPS board for ankle strength: coded by outcome, no NEURO_NOT_SUPPORTED
    result = run(note(ex(0, ("strength", "proprioception"), 15)))
    assert lines(result) == {"97110": 1} and result.findings == []


def test_r_s3_neuro_not_supported_recoded_by_outcome():
    result = run(note(ex(0, ("strength",), 25, claimed_code="NMR")))
    assert lines(result) == {"97110": 2}
    assert fids(result) == {"NEURO_NOT_SUPPORTED", "CLINICIAN_CODE_NOT_SUPPORTED"}
    assert not result.needs_review  # a recoded 97112 does not set needs_review
    assert "no neurologic deficit" in _finding(result, "NEURO_NOT_SUPPORTED").message
    # neuro condition present but the outcome is not the neuro change
    result = run(note(ex(0, ("strength",), 25, claimed_code="97112"), neuro_conditions=["MS"]))
    assert "NEURO_NOT_SUPPORTED" in fids(result)
    assert "not the neuromuscular change" in _finding(result, "NEURO_NOT_SUPPORTED").message


def test_d_balance_ortho_balance_without_neuro_abstains():
    result = run(note(ex(0, ("balance",), 10, claimed_code="NMR")))
    assert result.lines == []
    assert fids(result) == {"NEURO_NOT_SUPPORTED", "OUTCOME_NOT_DOCUMENTED"}
    assert result.needs_review
    assert "D-BALANCE-ORTHO" in decision(result, 0)["rule_ids"]
    # without the NMR claim: only OUTCOME_NOT_DOCUMENTED
    assert fids(run(note(ex(0, ("balance",), 10)))) == {"OUTCOME_NOT_DOCUMENTED"}
    # with a dynamic functional activity it is 97530
    assert lines(run(note(ex(0, ("balance",), 10, functional_activity=True)))) == {"97530": 1}


def test_r_s3_outcome_not_documented_abstains_and_minutes_leave_the_pool():
    result = run(note(ex(0, (), 20), ex(1, ("strength",), 10)))
    assert result.needs_review
    assert lines(result) == {"97110": 1}
    f = _finding(result, "OUTCOME_NOT_DOCUMENTED")
    assert f.intervention == 0 and f.rule_id == "R-S3-OUTCOME-NOT-DOCUMENTED"
    assert result.totals.timed_minutes == 10
    assert decision(result, 0)["code"] is None


def test_r_s3_outcome_not_documented_does_not_carry_over_from_neighbour():
    # the outcome of intervention 1 does not make intervention 0 codable
    result = run(note(ex(0, (), 15), ex(1, ("strength",), 15)))
    assert [f.intervention for f in result.findings if f.id == "OUTCOME_NOT_DOCUMENTED"] == [0]


def test_r_s3_outcome_not_documented_unknown_kind_with_claim():
    result = run(note(iv(0, kind="unknown", minutes=15, claimed_code="97530")))
    assert result.lines == [] and result.needs_review
    assert fids(result) == {"OUTCOME_NOT_DOCUMENTED"}


def test_r_s3_override_classifier_code_for_abstention_only():
    facts = note(ex(0, (), 20), ex(1, ("strength",), 20), iv(2, kind="manual", minutes=10))
    result = run(facts, overrides={0: "97530", 1: "97112"})
    # 50 pooled minutes -> 3 units: one per full 15 each, the third to 97140's 10 leftover minutes
    assert lines(result) == {"97530": 1, "97110": 1, "97140": 1}
    assert result.totals.timed_minutes == 50
    assert "OUTCOME_NOT_DOCUMENTED" in fids(result)  # the finding stays
    assert not result.needs_review
    assert "R-S3-OVERRIDE" in decision(result, 0)["rule_ids"]
    assert decision(result, 1)["code"] == "97110"  # not an abstention: override ignored
    with pytest.raises(ValueError):
        run(facts, overrides={0: "99999"})


@pytest.mark.parametrize("kind,code", [
    ("gait", "97116"), ("manual", "97140"), ("massage", "97124"), ("aquatic", "97113"), ("self_care", "97535"),
    ("sensory_integration", "97533"), ("community_reintegration", "97537"), ("wheelchair", "97542"),
    ("performance_test", "97750"), ("orthotic_initial", "97760"), ("prosthetic_initial", "97761"),
    ("orthotic_prosthetic_subsequent", "97763"),
])
def test_r_s3_service_kind_to_code(kind, code):
    result = run(note(iv(0, kind=kind, minutes=20)))
    assert lines(result) == {code: 1}
    assert f"{kind.replace('_', ' ')} -> {code}" in result.lines[0].rationale


def test_r_s3_evaluation_d_eval_minutes():
    result = run(note(iv(0, kind="evaluation", minutes=35), iv(1, kind="self_care", minutes=15)))
    assert lines(result) == {"97535": 1}
    assert fids(result) == {"EVALUATION_NOT_CODED"}
    assert result.totals.timed_minutes == 15 and result.totals.treatment_minutes == 15
    assert "D-EVAL-MINUTES" in decision(result, 0)["rule_ids"]
    # a re-evaluation is an evaluation
    assert fids(run(note(iv(0, kind="re_evaluation", minutes=20)))) == {"EVALUATION_NOT_CODED"}
    # a planned evaluation is not performed
    assert run(note(iv(0, kind="evaluation", status="planned"))).findings == []
    # SLP evaluation: not a PT/OT evaluation
    assert run(note(iv(0, kind="evaluation", minutes=40), discipline="SLP")).findings == []
    # note-level flag only
    result = run(note(evaluation_performed=True))
    assert fids(result) == {"EVALUATION_NOT_CODED"} and result.lines == []


def test_r_s3_eval_test_inside_evaluation_not_97750():
    result = run(note(iv(0, kind="evaluation", minutes=55), iv(1, kind="performance_test", minutes=15)))
    assert result.lines == [] and fids(result) == {"EVALUATION_NOT_CODED"}
    assert "R-S3-EVAL-TEST" in decision(result, 1)["rule_ids"]
    assert lines(run(note(iv(0, kind="performance_test", minutes=15)))) == {"97750": 1}


def test_r_s3_claim_code_d_claim_diff():
    result = run(note(ex(0, ("strength",), 25, claimed_code="TA")))
    assert lines(result) == {"97110": 2}
    f = _finding(result, "CLINICIAN_CODE_NOT_SUPPORTED")
    assert "97530" in f.message and "97110" in f.message and f.rule_id == "R-S3-CLAIM-CODE"
    assert "D-CLAIM-DIFF" in decision(result, 0)["rule_ids"]
    # a group recoded to 97150
    result = run(note(ex(0, minutes=30, arrangement="group", claimed_code="ther ex")))
    assert fids(result) == {"GROUP", "CLINICIAN_CODE_NOT_SUPPORTED"}


@pytest.mark.parametrize("name", ["ther ex", "TherEx", "TE", "97110", "Therapeutic exercise"])
def test_r_s3_claim_code_matching_names_raise_nothing(name):
    assert run(note(ex(0, ("strength",), 25, claimed_code=name))).findings == []


@pytest.mark.parametrize("name,code", [("TA", "97530"), ("ther act", "97530"), ("NMR", "97112"),
                                       ("neuro re-ed", "97112"), ("manual", "97140"), ("MT", "97140"),
                                       ("gait", "97116")])
def test_r_s3_claim_code_names_table(name, code):
    from nlp_coder.coding.tabledata import resolve_claim
    assert resolve_claim(name) == code


def test_r_s3_claim_code_substituted_code_is_not_a_difference():
    result = run(note(iv(0, kind="modality", modality="electrical_stimulation", minutes=15, claimed_code="97014")))
    assert lines(result) == {"G0283": 1} and result.findings == []


def test_d_claim_abstain_no_code_claim_finding_when_outcome_missing():
    result = run(note(ex(0, (), 15, claimed_code="ther ex")))
    assert fids(result) == {"OUTCOME_NOT_DOCUMENTED"} and result.needs_review
    assert "D-CLAIM-ABSTAIN" in decision(result, 0)["rule_ids"]
    # a 97112 claim without neuro deficit still raises NEURO_NOT_SUPPORTED
    assert fids(run(note(ex(0, (), 15, claimed_code="97112")))) == {"OUTCOME_NOT_DOCUMENTED",
                                                                       "NEURO_NOT_SUPPORTED"}


def test_d_claim_nocode_unskilled_or_aide_claim_only_that_finding():
    result = run(note(ex(0, minutes=15, arrangement="unattended", claimed_code="97530", claimed_units=1)))
    assert fids(result) == {"UNSKILLED"}
    assert "D-CLAIM-NOCODE" in decision(result, 0)["rule_ids"]
    result = run(note(ex(0, minutes=15, provider="aide", claimed_code="NMR", claimed_units=1)))
    assert fids(result) == {"AIDE_SERVICE"}
    result = run(note(ex(0, minutes=15, status="negated", claimed_code="97530")))
    assert result.findings == []
    # a billing block claiming only an aide's service: only AIDE_SERVICE
    result = run(note(ex(0, minutes=15, provider="aide", claimed_code="ther ex"), billed_claims=[claim("97110", 1)]))
    assert fids(result) == {"AIDE_SERVICE"}


def test_r_s3_claim_units_d_units_claim():
    # "97110 x3" with 33 minutes (+7 manual) earns 2 under Medicare
    result = run(note(ex(0, minutes=33, claimed_code="97110", claimed_units=3), iv(1, kind="manual", minutes=7)))
    f = _finding(result, "CLINICIAN_UNITS_NOT_SUPPORTED")
    assert f.intervention == 0 and "3 unit(s) of 97110" in f.message and "earn 2" in f.message
    assert "D-UNITS-CLAIM" in decision(result, 0)["rule_ids"]
    # claim that matches: nothing
    ok = run(note(ex(0, minutes=33, claimed_code="97110", claimed_units=2), iv(1, kind="manual", minutes=7)))
    assert ok.findings == []
    # a billing section: claimed code not reported at all counts as 0
    result = run(note(ex(0, minutes=30), billed_claims=[claim("97110", 2), claim("97530", 1)]))
    f = _finding(result, "CLINICIAN_UNITS_NOT_SUPPORTED")
    assert f.intervention is None and "97530" in f.message and f.evidence
    assert [x.id for x in result.findings] == ["CLINICIAN_UNITS_NOT_SUPPORTED"]


def test_d_units_claim_tr010_scenario():
    # TA 25 min for hip strength (claimed 97530), NMR 10 min balance, ankle sprain; billing 97530 x2, 97112 x1
    result = run(note(ex(0, ("strength",), 25, claimed_code="TA"), ex(1, ("balance",), 10, claimed_code="NMR"),
                      billed_claims=[claim("97530", 2), claim("97112", 1)]))
    assert lines(result) == {"97110": 2}
    assert fids(result) == {"CLINICIAN_CODE_NOT_SUPPORTED", "CLINICIAN_UNITS_NOT_SUPPORTED",
                            "NEURO_NOT_SUPPORTED", "OUTCOME_NOT_DOCUMENTED"}
    assert result.needs_review


def test_d_hep_instruction_coded_by_outcome_hep_list_nothing():
    result = run(note(ex(0, ("strength",), 12, section="treatment"),
                      ex(1, ("strength",), None, status="home_program")))
    assert lines(result) == {"97110": 1} and result.findings == []
    assert "D-HEP-INSTRUCTION" in decision(result, 1)["rule_ids"]


# ------------------------------------------------------------------ step 4: time and units


def test_r_s4_minutes_same_code_added_before_rounding():
    result = run(note(ex(0, minutes=7), ex(1, ("range_of_motion",), 8)))
    assert lines(result) == {"97110": 1}
    assert result.lines[0].minutes == 15
    assert [e.start for e in result.lines[0].evidence] == [0, 10]
    # commercial too: 7 + 7 = 14 -> 1 unit for the code (not 0 + 0)
    assert lines(run(note(ex(0, minutes=7), ex(1, minutes=7), payer="commercial"))) == {"97110": 1}


def test_r_s4_minutes_non_treatment_subtracted_and_clock_intervals():
    result = run(note(ex(0, minutes=20, non_treatment_minutes=13), payer="commercial"))
    assert result.lines == [] and fids(result) == {"BELOW_8_MINUTES"}
    assert decision(result, 0)["counted_minutes"] == 7
    result = run(note(ex(0, minutes=None, clock_start="10:05", clock_end="10:20"),
                      iv(1, kind="gait", minutes=None, clock_start="12:50", clock_end="1:05")))
    assert lines(result) == {"97110": 1, "97116": 1} and result.totals.timed_minutes == 30


def test_r_s4_minutes_stated_total_does_not_override_itemized():
    result = run(note(ex(0, minutes=20), iv(1, kind="manual", minutes=10), stated_total_minutes=60))
    assert sum(ln.units for ln in result.lines) == 2 and result.totals.timed_minutes == 30


def test_r_s4_co_treatment_minutes_counted_once():
    result = run(note(iv(0, kind="gait", minutes=15, co_treatment=True, provider="PT"),
                      iv(1, kind="gait", minutes=15, co_treatment=True, provider="PTA")))
    assert lines(result) == {"97116": 1} and result.totals.timed_minutes == 15
    assert "R-S4-CO-TREATMENT" in decision(result, 1)["rule_ids"]
    assert decision(result, 1)["counted_minutes"] == 0
    # one co-treatment entry: its minutes once
    assert lines(run(note(iv(0, kind="gait", minutes=23, co_treatment=True)))) == {"97116": 2}


def test_r_s4_single_total_d_single_total():
    result = run(note(ex(0, minutes=None), iv(1, kind="modality", modality="hot_pack"), stated_total_minutes=40))
    assert lines(result) == {"97110": 3, "97010": 1}
    assert "D-SINGLE-TOTAL" in decision(result, 0)["rule_ids"]
    # two timed services and only a total (tr-004): TIME_NOT_DOCUMENTED each
    result = run(note(ex(0, ("range_of_motion",), None), iv(1, kind="manual"), stated_total_minutes=40))
    assert result.lines == []
    assert [(f.id, f.intervention) for f in result.findings] == [("TIME_NOT_DOCUMENTED", 0),
                                                                 ("TIME_NOT_DOCUMENTED", 1)]
    assert not result.needs_review


def test_r_s4_table_minutes_d_time_table():
    # two timed services without minutes, the time table gives each code's minutes
    result = run(note(ex(0, minutes=None), iv(1, kind="gait"), code_minutes={"97110": 20, "97116": 12}),
                 payers=None)
    assert lines(result) == {"97110": 1, "97116": 1}  # Medicare pooled: 32 min -> 2 units
    assert "TIME_NOT_DOCUMENTED" not in fids(result)
    assert "D-TIME-TABLE" in decision(result, 0)["rule_ids"]
    # two services of one code: the table's minutes count once
    result = run(note(ex(0, minutes=None), ex(1, minutes=None), code_minutes={"97110": 23}), payers=None)
    assert lines(result) == {"97110": 2}
    assert [decision(result, i)["counted_minutes"] for i in (0, 1)] == [23, 0]


def test_d_time_table_services_with_their_own_minutes_keep_them():
    result = run(note(ex(0, minutes=10), code_minutes={"97110": 40}))
    assert lines(result) == {"97110": 1}
    assert "D-TIME-TABLE" not in decision(result, 0)["rule_ids"]
    # a row for a code no service has adds nothing
    assert lines(run(note(ex(0, minutes=10), code_minutes={"97530": 40}))) == {"97110": 1}


def test_r_s4_time_not_documented_no_units_never_invented():
    result = run(note(ex(0, minutes=None), iv(1, kind="gait", minutes=20)))
    assert lines(result) == {"97116": 1}
    assert fids(result) == {"TIME_NOT_DOCUMENTED"} and not result.needs_review
    # one entry of a code without minutes, another with: units from the documented minutes only
    result = run(note(ex(0, minutes=None), ex(1, minutes=10)))
    assert lines(result) == {"97110": 1} and [f.intervention for f in result.findings] == [0]


def test_r_s4_medicare_units_pooled_in_selector():
    result = run(note(ex(0, minutes=33), iv(1, kind="manual", minutes=7)))
    assert lines(result) == {"97110": 2, "97140": 1}
    assert "R-S4-MEDICARE-UNITS" in result.lines[0].rule_ids
    assert "33 of 40 pooled timed min" in result.lines[0].rationale
    assert result.totals.timed_minutes == 40


def test_r_s4_per_code_units_commercial():
    result = run(note(ex(0, minutes=33), iv(1, kind="manual", minutes=7), payer="commercial"))
    assert lines(result) == {"97110": 2}
    assert "BELOW_8_MINUTES" in fids(result)
    assert "R-S4-PER-CODE-UNITS" in result.lines[0].rule_ids


def test_r_s4_untimed_one_unit_whatever_the_minutes():
    for minutes in (5, 15, 60):
        assert lines(run(note(iv(0, kind="modality", modality="paraffin", minutes=minutes)))) == {"97018": 1}


def test_r_s4_untimed_notime_d_untimed_notime():
    result = run(note(iv(0, kind="modality", modality="hot_pack"), ex(1, minutes=30, arrangement="group")))
    assert lines(result) == {"97010": 1, "97150": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(result)
    assert "D-UNTIMED-NOTIME" in result.lines[0].rule_ids
    assert result.lines[0].minutes is None


@pytest.mark.parametrize("minutes,expected", [(155, {"97545": 1, "97546": 1}), (120, {"97545": 1}),
                                              (211, {"97545": 1, "97546": 2}), (10, {"97545": 1})])
def test_r_s4_work_units_d_work_units(minutes, expected):
    result = run(note(ex(0, ("strength",), minutes, functional_activity=True, work_related=True),
                      payer="commercial"))
    assert lines(result) == expected
    assert "BELOW_8_MINUTES" not in fids(result)
    assert result.totals.timed_minutes == 0 and result.totals.treatment_minutes == minutes
    assert all("D-WORK-UNITS" in ln.rule_ids for ln in result.lines)
    assert [ln.code for ln in result.lines] == sorted(expected)


def test_d_work_units_need_minutes():
    result = run(note(ex(0, ("strength",), None, functional_activity=True, work_related=True)))
    assert result.lines == [] and fids(result) == {"TIME_NOT_DOCUMENTED"}


def test_r_s4_work_units_not_pooled_with_15_minute_codes():
    result = run(note(ex(0, ("strength",), 130, work_related=True), ex(1, minutes=7)))
    assert lines(result) == {"97545": 1}  # 7 min of 97110 alone: T = 7 -> 0 units
    assert "BELOW_8_MINUTES" in fids(result)


def test_r_s4_below_8_d_below8_pooled():
    result = run(note(ex(0, minutes=44), iv(1, kind="manual", minutes=8)))
    assert lines(result) == {"97110": 3}
    f = _finding(result, "BELOW_8_MINUTES")
    assert f.intervention == 1 and "D-BELOW8-POOLED" in decision(result, 1)["rule_ids"]
    assert result.totals.timed_minutes == 52  # the pool, as in the CMS rule
    # below 8 alone
    result = run(note(ex(0, minutes=7)))
    assert result.lines == [] and fids(result) == {"BELOW_8_MINUTES"}


def test_r_s4_tie_d_tie_rationale():
    result = run(note(ex(0, ("balance",), 20, neuro_goal=True), ex(1, minutes=20), neuro_conditions=["CVA"]))
    assert lines(result) == {"97112": 2, "97110": 1}
    ln = _line(result, "97112")
    assert "D-TIE" in ln.rule_ids and "tie" in ln.rationale
    # more total minutes first (tr-025): 97110 25 + 97530 10 -> 97110 x2
    result = run(note(ex(0, minutes=25), ex(1, ("strength",), 10, functional_activity=True,
                                            functional_goal=True)))
    assert lines(result) == {"97110": 2}
    assert "D-TIE" in decision(result, 1)["rule_ids"]


def test_r_s4_unit_cap_is_finding_free(tmp_path):
    from nlp_coder.coding.payers import PayerRegistry

    p = tmp_path / "capped.json"
    p.write_text('{"name": "capped", "unit_method": "medicare_pooled", "timed_unit_cap_per_day": 2}')
    reg = PayerRegistry.with_files([p])
    result = run(note(ex(0, minutes=30), iv(1, kind="manual", minutes=16), payer="capped"), payers=reg)
    assert lines(result) == {"97110": 1, "97140": 1}
    assert result.findings == []
    assert "R-S4-UNIT-CAP" in _line(result, "97110").rule_ids
    # a line cut to 0 by the cap disappears without BELOW_8_MINUTES
    p.write_text('{"name": "capped", "unit_method": "per_code", "timed_unit_cap_per_day": 1}')
    reg = PayerRegistry.with_files([p])
    result = run(note(ex(0, minutes=20), iv(1, kind="manual", minutes=10), payer="capped"), payers=reg)
    assert lines(result) == {"97110": 1} and result.findings == []
    assert "R-S4-UNIT-CAP" in decision(result, 1)["rule_ids"]


def test_r_s4_totals_d_treatment_total():
    result = run(note(ex(0, minutes=33), iv(1, kind="manual", minutes=7),
                      iv(2, kind="modality", modality="hot_pack", minutes=10),
                      iv(3, kind="modality", modality="mechanical_traction"),
                      ex(4, minutes=30, arrangement="group"),
                      iv(5, kind="evaluation", minutes=40),
                      ex(6, ("endurance",), 10, provider="aide"),
                      ex(7, (), 12),
                      iv(8, kind="gait")))
    assert result.totals.timed_minutes == 40
    assert result.totals.treatment_minutes == 40 + 10 + 30
    # per-code payer: the timed minutes are those of the coded timed services, units aside
    result = run(note(ex(0, minutes=33), iv(1, kind="manual", minutes=7), payer="commercial"))
    assert result.totals.timed_minutes == 40 and result.totals.treatment_minutes == 40


# ------------------------------------------------------------------ step 5: modifiers and payer policy


def _discipline_modifier(discipline, mod, rule):
    result = run(note(ex(0, minutes=15), iv(1, kind="modality", modality="hot_pack"), discipline=discipline,
                      payer="commercial"))
    assert all(ln.modifiers == [mod] for ln in result.lines) and len(result.lines) == 2
    assert all(rule in ln.rule_ids for ln in result.lines)


def test_r_s5_gp_physical_therapy():
    _discipline_modifier("PT", "GP", "R-S5-GP")


def test_r_s5_go_occupational_therapy():
    _discipline_modifier("OT", "GO", "R-S5-GO")


def test_r_s5_gn_speech_language_pathology():
    _discipline_modifier("SLP", "GN", "R-S5-GN")


def test_r_s5_gp_from_signature_when_no_discipline_field():
    result = run(note(ex(0, minutes=15), discipline=None, discipline_source=None, signed_by="PT"))
    assert result.lines[0].modifiers == ["GP"] and result.discipline == "PT"
    assert "DISCIPLINE_UNKNOWN" not in fids(result)


def test_r_s5_discipline_unknown_no_modifier_and_not_needs_review():
    result = run(note(ex(0, minutes=20), iv(1, kind="manual", minutes=10), discipline=None,
                      discipline_source=None, payer="commercial"))
    assert all(ln.modifiers == [] for ln in result.lines)
    assert fids(result) == {"DISCIPLINE_UNKNOWN"} and not result.needs_review
    assert result.discipline is None
    assert [f.intervention for f in result.findings] == [None]


def test_r_s5_cq_d_assistant_pta_signed_medicare_every_line():
    result = run(note(ex(0, ("balance",), 24, neuro_goal=True), iv(1, kind="gait", minutes=15),
                      iv(2, kind="modality", modality="hot_pack"), neuro_conditions=["CVA"], signed_by="PTA"))
    assert [ln.modifiers for ln in result.lines] == [["CQ", "GP"]] * 3
    assert all("D-ASSISTANT" in ln.rule_ids for ln in result.lines)
    # commercial / aetna: no assistant modifier
    for payer in ("commercial", "aetna"):
        r = run(note(ex(0, minutes=24), signed_by="PTA", payer=payer))
        assert r.lines[0].modifiers == ["GP"]


def test_r_s5_cq_only_lines_the_assistant_furnished():
    result = run(note(ex(0, minutes=24, provider="PTA"), iv(1, kind="manual", minutes=15, provider="PT"),
                      signed_by="PT"))
    assert {ln.code: ln.modifiers for ln in result.lines} == {"97110": ["CQ", "GP"], "97140": ["GP"]}


def test_r_s5_co_cota_with_go():
    result = run(note(iv(0, kind="self_care", minutes=23), ex(1, ("strength",), 15, functional_activity=True,
                                                                functional_goal=True),
                      discipline="OT", signed_by="COTA"))
    assert [ln.modifiers for ln in result.lines] == [["CO", "GO"], ["CO", "GO"]]
    assert "R-S5-CO" in result.lines[0].rule_ids
    # no CQ on an OT line even when a PTA is named
    result = run(note(iv(0, kind="self_care", minutes=23, provider="PTA"), discipline="OT"))
    assert result.lines[0].modifiers == ["GO"]


def test_r_s5_substitution_medicare_only():
    estim = iv(0, kind="modality", modality="electrical_stimulation", minutes=15)
    assert lines(run(note(estim))) == {"G0283": 1}
    assert lines(run(note(estim, payer="commercial"))) == {"97014": 1}
    assert decision(run(note(estim)), 0)["code"] == "G0283"


def test_r_s5_bundled_97010_medicare_reported_and_flagged():
    result = run(note(iv(0, kind="modality", modality="cold_pack", minutes=10), ex(1, minutes=15)))
    assert lines(result) == {"97010": 1, "97110": 1}
    f = _finding(result, "BUNDLED")
    assert f.intervention == 0 and f.rule_id == "R-S5-BUNDLED"
    assert "BUNDLED" not in fids(run(note(iv(0, kind="modality", modality="cold_pack"), payer="commercial")))


def test_r_s5_same_day_limit_aetna():
    facts = note(ex(0, minutes=15), ex(1, ("strength",), 16, functional_activity=True, functional_goal=True),
                 iv(2, kind="manual", minutes=8), payer="aetna")
    result = run(facts)
    assert lines(result) == {"97110": 1, "97530": 1, "97140": 1}  # per-code units, lines kept
    f = _finding(result, "PAYER_SAME_DAY_LIMIT")
    assert "97110" in f.message and "97530" in f.message and f.rule_id == "R-S5-SAME-DAY-LIMIT"
    assert "R-S5-SAME-DAY-LIMIT" in _line(result, "97110").rule_ids
    assert "R-S5-SAME-DAY-LIMIT" not in _line(result, "97140").rule_ids
    # only one of the codes after recoding: nothing
    one = run(note(ex(0, minutes=15), ex(1, ("strength",), 15, claimed_code="TA"), payer="aetna"))
    assert "PAYER_SAME_DAY_LIMIT" not in fids(one)
    # other payers: nothing
    assert "PAYER_SAME_DAY_LIMIT" not in fids(run(facts.model_copy(update={"payer": "medicare"})))


# ------------------------------------------------------------------ the edit step


def test_r_s5_edits_none_tables_lines_unchanged():
    a = run(note(ex(0, minutes=20), iv(1, kind="manual", minutes=20)))
    b = run(note(ex(0, minutes=20), iv(1, kind="manual", minutes=20)), edit_tables=None)
    assert a.to_json() == b.to_json()


def test_r_s5_edits_called_with_lines_and_distinct_modifier(monkeypatch):
    import nlp_coder.coding.edits as edits
    from nlp_coder.schema import Finding

    calls = []

    def double(lines, facts, tables, distinct_modifier, code_interventions=None):
        calls.append((list(lines), tables, distinct_modifier, code_interventions))
        kept = [ln for ln in lines if ln.code != "97530"]
        return kept, [Finding(id="NCCI_BUNDLED", message="double", rule_id="R-TEST")]

    monkeypatch.setattr(edits, "apply_edits", double)
    facts = note(iv(0, kind="manual", minutes=20), ex(1, ("strength",), 20, functional_activity=True,
                                                       functional_goal=True), payer="aetna")
    result = run(facts, edit_tables="TABLES")
    lines_in, tables, mod, civs = calls[0]
    assert [ln.code for ln in lines_in] == ["97140", "97530"] and tables == "TABLES" and mod == "59"
    assert [i.index for i in civs["97530"]] == [1]
    assert lines(result) == {"97140": 1}
    assert "NCCI_BUNDLED" in fids(result)
    assert lines_in[0].modifiers == ["GP"]  # modifiers are on before the edit step


def test_r_s5_edits_sample_tables_integration():
    from pathlib import Path

    from nlp_coder.coding.edits import load_edit_tables

    samples = Path(__file__).resolve().parents[2] / "nlp_coder/coding/tables/samples"
    tables = load_edit_tables([samples / "ptp-sample.txt"], [samples / "mue-sample.txt"])
    facts = note(iv(0, kind="manual", minutes=20), ex(1, ("strength",), 20, functional_activity=True,
                                                       functional_goal=True))
    result = run(facts, edit_tables=tables)
    assert lines(result) == {"97140": 2, "97530": 1}
    assert "NCCI_DISTINCT_NOT_DOCUMENTED" in fids(result)
    result = run(facts.model_copy(update={"separate_time_blocks": True}), edit_tables=tables)
    assert _line(result, "97530").modifiers == ["59", "GP"]
    assert "NCCI_MODIFIER_APPLIED" in fids(result)


# ------------------------------------------------------------------ output shape


def test_findings_each_id_once_per_intervention():
    result = run(note(ex(0, (), 15, claimed_code="97112", claimed_units=4)))
    ids = [(f.id, f.intervention) for f in result.findings]
    assert len(ids) == len(set(ids))


def test_lines_sorted_by_first_appearance():
    result = run(note(iv(0, kind="modality", modality="hot_pack"), iv(1, kind="manual", minutes=20),
                      ex(2, minutes=20), iv(3, kind="gait", minutes=20), ex(4, ("range_of_motion",), 5)))
    assert [ln.code for ln in result.lines] == ["97010", "97140", "97110", "97116"]


def test_every_line_and_finding_has_rule_ids_rationale_and_evidence():
    spans = [Evidence(start=3, end=8, text="3x10", label="parameter")]
    result = run(note(ex(0, minutes=33, evidence=spans, claimed_code="TA"), iv(1, kind="manual", minutes=7),
                      ex(2, (), 10), iv(3, kind="modality", modality="hot_pack", provider="aide"),
                      billed_claims=[claim("97530", 2)], discipline=None, discipline_source=None))
    assert result.lines and "DISCIPLINE_UNKNOWN" in fids(result)
    for ln in result.lines:
        assert ln.rule_ids and ln.rationale.startswith("Step") and ln.evidence
        assert all(e.label is None for e in ln.evidence)
    for f in result.findings:
        assert f.rule_id and f.message.startswith("Step") and f.evidence
    f = next(f for f in result.findings if f.id == "OUTCOME_NOT_DOCUMENTED")
    assert f.evidence[0].start == 20


def test_interventions_carry_facts_and_decision():
    facts = note(ex(0, minutes=15), iv(1, kind="out_of_scope"))
    result = run(facts)
    assert len(result.interventions) == 2
    first = dict(result.interventions[0])
    d = first.pop("decision")
    assert first == facts.interventions[0].model_dump(mode="json")
    assert d["code"] == "97110" and d["counted_minutes"] == 15 and d["source"] == "rules"
    assert d["rationale"] and "R-S3-97110" in d["rule_ids"]


def test_needs_review_only_when_a_code_could_not_be_chosen():
    result = run(note(ex(0, minutes=None), ex(1, ("strength",), 20, claimed_code="NMR"), discipline=None))
    assert {"TIME_NOT_DOCUMENTED", "DISCIPLINE_UNKNOWN", "NEURO_NOT_SUPPORTED"} <= fids(result)
    assert not result.needs_review


def test_d_claim_diff_a_billing_sections_code_recoded_within_its_family():
    # a group (97150) billed as 97110: the billed code has no line and is the group's claim, recoded
    group = ex(0, minutes=30, arrangement="group", group_size=4)
    result = run(note(group, billed_claims=[claim("97110", 2)]))
    assert lines(result) == {"97150": 1}
    assert fids(result) == {"CLINICIAN_CODE_NOT_SUPPORTED", "CLINICIAN_UNITS_NOT_SUPPORTED", "GROUP"}
    f = _finding(result, "CLINICIAN_CODE_NOT_SUPPORTED")
    assert "97110" in f.message and "97150" in f.message and f.evidence
    # the family's reported code billed too: not a recode, only the units claim
    result = run(note(group, ex(1, minutes=15), billed_claims=[claim("97110", 2), claim("97150", 1)]))
    assert "CLINICIAN_CODE_NOT_SUPPORTED" not in fids(result)
    # a billed code of no family (97140) with nothing documented: only the units claim
    result = run(note(ex(0, minutes=20), billed_claims=[claim("97110", 1), claim("97140", 1)]))
    assert fids(result) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}
