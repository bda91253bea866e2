"""Specialty wording read as the services it names (vestibular, seating, lymphedema) and plan labels.
Notes here are written for the tests; they are not corpus notes."""

import pytest

from nlp_coder.coder import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder, text, **fields):
    (res,) = coder.code_records([(1, {"id": "v-1", "text": text, "payer": "commercial", **fields})])
    assert res.error is None
    return res


def test_vestibular_habituation_is_a_service_whose_outcome_must_be_written(coder):
    res = code(coder, "Vestibular rehab, visit 2.\nHabituation 12 min: Brandt-Daroff x5 each side, to reduce "
                      "motion-provoked dizziness.\nC. Eber, MPT")
    assert [iv["kind"] for iv in res.interventions] == ["exercise"]
    assert {f.id for f in res.findings} == {"OUTCOME_NOT_DOCUMENTED"}


@pytest.mark.parametrize("line", ["Fitting 25 min: adjusted seat depth, lowered footplates, pressure mapped on new cushion.",
                                  "Training 20 min: driving with joystick through doorways, power tilt for pressure relief."])
def test_power_wheelchair_fitting_and_training_are_97542(coder, line):
    res = code(coder, f"Seating clinic - OT. C6 SCI.\n{line}\nM. Sato, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97542", 2 if "25" in line else 1)]


def test_goal_post_joystick_is_not_a_goal(coder):
    res = code(coder, "Training 20 min: driving with goal-post joystick in the hallway.\nM. Sato, OTR/L")
    assert [iv["status"] for iv in res.interventions] == ["performed"]


def test_self_bandaging_training_is_self_care(coder):
    res = code(coder, "CDT day 4.\nSelf-bandaging training 15 min: pt applied short-stretch layers to forearm, OT "
                      "correcting tension.\nR. Ok, OTR/L, CLT")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97535", 1)]


def test_a_label_of_several_words_names_the_service_not_its_purpose(coder):
    res = code(coder, "Decongestive exercises 10 min while bandaged: shoulder shrugs, fist pumps, to promote "
                      "lymphatic drainage.\nR. Ok, OTR/L")
    assert [iv["kind"] for iv in res.interventions] == ["exercise"]
    assert not res.lines


def test_next_label_is_a_plan(coder):
    res = code(coder, "Obstacle course 20 min: ladder, hops, ball catch x10, to play safely at recess.\n"
                      "Next: continue motor group weekly; ball skills station.\nR. Kim, PT")
    assert [iv["status"] for iv in res.interventions] == ["performed", "planned"]


def test_inspiratory_muscle_training_for_strength_is_97110(coder):
    res = code(coder, "HH PT - COPD.\nIMT 10 min: threshold inspiratory trainer at 30% MIP, 5 sets x 6 breaths, to increase "
                      "inspiratory muscle strength.\nM. Boa, PTA")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97110", 1)]


def test_a_vital_signs_line_is_a_measurement_not_gait(coder):
    res = code(coder, "SpO2 rest 92%; after gait 88% -> 93% in 2 min with PLB.\nGait 15 min: rollator in house, cues for "
                      "pursed-lip breathing.\nM. Boa, PTA")
    assert [iv["minutes"] for iv in res.interventions] == [15]


@pytest.mark.parametrize("spelling", ["sit<>stand", "sit <> stand", "sit>stand"])
def test_sit_to_stand_spellings_are_transfers(coder, spelling):
    res = code(coder, f'Ther act 15 min: step-ups to 8" box, {spelling} from low surface for stair negotiation at home\n'
                      "W. Harlan, PT")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97530", 1)]



def test_ot_self_care_vocabulary(coder):
    res = code(coder, "SNF memory care.\nSafety training 20 min: w/c-level reaching w/ reacher, cues to lock brakes.\n"
                      "Memory aids 10 min: large-print calendar and pill box reviewed w/ pt and CNA.\nJ. Bap, COTA/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97535", 2)]


def test_breaking_up_a_flexion_synergy_after_stroke_is_97112(coder):
    res = code(coder, "L MCA stroke, R hand flexor pattern. We spent about twenty minutes at the table on reaching and "
                      "grasp-release with cups, guiding at the wrist to break up the flexion synergy so she can grasp and "
                      "let go of objects. K. M, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97112", 1)]


def test_estim_monitored_by_nursing_is_unattended(coder):
    res = code(coder, "R CVA, L shoulder subluxation.\nNMES L supraspinatus 20 min; electrodes placed and intensity set "
                      "by OT, pt then monitored by nursing.\nB. Hol, OTR/L", payer="medicare")
    assert [ln.code for ln in res.lines] == ["G0283"]


