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


# ---------------------------------------------------------------- E-CHARGE-SUMMARY

_TWO_SERVICES = ("PT daily note\nTher ex 23 min: SLR, bridges, clams for hip strength.\n"
                 "Manual 10 min: STM R ITB, patellar mobs.\n")


def test_e_charge_summary_a_line_of_codes_and_a_timed_total_is_a_claim_not_a_service(coder):
    res = code(coder, _TWO_SERVICES + "97110 x2, 97140 x1 -- 33 min timed\nJo Smith, PT")
    assert lines(res) == {"97110": 1, "97140": 1}
    assert len(performed(res)) == 2
    assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}  # 97110 x2 claimed, 1 supported (Medicare, 33 min)


def test_e_charge_summary_a_total_first_and_a_said_billed_line_are_claims(coder):
    for tail in ("Timed 33' = 2u: 97110 x1, 97140 x2. 97010 x1.", "I billed 97110 x1 and 97140 x2 for this session."):
        res = code(coder, _TWO_SERVICES + tail + "\nJo Smith, PT")
        assert len(performed(res)) == 2, tail
        assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}, tail


def test_e_charge_summary_codes_with_minutes_are_still_services(coder):
    # "97110 15 min" gives a service's minutes, not a unit count: a coded log line, not a summary
    res = code(coder, "PT daily note\n97110 15 min: SLR, bridges for hip strength\n97116 10 min: gait w/ RW 150 ft x2"
                      "\nJo Smith, PT")
    assert lines(res) == {"97110": 1, "97116": 1}


# ---------------------------------------------------------------- E-CO-SIGNED (who signed the body)

def test_e_co_signed_treated_by_an_assistant_and_reviewed_by_the_therapist_is_the_assistant(coder):
    text = ("OT Daily Treatment Record\n"
            "97535 Self-care 24 min: LB dressing w/ reacher and sock aid, min A, VC for sequence.\n"
            "Treatment by: Dana Ruiz, COTA/L   03/09/2026\n"
            "Reviewed/co-signed: Petra Lind, OTR/L   03/10/2026")
    assert code(coder, text).lines[0].modifiers == ["CO", "GO"]


def test_e_co_signed_an_addendum_by_the_supervising_therapist_does_not_replace_the_assistant(coder):
    text = ("PT Daily Note (PTA)\n"
            "Ther ex 24 min: sit-to-stand x10, step-ups 6 in 2x10, LAQ 3# 2x15 for LE strength.\n"
            "Charges: 97110 x2\n"
            "Jasmine Cole, PTA\n\n"
            "Addendum 3/18/26 (supervising PT review): note reviewed, plan of care unchanged. -- R. Lind, PT, DPT")
    assert code(coder, text).lines[0].modifiers == ["CQ", "GP"]


# ---------------------------------------------------------------- E-SYMPTOM-WORDS

def test_e_symptom_words_heat_sensitivity_is_not_a_hot_pack(coder):
    text = ("PT daily note\nDx: relapsing-remitting MS.\nWarmed up on the recumbent bike 10 min for endurance, kept "
            "short because of her heat sensitivity.\nJo Smith, PT")
    assert lines(code(coder, text, payer="commercial")) == {"97110": 1}


# ---------------------------------------------------------------- D-TIME-TABLE (a units column after the minutes)

def test_d_time_table_a_grid_with_a_units_column_gives_each_row_its_minutes(coder):
    text = ("PT daily note\nDx: L MCA CVA with R hemiparesis.\nTreatment:\n"
            "- NMR: weight shifting in parallel bars, staggered stance, for standing balance.\n"
            "- Gait: hemi walker 150 ft x3, CGA, cues for R knee control.\n"
            "- Standing reach to retrieve cups from a low cabinet, min A, so pt can unload her dishwasher.\n\n"
            "TIME GRID                     Min    Units\n"
            "  97112 Neuromuscular re-ed    24      2\n"
            "  97116 Gait training          18      1\n"
            "  97530 Therapeutic act         6      0\n"
            "Ana Lee, PT")
    res = code(coder, text)
    assert lines(res) == {"97112": 2, "97116": 1}
    assert fids(res) == {"BELOW_8_MINUTES"}  # the 6 minutes of 97530 earn no unit; no row is a service of its own
    assert len(performed(res)) == 3


# ---------------------------------------------------------------- E-DISTANCE-SERIES

def test_e_distance_series_a_surface_of_two_words_before_the_plus(coder):
    # "+ 60'" after "150' x3 indoor tile" is feet like the first distance, not 60 minutes
    res = code(coder, "PT note\nGait: hemi walker, 150' x3 indoor tile + 60' carpet, CGA.\nAna Lee, PT", payer="commercial")
    assert lines(res) == {}
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}


