"""Saved games: exact round trips (hypothesis), atomic writes under SIGKILL, autosave rotation,
migration, and every kind of bad save refused with a message naming the file and the place."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.simple import simple_orders
from game.engine.errors import FileError
from game.engine.orders import Move, Orders, orders_to_plain
from game.engine.record import Intervention, ScenarioSource, start_game
from game.engine.replay import verify
from game.engine.save_migrations import MIGRATIONS
from game.engine.save_schema import (FORMAT_VERSION, NationModel, OrdersModel, SaveModel, StateModel,
                                     TurnRecordModel)
from game.engine.saves import (MAX_SAVE_BYTES, autosave, check_save_target, encode_record, list_saves, load_game,
                               record_to_plain, save_game)
from game.engine.state import Alliance, AllianceCall, Nation, TurnRecord, state_from_plain, turn_record_from_plain, turn_record_to_plain
from game.sim.runner import play
from recorded import FOUR_WORLDS, ROOT, VARIANTS, game, played, read, write

# --- exact round trips -------------------------------------------------------------------------------


def continue_hashes(state, turns: int) -> list[str]:
    return [r.state.state_hash() for r in play(state, turns, simple_orders)]


def test_state_from_plain_rebuilds_the_hash_and_plays_on_identically():
    rec = game("w1", seed=5, turns=12)
    s = rec.state
    start = start_game(FOUR_WORLDS, "w1", 5).state
    history = [turn_record_from_plain(json.loads(json.dumps(turn_record_to_plain(t)))) for t in s.history]
    again = state_from_plain(json.loads(json.dumps(s.to_plain(exact=True))), start, history)
    assert again.state_hash() == s.state_hash()
    assert again.history == s.history and all(isinstance(t, TurnRecord) for t in again.history)
    assert continue_hashes(again, 8) == continue_hashes(s, 8)
    # the canonical (rounded) form also gives the same hash
    assert state_from_plain(s.to_plain(), start).state_hash() == s.state_hash()


@pytest.fixture(scope="module")
def save_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("saves")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**31), variant=st.sampled_from(VARIANTS), turns=st.integers(0, 14),
       more=st.integers(1, 6), d=st.sampled_from([None, "0.1", "0.9"]))
@pytest.mark.slow
def test_save_load_round_trip_over_random_games(save_dir, seed, variant, turns, more, d):
    sets = () if d is None else (f"era.distinguishability={d}",)
    rec = game(variant, seed, turns, sets)
    path = save_game(rec, save_dir / f"g{seed}-{variant}-{turns}.json")
    loaded = load_game(path)
    back = loaded.record
    assert loaded.notes == () and loaded.format_version == FORMAT_VERSION
    assert back.state.state_hash() == rec.state.state_hash()
    assert back.state.history == rec.state.history
    assert back.orders == rec.orders and back.sets == sets and back.controllers == rec.controllers
    assert record_to_plain(back, "t") == json.loads(json.dumps(record_to_plain(rec, "t")))
    if not rec.state.finished:
        assert continue_hashes(back.state, more) == continue_hashes(rec.state, more)
        assert played(back, more).state.history == played(rec, more).state.history


def test_round_trip_keeps_players_interventions_and_pending(tmp_path):
    rec = replace(game("w2", 3, 4), players={0: "Ann", 1: "Ben"})
    rec, _ = rec.intervene(Intervention("edit", {"path": "A.treasury", "value": 321.5}))
    rec, _ = rec.intervene(Intervention("message", {"text": "Talks in Geneva", "to": [1]}))
    rec = played(rec, 2)
    rec, events = rec.intervene(Intervention("edit", {"path": "era.distinguishability", "value": 0.8}))
    assert events and rec.pending and rec.state.era.distinguishability == 0.8
    back = load_game(save_game(rec, tmp_path / "s.json")).record
    assert back.players == {0: "Ann", 1: "Ben"}
    assert back.interventions == rec.interventions and back.pending == rec.pending
    assert back.state.state_hash() == rec.state.state_hash()
    assert [e.text for e in back.events[4]][:2] == [e.text for e in rec.events[4]][:2]
    assert verify(back).ok


def test_a_30_turn_save_is_small(tmp_path):
    rec = game("w1", 2, 30, policy=None)           # the full AI, whose orders carry their motives
    size = save_game(rec, tmp_path / "thirty.json").stat().st_size
    assert rec.turns_played == 30 and size < 1_000_000, size


def test_the_save_schema_matches_the_engine_values():
    """If an engine value gains a field, the save format must learn it (and maybe migrate)."""
    rec = game("w1", 1, 3)
    s = dataclasses.replace(rec.state, alliances=(Alliance("3:0", (0, 1), 3),), calls=(AllianceCall("3:0", 1, 0, 0, 3),),
                            abandoned=((1, 2),))     # alliance keys are written only when not empty
    assert set(StateModel.model_fields) == set(s.to_plain())
    assert set(NationModel.model_fields) == {f.name for f in dataclasses.fields(Nation)}
    assert set(TurnRecordModel.model_fields) == {f.name for f in dataclasses.fields(TurnRecord)}
    # leave_alliance and moves are written only when set (older saves have neither)
    assert set(OrdersModel.model_fields) == set(orders_to_plain(Orders(0, leave_alliance=True,
                                                                       moves=(Move(0, 1, (("infantry", 1),)),))))
    assert set(SaveModel.model_fields) == set(record_to_plain(rec)) | {"checksum"}   # added by encode_record


# --- scenario file moved or changed -----------------------------------------------------------------

def test_the_embedded_scenario_is_used_when_the_file_changed_or_moved(tmp_path):
    scn = tmp_path / "copy.yaml"
    scn.write_bytes(FOUR_WORLDS.read_bytes())
    rec = played(start_game(scn, "w3", 4), 5)
    path = save_game(rec, tmp_path / "s.json")
    assert load_game(path).notes == ()
    scn.write_text(FOUR_WORLDS.read_text().replace("Aland", "Xland"))
    changed = load_game(path)
    assert changed.record.state.state_hash() == rec.state.state_hash()
    assert any("has changed" in n and str(scn) in n for n in changed.notes)
    assert verify(changed.record).ok
    scn.unlink()
    moved = load_game(path)
    assert any("not there" in n for n in moved.notes) and verify(moved.record).ok


def test_generated_scenarios_have_no_path_and_still_round_trip(tmp_path):
    src = ScenarioSource.from_text(FOUR_WORLDS.read_text())
    rec = played(start_game(src, "w2", 9), 4)
    back = load_game(save_game(rec, tmp_path / "gen.json"))
    assert back.notes == () and back.record.source.path == "" and verify(back.record).ok


# --- atomic writes --------------------------------------------------------------------------------

CHILD = """
import os, signal, sys
from game.engine.saves import load_game, save_game
record = load_game(sys.argv[1]).record
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if sys.argv[3] == "replace":
    os.replace = die        # killed after the data is written and fsynced, before the rename
