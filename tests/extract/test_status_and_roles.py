"""Reading rules from the session-7 batches (services that did not happen as planned, several people in one visit,
British and Australian English): status cues for services held, stopped for good, skipped or only intended
(E-PLAN-CUE and the negation cues of `patterns/context.jsonl`). Notes here are written for the tests; they are not
corpus notes."""

from __future__ import annotations

import pytest

from coded import code, fids, units as lines


# ---------------------------------------------------------------- negation: held, discontinued, skipped

@pytest.mark.parametrize("sentence", [
    "Interferential to the low back -- held; BP 182/96 on arrival.",
    "Lumbar traction held -- pt reports more leg numbness since last visit.",
    "Cervical traction d/c'd by the supervising PT last week (no benefit).",
    "Ultrasound to R elbow discontinued per MD.",
    "Heel raises and wall sits were skipped today (knee effusion).",
])
def test_a_service_held_discontinued_or_skipped_is_not_coded(coder, sentence):
    text = f"Ther ex 18 min: bridges, clamshells, SLR 3x10 for hip strength.\n{sentence}\nR. Diaz, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_a_stretch_held_for_seconds_is_still_done(coder):
    text = "Hamstring and calf stretch held 30 sec x3 each side for flexibility, 9 min.\nR. Diaz, PT"
    assert lines(code(coder, text, payer="commercial")) == {"97110": 1}


def test_hand_held_assistance_does_not_hold_the_service(coder):
    text = "Gait training 15 min w/ hand-held assist on carpet, cues for step length.\nR. Diaz, PT"
    assert lines(code(coder, text, payer="commercial")) == {"97116": 1}


# ---------------------------------------------------------------- E-PLAN-CUE: intended, scheduled

@pytest.mark.parametrize("sentence", [
    "I had planned car transfer practice today too but she was too tired.",
    "Caregiver training w/ son sched Fri.",
])
def test_e_plan_cue_a_service_only_intended_or_scheduled_is_not_done(coder, sentence):
    text = f"Transfer training 20 min: sit<>stand and stand pivot to commode, CGA, for safe toileting.\n{sentence}\nJ. Moss, OT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


# ---------------------------------------------------------------- E-OTHER-AGENT: an aide who helps

@pytest.mark.parametrize("sentence", [
    "Gait training 14 min w/ RW 150' x2, CGA, cues for step length; w/c follow by rehab tech aide.",
    "Gait training 14 min on treadmill w/ harness, PT facilitating L knee ext; rehab aide at the R side managing the harness.",
    "Gait training 14 min in the hall w/ RW, cues for upright posture, and our rehab aide followed with the wheelchair.",
])
def test_e_other_agent_an_aide_helping_in_a_clause_of_its_own_does_not_take_the_service(coder, sentence):
    res = code(coder, f"{sentence}\nM. Ortiz, PT", payer="medicare")
    assert lines(res) == {"97116": 1}
    assert "AIDE_SERVICE" not in fids(res)


@pytest.mark.parametrize("sentence", [
    "Hot pack to L knee 10 min applied by rehab aide.",
    "Recumbent bike 10 min for LE endurance, supervised by the rehab aide.",
])
def test_e_other_agent_an_aide_who_gives_the_service_still_takes_it(coder, sentence):
    res = code(coder, f"Ther ex 16 min: SLR, bridges 3x10 for quad strength.\n{sentence}\nM. Ortiz, PT", payer="commercial")
    assert lines(res) == {"97110": 1}
    assert "AIDE_SERVICE" in fids(res)


# ---------------------------------------------------------------- E-MOBILISED: British usage

@pytest.mark.parametrize("sentence", [
    "Mobilised with Zimmer frame along the ward corridor for gait practice, 15 mins, SBA, cues for step length.",
    "Pt mobilised 2 x 30m with rollator, supervision, VC to stay inside the frame, 15 mins.",
])
def test_e_mobilised_with_a_walking_aid_or_a_distance_is_walking(coder, sentence):
    res = code(coder, f"{sentence}\nR. Owens, PT", payer="medicare")
    assert lines(res) == {"97116": 1}


def test_e_mobilised_joint_is_still_manual_therapy(coder):
    res = code(coder, "Mobilised L4/5 central PA gr III, 3 x 60 s, to improve lumbar extension, 10 mins.\nR. Owens, PT",
               payer="medicare")
    assert lines(res) == {"97140": 1}


def test_e_mobilised_laps_in_metres_are_not_minutes():
    from nlp_coder.extract.minutes import find_mentions

    assert [m.minutes for m in find_mentions("Gait re-ed 10 mins with stick, 2 x 40m, VC for heel strike.")] == [10]
    assert [m.minutes for m in find_mentions("Gait 12m: RW on carpet")] == [12]


