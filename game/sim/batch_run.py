"""Running one batch to its files: plan the cells, play the games on a backend, write the outputs.

``python main.py batch`` only parses its flags into a :class:`BatchPlan`, picks a backend and prints;
:func:`run_batch` does the rest and ``merge`` (``game/sim/batch_merge.py``) writes the same files
through the same :class:`BatchWriter`, which is why a merged batch is byte-identical to one run.

DIR/games.csv: one row per game, streamed and flushed as games finish, in task order (game-major),
each with its seed and the ``run`` command that replays it. DIR/summary.csv: one row per cell.
DIR/manifest.json: command, versions, seeds, parameters, scenario sha256, status and times.
A shard (``--shard I/N``) also writes DIR/results.jsonl, every game's exact totals (floats in full),
from which ``merge`` rebuilds the unsharded files exactly.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import os
import platform
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence, TextIO

import numpy as np

from game.engine.scenario import load_scenario
from game.sim.batch import (CLASS_COLUMNS, SEED_RULE, SUMMARY_FIELDS, Backend, Cell, CellSummary, GameResult,
                            GameRunner, LocalBackend, Shard, file_sha256, iter_results, parse_sweep, plan_cells,
                            run_command)
from game.sim.progress import ProgressBar
from game.sim.runner import Policy, default_policy
from game.sim.worlds import parse_worlds

GAMES_FIELDS = (["cell", "variant", "worlds", "sweep", "game", "seed", "turns", "dyad_turns", "mutual_coop",
                 "mutual_coop_rate", "war_turns", "first_strikes", "attacks", "arms_spent", "econ_spent",
                 "arms_share", "world", "w1", "w2", "w3", "w4"] + list(CLASS_COLUMNS)
                + ["winner", "end_reason", "final_hash", "command"])
RESULTS_FILE = "results.jsonl"


class BatchInputError(ValueError):
    """Bad input found before any game runs (a sweep, a variant, an unwritable DIR): one line, exit 2."""


@dataclass(frozen=True)
class BatchPlan:
    """Everything that decides a batch's games and files (not where they run)."""

    scenario_path: str
    variant: str | None
    games: int
    turns: int
    seed: int
    sets: tuple[str, ...]
    sweeps: tuple[str, ...]
    out: Path
    command: str = ""
    shard: Shard | None = None
    worlds: str | None = None    # --worlds: "all" or "w1,w2,..." (game/sim/worlds.py)


@dataclass(frozen=True)
class BatchOutcome:
    """What the caller prints: the summary rows and cells, or why the run failed (exit 1)."""

    rows: list[dict[str, object]]
    cells: list[Cell]
    error: str | None = None


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


def result_json(r: GameResult) -> str:
    """One line of results.jsonl (floats written in full, so they read back bit for bit)."""
    return json.dumps(dataclasses.asdict(r), separators=(",", ":"))


def result_from_json(line: str) -> GameResult:
    """Raises ValueError/KeyError/TypeError on a line that is not a result."""
    d = json.loads(line)
    return GameResult(**{**d, "worlds": tuple(d["worlds"]), "classes": tuple(d["classes"])})


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


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("security-dilemma")
    except Exception:   # not installed (running from a checkout)
        return "unknown"


def write_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


