"""``python main.py batch``: many seeded AI games per variant/sweep cell, on several processes.

Writes DIR/games.csv (one row per game, streamed and flushed as games finish, each with its
seed and the ``run`` command that replays it), DIR/summary.csv (one row per cell: rates over
dyad-turns with 95% cluster-robust intervals) and DIR/manifest.json (command, version, seeds,
parameters, scenario sha256, times); prints the summary table and a progress bar on stderr.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence, TextIO

import numpy as np

from game.cli.common import positive_int, report_file_error, seed_int
from game.cli.random_map import add_random_map_options, source_from_args, write_text
from game.engine.errors import FileError
from game.engine.random_map import RandomMapError
from game.engine.scenario import load_scenario
from game.sim.batch import (CLASS_COLUMNS, GAME_CLASSES, SEED_RULE, SUMMARY_FIELDS, Cell, CellSummary,
                            GameResult, GameRunner, file_sha256, iter_results, parse_sweep, plan_cells,
                            run_command)
from game.sim.progress import ProgressBar
from game.sim.runner import Policy, default_policy
from game.sim.worlds import parse_worlds

GAMES_FIELDS = (["cell", "variant", "worlds", "sweep", "game", "seed", "turns", "dyad_turns", "mutual_coop",
                 "mutual_coop_rate", "war_turns", "first_strikes", "attacks", "arms_spent", "econ_spent",
                 "arms_share", "world", "w1", "w2", "w3", "w4"] + list(CLASS_COLUMNS)
                + ["winner", "end_reason", "final_hash", "command"])


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("batch", help="run many seeded AI games and summarise them", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", default=None, metavar="FILE",
                   help="the scenario (or --random-map: one generated map for the whole batch, kept as DIR/random_map.yaml)")
    p.add_argument("--variant", default=None, metavar="NAME|all",
                   help="one variant, or 'all' for one cell per variant (default: the base scenario)")
    p.add_argument("--worlds", default=None, metavar="all|w1,w2,...",
                   help="apply Jervis's worlds to the scenario or random map: one cell per world, the balance "
                        "set by defence technology and distinguishability by d, the same way on every map "
                        "(game/sim/worlds.py, docs/experiments.md)")
    p.add_argument("--games", type=positive_int, default=100, help="games per cell (default 100)")
    p.add_argument("--turns", type=positive_int, default=30, help="turns per game, unless it ends sooner")
    p.add_argument("--seed", type=seed_int, default=1, help="base seed; every game's seed derives from it")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="override a scenario value by path in every cell (repeatable)")
    p.add_argument("--sweep", dest="sweeps", action="append", default=[], metavar="KEY=V1,V2,...",
                   help="one cell per value (repeatable: the product of all sweeps, times the variants)")
    p.add_argument("--workers", type=positive_int, default=None,
                   help="worker processes (default: all cores)")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_random_map_options(p)
    p.set_defaults(func=run_batch_cmd)


def _fmt(x: object) -> object:
    return f"{x:.6g}" if isinstance(x, float) else x


def game_row(r: GameResult, cell: Cell, command: str) -> dict[str, object]:
    total = r.arms_spent + r.econ_spent
    row: dict[str, object] = {
        "cell": r.cell, "variant": cell.variant or "", "worlds": cell.world or "", "sweep": cell.sweep_text, "game": r.game, "seed": r.seed,
        "turns": r.turns, "dyad_turns": r.dyad_turns, "mutual_coop": r.mutual_coop,
        "mutual_coop_rate": f"{r.mutual_coop / r.dyad_turns:.6f}" if r.dyad_turns else "",
        "war_turns": r.war_turns, "first_strikes": r.first_strikes, "attacks": r.attacks,
        "arms_spent": f"{r.arms_spent:.6f}", "econ_spent": f"{r.econ_spent:.6f}",
        "arms_share": f"{r.arms_spent / total:.6f}" if total > 0 else "", "world": r.world or "",
        "w1": r.worlds[0], "w2": r.worlds[1], "w3": r.worlds[2], "w4": r.worlds[3],
        "winner": "" if r.winner is None else r.winner, "end_reason": r.end_reason,
        "final_hash": r.final_hash, "command": command}
    for col, n in zip(CLASS_COLUMNS, r.classes):
        row[col] = n
    return row


TABLE_COLUMNS = (("cell", "cell", "{}"), ("world", "W", "{}"), ("games", "games", "{}"),
                 ("mutual_coop_rate", "mutual C", "{:.3f}"), ("mutual_coop_ci", "95% CI", "{}"),
                 ("war_rate", "war", "{:.3f}"), ("arms_share", "arms share", "{:.3f}"),
                 ("arms_share_ci", "95% CI", "{}"), ("first_strike_rate", "1st strikes", "{:.4f}"))


def format_table(rows: Sequence[dict[str, Any]], cells: Sequence[Cell]) -> str:
    """The summary as an aligned text table (one line per cell)."""
    def ci(lo: Any, hi: Any) -> str:
        return f"[{lo:.3f}, {hi:.3f}]" if isinstance(lo, float) and lo == lo else "-"

    lines = []
    body = []
    for row, cell in zip(rows, cells):
        vals = {**row, "cell": cell.label,
                "mutual_coop_ci": ci(row["mutual_coop_ci_low"], row["mutual_coop_ci_high"]),
                "arms_share_ci": ci(row["arms_share_ci_low"], row["arms_share_ci_high"])}
        body.append([fmt.format(vals[k]) if isinstance(vals[k], (int, float)) or fmt == "{}" else str(vals[k])
                     for k, _, fmt in TABLE_COLUMNS])
    heads = [h for _, h, _ in TABLE_COLUMNS]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(heads)]
    lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(heads, widths))))
    for b in body:
        lines.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(b, widths))))
    return "\n".join(lines)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("security-dilemma")
    except Exception:   # not installed (running from a checkout)
        return "unknown"


def _write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def run_batch(scenario_path: str, variant: str | None, games: int, turns: int, seed: int,
              sets: Sequence[str], sweeps: Sequence[str], workers: int, out: Path,
              command: str = "", policy: Policy | None = None, progress: bool = True,
              stdout: TextIO | None = None, worlds: str | None = None) -> int:
    """Plan, run and write one batch; returns an exit code (2 on bad input)."""
    stdout = stdout or sys.stdout
    try:
        parsed_sweeps = [parse_sweep(s) for s in sweeps]
        world_keys = parse_worlds(worlds) if worlds else ()
        scenario = load_scenario(scenario_path)
        cells = plan_cells(scenario, variant, sets, parsed_sweeps, world_keys)
    except FileError as exc:
        return report_file_error(exc)
    except ValueError as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
        games_fh = open(out / "games.csv", "w", newline="", encoding="utf-8")
    except OSError as exc:
        print(f"batch: cannot write to {out}: {exc.strerror}", file=sys.stderr)
        return 2
    max_turns = scenario.resolve(cells[0].variant, cells[0].sets).victory.max_turns
    if turns > max_turns:
        print(f"note: the scenario ends games at turn {max_turns} (victory.max_turns); "
              f"add --set victory.max_turns={turns} to play {turns} turns", file=sys.stderr)
    policy = policy or default_policy()
    sha = file_sha256(scenario_path)
    manifest: dict[str, Any] = {
        "command": command,
        "package": "security-dilemma", "version": _version(), "python": platform.python_version(),
        "numpy": np.__version__, "policy": f"{policy.__module__}.{policy.__qualname__}",
        "scenario": {"path": scenario_path, "name": scenario.spec.name, "sha256": sha},
        "base_seed": seed, "seed_rule": SEED_RULE,
        "parameters": {"variant": variant, "worlds": list(world_keys), "games_per_cell": games, "turns": turns, "sets": list(sets),
                       "sweeps": {k: list(v) for k, v in parsed_sweeps}, "workers": workers},
        "cells": [{"cell": c.index, "variant": c.variant, "world": c.world, "sweep": dict(c.sweep), "sets": list(c.sets)} for c in cells],
        "files": {"games": "games.csv", "summary": "summary.csv"},
        "status": "running", "started": _now(), "finished": None,
    }
    _write_json(out / "manifest.json", manifest)
    summaries = [CellSummary(c) for c in cells]
    runner = GameRunner(scenario_path, cells, turns, seed, policy, expected_sha256=sha)
    bar = ProgressBar(len(cells) * games, label="batch", enabled=progress)
    try:
        with games_fh:
            writer = csv.DictWriter(games_fh, fieldnames=GAMES_FIELDS)
            writer.writeheader()
            games_fh.flush()
            for r in iter_results(runner, games, workers):
                cell = cells[r.cell]
                summaries[r.cell].add(r)
                writer.writerow(game_row(r, cell, run_command(scenario_path, cell, r.seed, turns)))
                games_fh.flush()
                bar.advance()
    except BaseException as exc:
        bar.close()
        manifest.update(status="interrupted" if isinstance(exc, KeyboardInterrupt) else "failed",
                        finished=_now(), error=str(exc))
        _write_json(out / "manifest.json", manifest)
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"batch failed: {exc}", file=sys.stderr)
        return 1
    bar.close()
    rows = [s.row() for s in summaries]
    with open(out / "summary.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows({k: _fmt(v) for k, v in row.items()} for row in rows)
    manifest.update(status="complete", finished=_now())
    _write_json(out / "manifest.json", manifest)
    print(format_table(rows, cells), file=stdout)
    print(f"wrote {out / 'games.csv'}, {out / 'summary.csv'} and {out / 'manifest.json'}", file=stdout)
    return 0


def batch_command(args: argparse.Namespace, workers: int) -> str:
    """The canonical command line of a batch (every default spelled out), for the manifest."""
    parts = ["python", "main.py", "batch", "--scenario", args.scenario]
    if args.variant is not None:
        parts += ["--variant", args.variant]
    if args.worlds is not None:
        parts += ["--worlds", args.worlds]
    parts += ["--games", str(args.games), "--turns", str(args.turns), "--seed", str(args.seed)]
    for s in args.sets:
        parts += ["--set", s]
    for s in args.sweeps:
        parts += ["--sweep", s]
    parts += ["--workers", str(workers), "--out", args.out]
    return " ".join(shlex.quote(p) for p in parts)


def run_batch_cmd(args: argparse.Namespace) -> int:
    workers = args.workers or os.cpu_count() or 1
    try:
        random = source_from_args(args)
        if random is None and not args.scenario:
            raise RandomMapError("give --scenario FILE or --random-map")
        if random is not None:      # the batch runs on a file, so every game's run command replays it
            Path(args.out).mkdir(parents=True, exist_ok=True)
            args.scenario = str(Path(args.out) / "random_map.yaml")
            write_text(args.scenario, random[0].text)
    except (RandomMapError, OSError) as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 2
    return run_batch(args.scenario, args.variant, args.games, args.turns, args.seed, args.sets, args.sweeps,
                     workers, Path(args.out), command=batch_command(args, workers), progress=not args.no_progress,
                     worlds=args.worlds)


__all__ = ["GAMES_FIELDS", "GAME_CLASSES", "format_table", "game_row", "register", "run_batch"]
