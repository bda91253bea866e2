"""PLACEHOLDER (replaced by the extraction work): Doc -> NoteFacts."""
from nlp_coder.schema import NoteFacts, NoteIn


def doc_to_facts(doc, note: NoteIn) -> NoteFacts:
    return NoteFacts(id=note.id, payer=note.payer, discipline=note.discipline,
                     discipline_source="input" if note.discipline else None,
                     date_of_service=note.date_of_service)
