"""Hostile files and disks get one clear line (issue 11 §2): run --out on a full or unwritable disk,
deep --set values, malformed saves under replay --verify, rollback and resume, and the temporary
files a killed save leaves behind (removed later, never a good save)."""
from __future__ import annotations

import copy
import errno
import os
import time
from pathlib import Path

import pytest

import hostile
from game.cli import main as cli
from game.cli import cmd_run
from game.engine.errors import FileError
from game.engine.record import Intervention
from game.engine.replay import rewind, verify
from game.engine.saves import load_game, save_game
from game.engine.stale_temps import STALE_AFTER_S, remove_stale_temps
from game.sim.runner import play
from recorded import FOUR_WORLDS, game, read, write

RUN = ["run", "--scenario", str(FOUR_WORLDS), "--variant", "w1", "--turns", "3", "--quiet"]


def one_clear_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    return err


# --- run --out -------------------------------------------------------------------------------------

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_run_out_on_a_full_disk_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "turns.csv").symlink_to("/dev/full")      # every write: ENOSPC, as on a full disk
    assert cli(RUN + ["--out", str(out)]) == 2
    assert "No space left on device" in one_clear_line(capsys)


def test_run_out_where_no_folder_can_be_made_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli(RUN + ["--out", str(blocker / "out")]) == 2
    assert str(blocker) in one_clear_line(capsys)


def test_run_out_on_a_read_only_disk_is_one_line_and_exit_2(tmp_path: Path, capsys, monkeypatch) -> None:
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))
    monkeypatch.setattr(cmd_run, "open", read_only, raising=False)     # tests run as root: chmod cannot
    assert cli(RUN + ["--out", str(tmp_path / "out")]) == 2
    assert os.strerror(errno.EROFS) in one_clear_line(capsys)


def test_run_out_that_works_writes_every_turn(tmp_path: Path, capsys) -> None:
    assert cli(RUN + ["--out", str(tmp_path)]) == 0
    rows = (tmp_path / "turns.csv").read_text().splitlines()
    assert rows[0].startswith("turn,") and {r.split(",")[0] for r in rows[1:]} == {"1", "2", "3"}


# --- --set ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["[" * 3000, "- " * 2000 + "x", "{a: " * 500 + "1" + "}" * 500])
def test_deeply_nested_set_values_are_one_line_and_exit_2(value: str, capsys) -> None:
    assert cli(RUN + ["--set", f"params.cumulativity={value}"]) == 2
    assert "nests deeper than" in one_clear_line(capsys)


@pytest.mark.parametrize("value", [".inf", ".nan", "1.0e308", "-5.0e-324", "!!float ''", "!!bool maybe"])
def test_hostile_set_values_are_located_and_exit_2(value: str, capsys) -> None:
    assert cli(RUN + ["--set", f"era.distinguishability={value}"]) == 2
    assert "distinguishability" in one_clear_line(capsys)


# --- malformed saves: load, verify, rollback, resume -------------------------------------------------

@pytest.fixture(scope="module")
def seminar_save(tmp_path_factory) -> Path:
    rec = game("w1", 1, 3)
    rec, _ = rec.intervene(Intervention("edit", {"path": "A.treasury", "value": 50}))
    rec = rec.post(None, "hello")
    return save_game(rec, tmp_path_factory.mktemp("s") / "seminar.json")


def _at(data: dict, path: tuple, value) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    if isinstance(node, list) and path[-1] == len(node):
        node.append(value)
    else:
        node[path[-1]] = value


PLACES = [("pending", "interventions", 0, "args"), ("pending", "interventions", 0, "args", "path"),
          ("pending", "interventions", 0, "args", "value"), ("pending", "interventions", 0, "kind"),
          ("pending", "interventions", 1), ("turns", 0, "interventions", 0),
          ("state", "rng", "state", "state"), ("state", "rng", "state", "inc"), ("state", "rng", "has_uint32"),
          ("state", "rng", "uinteger"), ("state", "rng"), ("state", "nations", 0, "queue"),
          ("state", "nations", 0, "queue", 0), ("state", "pending_attacks"), ("state", "pending_attacks", 0),
          ("state", "warned", 0), ("state", "proposals", 0), ("state", "treaties", 0), ("state", "last_stances", "9>0"),
          ("state", "units", "0"), ("state", "fired", 0), ("state", "nations", 0, "treasury"),
          ("state", "params", "cumulativity"), ("state", "era", "defence_tech"), ("state", "victory", "territory_share"),
          ("sets", 0), ("turns", 0, "orders", "0", "builds", 0), ("turns", 0, "orders", "0", "attacks", 0),
          ("turns", 0, "orders", "0", "proposals", 0), ("turns", 0, "orders", "0", "budget"), ("messages", 0, "to")]


