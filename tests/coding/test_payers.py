"""Payer profiles: data, validation on load, registry, unknown payer fallback."""

from __future__ import annotations

import json

import pytest

from nlp_coder.coding.payers import PayerProfile, PayerProfileError, PayerRegistry, load_profile

from _builders import ex, fids, iv, lines, note, run


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return p


def test_builtin_profiles():
    reg = PayerRegistry.builtin()
    assert reg.names() == ["aetna", "commercial", "medicare"]
    med = reg.get("medicare")
    assert med.unit_method == "medicare_pooled" and med.substitutions == {"97014": "G0283"}
    assert med.assistant_modifiers and med.bundled_codes == ["97010"]
    assert reg.get("commercial").unit_method == "per_code" and not reg.get("commercial").assistant_modifiers
    aetna = reg.get("AETNA")
    assert aetna.unit_method == "per_code"
    assert sorted(aetna.same_day_limit_codes) == ["97110", "97112", "97530"]


def test_with_files_adds_a_profile_and_uses_it(tmp_path):
    p = _write(tmp_path, "anthem.json", {"name": "Anthem", "unit_method": "per_code", "timed_unit_cap_per_day": 4,
                                          "distinct_modifier": "XU"})
    reg = PayerRegistry.with_files([p])
    assert "anthem" in reg and reg.get("anthem").timed_unit_cap_per_day == 4
    result = run(note(ex(0, minutes=60), iv(1, kind="manual", minutes=30), payer="anthem"), payers=reg)
    assert sum(ln.units for ln in result.lines) == 4
    assert "cap of 4" in " ".join(ln.rationale for ln in result.lines)


@pytest.mark.parametrize("data,field", [
    ({"name": "x", "unit_method": "eight_minute"}, "unit_method"),
    ({"name": "x", "unit_method": "per_code", "colour": "red"}, "colour"),
    ({"name": "x"}, "unit_method"),
    ({"name": "x", "unit_method": "per_code", "distinct_modifier": "XS"}, "distinct_modifier"),
    ({"name": "x", "unit_method": "per_code", "timed_unit_cap_per_day": -1}, "timed_unit_cap_per_day"),
    ({"name": "x", "unit_method": "per_code", "substitutions": {"97014": "bad"}}, "substitutions"),
    ({"name": "x", "unit_method": "per_code", "bundled_codes": "97010"}, "bundled_codes"),
    ({"name": " ", "unit_method": "per_code"}, "name"),
])
def test_invalid_profile_file_names_file_and_field(tmp_path, data, field):
    p = _write(tmp_path, "bad.json", data)
    with pytest.raises(PayerProfileError) as err:
        PayerRegistry.with_files([p])
    assert str(p) in str(err.value) and f"'{field}" in str(err.value)
    assert isinstance(err.value, ValueError)  # coder.py turns ValueError into a settings error


def test_invalid_json_and_missing_file(tmp_path):
    p = _write(tmp_path, "broken.json", "{not json")
    with pytest.raises(PayerProfileError, match="broken.json.*not valid JSON"):
        load_profile(p)
    with pytest.raises(PayerProfileError, match="nope.json"):
        load_profile(tmp_path / "nope.json")
    with pytest.raises(PayerProfileError, match="one JSON object"):
        load_profile(_write(tmp_path, "list.json", "[]"))


def test_duplicate_user_profiles_refused_but_builtin_can_be_replaced(tmp_path):
    a = _write(tmp_path, "a.json", {"name": "acme", "unit_method": "per_code"})
    b = _write(tmp_path, "b.json", {"name": "ACME", "unit_method": "medicare_pooled"})
    with pytest.raises(PayerProfileError, match="b.json.*'name'"):
        PayerRegistry.with_files([a, b])
    m = _write(tmp_path, "m.json", {"name": "medicare", "unit_method": "medicare_pooled",
                                    "timed_unit_cap_per_day": 2})
    assert PayerRegistry.with_files([m]).get("medicare").timed_unit_cap_per_day == 2
    assert PayerRegistry.builtin().get("medicare").timed_unit_cap_per_day is None


def test_profile_model_forbids_extra_fields():
    with pytest.raises(ValueError):
        PayerProfile(name="x", unit_method="per_code", extra=1)  # type: ignore[call-arg]


def test_r_s4_payer_default_unknown_payer_uses_medicare_profile():
    # 33 + 7 minutes: Medicare pooled gives 97140 a unit, per-code would not
    facts = note(ex(0, minutes=33), iv(1, kind="manual", minutes=7), payer="bcbs-tx")
    result = run(facts)
    assert lines(result) == {"97110": 2, "97140": 1}
    assert result.payer == "bcbs-tx"
    assert all("R-S4-PAYER-DEFAULT" in ln.rule_ids for ln in result.lines)
    assert all("has no profile" in ln.rationale for ln in result.lines)
    assert PayerRegistry.builtin().resolve("bcbs-tx")[1] is True
    assert PayerRegistry.builtin().resolve("Commercial") == (PayerRegistry.builtin().get("commercial"), False)


def test_payer_name_is_case_insensitive():
    result = run(note(ex(0, minutes=33), iv(1, kind="manual", minutes=7), payer="Commercial"))
    assert lines(result) == {"97110": 2} and "BELOW_8_MINUTES" in fids(result)
