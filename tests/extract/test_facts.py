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
