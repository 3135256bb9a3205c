"""The save container (issue 11, secrets at rest): compressed and encrypted saves, the header the
Load screen reads, tampering, wrong passwords, private file modes, and bounded listing reads."""
from __future__ import annotations

import json
import os
import random
import stat
import zlib
from pathlib import Path

import pytest

from game.engine import save_container as box
from game.engine import saves
from game.engine.errors import FileError
from game.engine.save_container import DEFAULT_KDF, KdfParams, SaveKey
from game.engine.saves import (LockedSave, WrongPassword, autosave, encode_record, list_saves, load_game,
                               read_document, save_game, unlock)
from recorded import game

PW = "correct horse battery staple"


@pytest.fixture(scope="module")
def rec():
    return game("w2", 5, 6)


@pytest.fixture
def key():
    return SaveKey.derive(PW)


@pytest.mark.slow
def test_default_kdf_is_at_current_recommendations():
    assert box.KdfParams().n >= 2 ** 17 and box.KdfParams().r >= 8 and box.KdfParams().p >= 1
    k = SaveKey.derive(PW, params=KdfParams())          # the real cost, once
    assert k.params == KdfParams() and len(k.key) == 32 and k.matches(PW) and not k.matches(PW + "!")


def test_a_plain_save_is_compressed_and_round_trips(rec, tmp_path):
    path = save_game(rec, tmp_path / "g.json")
    raw = path.read_bytes()
    doc = encode_record(rec)
    assert raw.startswith(box.PREFIX) and len(raw) * 4 < len(doc)
    loaded = load_game(path)
    assert loaded.key is None and loaded.record.state.state_hash() == rec.state.state_hash()
    header = saves.read_header(path)
    assert not header.encrypted and header.summary.seed == 5 and header.summary.turn == rec.state.turn
    assert header.summary.mode == "AI only"


def test_an_encrypted_save_needs_its_password_and_hides_everything(rec, tmp_path, key):
    path = save_game(rec, tmp_path / "locked.json", key)
    raw = path.read_bytes()
    header_line, body = raw.split(b"\n", 1)
    head = json.loads(header_line)
    assert head["encrypted"] is True and "seed" not in head["summary"] and "players" not in head["summary"]
    for secret in (b"greedy", b"security_seeker", b"motives", b"statement", b"Aland", b"treasury"):
        assert secret not in body, secret
    with pytest.raises(LockedSave, match="locked.json: this save is encrypted: it needs its password"):
        load_game(path)
    with pytest.raises(WrongPassword, match="locked.json: wrong password"):
        load_game(path, password="not it")
    opened = load_game(path, password=PW)
    assert opened.record.state.state_hash() == rec.state.state_hash()
    assert opened.key is not None and opened.key.key == key.key
    assert load_game(path, key=opened.key).record.turns_played == rec.turns_played   # the game's key, no KDF
    other = SaveKey.derive("another one")
    with pytest.raises(WrongPassword):
        load_game(path, key=other)
    assert unlock(path, PW).key == key.key and unlock(save_game(rec, tmp_path / "p.json"), PW) is None


@pytest.mark.parametrize("where", ["body", "header", "tag"])
def test_tampering_with_an_encrypted_save_is_detected(rec, tmp_path, key, where):
    path = save_game(rec, tmp_path / "t.json", key)
    raw = bytearray(path.read_bytes())
    end = raw.index(b"\n")
    if where == "body":
        at = end + 1 + (len(raw) - end) // 2
    elif where == "header":
        at = raw.index(b'"turn": ') + len(b'"turn": ')        # the summary's turn: 7 -> 8, say
    else:
        at = len(raw) - 1
    raw[at] = raw[at] ^ 1
    path.write_bytes(bytes(raw))
    with pytest.raises(FileError, match="authentication tag does not match: the file was changed"):
        load_game(path, password=PW)


