"""Facts of short notes in different styles."""

from nlp_coder.schema import NoteFacts


def perf(f):
    return [i for i in f.interventions if i.status == "performed"]


def labels(iv):
    return {e.label for e in iv.evidence}


def test_terse_emr_log_with_abbreviations_and_typos(facts_of):
    text = ("lumbar radic L5 L, 2nd visit\n"
            "therex 18mins - prone on elbows, press ups 3x10, HS stretch for lumbar ext ROM\n"
            "gait traning 10 mins - treadmil 2.0 mph w cues for upright trunk\n"
            "mannual 5 min - L lumbar paraspinal STM\n"
            "-rh, PT")
    f = facts_of(text)
    kinds = [(i.kind, i.minutes, i.claimed_code) for i in perf(f)]
    assert kinds == [("exercise", 18, "ther ex"), ("gait", 10, "gait"), ("manual", 5, "manual")]
    assert perf(f)[0].parameters == ["range_of_motion"]
    assert f.discipline == "PT" and f.discipline_source == "signature" and f.signed_by == "PT"


def test_narrative_soap(facts_of):
    text = ("S: 6 wks s/p R ACL reconstruction. No new c/o.\n"
            "O: Ther ex 15 min - quad sets, SLR 3x10, leg press 50# 3x12, all for quad strength.\n"
            "Therapeutic activities 16 min - step-ups carrying a laundry basket and squat-to-retrieve objects "
            "from floor for household tasks, VC for knee alignment.\n"
            "A: Quad lag resolved.\nP: Cont per protocol, progress to jogging next week.\n--Jenna Park, PT, DPT")
    f = facts_of(text)
    te, ta = perf(f)
    assert (te.kind, te.minutes, te.parameters, te.functional_activity) == ("exercise", 15, ["strength"], False)
    assert (ta.kind, ta.minutes, ta.functional_activity, ta.functional_goal) == ("exercise", 16, True, True)
    assert ta.contact_modes == ["verbal"] and ta.claimed_code == "TA"
    assert te.section == "objective"
    ev = {e.label: e for e in ta.evidence}
    assert text[ev["minutes"].start:ev["minutes"].end] == "16 min"


def test_dictated_prose(facts_of):
    text = ("Physical therapy visit. The patient is seen for cervical spondylosis. Treatment today consisted of "
            "manual therapy to the cervical spine, including soft tissue mobilization, to improve cervical rotation. "
            "Total treatment time 25 minutes. She will continue her home exercise program. Signed, Gregory Pham, PT.")
    f = facts_of(text)
    assert [i.kind for i in perf(f)] == ["manual"]
    assert f.stated_total_minutes == 25
    assert f.discipline == "PT" and f.discipline_source == "header"


def test_words_minutes_and_the_rest(facts_of):
    text = ("Treatment today: of the 35 minutes of exercise, 25 were therapeutic exercise (press-ups, bird-dog) for "
            "core endurance; the remaining 10 minutes were lifting practice: box lifts floor to waist, for return to "
            "lifting at home.\nC. Szabo, PT")
    a, b = perf(facts_of(text))
    assert (a.minutes, a.parameters) == (25, ["endurance"])
    assert (b.minutes, b.functional_activity, b.functional_goal) == (10, True, True)
    text2 = "45 minutes of treatment: 30 min ther ex for strength, the rest manual therapy for ROM.\nJ. Doe, PT"
    a, b = perf(facts_of(text2))
    assert (a.minutes, b.minutes, b.kind) == (30, 15, "manual")


def test_ot_note_cota(facts_of):
    text = ("S: wants to wash up by herself.\n"
            "O: Self-care training 23 min: UB bathing and grooming at sink, long-handled sponge, mod A -> min A.\n"
            "Therapeutic activity 15 min: stand-pivot transfers bed<->w/c x5 with RW, cues for hand placement, "
            "for safe functional transfers.\nP: Cont OT POC.\nKim Sorensen, COTA/L")
    f = facts_of(text)
    sc, ta = perf(f)
    assert sc.kind == "self_care" and sc.minutes == 23
    assert ta.functional_activity and ta.functional_goal
    assert f.discipline == "OT" and f.signed_by == "COTA"
    assert sc.provider == "COTA"