def test_e_mobilised_hydrotherapy_in_a_pool_is_aquatic_therapy(coder):
    text = ("Physio daily note\nHydrotherapy session - 16/03/2026\nWater walking fwd/back 10 laps, hip abd at rail 3 x 12, mini squats, 40 mins, "
            "for L hip strength.\nS. Pritchard, PT")
    assert lines(code(coder, text + "\nPool temp 34 deg.", payer="commercial")) == {"97113": 3}
    assert lines(code(coder, "Hydrotherapy (whirlpool) to R foot 15 min before debridement.\nS. Pritchard, PT",
                      payer="commercial")) == {"97022": 1}


def test_e_independence_goal_what_the_patient_needs_the_practice_for(coder):
    text = ("0800-0815  15   rolling L/R with the leg crossed over, sidelying to sit, scooting to the edge -- he needs "
            "this to get out of bed on his own\nK. Asante, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97530": 1}
    assert "UNSKILLED" not in fids(res)


def test_e_cotreat_clause_laps_in_feet_are_not_the_clauses_own_time(coder):
    text = ("Co-treat w/ OT 0900-0930: PT focus on gait w/ RW in hallway, 2 x 40', min A for RW advancement, 15 min; "
            "OT addressed toilet transfer at commode, 15 min.\n0935-0947 PT alone: seated ther ex for B LE strength - "
            "LAQ 2x10 w/ 2#, heel slides - 12 min.\nD. Whitfield, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1, "97110": 1}


def test_e_mobilised_laps_in_feet_need_a_distance_not_a_short_interval():
    from nlp_coder.extract.minutes import find_mentions

    assert [m.minutes for m in find_mentions("gait w/ RW, 2 x 40', min A, 15 min")] == [15]
    assert [m.minutes for m in find_mentions("NuStep 3 x 5'")] == [5]


def test_e_log_label_a_clause_that_opens_with_the_help_given_is_how_the_service_went(coder):
    text = ("0830-0850 ADL: LB dressing in w/c and standing at rail - pants, socks w/ sock aid; mod verbal cues for "
            "sequencing, min A for standing balance while pulling up pants. 20 min.\nA. Deshmukh, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 1}


def test_e_log_label_a_clause_opening_with_a_short_manual_name_is_that_service(coder):
    text = ("Daily note\nTx: hip abductor loading (side-lying abd, standing hip hitch, banded crab walk 3 x 10) to build "
            "R glute med strength; STM to R TFL/ITB and glute med trigger points. Total treatment time 35 mins.\nO. Grant, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {}
    assert "TIME_NOT_DOCUMENTED" in fids(res)


def test_e_log_label_manual_guarding_is_contact_not_a_manual_service(coder):
    text = ("NMR, 20 min - large-amplitude stepping, reactive stepping to perturbations, for balance re-education; "
            "manual guarding and VC 'big steps'.\nR. Haddad, PT")
    res = code(coder, text, payer="medicare")
    assert "97140" not in lines(res)


def test_a_dose_given_in_its_own_sentence_shows_the_exercise_was_done(coder):
    text = ("Daily note\nWalked outdoors with his cane over uneven ground and curbs, cues for step length.\n"
            "Back inside: leg press 40#, seated knee ext w/ 3#, bridges -- for leg strength. 3x10.\n"
            "Total visit 38 minutes.\nN. Castellano, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {}
    assert "TIME_NOT_DOCUMENTED" in fids(res)


def test_e_net_time_a_break_given_as_minutes_and_clock_times_is_left_out_once():
    from nlp_coder.extract.minutes import parse_minutes

    res = parse_minutes("Session 0800-1100, 15 min break 0930-0945 (not counted).")
    assert (res.minutes, res.non_treatment_minutes) == (180, 15)


def test_e_net_time_a_wait_inside_the_time_carried_to_the_next_sentence(coder):
    text = ("OT community outing\nOut 1310-1405 to the bus stop and the grocery store. About ten of those minutes were "
            "spent waiting at the stop (not counted). She read the route schedule with my prompting, paid the fare, "
            "found 6 of 7 items on her list and paid at the self-checkout, cues x2 to scan left.\nS. Achebe, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97537": 3}


def test_e_co_signed_lines_that_open_with_the_article_and_the_credential(coder):
    from coded import units_mods

    text = ("Hand therapy daily note.\nThe OTR checked her volar wrist orthosis today; the strap was replaced and the distal "
            "edge heat-adjusted. Ten minutes.\nThe COTA then took over for therapeutic exercise, twenty minutes: putty grasp, "
            "wrist curls with one pound, all to build grip and wrist strength.\n"
            "Signed: Hannah Cole, OTR/L; Bianca Torres, COTA/L")
    res = code(coder, text, payer="medicare")
    assert units_mods(res) == {"97763": (1, ("GO",)), "97110": (1, ("CO", "GO"))}


def test_sentences_typed_without_a_space_after_the_period():
    from nlp_coder.extract.sentences import split_sentences

    t = "Pain 3/10,premedicated per RN.Started on UE ergometer 10 min.Good carryover.Dr.Smith aware.TA 25 min: dressing."
    assert [t[a:b] for a, b in split_sentences(t, 0, len(t))] == [
        "Pain 3/10,premedicated per RN.", "Started on UE ergometer 10 min.", "Good carryover.Dr.Smith aware.",
        "TA 25 min: dressing."]


def test_a_second_distance_in_feet_after_a_plus_is_not_minutes():
    from nlp_coder.extract.minutes import find_mentions

    assert find_mentions("Gait: RW, 150' x 2 + 75' to dining room, CGA") == []
    assert [m.minutes for m in find_mentions("bike 10', UBE 8'")] == [10, 8]


def test_e_split_overview_a_session_length_line_is_not_a_service(coder):
    text = ("Peds OT treatment note\nSession: 50 min total, clinic sensory gym and tabletop room\n"
            "Sensory integration (25 min): platform swing linear input, crash pad, obstacle course x5 to improve "
            "sensory modulation.\nN. Brooks, OTR/L")
    assert lines(code(coder, text, payer="commercial")) == {"97533": 2}


# ---------------------------------------------------------------- E-DUPLICATE-LINE: copied forward

def test_e_duplicate_line_a_line_repeated_word_for_word_is_one_service(coder):
    line = "AROM/tendon glides L wrist + digits 15 min - 3x10 ea position, wrist flex/ext; for L wrist ROM"
    text = f"OT Hand flowsheet\nParaffin L hand x 10 min prior to ex\n{line}\n{line}\nT. Reyes, OTR/L"
    assert lines(code(coder, text, payer="commercial")) == {"97018": 1, "97110": 1}


@pytest.mark.parametrize("remark", [
    "*2nd AROM line is a duplicate from copy-forward - one 15 min block only. -TR",
    "(Note: the balance/weight shifting paragraph that was here is from the 3/2 template - not done today, deleted.)",
])
def test_e_duplicate_line_a_remark_about_the_notes_text_is_no_service(coder, remark):
    text = f"AROM L wrist 15 min - 3x10 flex/ext, RD/UD for L wrist ROM\n{remark}\nT. Reyes, OTR/L"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert not fids(res)


def test_a_side_at_the_end_of_a_sentence_ends_it():
    from nlp_coder.extract.sentences import split_sentences

    t = "Gait 15 min, cues for step length on R. Therex 14 min: LAQ 2x12. Signed J. Smith, PT"
    assert [t[a:b] for a, b in split_sentences(t, 0, len(t))] == [
        "Gait 15 min, cues for step length on R.", "Therex 14 min: LAQ 2x12.", "Signed J. Smith, PT"]


def test_e_duplicate_line_a_corrected_time_replaces_the_one_before_it():
    from nlp_coder.extract.minutes import parse_minutes

    assert parse_minutes("US 1.0 W/cm2 L plantar fascia 10 min (error - should read 5 min. -MH)").minutes == 5
    assert parse_minutes("Ther ex 20 min, corrected to 25 min per late entry").minutes == 25
    assert parse_minutes("Ther ex 20 min, then gait 10 min").minutes == 30


def test_a_refusal_looks_back_over_its_whole_clause(coder):
    text = ("97110 - 30 min - pulleys, wand flexion 2x15, band ER/IR 2x15 for R shoulder ROM and cuff strength.\n"
            "CP to R shoulder 10 min at end per pt request -- pt declined today due to ride waiting, not applied.\n"
            "B. Takahashi, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 2}
    assert "BUNDLED" not in fids(res)


def test_e_net_time_a_clock_interval_marked_not_treatment_is_left_out(coder):
    text = ("1300-1323  Ther ex: supine/seated L hip abd, bridges, LAQ 3# 2x12 -- L hip/knee strength\n"
            "1323-1346  Gait trng: RW 75' x3, cues for L step length; CGA\n"
            "1346-1352  back to room, toileting w/ CNA (not tx)\nI. Foster, PTA")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 2, "97116": 1}
    assert not fids(res)


def test_e_reports_a_family_member_asking_about_a_class_is_no_group(coder):
    text = ("She was seen in her bathroom for a showering session, about thirty-five minutes of hands-on training with "
            "the long-handled sponge and hip precautions. Her daughter asked about the facility's chair exercise class.\n"
            "P. Natarajan, OTR/L")
    res = code(coder, text, payer="medicare")
    assert "97150" not in lines(res)
    assert "GROUP" not in fids(res)


def test_a_sentence_ending_with_another_pt_ends_there(coder):
    text = ("UE ergometer 10 min for UE endurance, supervised by rehab aide while this OT finished w/ another pt. "
            "ADL training 28 min in room: LB dressing w/ reacher and sock aid, VC x3 for hip precautions, SBA.\n"
            "R. Kowalczyk, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert "AIDE_SERVICE" in fids(res)


def test_d_assistant_a_provider_line_names_the_assistant_when_nothing_is_signed(coder):
    from coded import units_mods

    text = ("== Encounter: OT Treatment ==\nProvider: Devon Whitaker, COTA   Supervising: M. Iyer, OTR/L\n"
            "Self-care training 26 min: seated grooming at the sink w/ built-up razor handle, VC for pacing.\n"
            "Charges: 97535 x2")
    res = code(coder, text, payer="medicare", discipline="OT")
    assert units_mods(res) == {"97535": (2, ("CO", "GO"))}
