"""E-LIST-BLOCK (a label-only line and its content lines), E-REPORTS (test results, symptom events) and planned
cues ("re-eval due 3/20"). Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, performed, units as lines


# ---------------------------------------------------------------- E-LIST-BLOCK: label-only lines

LABEL_LINES = """Dx: L MCA stroke w/ R hemiparesis
Neuromuscular Re-education - 24 min
weight shifts in standing on foam w/ mirror feedback, reactive stepping; retraining of balance reactions.
Therapeutic Exercise - 12 min
Treadmill 2.8 mph, 1% grade, for aerobic endurance.
Assessment: tolerated progression."""


def test_e_list_block_label_only_line_takes_the_lines_under_it(coder):
    res = code(coder, LABEL_LINES, discipline="PT", payer="commercial")
    assert lines(res) == {"97112": 2, "97110": 1}
    assert fids(res) == set()
    assert [iv["minutes"] for iv in performed(res)] == [24, 12]


def test_e_list_block_label_only_line_stops_at_another_kind_of_service(coder):
    text = ("Gait training 15 min\namb 150 ft x3 w/ RW, cues for step length, to improve household ambulation safety\n"
            "Manual therapy to L knee, PA glides gr III for joint mobility")
    res = code(coder, text, discipline="PT", payer="commercial")
    kinds = [iv["kind"] for iv in performed(res)]
    assert kinds == ["gait", "manual"]  # the manual therapy line is not part of the gait label's block
    assert performed(res)[0]["minutes"] == 15 and performed(res)[1]["minutes"] is None


def test_e_list_block_label_only_line_does_not_take_a_line_with_its_own_minutes(coder):
    text = "Ther ex 10 min\nLAQ, marching 2x15 for quad strength\nBalance 12 min: tandem stance, SLS, for balance"
    res = code(coder, text, discipline="PT", payer="commercial")
    assert [iv["minutes"] for iv in performed(res)] == [10, 12]


# ---------------------------------------------------------------- E-REPORTS: test results and symptom events

@pytest.mark.parametrize("measure", [
    "30s STS 9 reps (was 7).",
    "TUG 14 sec (prev 18 sec).",
    "6-minute walk test 1,020 ft with RW.",
    "Berg 41/56.",
    "Grip strength R 18 lb, L 52 lb.",
])
def test_e_reports_a_standardised_test_result_is_not_a_service(coder, measure):
    text = "Ther ex 20 min: sit<>stand 3x8, hip abd w/ band 2x12 - hip/LE strengthening.\n" + measure
    res = code(coder, text, discipline="PT")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()
    assert len(performed(res)) == 1


def test_e_reports_a_test_line_with_its_own_treatment_minutes_is_still_read(coder):
    # the words after the test name carry minutes: not a bare result, so the usual reading applies
    text = "Gait speed training 12 min: fast walking intervals in hallway w/ cues, to improve community ambulation."
    res = code(coder, text, discipline="PT")
    assert lines(res) == {"97116": 1}


def test_e_reports_a_symptom_event_sentence_is_not_a_second_service(coder):
    text = ("Gait training 25 min: metronome cueing, turning 180 degrees in narrow space, practicing weight shift to "
            "break freezing. Freezing occurred once at the doorway and resolved with a weight shift cue. "
            "Plan continue twice weekly.")
    res = code(coder, text, discipline="PT")
    assert lines(res) == {"97116": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- planned: "due"

def test_a_re_evaluation_said_to_be_due_is_planned(coder):
    text = ("Grooming training 18 min seated at sink: one-handed toothpaste management, to improve independence.\n"
            "Plan per OTR POC; OTR re-eval due 3/20.\nInes Paredes, COTA/L")
    res = code(coder, text)
    assert "EVALUATION_NOT_CODED" not in fids(res)
    assert lines(res) == {"97535": 1}


def test_due_to_is_not_a_plan(coder):
    text = "Gait training 15 min w/ RW, LOB x2 due to fatigue, cues for step length to improve household ambulation safety."
    res = code(coder, text, discipline="PT")
    assert lines(res) == {"97116": 1}


# ---------------------------------------------------------------- training in another service, home programs, calls

def test_e_trained_clause_adaptive_equipment_after_exercise_is_a_second_service(coder):
    text = ("Paraffin B hands at start (pt tolerated, no skin issues). Then AROM/tendon glides + MCP ext with light "
            "putty for finger ROM, and trained in use of jar opener, built-up foam utensil handles and a button hook "
            "for feeding/dressing w/ joint protection.\nTotal tx time 35 min.\nT. Mbeki, OTR")
    res = code(coder, text)
    assert [iv["kind"] for iv in performed(res)] == ["modality", "exercise", "self_care"]
    assert lines(res) == {"97018": 1}
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}  # one total for two timed services


def test_hep_updated_label_is_a_home_program(coder):
    text = ("Ther ex 20 min: AROM wrist flex/ext, tendon glides - to increase wrist ROM\n"
            "HEP updated: add putty squeezes 3x/day\nC. Boateng, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()


def test_a_phone_call_is_not_a_service(coder):
    text = ("OT - chart note\nPt discharged home before OT d/c visit could be completed. Called pt's daughter, left VM "
            "re: tub bench questions and putty/tendon glide HEP; asked her to call back.\nSylvie Marchand, OTR/L")
    res = code(coder, text)
    assert res.lines == [] and fids(res) == set()


# ---------------------------------------------------------------- time said after the service, labels, claims

def test_a_sentence_that_gives_the_time_of_the_service_before_it(coder):
    text = ("Resident seen bedside at 0830 for morning self-care. Worked on upper body dressing seated EOB using "
            "hemi-dressing technique for pullover shirt; min A for sequencing. This portion took about twenty-five "
            "minutes. Then practiced stand-pivot transfers bed > w/c w/ grab bar, CGA, approximately 12 minutes.\n"
            "Theresa Gomez, COTA/L")
    res = code(coder, text)
    assert [iv["minutes"] for iv in performed(res)] == [25, 12]
    assert fids(res) == set()


def test_time_of_part_of_a_session_that_was_waiting_is_left_out():
    from nlp_coder.extract.minutes import parse_minutes
    res = parse_minutes("grocery trip w/ pt. 55 min total incl bus ride; 10 min of that was waiting at the stop (not counted).")
    assert (res.minutes, res.non_treatment_minutes) == (55, 10)


def test_a_two_word_label_names_the_service(coder):
    text = ("Treatment:\n• PROM/AAROM R shoulder: pulleys, table slides — to increase shoulder flex & ER ROM\n"
            "• Functional reach: placing cans on shelf at shoulder height, hanging clothes on closet rod — for putting "
            "away groceries and dressing\nTime:\nTherapeutic Exercise (97110) ........ 18\n"
            "Therapeutic Activities (97530) ...... 16\nSara Lindqvist, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97110": 1, "97530": 1}


def test_what_was_taught_after_a_claim_label_is_the_service(coder):
    text = ("TA (97530) 20 min: instructed pt in joint protection and adaptive equipment for ADLs — built-up pen, jar "
            "opener, key turner; pt practiced buttoning and opening pill bottles.\nSigned, Olivia Grant, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 1}
    assert fids(res) == {"CLINICIAN_CODE_NOT_SUPPORTED"}


def test_pelvic_floor_muscle_training_is_exercise(coder):
    text = ("O: Pelvic floor muscle training supine and sitting w/ verbal cues: quick flicks and 10-s holds; goal PFM "
            "strength and endurance. Twenty-two minutes.\nNaomi Farrell, PT, DPT")
    res = code(coder, text)
    assert lines(res) == {"97110": 1}


def test_signed_prefix_and_payer_line_under_the_signature(coder):
    text = ("Therapeutic exercise - 20 min: seated LAQ 3#, standing hip abd w/ band; to improve LE strength.\n"
            "Signed: Daniel Ferreira, PT  03/10/2026\nMedicare Part B")
    res = code(coder, text)
    assert res.discipline == "PT" and fids(res) == set()


def test_a_later_clause_of_an_assistant_labelled_line_is_the_assistant_s(coder):
    text = ("PT (D. Sandoval): progressed ther ex — bridges w/ band, S/L hip abd 2#, mini-squats — hip abductor "
            "strengthening, 15 min.\nPTA (K. Lum) then took over: gait training w/ SPC indoors and on ramp, 12 min, "
            "cues to decrease trendelenburg; then car transfer training on simulator in/out x4 w/ hip precautions, 11 min.\n"
            "D. Sandoval, PT / K. Lum, PTA")
    res = code(coder, text, payer="medicare")
    mods = {ln.code: tuple(ln.modifiers) for ln in res.lines}
    assert mods == {"97110": ("GP",), "97116": ("CQ", "GP"), "97530": ("CQ", "GP")}


def test_e_reports_how_the_patient_did_during_a_service_is_not_another_service(coder):
    text = ("TA 20 min: reaching outside BOS in standing to retrieve items from counter, for safe kitchen tasks at home.\n"
            "Pt needed min A for standing balance during TA.\nR. Ames, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97530": 1}
    assert fids(res) == set()


def test_e_split_overview_an_arrangement_sentence_is_not_a_service(coder):
    text = ("Aquatic PT. B knee OA, poor land tolerance. 1:1 in pool.\nAquatic therapy 30 min: fwd/retro walking, "
            "squats, step-ups - LE strength + endurance w/ reduced WB.\nM. Fontaine, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97113": 2}
    assert fids(res) == set()


def test_e_reports_how_the_patient_tolerated_a_service_is_not_another_service(coder):
    text = ("Gait training 15 min: 150 ft x2 w/ RW, cues for step length, to improve safety walking to the dining room.\n"
            "Resident tolerated, SpO2 95% after gait. Resident pleasant, oriented x3.\nJ. Lee, PT")
    res = code(coder, text)
    assert lines(res) == {"97116": 1}
    assert fids(res) == set()


def test_e_split_overview_a_line_naming_the_visit_is_not_a_service(coder):
    text = ("Transradial (R) myoelectric prosthesis - subsequent training visit (fitted 3 wks ago).\n"
            "Prosthetic training 30 min: donning/doffing, grasp/release of cups and blocks in varied arm positions, "
            "so she can carry groceries.\nK. Bell, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97763": 2}
    assert fids(res) == set()
    assert len(performed(res)) == 1
