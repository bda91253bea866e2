"""E-SIGNATURE-LINE and E-CHARGE-ROWS (docs/coding-decisions.md): signature lines with something after them, and
charge or time rows written code first. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units_mods as lines
from nlp_coder.extract.sections import find_signature


EXERCISE = "Ther ex 20 min: sit<>stand 3x8, standing hip abd w/ band 2x12 - hip and knee strengthening.\n"


# ---------------------------------------------------------------- E-SIGNATURE-LINE

@pytest.mark.parametrize("signature, discipline", [
    ("Kayla Brandt, OTR/L | Medicaid", "OT"),  # a payer after a pipe
    ("Jenna Alcott, PT 3/11/26", "PT"),  # the date after the credential
    ("R. Patel, PT (Aetna PPO)", "PT"),  # a parenthesised payer
    ("G. Patel, PT\nDx: Parkinson's disease", "PT"),  # a diagnosis line under the signature
    ("- Yusuf Demir, OTR/L\nMedicaid Managed Care", "OT"),  # a payer line that looks like a name
])
def test_e_signature_line_with_something_after_it_signs_the_note(coder, signature, discipline):
    res = code(coder, EXERCISE + signature)
    assert res.discipline == discipline
    assert "DISCIPLINE_UNKNOWN" not in fids(res)
    assert lines(res) == {"97110": (1, ("GP",) if discipline == "PT" else ("GO",))}


def test_e_signature_line_is_only_that_line_so_a_diagnosis_under_it_still_counts(coder):
    # the Dx line after the signature names the neuro condition that supports 97112
    text = ("NMR 15 min: weight shifts in standing w/ mirror feedback to improve postural control.\n"
            "Nora Fitzgerald, OTR/L\nDx: L MCA stroke w/ R hemiparesis")
    res = code(coder, text)
    assert lines(res) == {"97112": (1, ("GO",))}
    assert fids(res) == set()


@pytest.mark.parametrize("tail", [
    "Maria Lopez, PT will see pt Monday",  # prose after the credential: not a signature line
    "Plan: Maria Lopez, PT to follow",
])
def test_e_signature_line_needs_a_signature_shaped_tail(tail):
    text = EXERCISE + "Pt tolerated well.\n" + tail
    assert find_signature(text) is None


def test_e_signature_line_is_not_taken_above_a_later_timed_line():
    text = EXERCISE + "Sam Reyes, PTA\nGait 10 min in hallway w/ RW"
    assert find_signature(text) is None


# ---------------------------------------------------------------- E-CHARGE-ROWS

CHARGE_NOTE = """--- Treatment ---
Therapeutic exercise - 25 min - prone press-ups 3x10, bridges 2x12; goal lumbar extension ROM and glute strength
Manual therapy - 13 min - central PA glides L3-5 gr III, STM QL bilat

--- Charges ---
97110 Ther Ex ............ {u1}
97140 Manual ............. {u2}

Electronically signed: Shauna Keel, PT  03/04/2026 16:42"""


def test_e_charge_rows_under_a_ruled_header_are_claims_not_services(coder):
    res = code(coder, CHARGE_NOTE.format(u1=2, u2=1))
    assert lines(res) == {"97110": (2, ("GP",)), "97140": (1, ("GP",))}
    assert fids(res) == set()  # 25 + 13 = 38 min: 3 units, as claimed
    assert len([iv for iv in res.interventions if iv["status"] == "performed"]) == 2


def test_e_charge_rows_units_after_a_leader_are_checked(coder):
    res = code(coder, CHARGE_NOTE.format(u1=3, u2=1))
    assert lines(res) == {"97110": (2, ("GP",)), "97140": (1, ("GP",))}
    assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}


def test_e_charge_rows_ruled_header_with_two_names_is_a_header(coder):
    text = ("--- Subjective ---\nPain 3/10, sitting tolerance 45 min.\n--- Objective / Interventions ---\n"
            "Manual Therapy (97140): 15 min. L4-5 gapping mobs gr III\n"
            "Therapeutic Exercise (97110): 24 min. press-ups 3x10, bridges 3x12; goal lumbar ext ROM and glute strength")
    res = code(coder, text, discipline="PT")
    assert lines(res) == {"97140": (1, ("GP",)), "97110": (2, ("GP",))}


def test_e_charge_rows_code_first_time_table_gives_minutes_not_services(coder):
    text = """INTERVENTIONS
Gait training on treadmill w/ 30% BWS, manual step assist at R ankle, for reciprocal stepping pattern.
Therapeutic exercise: supine bridging w/ band, sidelying hip abd, mini-squats; hip ext/abd strengthening.

TIME
Code    Description                     Min
97116   Gait training                   30
97110   Therapeutic exercise             9
Total timed minutes                     39
"""
    res = code(coder, text, discipline="PT", payer="commercial")
    assert lines(res) == {"97116": (2, ("GP",)), "97110": (1, ("GP",))}
    assert fids(res) == set()
    assert len(res.interventions) == 2


def test_e_charge_rows_units_after_the_name(coder):
    text = """OT DAILY NOTE
O:
- LB dressing w/ AE (reacher, sock aid) seated in armchair: socks/shoes mod I after setup, to regain independence. 23 min.
- Tub transfer bench training in bathroom mock-up w/ leg lifter, for safe tub transfers at home - 16 min.

Billing:
97535 Self care/home mgmt x{u}
97530 Ther activities - 1 unit
Total timed minutes 39"""
    assert fids(code(coder, text.format(u=2))) == set()  # 39 min: 3 units, 23 -> 2 and 16 -> 1, as claimed
    assert fids(code(coder, text.format(u=3))) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}
