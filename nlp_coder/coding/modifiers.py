"""Therapy modifiers (coding-guidelines.md, Step 5): GP/GO/GN and CQ/CO.

* Discipline modifier from the note's discipline: the input field, else the
  header, credentials or signature (extraction fills ``facts.discipline``;
  when it did not, the signer's credential still decides). The activities
  never decide it.
* CQ (with GP) / CO (with GO) when a PTA / COTA furnished any intervention of
  the line, or signed the note, and the payer uses assistant modifiers
  (D-ASSISTANT: Medicare profile only).
"""

from __future__ import annotations

from collections.abc import Iterable

from nlp_coder.coding.tabledata import val
from nlp_coder.schema import NoteFacts

DISCIPLINE_MODIFIER = {"PT": "GP", "OT": "GO", "SLP": "GN"}
DISCIPLINE_RULE = {"PT": "R-S5-GP", "OT": "R-S5-GO", "SLP": "R-S5-GN"}
_CREDENTIAL_DISCIPLINE = {"PT": "PT", "PTA": "PT", "OT": "OT", "COTA": "OT", "SLP": "SLP"}
# assistant credential -> (assistant modifier, discipline modifier it goes with, rule id)
ASSISTANT_MODIFIER = {"PTA": ("CQ", "GP", "R-S5-CQ"), "COTA": ("CO", "GO", "R-S5-CO")}


def resolve_discipline(facts: NoteFacts) -> tuple[str | None, str | None]:
    """(discipline, where it came from) or (None, None) when unknown."""
    if facts.discipline:
        return val(facts.discipline), facts.discipline_source or "input"
    signer = val(facts.signed_by)
    if signer in _CREDENTIAL_DISCIPLINE:
        return _CREDENTIAL_DISCIPLINE[signer], f"signed by {signer}"
    return None, None


def discipline_modifier(discipline: str | None) -> str | None:
    return DISCIPLINE_MODIFIER.get(discipline or "")


def assistant_modifier(
    discipline_mod: str | None, providers: Iterable[str], signed_by: str | None
) -> tuple[str, str, str] | None:
    """(modifier, rule id, source) when an assistant furnished the line, else None."""
    for credential, (mod, goes_with, rule) in ASSISTANT_MODIFIER.items():
        if discipline_mod != goes_with:
            continue
        if credential in set(providers):
            return mod, rule, f"{credential} furnished it"
        if signed_by == credential:
            return mod, rule, f"note signed by a {credential}"
    return None


def line_modifiers(
    discipline: str | None, providers: Iterable[str], signed_by: str | None, assistant_allowed: bool
) -> list[str]:
    """The sorted modifiers of one therapy line."""
    mods: list[str] = []
    dmod = discipline_modifier(discipline)
    if dmod:
        mods.append(dmod)
    if assistant_allowed:
        amod = assistant_modifier(dmod, providers, signed_by)
        if amod:
            mods.append(amod[0])
    return sorted(mods)
