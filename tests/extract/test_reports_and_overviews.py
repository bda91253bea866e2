"""Reading rules from the session-7 batches, part 2: reports and measurements that name a service (E-REPORTS), overview
lines and asides (E-SPLIT-OVERVIEW), a pair of children as a group (E-GROUP-CUE), material handed out (E-HOME-CUE), the
purpose of a service (E-LOG-LABEL) and a timed total stated with "today was" (D-SINGLE-TOTAL). Notes here are written
for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units as lines
from nlp_coder.extract.minutes import stated_total


def test_e_reports_measured_range_with_when_it_was_measured_is_a_measurement(coder):
    text = ("Objective:\n  L knee AROM flex 112, ext -4 (measured at start of session)\n"
            "  Ther ex 24 min: heel slides, quad sets, SLR 3x10 for knee ROM and quad strength.\nB. Kent, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2}
    assert not fids(res)


def test_e_reports_distance_to_the_palmar_crease_is_a_measurement(coder):
    text = "AROM / tendon glides 14 min for finger flexion ROM.\nComposite fist: 2 cm from DPC (was 3 cm).\nB. Kent, OTR/L"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert not fids(res)


@pytest.mark.parametrize("report", [
    "Pt back to walking 2 miles a day w/o knee pain.",
    "Pt tolerated well, fatigued by the end of the exercises.",
])
def test_e_reports_what_the_patient_is_back_to_or_how_he_ended_is_no_service(coder, report):
    text = f"Ther ex 16 min: step-ups, lateral band walks 3x12 for hip strength.\n{report}\nB. Kent, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert not fids(res)


def test_e_group_cue_a_dyad_with_a_peer_is_a_group(coder):
    text = ("Individual 1:1 25 min: sensory integration on the platform swing for arousal regulation.\n"
            "Dyad w/ peer 20 min: turn-taking ball games, throw/catch for bilateral coordination.\nN. Brooks, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97533": 2, "97150": 1}
    assert "GROUP" in fids(res)


def test_e_split_overview_first_session_with_a_new_device_is_the_visit_as_a_whole(coder):
    text = ("L TTA 4 months. First session with new definitive prosthesis today (delivered this morning).\n"
            "0900-0930 Prosthetic training: donning with liner and sock, weight shifts in parallel bars, doffing.\n"
            "P. Meer, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97761": 2}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_split_overview_an_aside_in_parentheses_is_not_a_clause(coder):
    text = ("Balance group 1030-1100 (4 residents, PT led): standing weight shifts, cone taps, ball toss, 30 min, "
            "for standing balance.\nM. Ruiz, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97150": 1}
    assert len([iv for iv in res.interventions if iv["status"] == "performed"]) == 1


def test_e_log_label_the_task_a_parameter_serves_is_not_the_service(coder):
    text = ("Seated UE ex group 30 min (4 residents): band rows, chest press for B UE strength/endurance for w/c "
            "propulsion and transfers.\nM. Ruiz, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97150": 1}
    assert [iv["kind"] for iv in res.interventions if iv["status"] == "performed"] == ["exercise"]


def test_e_home_cue_a_booklet_handed_out_is_not_a_service(coder):
    text = ("Ther ex 18 min: wrist curls, putty grip for grip strength.\n"
            "Joint protection booklet given - to go over at next session.\nM. Pillai, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert not fids(res) - {"DISCIPLINE_UNKNOWN"}


def test_a_total_timed_today_was_is_the_visit_total():
    assert stated_total("Total timed treatment today was twenty-five minutes.")[0] == 25
    assert stated_total("Total timed treatment this session was 31 min.")[0] == 31


DISCHARGE = ("OT DISCHARGE SUMMARY\nStatus at d/c compared w/ SOC:\n  UB dressing       SOC mod A  ->  d/c set-up\n"
             "  Toilet transfer   SOC mod A  ->  d/c SBA w/ grab bar\n{header}\n"
             "LB dressing training 24 min - pants and socks seated EOB w/ reacher and sock aid, VC for sequencing.\n"
             "Goals: LB dressing SBA - MET.\nH. Koeppel, OTR/L")


@pytest.mark.parametrize("header", ["Final session (this date):", "Last session (today, 3/13):", "Treatment today:"])
def test_e_exam_findings_a_discharge_status_table_is_no_service_and_the_last_session_is_today(coder, header):
    res = code(coder, DISCHARGE.format(header=header), payer="medicare")
    assert lines(res) == {"97535": 2}
    assert not fids(res)


def test_e_exam_findings_a_last_visit_with_a_past_date_stays_history(coder):
    text = "Last tx (03/02/26): manual STM lumbar 15, ther ex 20, HP.\nToday: ther ex 22 min bridges, clams for hip strength.\nR. Diaz, PT"
    assert lines(code(coder, text, payer="commercial")) == {"97110": 1}


@pytest.mark.parametrize("line", [
    "ROM exercises for the R knee 15 min: heel slides w/ strap, wall slides.",
    "About fifteen minutes went to range-of-motion work for the right knee: heel slides and the bike.",
])
def test_e_log_label_an_exercise_named_by_its_parameter_states_its_outcome(coder, line):
    res = code(coder, f"{line}\nC. Mendes, PT", payer="medicare")
    assert lines(res) == {"97110": 1}
    assert not fids(res)


def test_e_log_label_bed_mobility_names_a_task_not_range_of_motion(coder):
    assert lines(code(coder, "Bed mobility 12 min: rolling, supine to sit w/ rail.\nC. Mendes, PT", payer="medicare")) == {"97530": 1}


def test_e_list_block_a_label_with_a_parenthesis_heads_its_indented_items(coder):
    text = ("Rx:\nTher ex (strength) - 30 mins\n  leg press SL 3 x 8 @ 60kg\n  Nordic hamstring curls 3 x 5\n"
            "  -> quads + hamstring strength, nil pain\nL. Harvey, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2}
    assert not fids(res)


def test_e_charge_rows_a_row_with_its_units_after_the_minutes_gives_the_minutes(coder):
    text = ("Interventions:\nManual therapy: R C5/6 lateral glides, upper thoracic PA mobs.\n"
            "Ther ex: chin tuck holds 10 x 10 s, band rows 3 x 12 for deep neck flexor strength.\n"
            "Time / Charges:\n97140  Manual therapy ....... 15 min ... 1 unit\n97110  Ther ex .............. 10 min ... 1 unit\n"
            "R. Menon, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1, "97110": 1}
    assert not fids(res)


def test_e_exam_findings_sub_headers_of_a_status_list_stay_in_it(coder):
    text = ("PT Progress Report\nFunctional status this period:\n- Gait: RW -> SPC household. 10MWT 0.68 m/s (was 0.41)\n"
            "- Stairs: 4 steps w/ 1 rail + SPC, step-to, CGA\n- Transfers: mod I all surfaces\nTreatment today:\n"
            "Gait training w/ SPC indoors and on the ramp, VC for step length, 14 min.\nA. Brennan, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1}
    assert not fids(res)


@pytest.mark.parametrize("ending", [
    "She put the splint on by herself x2 before leaving.",
    "Pt donned the orthosis independently at the end of the session.",
])
def test_e_reports_a_return_demonstration_alone_is_no_service(coder, ending):
    text = ("First fitting today: made her a hand-based thumb splint, molded and trimmed; taught her to put it on and "
            f"off, 35 min.\nThen tendon glide series for finger ROM, 10 min.\n{ending}\nK. Moreau, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97760": 2, "97110": 1}
    assert not fids(res)


def test_e_work_goal_work_as_the_goal_of_an_exercise_is_not_work_conditioning(coder):
    text = ("Therapeutic exercise: prone press-ups 3x10, TrA w/ heel slides 2x10, bird dog 2x10 - goal: trunk muscular "
            "endurance for sitting at work. 28 min\nP. Natarajan, PT")
    assert lines(code(coder, text, payer="commercial")) == {"97110": 2}


@pytest.mark.parametrize("text", [
    "Lifting practice 25 min: floor to waist crates x20 w/ body mechanics cues, for return to work as a stocker.",
    "Work conditioning 0800-1000: lifting, carrying and pushing stations w/ body mechanics cues.",
])
def test_e_work_goal_a_work_activity_or_program_stays_work_conditioning(coder, text):
    assert "97545" in lines(code(coder, f"Daily note\n{text}\nP. Natarajan, PT", payer="commercial"))


def test_e_list_block_a_treatment_header_with_a_reference_does_not_join_its_items_into_one_service(coder):
    text = ("PT RE-EVALUATION\nO (re-eval, 20 min): gait speed 0.42 m/s, Berg 34/56.\nTx (after re-eval):\n"
            "  1010-1030  Gait training w/ hemi-walker and L AFO, VC for L step length\n"
            "  1030-1045  NMR: standing at counter - lateral wt shifts onto L LE, to improve standing balance\n"
            "Dx: R pontine infarct w/ L hemiparesis\nTimed charges: 97116 x1, 97112 x1\nN. Brooks, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1, "97112": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_split_overview_the_length_of_the_visit_is_not_a_service(coder):
    text = ("OT daily note, dictated. Patient seen in the ADL suite for a one hour session. Grooming training at the sink "
            "in standing, 25 minutes: brushed teeth, combed hair, cues to use the right hand. Dressing training 35 "
            "minutes: shirt and pants seated EOB w/ hemi technique, min A.\nP. Venkataraman, OTR/L")
    assert lines(code(coder, text, payer="medicare")) == {"97535": 4}


def test_a_billing_header_with_a_long_parenthesis_opens_the_billing_section(coder):
    text = ("TREATMENT\nTherapeutic Exercise - 24 min: bird-dog, bridges w/ TA 2x12 for trunk strength.\n"
            "Manual Therapy - 12 min: L4-5 PA mobs gr III for lumbar extension ROM.\nPLAN\nContinue 2x/wk.\n\n"
            "CHARGES (carried forward - verify)\n97110  Therapeutic exercise ...... 3 units\n"
            "97140  Manual therapy ............ 1 unit\nK. Baranowski, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "97140": 1}
    assert "CLINICIAN_UNITS_NOT_SUPPORTED" in fids(res)


def test_unskilled_when_the_therapist_is_with_another_patient(coder):
    text = ("Warm-up: recumbent bike 10 min, level 3 - pt independent, PT w/ other pt in gym (not billed).\n"
            "Ther ex 20 min: SLR 3x10, TKE w/ band 3x15 for R quad strength.\nG. Oduya, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert "UNSKILLED" in fids(res)


@pytest.mark.parametrize("report", ["Res. tolerated tx well, no c/o. RPE 13/20 after gait.", "SpO2 88% w/ gait, recovered w/ PLB."])
def test_e_reports_a_vital_sign_taken_after_a_service_is_no_service(coder, report):
    text = (f"Gait trng 15' - RW, 120' x2 on carpet, SBA, cues for RW proximity.\n{report}\nB. Holt, PTA")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1}
    assert not fids(res)


def test_a_charge_line_abbreviated_chg_is_billing(coder):
    text = ("W/C MGMT 20 MIN: ADJUSTED FOOTREST HT, PRESSURE RELIEF TRAINING.\nSELF CARE 10 MIN: LB DRESSING IN LONG SIT.\n"
            "CHG: 97542 X1, 97535 X1\nJ. Lowe, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97542": 1, "97535": 1}
    assert not fids(res)


def test_e_reports_timed_pre_exercise_vitals_are_not_a_service(coder):
    text = ("Pre-exercise vitals (8 min, incl. seated rest, BP 132/78, HR 74).\n"
            "Ther ex 24 min: seated LAQ 3# 2x15, standing hip abd 2x12 for B LE strength.\nM. Diaz, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 2}
    assert not fids(res)
