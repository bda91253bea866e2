"""Caregiver training (E-CAREGIVER-TRAINING), device care clauses (E-DEVICE-TRAINING), a provider named in passing
(E-CO-SIGNED), modality dosage ("4.0 mA x 10 min") and planned services further from their cue. Notes here are
written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, performed, units_mods as lines
from nlp_coder.extract.minutes import find_mentions


# ---------------------------------------------------------------- E-CAREGIVER-TRAINING

def test_e_caregiver_training_in_transfers_is_a_functional_activity(coder):
    text = ("Gait trainer 20 min - hallway 2 x 60 ft, step initiation w/ cue, 1 rest (not counted).\n"
            "Caregiver training 15 min - dad taught stand-pivot transfer w/c <-> gait trainer and w/c <-> car seat, "
            "body mechanics, locking brakes; dad return-demo'd x2 safely, so family can use trainer at home daily.\n"
            "- Alicia Romero, PT, DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97116": (1, ("GP",)), "97530": (1, ("GP",))}
    assert [iv["kind"] for iv in performed(res)] == ["gait", "exercise"]


def test_e_caregiver_training_in_dressing_is_self_care(coder):
    text = ("Dressing: 20 min donning/doffing winter jacket, hand-over-hand -> min A.\n"
            "Caregiver trng 10 min: taught grandma backward chaining for socks + how to set up clothing in order on "
            "bed so he can dress for school in the mornings.\nKayla Brandt, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97535": (2, ("GO",))}


@pytest.mark.parametrize("sentence", [
    "Family training in w/c parts maintenance planned for next week.",
    "Family training w/ mom scheduled Thurs 1400.",
    "Daughter present for caregiver training.",
])
def test_e_caregiver_training_planned_or_only_attended_is_no_service(coder, sentence):
    text = "Transfer training 15 min: bed to commode w/ gait belt, min A -> CGA, goal safe toileting at night.\n" + sentence
    res = code(coder, text, discipline="PT", payer="commercial")
    assert lines(res) == {"97530": (1, ("GP",))}
    assert fids(res) == set()


def test_a_planned_cue_after_a_list_of_services_reaches_only_the_last(coder):
    text = "Gait training 12 min w/ RW, cues for step length, to improve safety at home, and stair training planned next session."
    res = code(coder, text, discipline="PT", payer="commercial")
    assert lines(res) == {"97116": (1, ("GP",))}


# ---------------------------------------------------------------- E-DEVICE-TRAINING

def test_device_care_clause_naming_an_activity_stays_with_the_orthosis(coder):
    text = ("Orthosis check: forearm-based thumb spica - trimmed radial border for pressure area, strap replaced; "
            "reviewed wear schedule (night + during heavy lifting) - 10 min.\nTamsin Yale, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97763": (1, ("GO",))}
    assert len(performed(res)) == 1


# ---------------------------------------------------------------- modality dosage

def test_current_times_minutes_is_the_modality_time():
    (m,) = find_mentions("4.0 mA x 10 min (40 mA-min)")
    assert (m.kind, m.minutes) == ("duration", 10)
    assert find_mentions("dose 40 mA-min") == []


def test_iontophoresis_with_current_and_time_is_timed(coder):
    text = ("Iontophoresis: dexamethasone to 1st dorsal compartment, 4.0 mA x 10 min (40 mA-min), OT present "
            "throughout, skin intact pre/post.\nTamsin Yale, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97033": (1, ("GO",))}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-CO-SIGNED: a provider named in passing

def test_assistant_named_in_passing_on_a_co_signed_note_keeps_the_line(coder):
    text = ("PT (J. Ortiz): cervical mobs C5-6 gr III, 10 min, to improve segmental mobility\n"
            "PTA (L. Brandvold) then: ther ex 22 min - DNF activation, prone I/T, for lower trap strength.\n"
            "Mech cervical traction 12 min, 15# static, supine, post exercise (PTA set up and monitored).\n"
            "L. Brandvold, PTA / J. Ortiz, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res)["97012"][1] == ("CQ", "GP")
    assert lines(res)["97140"][1] == ("GP",)


# ---------------------------------------------------------------- wear time, programs, visit counts

def test_wear_time_is_not_the_service_time():
    from nlp_coder.extract.minutes import find_mentions as fm
    (m,) = fm("pressure areas checked after 20 min wear; wife trained in donning. Total 30 min.")
    assert m.minutes == 30


def test_orthosis_line_takes_its_total_not_the_wear_time(coder):
    text = ("Orthotic: L resting hand orthosis fabricated and fit today (initial fitting); pressure areas checked after "
            "20 min wear; wife trained in donning/doffing and skin checks. Total 30 min.\nNora Fitzgerald, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97760": (2, ("GO",))}


def test_a_named_exercise_program_in_a_group_is_group_therapy(coder):
    text = ("Pt attended PWR!Moves group 10:00-10:45 (4 participants, led by this PT in constant attendance): PWR! "
            "Up/Rock/Twist/Step in sitting and standing, amplitude and posture cues to the group.\nG. Patel, PT\n"
            "Dx: Parkinson's disease")
    res = code(coder, text)
    assert lines(res) == {"97150": (1, ("GP",))}
    assert fids(res) == {"GROUP"}


def test_a_program_visit_count_sentence_is_not_a_service(coder):
    text = ("3/9/26 LSVT BIG session 12/16. Pt arrived on time w/ spouse. Maximal daily exercises x 30 minutes - "
            "floor-to-ceiling reaches, 8-16 reps each, to improve balance and posture. Tomas Reyes, PT")
    res = code(coder, text, payer="commercial")
    assert len(performed(res)) == 1
    assert performed(res)[0]["minutes"] == 30


def test_e_co_signed_a_credential_in_passing_alone_does_not_split_an_assistant_note(coder):
    # no line opens with its provider: the note is the assistant's (D-ASSISTANT), whatever one line mentions
    text = ("Ionto: acetic acid 2% over supraspinatus insertion, 3.0 mA x 13 min, PTA in attendance, skin check WNL.\n"
            "TE 15 min: AAROM wand flex/scaption, pendulums, isometric ER/IR at wall - goal pain-free shoulder ROM.\n"
            "Signed: Tessa Villanueva, PTA    Supervising PT: M. Okonkwo, PT")
    res = code(coder, text, payer="medicare")
    assert {ln.code: tuple(ln.modifiers) for ln in res.lines} == {"97033": ("CQ", "GP"), "97110": ("CQ", "GP")}


def test_e_device_training_a_separate_wear_schedule_line_is_part_of_the_timed_device_service(coder):
    text = ("PT - Prosthetic training, first session with new prosthesis\n"
            "Prosthetic training 25 min: donning liner, pin engagement check, sock-ply management, weight shifting and "
            "step-through in parallel bars.\nTher ex 12 min: prone hip ext and sidelying hip abd, 2x10 with 3#, to "
            "increase hip extensor/abductor strength.\nPt instructed to wear prosthesis 1 hr on / 1 hr off today.\n"
            "Carla Mendes, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97761": (2, ("GP",)), "97110": (1, ("GP",))}
    assert fids(res) == set()
    assert [iv["status"] for iv in res.interventions] == ["performed", "performed", "home_program"]