def test_pta_signed_and_neuro(facts_of):
    text = ("O: Dx L hemiparesis 2/2 R MCA CVA.\n"
            "Neuromuscular re-ed 24 min: standing in parallel bars, weight shifting onto L LE with tactile cues at "
            "L hip, to reeducate standing balance and postural control.\n"
            "Ther ex 8 min: L ankle DF with yellow theraband 2x10 for dorsiflexor strength.\n"
            "Marcus Reyes, PTA")
    f = facts_of(text)
    assert f.discipline == "PT" and f.signed_by == "PTA"
    assert f.neuro_conditions == ["hemiplegia", "stroke"]
    nmr, te = perf(f)
    assert nmr.neuro_goal and "balance" in nmr.parameters and nmr.contact_modes == ["manual"]
    assert nmr.claimed_code == "NMR" and not te.neuro_goal


def test_group_class(facts_of):
    text = ("Total Joint Class (Tues/Thurs) -- 4 participants, 1 PT\n"
            "Pt participated in 45 min group: LE strengthening circuit (sit-stand, heel raises), PT corrected form.\n"
            "After class, individual session with this pt: stair training 10 min, cues for sequencing.\n"
            "L. Okafor, PT")
    g, s = perf(facts_of(text))
    assert (g.arrangement, g.group_size, g.minutes) == ("group", 4, 45)
    assert (s.arrangement, s.kind) == ("one_on_one", "gait")
    f = facts_of("UE group with 2 other patients 30 min: theraband rows for strength\nJ. Doe, OTR/L")
    assert perf(f)[0].group_size == 3


def test_modality_heavy(facts_of):
    text = ("- US 1 MHz 1.0 W/cm2 continuous to R lateral epicondyle, 8 min\n"
            "- Ionto dexamethasone 40 mA-min via Dupel, 15 min, clinician monitored skin throughout\n"
            "- IFC to R forearm 15 min unattended\n"
            "- E-stim (premod) R UT 12' -- PT stayed w/ pt, adjusted intensity throughout\n"
            "- Cold pack R elbow 10 min\n"
            "- Mech traction cervical 15', 12# intermittent\n"
            "- Game Ready L knee 15'\n"
            "- Paraffin R hand x10 min\n"
            "- Whirlpool R ankle 15'\n"
            "IFC to lumbar 15 min, unattended, with MHP concurrently\n"
            "R. Castellano, MPT")
    f = facts_of(text)
    mods = [(i.modality, i.attended, i.minutes) for i in perf(f)]
    assert mods == [
        ("ultrasound", None, 8), ("iontophoresis", True, 15), ("electrical_stimulation", False, 15),
        ("electrical_stimulation", True, 12), ("cold_pack", None, 10), ("mechanical_traction", None, 15),
        ("vasopneumatic", None, 15), ("paraffin", None, 10), ("whirlpool", None, 15),
        ("electrical_stimulation", False, 15), ("hot_pack", None, None),
    ]
    assert all(i.kind == "modality" for i in perf(f))


def test_work_conditioning(facts_of):
    text = ("WORK CONDITIONING -- Day 6 of 20\n"
            "Client: warehouse selector. Job demands: lift 50# floor to shoulder.\n"
            "0800-1035 work conditioning session under PT supervision: floor-to-waist crate lifts 40# x 20, "
            "carry 40# x 100 ft x 6, ladder climbing; body mechanics cueing throughout.\nDale Oyelaran, PT")
    (wc,) = perf(facts_of(text))
    assert (wc.minutes, wc.clock_start, wc.clock_end) == (155, "08:00", "10:35")
    assert wc.work_related and wc.functional_activity


def test_evaluation(facts_of):
    text = ("PHYSICAL THERAPY EVALUATION -- high complexity\n"
            "Exam: BLE strength 3+/5. Berg 38/56. 6-minute walk 690 ft.\n"
            "Plan: 2x/wk x 8 wks -- ther ex, gait and balance training, HEP.\nEval 55 min.\nMiriam Osei, PT, DPT")
    f = facts_of(text)
    assert f.evaluation_performed
    assert all(i.status != "performed" or i.kind in ("evaluation", "re_evaluation") for i in f.interventions)
    assert any(e.label == "evaluation" for e in f.evidence)


def test_aide_unskilled_and_claims(facts_of):
    text = ("Warm-up: bike 10' with rehab aide (J. Tran), level 2\n"
            "HP to lumbar x15' applied by aide while pt prone\n"
            "97140 x1 (15 min): STM bilat lumbar paraspinals for lumbar mobility\n"
            "Pt then did HEP exercises on his own on mat 10' while PT treating another pt\n"
            "Billing: 97140 x1, 97110 x2\nS. Lindqvist, PT")
    f = facts_of(text)
    bike, hp, manual, hep = perf(f)
    assert bike.provider == "aide" and hp.provider == "aide"
    assert (manual.claimed_code, manual.claimed_units, manual.minutes) == ("97140", 1, 15)
    assert hep.arrangement == "unattended"
    assert [(b.code, b.units) for b in f.billed_claims] == [("97140", 1), ("97110", 2)]


