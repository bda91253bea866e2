import pytest

from nlp_coder.extract.extensions import INTERVENTIONS


def statuses(nlp, text):
    doc = nlp(text)
    return [(sp.text[:25], sp._.nlp_status) for sp in doc.spans[INTERVENTIONS]]


@pytest.mark.parametrize("text,status", [
    ("Ther ex 15 min: bridges for strength", "performed"),
    ("No e-stim today.", "negated"),
    ("Pt denies e-stim, prefers heat.", "negated"),
    ("Pt declined ultrasound.", "negated"),
    ("Ultrasound declined.", "negated"),
    ("Ultrasound not performed today.", "negated"),
    ("NMR deferred today (not indicated).", "negated"),
    ("Manual therapy held today due to pain.", "negated"),
    ("Will progress to therapeutic activities next visit.", "planned"),
    ("Plan to add mechanical traction next week.", "planned"),
    ("Next visit: gait training on stairs.", "planned"),
    ("Pt would benefit from neuromuscular reeducation.", "planned"),
    ("Previously treated with iontophoresis at another clinic.", "historical"),
    ("Prior PT included ultrasound and massage.", "historical"),
    ("Continue ther ex at home daily.", "planned"),
    ("At home pt does ther ex daily for strength.", "home_program"),
])
def test_cue_statuses(nlp, text, status):
    found = statuses(nlp, text)
    assert found, text
    assert found[0][1] == status


@pytest.mark.parametrize("text,status", [
    ("Plan: therapeutic exercise, modalities, manual therapy, HEP", "planned"),
    ("P: ther ex, gait training 2x/wk", "planned"),
    ("Goals: indep transfers; gait training to 300 ft", "goal"),
    ("STG: tolerate ther ex 30 min", "goal"),
    ("HEP: bridges, clams, ther ex daily", "home_program"),
    ("History: prior PT with ultrasound and massage in 2019", "historical"),
    ("PMH: CVA treated with NMR", "historical"),
    ("Recommendations: aquatic therapy 2x/wk", "planned"),
    ("Treatment: ther ex 15 min for strength", "performed"),
])
def test_section_statuses(nlp, text, status):
    found = statuses(nlp, text)
    assert found, text
    assert all(s == status for _t, s in found), found


def test_scope_ends_at_termination(nlp):
    found = statuses(nlp, "No pain with transfers, but ther ex 15 min performed for strength.")
    assert found and found[0][1] == "performed"


def test_pseudo_negation_is_not_negation(nlp):
    assert statuses(nlp, "Gait 8': amb 150' no AD, no LOB")[0][1] == "performed"
    assert statuses(nlp, "Ther ex 20 min, no increase in pain")[0][1] == "performed"
    assert statuses(nlp, "Gait training 15 min w/o AD")[0][1] == "performed"


def test_negation_window_is_limited(nlp):
    found = statuses(nlp, "No dizziness during the long warm up period in the gym, ther ex 15 min for strength")
    assert found[0][1] == "performed"


def test_list_items_inherit_intro_status(nlp):
    text = "OBJECTIVE:  Physical therapy has consisted of:\n1.  Pool therapy for endurance.\n2.  Core stabilization 15 min."
    found = statuses(nlp, text)
    assert found and all(s == "historical" for _t, s in found)


def test_negated_conditions(facts_of):
    f = facts_of("Dx: L ankle sprain. No history of stroke. Denies MS.\nTE 15 min for strength\nJ. Doe, PT")
    assert f.neuro_conditions == []
    f = facts_of("Dx: R MCA CVA with L hemiparesis\nNMR 15 min\nJ. Doe, PT")
    assert f.neuro_conditions == ["stroke", "hemiplegia"]
