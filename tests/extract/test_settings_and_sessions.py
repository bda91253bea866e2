"""Reading rules from the session-6 batch of acute care, inpatient rehab, pediatric, aquatic, vestibular, pelvic health
and work conditioning notes: E-NET-TIME (a break given as clock times), E-REPORTS (job demands, standing tolerance,
how the patient did), E-OTHER-AGENT (nursing helping inside the service), E-GROUP-CUE (a class named in the goal),
E-SAME-SERVICE (the place, then the service), E-LIST-BLOCK (labelled content lines under a label-only line).
Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

from coded import code, fids, performed, units as lines
from nlp_coder.extract.minutes import parse_minutes


# ---------------------------------------------------------------- E-NET-TIME: breaks as clock times

def test_e_net_time_a_rest_break_given_as_clock_times_is_left_out():
    res = parse_minutes("Session 0730-1020 (170 min); rest break 0900-0920 not counted.")
    assert (res.minutes, res.non_treatment_minutes) == (170, 20)


def test_e_net_time_a_break_with_its_own_minutes_is_not_counted_twice():
    res = parse_minutes("0800-1100 session, with a 15-min break 0930-0945:")
    assert (res.minutes, res.non_treatment_minutes) == (180, 15)


WORK_DAY = """WORK CONDITIONING - DAY 9/20
Client: warehouse order selector, L4-5 microdiscectomy. Job demands: lift 50# floor to waist, 10 hr shifts.
Session 0730-1020 (170 min); rest break 0900-0920 not counted.
 - Lift station: floor->waist crate 35# x 3 sets of 10, hip hinge cues
 - Carry: 35# crate 50 ft x 8
 - Order picking sim: reaching to 6 shelf heights, case-picking 20# boxes x 40
Billing: 97545 x1, 97546 x1
C. Lindqvist, PT"""


def test_e_net_time_work_session_less_a_clock_break_is_a_partial_hour_of_thirty(coder):
    res = code(coder, WORK_DAY, payer="commercial")
    # 150 minutes: the first 2 hours, then 30 minutes, which does not pass 30 (guidelines step 4)
    assert lines(res) == {"97545": 1}
    assert "CLINICIAN_UNITS_NOT_SUPPORTED" in fids(res)


# ---------------------------------------------------------------- E-REPORTS

def test_e_reports_a_job_label_describes_the_job_not_the_session(coder):
    text = ("Work Conditioning Program - Daily Log (OT)\nClient: line worker, R lateral epicondylalgia. Job: repetitive "
            "knife cuts 8 hr, lifting 30# lugs.\nSession 0800-1100, 15 min break not counted.\n"
            "  Lug lift/carry 30# x 20 to 48\" height for return to work\n  Simulated trimming task at table, wrist neutral cues\n"
            "W. Zhao, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1, "97546": 1}  # 165 minutes: 2 hours and 45 minutes


def test_e_reports_standing_tolerance_is_not_the_services_time(coder):
    text = ("Grooming standing at sink w/ RW: brushed teeth and combed hair w/ CGA, VC to avoid twisting; stood ~4 min "
            "before needing to sit.\nTherex BUE w/ 2# dowel 2x10 for UE strength.\nTx 32 min total.\nB. Thorne, OTR/L")
    res = code(coder, text, payer="medicare")
    assert [iv["minutes"] for iv in performed(res)] == [None, None]
    assert fids(res) == {"TIME_NOT_DOCUMENTED"}


def test_e_reports_how_the_patient_did_belongs_to_the_service_before(coder):
    text = ("Theo arrived dysregulated after a long car ride per mom. Sensory integration 30 minutes: linear and rotary "
            "input on the platform swing, crash pad jumps, to improve his tolerance of vestibular input. He required "
            "min verbal cues and modeling to sequence a 4-step obstacle "
            "course by the end.\nL. Pike, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97533": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-OTHER-AGENT: nursing helping inside the service

def test_e_other_agent_nursing_helping_in_another_clause_leaves_the_service(coder):
    text = ("Gait training 18 minutes: ambulated 40 feet x2 with rolling walker, min assist, chair follow by RN; cues "
            "for pursed lip breathing.\nP. Hennessy, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1}


# ---------------------------------------------------------------- E-GROUP-CUE

def test_e_group_cue_a_class_named_in_the_goal_is_not_a_group(coder):
    text = ("Fine motor/handwriting 25 min: copying 2 sentences on raised-line paper, letter sizing, pencil grasp cues. "
            "Goal: legible written work in class.\nK. Sato, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 2}
    assert "GROUP" not in fids(res)


def test_e_group_cue_an_exercise_class_is_still_a_group(coder):
    text = "Pt participated in knee OA exercise class (4 pts), 45 min: LAQ, mini squats for quad strength.\nR. Almeida, PT"
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97150": 1}


# ---------------------------------------------------------------- E-SAME-SERVICE: the place, then the service

def test_e_same_service_the_place_then_the_timed_service_is_one_service(coder):
    text = ("Theo arrived dysregulated after a long car ride. Session began in the sensory gym. Sensory integration "
            "30 minutes: linear and rotary input on the platform "
            "swing, to improve his tolerance of vestibular input.\nL. Pike, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97533": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- E-LIST-BLOCK: labelled content under a label

VESTIBULAR = """Diagnosis: R cerebellar CVA w/ central vestibular dysfunction, ataxia.
Neuromuscular reeducation - 25 min
 Standing balance: semi-tandem -> tandem on firm, feet together on foam w/ head turns; to reduce truncal ataxia
 and improve standing balance. CGA, gait belt.
