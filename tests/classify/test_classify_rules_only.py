"""Without a model the output is exactly the rules-only output."""

from __future__ import annotations

from nlp_coder.coder import Coder

NOTES = [(1, {"id": "a", "text": "Ther ex 15 min: bridges, clamshells. PT"}),
         (2, {"id": "b", "text": "NMR 10 min: SLS on foam 5x30 sec, eyes open/closed\nJ. Doe, PT"})]


def test_coder_without_model_is_rules_only():
    from nlp_coder.coding.select import code_note
    from nlp_coder.extract.facts import doc_to_facts
    from nlp_coder.schema import NoteIn

    coder = Coder()
    assert coder.model is None
    got = coder.code_records(NOTES)
    for (_, raw), res in zip(NOTES, got):
        note = NoteIn.model_validate(raw)
        facts = doc_to_facts(coder.nlp(note.text), note)
        assert res.to_json() == code_note(facts).model_copy(update={"meta": note.meta()}).to_json()
