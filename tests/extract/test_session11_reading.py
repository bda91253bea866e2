"""Reading rules from session 11. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, units as lines
from nlp_coder.extract.minutes import find_mentions


@pytest.mark.parametrize("refusal", ["(pt declined gait this PM d/t fatigue)", "- pt refused the gait trng today.",
                                     "(declined further gait, tired)"])
def test_e_refusal_object_negates_the_service_it_names_not_the_one_before(coder, refusal):
    text = ("PT daily note\nGait training 15 min w/ RW 80' x2 in hallway, min A, VC for step length.\n"
            f"Ther ex 10 min: standing heel raises 2x10, mini squats 2x8, for LE strength {refusal}\nL. Dunn, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "97116": 1}


def test_e_refusal_object_a_bare_refusal_still_looks_back(coder):
    text = ("Ther ex 15 min: SLR, bridges for hip strength.\nIce pack to knee offered post tx, pt declined.\nL. Dunn, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1}
    assert [iv["status"] for iv in res.interventions] == ["performed", "negated"]


@pytest.mark.parametrize("check", ["PT checked at 10 and 20 min mark", "checked on pt at 5, 10 & 15 min",
                                   "at the 15 min mark skin intact"])
def test_d_estim_unattended_moments_in_a_session_are_not_minutes(check):
    text = f"FES cycle ergometer 30 min (quads B, 35 mA). Set up by PT, pt cycled on own; {check}, parameters unchanged."
    assert [m.minutes for m in find_mentions(text) if m.kind == "duration"] == [30]


@pytest.mark.parametrize("event", ["Spasms L LE x2 during gait, resolved w/ rest.", "Near fall x1 during gait, CGA to recover."])
def test_e_reports_an_event_during_a_service_is_not_another_service(coder, event):
    text = (f"Ther ex 15 min: quad sets, SLR, bridges for LE strength.\nGait trng in // bars 20 min, swing-to pattern, mod A.\n"
            f"{event}\nK. Boateng, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97110": 1, "97116": 1}
    assert "TIME_NOT_DOCUMENTED" not in {f.id for f in res.findings}
    assert len([iv for iv in res.interventions if iv["status"] == "performed"]) == 2


@pytest.mark.parametrize("device,code_", [("L posterior leaf spring AFO", "97760"), ("L transtibial prosthesis", "97761")])
def test_e_first_fitting_first_session_with_device_in_the_service(coder, device, code_):
    text = (f"Orthotic/prosthetic training 20 min: {device} (first session w/ device) -- fit check, taught donning/doffing, "
            "pt return demo w/ min A.\nGait trng 18 min: SPC, 200' x3 indoor, CGA, cues for step length.\nL. Pike, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {code_: 2, "97116": 1}


def test_e_first_fitting_device_picked_up_this_morning(coder):
    text = ("S: new AFO picked up from orthotist this AM, first time wearing.\nOrthotic mgmt 15 min: AFO fit check in shoe, "
            "wear schedule taught, donning/doffing w/ return demo.\nL. Pike, PT")
    res = code(coder, text, payer="medicare")
    assert lines(res) == {"97760": 1}


def test_d_estim_unattended_a_skin_check_after_some_minutes_is_a_moment():
    text = "Orthotic mgmt & training 20 min: AFO fit check in shoe, skin checked after 10 min standing, no redness."
    assert [m.minutes for m in find_mentions(text) if m.kind == "duration"] == [20]
