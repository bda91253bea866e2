"""Minutes written without a unit where only a time fits, and durations that are not treatment time.
Notes here are written for the tests; they are not corpus notes."""

import pytest

from nlp_coder.coder import Coder
from nlp_coder.extract.minutes import parse_minutes


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def minutes_of(coder, text):
    (res,) = coder.code_records([(1, {"id": "m-1", "text": text + "\nK. Brandt, DPT", "payer": "commercial"})])
    return [iv["minutes"] for iv in res.interventions if iv["status"] == "performed"]


@pytest.mark.parametrize("line,minutes", [
    ("(25) balance/postural control: tall kneeling on foam to reeducate standing balance.", 25),
    ("Ther ex for 16: chin tucks, scap retraction w/ band for DNF endurance.", 16),
    ("ADL retrng (15): grooming at sink in standing, pt stood 4 min x2 w/ CGA.", 15),
    ("Moist heat to lumbar spine for 10, prior to tx.", 10),
    ("• Calf raises off step 3x15 for ankle strength (for 15)", 15),
])
def test_a_unitless_time_in_its_place_on_a_log_line(coder, line, minutes):
    assert minutes_of(coder, line) == [minutes]


def test_a_trailing_parenthesised_number_is_minutes_only_in_a_column_of_them(coder):
    alone = minutes_of(coder, "Ther ex: bridges, clams for hip strength (10)")
    column = minutes_of(coder, "• Ther ex: bridges, clams for hip strength (12)\n• Cold pack L knee post (10)")
    assert alone == [None]
    assert column == [12, 10]


@pytest.mark.parametrize("text", ["VOR x1 gaze stabilization 22 min to reeducate balance. Dizziness settled w/in 2 min.",
                                  "VOR x1 gaze stabilization 22 min to reeducate balance; SpO2 recovered to 95% in 2 min."])
def test_how_fast_a_symptom_settles_is_not_treatment_time(text):
    assert parse_minutes(text).minutes == 22
