"""Save format 2 (issue 14): the checksum over the document's bytes, the load that checks and
validates straight from them (and the long way it falls back to), each resolved turn encoded once,
the compressed stream made of kept segments, format 1 saves migrated."""
from __future__ import annotations

import gc
import json
import pickle
import zlib
from dataclasses import replace

import pytest

from game.engine import save_container as box
from game.engine import save_encode, saves
from game.engine.errors import FileError
from game.engine.record import Intervention
from game.engine.replay import rewind, verify
from game.engine.save_encode import seal
from game.engine.save_schema import FORMAT_VERSION
from game.engine.saves import content_checksum, encode_record, load_game, read_document, record_to_plain, save_game
from recorded import game, played

AT = "2026-12-08T04:00:00+00:00"


@pytest.fixture(scope="module")
def rec():
    r = game("w3", seed=7, turns=6)
    r, _ = r.intervene(Intervention("message", {"text": "Talks at noon", "to": [0]}))
    return played(r.post(1, "We come in peace"), 2)


def fresh(record):
    """The same record with new TurnRecord objects (nothing kept from an earlier save)."""
    return replace(record, state=replace(record.state, history=tuple(replace(h) for h in record.state.history)))


def test_a_save_round_trips_to_the_same_state_hash_and_the_same_document(rec, tmp_path):
    loaded = load_game(save_game(rec, tmp_path / "g.json"))
    assert loaded.format_version == FORMAT_VERSION == 2 and loaded.notes == ()
    back = loaded.record
    assert back.state.state_hash() == rec.state.state_hash() and back.state.history == rec.state.history
    assert back.orders == rec.orders and back.events == rec.events and back.messages == rec.messages
    assert back.interventions == rec.interventions and verify(back).ok
    assert encode_record(back, AT) == encode_record(fresh(rec), AT)


def test_the_document_ends_with_the_sha256_of_every_byte_before_it(rec):
    doc = encode_record(rec, AT)
    body, tail = doc.rsplit(b',\n "checksum": "', 1)
    assert tail == save_encode.stored_checksum(doc)[1].encode() + b'"\n}\n'
    assert tail[:64].decode() == __import__("hashlib").sha256(body).hexdigest()
    assert json.loads(doc)["format_version"] == 2            # plain JSON inside
    assert doc == seal(record_to_plain(rec, AT))             # the turns' pieces are the plain form, as encode_plain writes it


def test_the_fast_load_and_the_long_way_give_the_same_record(rec, tmp_path, monkeypatch):
    path = save_game(rec, tmp_path / "g.json")
    fast = load_game(path).record
    monkeypatch.setattr(saves, "_current_model", lambda document: None)     # parse, checksum, migrate, schema
    slow = load_game(path).record
    assert (fast.orders, fast.events, fast.state.history, fast.interventions, fast.messages) == \
        (slow.orders, slow.events, slow.state.history, slow.interventions, slow.messages)
    assert fast.state.state_hash() == slow.state.state_hash() == rec.state.state_hash()
    assert record_to_plain(fast, AT) == record_to_plain(slow, AT) == record_to_plain(rec, AT)


@pytest.mark.parametrize("encrypted", [False, True])
def test_a_changed_byte_in_the_final_state_is_refused_naming_the_file(rec, tmp_path, encrypted):
    """Inside the container (resealed by someone who can), the checksum over the bytes catches it."""
    key = box.SaveKey.derive("pw", params=box.KdfParams(n=2 ** 10)) if encrypted else None
    doc = encode_record(rec, AT)
    at = doc.index(b'"treasury": ') + len(b'"treasury": ')
    bad = doc[:at] + (b"9" if doc[at:at + 1] != b"9" else b"8") + doc[at + 1:]
    path = tmp_path / "tampered.json"
    path.write_bytes(box.encode(bad, box.Summary("x"), key))
    with pytest.raises(FileError, match=r"tampered\.json: checksum: the contents do not match the checksum"):
        load_game(path, key=key)


def test_a_tampered_final_state_with_its_checksum_recomputed_is_refused_by_the_state_hash(rec, tmp_path):
    data = json.loads(encode_record(rec, AT))
    data["state"]["nations"][0]["treasury"] += 1000.0
    path = tmp_path / "forged.json"
    path.write_bytes(box.encode(seal(data), box.Summary("x")))
    with pytest.raises(FileError, match=r"forged\.json: state_hash: the state does not match its hash"):
        load_game(path)