def test_clock_blocks_co_treatment_and_other_discipline(facts_of):
    text = ("IRF PT -- L CVA, R hemiplegia, day 9\n"
            "10:00-10:30 co-treatment with OT (J. Li, OTR/L): I provided neuromuscular reeducation in standing -- "
            "facilitation at R pelvis, weight shift for standing balance. OT documents and bills her portion.\n"
            "OT portion (per J. Li): UB dressing in standing with min A, verbal cues to thread R arm first.\n"
            "10:30-10:45 gait training, hemi walker, cues for step length.\nAaron Feld, PT")
    f = facts_of(text)
    nmr, ot, gait = perf(f)
    assert nmr.co_treatment and not nmr.other_discipline and nmr.neuro_goal
    assert ot.other_discipline
    assert f.separate_time_blocks
    assert f.discipline == "PT" and f.discipline_source == "header"


def test_outcome_in_assessment_links_to_its_intervention(facts_of):
    text = ("Dx: relapsing-remitting MS, LE ataxia.\n"
            "O: NMR 30 min: Frenkel exercises, heel-to-shin, to improve LE coordination.\n"
            "Ball work 12 min: seated on therapy ball, lateral weight shifts.\n"
            "A: Ball work on the therapy ball targets reeducation of trunk control and sitting balance.\n"
            "Hana Kobayashi, DPT")
    nmr, ball = perf(facts_of(text))
    assert ball.neuro_goal and set(ball.parameters) == {"posture", "balance"}
    assert nmr.parameters == ["coordination"]  # the assessment sentence does not carry over


def test_discipline_input_wins_and_unknown(facts_of):
    f = facts_of("PT Daily Note\nTE 15 min bridges for strength\nJ. Smith, OTR/L", discipline="OT")
    assert (f.discipline, f.discipline_source) == ("OT", "input")
    f = facts_of("PT Daily Note\nTE 15 min bridges for strength\nJ. Smith, PTA")
    assert (f.discipline, f.discipline_source, f.signed_by) == ("PT", "header", "PTA")
    f = facts_of("Visit 6\nTE 15 min bridges for strength\nM. Jovanovic")
    assert f.discipline is None and f.signed_by == "unknown"


def test_out_of_scope_services(facts_of):
    f = facts_of("SPEECH-LANGUAGE PATHOLOGY TREATMENT NOTE\nDysphagia treatment (92526) 30 min: effortful swallow.\n"
                 "Karen Holt, M.S., CCC-SLP")
    assert f.discipline == "SLP" and [i.kind for i in perf(f)] == ["out_of_scope"]
    f = facts_of("CHIROPRACTIC DAILY NOTE\nTx: CMT diversified L4, L5, SI (98940).\nDr. Alan Pierce, DC")
    assert [i.kind for i in perf(f)] == ["out_of_scope"]


def test_evidence_offsets_point_into_the_text(facts_of):
    text = "S: ok\r\nTE 15': bridges, clams for hip strength, VC\r\nHP x10'\r\nJ. Doe, PT\r\n"
    f = facts_of(text)
    for iv in f.interventions:
        assert text[iv.span.start:iv.span.end] == iv.span.text
        for e in iv.evidence:
            assert text[e.start:e.end] == e.text and e.label
    assert [(i.kind, i.minutes) for i in perf(f)] == [("exercise", 15), ("modality", 10)]
    assert isinstance(f, NoteFacts)
    NoteFacts.model_validate_json(f.model_dump_json())


def test_session_split_evenly_in_words(facts_of):
    text = ("Outpatient neuro physical therapy. Mr. F has Parkinson's disease. Today's session was thirty minutes, "
            "split evenly between gait training and transfer practice. For the gait training we walked through "
            "doorways using visual floor lines. For the transfers we practiced rising from his low couch, so that he "
            "can do these alone at night. Sarah Quinlan, PT, DPT.")
    f = facts_of(text)
    got = [(i.kind, i.minutes) for i in perf(f)]
    assert got == [("gait", 15), ("exercise", 15)]
    assert perf(f)[1].functional_activity and perf(f)[1].functional_goal