def _try_all(seminar_save: Path, tmp_path: Path, place: tuple, values: tuple, capsys) -> None:
    base = read(seminar_save)
    for k, value in enumerate(values):
        data = copy.deepcopy(base)
        try:
            _at(data, place, value)
        except (KeyError, IndexError, TypeError):
            continue
        path = tmp_path / f"m{k}.json"
        write(path, hostile.reseal(data))
        try:
            record = load_game(path).record
        except FileError as exc:
            assert all(i.file.startswith(str(path)) for i in exc.issues)
        else:
            verify(record)                                  # ok or not, never an exception
            try:
                rewind(record, 1)
            except ValueError:
                pass
            for _ in play(record.state, 1):                 # resume: play on from the loaded state
                pass
        rc = cli(["replay", str(path), "--verify", "--quiet"])
        out = capsys.readouterr()
        assert rc in (0, 1, 2) and "Traceback" not in out.err


@pytest.mark.slow
@pytest.mark.parametrize("place", PLACES, ids=lambda p: ".".join(map(str, p)))
def test_malformed_saves_never_crash_load_verify_rollback_or_resume(seminar_save: Path, tmp_path: Path, place,
                                                                    capsys) -> None:
    _try_all(seminar_save, tmp_path, place, hostile.HOSTILE_VALUES, capsys)


@pytest.mark.parametrize("place,value", [
    (("pending", "interventions", 0, "args"), {}), (("pending", "interventions", 0, "args", "value"), {"a": 1}),
    (("pending", "interventions", 0, "args", "value"), "inf"), (("state", "rng", "state", "state"), 2**200),
    (("state", "nations", 0, "queue"), [["nosuch", 99999, 1, 1]]), (("state", "pending_attacks"), [[7, 99999]]),
    (("state", "last_stances", "9>0"), "C"), (("state", "era", "defence_tech"), 5e-324),
    (("sets", 0), "params.cumulativity=" + "[" * 200)], ids=lambda x: ".".join(map(str, x)) if isinstance(x, tuple) else "")
def test_typical_malformed_saves_get_clear_errors(seminar_save: Path, tmp_path: Path, place, value, capsys) -> None:
    _try_all(seminar_save, tmp_path, place, (value,), capsys)


# --- temporary files of killed saves ------------------------------------------------------------------

def test_leftover_temporary_files_are_removed_by_the_next_save_and_nothing_else(tmp_path: Path) -> None:
    rec = game("w1", 1, 2)
    good = save_game(rec, tmp_path / "good.json")
    odd_names = [".good.json.abcd1234.tmp.json", "good.json.abcd1234.tmp", ".x.tmp", "notes.tmp", ".good.json.ABCDEFGH.tmp"]
    for name in odd_names:
        save_game(rec, tmp_path / name) if name.endswith(".json") else (tmp_path / name).write_bytes(good.read_bytes())
    old_leftover = tmp_path / ".good.json.k2x_9a0b.tmp"
    young_leftover = tmp_path / ".good.json.zz11yy22.tmp"
    folder_lookalike = tmp_path / ".good.json.qqqqqqqq.tmp"
    link_lookalike = tmp_path / ".good.json.llllllll.tmp"
    for p in (old_leftover, young_leftover):
        p.write_bytes(good.read_bytes()[:100])
    folder_lookalike.mkdir()
    link_lookalike.symlink_to(good)
    past = time.time() - STALE_AFTER_S - 10
    for p in (old_leftover, link_lookalike, good, *(tmp_path / n for n in odd_names)):
        os.utime(p, (past, past), follow_symlinks=False)
    os.utime(folder_lookalike, (past, past))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file() and not p.is_symlink()}

    save_game(rec, tmp_path / "other.json")          # the next save cleans up

    assert not old_leftover.exists()
    assert young_leftover.exists() and folder_lookalike.is_dir() and link_lookalike.is_symlink()
    for name, data in before.items():
        if name != old_leftover.name:
            assert (tmp_path / name).read_bytes() == data, name
    assert load_game(good).record.state.state_hash() == rec.state.state_hash()


def test_removing_leftovers_never_raises(tmp_path: Path) -> None:
    assert remove_stale_temps(tmp_path / "missing") == []
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert remove_stale_temps(blocker) == []