def test_a_format_1_save_is_migrated_after_its_own_checksum_is_checked(rec, tmp_path):
    v1 = record_to_plain(rec, AT)
    v1["format_version"] = 1
    v1["checksum"] = content_checksum(v1)          # format 1: the canonical JSON of the content
    path = tmp_path / "v1.json"
    path.write_bytes(box.encode(save_encode.encode_plain(v1), box.Summary("x")))
    loaded = load_game(path)
    assert loaded.format_version == 1 and "migrated from save format 1 to 2" in loaded.notes[0]
    assert loaded.record.state.state_hash() == rec.state.state_hash() and loaded.record.orders == rec.orders
    v1["players"] = {"0": "Mallory"}                # edited, the old checksum kept
    path.write_bytes(box.encode(save_encode.encode_plain(v1), box.Summary("x")))
    with pytest.raises(FileError, match=r"v1\.json: checksum: the contents do not match"):
        load_game(path)


def test_a_repeated_key_is_refused_when_the_checksum_does_not_cover_it(rec, tmp_path):
    doc = encode_record(rec, AT)
    path = tmp_path / "dup.json"
    path.write_bytes(doc.replace(b'\n "seed": ', b'\n "seed": 3,\n "seed": ', 1))
    with pytest.raises(FileError, match=r"dup\.json: duplicate key 'seed'"):
        load_game(path)


def test_an_autosave_encodes_only_the_turn_played_since_the_last_save(rec, tmp_path, monkeypatch):
    record = fresh(rec)
    saves.autosave(record, tmp_path)
    encoded = []
    real = save_encode.orders_to_plain
    monkeypatch.setattr(save_encode, "orders_to_plain", lambda o: encoded.append(o) or real(o))
    nxt = played(record, 1)
    path = saves.autosave(nxt, tmp_path)
    assert len(encoded) == len(nxt.orders[-1])                      # the new turn's orders, no others
    assert read_document(path) == encode_record(fresh(nxt), json.loads(read_document(path))["saved_at"])
    assert load_game(path).record.state.state_hash() == nxt.state.state_hash()


def test_the_body_of_a_save_of_kept_segments_is_one_plain_zlib_stream(rec, tmp_path):
    record = fresh(rec)
    save_game(record, tmp_path / "a.json")
    for turns in (1, 2):
        record = played(record, 1)
        path = save_game(record, tmp_path / "a.json")              # kept runs + the new turn
    raw = path.read_bytes()
    body = raw[raw.index(b"\n") + 1:]
    assert zlib.decompress(body) == read_document(path)
    assert len(body) * 4 < len(read_document(path))


def test_after_a_rollback_the_save_is_the_rolled_back_game(rec, tmp_path):
    record = fresh(rec)
    save_game(record, tmp_path / "g.json")
    back = rewind(record, 3)
    other = played(back, 1)                      # another turn 4 than the one saved before
    doc = read_document(save_game(other, tmp_path / "g.json"))
    assert doc == encode_record(fresh(other), json.loads(doc)["saved_at"])
    assert load_game(tmp_path / "g.json").record.state.state_hash() == other.state.state_hash()


def test_what_a_save_keeps_beside_a_turn_is_not_part_of_it(rec, tmp_path):
    record = fresh(rec)
    save_game(record, tmp_path / "g.json")
    first = record.state.history[0]
    assert save_encode._MEMO in first.__dict__
    again = pickle.loads(pickle.dumps(first))
    assert again == first and save_encode._MEMO not in again.__dict__


@pytest.mark.parametrize("was_enabled", [True, False])
def test_loading_and_saving_leave_the_garbage_collector_as_they_found_it(rec, tmp_path, was_enabled):
    path = save_game(rec, tmp_path / "g.json")
    (tmp_path / "bad.json").write_bytes(b'{"format_version": 2, ')
    try:
        (gc.enable if was_enabled else gc.disable)()
        load_game(path)
        save_game(rec, path)
        with pytest.raises(FileError):
            load_game(tmp_path / "bad.json")
        assert gc.isenabled() is was_enabled
    finally:
        gc.enable()
