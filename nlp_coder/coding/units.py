"""Time units (coding-guidelines.md, Step 4). Pure arithmetic, no facts.

``minutes_by_code`` dicts are in documentation order (the order the codes
first appear in the note); that order breaks the last tie. Returned dicts
keep the keys and the order of the input.

* :func:`medicare_units`: CMS 8-minute rule (Pub. 100-04 ch. 5 §20.2). All
  timed minutes are pooled: T < 8 -> 0 units, else floor((T + 7) / 15). Each
  code first gets one unit per full 15 minutes; the remaining units go, one
  each, to the codes with the largest leftover minutes; ties go to the code
  with more total minutes, then to the code documented first (D-TIE).
* :func:`per_code_units`: AMA per-code rule: each code alone, < 8 -> 0, else
  floor((m + 7) / 15).
* :func:`allocate_medicare` returns the same units plus the ties that were
  broken, so the rationale can say so.
* :func:`work_units`: 97545 / 97546 (D-WORK-UNITS).
* :func:`apply_unit_cap`: a payer's daily cap of timed units.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

UNIT_MINUTES = 15
MIN_MINUTES = 8


def _check(minutes_by_code: Mapping[str, int]) -> None:
    for code, m in minutes_by_code.items():
        if not isinstance(m, int) or isinstance(m, bool) or m < 0:
            raise ValueError(f"minutes of {code} must be a whole number >= 0, not {m!r}")


def units_for_minutes(minutes: int) -> int:
    """Units earned by one block of timed minutes: 0 under 8, else floor((m + 7) / 15)."""
    return 0 if minutes < MIN_MINUTES else (minutes + 7) // UNIT_MINUTES


@dataclass(frozen=True)
class Tie:
    """Codes with equal leftover minutes competing for the last unit(s)."""

    leftover: int
    codes: tuple[str, ...]  # all codes with that leftover, in priority order
    winners: tuple[str, ...]  # those that got a unit


@dataclass(frozen=True)
class Allocation:
    units: dict[str, int]
    total_minutes: int
    total_units: int
    full_units: dict[str, int] = field(default_factory=dict)
    leftovers: dict[str, int] = field(default_factory=dict)
    ties: tuple[Tie, ...] = ()


def allocate_medicare(minutes_by_code: Mapping[str, int]) -> Allocation:
    """CMS pooled allocation, with the leftover-minute ties it had to break."""
    _check(minutes_by_code)
    codes = list(minutes_by_code)
    total = sum(minutes_by_code.values())
    total_units = units_for_minutes(total)
    full = {c: minutes_by_code[c] // UNIT_MINUTES for c in codes}
    leftovers = {c: minutes_by_code[c] % UNIT_MINUTES for c in codes}
    units = dict(full)
    extra = max(0, total_units - sum(full.values()))
    order = {c: i for i, c in enumerate(codes)}
    ranked = sorted(
        (c for c in codes if leftovers[c] > 0),
        key=lambda c: (-leftovers[c], -minutes_by_code[c], order[c]),
    )
    winners = ranked[:extra]
    for c in winners:
        units[c] += 1
    ties: list[Tie] = []
    if 0 < extra < len(ranked):
        cut = leftovers[ranked[extra - 1]]
        if leftovers[ranked[extra]] == cut:
            tied = tuple(c for c in ranked if leftovers[c] == cut)
            ties.append(Tie(leftover=cut, codes=tied, winners=tuple(c for c in tied if c in winners)))
    return Allocation(
        units={c: units[c] for c in codes},
        total_minutes=total,
        total_units=total_units,
        full_units=full,
        leftovers=leftovers,
        ties=tuple(ties),
    )


def medicare_units(minutes_by_code: dict[str, int]) -> dict[str, int]:
    """CMS 8-minute rule over the pooled timed minutes; codes with no unit map to 0."""
    return allocate_medicare(minutes_by_code).units


def per_code_units(minutes_by_code: dict[str, int]) -> dict[str, int]:
    """AMA per-code rule: each code on its own, no pooling."""
    _check(minutes_by_code)
    return {c: units_for_minutes(m) for c, m in minutes_by_code.items()}


def work_units(minutes: int) -> tuple[int, int]:
    """(97545 units, 97546 units) for one work hardening/conditioning session.

    97545 x1 covers the first 120 minutes; 97546 x1 for each further full
    hour, plus one for a trailing part over 30 minutes (D-WORK-UNITS).
    """
    if minutes < 0:
        raise ValueError("minutes must be >= 0")
    if minutes == 0:
        return 0, 0
    rest = max(0, minutes - 120)
    hours, part = divmod(rest, 60)
    return 1, hours + (1 if part > 30 else 0)


def apply_unit_cap(
    units: Mapping[str, int], minutes_by_code: Mapping[str, int], cap: int | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Cut timed units to ``cap`` a day; returns (units, units removed per code).

    One unit at a time comes off the code whose last unit rests on the fewest
    minutes (minutes - 15 x (units - 1)); ties: fewer total minutes, then the
    code documented last.
    """
    out = dict(units)
    removed = {c: 0 for c in units}
    if cap is None:
        return out, removed
    order = {c: i for i, c in enumerate(units)}
    while sum(out.values()) > cap:
        candidates = [c for c in out if out[c] > 0]
        victim = min(
            candidates,
            key=lambda c: (minutes_by_code.get(c, 0) - UNIT_MINUTES * (out[c] - 1), minutes_by_code.get(c, 0),
                           -order[c]),
        )
        out[victim] -= 1
        removed[victim] += 1
    return out, removed
