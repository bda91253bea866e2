"""One note in, one result out: the glue between extraction and coding.

``Coder`` owns the spaCy pipeline (built once) and the coding settings.
``code_records`` never raises for a bad record: it returns an
``INPUT_ERROR`` result instead, so a bulk run keeps every record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from nlp_coder.schema import CodingResult, ErrorInfo, Finding, NoteIn

log = logging.getLogger(__name__)

MAX_NOTE_CHARS = 1_000_000


def input_error(note_id: str, err_type: str, message: str, payer: str = "medicare",
                meta: dict[str, Any] | None = None) -> CodingResult:
    """The one record written for a note that could not be read."""
    return CodingResult(
        id=note_id,
        payer=payer,
        findings=[Finding(id="INPUT_ERROR", message=message, rule_id="R-INPUT-01")],
        error=ErrorInfo(type=err_type, message=message),
        meta=meta or {},
    )


def validate_record(raw: Any, line_no: int, max_chars: int = MAX_NOTE_CHARS) -> NoteIn | CodingResult:
    """A raw decoded record -> NoteIn, or the INPUT_ERROR result that replaces it."""
    fallback_id = f"line-{line_no}"
    if not isinstance(raw, dict):
        return input_error(fallback_id, "not_an_object", "the record is not a JSON object")
    rid = raw.get("id")
    note_id = rid if isinstance(rid, str) and rid.strip() else (str(rid) if isinstance(rid, int) else fallback_id)
    text = raw.get("text")
    if not isinstance(text, str):
        return input_error(note_id, "missing_text", "the record has no 'text' string")
    if not text.strip():
        return input_error(note_id, "empty_text", "the note text is empty")
    if len(text) > max_chars:
        return input_error(note_id, "too_large", f"the note has {len(text)} characters, over the limit of {max_chars}")
    if note_id == fallback_id and not (isinstance(rid, str) and rid.strip()):
        return input_error(note_id, "missing_id", "the record has no usable 'id'")
    try:
        return NoteIn.model_validate({**raw, "id": note_id})
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        return input_error(note_id, "invalid_field", f"invalid field(s): {fields}")


class SettingsError(ValueError):
    """A setting (payer profile file, model file) could not be used."""


class Coder:
    """Extraction + coding with fixed settings; build once, call many times."""

    def __init__(self, *, edit_tables: Any = None, payer_files: Iterable[str] = (), model_path: str | None = None,
                 model_threshold: float | None = None):
        from nlp_coder.extract.pipeline import build_nlp

        self.nlp = build_nlp()
        self.edit_tables = edit_tables
        self.payers = _load_payers(tuple(payer_files))
        self.model = _load_model(model_path) if model_path else None
        self.model_threshold = model_threshold

    def code_notes(self, notes: list[NoteIn]) -> Iterator[CodingResult]:
        from nlp_coder.coding.select import code_note
        from nlp_coder.extract.facts import doc_to_facts

        docs = self.nlp.pipe(n.text for n in notes)
        for note, doc in zip(notes, docs):
            try:
                facts = doc_to_facts(doc, note)
                result = code_note(facts, edit_tables=self.edit_tables, payers=self.payers)
                if self.model is not None:
                    result = self.model.apply(result, facts, doc, threshold=self.model_threshold,
                                              edit_tables=self.edit_tables, payers=self.payers)
            except Exception as exc:  # one bad note never stops a run
                log.exception("note %s failed in coding", note.id)
                result = input_error(note.id, "internal_error", f"{type(exc).__name__} while coding this note",
                                     payer=note.payer)
            # every result here is a new object of this call: set meta in place (a model_copy
            # per note cost ~5 µs); assignment is not validated, meta() is already a plain dict
            result.meta = note.meta()
            yield result

    def code_records(self, records: list[tuple[int, Any]]) -> list[CodingResult]:
        """(line number, decoded JSON or INPUT_ERROR result) pairs -> results, same order."""
        out: list[CodingResult | None] = [None] * len(records)
        good: list[tuple[int, NoteIn]] = []
        for i, (line_no, raw) in enumerate(records):
            checked = raw if isinstance(raw, CodingResult) else validate_record(raw, line_no)
            if isinstance(checked, CodingResult):
                out[i] = checked
            else:
                good.append((i, checked))
        for (i, _), result in zip(good, self.code_notes([n for _, n in good])):
            out[i] = result
        return [r for r in out if r is not None]


def _load_payers(files: tuple[str, ...]) -> Any:
    """The built-in payer profiles plus the user's files, validated on load."""
    if not files:
        return None
    from nlp_coder.coding.payers import PayerRegistry

    try:
        return PayerRegistry.with_files(files)
    except (OSError, ValueError) as exc:
        raise SettingsError(str(exc)) from None


def _load_model(path: str) -> Any:
    from nlp_coder.classify.model import load_model

    try:
        return load_model(path)
    except (OSError, ValueError) as exc:
        raise SettingsError(str(exc)) from None


def load_edits(ptp_paths: Iterable[str] = (), mue_paths: Iterable[str] = ()) -> Any:
    """The CMS PTP/MUE tables from files, or None when no file is given.

    Rows are kept only for codes this tool can report (``codes.csv``): a real
    quarterly PTP file has over a million rows, and every worker process
    holds its own copy (measured: 1.36 GB unfiltered, 38 MB filtered).
    """
    ptp_paths, mue_paths = tuple(ptp_paths), tuple(mue_paths)
    if not ptp_paths and not mue_paths:
        return None
    from nlp_coder.coding.edits import EditFileError, load_edit_tables
    from nlp_coder.coding.tabledata import load_tables

    try:
        return load_edit_tables(ptp_paths=ptp_paths, mue_paths=mue_paths, codes=set(load_tables().codes))
    except (EditFileError, OSError) as exc:
        raise SettingsError(str(exc)) from None