elif sys.argv[3] == "fsync":
    os.fsync = die          # killed after writing, before the data is on disk
save_game(record, sys.argv[2])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_at", ["replace", "fsync", "never"])
@pytest.mark.slow
def test_a_save_killed_mid_write_leaves_the_old_file_intact(tmp_path, kill_at):
    target = save_game(game("w1", 1, 3), tmp_path / "slot.json")
    newer = save_game(game("w4", 2, 9), tmp_path / "newer.json")
    before = target.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(newer), str(target), kill_at], env=env,
                          capture_output=True, timeout=120)
    if kill_at == "never":          # the control: without the kill the slot is replaced
        assert proc.returncode == 0, proc.stderr
        assert load_game(target).record.state.turn == 10
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        return
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert target.read_bytes() == before
    assert load_game(target).record.state.turn == 4
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers and all(p.name.startswith(".slot.json.") for p in leftovers)
    assert {i.path.name for i in list_saves(tmp_path)} == {"slot.json", "newer.json"}


def test_save_game_overwrites_a_save_but_never_another_file(tmp_path):
    rec = game("w1", 1, 2)
    path = save_game(rec, tmp_path / "a.json")
    save_game(played(rec, 1), path)
    assert load_game(path).record.turns_played == 3
    scenario_copy = tmp_path / "scenario.json"
    scenario_copy.write_text('{"name": "not a save"}')
    with pytest.raises(FileError, match="not a Security Dilemma save; not overwriting"):
        save_game(rec, scenario_copy)
    assert scenario_copy.read_text() == '{"name": "not a save"}'
    with pytest.raises(FileError, match="not a regular file"):
        check_save_target(tmp_path)