def test_not_addressed_is_a_negation(coder):
    res = code(coder, "NMR 20 min: large-amplitude reaching to improve postural control. Parkinson's.\n"
                      "Handwriting not addressed today.\nL. Fenn, OTR/L")
    assert [iv["status"] for iv in res.interventions] == ["performed", "negated"]


def test_orthosis_issued_today_first_fitting_is_the_initial_encounter(coder):
    res = code(coder, "O: Prefab resting hand orthosis issued today, first fitting: sized, straps trimmed, padding added; "
                      "donning/doffing taught. 20 min.\nC. Man, OTR/L")
    assert [ln.code for ln in res.lines] == ["97760"]


def test_fluidotherapy_is_a_whirlpool_family_modality(coder):
    res = code(coder, "Fluidotherapy L hand/wrist 12 min for stiffness, AROM in unit.\nJ. Lee, OTR/L, CHT")
    assert [ln.code for ln in res.lines] == ["97022"]



@pytest.mark.parametrize("line,units", [
    ("BTW #2 - 45 min drive time, freeway merging + lane changes w/ blind-spot checks, to resume commute.", 3),
    ("Session 30 min in-vehicle: residential streets, spinner knob through R turns, goal independent community driving.", 2),
    ("Grocery store trip, 25 min in store: located items using aisle signs, paid w/ debit card within budget.", 2),
])
def test_driver_rehab_and_community_outings_are_97537(coder, line, units):
    res = code(coder, f"Driver rehab / community program.\n{line}\nW. Grant, OTR/L, CDRS")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97537", units)]


def test_planned_as_a_past_tense_verb_is_not_a_plan(coder):
    res = code(coder, "Community reintegration 40 min at the market: planned list from recipe, compared unit prices, "
                      "paid at self-checkout.\nR. Sun, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97537", 3)]


def test_a_clock_line_marked_not_counted_is_not_a_service(coder):
    res = code(coder, "Community mobility - bus training\n0910-0925 trip planning at clinic: found next bus on transit "
                      "app, min VC\n0925-0940 walked to stop and waited for bus (not counted)\nD. Kowal, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97537", 1)]
    assert not res.findings


@pytest.mark.parametrize("line,code_", [
    ("UE endurance: arm erg 10 min + seated 1# dumbbell curls 10 min; to build UE endurance for ADLs.", "97110"),
    ("UE strengthening 15 min w/ red theraband, shoulder flex/abd, for strength to help w/ w/c propulsion.", "97110"),
])
def test_a_task_named_in_the_purpose_does_not_name_the_service(coder, line, code_):
    res = code(coder, f"OT tx.\n{line}\nR. Ortiz, OTR/L")
    assert [ln.code for ln in res.lines] == [code_]


def test_todays_tx_header_ends_the_goals_section(coder):
    res = code(coder, "PROGRESS NOTE - OT\nGoals:\n1. Pt will prepare simple hot meal w/ SBA - progressing\nToday's tx:\n"
                      "- Kitchen: prepared scrambled eggs standing at counter, CGA for balance while reaching; 28 min. "
                      "Focus: safe meal prep.\nP. Oye, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97535", 2)]


def test_credential_before_the_name_signs_the_note(coder):
    res = code(coder, "Self-care 12 min: LB dressing seated on bench, min A for balance.\nOTR/L Noor Haddad")
    assert res.discipline == "OT"
    assert [ln.modifiers for ln in res.lines] == [["GO"]]


def test_work_simulation_under_a_clock_interval_is_work_hardening(coder):
    res = code(coder, "WC day 2 - line cook, R hand crush injury.\n0830-1000 work sim: knife skills w/ built-up handle, "
                      "lifting 25# stock pot stove-to-counter. Goal: full shift as line cook.\nE. Voss, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97545", 1)]


@pytest.mark.parametrize("line", ["Shopping at pharmacy 15 min: navigated aisles, reached items from shelf, paid at counter.",
                                  "Job analysis w/ his supervisor 15 min: measured bench height, trigger force, cycle times."])
def test_shopping_outings_and_job_analysis_are_97537(coder, line):
    res = code(coder, f"Community / work reintegration.\n{line}\nK. Sven, OTR/L")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97537", 1)]


def test_manual_perturbations_are_balance_work_not_manual_therapy(coder):
    res = code(coder, "Parkinson's dz, H&Y 3.\nBalance - 14 min: tandem stance, reaching outside BOS, manual "
                      "perturbations -> postural control + reactive balance\nR. Patel PT")
    assert [ln.code for ln in res.lines] == ["97112"]


def test_dictated_gate_training_is_gait_training(coder):
    res = code(coder, "TBI day 19. First twenty minutes gate training in the parallel bars with hemi walker, moderate "
                      "assist.\nElectronically signed Mark Dunn PT")
    assert [(ln.code, ln.units) for ln in res.lines] == [("97116", 1)]