def test_a_truncated_container_or_hostile_header_is_a_clear_error(rec, tmp_path, key):
    good = save_game(rec, tmp_path / "g.json").read_bytes()
    cases = {
        "cut": (good[: len(good) // 2], "ends early"),
        "no header end": (good[:60], "header line is missing its end"),
        "newer": (good.replace(b'"container": 1', b'"container": 9', 1), "written by a newer version"),
        "bad json header": (box.PREFIX + b"1, oops\n", "header line is not valid JSON"),
    }
    locked = save_game(rec, tmp_path / "l.json", key).read_bytes()
    cases["huge kdf"] = (locked.replace(b'"n": 16384', b'"n": 1073741824', 1), "kdf.n: 1073741824 is not a power")
    cases["bad salt"] = (locked.replace(b'"salt": "', b'"salt": "!', 1), "malformed")
    cases["greedy memory"] = (locked.replace(b'"n": 16384', b'"n": 1048576', 1), "would need over 256 MiB")
    for name, (raw, expected) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(raw)
        with pytest.raises(FileError) as err:
            load_game(path, password=PW)
        assert str(err.value).startswith(str(path)) and expected in str(err.value), (name, str(err.value))


def test_a_compression_bomb_is_refused():
    head = box.encode(b"", box.Summary()).split(b"\n", 1)[0] + b"\n"
    bomb = head + zlib.compress(b" " * 5_000_000)
    with pytest.raises(box.ContainerError, match="unpacks to over 1000000 bytes"):
        box.decode(bomb, max_document=1_000_000)


def test_plain_json_saves_still_load(rec, tmp_path):
    path = tmp_path / "old.json"
    path.write_bytes(encode_record(rec))
    assert load_game(path).record.turns_played == rec.turns_played
    assert read_document(path) == path.read_bytes()


def test_files_and_folders_are_private_whatever_the_umask(rec, tmp_path, key, monkeypatch):
    if os.name != "posix":
        pytest.skip("POSIX modes")
    seen_tmp = []
    real_replace = os.replace

    def spy(src, dst):
        seen_tmp.append(stat.S_IMODE(os.stat(src).st_mode))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    old = os.umask(0o022)
    try:
        path = save_game(rec, tmp_path / "a" / "b" / "g.json", key)
        auto = autosave(rec, tmp_path / "saves" / "autosave")
        existing = tmp_path / "mine"
        existing.mkdir(mode=0o755)
        old_auto = existing / "autosave-000001-turn001.json"
        old_auto.write_bytes(encode_record(rec))     # as an earlier version left it: 0644
        os.chmod(old_auto, 0o644)
        autosave(rec, existing)                      # the autosave folder is the game's: tightened
    finally:
        os.umask(old)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(path) == mode(auto) == 0o600
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700
    assert mode(tmp_path / "saves") == mode(tmp_path / "saves" / "autosave") == 0o700
    assert mode(existing) == 0o700 and mode(old_auto) == 0o600
    assert seen_tmp and set(seen_tmp) == {0o600}


def test_listing_reads_only_headers_and_a_huge_junk_file_is_unreadable(rec, tmp_path, key, monkeypatch):
    save_game(rec, tmp_path / "plain.json")
    save_game(rec, tmp_path / "locked.json", key)
    junk = tmp_path / "junk.json"
    with open(junk, "wb") as f:                 # 3 GiB (sparse), junk from the first byte
        # seeded, and not opening like JSON: a random first byte of '{' or a blank (5 values of 256,
        # one run in ~50) made the listing take it for an old plain save ("not a complete saved game")
        f.write(b"\x00" + random.Random(7).randbytes(4095))
        f.truncate(3 * 1024 ** 3)
    reads: list[tuple[str, int, int]] = []
    real = saves._read_prefix

    def bounded(path, limit):
        data = real(path, limit)
        reads.append((path.name, limit, len(data)))
        return data

    monkeypatch.setattr(saves, "_read_prefix", bounded)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("a listing read a whole file"))
    info = {i.path.name: i for i in list_saves(tmp_path)}
    assert not info["junk.json"].ok and "not a saved game" in info["junk.json"].problem
    assert info["plain.json"].ok and info["plain.json"].seed == 5 and not info["plain.json"].encrypted
    assert info["locked.json"].ok and info["locked.json"].encrypted and info["locked.json"].seed == 0
    assert info["locked.json"].scenario == "Four Worlds" and info["locked.json"].turn == rec.state.turn
    assert {name for name, _, _ in reads} == {"junk.json", "plain.json", "locked.json"}
    assert all(limit == box.HEADER_MAX_BYTES and got <= limit for _, limit, got in reads)


def test_a_large_plain_save_is_summarised_from_its_first_part(rec, tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    doc = encode_record(rec)
    path.write_bytes(doc)
    limit = doc.index(b'\n "pending"') + 1          # the state and what comes before it, not the turns
    assert path.stat().st_size > limit * 1.5
    monkeypatch.setattr(saves, "LEGACY_SUMMARY_BYTES", limit)
    monkeypatch.setattr(saves, "read_json", lambda *a, **k: pytest.fail("parsed in full"))
    (info,) = list_saves(tmp_path)
    assert info.ok and info.scenario == "Four Worlds" and info.turn == rec.state.turn and info.seed == 5


def test_the_default_kdf_in_tests_is_the_cheap_one():
    assert DEFAULT_KDF == KdfParams() and box.DEFAULT_KDF.n == 2 ** 14     # see conftest.fast_kdf
