"""The batch command: streamed games.csv, summary.csv against a hand aggregation, manifest,
determinism across worker counts, --set/--sweep cells, bad input, and replay with ``run``."""
from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.cli.cmd_batch import GAMES_FIELDS, run_batch
from game.engine.scenario import load_scenario
from game.sim.batch import (SUMMARY_FIELDS, Cell, chunk_size, game_seed, parse_sweep, plan_cells,
                            run_command, tasks_in_order)
from game.sim.progress import ProgressBar, format_duration
from game.sim.runner import default_policy
from game.sim.stats import ClusteredRate, bootstrap_ratio_interval, intervals_overlap, wilson_interval

MAP = "maps/four_worlds.yaml"
REQUIRED_SUMMARY = ["variant", "world", "games", "mutual_coop_rate", "mutual_coop_ci_low", "mutual_coop_ci_high",
                    "war_rate", "arms_share", "first_strike_rate"]


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def batch(tmp_path: Path, *extra: str, name: str = "out", games: int = 3, turns: int = 2,
          workers: int = 1, variant: str = "all") -> Path:
    out = tmp_path / name
    argv = ["batch", "--scenario", MAP, "--variant", variant, "--games", str(games), "--turns", str(turns),
            "--seed", "7", "--workers", str(workers), "--out", str(out), "--no-progress", *extra]
    assert main(argv) == 0
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return batch(tmp_path_factory.mktemp("batch"))


# --- games.csv ----------------------------------------------------------------------------------

def test_games_csv_has_one_row_per_game_with_its_seed_and_run_command(small: Path) -> None:
    rows = read_csv(small / "games.csv")
    assert list(rows[0]) == GAMES_FIELDS
    assert len(rows) == 4 * 3
    assert [(r["variant"], int(r["game"])) for r in rows] == [(v, g) for g in range(3) for v in ("w1", "w2", "w3", "w4")]
    for r in rows:
        assert int(r["seed"]) == game_seed(7, int(r["game"]))
        assert f"--variant {r['variant']} --seed {r['seed']} --turns 2" in r["command"]
        assert int(r["dyad_turns"]) == int(r["turns"]) == 2      # one pair, two turns
        assert int(r["w1"]) + int(r["w2"]) + int(r["w3"]) + int(r["w4"]) == 2
        assert int(r["world"]) == int(r["variant"][1])            # the variants really are the four worlds


def test_games_csv_is_streamed_a_flushed_row_per_finished_game(tmp_path: Path) -> None:
    out = tmp_path / "stream"
    base = default_policy()
    seen: list[int] = []

    def spy(view):      # at each game's first decision, count the rows already on disk
        if view.turn == 1 and view.me == 0:
            path = out / "games.csv"
            seen.append(len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else -1)
        return base(view)

    code = run_batch(MAP, "w4", 5, 1, 3, [], [], 1, out, policy=spy, progress=False, stdout=io.StringIO())
    assert code == 0
    assert seen == [1, 2, 3, 4, 5]          # header, then one more row before each next game
    assert len(read_csv(out / "games.csv")) == 5


# --- summary.csv --------------------------------------------------------------------------------

def test_summary_matches_a_hand_aggregation_of_games_csv(small: Path) -> None:
    games = read_csv(small / "games.csv")
    summary = read_csv(small / "summary.csv")
    assert list(summary[0]) == SUMMARY_FIELDS
    assert set(REQUIRED_SUMMARY) <= set(summary[0])
    assert [s["variant"] for s in summary] == ["w1", "w2", "w3", "w4"]
    for s in summary:
        rows = [g for g in games if g["variant"] == s["variant"]]
        dt = sum(int(g["dyad_turns"]) for g in rows)
        cc = sum(int(g["mutual_coop"]) for g in rows)
        war = sum(int(g["war_turns"]) for g in rows)
        fs = sum(int(g["first_strikes"]) for g in rows)
        arms = sum(float(g["arms_spent"]) for g in rows)
        econ = sum(float(g["econ_spent"]) for g in rows)
        worlds = [sum(int(g[f"w{k}"]) for g in rows) for k in range(1, 5)]
        assert int(s["games"]) == len(rows) and int(s["dyad_turns"]) == dt
        assert float(s["mutual_coop_rate"]) == pytest.approx(cc / dt, abs=1e-6)
        assert float(s["war_rate"]) == pytest.approx(war / dt, abs=1e-6)
        assert float(s["first_strike_rate"]) == pytest.approx(fs / dt, abs=1e-6)
        assert float(s["arms_share"]) == pytest.approx(arms / (arms + econ), rel=1e-5)
        assert int(s["world"]) == worlds.index(max(worlds)) + 1
        lo, hi = float(s["mutual_coop_ci_low"]), float(s["mutual_coop_ci_high"])
        assert 0.0 <= lo <= cc / dt <= hi <= 1.0 and hi - lo > 0.0
        shares = sum(float(s[f"{c}_share"]) for c in ("harmony", "stag_hunt", "pd", "chicken", "deadlock"))
        assert shares == pytest.approx(1.0)