# ---------------------------------------------------------------- E-REPORTS (the size of a turn is no measurement)

def test_e_reports_degrees_of_a_turn_practised_are_not_a_measurement(coder):
    res = code(coder, "PT note\nGait: hemi walker, 150' x3, CGA; practiced 180 deg turns both directions.\nAna Lee, PT")
    assert [iv["kind"] for iv in performed(res)] == ["gait"]


# ---------------------------------------------------------------- E-LIST-BLOCK (lettered items, a position first)

def test_e_list_block_a_lettered_treatment_item_opening_with_a_position_is_a_service(coder):
    text = ("PT note\nTreatment provided:\n(a) Gait training 12 min: hemi walker 150 ft x3, CGA.\n"
            "(b) Standing reach to retrieve cups from the countertop, min A, so pt can unload her dishwasher.\n"
            "Ana Lee, PT")
    res = code(coder, text, payer="commercial")
    assert [iv["decision"]["code"] for iv in performed(res)] == ["97116", "97530"]


# ---------------------------------------------------------------- E-INLINE-HEADER (a treatment list after "Dx: ...")

def test_e_inline_header_a_list_item_opening_with_a_strong_name_ends_the_diagnosis(coder):
    text = ("PT daily note\nDx: L MCA CVA with R hemiparesis.\n"
            "- NMR: weight shifting in parallel bars, staggered stance, for standing balance.\n"
            "- Gait trng: hemi walker 150 ft x3, CGA.\nAna Lee, PT")
    res = code(coder, text, payer="commercial")
    assert [iv["decision"]["code"] for iv in performed(res)] == ["97112", "97116"]


def test_e_inline_header_a_marked_gait_item_in_a_treatment_list_is_no_section(coder):
    # "Gait:" heads an objective section in an evaluation; as a list item it names a service and the item after it
    # is still in the treatment list
    text = ("PT daily note\nTreatment:\n- Gait: hemi walker 150 ft x3, CGA.\n"
            "- Standing reach to retrieve cups from a low cabinet, min A, so pt can unload her dishwasher.\n"
            "Ana Lee, PT")
    res = code(coder, text, payer="commercial")
    assert [iv["decision"]["code"] for iv in performed(res)] == ["97116", "97530"]


# ---------------------------------------------------------------- E-REFERENCES (another session's own note)

def test_e_references_a_session_documented_on_its_own_note_is_not_coded_here(coder):
    text = ("PT daily note - PM session\nAM session: gait w/ RW (hop-to), 30 min -- see AM note by J. Park, PT.\n"
            "1500-1512 Ther ex: prone hip ext 2x10, bridges 2x12 for hip strength.\nAna Lee, PT")
    res = code(coder, text)
    assert lines(res) == {"97110": 1}


# ---------------------------------------------------------------- E-COTREAT-CLAUSE (a long aside before the colon)

def test_e_cotreat_clause_the_other_disciplines_clause_after_a_long_aside(coder):
    text = ("OT note\nDx: R MCA CVA\nCo-treatment w/ PT 1030-1100 (pt requires 2 for safety, pusher behavior noted): PT "
            "focused on gait w/ hemi walker; OT addressed toilet transfers w/ grab bar, 15 min.\nAna Lee, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97530": 1}


# ---------------------------------------------------------------- E-INLINE-HEADER (a label with its clock after a plan)

def test_e_inline_header_a_label_with_its_clock_ends_the_plan_above_it(coder):
    text = ("OT initial evaluation\nEval 0805-0850: ADL status, BUE AROM, grip.\n"
            "Plan: OT 5x/wk while inpatient; ADL retraining.\n"
            "Tx after eval 0850-0902: grooming standing at sink w/ RW, LB dressing w/ reacher.\nAna Lee, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 1}
    assert "EVALUATION_NOT_CODED" in fids(res)


# ---------------------------------------------------------------- D-ESTIM-UNATTENDED (monitored via the call light)

def test_d_estim_unattended_monitored_via_call_light_is_not_constant_attendance(coder):
    text = ("PT note\nIFC R shoulder 15 min, 4-pole, 80-150 Hz sweep, to tolerance, seated at end of session. "
            "Pt monitored via call light.\nAna Lee, PT")
    assert lines(code(coder, text, payer="commercial")) == {"97014": 1}


# ---------------------------------------------------------------- E-TEMPLATES (one time over two services, a comma)

def test_e_templates_two_services_and_one_total_after_a_comma_have_no_time_each(coder):
    text = "PT note\nTher ex for B LE strength + gait trng w/ RW in hallway, 30 min total. Tol well.\nAna Lee, PTA"
    res = code(coder, text)
    assert lines(res) == {}
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}


# ---------------------------------------------------------------- E-CO-SIGNED (a clock, then who did the line)