# --- autosave and listing ---------------------------------------------------------------------------

def test_autosave_keeps_the_last_ten(tmp_path):
    folder = tmp_path / "auto"
    rec = start_game(FOUR_WORLDS, "w2", 3)
    (tmp_path / "auto").mkdir()
    keep = folder / "my-own-save.json"
    save_game(rec, keep)
    written = []
    for _ in range(13):
        rec = played(rec, 1)
        written.append(autosave(rec, folder))
    autos = sorted(p.name for p in folder.iterdir() if p.name.startswith("autosave-"))
    assert autos == sorted(p.name for p in written[-10:])
    assert autos[0] == "autosave-000004-turn005.json" and autos[-1] == "autosave-000013-turn014.json"
    assert keep.exists()
    assert load_game(written[-1]).record.turns_played == 13
    assert not written[2].exists()
    listed = list_saves(folder)
    assert len(listed) == 11 and all(i.ok for i in listed)
    assert {i.turn for i in listed if i.path.name.startswith("autosave")} == set(range(5, 15))


def test_list_saves_marks_unreadable_files_and_skips_others(tmp_path):
    save_game(replace(game("w3", 7, 2), players={0: "Ann"}), tmp_path / "good.json")
    (tmp_path / "broken.json").write_text('{"format": "security-dilemma-save", "format_version": 1, "sta')
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / ".good.json.abc.tmp").write_text("{}")
    info = {i.path.name: i for i in list_saves(tmp_path)}
    assert set(info) == {"good.json", "broken.json"}
    good, broken = info["good.json"], info["broken.json"]
    assert good.ok and good.scenario == "Four Worlds" and good.variant == "w3" and good.turn == 3
    assert good.players == ("Ann",) and good.seed == 7
    assert not broken.ok and "broken.json:1:" in broken.problem and "truncated" in broken.problem
    assert list_saves(tmp_path / "missing") == []


# --- migration -------------------------------------------------------------------------------------

def to_v0(v1: dict) -> dict:
    """The documented format-0 layout of a format-1 save (flat scenario keys and parallel lists)."""
    return {"format_version": 0, "saved_at": v1["saved_at"],
            "scenario_path": v1["scenario"]["path"], "scenario_sha256": v1["scenario"]["sha256"],
            "scenario_text": v1["scenario"]["text"], "variant": v1["variant"], "sets": v1["sets"],
            "seed": v1["seed"], "controllers": v1["controllers"], "state_hash": v1["state_hash"],
            "state": v1["state"], "orders": [t["orders"] for t in v1["turns"]],
            "events": [t["events"] for t in v1["turns"]], "history": [t["record"] for t in v1["turns"]]}


def test_a_format_0_save_is_migrated(tmp_path):
    assert 0 in MIGRATIONS
    rec = game("w4", 11, 7)
    path = tmp_path / "old.json"
    write(path, to_v0(read(save_game(rec, tmp_path / "new.json"))))
    loaded = load_game(path)
    assert loaded.format_version == 0 and any("migrated from save format 0" in n for n in loaded.notes)
    assert loaded.record.state.state_hash() == rec.state.state_hash()
    assert loaded.record.orders == rec.orders and verify(loaded.record).ok
    resaved = read(save_game(loaded.record, tmp_path / "resaved.json"))
    assert resaved["format_version"] == FORMAT_VERSION