def test_the_summary_table_is_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch(tmp_path, games=2, turns=1)
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["cell", "W", "games", "mutual"]
    assert [line.split()[0] for line in out[1:5]] == ["w1", "w2", "w3", "w4"]
    assert "summary.csv" in out[-1]


# --- manifest -----------------------------------------------------------------------------------

def test_manifest_records_command_version_seeds_parameters_and_scenario_hash(small: Path) -> None:
    m = json.loads((small / "manifest.json").read_text(encoding="utf-8"))
    assert m["command"].startswith("python main.py batch --scenario maps/four_worlds.yaml --variant all --games 3")
    import tomllib
    declared = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert m["version"] == declared["project"]["version"] and m["status"] == "complete"
    assert m["base_seed"] == 7 and "SeedSequence([base_seed, k])" in m["seed_rule"]
    assert m["parameters"]["games_per_cell"] == 3 and m["parameters"]["turns"] == 2
    assert m["parameters"]["workers"] == 1
    import hashlib
    assert m["scenario"]["sha256"] == hashlib.sha256(Path(MAP).read_bytes()).hexdigest()
    assert [c["variant"] for c in m["cells"]] == ["w1", "w2", "w3", "w4"]
    assert m["started"] and m["finished"] and m["started"] <= m["finished"]
    assert m["policy"].endswith(default_policy().__qualname__)


# --- determinism --------------------------------------------------------------------------------

def _without_times(path: Path) -> dict:
    m = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    for k in ("started", "finished"):
        m.pop(k)
    return m


