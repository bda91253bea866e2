"""Reading rules from session 12. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, performed, units as lines
from nlp_coder.extract.minutes import find_mentions, parse_minutes


# ---------------------------------------------------------------- exercises and activities

def test_e_exercise_list_a_functional_item_among_strength_exercises_is_an_exercise(coder):
    text = ("PT daily\nTher ex 18 min - sit to stand x10, standing hip abd 2x12 red band, marching, toe raises -- "
            "to build B LE strength for transfers\nR. Ames, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}


def test_e_exercise_list_under_ther_act_the_activity_stays(coder):
    text = ("PT daily\nTher act 18 min - chair rises x10, step ups, carrying laundry basket, reaching to shelf -- "
            "for safe transfers at home\nR. Ames, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}


def test_e_exercise_list_two_items_only_is_not_a_list(coder):
    text = ("PT daily\nTher ex 18 min - sit to stand x10 from low mat, then mini squats -- for LE strength for transfers\n"
            "R. Ames, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}


@pytest.mark.parametrize("movement", ["palm to finger translation", "finger to nose"])
def test_e_func_activity_to_between_body_parts_is_a_movement_not_a_purpose(coder, movement):
    text = ("OT note\nDx: multiple sclerosis, R UE ataxia.\nTher act (97530) 15 min: R hand coordination -- in-hand "
            f"manipulation of coins ({movement}), picking up pegs; goal improved R hand coordination.\nL. Berg, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 1}
    assert "CLINICIAN_CODE_NOT_SUPPORTED" in fids(res)


def test_e_work_analysis_ergonomic_training_is_work_reintegration(coder):
    text = ("OT -- ergonomics\nErgonomic training 30 min (1:1, mock workstation): adjusted chair and keyboard height, "
            "trained micro-breaks and neutral wrist posture, return demo x3.\nTher ex 10 min: wrist extensor eccentrics "
            "3x15 for forearm strength\nK. Asante, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97537": 2, "97110": 1}


def test_e_work_goal_an_evaluation_title_is_not_the_program(coder):
    text = ("OT INITIAL EVALUATION -- Work Hardening candidate\nHx: L hand crush injury, ORIF.\nAssessment: good candidate "
            "for WH after hand therapy.\nTx this date after eval: putty resistive exercise for L grip strength, 15 min.\n"
            "S. Marquez, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}


# ---------------------------------------------------------------- minutes

@pytest.mark.parametrize("wear", ["skin intact after 2 hr wear", "wearing 2 hrs/day"])
def test_e_net_time_hours_of_wear_are_not_minutes(wear):
    text = f"Resting hand orthosis: checked fit, widened thumb trough; {wear}; trained CNAs in donning - 14 min"
    assert [m.minutes for m in find_mentions(text) if m.kind == "duration"] == [14]


def test_e_net_time_a_session_during_lunch_is_not_a_lunch_break():
    text = "Seen 1:1 at table during lunch 1200-1220: self-feeding retraining w/ built-up utensils"
    assert [(m.kind, m.minutes) for m in find_mentions(text)] == [("clock", 20)]
    assert [(m.kind, m.minutes) for m in find_mentions("Gait 0900-0930; lunch 1200-1230")] == [
        ("clock", 30), ("non_treatment", 30)]


def test_e_net_time_one_break_written_twice_is_one_break():
    res = parse_minutes("Testing 0815-1140 w/ 15 min seated break 0950-1005 (excl).")
    assert (res.minutes, res.non_treatment_minutes) == (205, 15)


def test_e_net_time_excluded_after_a_time_does_not_negate_the_service(coder):
    text = ("FCE -- testing day\nClient: 44M, R shoulder RCR 5 mo.\nFace-to-face testing 0800-1000 w/ 15 min rest break "
            "0900-0915 (excluded):\n - material handling: floor-waist lift max 45#\n - carry 40# 50 ft\nK. Lind, PT")
    res = code(coder, text, payer="commercial")
    assert [iv["status"] for iv in res.interventions] == ["performed"]
    assert lines(res) == {"97750": 7}


@pytest.mark.parametrize("threshold", ["rest >5 min", "rest < 2 min", "rest ≥ 5 min"])
def test_e_threshold_minutes_after_a_comparison_sign(threshold):
    assert find_mentions(f"For indep dressing w/o needing {threshold}.") == []


def test_e_cotreat_clause_the_writers_part_of_a_cotreatment_clock():
    res = parse_minutes("1000-1030 Co-tx w/ OT (R. Lee, OTR/L): PT focus on gait w/ RW to bathroom and back, CGA, 15 min")
    assert (res.minutes, res.clock_start) == (15, "10:00")
    assert parse_minutes("1000-1030 gait w/ RW to bathroom and back, CGA, rested 5 min").minutes == 30


@pytest.mark.parametrize("walk", ["Attempted gait w/ RW, amb 20' then sat down abruptly and refused further.",
                                  "Gait w/ RW to bathroom and back x2, 40' each way, CGA."])
def test_e_distance_series_feet_after_a_verb_of_moving_or_before_each_way(walk):
    assert [m for m in find_mentions(walk) if m.kind == "duration"] == []


def test_e_distance_series_minutes_after_a_gait_label_stay_minutes():
    assert [m.minutes for m in find_mentions("Gait trng 15' w/ RW 200' x2") if m.kind == "duration"] == [15]


# ---------------------------------------------------------------- reports, statuses, claims

def test_e_wound_dressing_is_not_self_care(coder):
    text = ("PT note\n1400-1412 bed mobility training: log roll, sidelying to sit w/ rail, min A, for indep getting OOB\n"
            "1412-1420 tx held, nursing in for L knee dressing check\n1420-1440 gait: RW 100' x3, CGA, cues for heel strike\n"
            "H. Brenn, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1, "97116": 1}


def test_e_reports_a_span_of_days_is_not_repetitions(coder):
    text = ("OT tx\nResident w/ dementia, wt loss 6% x 30 days per RD, feeding self <25% of meal.\nSeen 1:1 during lunch "
            "1200-1220: self-feeding retraining w/ built-up utensils, hand-over-hand to initiate scooping.\nC. Boud, COTA")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 1}
    assert len(performed(res)) == 1


def test_e_exam_findings_a_status_header_compared_with_soc(coder):
    text = ("PT discharge summary\nFinal session (this date):\nTher ex 16 min - heel raises 2x12, bridges 2x10 for B LE "
            "strength\n\nStatus at d/c vs SOC:\n Gait: 150' RW SBA (SOC: 20' mod A)\n Transfers: SBA (SOC: mod A x1)\n"
            "G. Ndl, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert len(performed(res)) == 1


def test_e_exam_findings_a_findings_line_reports(coder):
    text = ("Physical performance test -- UE (OT)\n0900-1000 1:1 testing: Jamar grip 5-position, Purdue pegboard, "
            "UE lift test waist-to-shoulder.\nFindings: grip R 38 kg / L 51 kg, overhead lift max safe 20# (job needs 30).\n"
            "I. Sol, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97750": 4}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_offer_refused_the_offer_may_refer_back_by_a_pronoun(coder):
    text = ("OT daily\nHe asked about the hot pack we used last week; it was offered today but he declined.\n"
            "We began with therapeutic exercise for sixteen minutes: table slides and pendulums for R shoulder flexion "
            "range.\nT. Okon, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}


def test_e_charge_rows_a_number_written_with_units_is_units(coder):
    text = ("PT note\nPhysical performance testing 0800-1100: lifting, carrying, push/pull, positional tolerance.\n\n"
            "Charges:\n97750 Physical performance test ....... 20 units\nT. Lind, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97750": 12}
    assert "CLINICIAN_UNITS_NOT_SUPPORTED" in fids(res)


def test_e_signature_line_a_labelled_payer_after_the_credentials(coder):
    text = "O:\nTher ex 24 min - prone press ups 2x10 for lumbar flexibility\nGreg Sato, PT   payer: Medicare B"
    res = code(coder, text, payer="medicare")
    assert "DISCIPLINE_UNKNOWN" not in fids(res)
    assert [ln.modifiers for ln in res.lines] == [["GP"]]


# ---------------------------------------------------------------- test days and program days

def test_e_test_day_testing_with_a_time_names_the_test(coder):
    text = ("FUNCTIONAL CAPACITY EVALUATION -- summary\nReferral: occ med, safe work level.\n\nTesting 0800-1000 w/ "
            "15 min seated break 0900-0915 (excl).\nComponents: intake questionnaires, material handling, carry, push/pull, "
            "positional tolerances.\nResults: light-medium PDL.\nM. Oye, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97750": 7}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_test_day_testing_outside_a_test_note_is_not_the_test(coder):
    text = ("PT daily\nBalance testing 10 min: SLS R 8 sec, tandem 20 sec.\nTher ex 15 min: heel raises, bridges for "
            "LE strength.\nK. Lind, PT")
    res = code(coder, text, payer="medicare")
    assert "97750" not in lines(res)


def test_e_test_day_the_report_and_later_items_are_the_test(coder):
    text = ("FUNCTIONAL CAPACITY EVALUATION -- DAY 2\nClaimant: P. Oye, bus mechanic.\n\nTime in 0900 / time out 1100. "
            "Face-to-face testing 110 min.\nProtocol today:\n * repeat lift testing: floor-waist 55#, waist-shoulder 40#\n"
            " * push/pull sled 95# force\nWritten FCE report completed & sent to case mgr.\nG. Holl, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97750": 7}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_program_day_the_day_clock_times_the_activity_list(coder):
    text = ("WORK HARDENING DAILY LOG\nParticipant: E. Stokes, lineman, L1 fx.\n\nClock: 0800-1200\nBreaks: 0930-0940 "
            "(not counted). Lunch 1100-1130 (not counted).\nActivities:\n * aerobic warm-up, bike 12 min\n * lift/carry 60# "
            "box 50' x 10\n * overhead cable pull 40# 3 x 2 min\n * stair carry w/ 40# tool bag\nR. Delg, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1, "97546": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_program_day_a_separate_clocked_block_stays_its_own(coder):
    text = ("WORK HARDENING DAILY LOG\nParticipant: E. Stokes, lineman.\n\nClock: 0800-1000\nActivities:\n * bike 12 min\n"
            " * lift/carry 60# box 50' x 10\n * ladder climb w/ 25# belt x 4\n\nSeparately 1005-1017 1:1 manual STM R "
            "paraspinals for spasm - 12 min.\nR. Delg, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1, "97140": 1}


# ---------------------------------------------------------------- vocabulary

@pytest.mark.parametrize("label,code_", [("Shower retraining 24 min", "97535"), ("Home mgmt trng 25 min", "97535")])
def test_e_reports_self_care_training_labels(coder, label, code_):
    text = f"OT note\n{label}: tub transfer bench, long-handled sponge, seated washing w/ SBA.\nJ. Fitch, OTR/L"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {code_: 2}


def test_e_dictated_punctuation_a_side_after_a_movement_ends_the_sentence(coder):
    text = ("PT f/u\nO: Tx 30 min: ther ex for B LE strength (LAQ 3# 2x15, heel raises 2x15) and gait trng w/ RW 150' x2 "
            "w/ cues for upright posture + heel strike L. CP L knee x 10 min post.\nS. Rourke, DPT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97010": 1}
    assert {"TIME_NOT_DOCUMENTED", "BUNDLED"} <= fids(res)


def test_e_reports_a_posture_held_is_not_the_services_time():
    text = ("W/c positioning 18 min: lateral supports + anti-thrust cushion, re-positioned pt x2 -- pt maintained upright "
            "midline sitting x 30 min post.")
    assert [m.minutes for m in find_mentions(text) if m.kind == "duration"] == [18]


def test_e_equipment_words_a_gait_belt_is_not_gait_training(coder):
    text = ("PT note\nI spent fifteen minutes training her caregiver in a gait-belt assisted stand pivot transfer from bed "
            "to recliner, blocking her knees; three return demonstrations.\nH. Wren, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}
    assert all(iv["kind"] != "gait" for iv in res.interventions)


# ---------------------------------------------------------------- round 2 (non-US styles, terse shorthand)

def test_e_mobilised_a_walking_aid_a_few_words_on(coder):
    text = ("Physiotherapy note\nHydrotherapy pool session 1:1, 30 mins in water: walking forwards/backwards, squats at the "
            "rail - aim to improve LE strength.\nPost-pool: mobilised on land with 4WW 1 x 50m, VC to reduce trunk lean. "
            "8 mins.\nR. Okon, Physiotherapist (HCPC) PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97113": 2, "97116": 1}


def test_e_claim_label_a_cued_parameter_is_not_an_outcome(coder):
    text = ("Daily Treatment Note\n97530 Therapeutic activity - 20 min: stair climbing practise 2 flights with single "
            "rail, reciprocal pattern going up, verbal cues for R ankle DF during push off, CGA.\nD. Krish, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97116": 1}
    assert "CLINICIAN_CODE_NOT_SUPPORTED" in fids(res)


def test_e_distance_series_a_code_before_x_is_not_a_lap_count():
    text = "TA 97530 x 20' - hip hinge to lift 20# bags floor to counter, carry 50', load/unload trunk sim"
    assert [m.minutes for m in find_mentions(text) if m.kind == "duration"] == [20]
    assert [m for m in find_mentions("amb 2 x 40' w/ RW") if m.kind == "duration"] == []


def test_e_neuro_activity_movement_amplitude_is_a_neuro_outcome(coder):
    text = ("Neuro physiotherapy\nPD dx 2019, H&Y 2.5.\nBegan with big steps forward and sideways, big arm swings, reach "
            "and rotate - in standing, aimed at increasing the amplitude and speed of his movements. Approx 20 minutes.\n"
            "S. Bhri, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97112": 1}


@pytest.mark.parametrize("signature", ["B. Crawford, Physio (PT)", "B. Crawford, Physiotherapist", "B. Crawford, MCSP"])
def test_e_signature_line_physiotherapists_credentials(coder, signature):
    text = f"05/03/26 R TKR 3/52\nQuads: SAQ 3x10, SLR 3x8 -- R quad strength. 20 min.\n{signature}"
    res = code(coder, text, payer="medicare")
    assert "DISCIPLINE_UNKNOWN" not in fids(res)
    assert [ln.modifiers for ln in res.lines] == [["GP"]]


def test_e_inline_header_a_dosed_line_ends_the_subjective(coder):
    text = ("R lat epicondylalgia -- visit 4\nS: 3/10 w/ gripping, better mornings\nEcc wrist ext w/ red Flexbar 3x15, "
            "wrist ext isometrics 5x10s, putty grip -> wrist ext/grip strength\nG. Hadd PT")
    res = code(coder, text, payer="commercial")
    assert [(iv["kind"], iv["status"]) for iv in res.interventions] == [("exercise", "performed")]


def test_e_first_fitting_first_fitting_today_in_parentheses(coder):
    text = ("OT -- R thumb CMC OA\nFab R hand-based thumb spica orthosis (thermoplastic), fitted + straps adjusted, wear "
            "sched + skin checks taught -- 30 min (first fitting today)\nP. Arvelo, OTR/L, CHT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97760": 2}


def test_e_reports_hot_pk_is_a_hot_pack(coder):
    text = "L3-5 stenosis -- tx 9\nRecumbent bike 12' L3 -> LE endurance\nhot pk lumbar 12' end\nE. Sand, PT"
    res = code(coder, text, payer="aetna")
    assert lines(res) == {"97110": 1, "97010": 1}


def test_e_first_fitting_plural_devices_made_before_are_subsequent(coder):
    text = ("OT note - spinal outpatient\nResting hand orthoses (made 2 wks ago): checked both, red area over R ulnar "
            "styloid - heated and flared R distal edge, re-strapped L. 12 min.\nM. Rous, OTR")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97763": 1}


def test_e_program_day_a_program_label_with_its_clock_takes_the_lines_after_it(coder):
    text = ("Return-to-Work program -- wk 3 day 2\nClient: carpenter, R wrist TFCC debridement\nWork conditioning "
            "0900-1115, 10 min break not counted:\nframing sim -- hammering into 2x4 3 x 5 min, overhead drilling w/ 6# "
            "drill x 10 holes, carrying 2x6 boards 50' x 10\nConditioning: rower 8 min, farmer carries 2x30#.\n"
            "Ice pack offered after, pt declined.\nI. Fort, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1}
    assert "BELOW_8_MINUTES" not in fids(res)


# ---------------------------------------------------------------- round 3 (rehab center, modalities)

def test_e_split_overview_a_seen_sentence_with_the_visits_clock(coder):
    text = ("OT Daily Note -- AM ADL session\nPt seen 0800-0840 in ADL suite.\n- LB dressing 24 min: doffed/donned pants "
            "seated EOM w/ reacher, verbal cues to attend to L side.\n- Tub transfer training 10 min: tub transfer bench, "
            "CGA, 2 reps.\nD. Whit, COTA/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 1, "97530": 1}


def test_e_modality_list_a_row_naming_the_modality_above_it(coder):
    text = ("LBP visit 8\nTx:\n- Ther ex 22 min: lumbar rotation stretch, SKTC, piriformis stretch 3x30s -- lumbar "
            "flexibility\n- IFC lumbar, 4-pole, 15 min, set up by PT; checked on pt at 5 min.\n- MHP lumbar 15 min w/ IFC "
            "-- applied by rehab tech.\nL. Dey, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "G0283": 1}
    assert "AIDE_SERVICE" in fids(res)
    assert "97014" not in {iv["decision"]["code"] for iv in res.interventions}


def test_e_modality_list_a_second_modality_after_with_an(coder):
    text = ("PT note\nHe finished with interferential current to the shoulder for 15 minutes with an ice pack while "
            "resting in the recliner.\nK. Aber, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97014": 1, "97010": 1}


def test_e_inline_header_a_soap_note_flattened_onto_one_line(coder):
    text = ("S:pt states LBP better after wknd,4/10.Denies LE numbness.O:lumbar flex 75%.Ther ex 20 min-TrA bracing supine,"
            "dead bugs 2x10,bird dog 2x10,for lumbar/core stabilization strength.Manual 8 min:CPA L4-5 gr III,STM L "
            "paraspinals.MHP lumbar x10min end of session.A:tolerated well.P:cont POC.\nJ. Ferr PT,DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1, "97140": 1, "97010": 1}


def test_e_net_time_excluded_inside_a_parenthesis_of_left_out_time(coder):
    text = ("WC PT -- Work Conditioning\n0845-1045 work conditioning (2 seated rest breaks of 5 min each excluded -> 110 "
            "min): route simulation on TM w/ 25# satchel 2 x 20 min, curb step up/down w/ satchel x 40, mailbox reach "
            "station x 60\nL. Eche, PT")
    res = code(coder, text, payer="commercial")
    assert [iv["status"] for iv in res.interventions] == ["performed"]
    assert lines(res) == {"97545": 1}
