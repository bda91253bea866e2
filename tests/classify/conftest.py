"""Fixtures of the classifier tests: a synthetic corpus and a model trained on it (once per session)."""

from __future__ import annotations

import pytest

import classify_synth as synth
from nlp_coder.classify import model as model_mod


@pytest.fixture(scope="session")
def coded():
    return synth.corpus()


@pytest.fixture(scope="session")
def trained(tmp_path_factory, coded):
    from nlp_coder.classify.train import train

    d = tmp_path_factory.mktemp("clf")
    corpus = d / "train.jsonl"
    synth.write_corpus(corpus, coded)
    out = d / "model.skops"
    report = train(corpus, out, extractor=synth.extractor_for(coded), trained_date="2026-01-31")
    return corpus, out, report


@pytest.fixture
def fake_core(monkeypatch):
    """The coding core's re-coding entry point replaced by the synthetic one."""
    from nlp_coder.coding import select

    monkeypatch.setattr(select, "code_note", synth.fake_code_note)
    return synth.fake_code_note


@pytest.fixture
def clf(trained):
    return model_mod.load_model(trained[1])
