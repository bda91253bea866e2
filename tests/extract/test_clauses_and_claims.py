"""Reading rules from the session-8 batches: clauses under a claimed label (E-LOG-LABEL), and related reading of
claims and status. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units as lines


# ---------------------------------------------------------------- E-LOG-LABEL: clauses under a claimed label

@pytest.mark.parametrize("label", ["TA - 24 min", "Ther act 24 min", "97530 - 24 min"])
def test_e_log_label_a_later_clause_of_the_content_s_kind_is_the_same_service(coder, label):
    # the label claims one code, the content is gait training; the stairs clause is more of that gait service
    text = (f"Tx:\n{label}: gait w/ RW 100 ft x2, min A -> CGA, cues for pacing; stair training 4 steps w/ B rails, "
            "step-to.\nP. Greenbaum, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 2}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_log_label_a_later_clause_of_another_kind_stays_a_service_of_its_own(coder):
    text = ("Tx:\nTA - 24 min: sit to stand x10 from low couch, min A, for transfers at home; stair training 4 steps w/ "
            "B rails, step-to.\nP. Greenbaum, PT")
    res = code(coder, text, payer="medicare")
    assert "97530" in lines(res)
    assert "TIME_NOT_DOCUMENTED" in fids(res)


# ---------------------------------------------------------------- E-REPORTS: arrivals, the patient's line, wear, complaints

def test_e_reports_walking_in_a_place_is_gait_not_an_arrival(coder):
    text = "Pt ambulated in hallway 150' x2 w/ RW, CGA, cues for step length, 12 min.\nJ. Ko, PT"
    assert lines(code(coder, text, payer="medicare")) == {"97116": 1}


@pytest.mark.parametrize("arrival", [
    "He walked in today in regular shoes with a single crutch and reports pain of 3 out of 10.",
    "Pt amb in w/o crutches.",
    "Pt arrived in her w/c today d/t heat sensitivity.",
])
def test_e_reports_an_arrival_is_not_gait_training(coder, arrival):
    text = f"Ther ex 20 min: SLR, bridges for hip strength.\n{arrival}\nJ. Ko, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


@pytest.mark.parametrize("id_line", [
    "Pt: Devon Pryce, 24M, C6 SCI (AIS B) 1 yr; new power w/c w/ tilt. Goal: indep commute.",
    "Client: R. Delacroix, 51M, R TKA 14 wks; mail carrier, gait w/o AD community distances.",
    "Patient: 67 y/o F s/p L TKA; amb w/ RW household.",
])
def test_e_reports_the_line_that_names_the_patient_is_no_service(coder, id_line):
    text = f"{id_line}\nTher ex 20 min: SLR, bridges for hip strength.\nJ. Ko, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_reports_a_line_labelled_pt_that_describes_the_service_is_still_read(coder):
    text = "Pt: amb 150 ft x2 w/ RW, CGA, cues for step length.\nJ. Ko, PT"
    assert "TIME_NOT_DOCUMENTED" in fids(code(coder, text, payer="medicare"))


@pytest.mark.parametrize("wear", [
    "Splint: pt wearing wrist cock-up at night -- reports compliant.",
    "Splint: wearing static wrist orthosis at night only now, per plan.",
])
def test_e_reports_how_a_device_is_worn_is_a_report(coder, wear):
    text = f"Ther ex 20 min: tendon glides for finger ROM.\n{wear}\nJ. Ko, OTR/L"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_reports_a_device_worked_on_while_worn_is_a_service(coder):
    text = ("Ther ex 20 min: tendon glides for finger ROM.\nSplint: pt wearing cock-up at night; strap replaced, edges "
            "trimmed 10 min.\nJ. Ko, OTR/L")
    assert lines(code(coder, text, payer="medicare")) == {"97110": 1, "97763": 1}


def test_e_reports_a_complaint_after_a_service_is_no_service(coder):
    text = "Ther ex 20 min: bridges for hip strength.\nPt c/o R shoulder ache 3/10 after NMR, resolved w/ rest.\nJ. Ko, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert not {"OUTCOME_NOT_DOCUMENTED", "NEURO_NOT_SUPPORTED"} & fids(res)


def test_a_device_arriving_next_month_is_planned(coder):
    text = "Ther ex 20 min: bridges for hip strength.\nNew AFOs arriving next month per orthotist.\nJ. Ko, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW: a paragraph that opens on the total

def test_a_prose_paragraph_opening_on_the_visit_total_goes_on_to_the_services(coder):
    text = ("Dx: TBI with L hemiparesis and ataxia.\n"
            "Total treatment time thirty-five minutes. We spent approximately twenty minutes in the parallel bars "
            "working on standing balance: narrow base of support, semi-tandem and tandem stance, head turns and "
            "stepping over a cane, with tactile cues at the pelvis. The goal of this work is improved postural control "
            "and balance reactions. The remaining fifteen minutes were spent practicing car transfers in the mock car, "
            "which he needs to do safely to get to medical appointments.\nN. Greer, PT")
    assert lines(code(coder, text, payer="commercial")) == {"97112": 1, "97530": 1}


# ---------------------------------------------------------------- E-WORK-GOAL: blocks set apart from a work program

@pytest.mark.parametrize("block,code_", [
    ("0840-0855  NMR (97112): lumbar stabilization on physioball, dead bug, bird dog 3x10, for lumbar flexibility",
     "97110"),
    ("Separately, I spent twelve minutes one-on-one with him on lumbar flexibility: prone press-ups and supine "
     "hamstring stretching with a strap.", "97110"),
    ("0800-0830 warm-up: treadmill + flexibility circuit, PT monitoring HR and cueing form", "97545"),
])
def test_e_work_goal_a_block_named_or_set_apart_is_not_the_work_program(coder, block, code_):
    text = ("WORK CONDITIONING -- daily note\nJob: forklift operator / dock loader.\n"
            f"{block}\n"
            "0900-1100  work conditioning: dock loading sim, 40# boxes pallet -> hand truck x 30, step 22\" x 40.\n"
            "G. Harwood, PT")
    assert code_ in lines(code(coder, text, payer="commercial"))


# ---------------------------------------------------------------- totals, claims and distances

def test_a_timed_label_line_with_claims_is_the_total_not_a_service(coder):
    text = ("IRF PT\nDx: TBI, ataxia.\n"
            "0900-0918  97116 Gait training: 150' x 3 w/ hemi-walker, VC for wider BOS, min A.  (18 min)\n"
            "0923-0945  97112 NMR: standing balance on foam, rhythmic stabilization at trunk -- to improve postural "
            "control.  (22 min)\n"
            "0945-1000  97530 Ther act: car transfer in simulator, min A, for safe transfers at d/c home.  (15 min)\n"
            "Timed: 55 min.  97116 x1, 97112 x2, 97530 x1\nR. Iwasaki, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1, "97112": 2, "97530": 1}
    assert "CLINICIAN_UNITS_NOT_SUPPORTED" not in fids(res)


def test_a_visit_total_on_a_line_of_its_own_times_the_one_service(coder):
    text = ("Today: orthosis check and revision - DIP ext orthosis remolded (stretched out, loose), taped; reviewed skin "
            "checks.\nVisit 20 min.\nF/u 1 wk.\nM. Castellano, OTR/L")
    res = code(coder, text, payer="aetna")
    assert lines(res) == {"97763": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


@pytest.mark.parametrize("clause,minutes", [
    ("PTA: gait back to room w/ RW 60', CGA - 5 min", 5),
    ("Functional reach 24 min: retrieving items from upper cabinet, bilateral carry 10' to table", 24),
])
def test_feet_walked_or_carried_are_not_minutes_when_minutes_are_written(clause, minutes):
    from nlp_coder.extract.minutes import find_mentions

    assert [m.minutes for m in find_mentions(clause) if m.kind == "duration"] == [minutes]


def test_two_services_given_one_time_together_before_the_minutes(coder):
    text = ("Manual: L3-5 CPA gr III, STM B lumbar paraspinals -- 12 min\n"
            "Ther ex + gait together 24 min: bridges, clamshells 2x15 for lumbopelvic strength; then gait on treadmill "
            "w/ VC for trunk rotation\nK. Dunne, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97140": 1}
    assert "TIME_NOT_DOCUMENTED" in fids(res)


# ---------------------------------------------------------------- vocabulary of the session-8 batches

@pytest.mark.parametrize("line,code_", [
    ("MEM 10 min L hand/forearm: proximal clearing at axilla, distal to proximal strokes to reduce edema.", "97140"),
    ("Then I spent eighteen minutes on active and active-assisted wrist flexion and extension, all aimed at increasing "
     "range of motion.", "97110"),
    ("1305-1405 pt paid fare w/ reduced-fare card and tracked stops on the transit app, 1 VC to wait for his stop.",
     "97537"),
    ("Out of clinic to Save-Mart w/ pt 1310-1400: used his list to locate 8 items, compared prices, paid w/ debit "
     "card.", "97537"),
])
def test_plain_words_for_services(coder, line, code_):
    text = f"{line}\nJ. Ko, OTR/L"
    assert code_ in lines(code(coder, text, payer="commercial"))


def test_a_job_simulation_block_is_work_conditioning(coder):
    text = ("WORK HARDENING -- OT daily note\n0900-1030  1:1 job simulation (OT):\n"
            "  - bed mobility assist sim w/ 120# weighted mannequin, log roll x 10\n"
            "  - sit-to-stand assist w/ gait belt on mannequin x 12, cues for wide BOS + hip hinge\n"
            "W. Ashdown, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_split_overview_a_first_session_with_a_long_aside_is_the_visit(coder):
    text = ("First session with new prosthesis today (delivered this AM by prosthetist; ischial containment socket, "
            "seal-in liner, microprocessor knee).\n"
            "Prosthetic training 40 min: don/doff liner + socket, sit<>stand w/ prosthesis, wt shifting in // bars.\n"
            "B. Solano, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97761": 3}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_reports_a_symptom_the_patient_had_is_no_service(coder):
    text = ("Orthosis fitting 22 min: sized a prefabricated PIP extension orthosis, adjusted tension, taught donning.\n"
            "She had some tingling at the tip after fifteen minutes in the orthosis, which went away when we lowered "
            "the tension.\nL. Ebbesen, OTR/L")
    res = code(coder, text, payer="medicare")
    assert sum(lines(res).values()) == 1 and set(lines(res)) <= {"97760", "97763"}  # the orthotic service, nothing more
    assert not {"TIME_NOT_DOCUMENTED", "OUTCOME_NOT_DOCUMENTED"} & fids(res)


def test_e_reports_a_finger_named_by_its_abbreviation_in_a_measure(coder):
    text = "Ther ex 20 min: tendon glides for finger ROM.\nComposite fist: RF tip 1 cm from DPC (was 3).\nJ. Ko, OTR/L"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "OUTCOME_NOT_DOCUMENTED" not in fids(res)
