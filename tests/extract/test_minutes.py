import pytest

from nlp_coder.extract.minutes import (
    clocks_separate,
    find_mentions,
    parse_clock,
    parse_minutes,
    stated_total,
    word_to_number,
)

TABLE = [
    ("15 min", 15),
    ("15'", 15),
    ("x12'", 12),
    ("x 12 min", 12),
    ("12 mins", 12),
    ("15 minutes", 15),
    ("15mins", 15),
    ("18mins - prone on elbows", 18),
    ("0.5 hr", 30),
    ("1 hour", 60),
    ("1.5 hours", 90),
    ("half an hour", 30),
    ("fifteen minutes", 15),
    ("twenty-five minutes", 25),
    ("approximately 20 minutes", 20),
    ("approx. 20 min on bed mobility", 20),
    ("the remaining 10 minutes were lifting practice", 10),
    ("About ten minutes went to gait training", 10),
    ("Ionto dexamethasone 40 mA-min via Dupel, 15 min", 15),
    ("97140 - 12 min - manual edema mobilization", 12),
    ("97110 x2 (28 min): wall sits", 28),
    ("TherEx 23': LAQ 3x10 2#, recumb bike 6'", 23),
    ("Gait 8': amb 150' no AD", 8),
    ("Manual 10 rnin:GH inferior glides", 10),  # OCR reads "min" as "rnin"
]

NO_MINUTES = [
    "amb 150' no AD",
    "walked 50' x2",
    "6-minute walk 690 ft",
    "Knee AROM 5-108 (was 10-96)",
    "SLS 5x30 sec, 10x10s holds",
    "metronome at 100 bpm",
    "Wearing AFO 4-6 hrs/day",
    "progressed wear schedule to 8 hrs",
    "40 mA-min",
    "pain 3/10",
    "",
    "no numbers here",
]


@pytest.mark.parametrize("text,minutes", TABLE)
def test_minutes_table(text, minutes):
    assert parse_minutes(text, head_end=text.find(" ")).minutes == minutes


@pytest.mark.parametrize("text", NO_MINUTES)
def test_never_invents_minutes(text):
    assert parse_minutes(text).minutes is None


@pytest.mark.parametrize("text,start,end,minutes", [
    ("10:05-10:20 NMR", "10:05", "10:20", 15),
    ("0800-1035 work conditioning", "08:00", "10:35", 155),
    ("9:50 to 10:10 gait", "09:50", "10:10", 20),
    ("12:50-1:10 ther ex", "12:50", "13:10", 20),
    ("0900-1100: ladder carries", "09:00", "11:00", 120),
])
def test_clock_intervals(text, start, end, minutes):
    r = parse_minutes(text)
    assert (r.clock_start, r.clock_end, r.minutes) == (start, end, minutes)


def test_bad_clocks_are_not_times():
    assert parse_clock("5-108") == []
    assert parse_clock("10:20-10:05") == []  # backwards, not a 12-hour wrap either
    assert parse_clock("97110-97140") == []


def test_non_treatment_minutes():
    r = parse_minutes("Ther ex 45 min incl. 5 min rest", head_end=7)
    assert (r.minutes, r.non_treatment_minutes) == (45, 5)
    r = parse_minutes("0800-1230 (minus 30 min lunch, not counted): transfers")
    assert (r.minutes, r.non_treatment_minutes) == (270, 30)
    r = parse_minutes("NMR 20 min, set-up 3 min", head_end=3)
    assert (r.minutes, r.non_treatment_minutes) == (20, 3)


def test_total_split_in_words():
    part = "of the 35 minutes of exercise, 25 were therapeutic exercise"
    r = parse_minutes(part, split_total=True)
    assert (r.minutes, r.total_of) == (25, 35)
    r = parse_minutes("the rest manual")
    assert r.minutes is None and r.rest_of_total
    r = parse_minutes("45 minutes of treatment: 30 min ther ex")
    assert (r.minutes, r.total_of) == (30, 45)
    r = parse_minutes("40 minutes of direct treatment: grocery outing")
    assert r.minutes == 40  # a lone total is the service's time


def test_several_parts_without_block_time_are_summed():
    assert parse_minutes("bike 10 min, then bridges 5 min").minutes == 15


def test_block_time_wins_over_sub_durations():
    text = "TherEx 23': LAQ 3x10, bike 6'"
    assert parse_minutes(text, head_end=6).minutes == 23


@pytest.mark.parametrize("text,total", [
    ("Total treatment time 40 minutes.", 40),
    ("Total timed 37 min. Charges as above.", 37),
    ("Total timed minutes: 37", 37),
    ("Total tx time: 45'", 45),
    ("Treatment time 30 min", 30),
])
def test_stated_total(text, total):
    assert stated_total(text)[0] == total


def test_no_stated_total():
    assert stated_total("Ther ex 15 min") is None
    assert stated_total("total of 3 sets") is None


def test_word_numbers():
    assert word_to_number("fifteen") == 15
    assert word_to_number("twenty-five") == 25
    assert word_to_number("forty five") == 45
    assert word_to_number("0.5") == 0.5
    assert word_to_number("banana") is None


def test_clocks_separate():
    assert clocks_separate([("10:05", "10:20"), ("10:20", "10:38")])
    assert not clocks_separate([("10:00", "10:30"), ("10:15", "10:45")])
    assert not clocks_separate([("10:00", "10:30")])


def test_mentions_are_sorted_and_disjoint():
    ms = find_mentions("10:05-10:20 NMR 15 min, rest 2 min, the rest ther ex")
    assert [m.start for m in ms] == sorted(m.start for m in ms)
    assert all(a.end <= b.start for a, b in zip(ms, ms[1:]))


@pytest.mark.parametrize("text,minutes", [
    ("preparing a simple lunch for a little over half an hour, 32 minutes by the clock.", 32),
    ("walked about 20 min (22 min) today", 22),
    ("bike 10 min, 15 min treadmill", 25),            # two parts, not a restatement
    ("about 10 min, then 5 min of stairs", 15),        # words between: two parts
])
def test_an_approximate_time_restated_exactly_counts_once(text, minutes):
    from nlp_coder.extract.minutes import parse_minutes
    assert parse_minutes(text).minutes == minutes
