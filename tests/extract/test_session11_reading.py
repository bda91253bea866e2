"""Reading rules from session 11. Notes here are written for the tests; they are not corpus notes."""

from __future__ import annotations

import pytest

from coded import code, units as lines


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
