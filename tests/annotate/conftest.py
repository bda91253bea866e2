"""Fixtures for the annotation tests (the fakes live in annotate_fakes.py)."""

from __future__ import annotations

import json

import pytest
from annotate_fakes import NOTES, FakeCoder


@pytest.fixture
def notes_file(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(n) + "\n" for n in NOTES), encoding="utf-8")
    return path


@pytest.fixture
def corpus_path(tmp_path):
    return tmp_path / "corpus" / "annotations.jsonl"


@pytest.fixture
def fake_coder():
    return FakeCoder()


@pytest.fixture
def make_session(notes_file, corpus_path, fake_coder):
    from nlp_coder.annotate import AnnotationSession

    def make(**kw):
        env = {"ANNOTATE_INPUT": str(notes_file), "ANNOTATE_OUTPUT": str(corpus_path), "ANNOTATOR": "tester"}
        env.update(kw.pop("env", {}))
        return AnnotationSession.from_env(env, code_fn=kw.pop("code_fn", fake_coder), **kw)

    return make

