"""Reading rules from the session-9 batches: coordination exercises by name, a closing sentence with its own
minutes, a series of distances, a label line that ends on who did it. Notes here are written for the tests;
they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units as lines


@pytest.mark.parametrize("exercise", ["finger to nose x10", "heel-to-shin slides", "rapid alternating movements",
                                      "tracing a maze on the whiteboard"])
def test_e_coordination_ex_coordination_exercises_are_named_services(coder, exercise):
    text = f"Dx: MS with R UE ataxia.\n15 min {exercise} to improve R UE coordination.\nH. Vance, OTR/L"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97112": 1}


@pytest.mark.parametrize("closing", ["Finished with", "Ended with", "Closed with"])
def test_e_closing_sentence_a_closing_sentence_with_its_own_minutes_is_the_next_service(coder, closing):
    text = ("Dx: R hip OA.\nThen 10 min putty and hand gripper for R grip strength. Rest 5 min, water. "
            f"{closing} 18 min of lifting cans from the counter to an upper shelf, for kitchen use at home.\n"
            "H. Vance, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "97530": 1}  # 5 (10 less the rest) + 18 pooled: 2 units


@pytest.mark.parametrize("series", ["60' x2 then 90'", "60' x2, then 90'", "60' and then 90'", "150' x3 on tile + 60' carpet"])
def test_e_distance_series_the_next_distance_of_a_series_is_feet_not_minutes(coder, series):
    text = f"Dx: L hip ORIF.\nGait w/ RW {series}, CGA, VC for step-through pattern - gait time 11 min.\nJ. Whit, PTA"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1}


@pytest.mark.parametrize("who", ["(PT)", "(PTA)", "(per flowsheet)"])
def test_e_label_who_a_label_line_ending_on_who_did_it_heads_its_content(coder, who):
    text = (f"Dx: L hip OA.\n97530 Ther Act -- 17 min {who}\n"
            "  tub transfer practice w/ tub bench x3, floor-to-waist lift of laundry basket x10\n"
            "  goal: indep tub transfers + housework w/o hip pain\nB. Callahan, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_closing_sentence_a_sentence_opening_on_a_sequence_word_is_the_next_service(coder):
    text = ("Resident participated in the standing balance group (5 residents) 0930-1000 led by this writer: marching "
            "at the rail, lateral wt shifts. Afterwards seen 1:1 in her room 1015-1040 for bed mobility and sit to "
            "stand from EOB x6 w/ min A - goal is to get OOB with 1 staff assist.\nW. Thorsby, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97150": 1, "97530": 2}


def test_e_other_patient_the_previous_patient_ends_a_sentence_and_is_not_a_history_cue(coder):
    text = ("R TKA 6 wks.\nToday: rode the bike 6 min warm up on his own while I finished w/ the previous pt. Knee "
            "flexion mobs (tibial AP glides gr III-IV) in sitting w/ belt, 10 min.\nR. Delacroix, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97140": 1}
    assert "UNSKILLED" in fids(res)  # the bike alone, the therapist with someone else


@pytest.mark.parametrize("label", ["PTA (L. Brandt): 97110 -- 20 min", "97110 -- 20 min", "PTA: 97110 - 20 min"])
def test_e_label_who_a_label_opening_on_who_did_it_or_a_code_alone_heads_its_content(coder, label):
    text = (f"Dx: lumbar DDD\n{label}\n  - prone press-ups 2x10 -- lumbar ext ROM\n"
            "  - hip flexor stretch half kneel 3x30s -- flexibility\n\nK. Osei, PT, DPT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert not {"TIME_NOT_DOCUMENTED", "OUTCOME_NOT_DOCUMENTED"} & fids(res)


@pytest.mark.parametrize("header", ["Modalities:", "Modalities (set up by K. Osei, DPT):"])
def test_e_modality_list_each_listed_modality_with_its_time_is_its_own_service(coder, header):
    text = (f"Dx: lumbar DDD\n{header}\n  IFC lumbar 4-pole, 80-150 Hz, 15 min, to sensory tolerance -- pt supine\n"
            "  MHP lumbar x 15 min\n\nK. Osei, PT, DPT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"G0283": 1, "97010": 1}


@pytest.mark.parametrize("measure", ["~6 min tolerance", "6 min standing tolerance", "6 min activity tolerance"])
def test_e_reports_minutes_of_tolerance_are_a_measure_not_more_time(coder, measure):
    text = (f"Interventions:\n[x] 97535 Self-care/ADL   22 min\n    grooming standing at sink {measure}, oral care + hair, "
            "CGA for balance\n[x] 97530 Therapeutic activities   15 min\n    toilet transfers w/ grab bar x3, min A -> CGA\n"
            "D. Whitcomb, COTA/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 1, "97530": 1}  # 37 min: 2 units, not 43 min: 3


def test_e_own_time_a_sentence_with_its_own_minutes_after_a_timed_one_is_another_service(coder):
    text = ("3/18 - runner, L ITB syndrome\nIASTM to L ITB & TFL, 10 min, pt tol well. Then hip abductor strength: side "
            "planks, monster walks w/ band, single leg RDL - 3x12 - 15 min. Single-leg hops fwd/lateral and landing "
            "drills - for return to running, 12 min.\n- Kyle")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1, "97110": 1, "97530": 1}


@pytest.mark.parametrize("glides", ["post/inf GH glides gr II", "inf glides", "glenohumeral glides"])
def test_e_own_time_a_clause_of_joint_glides_with_its_minutes_is_manual_therapy(coder, glides):
    text = ("Adhesive capsulitis L shoulder.\nAfter the eval I spent about 15 min on pendulums, pulley and table slides "
            f"for shoulder flexion ROM and taught them as HEP; and 8 min of {glides} for pain relief.\nT. Brauer, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1, "97140": 1}


def test_sport_skills_with_a_sport_goal_are_therapeutic_activities(coder):
    text = ("R shoulder impingement, rec league tennis.\nTA 22' - overhead toss/catch w/ 2# plyoball off rebounder, "
            "shadow serve -> serve w/ racquet, slow to 75% -- goal pain free serve, VC scap upward rot\nL. Ferreira, DPT")
    res = code(coder, text, payer="aetna")
    assert lines(res) == {"97530": 1}
    assert "OUTCOME_NOT_DOCUMENTED" not in fids(res)


@pytest.mark.parametrize("watcher", ["Mom observed last 10 min", "Her husband watched the last 10 min",
                                     "Caregiver sat in for 10 min"])
def test_e_watcher_someone_watching_the_session_is_no_service(coder, watcher):
    text = ("Peds OT, sensory processing d/o\n3:00-3:22 sensory gym: linear swing, crash pad, heavy work pushing "
            "weighted cart - to improve sensory modulation\n3:27-3:50 table: letter formation on slant board, cutting "
            f"along curved lines - goal legible written work in class\n{watcher}; handout on heavy work ideas given.\n"
            "P. Natarajan OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97533": 1, "97530": 2}
