"""How a written outcome decides between 97112, 97530 and 97110 (E-NEURO-ACTIVITY, E-FUNC-ACTIVITY, resistive
hand tools). Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units as lines


NMR_POSTURE = ("{dx}NMR 20 min: sit<>stand w/ symmetrical WB using scale feedback, standing weight shift to R, to improve "
               "symmetry of standing posture.\nVictor Lam, PT")


def test_e_neuro_activity_written_posture_outcome_beats_the_task_as_goal(coder):
    res = code(coder, NMR_POSTURE.format(dx="Dx: L MCA CVA w/ R hemiplegia.\n"))
    assert lines(res) == {"97112": 1}
    assert fids(res) == set()


def test_e_func_activity_still_applies_without_a_neuro_condition(coder):
    # no neuro condition: the posture outcome cannot make 97112, and the task opening the line is its outcome
    res = code(coder, NMR_POSTURE.format(dx="Dx: R TKA.\n"))
    assert lines(res) == {"97530": 1}
    assert "NEURO_NOT_SUPPORTED" in fids(res)


def test_e_neuro_activity_a_stated_functional_goal_still_makes_97530(coder):
    text = ("Dx: L MCA CVA w/ R hemiplegia.\nNMR 20 min: sit<>stand w/ symmetrical WB, to improve standing posture "
            "so she can get up from the toilet on her own at home.\nVictor Lam, PT")
    res = code(coder, text)
    assert lines(res) == {"97530": 1}


@pytest.mark.parametrize("tool", ["yellow putty", "hand gripper", "red theraputty"])
def test_a_grip_against_a_resistive_tool_is_exercise(coder, tool):
    text = (f"Therapeutic exercise 20 min: tendon glides, wrist flex/ext and sup/pro AROM, then {tool} gross grasp "
            "and key pinch, all aimed at grip strength (grip today 18 lb R vs 52 lb L).\nLauren Pike, OTR/L, CHT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()


def test_grasp_in_a_functional_task_stays_functional(coder):
    text = ("Ther act 15 min: grasp and release of cups and plates while unloading a dishwasher, for return to kitchen "
            "tasks at home.\nLauren Pike, OTR/L")
    res = code(coder, text, payer="commercial")
    assert "97110" not in lines(res)


# ---------------------------------------------------------------- E-SIMULATED-TASK

def test_e_simulated_task_under_a_therapeutic_activity_claim_is_97530(coder):
    text = ("Ther act 20 min: unloading dishwasher simulation - reaching to 2 shelf heights and placing cups/plates, "
            "standing at counter, for return to kitchen tasks at home.\nHanna Virtanen, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97530": 1}
    assert fids(res) == set()


def test_a_real_home_task_under_a_therapeutic_activity_claim_is_self_care(coder):
    text = ("Ther act 20 min: unloading dishwasher - reaching to 2 shelf heights and placing cups/plates, standing at "
            "counter, for return to kitchen tasks at home.\nHanna Virtanen, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 1}
    assert fids(res) == {"CLINICIAN_CODE_NOT_SUPPORTED"}


# ---------------------------------------------------------------- handling techniques and written goals

EI = ("EI PT - 18 mo, Down syndrome (low tone), CP.\nTx 30 min: floor -> half-kneel -> stand at bench w/ pelvic "
      "facilitation, cruising to reach toys, lowering w/ control; {goal}\nZ. Papadakis, PT")


def test_e_handling_technique_does_not_outweigh_a_written_functional_goal(coder):
    res = code(coder, EI.format(goal="goal independent pull-to-stand/cruising at home."), payer="commercial")
    assert lines(res) == {"97530": 2}


def test_e_handling_technique_with_no_written_goal_still_reads_as_neuro(coder):
    text = ("EI PT - 2 y/o, spastic diplegic CP.\nTx 30 min: half-kneel <-> stand at bench w/ pelvic facilitation, then "
            "sit to stand from low bench w/ facilitation at hips x10; parents watched.\nZ. Papadakis, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 2}
