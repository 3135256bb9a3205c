"""The random map generator: valid for 1,000 seeds, deterministic, connected states with neighbours,
rivers that run down to the sea, equal strategic depth, a balanced start; and the CLI options."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import deque
from pathlib import Path

import numpy as np
import pytest

from game.cli import main as cli_main
from game.sim.deployment import deployed_random_map_text
from game.engine.random_map import random_map_scenario, random_map_source, random_map_text
from game.engine.balance import border_axes, strategic_depth
from game.engine.hexgrid import offset_neighbours
from game.engine.mapgen import SEA, check_options, generate_world, state_depths
from game.engine.mapgen_scenario import generate_scenario, scenario_yaml
from game.engine.record import start_game
from game.engine.rules import load_rules
from game.engine.scenario import build_state, cross_check, load_scenario_text
from game.engine.scenario_schema import ScenarioSpec
from game.sim.runner import play

ROOT = Path(__file__).resolve().parent.parent


def _neighbours(w: int, h: int, col: int, row: int) -> list[tuple[int, int]]:
    return [(n.col, n.row) for n in offset_neighbours(col, row) if 0 <= n.col < w and 0 <= n.row < h]


def assert_states_sound(data: dict) -> None:
    """Every state is one connected region around its capital and borders at least one other state."""
    m = data["map"]
    w, h, owners = m["width"], m["height"], m["owners"]
    for st in data["states"]:
        key = st["key"]
        mine = {(c, r) for r in range(h) for c in range(w) if owners[r][c] == key}
        cap = tuple(st["capital"])
        assert cap in mine
        seen, queue = {cap}, deque([cap])
        while queue:
            c, r = queue.popleft()
            for n in _neighbours(w, h, c, r):
                if n in mine and n not in seen:
                    seen.add(n)
                    queue.append(n)
        assert seen == mine, f"{key}: {len(mine - seen)} hexes not reachable from the capital"
        foreign = {owners[r][c] for (cc, rr) in mine for (c, r) in _neighbours(w, h, cc, rr)} - {key, "~", "."}
        assert foreign, f"{key} has no neighbouring state"


@pytest.mark.slow
def test_a_thousand_small_maps_validate_with_sound_states() -> None:
    rules = load_rules()
    for seed in range(1000):
        states = 2 + seed % 7
        data = generate_scenario(seed, states, 16, 12)
        spec = ScenarioSpec.model_validate(data)
        assert cross_check(spec, rules) == [], seed
        assert len(spec.states) == states
        assert_states_sound(data)


@pytest.mark.parametrize("seed,states,size", [(1, 8, (100, 60)), (2, 6, (100, 60)), (3, 7, (100, 60)),
                                              (4, 2, (12, 8)), (5, 8, (12, 8)), (6, 3, (200, 120))])
@pytest.mark.slow
def test_maps_of_every_size_load_through_the_strict_loader(seed: int, states: int, size: tuple[int, int]) -> None:
    text = random_map_text(seed, states, *size)
    scn = load_scenario_text(text, "<generated>")
    assert (scn.spec.map.width, scn.spec.map.height) == size
    assert_states_sound(scn.loaded.data)


def test_same_seed_gives_byte_identical_yaml_and_other_seeds_differ() -> None:
    a = scenario_yaml(generate_scenario(42, 5, 40, 28))
    assert a == scenario_yaml(generate_scenario(42, 5, 40, 28))
    assert a != scenario_yaml(generate_scenario(43, 5, 40, 28))
    assert generate_scenario(42, 5, 40, 28, era="1940")["map"]["terrain"] == generate_scenario(42, 5, 40, 28)["map"]["terrain"]


@pytest.mark.slow
def test_yaml_is_identical_across_processes_with_different_hash_seeds() -> None:
    code = ("import hashlib; from game.engine.random_map import random_map_text; "
            "print(hashlib.sha256(random_map_text(7, 6, 60, 40).encode()).hexdigest())")
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        digests.add(out.stdout.strip())
    assert digests == {hashlib.sha256(random_map_text(7, 6, 60, 40).encode()).hexdigest()}


def _vertex_components(world) -> tuple[list[list[int]], dict[tuple[int, int], list[int]]]:
    by_edge: dict[tuple[int, int], list[int]] = {}
    for v, (a, b, c) in enumerate(world.vertices.tolist()):
        for e in ((a, b), (a, c), (b, c)):
            by_edge.setdefault(e, []).append(v)
    adj: dict[int, set[int]] = {}
    for e in world.rivers:
        v1, v2 = by_edge[e]
        adj.setdefault(v1, set()).add(v2)
        adj.setdefault(v2, set()).add(v1)
    comps, seen = [], set()
    for v in adj:
        if v in seen:
            continue
        comp, queue = [], [v]
        seen.add(v)
        while queue:
            x = queue.pop()
            comp.append(x)
            for y in adj[x] - seen:
                seen.add(y)
                queue.append(y)
        comps.append(comp)
    return comps, by_edge


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.slow
def test_rivers_run_between_land_hexes_downhill_to_the_sea(seed: int) -> None:
    world = generate_world(seed, 6, 60, 40)
    assert world.rivers, "a 60x40 map should have rivers"
    owner = np.asarray(world.owner)
    for a, b in world.rivers:
        assert owner[a] != SEA and owner[b] != SEA
    comps, _ = _vertex_components(world)
    for comp in comps:       # every river system reaches the coast
        assert any(world.coastal[v] for v in comp)
    for v in range(len(world.vertices)):      # drainage never climbs (depression-filled heights)
        d = world.downhill[v]
        if d >= 0:
            assert world.filled[d] <= world.filled[v]


@pytest.mark.slow
def test_big_maps_have_ranges_forests_coasts_and_both_river_kinds() -> None:
    kinds: set[str] = set()
    for seed in range(3):
        world = generate_world(seed, 8, 100, 60)
        t = world.terrain
        counts = {k: t.count(k) for k in set(t)}
        for k in ("sea", "mountains", "hills", "forest", "farmland", "plains"):
            assert counts.get(k, 0) > 0, (seed, k)
        kinds.update(world.rivers.values())
        # coherent ranges: almost every mountain hex touches another mountain or hill hex
        w = world.width
        high = {i for i, k in enumerate(t) if k in ("mountains", "hills")}
        mountains = [i for i, k in enumerate(t) if k == "mountains"]
        touching = sum(1 for i in mountains if any((c + r * w) in high for c, r in _neighbours(w, world.height, i % w, i // w)))
        assert touching >= 0.9 * len(mountains)
    assert kinds == {"minor_river", "major_river"}


@pytest.mark.parametrize("seed,states,size", [(0, 4, (40, 28)), (1, 8, (100, 60)), (2, 2, (12, 8)), (3, 5, (30, 20))])
@pytest.mark.slow
def test_capitals_have_equal_strategic_depth_as_the_engine_measures_it(seed: int, states: int, size: tuple[int, int]) -> None:
    world = generate_world(seed, states, *size)
    state = build_state(ScenarioSpec.model_validate(generate_scenario(seed, states, *size, world=world)), 1)
    axes = border_axes(state)
    engine = [strategic_depth(state, i, [a for (_, j), lst in axes.items() if j == i for a in lst]) for i in range(states)]
    assert engine == state_depths(world)
    assert len(set(engine)) == 1 and engine[0] >= 1


def test_balanced_start_and_the_benchmark_map() -> None:
    data = generate_scenario(1, 8, 100, 60, units_per_state=50)
    totals = [sum(n for f in st["forces"] for n in f["units"].values()) for st in data["states"]]
    assert totals == [50] * 8
    assert len({st["treasury"] for st in data["states"]}) == 1
    state = build_state(ScenarioSpec.model_validate(data), 1)
    assert sum(sum(s.values()) for s in state.units.values()) == 400
    nuclear = generate_scenario(1, 3, 20, 12, era="nuclear")
    assert {u for st in nuclear["states"] for f in st["forces"] for u in f["units"]} == {"mech_infantry"}


def test_bad_options_are_refused_with_a_message() -> None:
    for states, w, h in ((1, 20, 12), (9, 20, 12), (4, 11, 8), (4, 12, 7), (4, 201, 120), (4, 200, 121)):
        with pytest.raises(ValueError, match="--states|--size"):
            check_options(states, w, h)
    with pytest.raises(ValueError, match="unknown era"):
        random_map_scenario(1, 4, 20, 12, era="1999")


def test_a_random_map_plays_headless_and_as_a_recorded_game() -> None:
    record = start_game(random_map_source(5, 3, 24, 16), None, 5)
    assert record.source.text == random_map_text(5, 3, 24, 16)
    state = record.state
    for res in play(state, 3):
        state = res.state
    assert state.turn == 4


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_run_random_map_is_reproducible_and_saves_the_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "map.yaml"
    args = ["run", "--random-map", "--seed", "9", "--states", "3", "--size", "20x12", "--turns", "3", "--quiet"]
    code, out1, _ = _cli(capsys, *args, "--save-map", str(saved))
    assert code == 0 and out1.startswith("final hash ")
    assert saved.read_text(encoding="utf-8") == deployed_random_map_text(9, 3, 20, 12)   # the states placed their forces
    code, out2, _ = _cli(capsys, *args)
    assert code == 0 and out2 == out1
    code, out3, _ = _cli(capsys, "run", "--scenario", str(saved), "--seed", "9", "--turns", "3", "--quiet")
    assert code == 0 and out3 == out1
    code, out4, _ = _cli(capsys, *args[:-1], "--map-seed", "9", "--seed", "10", "--quiet")
    assert code == 0 and out4 != out1


@pytest.mark.parametrize("argv,message", [
    (["--random-map", "--states", "9"], "--states must be 2 to 8"),
    (["--random-map", "--size", "300x20"], "--size must be from 12x8 to 200x120"),
    (["--random-map", "--era", "1999"], "unknown era"),
    (["--random-map", "--scenario", "maps/four_worlds.yaml"], "either --scenario FILE or --random-map"),
    (["--save-map", "x.yaml", "--scenario", "maps/four_worlds.yaml"], "--save-map needs --random-map"),
    ([], "give --scenario FILE or --random-map"),
])
def test_run_refuses_bad_random_map_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "run", "--turns", "1", *argv)
    assert code == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_batch_random_map_runs_on_one_kept_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "batch"
    code, text, err = _cli(capsys, "batch", "--random-map", "--seed", "4", "--states", "2", "--size", "16x12",
                           "--games", "2", "--turns", "2", "--workers", "1", "--out", str(out), "--no-progress")
    assert code == 0, err
    assert (out / "random_map.yaml").read_text(encoding="utf-8") == deployed_random_map_text(4, 2, 16, 12)
    rows = (out / "games.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and f"--scenario {out / 'random_map.yaml'}" in rows[1]