def test_e_co_signed_clock_log_lines_labelled_with_who_did_them(coder):
    text = ("PT Daily Note\nPt: R knee OA, Medicare\n"
            "0800-0812  PT (A. Kowal): manual -- R tib-fem AP/PA mobs gr III, patellar mobs\n"
            "0812-0832  PTA (J. Pham): ther ex -- LAQ 3# 3x12, mini squats 3x10, for R quad strength\n"
            "A. Kowal, PT / J. Pham, PTA")
    mods = {ln.code: ln.modifiers for ln in code(coder, text).lines}
    assert mods == {"97140": ["GP"], "97110": ["CQ", "GP"]}


# ---------------------------------------------------------------- E-CHARGE-ROWS (two headers joined, no rules)

def test_e_charge_rows_two_joined_headers_on_a_line_are_a_header(coder):
    text = ("REHABILITATION SERVICES - VISIT NOTE\n\nSubjective\n  Neck pain 3/10, HA 2x this week.\n\n"
            "Objective / Interventions\n"
            "  Therapeutic Exercise | 23 min | chin tucks, prone Y/T/W, rows -- cervical/scapular strength\n"
            "  Manual Therapy | 8 min | suboccipital release, C2-C5 UPA gr II-III\n\n"
            "Electronically signed by M. Teague, PT on 03/09/2026")
    assert lines(code(coder, text, payer="commercial")) == {"97110": 2, "97140": 1}


# ---------------------------------------------------------------- E-NEURO-ACTIVITY (a target is a thing aimed at)