def test_prose_sentence_continuing_a_service_is_one_intervention(facts_of):
    text = ("Occupational therapy daily note. The first twenty-three minutes were showering and dressing retraining: "
            "he washed seated on the tub bench with cues to include his right arm. Lower body dressing was done seated "
            "with minimal assistance. The last fifteen minutes were spent on neuromuscular reeducation of the right "
            "hand, to reeducate voluntary movement. Dictated by M. Adebayo, OTR/L.")
    f = facts_of(text)
    assert [(i.kind, i.minutes) for i in perf(f)] == [("self_care", 23), ("exercise", 15)]


def test_measures_are_not_services(facts_of):
    f = facts_of("PHYSICAL STATUS: fall risk.\nEndurance:  Ball activities 4 to 5 minutes.  Restorator 25 minutes.\n"
                 "GAIT:  The patient ambulates with contact guard assist.")
    assert perf(f) == []


def test_billing_block_claims_the_single_unclaimed_service(facts_of):
    f = facts_of("Gait trng 30': RW 3 x 100 ft, VC for upright posture\nCharges: 97530 x3\nOlivia Grant, PT")
    (g,) = perf(f)
    assert (g.kind, g.claimed_code, g.claimed_units) == ("gait", "97530", 3)
    assert [(b.code, b.units) for b in f.billed_claims] == [("97530", 3)]


def test_log_line_with_several_sentences(facts_of):
    text = ("O: Pt received MHP x 10 min to R shoulder. Ther ex 20' w/ VC and TC: wand flexion, pulleys for R shoulder "
            "flexion ROM. Manual 8' - GH post glides gr III.\nJ. Doe, PT, DPT")
    got = [(i.kind, i.minutes) for i in perf(facts_of(text))]
    assert got == [("modality", 10), ("exercise", 20), ("manual", 8)]


def test_section_of_another_discipline(facts_of):
    text = ("OT Treatment Note\nSelf-care training 20 min: LB dressing with reacher, cues for sequencing\nPT:\n"
            "Gait training 15 min with RW, cues for step length\nK. Lee, OTR/L")
    f = facts_of(text)
    assert f.discipline == "OT"
    assert [(i.kind, i.other_discipline) for i in perf(f)] == [("self_care", False), ("gait", True)]


def test_table_rows_with_a_minutes_column(facts_of):
    text = ("Intervention | Minutes | Details\nTher ex | 15 | bridges, clams for hip strength\n"
            "Manual | 10 | STM lumbar for mobility\nTotal timed minutes: 25\nJ. Doe, PT")
    f = facts_of(text)
    assert [(i.kind, i.minutes) for i in perf(f)] == [("exercise", 15), ("manual", 10)]
    assert f.stated_total_minutes == 25


def test_sentences_ending_in_min_are_split(facts_of):
    text = ("Pt c/o increased LBP. HP to L/S x 15 min. Ther ex 20 min incl. 5 min rest: bird dog, bridges for core "
            "strength. Pt not seen for manual today due to time.\nM. Ray, PTA")
    f = facts_of(text)
    got = [(i.kind, i.minutes, i.non_treatment_minutes, i.status) for i in f.interventions]
    assert got == [("modality", 15, 0, "performed"), ("exercise", 20, 5, "performed"), ("manual", None, 0, "negated")]


def test_header_named_service_is_still_a_service(facts_of):
    f = facts_of("Gait: 15' amb 150 ft with RW, VC for step length\nStrength: ther ex 15 min for quad strength\nJ. Doe, PT")
    assert [(i.kind, i.minutes) for i in perf(f)] == [("gait", 15), ("exercise", 15)]


def test_facts_from_a_doc_without_the_section_id_cache():
    """Docs from elsewhere (or older pipelines) lack the cached section ids: they come from doc.spans instead."""
    from nlp_coder.extract.facts import doc_to_facts
    from nlp_coder.extract.pipeline import build_nlp
    from nlp_coder.schema import NoteIn

    nlp = build_nlp()
    note = NoteIn(id="s-1", text="Assessment: pt tolerated well.\nTreatment:\nTher ex 15 min: bridges, SLR for hip strength.\n"
                                 "Plan: progress to step-ups.\nJ. Roe, PT")
    full = doc_to_facts(nlp(note.text), note)
    doc = nlp(note.text)
    del doc.user_data["nlp_coder.section_ids"]
    assert doc_to_facts(doc, note).model_dump() == full.model_dump()
