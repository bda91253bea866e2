"""Services written in plain words or in British/Australian English, read as the services they are, and the
near-miss wording that must not be. Notes here are written for the tests; they are not corpus notes."""

import pytest

from nlp_coder.coder import Coder


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def code(coder, text, **fields):
    (res,) = coder.code_records([(1, {"id": "pv-1", "text": text, "payer": "commercial", **fields})])
    assert res.error is None
    return res


def lines(res):
    return [(ln.code, ln.units) for ln in res.lines]


@pytest.mark.parametrize("text, expected", [
    # manual therapy described, not named
    ("PT daily note. R TKA 4 wks.\nI glided the kneecap in all four directions to free up knee bending, 10 min.\n"
     "J. Ruiz, PT", [("97140", 1)]),
    ("PT note. Neck pain.\nIschaemic compression to upper trap trigger points, pt seated, 9 min, to reduce pain.\n"
     "J. Ruiz, PT", [("97140", 1)]),
    ("PT note. Hamstring strain.\nWorked the tight tissue of the posterior thigh by hand, prone, 10 min.\nJ. Ruiz, PT",
     [("97140", 1)]),
    # modalities by their everyday names
    ("OT hand note. RA hands.\nWax dip both hands 10 min before exercise.\nL. Fox, OTR/L", [("97018", 1)]),
    ("Physio note. LBP.\nWheat bag to lumbar spine in prone, 10 min.\nL. Fox, PT", [("97010", 1)]),
    ("PT note. Achilles tendinopathy.\nLow level laser therapy to L Achilles, 8 min, PT scanning the probe.\nL. Fox, PT",
     [("97039", 1)]),
    # self-care described by its tasks
    ("OT daily. R CVA.\nAt the sink in her w/c: brushed her teeth, washed her face and combed her hair, cues to use the "
     "L hand, 16 min.\nA. Moss, OTR/L", [("97535", 1)]),
    ("OT note. TBI.\nKitchen: made a cup of tea with the kettle and toast, cues for sequencing and safety, 20 min.\n"
     "A. Moss, OTR/L", [("97535", 1)]),
    ("OT note. COPD.\nReviewed ways to save energy with bathing: sit to wash, pace tasks, long-handled sponge, 12 min.\n"
     "A. Moss, OTR/L", [("97535", 1)]),
    # transfers described
    ("OT note. Hip fx.\nPracticed getting on and off the toilet with the raised seat and grab bar, x4, CGA, cues for hand "
     "placement, 10 min.\nA. Moss, OTR/L", [("97530", 1)]),
    ("PT note. Deconditioning.\nPracticed standing up from the chair and sitting back down slowly, 3 x 8, cues for nose "
     "over toes, 12 min, to be able to get up from the couch at home.\nA. Moss, PT", [("97530", 1)]),
    ("OT note. Hip replacement.\nIn and out of the car simulator x3 with leg lifter, cues for hip precautions, 11 min.\n"
     "A. Moss, OTR/L", [("97530", 1)]),
    # wheelchair and community skills described
    ("PT note. SCI.\nSelf-propelled his w/c 200 ft over carpet and a ramp, then pressure lifts x3 with cues for timing, "
     "12 min.\nA. Moss, PT", [("97542", 1)]),
    ("OT community session.\n1000-1045 With the client to the bus stop: she boarded the bus, paid the fare with her card "
     "and found a seat; at the store she used the self-checkout with 2 cues. 45 min.\nA. Moss, OTR/L", [("97537", 3)]),
    # British / Australian wording
    ("Physio ward note.\nMobilised with zimmer frame 2 x 20m on the ward, SBA, cues for step length, 12 mins.\n"
     "A. Moss, PT", [("97116", 1)]),
    ("Physio note.\nGait re-education 15 mins with walking stick, heel strike and step length, 2 x 40m.\nA. Moss, PT",
     [("97116", 1)]),
    ("Physio note. Gluteal tendinopathy.\nHip abductor loading 20 mins: side-lying abd, standing hip hitch, banded crab "
     "walk 3 x 10 - for glute med strength.\nA. Moss, PT", [("97110", 1)]),
    ("PT note. R TKA.\nRange-of-motion work 20 min: heel slides with strap, seated knee flexion, bike rocking, to increase "
     "knee range of motion.\nA. Moss, PT", [("97110", 1)]),
    ("Physio note.\nHydrotherapy session 30 mins: walking in the pool, squats at the rail, step ups, for hip strength.\n"
     "A. Moss, PT", [("97113", 2)]),
])
def test_plain_and_british_wording_names_the_service(coder, text, expected):
    assert lines(code(coder, text)) == expected


def test_a_heat_adjusted_orthosis_is_not_a_hot_pack(coder):
    res = code(coder, "OT hand note.\nOrthosis check 10 min: strap replaced and the edge heat-adjusted to clear the ulnar "
                      "styloid.\nA. Moss, OTR/L")
    assert lines(res) == [("97763", 1)]


def test_my_hands_guarding_balance_is_not_manual_therapy(coder):
    res = code(coder, "PT note. Balance.\nStanding on foam with eyes closed, guarding with my hands at the hips, 3 x 30 s, "
                      "12 min, to improve standing balance.\nA. Moss, PT")
    assert [iv["kind"] for iv in res.interventions] == ["exercise"]
    assert "97140" not in {ln.code for ln in res.lines}


def test_a_grade_iii_sprain_is_not_a_mobilisation_grade(coder):
    res = code(coder, "PT note. L ankle grade III sprain, 3 wks.\nTheraband eversion and inversion 3 x 15, heel raises "
                      "3 x 12, 15 min, for ankle strength.\nA. Moss, PT")
    assert lines(res) == [("97110", 1)]


def test_a_toilet_report_is_not_a_transfer(coder):
    res = code(coder, "OT note.\nPt reports she has to use the toilet at night x3.\nLB dressing with reacher and sock aid, "
                      "15 min.\nA. Moss, OTR/L")
    assert lines(res) == [("97535", 1)]
    assert [iv["kind"] for iv in res.interventions] == ["self_care"]


def test_a_laser_line_cue_is_not_laser_therapy(coder):
    res = code(coder, "PT note. PD.\nGait training 15 min with laser line cue on the cane for freezing at doorways.\n"
                      "A. Moss, PT")
    assert lines(res) == [("97116", 1)]


def test_british_mobilised_joint_is_still_manual_therapy(coder):
    res = code(coder, "Physio note. Stiff knee.\nPatella mobilised grade III all directions, tibiofemoral flexion mobs in "
                      "sitting, 10 mins, to gain flexion range.\nA. Moss, PT")
    assert lines(res) == [("97140", 1)]