@pytest.mark.slow
def test_same_seed_same_files_and_one_or_two_workers_agree(tmp_path: Path) -> None:
    a = batch(tmp_path, name="a", games=4, workers=1)
    b = batch(tmp_path, name="b", games=4, workers=1)
    c = batch(tmp_path, name="c", games=4, workers=2)
    for name in ("games.csv", "summary.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes() == (c / name).read_bytes()
    ma, mb, mc = _without_times(a), _without_times(b), _without_times(c)
    assert {k: v for k, v in ma.items() if k != "command"} == {k: v for k, v in mb.items() if k != "command"}
    assert mc["parameters"].pop("workers") == 2 and ma["parameters"].pop("workers") == 1
    assert mc["parameters"] == ma["parameters"] and mc["cells"] == ma["cells"]


def test_a_different_base_seed_gives_different_game_seeds(tmp_path: Path) -> None:
    seeds = {game_seed(s, g) for s in range(5) for g in range(200)}
    assert len(seeds) == 1000
    assert game_seed(1, 0) == game_seed(1, 0)


# --- --set and --sweep --------------------------------------------------------------------------

def test_set_overrides_every_cell(tmp_path: Path) -> None:
    out = batch(tmp_path, "--set", "victory.max_turns=1", games=2, turns=3)
    rows = read_csv(out / "games.csv")
    assert {r["turns"] for r in rows} == {"1"}
    assert all("--set victory.max_turns=1" in r["command"] for r in rows)


def test_sweep_runs_one_cell_per_value_times_the_variants(tmp_path: Path) -> None:
    out = batch(tmp_path, "--sweep", "victory.max_turns=1,2", games=2, turns=3, variant="all")
    summary = read_csv(out / "summary.csv")
    assert [(s["variant"], s["sweep"]) for s in summary] == [
        (v, f"victory.max_turns={t}") for v in ("w1", "w2", "w3", "w4") for t in (1, 2)]
    assert [float(s["mean_turns"]) for s in summary] == [1.0, 2.0] * 4
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["parameters"]["sweeps"] == {"victory.max_turns": ["1", "2"]}
    assert m["cells"][1]["sets"] == ["victory.max_turns=2"]


def test_sweeping_the_era_changes_the_world(tmp_path: Path) -> None:
    out = batch(tmp_path, "--sweep", "era.distinguishability=0.1,0.9", games=1, turns=1, variant="w1")
    assert [s["world"] for s in read_csv(out / "summary.csv")] == ["1", "3"]


def test_plan_cells_and_parse_sweep() -> None:
    scn = load_scenario(MAP)
    cells = plan_cells(scn, "all", ["params.continuation=0.5"], [parse_sweep("era.war_cost=0.2,2")])
    assert len(cells) == 8 and cells[3].variant == "w2" and cells[3].sweep == (("era.war_cost", "2"),)
    assert cells[3].sets == ("params.continuation=0.5", "era.war_cost=2")
    assert cells[3].label == "w2 era.war_cost=2"
    assert [c.variant for c in plan_cells(scn, None, [], [])] == [None]
    assert parse_sweep("states[0].capital=[0, 3],[3,3]") == ("states[0].capital", ("[0, 3]", "[3,3]"))
    for bad in ("war_cost", "=1,2", "k=", "k=1,,2", "k=1,1"):
        with pytest.raises(ValueError):
            parse_sweep(bad)


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("extra, expected", [
    (["--scenario", "no/such.yaml"], "no/such.yaml"),
    (["--scenario", MAP, "--variant", "w9"], "no variant 'w9'"),
    (["--scenario", MAP, "--set", "nonsense"], "key=value"),
    (["--scenario", MAP, "--set", "era.distinguishability=7"], "distinguishability"),
    (["--scenario", MAP, "--sweep", "era.war_cost"], "key=v1,v2"),
    (["--scenario", MAP, "--sweep", "era.war_cost=1", "--sweep", "era.war_cost=2"], "twice"),
])
def test_bad_input_exits_2_with_a_one_line_message(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   extra: list[str], expected: str) -> None:
    code = main(["batch", *extra, "--games", "1", "--turns", "1", "--workers", "1", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and expected in err[0]
    assert "Traceback" not in err[0]


@pytest.mark.parametrize("flag, value", [("--games", "0"), ("--turns", "x"), ("--seed", "-1"), ("--workers", "0")])
def test_bad_numbers_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, value: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["batch", "--scenario", MAP, flag, value, "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert flag in capsys.readouterr().err.strip().splitlines()[-1]


def test_an_unwritable_output_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["batch", "--scenario", MAP, "--games", "1", "--turns", "1", "--workers", "1", "--out", str(blocker / "sub")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "cannot write" in err[0]


# --- replay with run ----------------------------------------------------------------------------

def test_a_batch_row_is_reproduced_by_its_run_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = batch(tmp_path, "--set", "params.continuation=0.8", games=2, turns=3, variant="w3")
    capsys.readouterr()
    row = read_csv(out / "games.csv")[1]
    argv = row["command"].split()[2:]          # drop "python main.py"
    assert argv[:1] == ["run"] and "--set" in argv
    assert main([*argv, "--quiet"]) == 0
    assert capsys.readouterr().out.strip() == f"final hash {row['final_hash']}"
    cell = Cell(0, "w3", (), ("params.continuation=0.8",))
    assert run_command(MAP, cell, int(row["seed"]), 3) == row["command"]


# --- helpers: chunks, stats, progress -----------------------------------------------------------

def test_tasks_are_game_major_and_chunks_are_bounded() -> None:
    assert list(tasks_in_order(2, 2)) == [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert chunk_size(10, 2) == 1 and chunk_size(4000, 2) == 32 and chunk_size(400, 4) == 12


def test_clustered_rate_matches_the_sandwich_formula_and_the_bootstrap() -> None:
    rng = np.random.default_rng(3)
    n = rng.integers(5, 40, size=300).astype(float)
    p_game = rng.beta(2, 3, size=300)             # strong within-game correlation
    y = rng.binomial(n.astype(int), p_game).astype(float)
    acc = ClusteredRate()
    for a, b in zip(y, n):
        acc.add(a, b)
    r = y.sum() / n.sum()
    var = ((y - r * n) ** 2).sum() * 300 / 299 / n.sum() ** 2
    assert acc.rate == pytest.approx(r) and acc.variance() == pytest.approx(var)
    lo, hi = acc.wilson()
    blo, bhi = bootstrap_ratio_interval(y, n, resamples=4000, seed=1)
    assert lo == pytest.approx(blo, abs=0.01) and hi == pytest.approx(bhi, abs=0.01)
    naive = wilson_interval(r, n.sum())           # treating dyad-turns as independent is too narrow
    assert (hi - lo) > 1.5 * (naive[1] - naive[0])
    nlo, nhi = acc.normal()
    assert nlo == pytest.approx(r - 1.959964 * math.sqrt(var)) and nhi == pytest.approx(r + 1.959964 * math.sqrt(var))


def test_wilson_interval_known_values_and_degenerate_cells() -> None:
    lo, hi = wilson_interval(0.5, 100)
    assert lo == pytest.approx(0.4038, abs=1e-4) and hi == pytest.approx(0.5962, abs=1e-4)
    acc = ClusteredRate()
    for _ in range(400):
        acc.add(30, 30)                           # every game fully cooperative
    lo, hi = acc.wilson()
    assert hi == 1.0 and lo == pytest.approx(wilson_interval(1.0, 400)[0]) and lo < 1.0
    assert intervals_overlap((0, 1), (1, 2)) and not intervals_overlap((0, 1), (1.1, 2))
    empty = ClusteredRate()
    assert math.isnan(empty.rate) and all(math.isnan(x) for x in empty.wilson())


def test_progress_bar_shows_eta_and_keeps_logs_short() -> None:
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(100, label="batch", stream=stream, clock=lambda: now[0], interactive=False)
    for _ in range(50):
        now[0] += 0.1
        bar.advance()
    assert bar.eta() == pytest.approx(5.0)
    assert "50/100" in bar.line() and "ETA 5s" in bar.line()
    for _ in range(50):
        now[0] += 0.1
        bar.advance()
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].endswith("done in 10s")
    tty = io.StringIO()
    bar = ProgressBar(3, stream=tty, clock=lambda: now[0], interactive=True, min_interval=1.0)
    bar.advance(); bar.advance(); bar.advance(); bar.close()
    assert tty.getvalue().count("\r") == 3 and tty.getvalue().endswith("\n")
    assert format_duration(3725) == "1h02m" and format_duration(187) == "3m07s" and format_duration(float("nan")) == "?"


# --- the per-state memo that makes batches faster (engine) --------------------------------------

def test_derived_values_are_computed_once_per_state_and_equal_a_fresh_computation() -> None:
    from dataclasses import replace

    from game.engine.balance import _balances, _scan_axes, border_axes, dyad_balances
    from game.engine.scenario import new_game
    from game.engine.stagegame import _count_forces, true_forces
    from game.engine.views import player_view

    state = new_game(MAP, "w2", 3)
    axes = border_axes(state)
    assert border_axes(state) is axes and dyad_balances(state) is dyad_balances(state, axes)
    assert true_forces(state) is true_forces(state)
    assert axes == _scan_axes(state) and dyad_balances(state) == _balances(state, _scan_axes(state))
    assert true_forces(state) == _count_forces(state)
    fresh = replace(state)                          # a new state value starts with no derived values
    assert border_axes(fresh) is not axes and border_axes(fresh) == axes
    perceived = {k: replace(b, odb=b.perceived, odb_median=b.perceived_median) for k, b in dyad_balances(state).items()}
    assert player_view(state, 0).balances == perceived   # views get the perceived copy of the shared values
    custom = {k: v[:1] for k, v in axes.items()}    # other axes are never served from the memo
    assert dyad_balances(state, custom) == _balances(state, custom)


def test_a_failing_game_stops_the_batch_with_its_replay_command_and_keeps_the_rows(tmp_path: Path,
                                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = default_policy()
    started: list[int] = []

    def fragile(view):
        if view.turn == 1 and view.me == 0:
            started.append(1)
        if len(started) == 3:
            raise ValueError("boom")
        return base(view)

    out = tmp_path / "fail"
    code = run_batch(MAP, "w4", 5, 1, 3, [], [], 1, out, policy=fragile, progress=False, stdout=io.StringIO())
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1 and "game 2 of cell 0 failed (ValueError: boom)" in err[0]
    assert f"--seed {game_seed(3, 2)}" in err[0] and "python main.py run" in err[0]
    assert len(read_csv(out / "games.csv")) == 2          # the games before it are kept
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "failed" and "boom" in m["error"] and m["finished"]
