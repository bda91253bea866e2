"""process_batch: one output line per input line, in order, never raising, deterministic."""
from __future__ import annotations

import json
import pickle

from nlp_coder.bulk.engine import BatchSettings, OversizedLine, process_batch, process_chunk

from .conftest import note_records

BAD = [
    (b"not json at all", "invalid_json", "line-{n}"),
    (b'{"id": "x1", "text": "unterminated', "invalid_json", "line-{n}"),
    (b"\xff\xfe\xfa broken", "not_utf8", "line-{n}"),
    (b"", "empty_line", "line-{n}"),
    (b"   \r\n", "empty_line", "line-{n}"),
    (b'{"text": "no id here"}', "missing_id", "line-{n}"),
    (b'{"id": "", "text": "empty id"}', "missing_id", "line-{n}"),
    (b'{"id": "e1", "text": "   "}', "empty_text", "e1"),
    (b'{"id": "e2"}', "missing_text", "e2"),
    (b'{"id": "e3", "text": 42}', "missing_text", "e3"),
    (b"[1, 2]", "not_an_object", "line-{n}"),
    (b'{"id": "big", "text": "' + b"x" * 500 + b'"}', "too_large", "big"),
    (OversizedLine(b'{"id": "cut", "text": "xxxx'), "too_large", "cut"),
    (b'{"id": "d1", "text": "ok", "date_of_service": "yesterday"}', "invalid_field", "d1"),
]


def _chunk():
    good = [json.dumps(r).encode() + b"\n" for r in note_records(5)]
    chunk, expect = [], []
    n = 0
    for i, (raw, etype, rid) in enumerate(BAD):
        n += 1
        chunk.append((n, good[i % 5]))
        expect.append((f"n-{i % 5}", None))
        n += 1
        chunk.append((n, raw))
        expect.append((rid.format(n=n), etype))
    return chunk, expect


def test_one_output_per_input_in_order_with_error_types():
    chunk, expect = _chunk()
    settings = BatchSettings(max_chars=300)
    res = process_chunk(chunk, settings)
    assert len(res.lines) == len(chunk) == len(res.errors)
    got = [(json.loads(line)["id"], err) for line, err in zip(res.lines, res.errors)]
    assert got == expect
    for line, err in zip(res.lines, res.errors):
        rec = json.loads(line)
        assert not line.endswith("\n")
        if err is None:
            assert rec["error"] is None
        else:
            assert rec["error"]["type"] == err
            assert rec["lines"] == []
            assert [f["id"] for f in rec["findings"]] == ["INPUT_ERROR"]


def test_deterministic_and_independent_of_chunking():
    chunk, _ = _chunk()
    settings = BatchSettings(max_chars=300)
    whole = process_batch(chunk, settings)
    assert process_batch(chunk, settings) == whole
    pieces = [line for i in range(0, len(chunk), 3) for line in process_batch(chunk[i:i + 3], settings)]
    assert pieces == whole
    assert process_batch(chunk, settings.model_copy(update={"memory_zone": False})) == whole


def test_payer_override_and_meta():
    chunk = [(1, b'{"id": "a", "text": "TherEx 10 min", "payer": "aetna", "site": "north"}'), (2, b"oops")]
    out = [json.loads(x) for x in process_batch(chunk, BatchSettings(payer="commercial"))]
    assert [r["payer"] for r in out] == ["commercial", "commercial"]
    assert out[0]["meta"] == {"site": "north"}
    plain = json.loads(process_batch(chunk[:1], BatchSettings())[0])
    assert plain["payer"] == "aetna"


def test_settings_hashable_and_picklable():
    s = BatchSettings(ptp_files=["a.txt"], payer="medicare")
    assert s.ptp_files == ("a.txt",)
    assert hash(s) == hash(BatchSettings(ptp_files=("a.txt",), payer="medicare"))
    assert pickle.loads(pickle.dumps(s)) == s
    o = pickle.loads(pickle.dumps(OversizedLine(b"abc")))
    assert isinstance(o, OversizedLine) and o == b"abc"


def test_memory_zone_keeps_the_string_store_flat_and_output_unchanged(monkeypatch):
    from nlp_coder.bulk import engine

    monkeypatch.setattr(engine, "WARMUP_NOTES", 0)
    settings = BatchSettings()
    coder = engine.get_coder(settings)

    def chunk(k: int) -> list[tuple[int, bytes]]:
        return [(i + 1, json.dumps({"id": f"u{k}-{i}", "text": f"TherEx 10 min, zq{k}x{i}tok ref-{k * 1000 + i}"}).encode())
                for i in range(50)]

    process_batch(chunk(0), settings)
    before = len(coder.nlp.vocab.strings)
    for k in range(1, 6):
        process_batch(chunk(k), settings)
    assert len(coder.nlp.vocab.strings) == before
    no_zone = BatchSettings(memory_zone=False)
    assert process_batch(chunk(7), settings) == process_batch(chunk(7), no_zone)
    assert len(coder.nlp.vocab.strings) > before  # without a zone the strings stay


def test_logs_name_ids_and_lines_never_note_text(caplog, tmp_path):
    import logging

    from nlp_coder.bulk.run import run_batch

    secret = "Zyxwvut-PATIENT-SECRET"
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join([
        json.dumps({"id": "ok1", "text": f"TherEx 10 min {secret}"}).encode(),
        json.dumps({"id": "big", "text": f"{secret} " * 50}).encode(),
        json.dumps({"text": f"{secret} no id"}).encode(),
        f'{{"id": "bad", "text": "{secret}'.encode(),
        json.dumps({"id": "d", "text": secret, "date_of_service": secret}).encode(),
    ]) + b"\n")
    with caplog.at_level(logging.DEBUG):
        run_batch(str(src), str(tmp_path / "out.jsonl"), workers=1, max_chars=100, quiet=True)
    assert "line 2 (id big)" in caplog.text
    assert secret not in caplog.text
    out = (tmp_path / "out.jsonl").read_text()
    errors = [json.loads(x)["error"] for x in out.splitlines()]
    assert all(secret not in json.dumps(e) for e in errors if e)
