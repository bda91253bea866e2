"""E-REPORTS for findings (measurements and observations are not services), E-HOME-CUE (a frequency or "at home"
after a service makes it a home program), E-PLAN-CUE (follow-up plans) and E-OTHER-AGENT (another discipline acting
in another sentence does not take the service). Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, performed, units as lines
from nlp_coder.extract.reports import is_measurement, is_observation


def _at(text: str, head: str) -> int:
    return text.index(head) + len(head)


# ---------------------------------------------------------------- reports.py, the two questions


@pytest.mark.parametrize("text, head", [
    ("Wrist AROM today: ext 52 (was 40), flex 48, sup 70, pro 80.", "AROM"),
    ("R knee AROM 2-118.", "AROM"),
    ("UE: B shoulder flex 0-120 AROM, grip R 14# L 12#, MMT 3+/5 B UE.", "AROM"),
    ("Grip (Jamar II) L 14 kg, R 27 kg.", "Grip"),
])
def test_e_reports_measurement_clauses(text, head):
    assert is_measurement(text, 0, len(text), _at(text, head))


@pytest.mark.parametrize("text, head", [
    ("AROM/PROM 18 min: wrist flex/ext, RD/UD, sup/pro", "PROM"),  # minutes: a service
    ("AROM R knee 0-95 in sitting, heel slides 2x10", "AROM"),  # repetitions
    ("PROM R knee flex to 110 (was 95) with overpressure to increase ROM", "PROM"),  # what the therapist did and why
    ("PROM R shoulder flex to 120 deg in supine x10", "PROM"),
    ("AROM wrist flex/ext", "AROM"),  # no value at all
])
def test_e_reports_services_are_not_measurements(text, head):
    assert not is_measurement(text, 0, len(text), _at(text, head))


@pytest.mark.parametrize("text, head, expected", [
    ("Gait: no device, mild R knee flexed at IC.", "Gait", True),
    ("Single leg squat: mild valgus R.", "squat", True),
    ("Pt ambulating w/o antalgic gait today.", "gait", True),
    ("Gait: RW, CGA, decreased step length, cues for heel strike", "Gait", False),  # cues and assistance: training
    ("Pt walked 150 ft with antalgic gait, CGA", "walked", False),
    ("Gait: RW 150 ft x2, step-through pattern", "Gait", False),  # no deviation named
])
def test_e_reports_observations(text, head, expected):
    assert is_observation(text, 0, len(text), _at(text, head)) is expected


# ---------------------------------------------------------------- end to end

SOAP_WITH_MEASURES = """PT daily note
S: Pt reports knee stiff after sitting. 2/10.
O: R knee AROM 3-115 (was 10-104). Gait: no AD, mild R knee flexed at IC.
Ther ex 20 min: quad sets, SAQ, step-ups 2x10 for R quad strength.
Gait 10 min: no AD, cues for heel strike and knee ext at IC, 300 ft.
P: cont POC.
J. Rivera, PT"""


def test_e_reports_measured_and_observed_lines_are_not_untimed_services(coder):
    res = code(coder, SOAP_WITH_MEASURES, payer="medicare")
    assert lines(res) == {"97110": 1, "97116": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)
    assert [iv["minutes"] for iv in performed(res)] == [20, 10]


def test_e_reports_a_measurement_line_with_its_own_minutes_stays_a_service(coder):
    text = "O: R knee PROM 0-105, 12 min, end-range holds to increase knee flexion ROM.\nK. Moss, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}


# ---------------------------------------------------------------- E-HOME-CUE and follow-up plans

def test_e_home_cue_a_frequency_after_a_service_is_the_home_program(coder):
    text = ("Ther ex 18 min: tendon glides, blocking ex for PIP flexion ROM.\n"
            "Scar massage by pt at home 2x/day - reports doing.\nC. Morales, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()
    assert [iv["status"] for iv in res.interventions if iv["kind"] == "manual"] == ["home_program"]


def test_e_home_cue_does_not_touch_a_service_done_in_clinic(coder):
    text = "Manual 12 min: STM to plantar fascia for pain and tissue mobility.\nD. Pratt, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1}


@pytest.mark.parametrize("plan", ["F/u 2 wks for orthosis check.", "Pt to attend 1:1 session Thurs for gait assessment."])
def test_e_plan_cue_follow_up_plans_are_planned(coder, plan):
    text = f"Ther ex 15 min: clamshells, bridges for hip strength.\n{plan}\nM. Dube, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()
    assert [iv["status"] for iv in res.interventions] == ["performed", "planned"]


# ---------------------------------------------------------------- another discipline in another sentence

def test_e_other_agent_nursing_in_another_sentence_does_not_take_the_service(coder):
    text = ("Resident seen for AM ADLs. Pain 4/10 L hip, premedicated by nursing at 0700. LB dressing training "
            "seated EOB (28 min) with reacher and sock aid, cues for hip precautions.\nM. Ortega, COTA/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert not any(iv["other_discipline"] for iv in performed(res))


def test_e_other_agent_nursing_giving_the_service_in_its_sentence_takes_it(coder):
    text = "Ther ex 20 min: LAQ, marching for LE strength.\nIce pack to R knee by nursing after tx.\nA. Lee, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "97010" not in lines(res)


# ---------------------------------------------------------------- E-TRAINED-CLAUSE: "..., and finished with <service>"

def test_e_trained_clause_finished_with_starts_the_last_service(coder):
    text = ("I then did about ten minutes of soft tissue mobilization to the plantar fascia, and finished with "
            "iontophoresis with dexamethasone to the medial calcaneal tubercle for eight minutes.\nM. Eke, DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1, "97033": 1}
    assert [iv["minutes"] for iv in performed(res)] == [10, 8]


# ---------------------------------------------------------------- E-NET-TIME: a meal is when, not a break

def test_e_net_time_at_lunch_is_when_the_service_was_given(coder):
    text = "Self-feeding at lunch 12 min: built-up utensils + plate guard, VC to pace.\nC. Bishop, COTA"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 1}
    assert [iv["non_treatment_minutes"] for iv in performed(res)] == [0]


def test_e_net_time_a_lunch_break_is_still_taken_out(coder):
    text = "Work simulation 0800-1000 incl lunch 30 min: lifting stations, carrying for return to warehouse job.\nA. B, PT"
    res = code(coder, text, payer="commercial")
    assert [iv["non_treatment_minutes"] for iv in performed(res)] == [30]


# ---------------------------------------------------------------- E-LOG-LABEL: a sentence opening on another service

HOME_VISIT = """Home health PT visit. Pt seen at home, wife present.
Vitals: BP 136/78, HR 76, SpO2 95% RA.
Pt performed LE strengthening ex w/ PT guidance: sit-to-stand x10, heel raises 2x15, for LE strength. Gait training w/ RW through kitchen ~120 ft x2, cues for RW proximity and turning.
Visit 45 min total.
J. Akers, PT"""


def test_e_log_label_a_sentence_opening_on_another_service_is_that_service(coder):
    res = code(coder, HOME_VISIT, payer="medicare")
    assert [iv["kind"] for iv in performed(res)] == ["exercise", "gait"]
    # two services and only the visit's total: the time of each is not documented
    assert lines(res) == {}
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}


def test_e_log_label_a_vitals_line_does_not_swallow_the_sentence_under_it(coder):
    text = "Vitals: BP 136/78, HR 76.\nPt performed LE strengthening ex 15 min: sit-to-stand x10 for LE strength.\nJ. Akers, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}


def test_e_reports_a_falls_efficacy_score_is_not_electrical_stimulation(coder):
    text = ("Re-eval: TUG 16 s (was 12 s), Berg 41/56. FES-I 38 (high concern). Goals updated.\n"
            "Tx this date: gait training w/ SPC outdoors 15 min, cues for step clearance.\nF. Diaz, PT")
    res = code(coder, text, payer="medicare")
    assert "G0283" not in lines(res) and "97032" not in lines(res)
    assert lines(res) == {"97116": 1}


# ---------------------------------------------------------------- E-FUNC-ACTIVITY: household tasks at a table

def test_e_func_activity_folding_towels_and_opening_jars_are_functional(coder):
    text = ("Ther act 15 min: bilateral tabletop task - stabilizing jar w/ L hand while opening w/ R, folding towels, "
            "to improve use of L UE as a functional assist in kitchen tasks.\nR. Castillo, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-NEURO-ACTIVITY: "target reaching" is not a purpose

def test_e_neuro_activity_target_reaching_is_the_task_not_a_goal(coder):
    text = ("Dx: relapsing-remitting MS, R UE ataxia\nCoordination 20 min: R UE weighted-utensil target reaching, "
            "finger-to-nose, PNF D1/D2 w/ rhythmic stabilization - to improve R UE coordination & decrease ataxia.\n"
            "L. Ferreira, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 1}


def test_e_neuro_activity_a_written_functional_target_still_counts(coder):
    text = ("Dx: L CVA w/ R hemiparesis\nTher act 20 min: reaching in standing for cups on a shelf, target: independent "
            "kitchen tasks at home.\nL. Ferreira, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW: the patient seen, by name

def test_e_split_overview_a_named_patient_seen_for_a_session_is_the_overview(coder):
    text = ("Mr. Lowell was seen in the ADL bathroom this morning for a bathing session after his hip replacement. "
            "We worked for about thirty-two minutes on showering: walk-in shower transfer with grab bar, seated "
            "bathing with long-handled sponge and dressing his lower body with the reacher.\nC. Imbert, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert fids(res) == set()


def test_e_reports_life_before_the_fall_is_history(coder):
    text = ("Before the fall he lived with his wife, was independent in all self-care and still drove to church.\n"
            "Bathing 32 min: walk-in shower transfer w/ grab bar, seated bathing w/ long-handled sponge.\nC. Imbert, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert fids(res) == set()


def test_e_reports_history_inside_a_timed_paragraph_leaves_the_service_performed(coder):
    text = ("Mr. Lowell was seen in the ADL bathroom this morning for a bathing session. Before the fall he was "
            "independent in all self-care. We worked for about thirty-two minutes on showering: walk-in shower "
            "transfer with grab bar, seated bathing with long-handled sponge.\nC. Imbert, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-COTREAT-CLAUSE: the clause's own minutes

def test_e_cotreat_clause_own_minutes_after_the_shared_clock(coder):
    text = ("OT daily note\nO: Co-treat w/ PT 0930-1000 d/t mod A x2 for standing: OT addressed grooming standing at "
            "sink w/ RW, max VC to attend to L side, 15 min; PT focus on gait w/ RW in hallway.\nW. Harlan, OTR/L")
    res = code(coder, text, payer="medicare")
    assert [iv["minutes"] for iv in performed(res)] == [15]
    assert lines(res) == {"97535": 1}


# ---------------------------------------------------------------- E-DEVICE-PURPOSE: a device named in the purpose

def test_e_device_purpose_a_device_named_in_the_purpose_is_not_the_service(coder):
    text = "Prolonged stretch B gastroc/hamstrings 10 min for LE flexibility, prep for new AFOs.\nJ. Pike, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}


def test_e_func_activity_pull_to_stand_is_functional(coder):
    text = ("Peds PT, 3 y/o w/ spastic diplegic CP.\nPull-to-stand at bench w/ pelvic facilitation, 20 min, goal "
            "independent pull-to-stand at home.\nJ. Pike, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW: a "seen for <service>" sentence is no title

def test_e_split_overview_seen_for_a_device_service_is_not_the_notes_title(coder):
    text = ("Seen for fabrication of custom hand-based thumb spica orthosis R for CMC OA -- first fitting today. Molded, "
            "trimmed, strapped; checked for pressure areas after 15 min wear, none. Educated in donning/doffing, wear "
            "schedule and skin checks. 35 min.\nAlso instructed in joint protection: 2-handed jar opening, built-up pen "
            "-- 10 min.\nA. Greer, OTR/L, CHT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97760": 2, "97535": 1}


def test_e_split_overview_a_short_program_heading_is_still_a_title(coder):
    text = "Orthotic fabrication note.\nThumb spica orthosis fabricated and fitted, 30 min, first fitting.\nA. Greer, OTR/L"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97760": 2}


# ---------------------------------------------------------------- E-EXAM-FINDINGS: current function in an evaluation

def test_e_exam_findings_current_function_is_a_finding_of_the_evaluation(coder):
    text = ("OCCUPATIONAL THERAPY EVALUATION -- SNF\nReason for referral: decline in self-care after pneumonia.\n"
            "Current function: LB dressing mod A, toileting min A, grooming set-up seated. Fatigues after 5 min standing.\n"
            "Goals (3 wks): LB dressing CGA w/ AE.\nPlan: 5x/wk x 3 wks -- ADL retraining.\n"
            "Eval time 50 min. No tx this date; pt fatigued.\nY. Park, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {}
    assert fids(res) == {"EVALUATION_NOT_CODED"}