def test_a_broken_format_0_save_says_what_is_missing(tmp_path):
    data = to_v0(read(save_game(game("w4", 11, 2), tmp_path / "new.json")))
    del data["history"]
    write(tmp_path / "old.json", data)
    with pytest.raises(FileError, match=r"old.json: cannot migrate this format 0 save to format 1: missing 'history'"):
        load_game(tmp_path / "old.json")


# --- bad saves -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def good_save(tmp_path_factory) -> Path:
    """A plain JSON save (the document alone, as saves were before the container; still loaded), so
    that byte-level damage reaches the JSON parser and the checks behind it."""
    path = tmp_path_factory.mktemp("good") / "good.json"
    path.write_bytes(encode_record(game("w1", 4, 8)))
    return path


def edit(fn):
    def apply(data: dict) -> dict:
        fn(data)
        return data
    return apply


BAD_EDITS = {
    "newer format": (edit(lambda d: d.update(format_version=FORMAT_VERSION + 1)), f"format_version: this save is in format {FORMAT_VERSION + 1}, written by a newer version"),
    "format version text": (edit(lambda d: d.update(format_version="1")), "format_version: must be a whole number"),
    "format version negative": (edit(lambda d: d.update(format_version=-1)), "format_version: format -1 is too old"),
    "no format version": (edit(lambda d: d.pop("format_version")), "not a Security Dilemma save (no format_version)"),
    "other format": (edit(lambda d: d.update(format="a-spreadsheet")), "format: not a Security Dilemma save"),
    "json array": (lambda d: [d], "not a Security Dilemma save (the file is JSON but not an object)"),
    "unknown key": (edit(lambda d: d.update(cheats=True)), "cheats: Extra inputs are not permitted"),
    "treasury not a number": (edit(lambda d: d["state"]["nations"][0].update(treasury="lots")), "state.nations[0].treasury: Input should be a valid number"),
    "missing state": (edit(lambda d: d.pop("state")), "state: Field required"),
    "bad stance": (edit(lambda d: d["turns"][2]["orders"]["0"]["stances"].update({"1": "X"})), "turns[2].orders.0.stances.1: Input should be 'C' or 'D'"),
    "tampered treasury": (edit(lambda d: d["state"]["nations"][0].update(treasury=d["state"]["nations"][0]["treasury"] + 500)), "state_hash: the state does not match its hash"),
    "tampered treasury, state hash fixed": (edit(lambda d: (d["state"]["nations"][1].update(treasury=9999.0), d.update(state_hash=_hash_of(d)))), "turns[7].record.state_hash: is "),
    "orders of a nation that does not exist": (edit(lambda d: d["turns"][3]["orders"].update({"7": {**d["turns"][3]["orders"]["0"], "nation": 7}})), "turns[3].orders.7: orders for nation 7, but this scenario has nations 0 to 1"),
    "orders filed under another nation": (edit(lambda d: d["turns"][1]["orders"]["0"].update(nation=1)), "turns[1].orders.0.nation: is 1"),
    "a turn missing": (edit(lambda d: d["turns"].pop()), "turns: 7 turns are recorded but the state is at turn 9"),
    "turn numbers shuffled": (edit(lambda d: d["turns"][4].update(turn=9)), "turns[4].turn: is 9; expected 5"),
    "scenario text edited": (edit(lambda d: d["scenario"].update(text=d["scenario"]["text"].replace("Aland", "Xland"))), "scenario.text: the stored scenario does not match its sha256"),
    "scenario map edited with its hash": (edit(lambda d: _set_scenario(d, d["scenario"]["text"].replace('"hf,,,..,,,fh"', '"ff,,,..,,,fh"', 1))), "state.map: the state is for map"),
    "unknown variant": (edit(lambda d: d.update(variant="w9")), "variants: no variant 'w9'"),
    "bad --set": (edit(lambda d: d["sets"].append("no_equals_sign")), "a --set needs the form key=value"),
    "owner out of range": (edit(lambda d: d["state"]["owner"].__setitem__(d["state"]["owner"].index(0), 5)), "state.owner["),
    "unknown unit type": (edit(lambda d: next(iter(d["state"]["units"].values())).update(death_ray=3)), "unknown unit type"),
    "nations missing": (edit(lambda d: d["state"]["nations"].pop()), "state.nations: has 1 nations; the scenario has 2"),
    "controller of a nation that does not exist": (edit(lambda d: d["controllers"].update({"4": "human"})), "controllers.4: no nation 4"),
    "wrong generator": (edit(lambda d: d["state"]["rng"].update(bit_generator="MT19937")), "state.rng.bit_generator: Input should be 'PCG64'"),
    "event visible to nobody real": (edit(lambda d: d["turns"][0]["events"][0].update(visible_to=[3])), "turns[0].events[0].visible_to"),
}