def test_e_neuro_activity_a_target_stepped_to_is_no_functional_goal(coder):
    # "step-taps to a 4 inch target with the R foot, reaching outside BOS": "to a ..." and "a ... target" name things,
    # not a purpose; the stated outcome is balance in a stroke patient -> 97112 as claimed
    text = ("PT note\nDx: L MCA CVA with R hemiparesis.\nNeuromuscular re-education 25 minutes: standing weight shifts "
            "in parallel bars, step-taps to a 4 inch target with the right foot, reaching outside base of support, all "
            "to improve standing balance and weight acceptance through the right leg.\nAna Lee, PT")
    res = code(coder, text, payer="aetna")
    assert lines(res) == {"97112": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-SAME-SERVICE (a place after what was done)

def test_e_same_service_the_sensory_gym_after_the_activity_named_is_where(coder):
    text = ("Peds OT\nDx: fine motor delay.\nMateo worked for 37 minutes on fine motor and visual-motor activities in "
            "the sensory gym and at the table: lacing cards, cutting with scissors, for kindergarten.\nAna Lee, OTR/L")
    assert lines(code(coder, text, payer="commercial")) == {"97530": 2}


def test_e_same_service_the_sensory_gym_before_what_was_done_names_the_service(coder):
    text = ("Peds OT\nDx: sensory processing disorder.\n3:00-3:22 sensory gym: linear swing, crash pad obstacle course, "
            "heavy work pushing weighted cart - to improve body awareness and regulation.\nAna Lee, OTR/L")
    assert lines(code(coder, text, payer="commercial")) == {"97533": 1}


# ---------------------------------------------------------------- E-REPORTS (a line labelled with what is measured)

_GAIT = "PT note\nGait training 16 min: RW 150 ft x2, CGA.\n"


def test_e_reports_a_measure_label_with_findings_is_a_measurement(coder):
    for line in ("Lumbar AROM: flex fingertips to mid-shin w/ mild pain at end range, ext 75% no pain.",
                 "Grasp: digital pronate -> emerging static tripod (progress)"):
        res = code(coder, _GAIT + line + "\nAna Lee, PT", payer="commercial")
        assert [iv["kind"] for iv in performed(res)] == ["gait"], line
        assert fids(res) == set(), line


def test_e_reports_a_measure_label_over_exercises_with_a_dose_is_the_service(coder):
    res = code(coder, _GAIT + "AROM: heel slides, SAQ 2x10 for knee ROM.\nAna Lee, PT", payer="commercial")
    assert [iv["kind"] for iv in performed(res)] == ["gait", "exercise"]


# ---------------------------------------------------------------- E-CHARGE-SUMMARY (a row of minutes)

def test_e_charge_summary_a_row_of_labels_and_minutes_between_pipes_is_no_service(coder):
    res = code(coder, _GAIT + "Ther ex 20 min: SLR, bridges for hip strength.\nGait 16 | Ther ex 20\nAna Lee, PT",
               payer="commercial")
    assert lines(res) == {"97116": 1, "97110": 1}
    assert len(performed(res)) == 2


# ---------------------------------------------------------------- E-LIST-BLOCK (a numbered label with its time)

def test_e_list_block_a_numbered_timed_label_over_indented_content_is_one_service(coder):
    text = ("PT note\nDx: Parkinson disease\n1) Neuromuscular re-education -- 25 min\n"
            "   Large-amplitude whole-body reaching and stepping w/ exaggerated arm swing, to improve movement "
            "amplitude and postural control\n2) Gait training -- 15 min\n   Hallway: turning strategies, visual cue "
            "strips, SBA\nAna Lee, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 2, "97116": 1}
    assert len(performed(res)) == 2


# ---------------------------------------------------------------- E-LIST-BLOCK (a table under a timed label)

def test_e_list_block_a_station_with_minutes_in_a_table_under_a_timed_label_is_part_of_it(coder):
    text = ("PT daily note\nINTERVENTIONS\n"
            "Therapeutic Exercise (97110) -- 23 min -- goal R knee flex ROM + quad strength\n"
            "  Exercise              Sets x Reps     Load/Notes\n"
            "  Recumbent bike        8 min           seat 7, full revs\n"
            "  Heel slides w/ strap  2 x 15          3 sec hold end range\n"
            "  SAQ                   3 x 10          2#\n\n"
            "Ana Lee, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2}
    assert len(performed(res)) == 1 and fids(res) == set()


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW (a session label with its clock)

def test_e_split_overview_a_session_label_over_a_timed_paragraph_is_not_a_second_time(coder):
    text = ("OT note\nSession 1 (0800-0832) -- self-care:\nPt seen bedside and at sink for AM ADL retraining. UB "
            "dressing seated EOB, min VC; oral care standing at sink. 32 min.\nAna Lee, OTR/L")
    assert lines(code(coder, text)) == {"97535": 2}


def test_e_split_overview_a_session_label_over_an_untimed_paragraph_keeps_its_clock(coder):
    text = ("OT note\nSession 1 (0800-0832) -- self-care:\nUB dressing seated EOB, min VC; oral care standing at sink."
            "\nAna Lee, OTR/L")
    assert lines(code(coder, text)) == {"97535": 2}


# ---------------------------------------------------------------- E-EVAL-STRUCTURE (the kind on the second line)

def test_e_eval_structure_a_treatment_note_named_under_the_facility_heading_is_no_evaluation(coder):
    text = ("ACUTE INPATIENT REHABILITATION UNIT -- St. Anselm Medical Center\nOCCUPATIONAL THERAPY TREATMENT NOTE\n"
            "Allergies: PCN.  Diet: mech soft.\n\nObjective:\nUB dressing 20 min: seated EOB, hemi-technique, min VC.\n\n"
            "Assessment:\nGood gains in UB dressing.\n\nPlan:\nContinue 2x/day.\nCorinne Ade, OTR/L")
    res = code(coder, text)
    assert "EVALUATION_NOT_CODED" not in fids(res)
    assert lines(res) == {"97535": 1}


# ---------------------------------------------------------------- E-REPORTS (rest after minutes of standing)

def test_e_reports_rest_after_minutes_of_standing_is_a_tolerance_not_time(coder):
    text = ("OT note\nSelf-care: grooming standing at sink w/ RW, min A, seated rest after 4 min standing.\n"
            "Ana Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert [iv["minutes"] for iv in performed(res)] == [None]
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}


# ---------------------------------------------------------------- E-TEMPLATES (a checked row with its clock)

def test_e_templates_a_checked_row_with_a_clock_over_its_indented_content_is_one_service(coder):
    text = ("OT Daily Treatment Record\nTreatment (check all that apply):\n"
            "[x] 97150 Group therapeutic procedure   0930-1000\n"
            "      UE strengthening group in therapy gym, 3 residents, led by OT: dowel press 2x10, band rows 2x12 -- "
            "for B UE strength for self-care.\n"
            "[x] 97535 Self-care/home mgmt training   20 min\n"
            "      In room 1:1 -- grooming standing at sink w/ RW, min A, VC for energy conservation.\n"
            "Ana Lee, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97150": 1, "97535": 1}
    assert fids(res) == {"GROUP"}
    assert len(performed(res)) == 2


# ---------------------------------------------------------------- E-REFERENCES (by the end of, between)

def test_e_references_services_named_as_when_in_a_report_are_not_services(coder):
    for line in ("Pt tolerated fair; fatigued by end of gait, SpO2 as above.",
                 "Pt rested 3 min between NMR and gait (not counted)."):
        text = ("PT note\nDx: L CVA\nGait training 16 min: RW 150 ft x2, CGA.\nNMR 10 min: tandem stance, SLS for "
                "balance.\n" + line + "\nAna Lee, PT")
        res = code(coder, text, payer="commercial")
        assert len(performed(res)) == 2, line
        assert fids(res) == set(), line


def test_e_references_a_session_named_by_its_time_of_day_after_during(coder):
    text = ("PT note\nDx: incomplete SCI\nGait training 20 min: crutches 120 ft x2, CGA.\nTher ex 15 min: bridging 3x10 "
            "for B LE strength.\nPt tolerated both sessions; spasms R LE x2 during PM gait, resolved.\nAna Lee, PTA")
    res = code(coder, text, payer="commercial")
    assert len(performed(res)) == 2 and fids(res) == set()


# ---------------------------------------------------------------- E-CHARGE-ROWS (a ruled header with an aside)

def test_e_charge_rows_a_ruled_charges_header_with_an_aside_holds_the_claims(coder):
    text = ("=== Rehab Flowsheet Export ===\nDiscipline: Physical Therapy\n\n--- Session 1 ---  Start 0805  End 0828\n"
            "Gait Training ................ 15 min   RW, 120 ft x 2, CGA\n"
            "Therapeutic Activity ......... 7 min    log roll, sit<>stand from bed -- transfers for d/c home\n\n"
            "--- Charges (day) ---\n97116 Gait Training ........ 1\n97530 Ther Activity ........ 1\n"
            "Electronically signed by: Wendy Akers, PT  03/06/2026 1512")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97116": 1}
    assert fids(res) == {"BELOW_8_MINUTES", "CLINICIAN_UNITS_NOT_SUPPORTED"}  # 97530 x1 claimed, 7 min earn none


# ---------------------------------------------------------------- E-REPORTS (arrival, how the session was given, a catch)

_EX = "PT note\nDx: L CVA\nTher ex 15 min: bridges, SLR for hip strength.\n"


def test_e_reports_an_arrival_with_a_device_after_w_slash(coder):
    res = code(coder, _EX + "Pt amb in w/ SPC, slower today, reports N/V yesterday.\nAna Lee, PT", payer="commercial")
    assert len(performed(res)) == 1 and fids(res) == set()


def test_e_reports_seen_one_on_one_in_a_place_with_someone_is_how_not_what(coder):
    text = ("OT note\nSeen 1:1 in sensory gym with CI.\nTher activities 20 min: obstacle course, beanbag toss for "
            "bilateral coordination for play.\nAna Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert len(performed(res)) == 1 and fids(res) == set()


def test_e_reports_catching_himself_is_a_balance_reaction_not_a_catching_task(coder):
    res = code(coder, _EX + "He is still widening his base and catching himself on the wall with tandem, but he "
                            "needed fewer trunk cues than last week.\nAna Lee, PT", payer="commercial")
    assert len(performed(res)) == 1 and fids(res) == set()


# ---------------------------------------------------------------- E-CO-SIGNED (two signature lines; a paragraph)

def test_e_co_signed_two_signature_lines_and_labelled_clock_lines(coder):
    text = ("PT Daily Treatment Log\n0800-0810  PT (H. Villa): manual therapy R knee -- patellar mobs gr III, to improve "
            "flexion ROM.\n0810-0830  PTA (G. Tan): gait training w/ RW 150' x3, VC for heel-toe pattern, SBA.\n\n"
            "Helena Villa, PT, DPT\nGlen Tan, PTA")
    mods = {ln.code: ln.modifiers for ln in code(coder, text).lines}
    assert mods == {"97140": ["GP"], "97116": ["CQ", "GP"]}


def test_e_co_signed_a_later_sentence_of_the_assistants_paragraph_is_the_assistants(coder):
    text = ("Outpatient PT Daily Note\nDx: L adhesive capsulitis\n\nI (L. Ortiz, PT) began with GH joint mobilization, "
            "inferior and posterior glides grade III, 10 min, for capsular mobility.\n\nThe PTA (S. Kim) then took over: "
            "ther ex 20 min -- wall walks, pulley flexion, cane ER -- for L shoulder ROM. He then completed functional "
            "reach training 10 min -- placing cups on the upper shelf -- for independence with kitchen tasks.\n\n"
            "L. Ortiz, PT\nS. Kim, PTA")
    mods = {ln.code: ln.modifiers for ln in code(coder, text).lines}
    assert mods == {"97140": ["GP"], "97110": ["CQ", "GP"], "97530": ["CQ", "GP"]}


# ---------------------------------------------------------------- E-TEMPLATES (dots lead a label to its time)

def test_e_templates_dots_between_a_label_and_its_time_are_no_sentence_end(coder):
    text = ("PT note\nTherapeutic Exercise ... 18 min\n    Prone hip ext 3x10, bridging 2x15 -- hip ext strength for "
            "gait\nGait Training ... 24 min\n    Hop-to gait w/ RW 25 ft x4, CGA\nAna Lee, PT")
    res = code(coder, text, payer="aetna")
    assert lines(res) == {"97110": 1, "97116": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-SPLIT-OVERVIEW (a session label over its list)

def test_e_split_overview_a_session_label_with_a_comma_over_timed_items(coder):
    text = ("OT daily note\nSession 1 (0715-0755), room + ADL bathroom:\n"
            " - Shower/bathing 20 min on tub transfer bench w/ handheld shower, long-handled sponge.\n"
            "   Min A for back.\n"
            " - UB/LB dressing 18 min seated on bed edge, one-handed technique.\nAna Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97535": 3}  # 20 + 18 min, not the session's 40 plus 18
    assert [iv["minutes"] for iv in performed(res)] == [20, 18]


# ---------------------------------------------------------------- D-UNITS-CLAIM (a unit count after a hyphen)

def test_d_units_claim_units_joined_to_the_code_by_a_hyphen(coder):
    text = ("PT daily note\nTher ex 30 min: leg press 3x10, RDL 3x8 -- R quad/hamstring strength\n"
            "Manual 8 min: R patellar mobs, STM distal quad\nUnits: 97110-2, 97140-1  (38 min)\nIgnacio F, DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2, "97140": 1}
    assert fids(res) == set()
    res = code(coder, text.replace("97110-2", "97110-3"), payer="commercial")
    assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}


# ---------------------------------------------------------------- E-CO-SIGNED (who, right after the service's name)

def test_e_co_signed_who_in_parentheses_after_the_services_name(coder):
    text = ("PHYSICAL THERAPY DAILY NOTE\nDx: L TKA\n"
            "Gait training (PT, N. Castel) 15 min: RW -> SPC trial 150' x3, cues for heel-toe, CGA.\n"
            "Ther ex performed by PTA (J. Ruiz) under PT supervision, 20 min: quad sets, SAQ 2#, LAQ 2# -- L knee flex "
            "ROM and quad strength.\nNina Castel, PT, DPT / Jorge Ruiz, PTA")
    mods = {ln.code: ln.modifiers for ln in code(coder, text).lines}
    assert mods == {"97116": ["GP"], "97110": ["CQ", "GP"]}


# ---------------------------------------------------------------- E-SAME-SERVICE (a total that restates the time)

def test_e_same_service_a_closing_total_for_the_service_named_again_is_not_a_second_one(coder):
    text = ("OT note\nResident seen in room 0700-0738 for AM self-care retraining: bathing seated w/ LH sponge, LB "
            "dressing w/ reacher, grooming at sink. Total 38 min of 1:1 ADL training.\nRuth A, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 3}
    assert len(performed(res)) == 1


# ---------------------------------------------------------------- D-TIME-TABLE (the units column of a code-first row)

def test_d_time_table_the_units_column_of_a_code_first_row_is_the_claim(coder):
    text = ("PT FLOWSHEET\nCODE   SERVICE                 MIN  UNITS  DETAIL\n"
            "97112  Neuromuscular re-ed     18    2    standing balance in bars, semi-tandem EO/EC -- balance after CVA\n"
            "97110  Therapeutic exercise    12    1    seated LAQ 2# 2x10, heel raises -- LE strength\n"
            "Tom Reed, PTA")
    res = code(coder, text)
    assert lines(res) == {"97112": 1, "97110": 1}  # 30 min: 2 units, one each
    assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}  # 97112 x2 claimed


# ---------------------------------------------------------------- E-REPORTS (a physician's order)

def test_e_reports_a_referral_field_names_what_was_ordered_not_done(coder):
    text = ("HAND REHAB FLOWSHEET\nProvider.....: Priya Raman, OTR/L\nReferral.....: Dr. Feld -- fabricate thumb spica, "
            "instruct joint protection\nTherapeutic exercise  10 min: thenar isometrics 10x5s -> CMC stabilizer strength\n"
            "Priya Raman, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-FIRST-FITTING (without parentheses)

def test_e_first_fitting_first_fitting_today_in_the_line(coder):
    text = ("Hand OT\nOrthotic mgmt/training 20 min: custom hand-based thumb spica fabricated, first fitting today; "
            "trimmed at thenar crease, wear schedule taught.\nPriya Raman, OTR/L")
    assert lines(code(coder, text, payer="commercial")) == {"97760": 1}


# ---------------------------------------------------------------- E-COTREAT-CLAUSE (the minutes split on the next line)

def test_e_cotreat_clause_the_next_line_splits_the_co_treatments_minutes(coder):
    text = ("OT Treatment Note\nDx: R THA, dementia\nCo-treat w/ PT (J. Mara, PT) 1015-1040 for safety: sit<>stand and "
            "stand-pivot transfers bed<>w/c<>commode w/ RW, max A -> mod A, cues for hand placement.\n"
            "Co-treat minutes split: OT 13 / PT 12 (PT bills her portion).\n"
            "1040-1050 OT only: UB dressing seated in w/c, pullover shirt, min A, 10 min.\nJaime R, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97530": 1, "97535": 1}  # T = 13 + 10 = 23: 2 units, not 25 + 10
    assert [iv["minutes"] for iv in performed(res)] == [13, 10]


# ---------------------------------------------------------------- E-TRAINED-CLAUSE (a precaution, a time word)

def test_e_trained_clause_education_naming_services_as_precautions_and_when_is_no_clause(coder):
    text = ("OT note\nTx after eval 0850-0902: grooming standing at sink w/ RW and LB dressing seated w/ reacher, "
            "educated in sternal precautions during ADLs (no pushing up through arms). 12 min.\nAna Lee, OTR/L")
    res = code(coder, text)
    assert lines(res) == {"97535": 1}
    assert len(performed(res)) == 1


# ---------------------------------------------------------------- D-NEURO-BOTH (lexicon: movement disorders)

def test_d_neuro_both_essential_tremor_is_a_neurologic_condition(coder):
    text = ("OT note\nDx: essential tremor, R dominant\nNMR 22 min: R UE coordination -- finger-to-nose and tapping drills "
            "with a weighted cuff, to improve coordination of the R UE.\nAna Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 1}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-LIST-ITEM (an untimed line inside a timed log)

def test_e_list_item_a_code_name_line_between_two_timed_log_lines_is_an_item_of_the_log(coder):
    text = ("PT note\nMech cerv traction supine 12 min, 15# intermittent.\nSTM/suboccipital release, cervical "
            "paraspinals and UT, pt supine.\nTher ex 25 min: cervical retraction for cervical ROM.\nAna Lee, PT")
    res = code(coder, text)
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}
    assert [iv["kind"] for iv in performed(res)] == ["modality", "manual", "exercise"]


def test_e_list_item_a_template_row_marked_not_applicable_is_not_done(coder):
    text = ("PT note\nTher ex 15 min: bird dog, dead bug, bridges for trunk strength\nGait: n/a\n"
            "Manual 10 min: STM L paraspinals, PA mobs L3-5 gr III for segmental mobility\nR. Ahmed, PT")
    res = code(coder, text, payer="commercial")
    assert fids(res) == set() and len(performed(res)) == 2


# ---------------------------------------------------------------- E-OTHER-PATIENT, E-REPORTS, E-PLAN-CUE

def test_e_other_patient_warming_up_alone_while_the_therapist_finished_with_the_previous_pt(coder):
    text = ("AQUATIC PT\n0800-0815 pt warmed up independently in lap lane w/ his pool routine while this PT finished 1:1 "
            "session w/ previous pt at shallow end.\n0815-0835 1:1 in water w/ pt: fwd/retro walking w/ hand paddles, "
            "marching w/ abd bracing -- trunk stabilization for walking tolerance.\nGil P, PT")
    res = code(coder, text)
    assert lines(res) == {"97113": 1}
    assert fids(res) == {"UNSKILLED"}


def test_e_reports_seen_one_on_one_with_a_parent_observing(coder):
    text = ("Peds OT\nSeen 1:1 in sensory gym w/ mom observing.\nSensory integration 0900-0930: platform swing, crash "
            "pad jumps, heavy work -- to improve regulation for play.\nAna Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97533": 2} and fids(res) == set()


def test_e_plan_cue_next_outing_is_a_plan(coder):
    text = ("OT note\nCommunity outing 40 min: bus ride to market, paid fare, located items on list.\n"
            "Next outing: pharmacy + bank.\nAna Lee, OTR/L")
    res = code(coder, text, payer="commercial")
    assert [iv["status"] for iv in res.interventions] == ["performed", "planned"]


# ---------------------------------------------------------------- E-FIRST-FITTING (a device reported in use)

def test_e_first_fitting_a_device_reported_in_use_before_the_service_is_a_subsequent_encounter(coder):
    text = ("PT daily note\nDx: L CVA\nS: Wife reports AFO rubbing at the outside of the ankle after ~2 hrs.\n"
            "Orthotic mgmt (97760) 16 min: AFO doffed, red area 1.5 cm at lat malleolus; heat-modified lateral trim "
            "line, re-checked skin after 10 min walking.\nMara T, PT")
    res = code(coder, text)
    assert lines(res) == {"97763": 1}
    assert "CLINICIAN_CODE_NOT_SUPPORTED" in fids(res)


# ---------------------------------------------------------------- E-NET-TIME (a break clause after a semicolon)

def test_e_net_time_a_break_clause_after_a_semicolon_is_time_left_out_not_toileting(coder):
    text = ("PT note (home)\n1015-1045 Gait + stair training: SPC in house, 4 STE w/ R rail, CGA -> SBA; 5 min seated "
            "rest + toileting break excluded (25 min of training).\n1045-1056 Ther ex: standing hip abd/ext w/ 2# 2x10 "
            "-- B LE strength.\nIrene C, PT")
    res = code(coder, text)
    assert lines(res) == {"97116": 1, "97110": 1}  # 25 + 11 = 36 min: 2 units
    assert len(performed(res)) == 2


# ---------------------------------------------------------------- E-REPORTS (a person present, named in parentheses)

def test_e_reports_a_caregiver_present_named_in_parentheses(coder):
    text = ("PT visit 3/26/26, Mrs. G (L CVA w/ R hemiparesis)\nDaughter (Joanne) present for caregiver training today "
            "-- she takes over care when husband returns to work Mon.\nBP 124/72, HR 80.\nCaregiver trng 20 min: Joanne "
            "taught gait-belt assisted stand pivot bed <-> w/c (blocking R knee), 4 reps w/ return demo.\nGait 10 min: "
            "hemi walker 30 ft x2 in hallway, mod A.\nRoss K, PT")
    res = code(coder, text)
    assert fids(res) == set() and len(performed(res)) == 2


# ---------------------------------------------------------------- E-CAREGIVER-TRAINING (lexicon: "caregiver ed")

def test_e_caregiver_training_caregiver_ed_is_caregiver_training(coder):
    text = ("OT Home Visit Note\nDx: R MCA CVA w/ L hemiparesis\n3. Caregiver ed 8 min: husband instructed in "
            "positioning L UE on pillow in chair and in bed to protect shoulder; return demo correct.\nM. D, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97535": 1}


# ---------------------------------------------------------------- E-REPORTS (the device the patient has, a field)

def test_e_reports_a_device_field_with_its_making_date_is_no_service(coder):
    text = ("Hand Therapy -- Treatment Note\nDx: R MF/RF flexor tendon repair 2/11/26\nOrthosis: dorsal blocking orthosis "
            "(wrist 20 flex, MPs 50 flex) fabricated 2/13/26.\nS: Pt states orthosis digging in at the wrist strap.\n"
            "97760 Orthotic mgmt -- 12 min: DBO assessed, pressure area distal forearm; forearm trough flared and "
            "spot-heated, wrist strap replaced.\nBilling: 97760 x1\nHannah L, OTR/L, CHT")
    res = code(coder, text)
    assert lines(res) == {"97763": 1}  # made 2/13: a subsequent encounter, whatever the claim
    assert fids(res) == {"CLINICIAN_CODE_NOT_SUPPORTED", "CLINICIAN_UNITS_NOT_SUPPORTED"}


# ---------------------------------------------------------------- D-CLAIM-DIFF (a billing line's code, recoded)

def test_d_claim_diff_a_billed_code_for_a_service_the_documentation_codes_otherwise(coder):
    text = ("PT note\nKnee OA ex class 1:30-2:00 (4 pts, PT led): rec bike warm up, sit<>stand, step ups 4 in, standing "
            "hip abd -- LE strength for stairs.\nCP R knee 10 min, pt seated.\nBilling: 97110 x2, 97010 x1\nDana P, PT")
    res = code(coder, text)
    assert lines(res) == {"97150": 1, "97010": 1}
    assert {"CLINICIAN_CODE_NOT_SUPPORTED", "CLINICIAN_UNITS_NOT_SUPPORTED", "GROUP"} <= fids(res)


def test_d_claim_diff_a_billed_code_outside_any_family_is_only_a_units_claim(coder):
    # 97140 billed, no manual therapy documented: nothing it could be a recode of
    text = ("PT note\nTher ex 20 min: SLR, bridges for hip strength.\nBilling: 97110 x1, 97140 x1\nDana P, PT")
    res = code(coder, text, payer="commercial")
    assert fids(res) == {"CLINICIAN_UNITS_NOT_SUPPORTED"}


# ---------------------------------------------------------------- E-LOG-LABEL (a stretch names its parameter)

def test_e_log_label_stretching_names_flexibility_as_strengthening_names_strength(coder):
    text = "PT note\nCool-down stretching hamstrings/calves 10 min.\nAna Lee, PT"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1} and fids(res) == set()
    assert performed(res)[0]["parameters"] == ["flexibility"]


# ---------------------------------------------------------------- a one-line note signed after its last sentence

def test_e_signature_line_a_one_line_note_signed_after_its_last_sentence_keeps_its_service(coder):
    # found in review: a short one-line note was read as a signature as a whole, and its service was lost
    res = code(coder, "Ther ex 15 min: SLR for quad strength. -JK PT")
    assert lines(res) == {"97110": 1}
    assert res.lines[0].modifiers == ["GP"]
