"""Joining the shards of a batch (``batch --shard I/N`` on several machines) into one batch directory.

Each shard directory holds its manifest (which records the plan and ``shard: {index, count}``) and
results.jsonl, every game's exact totals in task order. :func:`merge_shards` checks that the shards
belong to one batch and that all N are there, complete and whole, then walks the unsharded task
order (task ``t`` comes from shard ``t % N + 1``) and writes games.csv, summary.csv and the manifest
through the same :class:`~game.sim.batch_run.BatchWriter` as an unsharded run: games.csv and
summary.csv are byte-identical to it; the manifest differs only in ``command``, the times and
``merged_from`` (the shards' directories and times).
"""
from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Iterator, Sequence

from game.sim.batch import Cell, GameResult, Shard, tasks_in_order
from game.sim.batch_run import RESULTS_FILE, BatchInputError, BatchOutcome, BatchWriter, result_from_json

# Manifest entries that must agree between the shards of one batch (parameters.workers may differ).
SAME = ("version", "numpy", "policy", "scenario", "base_seed", "seed_rule", "cells")
SAME_PARAMETERS = ("variant", "worlds", "games_per_cell", "turns", "sets", "sweeps")


class MergeError(BatchInputError):
    """Shards that cannot be merged (missing, repeated, unfinished, from different batches): one line."""


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MergeError(f"{path}: cannot read it ({exc.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MergeError(f"{path}: not a batch manifest ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("shard"), dict):
        raise MergeError(f"{path}: not the manifest of a shard (run batch with --shard I/N)")
    if data.get("status") != "complete":
        raise MergeError(f"{path}: the shard's status is {data.get('status')!r}, not 'complete'")
    return data


def _shard_of(folder: Path, manifest: dict[str, Any]) -> Shard:
    try:
        return Shard(int(manifest["shard"]["index"]), int(manifest["shard"]["count"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise MergeError(f"{folder / 'manifest.json'}: bad shard entry ({exc})") from None


def check_shards(folders: Sequence[Path]) -> tuple[list[tuple[Shard, Path, dict[str, Any]]], int]:
    """The shards sorted by index, and N; raises :class:`MergeError` unless they make one whole batch."""
    shards = []
    for folder in folders:
        manifest = read_manifest(folder)
        shards.append((_shard_of(folder, manifest), folder, manifest))
    shards.sort(key=lambda s: s[0].index)
    first_shard, first_dir, first = shards[0]
    for (before, _, _), (shard, folder, manifest) in zip(shards, shards[1:]):
        if shard.count != first_shard.count:
            raise MergeError(f"{folder} is shard {shard.text} but {first_dir} is shard {first_shard.text}: "
                             "not the same split")
        if shard.index == before.index:
            raise MergeError(f"shard {shard.text} is given twice")
        for key in SAME:
            if manifest.get(key) != first.get(key):
                raise MergeError(f"{folder} and {first_dir} are shards of different batches ({key} differs)")
        for key in SAME_PARAMETERS:
            if manifest.get("parameters", {}).get(key) != first.get("parameters", {}).get(key):
                raise MergeError(f"{folder} and {first_dir} are shards of different batches (parameter {key} differs)")
    missing = sorted(set(range(1, first_shard.count + 1)) - {s.index for s, _, _ in shards})
    if missing:
        raise MergeError("missing shard" + ("s " if len(missing) > 1 else " ")
                         + ", ".join(f"{i}/{first_shard.count}" for i in missing))
    return shards, first_shard.count


def _results(path: Path, fh: Any) -> Iterator[GameResult]:
    for n, line in enumerate(fh, 1):
        try:
            yield result_from_json(line)
        except (ValueError, KeyError, TypeError) as exc:
            raise MergeError(f"{path}:{n}: not a game result ({exc})") from None


def _cells(manifest: dict[str, Any]) -> list[Cell]:
    return [Cell(c["cell"], c["variant"], tuple((k, v) for k, v in c["sweep"].items()), tuple(c["sets"]),
                 c.get("world")) for c in manifest["cells"]]


def merged_results(shards: Sequence[tuple[Shard, Path, dict[str, Any]]], cells: int, games: int,
                   stack: ExitStack) -> Iterator[GameResult]:
    """Every result in unsharded task order, checking each shard holds exactly its own games."""
    count = len(shards)
    streams = []
    for _, folder, _ in shards:
        path = folder / RESULTS_FILE
        try:
            fh = stack.enter_context(open(path, encoding="utf-8"))
        except OSError as exc:
            raise MergeError(f"{path}: cannot read it ({exc.strerror})") from None
        streams.append((path, _results(path, fh)))
    for t, (cell, game) in enumerate(tasks_in_order(cells, games)):
        path, stream = streams[t % count]
        r = next(stream, None)
        if r is None:
            raise MergeError(f"{path}: ends before game {game} of cell {cell} (the shard is incomplete)")
        if (r.cell, r.game) != (cell, game):
            raise MergeError(f"{path}: game {r.game} of cell {r.cell} where game {game} of cell {cell} belongs")
        yield r
    for path, stream in streams:
        if next(stream, None) is not None:
            raise MergeError(f"{path}: more games than its shard holds")


def merge_shards(folders: Sequence[Path], out: Path, command: str = "") -> BatchOutcome:
    """Merge shard directories into ``out``; raises :class:`MergeError` (one line) on bad shards."""
    if not folders:
        raise MergeError("give the shard directories to merge")
    if any(out.resolve() == f.resolve() for f in folders):
        raise MergeError(f"--out {out} is one of the shards: merge into a new directory")
    shards, _ = check_shards(folders)
    first = shards[0][2]
    cells = _cells(first)
    params = first["parameters"]
    writer = BatchWriter(out, first["scenario"]["path"], cells, params["turns"])
    manifest = {k: v for k, v in first.items() if k != "shard"}
    manifest.update(command=command, files={"games": "games.csv", "summary": "summary.csv"},
                    status="running", started=min(m["started"] for _, _, m in shards), finished=None,
                    merged_from=[{"dir": str(f), "shard": s.text, "started": m["started"], "finished": m["finished"]}
                                 for s, f, m in shards])
    writer.start(manifest)
    with ExitStack() as stack:
        rows = writer.write_all(merged_results(shards, len(cells), params["games_per_cell"], stack))
    return BatchOutcome(rows, cells)


__all__ = ["MergeError", "check_shards", "merge_shards"]
