"""Reading rules from session 15. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

from coded import code, fids, performed, units as lines


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW

def test_e_split_overview_a_place_only_visit_sentence_is_not_gone_on_by_how_the_patient_was(coder):
    # "seen for ... session in her room and the ADL suite" names self-care only by its place; the next sentence
    # says how the patient was, so the overview stays an overview and the timed self-care piece is the service
    text = ("OT Daily Note - Inpatient Rehab\n\n"
            "Pt seen for PM session at bedside and in the ADL suite. Pt was pleasant and cooperative, pain 1/10.\n\n"
            "Self-care training 23 min: UB/LB dressing seated EOB w/ reacher and sock aid, min A to thread R LE, "
            "cues for hemi-dressing sequence.\n"
            "Jada Morales, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 2}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)
    assert len(performed(res)) == 1


def test_e_split_overview_a_visit_sentence_naming_the_service_itself_still_is_it(coder):
    # the counter-case: "seen ... for gait training with FWW" names the service by a strong name, with its detail
    # in the next sentence; it stays the gait service (its time comes from the charge lines, not checked here)
    text = ("SNF Skilled Note\n"
            "Resident seen in rehab gym for gait training with FWW, 2 x 120 ft, step-to pattern, CGA w/ cues for "
            "upright posture. Instructed in turning technique to reduce LOB risk.\n"
            "Seated ther ex followed: LAQ with 2 lb, hip flexion, for bilat LE strength.\n"
            "Omar Haddad, PT")
    res = code(coder, text)
    codes = [iv["decision"]["code"] for iv in performed(res)]
    assert codes == ["97116", "97110"]


def test_e_split_overview_a_first_session_statement_introduces_the_timed_device_service(coder):
    # a sentence saying this is the first session with a new prosthesis, without time, introduces the visit; the
    # timed prosthetic training after it is the service, not a second one without time
    text = ("Outpatient PT - Amputee Program\n"
            "R TFA 4 months ago. New prosthesis picked up from the prosthetist this morning; first gait session "
            "with it today.\n"
            "Prosthetic training 24 min: donning with suction liner, sock ply check, standing weight shift in "
            "bars, skin check after 15 min of wear.\n"
            "Gait training 15 min: parallel bars, step-to pattern, min A, cues for equal stance time.\n"
            "Leah Brandt, DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97761": 2, "97116": 1}
    assert "TIME_NOT_DOCUMENTED" not in fids(res)


def test_e_split_overview_a_first_session_statement_alone_is_the_service(coder):
    # with no timed piece of the same service after it, the statement is the only mention: it stays the service
    text = ("OT - Upper Limb Prosthetics\n"
            "First training session with the new body-powered prosthesis today: donning/doffing with harness, "
            "terminal device opening by scapular protraction, grasp/release of cones.\n"
            "Nadia Rossi, OTR/L")
    res = code(coder, text, payer="commercial")
    assert "TIME_NOT_DOCUMENTED" in fids(res)
    assert [iv["decision"]["code"] for iv in performed(res)] == ["97761"]


# ---------------------------------------------------------------- E-FIRST-FITTING

def test_e_first_fitting_words_between_first_and_the_visit_after_the_handing_over(coder):
    # "picked up ... this morning; first gait session with it today": the initial encounter (97761), not 97763
    text = ("PT daily note\nL TTA (PVD). New prosthesis picked up from the prosthetist this morning; first gait "
            "session with it today.\n"
            "Prosthetic training 20 min: donning liner and pin lock, sock ply check, weight shift in bars, skin "
            "check after 10 min of wear.\nNoor Aziz, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97761": 1}


# ---------------------------------------------------------------- D-FUNC-SINGLE (lexicon: a child's fine-motor tasks)

def test_d_func_single_pre_writing_and_tracing_are_fine_motor_tasks(coder):
    # pre-writing strokes, tracing and copying shapes are fine-motor hand tasks (patterns/activities.jsonl, "lifting")
    text = ("Peds OT\nTable work 14 min: pre-writing strokes, tracing shapes and copying a circle with a golf "
            "pencil, for legible name writing at school.\nMaya Chen, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}


def test_d_func_single_kindergarten_is_a_functional_setting_in_the_goal(coder):
    # "for kindergarten ..." names the child's participation, as "school" does (patterns/functional.jsonl, "tasks")
    text = ("Peds OT\nPuzzle and lacing card 12 min, working on bilateral hand use for kindergarten fine motor "
            "tasks.\nMaya Chen, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}


# ---------------------------------------------------------------- E-REFERENCES (a sentence opening on "after X,")

def test_e_references_a_service_named_after_an_opening_time_word_is_when_not_what(coder):
    # "Following MLD, remedial exercises ...": the MLD is when; the exercises are the service of the sentence
    text = ("OT lymphedema note\n"
            "MLD L arm 30 min: clearing of L axillary nodes and trunk pathways, then arm proximal to distal.\n"
            "Following MLD, remedial exercises 12 minutes with bandages on: wand flexion and pumping for shoulder "
            "ROM.\nIrene Park, OTR/L, CLT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 2, "97110": 1}


def test_e_references_after_the_hot_pack_then_exercise_is_exercise(coder):
    text = ("PT daily note\nMHP L knee 10 min.\nAfter the hot pack, ther ex 15 min: quad sets, SLR, heel slides for "
            "knee flexion ROM and quad strength.\nTheo Marsh, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97010": 1, "97110": 1}


def test_e_references_a_sentence_naming_only_the_referenced_service_keeps_it(coder):
    # the counter-case: with no other service after the comma, the service named is the sentence's own
    text = ("PT daily note\nAfter manual therapy 12 min to the R shoulder (grade III posterior glides), "
            "pt reported less pain.\nTheo Marsh, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1}
