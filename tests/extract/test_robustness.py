"""Any text in, NoteFacts out; real notes never yield performed services from plans, goals or history."""

import logging
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_coder.extract.pipeline import build_nlp
from nlp_coder.schema import NoteFacts

SNIPPETS = ["TE 15': ", "NMR x 12 min - ", "97530 - 20 min ", "10:05-10:20 ", "Plan: ", "HEP: ", "S: ", "A: ",
            "no ", "will ", "bridges 3x10 ", "for strength ", "VC ", "group of 3 ", "J. Smith, PTA", "\n", "\r\n",
            "the rest manual", "of the 40 minutes, ", "Billing: 97110 x2", "CVA ", "reeducate balance "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=400))
def test_any_text_gives_facts(facts_of, text):
    f = facts_of(text)
    assert isinstance(f, NoteFacts)
    for iv in f.interventions:
        assert 0 <= iv.span.start <= iv.span.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SNIPPETS) | st.text(max_size=12), min_size=1, max_size=30))
def test_note_like_text_gives_facts(facts_of, parts):
    text = "".join(parts) or "x"
    f = facts_of(text)
    assert isinstance(f, NoteFacts)
    for iv in f.interventions:
        for e in iv.evidence:
            assert text[e.start:e.end] == e.text


@pytest.mark.parametrize("text", [
    "!!!...???" * 300,
    "\x00\x01\x02 binary \xff\xfe junk \ud7ff",
    "x",
    "Ther ex 15 min bridges for strength " * 2000,  # no newline
    "S: ok\r\nTE 15' bridges for strength\r\n\r\nJ. Doe, PT\r\n",
    "\n\n\n   \t\n",
])
def test_odd_inputs(facts_of, text):
    assert isinstance(facts_of(text), NoteFacts)


def test_binary_junk(facts_of):
    rnd = random.Random(7)
    text = bytes(rnd.randrange(256) for _ in range(5000)).decode("latin-1")
    assert isinstance(facts_of(text), NoteFacts)


def test_one_megabyte(facts_of):
    prose = "The patient reports feeling better today and walked to the store with her daughter. " * 12
    block = prose + "\nTE 15': bridges for strength\nPlan: ther ex\n"
    text = (block * (1_000_000 // len(block) + 1))[:1_000_000]
    f = facts_of(text)
    assert f.interventions and all(iv.span.end <= len(text) for iv in f.interventions)


def test_logs_carry_ids_not_text(facts_of, caplog, monkeypatch):
    import nlp_coder.extract.facts as facts

    def boom(*a, **k):
        raise RuntimeError("secret note text")

    monkeypatch.setattr(facts, "_doc_to_facts", boom)
    with caplog.at_level(logging.ERROR):
        f = facts_of("Pt John Doe secret", id="note-42", discipline="PT")
    assert f.id == "note-42" and f.discipline == "PT" and f.interventions == []
    assert "note-42" in caplog.text and "secret" not in caplog.text


def test_real_notes_no_performed_service_from_plan_goal_history(facts_of, real_notes):
    assert len(real_notes) >= 40
    for r in real_notes:
        f = facts_of(r["text"], id=r["id"])
        for iv in f.interventions:
            if iv.section in ("plan", "goals", "home_program", "history", "subjective", "diagnosis"):
                assert iv.status != "performed", (r["id"], iv.span.text[:80])
            if iv.status == "performed":
                low = iv.span.text.lower()
                for cue in ("will ", "plan ", "recommend", "goal", "previously", "has consisted of"):
                    assert cue not in low[: low.find(low.split()[0]) + 60] or iv.kind == "out_of_scope", (r["id"], iv.span.text[:80])


def test_real_note_plan_line(facts_of, real_notes):
    text = next(r["text"] for r in real_notes if r["id"] == "mtsamples-1632")
    f = facts_of(text)
    plan = [iv for iv in f.interventions if "Therapeutic exercise." in iv.span.text or "Gait training." in iv.span.text]
    assert plan and all(iv.status == "planned" for iv in plan)
    f = facts_of("Plan: therapeutic exercise, modalities, manual therapy, HEP")
    assert f.interventions and all(iv.status == "planned" for iv in f.interventions)


def test_pipe_batches_and_serialization(nlp, real_notes):
    from spacy.tokens import Doc, DocBin

    texts = [r["text"] for r in real_notes[:10]]
    docs = list(nlp.pipe(texts, batch_size=4))
    assert [d.text for d in docs] == texts
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [len(d.spans["nlp_interventions"]) for d in back] == [len(d.spans["nlp_interventions"]) for d in docs]
    assert Doc(nlp.vocab).from_bytes(docs[0].to_bytes()).text == texts[0]


def test_build_nlp_is_cached_and_extensions_idempotent():
    from nlp_coder.extract.extensions import register_extensions

    assert build_nlp() is build_nlp()
    register_extensions()
    register_extensions()
    assert build_nlp().pipe_names == ["nlp_coder_terms", "nlp_coder_sections", "nlp_coder_interventions",
                                      "nlp_coder_context"]


def test_pipeline_from_config_and_disk(tmp_path):
    import spacy
    from spacy.lang.en import English

    nlp = build_nlp()
    again = English.from_config(nlp.config)
    assert again.pipe_names == nlp.pipe_names
    assert len(again("TE 15' bridges for strength").spans["nlp_interventions"]) == 1
    nlp.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    assert [t.text for t in loaded("3x10 s/p")] == ["3", "x", "10", "s/p"]


def test_same_facts_with_n_process_and_memory_zone(facts_of, nlp):
    from nlp_coder.extract.facts import doc_to_facts
    from nlp_coder.schema import NoteIn

    texts = ["TE 15': bridges for strength\nJ. Doe, PT", "10:05-10:20 NMR: reeducate balance, L hemi s/p CVA\nA. B, PTA",
             "Plan: ther ex, modalities", "45 minutes of treatment: 30 min ther ex for strength, the rest manual for ROM"]
    base = [facts_of(t, id=str(i)).model_dump_json() for i, t in enumerate(texts)]
    multi = [doc_to_facts(d, NoteIn(id=str(i), text=t)).model_dump_json()
             for i, (t, d) in enumerate(zip(texts, nlp.pipe(texts, n_process=2)))]
    assert multi == base
    with nlp.memory_zone():
        zoned = [doc_to_facts(d, NoteIn(id=str(i), text=t)).model_dump_json()
                 for i, (t, d) in enumerate(zip(texts, nlp.pipe(texts)))]
    assert zoned == base
