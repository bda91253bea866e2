"""PLACEHOLDER (replaced by the coding-core work): NoteFacts -> CodingResult."""
from nlp_coder.schema import CodingResult, NoteFacts


def code_note(facts: NoteFacts, *, edit_tables=None, payers=None) -> CodingResult:
    return CodingResult(id=facts.id, payer=facts.payer,
                        discipline=facts.discipline if facts.discipline else None,
                        interventions=[i.model_dump(mode="json") for i in facts.interventions])