class BatchWriter:
    """The files of one batch directory: games.csv streamed row by row (and results.jsonl for a
    shard), then summary.csv and the manifest's final status. Results must arrive in task order."""

    def __init__(self, out: Path, scenario_path: str, cells: Sequence[Cell], turns: int,
                 with_results: bool = False) -> None:
        """Opens the files; raises :class:`BatchInputError` when DIR cannot be written."""
        self.out, self.scenario_path, self.cells, self.turns = out, scenario_path, list(cells), turns
        self.summaries = [CellSummary(c) for c in cells]
        try:
            out.mkdir(parents=True, exist_ok=True)
            self._games = open(out / "games.csv", "w", newline="", encoding="utf-8")
            self._results = open(out / RESULTS_FILE, "w", encoding="utf-8") if with_results else None
        except OSError as exc:
            raise BatchInputError(f"cannot write to {out}: {exc.strerror}") from None
        self._writer = csv.DictWriter(self._games, fieldnames=GAMES_FIELDS)

    def start(self, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        write_json(self.out / "manifest.json", manifest)
        self._writer.writeheader()
        self._games.flush()

    def add(self, r: GameResult) -> None:
        cell = self.cells[r.cell]
        self.summaries[r.cell].add(r)
        self._writer.writerow(game_row(r, cell, run_command(self.scenario_path, cell, r.seed, self.turns)))
        self._games.flush()
        if self._results is not None:
            self._results.write(result_json(r) + "\n")
            self._results.flush()

    def _close(self) -> None:
        self._games.close()
        if self._results is not None:
            self._results.close()

    def fail(self, exc: BaseException) -> None:
        self._close()
        self.manifest.update(status="interrupted" if isinstance(exc, KeyboardInterrupt) else "failed",
                             finished=now(), error=str(exc))
        write_json(self.out / "manifest.json", self.manifest)

    def finish(self, **manifest_updates: Any) -> list[dict[str, object]]:
        """Writes summary.csv and the completed manifest; returns the summary rows."""
        self._close()
        rows = [s.row() for s in self.summaries]
        with open(self.out / "summary.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=SUMMARY_FIELDS)
            writer.writeheader()
            writer.writerows({k: _fmt(v) for k, v in row.items()} for row in rows)
        self.manifest.update(status="complete", finished=now(), **manifest_updates)
        write_json(self.out / "manifest.json", self.manifest)
        return rows

    def write_all(self, results: Iterable[GameResult], bar: ProgressBar | None = None) -> list[dict[str, object]]:
        """Add every result (recording a failure or interruption in the manifest and re-raising)."""
        try:
            for r in results:
                self.add(r)
                if bar is not None:
                    bar.advance()
        except BaseException as exc:
            if bar is not None:
                bar.close()
            self.fail(exc)
            raise
        if bar is not None:
            bar.close()
        return self.finish()


def _no_note(_: str) -> None:
    pass


def run_batch(plan: BatchPlan, backend: Backend | None = None, policy: Policy | None = None,
              progress: bool = True, note: Callable[[str], None] = _no_note,
              progress_stream: TextIO | None = None) -> BatchOutcome:
    """Plan, run and write one batch.

    Raises :class:`~game.engine.errors.FileError` (a bad scenario) or :class:`BatchInputError`
    (bad sweeps, variant, DIR) before any game starts; a game that fails gives an outcome with
    ``error`` set (and the manifest says "failed"); Ctrl-C marks the manifest "interrupted" and
    re-raises. ``note`` receives advice lines (e.g. turns beyond the scenario's end).
    """
    backend = backend or LocalBackend(1)
    try:
        parsed_sweeps = [parse_sweep(s) for s in plan.sweeps]
        world_keys = parse_worlds(plan.worlds) if plan.worlds else ()
        scenario = load_scenario(plan.scenario_path)
        cells = plan_cells(scenario, plan.variant, plan.sets, parsed_sweeps, world_keys)
    except ValueError as exc:
        raise BatchInputError(str(exc)) from None
    writer = BatchWriter(plan.out, plan.scenario_path, cells, plan.turns, with_results=plan.shard is not None)
    max_turns = scenario.resolve(cells[0].variant, cells[0].sets).victory.max_turns
    if plan.turns > max_turns:
        note(f"note: the scenario ends games at turn {max_turns} (victory.max_turns); "
             f"add --set victory.max_turns={plan.turns} to play {plan.turns} turns")
    policy = policy or default_policy()
    sha = file_sha256(plan.scenario_path)
    parameters: dict[str, Any] = {"variant": plan.variant, "worlds": list(world_keys), "games_per_cell": plan.games, "turns": plan.turns,
                                  "sets": list(plan.sets), "sweeps": {k: list(v) for k, v in parsed_sweeps},
                                  "workers": backend.workers}
    if backend.name != "local":     # the local manifest stays as it always was
        parameters["backend"] = backend.name
    manifest: dict[str, Any] = {
        "command": plan.command,
        "package": "security-dilemma", "version": _version(), "python": platform.python_version(),
        "numpy": np.__version__, "policy": f"{policy.__module__}.{policy.__qualname__}",
        "scenario": {"path": plan.scenario_path, "name": scenario.spec.name, "sha256": sha},
        "base_seed": plan.seed, "seed_rule": SEED_RULE,
        "parameters": parameters,
        "cells": [{"cell": c.index, "variant": c.variant, "world": c.world, "sweep": dict(c.sweep), "sets": list(c.sets)}
                  for c in cells],
        "files": {"games": "games.csv", "summary": "summary.csv"},
        "status": "running", "started": now(), "finished": None,
    }
    if plan.shard is not None:
        manifest["shard"] = {"index": plan.shard.index, "count": plan.shard.count}
        manifest["files"]["results"] = RESULTS_FILE
    writer.start(manifest)
    runner = GameRunner(plan.scenario_path, cells, plan.turns, plan.seed, policy, expected_sha256=sha)
    total = len(cells) * plan.games if plan.shard is None else plan.shard.size(len(cells), plan.games)
    bar = ProgressBar(total, label="batch", enabled=progress, stream=progress_stream)
    try:
        rows = writer.write_all(iter_results(runner, plan.games, backend=backend, shard=plan.shard), bar)
    except Exception as exc:
        return BatchOutcome([], cells, error=str(exc))
    return BatchOutcome(rows, cells)


__all__ = ["GAMES_FIELDS", "RESULTS_FILE", "BatchInputError", "BatchOutcome", "BatchPlan", "BatchWriter",
           "format_table", "game_row", "result_from_json", "result_json", "run_batch"]
