"""``python main.py batch``: many seeded AI games per variant/sweep cell, on several processes.

Writes DIR/games.csv (one row per game, streamed and flushed as games finish, each with its
seed and the ``run`` command that replays it), DIR/summary.csv (one row per cell: rates over
dyad-turns with 95% cluster-robust intervals) and DIR/manifest.json (command, version, seeds,
parameters, scenario sha256, times); prints the summary table and a progress bar on stderr.
Games run on local processes (default) or a dask cluster (``--backend dask --scheduler ADDR``);
``--shard I/N`` runs one shard, for ``merge``. The run itself is ``game/sim/batch_run.py``: this
module only turns flags into a plan and a backend and prints the outcome.
"""
from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import Sequence, TextIO

from game.cli.common import positive_int, report_file_error, seed_int
from game.cli.random_map import add_random_map_options, source_from_args, write_text
from game.engine.errors import FileError
from game.engine.random_map import RandomMapError
from game.sim.batch import GAME_CLASSES, Backend, LocalBackend, Shard, parse_shard
from game.sim.batch_run import GAMES_FIELDS, BatchInputError, BatchPlan, format_table, game_row, run_batch as run_plan
from game.sim.runner import Policy


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
    p.add_argument("--backend", choices=("local", "dask"), default="local",
                   help="where games run: local processes (default) or a dask.distributed cluster (--scheduler)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="the dask scheduler, e.g. tcp://HOST:8786 (with --backend dask)")
    p.add_argument("--shard", type=_shard_arg, default=None, metavar="I/N",
                   help="run only shard I of N (games whose row number t in the full games.csv has "
                        "t %% N == I-1); join the shards' DIRs with `python main.py merge`")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_random_map_options(p)
    p.set_defaults(func=run_batch_cmd)


def _shard_arg(text: str) -> Shard:
    try:
        return parse_shard(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_batch(scenario_path: str, variant: str | None, games: int, turns: int, seed: int,
              sets: Sequence[str], sweeps: Sequence[str], workers: int, out: Path,
              command: str = "", policy: Policy | None = None, progress: bool = True,
              stdout: TextIO | None = None, worlds: str | None = None, backend: Backend | None = None,
              shard: Shard | None = None) -> int:
    """Run one batch (game/sim/batch_run.py) and print its table; returns an exit code (2 on bad input)."""
    stdout = stdout or sys.stdout
    plan = BatchPlan(scenario_path, variant, games, turns, seed, tuple(sets), tuple(sweeps), out, command, shard, worlds)
    try:
        outcome = run_plan(plan, backend or LocalBackend(workers), policy=policy, progress=progress,
                           note=lambda line: print(line, file=sys.stderr))
    except FileError as exc:
        return report_file_error(exc)
    except BatchInputError as exc:
        print(f"batch: {exc}", file=sys.stderr)
        return 2
    if outcome.error is not None:
        print(f"batch failed: {outcome.error}", file=sys.stderr)
        return 1
    print(format_table(outcome.rows, outcome.cells), file=stdout)
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
    if args.backend == "dask":
        parts += ["--backend", "dask", "--scheduler", args.scheduler]
    else:
        parts += ["--workers", str(workers)]
    if args.shard is not None:
        parts += ["--shard", args.shard.text]
    parts += ["--out", args.out]
    return " ".join(shlex.quote(p) for p in parts)


def _dask_backend(scheduler: str | None) -> Backend | None:
    """Connect to the dask scheduler (dask is optional: imported only here); None after printing why not."""
    if not scheduler:
        print("batch: --backend dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786)", file=sys.stderr)
        return None
    try:
        from game.sim.dask_backend import DaskBackend
    except ImportError as exc:
        print(f"batch: --backend dask needs dask.distributed ({exc}); install it with pip install -e '.[cluster]'",
              file=sys.stderr)
        return None
    try:
        return DaskBackend.connect(scheduler)
    except (OSError, ValueError) as exc:
        print(f"batch: cannot reach the dask scheduler at {scheduler}: {exc}", file=sys.stderr)
        return None


def run_batch_cmd(args: argparse.Namespace) -> int:
    workers = args.workers or os.cpu_count() or 1
    if args.scheduler and args.backend != "dask":
        print("batch: --scheduler goes with --backend dask", file=sys.stderr)
        return 2
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
    backend = LocalBackend(workers) if args.backend == "local" else _dask_backend(args.scheduler)
    if backend is None:
        return 2
    try:
        return run_batch(args.scenario, args.variant, args.games, args.turns, args.seed, args.sets, args.sweeps,
                         workers, Path(args.out), command=batch_command(args, workers), progress=not args.no_progress,
                         worlds=args.worlds, backend=backend, shard=args.shard)
    finally:
        backend.close()


__all__ = ["GAMES_FIELDS", "GAME_CLASSES", "format_table", "game_row", "register", "run_batch"]