Gait training - 15 min
 Indoor ambulation 300' w/ SPC incl. turns; VC to widen turning arc.
J. Ferreira, PT, NCS"""


def test_e_list_block_a_labelled_line_of_the_same_service_is_its_content(coder):
    res = code(coder, VESTIBULAR, payer="medicare")
    assert lines(res) == {"97112": 2, "97116": 1}
    assert fids(res) == set()


def test_pelvic_floor_contractions_are_exercise(coder):
    text = ("PELVIC FLOOR PT INITIAL EVALUATION\nHistory: 71 y/o M, incontinence post-prostatectomy.\n"
            "Assessment: PFM weakness. Goals: 1 pad/day.\nTx this date after eval: 12 min instruction in PFM "
            "contraction in supine and sitting, 3-sec holds x10, for PFM strength.\nK. Okafor, PT, DPT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert "EVALUATION_NOT_CODED" in fids(res)


# ---------------------------------------------------------------- session 6, last batch (outpatient ortho, SNF)

def test_e_device_training_a_reference_to_eval_time_does_not_split_the_device_service(coder):
    text = ("OT INITIAL EVALUATION - HAND\nAssessment: R thumb UCL sprain, would benefit from skilled OT.\nPlan: 1x/wk.\n"
            "Orthosis today: fabricated custom hand-based thumb spica, fit, adjusted, and instructed pt in full-time wear "
            "except hygiene and in skin checks - 30 min, separate from eval time.\nEval time 40 min.\nN. Fischer, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97760": 2}
    assert fids(res) == {"EVALUATION_NOT_CODED"}


def test_e_device_training_staff_taught_device_care_after_fabrication_is_part_of_it(coder):
    text = ("Began with PROM to the R wrist and digits with slow sustained stretch for ten minutes to gain wrist "
            "extension range. Then fabricated a custom resting hand orthosis from thermoplastic, first fitting today: "
            "molded with wrist in neutral, added straps. Fabrication and fitting took 35 minutes. Day-shift CNA trained "
            "on donning/doffing and skin checks; wear schedule on at HS and off in AM is posted on the wardrobe door. "
            "Skin intact after 20 min trial wear.\nP. Sethuraman, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "97760": 2}
    assert fids(res) == set()


def test_e_home_cue_pt_to_do_at_home(coder):
    text = ("Manual 14 min: STM/IASTM plantar fascia for tissue mobility.\nIce massage L heel - pt to do at home after "
            "work.\nJ. Doe, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97140": 1}
    assert fids(res) == set()


def test_e_plan_cue_a_wish_the_resident_voices_is_not_a_group_session(coder):
    text = ("Today I spent 20 minutes at bedside training the restorative CNA in the resident's stand-pivot transfer, "
            "to keep her transfers safe.\nResident pleased, asks if she can still come to the Tuesday exercise class.\n"
            "T. Becker, PT")
    res = code(coder, text, payer="medicare")
    assert "97150" not in lines(res)
    assert "GROUP" not in fids(res)


def test_e_group_cue_a_concurrent_part_b_session_billed_as_group(coder):
    text = ("Resident worked in the therapy gym 1315-1345 at the same time as another Part B resident; PT alternated "
            "between the two, resident performing standing weight shifting and sit<>stand 3x5 for transfer "
            "independence.\nTx: 97150 x1\nC. Wu, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97150": 1}
    assert "GROUP" in fids(res)


def test_e_reports_an_assessment_sentence_inside_dictated_prose_names_no_service(coder):
    text = ("Mr. Stanford is an 84-year-old resident with low back pain, seen today in the rehab gym. Moist heat to the "
            "lumbar spine for ten minutes in sitting before treatment. Then soft tissue mobilization to the lumbar "
            "paraspinals, about twelve minutes, for muscle guarding. Assessment: guarding decreased on palpation after "
            "the soft tissue work, and forward reach improved. Plan to continue three times weekly.\nA. Carver, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97010": 1, "97140": 1}
    assert fids(res) == {"BUNDLED"}


def test_e_func_activity_running_drills_are_functional(coder):
    text = ("Therapeutic Activities - 15 min\n   A-skips, B-skips and graded acceleration runs 4x20 m w/ cues on stride "
            "length, for return to running\nS. Ng, PT, DPT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1}


def test_e_split_overview_a_line_introducing_a_list_of_services(coder):
    text = ("Family training today w/ daughter (Ann) in prep for d/c home Fri.\n"
            "- Car transfer simulation w/ daughter assisting, sliding board, 15 min, to prepare for car transfers home.\n"
            "- W/c mgmt 12 min: taught daughter to fold/unfold transport chair, remove leg rests.\nG. Lind, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97530": 1, "97542": 1}
    assert fids(res) == set()


def test_e_list_block_an_exercise_flowsheet_with_a_minutes_column(coder):
    text = ("Exercise Flowsheet\n"
            "Exercise                  Sets/Reps       Load    Min   Goal\n"
            "Decline SL squat          4x8 slow ecc    BW      10    R quad/tendon strength\n"
            "Spanish squat isometric   5x45s           band    8     quad strength\n"
            "Leg press                 3x12            120#    7     quad strength\n"
            "\nManual: STM R quad/patellar tendon, 8 min, for soft tissue mobility\nM. DeLuca, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2, "97140": 1}
    assert fids(res) == set()


# ---------------------------------------------------------------- session 6, neuro/peds and billing-audit batch

def test_e_exam_findings_a_gait_subheader_inside_the_examination(coder):
    text = ("PHYSICAL THERAPY INITIAL EVALUATION\nDx: Parkinson's disease\nHistory: 2 falls in past 3 months.\n"
            "Examination:\nPosture: forward flexed trunk.\nGait: shuffling, festination w/ turns, freezing at doorway x1.\n"
            "Assessment: high fall risk; would benefit from skilled PT.\nGoals: TUG < 12 sec.\nPlan: 2x/wk x 8 wks.\n"
            "Treatment after eval: gait training 12 min w/ visual cues for step length, CGA.\nF. Haddad, PT, DPT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 1}
    assert fids(res) == {"EVALUATION_NOT_CODED"}


def test_e_home_cue_a_caregiver_to_keep_practicing(coder):
    text = ("- Treadmill 12 min @ 0.8 mph w/ hand-hold for endurance.\n"
            "Dad to keep practicing stairs at grandma's house.\nJ. Pike, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()


def test_e_group_cue_goal_without_a_colon(coder):
    text = ("Visual-motor/handwriting 20 min: copying shapes on 3-line paper, pencil grip on; goal legible written work "
            "in class.\nM. Achebe, OTR/L")
    res = code(coder, text, payer="commercial")
    assert "97150" not in lines(res)


def test_e_split_overview_a_program_visit_count_with_its_discipline(coder):
    text = ("LSVT BIG session 9/16 -- PT\nPt: 71 yo, PD.\nMaximal daily exercises 25 min: floor-to-ceiling, side-to-side, "
            "to improve postural control/balance.\nF. Ogunleye, DPT")
    res = code(coder, text, payer="commercial")
    assert fids(res) == set()


def test_e_references_a_device_fabricated_weeks_ago_is_checked_today(coder):
    text = ("WHO check 8 min: R wrist-hand orthosis (fabricated 3 wks ago) - reddened area at ulnar styloid, padding "
            "added and strap trimmed.\nB. Holm, OTR/L")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97763": 1}


def test_e_log_label_items_of_a_treatment_list_were_done(coder):
    text = ("Dx: T10 incomplete SCI\nToday's treatment:\n- Locomotor training on body-weight-supported treadmill, "
            "manual assist for R foot placement.\n- Standing balance in parallel bars: narrow BOS, EC, reaching across "
            "midline, for standing balance.\n3. HEP: seated marching, heel raises.\n\nTime:\n"
            "97116 Gait training ............ 30\n97112 Neuromuscular re-ed ....... 15\nJ. Whitford, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97116": 2, "97112": 1}
    assert fids(res) == set()


def test_shoe_tying_is_self_care(coder):
    text = "Shoe tying 10 min: bunny-ears method on lacing board, then own shoes seated, backward chaining.\nM. Achebe, OTR/L"
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97535": 1}


def test_e_net_time_a_gait_training_label_time_before_its_distance():
    from nlp_coder.extract.minutes import find_mentions
    assert [m.minutes for m in find_mentions("Gait trng 15' w/ RW 200' x2, cues for upright posture")] == [15]
    assert find_mentions("Gait: 60' w/ platform RW") == []


def test_e_net_time_a_visit_total_written_number_first():
    from nlp_coder.extract.minutes import stated_total
    assert stated_total("Seated rest between bouts.\nVisit 25 min treatment time.")[0] == 25


def test_e_checkbox_a_checked_row_takes_the_indented_line_under_it(coder):
    text = ("[x] 97110 Therapeutic exercise  37 min\n    place-and-hold, blocking ex DIP/PIP, tendon glides -- to improve "
            "long finger active flexion ROM\n[ ] 97140 Manual therapy  ___ min\nC. Delacroix, OT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 2}
    assert fids(res) == set()


def test_e_charge_rows_claims_written_in_words_are_claims(coder):
    text = ("Today I did manual therapy for fifteen minutes, posterior glides, to restore hip flexion. Then twenty-five "
            "minutes of therapeutic exercise for hip strength. Billing: 97140 times one, 97110 times two.\nD. Ruiz, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97140": 1, "97110": 2}
    assert fids(res) == set()


def test_e_reports_recovering_after_a_symptom_is_not_the_services_time(coder):
    text = ("He completed a shower on the tub transfer bench with the handheld shower head, then dressed seated using "
            "his reacher. Total self-care training time was thirty-five minutes. He became short of breath after lower "
            "body dressing and recovered with pursed-lip breathing in about two minutes.\nL. Ashby, OTR/L")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97535": 2}
    assert fids(res) == set()


# ---------------------------------------------------------------- session 6, sparse notes

def test_e_split_overview_a_short_session_sentence_before_the_service(coder):
    text = ("Aquatic session. Visit 40 min total.\n1:1 in pool: deep water walking, step-ups on pool step, squats, for "
            "BLE strength & endurance.\n-C. Morales")
    res = code(coder, text, payer="commercial", discipline="PT")
    assert lines(res) == {"97113": 3}
    assert fids(res) == set()


def test_e_work_session_a_clock_line_with_its_breaks_is_the_session(coder):
    text = ("Work conditioning - day 8\n0800-1100, breaks 0915-0925 & 1015-1025 (not counted)\n"
            "Stations: floor-waist lift 35# x15, carry 40# 100' x6, sled push/pull, ladder climb x5 - sim warehouse "
            "picker job.\nG. Alvarez, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97545": 1, "97546": 1}  # 160 minutes: 2 hours and 40 minutes


def test_e_net_time_a_not_counted_mark_after_breaks_is_theirs():
    from nlp_coder.extract.minutes import parse_minutes
    res = parse_minutes("0800-1100, breaks 0915-0925 & 1015-1025 (not counted)")
    assert (res.minutes, res.non_treatment_minutes) == (180, 20)


# ---------------------------------------------------------------- session 6, long narrative notes

def test_e_reports_a_modality_not_applied_is_negated(coder):
    text = ("We did therapeutic exercise for twenty-five minutes for quad strength.\n\nIce was not applied today per "
            "patient preference. He was reminded to keep his appointment with the surgeon on the 17th.\nW. Parks, PTA")
    res = code(coder, text, payer="medicare")
    assert "97010" not in lines(res)
    assert "BUNDLED" not in fids(res)


def test_e_net_time_recovery_minutes_are_not_service_time(coder):
    text = ("Aerobic training on the treadmill for 20 minutes at 2.8 mph for endurance.\n\nPost-exercise HR 104 after "
            "3 minutes of recovery, BP 130/80. No dizziness.\nA. Diaz, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97110": 1}
    assert fids(res) == set()


def test_e_net_time_a_time_point_and_a_restated_time_are_not_more_minutes():
    from nlp_coder.extract.minutes import parse_minutes
    res = parse_minutes("NuStep level 2, 15 min, arms and legs. One 1-min standing break at the 10-min mark was not "
                        "included in the 15 min.")
    assert (res.minutes, res.non_treatment_minutes) == (15, 1)


def test_e_reports_open_gym_with_tactile_cues_is_a_skilled_service(coder):
    text = ("Dx: R pontine stroke with L hemiparesis.\n1:02-1:22 pm -- Neuromuscular re-ed (20 min): standing balance in "
            "the parallel bars and then in open gym - weight shifting onto the L LE with tactile cues at the L hip, to "
            "improve L LE weight acceptance and standing balance.\nJ. Ward, PT")
    res = code(coder, text, payer="commercial")
    assert lines(res) == {"97112": 1}
    assert "UNSKILLED" not in fids(res)


def test_e_reports_open_gym_on_his_own_is_still_unskilled(coder):
    text = "Ther ex 20 min: pt on bike and weights in open gym, no therapist present, for LE strength.\nJ. Ward, PT"
    res = code(coder, text, payer="commercial")
    assert "UNSKILLED" in fids(res)
