"""Reading rules from session 14. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

from coded import code, units as lines


# ---------------------------------------------------------------- E-SIMULATED-TASK (word list W-SIMULATION-WORD)

def test_e_simulated_task_a_mock_set_up_under_a_therapeutic_activity_claim_is_97530(coder):
    # the same words mark a simulation before the task ("mock kitchen") and anywhere in the line
    text = ("Ther act 20 min: unloading dishwasher at a mock counter - reaching to 2 shelf heights and placing "
            "cups/plates, standing, for return to kitchen tasks at home.\nHanna Virtanen, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97530": 1}