def _set_scenario(d: dict, text: str) -> None:
    d["scenario"]["text"] = text
    d["scenario"]["sha256"] = hashlib.sha256(text.encode()).hexdigest()


def _hash_of(d: dict) -> str:
    """The hash a loader would compute for the state in ``d`` (as a careful cheat would)."""
    from game.engine.save_checks import record_from_model
    probe = json.loads(json.dumps(d))
    probe["state_hash"] = "0" * 16
    try:
        record_from_model(SaveModel.model_validate_json(json.dumps(probe), strict=True), "probe")
    except FileError as exc:
        return str(exc).split("computed ")[1][:16]
    raise AssertionError("the probe should have failed")


@pytest.mark.parametrize("name", list(BAD_EDITS))
def test_every_kind_of_edited_save_is_refused_with_file_and_place(good_save, tmp_path, name):
    change, expected = BAD_EDITS[name]
    path = tmp_path / "edited.json"
    write(path, change(read(good_save)))
    before = path.read_bytes()
    with pytest.raises(FileError) as err:
        load_game(path)
    text = str(err.value)
    assert expected in text, text
    assert all(str(path) in line for line in text.splitlines() if "embedded scenario" not in line), text
    assert path.read_bytes() == before


RAW_FILES = {
    "empty": (b"", "the file is empty"),
    "blank": (b"  \n\n", "the file is empty"),
    "not utf-8": (b'{"format": "\xff\xfe"}', ":1:13: not valid UTF-8 (byte 0xff)"),
    "not json": (b"format_version: 1\n", ":1:1: not valid JSON: Expecting value; this does not look like a saved game"),
    "duplicate key": (b'{"format_version": 1, "format_version": 2}', "duplicate key 'format_version'"),
    "deep nesting": (b"[" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("name", list(RAW_FILES))
def test_files_that_are_not_json_saves_are_refused(tmp_path, name):
    raw, expected = RAW_FILES[name]
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    with pytest.raises(FileError) as err:
        load_game(path)
    assert str(err.value).startswith(str(path)) and expected in str(err.value), str(err.value)
    assert path.read_bytes() == raw


def test_a_truncated_save_names_the_line_and_column(good_save, tmp_path):
    raw = good_save.read_bytes()
    for cut in (len(raw) // 3, len(raw) - 10):
        path = tmp_path / f"cut{cut}.json"
        path.write_bytes(raw[:cut])
        with pytest.raises(FileError) as err:
            load_game(path)
        issue = err.value.issues[0]
        assert issue.file == str(path) and issue.line and issue.col and "truncated" in issue.message


def test_a_corrupted_byte_is_refused(good_save, tmp_path):
    raw = bytearray(good_save.read_bytes())
    raw[len(raw) // 2] = ord("}")
    path = tmp_path / "flip.json"
    path.write_bytes(bytes(raw))
    with pytest.raises(FileError, match=r"flip\.json(:\d+:\d+: not valid JSON|: checksum: the contents do not match)"):
        load_game(path)


def test_a_flipped_letter_inside_an_event_text_is_caught_by_the_checksum(good_save, tmp_path):
    raw = good_save.read_bytes()
    at = raw.index(b'"text": "') + len(b'"text": "')
    path = tmp_path / "text.json"
    path.write_bytes(raw[:at] + (b"X" if raw[at:at + 1] != b"X" else b"Y") + raw[at + 1:])
    with pytest.raises(FileError, match=r"text\.json: checksum: the contents do not match the checksum"):
        load_game(path)


def test_an_unsealed_hand_edit_is_refused_and_a_missing_checksum_too(good_save, tmp_path):
    data = read(good_save)
    data["players"] = {"0": "Mallory"}
    path = tmp_path / "edit.json"
    write(path, data, seal=False)
    with pytest.raises(FileError, match="checksum: the contents do not match"):
        load_game(path)
    del data["checksum"]
    write(path, data, seal=False)
    with pytest.raises(FileError, match="checksum: missing"):
        load_game(path)


def test_size_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:          # sparse: no 64 MiB actually written
        f.truncate(MAX_SAVE_BYTES + 1)
    with pytest.raises(FileError, match=rf"huge.json: file is {MAX_SAVE_BYTES + 1} bytes \(64.0 MiB\), over the limit .* for a save"):
        load_game(path)


def test_missing_files_and_directories_are_refused(tmp_path):
    with pytest.raises(FileError, match="nope.json: file not found"):
        load_game(tmp_path / "nope.json")
    with pytest.raises(FileError, match="is a directory, not a save"):
        load_game(tmp_path)


SEMINAR = """
seminar:
  injects:
    - {id: tanks, name: Tanks arrive, when: {turn: 3}, actions: [{era: "1940"}, {message: Armour now., to: [A]}]}
    - {id: embargo, name: Embargo, actions: [{trade_shock: 0.0}]}
    - {id: raid, name: Border raid, actions: [{attack: {by: A, target: [6, 3]}}]}
"""


def test_seminar_games_with_injects_and_facilitator_actions_round_trip(tmp_path):
    src = ScenarioSource.from_text(FOUR_WORLDS.read_text().split("\nseminar:")[0] + "\n" + SEMINAR, "seminar.yaml")
    rec = played(start_game(src, "w2", 5), 1)
    rec, _ = rec.intervene(Intervention("inject", {"id": "embargo"}))
    rec, _ = rec.intervene(Intervention("inject", {"id": "raid"}))
    rec = played(rec, 4)
    fired = {i for i, _ in rec.state.fired}
    assert fired == {"tanks", "embargo", "raid"} and rec.state.era.key == "1940"
    assert rec.state.params.trade_factor == 0.0 and rec.state.injects
    loaded = load_game(save_game(rec, tmp_path / "seminar.json"))
    back = loaded.record
    assert back.state.state_hash() == rec.state.state_hash() and back.state.injects == rec.state.injects
    assert back.state.fired == rec.state.fired and verify(back).ok
    assert any("not there" in n for n in loaded.notes)      # seminar.yaml never existed as a file
    assert continue_hashes(back.state, 3) == continue_hashes(rec.state, 3)


def test_the_saves_dir_is_the_user_data_dir_unless_overridden(tmp_path, monkeypatch):
    import platformdirs
    from game import userdirs
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app, appauthor=None: str(tmp_path / "data" / app))
    assert userdirs.saves_dir() == tmp_path / "data" / "SecurityDilemma" / "saves"
    assert userdirs.autosave_dir() == tmp_path / "data" / "SecurityDilemma" / "saves" / "autosave"
    assert userdirs.saves_dir(tmp_path / "mine") == tmp_path / "mine"
    assert userdirs.autosave_dir(str(tmp_path / "mine")) == tmp_path / "mine" / "autosave"
    assert not (tmp_path / "data").exists()         # nothing is created until something is saved


def test_new_save_path_suggests_a_free_readable_name(tmp_path):
    from game.engine.saves import new_save_path
    rec = game("w1", 1, 5)
    first = new_save_path(tmp_path, rec)
    assert first == tmp_path / "four-worlds-w1-turn06.json"  # 5 turns played: it stands at turn 6
    save_game(rec, first)
    assert new_save_path(tmp_path, rec) == tmp_path / "four-worlds-w1-turn06-2.json"
