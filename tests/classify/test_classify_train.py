from __future__ import annotations

import numpy as np
import pytest

import classify_synth as synth
from nlp_coder.classify import data as data_mod
from nlp_coder.classify.features import intervention_text, row, to_matrix
from nlp_coder.classify.model import load_model
from nlp_coder.classify.train import train


def test_masking_hides_the_outcome_words(coded):
    c = coded[0]
    iv = c.facts.interventions[0]
    assert "for strength" in c.text
    masked = intervention_text(iv, c.text)
    assert "strength" not in masked and len(masked) == iv.span.end - iv.span.start
    facts = row(iv, c.facts, c.text)[1]
    assert not any(k.startswith(("parameter", "functional_goal", "neuro_goal", "work")) for k in facts)


def test_examples_are_labelled_from_gold_and_sorted(coded):
    ex = data_mod.examples(coded)
    # gold code None (the annotator abstained too) gives no example
    assert len(ex) == sum(1 for c in coded for g in c.record.interventions if g.code)
    assert [(e.note_id, e.index) for e in ex] == sorted((e.note_id, e.index) for e in ex)
    assert {e.label for e in ex} == {"97110", "97530", "97112"}


def test_train_writes_a_model_with_metadata(trained):
    corpus, out, report = trained
    assert out.is_file() and out.stat().st_size < 200_000
    assert report.examples == 42 and report.trained_date == "2026-01-31"
    assert 0.0 < report.threshold <= 1.0
    m = load_model(out)
    assert m.labels == ["97110", "97112", "97530"]
    assert m.threshold == report.threshold
    assert m.metadata["trained_date"] == "2026-01-31" and m.metadata["sklearn_version"]
    assert m.metadata["corpus"] == "train.jsonl" and len(m.metadata["corpus_sha256"]) == 64


def test_training_is_deterministic(tmp_path, coded, trained):
    corpus, first, report = trained
    again = tmp_path / "again.skops"
    report2 = train(corpus, again, extractor=synth.extractor_for(coded), trained_date="2026-01-31")
    assert report2.model_dump(exclude={"out_path"}) == report.model_dump(exclude={"out_path"})
    rows = [(e.text, e.facts) for e in data_mod.examples(coded)]
    a, b = load_model(first), load_model(again)
    assert np.array_equal(a.predict_proba(rows), b.predict_proba(rows))


def test_round_trip_gives_identical_probabilities(tmp_path, trained, coded):
    import zipfile

    import skops.io

    from nlp_coder.classify.model import ALLOWED_TYPES
    from nlp_coder.classify.train import build_pipeline

    ex = data_mod.examples(coded)
    x = to_matrix([(e.text, e.facts) for e in ex])
    pipe = build_pipeline(3).fit(x, [e.label for e in ex])
    state = skops.io.load(trained[1], trusted=sorted(ALLOWED_TYPES))
    state["pipeline"], state["labels"] = pipe, [str(c) for c in pipe.classes_]
    path = tmp_path / "rt.skops"
    skops.io.dump(state, path, compression=zipfile.ZIP_DEFLATED)
    assert np.array_equal(pipe.predict_proba(x), load_model(path).pipeline.predict_proba(x))


def test_refuses_heldout_and_too_little_data(tmp_path, coded):
    held = tmp_path / "heldout.jsonl"
    synth.write_corpus(held, coded)
    with pytest.raises(ValueError, match="held-out"):
        train(held, tmp_path / "m.skops", extractor=synth.extractor_for(coded))
    one_class = [c for c in coded if all(g.code in ("97110", None) for g in c.record.interventions)]
    small = tmp_path / "small.jsonl"
    synth.write_corpus(small, one_class)
    with pytest.raises(ValueError, match="at least 2 codes"):
        train(small, tmp_path / "m.skops", extractor=synth.extractor_for(one_class))


def test_model_learns_the_synthetic_task(clf):
    probe = synth.note("probe", [("97110", 3, False), ("97530", 1, False)])
    props = clf.propose(probe.facts, probe.text, [0, 1])
    assert props[0][0] == "97110" and props[1][0] == "97530"


def test_dev_split_explicit_threshold_and_corpus_date(tmp_path, coded, trained):
    corpus = trained[0]
    dev_coded = [synth.note("dev-" + c.record.id, [(g.code or "97110", 5, True) for g in c.record.interventions])
                 for c in synth.corpus(12)]
    dev = tmp_path / "dev.jsonl"
    synth.write_corpus(dev, dev_coded)
    extract = synth.extractor_for(coded + dev_coded)
    rep = train(corpus, tmp_path / "m.skops", dev_path=dev, threshold=0.7, extractor=extract)
    assert rep.dev["notes"] == 12 and rep.dev["corpus"] == "dev.jsonl" and 0 < rep.dev["threshold"] <= 1
    assert rep.threshold == 0.7 and load_model(tmp_path / "m.skops").threshold == 0.7
    assert "set by the caller" in rep.threshold_basis
    # no trained_date given: the corpus's latest date of service, never the clock
    assert rep.trained_date == max(c.record.model_extra["date_of_service"] for c in coded)
    with pytest.raises(ValueError, match="held-out"):
        train(corpus, tmp_path / "m3.skops", dev_path=tmp_path / "heldout.jsonl", extractor=extract)
