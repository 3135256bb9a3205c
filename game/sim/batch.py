"""Batch experiments: many seeded AI games per cell (variant x sweep value), in parallel, streamed.

A *cell* is one variant of the scenario with one combination of ``--sweep`` values (plus the
common ``--set`` overrides). Game ``k`` (0-based) of **every** cell uses the same seed,
:func:`game_seed` ``(base_seed, k)`` (common random numbers: cells differ only by their
parameters, which sharpens comparisons between them); any game can be replayed alone with the
``run`` command recorded in its row (:func:`run_command`).

:func:`iter_results` yields one :class:`GameResult` per game in a fixed order (game-major: game 0
of every cell, then game 1, ...) whatever runs them: a :class:`Backend` plays chunks of games with
a bounded number of chunks in flight and releases them in submission order (:func:`in_order`), so
memory stays flat and output files are identical for any ``workers`` and any backend. The default
is :class:`LocalBackend` (a process pool); ``game/sim/dask_backend.py`` runs on a dask.distributed
cluster. A :class:`Shard` runs every N-th game only (``batch --shard I/N``; ``merge`` joins them). :class:`CellSummary` aggregates results incrementally (running sums only).
"""
from __future__ import annotations

import hashlib
import itertools
import shlex
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, ClassVar, Iterator, Protocol, Sequence

import numpy as np

from game.engine.gamemap import GameMap
from game.engine.scenario import Scenario, build_map, build_state, load_scenario, load_scenario_text
from game.engine.rules import load_rules
from game.engine.scenario_schema import ScenarioSpec
from game.engine.state import GameState
from game.sim.runner import Policy, default_policy, play
from game.sim.stats import ClusteredRate
from game.sim.worlds import world_sets

SEED_RULE = ("game k (0-based) of every cell uses seed = "
             "numpy.random.SeedSequence([base_seed, k]).generate_state(1, numpy.uint32)[0]")
GAME_CLASSES = ("Harmony", "Stag Hunt", "Prisoner's Dilemma", "Chicken", "Deadlock")
CLASS_COLUMNS = ("harmony", "stag_hunt", "pd", "chicken", "deadlock")


def game_seed(base_seed: int, game: int) -> int:
    """The seed of game ``game`` of every cell (see :data:`SEED_RULE`)."""
    return int(np.random.SeedSequence([base_seed, game]).generate_state(1, np.uint32)[0])


@dataclass(frozen=True)
class Cell:
    index: int
    variant: str | None
    sweep: tuple[tuple[str, str], ...]   # (key, value) of each --sweep in this cell
    sets: tuple[str, ...]                # every override applied: --set ones, the world's, then the sweep's
    world: str | None = None             # --worlds: the world key (w1..w4) whose era override is in sets

    @property
    def sweep_text(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.sweep)

    @property
    def label(self) -> str:
        return " ".join(x for x in (self.variant or "base", self.world or "", self.sweep_text) if x)


def split_values(raw: str) -> list[str]:
    """Split on commas outside brackets, so that ``[0, 3],[3, 3]`` gives two list values."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(raw):
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(raw[start:k])
            start = k + 1
    parts.append(raw[start:])
    return parts


def parse_sweep(text: str) -> tuple[str, tuple[str, ...]]:
    """``key=v1,v2,...`` -> (key, values); raises ValueError with a one-line reason.

    A value may be a YAML list or mapping (``states[0].capital=[0,3],[3,3]``): commas inside
    brackets do not split values.
    """
    if "=" not in text:
        raise ValueError(f"--sweep {text!r}: expected key=v1,v2,...")
    key, raw = text.split("=", 1)
    key = key.strip()
    values = tuple(v.strip() for v in split_values(raw))
    if not key:
        raise ValueError(f"--sweep {text!r}: the key is empty")
    if not raw.strip() or any(not v for v in values):
        raise ValueError(f"--sweep {text!r}: give one or more comma-separated values")
    if len(set(values)) != len(values):
        raise ValueError(f"--sweep {text!r}: a value is listed twice")
    return key, values


def plan_cells(scenario: Scenario, variant: str | None, sets: Sequence[str],
               sweeps: Sequence[tuple[str, tuple[str, ...]]], worlds: Sequence[str] = ()) -> list[Cell]:
    """Cells for ``--variant`` (a name, ``all`` or None) x ``--worlds`` x every sweep combination.

    A world (:mod:`game.sim.worlds`) adds its era override after the ``--set`` ones, so a sweep
    can still change one of its values (``--worlds w3 --sweep era.distinguishability=...``).

    Each cell is resolved once here so that bad variants, keys or values fail before any game
    starts (raises :class:`~game.engine.errors.FileError`).
    """
    if variant == "all":
        variants: list[str | None] = list(scenario.variants) or [None]
    else:
        variants = [variant]
    keys = [k for k, _ in sweeps]
    if len(set(keys)) != len(keys):
        raise ValueError("the same --sweep key is given twice")
    combos = list(itertools.product(*[[(k, v) for v in vals] for k, vals in sweeps]))
    cells = []
    for var in variants:
        for world in list(worlds) or [None]:
            base = tuple(sets) + ((world_sets(scenario, var, sets, world),) if world else ())
            for combo in combos:
                cell = Cell(len(cells), var, tuple(combo), base + tuple(f"{k}={v}" for k, v in combo), world)
                scenario.resolve(cell.variant, cell.sets)
                cells.append(cell)
    return cells


def run_command(scenario_path: str, cell: Cell, seed: int, turns: int) -> str:
    """The ``run`` command that replays one game of a batch on its own."""
    parts = ["python", "main.py", "run", "--scenario", scenario_path]
    if cell.variant is not None:
        parts += ["--variant", cell.variant]
    parts += ["--seed", str(seed), "--turns", str(turns)]
    for s in cell.sets:
        parts += ["--set", s]
    return " ".join(shlex.quote(p) for p in parts)


@dataclass(frozen=True)
class GameResult:
    """One game's totals (one row of games.csv); enough to rebuild every summary figure."""

    cell: int
    game: int
    seed: int
    turns: int                 # turns actually played
    dyad_turns: int            # neighbour pairs x turns
    mutual_coop: int           # dyad-turns with outcome CC
    war_turns: int             # dyad-turns in which the pair fought
    first_strikes: int
    attacks: int
    arms_spent: float
    econ_spent: float
    worlds: tuple[int, int, int, int]      # dyad-turns in worlds 1..4
    classes: tuple[int, ...]               # directed dyad-turns per GAME_CLASSES
    winner: int | None
    end_reason: str
    final_hash: str
    late: tuple[int, int, float, float] = (0, 0, 0.0, 0.0)   # second half: mutual coop, dyad-turns, arms, economy

    @property
    def world(self) -> int:
        """The modal true world (0 if the game had no dyad-turns); ties go to the lower world."""
        best = max(self.worlds)
        return self.worlds.index(best) + 1 if best > 0 else 0


def game_result(cell: int, game: int, seed: int, state: GameState) -> GameResult:
    """Totals of a finished (or stopped) game from its turn records."""
    mutual = wars = dyad_turns = fs = attacks = 0
    arms = econ = 0.0
    worlds = [0, 0, 0, 0]
    classes = dict.fromkeys(GAME_CLASSES, 0)
    half = len(state.history) // 2
    late = [0, 0, 0.0, 0.0]
    for t, rec in enumerate(state.history):
        if t >= half:
            late[0] += sum(1 for o in rec.outcomes.values() if o == "CC")
            late[1] += len(rec.outcomes)
            late[2] += sum(rec.arms_spent)
            late[3] += sum(rec.econ_spent)
        dyad_turns += len(rec.outcomes)
        mutual += sum(1 for o in rec.outcomes.values() if o == "CC")
        wars += sum(1 for w in rec.wars if w in rec.outcomes)
        for w in rec.world.values():
            worlds[w - 1] += 1
        for kind in rec.games.values():
            classes[kind] = classes.get(kind, 0) + 1
        fs += rec.first_strikes
        attacks += rec.attacks
        arms += sum(rec.arms_spent)
        econ += sum(rec.econ_spent)
    return GameResult(cell, game, seed, len(state.history), dyad_turns, mutual, wars, fs, attacks,
                      arms, econ, tuple(worlds), tuple(classes[c] for c in GAME_CLASSES),
                      state.winner, state.end_reason, state.state_hash(), (late[0], late[1], late[2], late[3]))


@dataclass
class CellSummary:
    """Running aggregates of one cell (mutable accumulator; memory independent of the games)."""

    cell: Cell
    mutual_coop: ClusteredRate = field(default_factory=ClusteredRate)
    war: ClusteredRate = field(default_factory=ClusteredRate)
    first_strike: ClusteredRate = field(default_factory=ClusteredRate)
    arms: ClusteredRate = field(default_factory=ClusteredRate)
    late_mutual_coop: ClusteredRate = field(default_factory=ClusteredRate)   # second half of each game
    late_arms: ClusteredRate = field(default_factory=ClusteredRate)
    worlds: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    classes: list[int] = field(default_factory=lambda: [0] * len(GAME_CLASSES))
    turns: int = 0
    decided: int = 0

    def add(self, r: GameResult) -> None:
        self.mutual_coop.add(r.mutual_coop, r.dyad_turns)
        self.war.add(r.war_turns, r.dyad_turns)
        self.first_strike.add(r.first_strikes, r.dyad_turns)
        self.arms.add(r.arms_spent, r.arms_spent + r.econ_spent)
        self.late_mutual_coop.add(r.late[0], r.late[1])
        self.late_arms.add(r.late[2], r.late[2] + r.late[3])
        self.worlds = [a + b for a, b in zip(self.worlds, r.worlds)]
        self.classes = [a + b for a, b in zip(self.classes, r.classes)]
        self.turns += r.turns
        self.decided += r.winner is not None

    def row(self) -> dict[str, object]:
        games = self.mutual_coop.games
        best = max(self.worlds)
        directed = sum(self.classes)
        mc_lo, mc_hi = self.mutual_coop.wilson()
        war_lo, war_hi = self.war.wilson()
        arms_lo, arms_hi = self.arms.normal(upper=1.0)
        fs_lo, fs_hi = self.first_strike.normal()
        lmc_lo, lmc_hi = self.late_mutual_coop.wilson()
        la_lo, la_hi = self.late_arms.normal(upper=1.0)
        row: dict[str, object] = {
            "cell": self.cell.index, "variant": self.cell.variant or "", "worlds": self.cell.world or "",
            "sweep": self.cell.sweep_text, "world": self.worlds.index(best) + 1 if best else "",
            "world_share": best / sum(self.worlds) if best else "",
            "games": games, "mean_turns": self.turns / games if games else "",
            "dyad_turns": int(self.mutual_coop.sum_n),
            "mutual_coop_rate": self.mutual_coop.rate, "mutual_coop_ci_low": mc_lo, "mutual_coop_ci_high": mc_hi,
            "war_rate": self.war.rate, "war_ci_low": war_lo, "war_ci_high": war_hi,
            "arms_share": self.arms.rate, "arms_share_ci_low": arms_lo, "arms_share_ci_high": arms_hi,
            "first_strike_rate": self.first_strike.rate, "first_strike_ci_low": fs_lo, "first_strike_ci_high": fs_hi,
            "decided_share": self.decided / games if games else "",
            "late_mutual_coop_rate": self.late_mutual_coop.rate, "late_mutual_coop_ci_low": lmc_lo,
            "late_mutual_coop_ci_high": lmc_hi, "late_arms_share": self.late_arms.rate,
            "late_arms_share_ci_low": la_lo, "late_arms_share_ci_high": la_hi,
        }
        for col, n in zip(CLASS_COLUMNS, self.classes):
            row[f"{col}_share"] = n / directed if directed else ""
        return row


SUMMARY_FIELDS = list(CellSummary(Cell(0, None, (), ())).row())


# --- running games ----------------------------------------------------------------------------

@dataclass
class GameRunner:
    """Plays games of the planned cells; loads the scenario and builds each cell's map once.

    One runner lives in each worker process (built by :func:`_init_worker`) or in the main
    process when ``workers == 1``.
    """

    scenario_path: str
    cells: Sequence[Cell]
    turns: int
    base_seed: int
    policy: Policy | None = None
    expected_sha256: str | None = None
    scenario_text: str | None = None     # the file's text, carried to workers that cannot read the path
    _scenario: Scenario | None = None
    _prepared: dict[int, tuple[ScenarioSpec, GameMap]] = field(default_factory=dict)

    def _cell(self, index: int) -> tuple[ScenarioSpec, GameMap]:
        if self._scenario is None:
            if self.scenario_text is not None:
                sha = hashlib.sha256(self.scenario_text.encode("utf-8")).hexdigest()
                if self.expected_sha256 is not None and sha != self.expected_sha256:
                    raise RuntimeError(f"{self.scenario_path} changed while the batch was running")
                self._scenario = load_scenario_text(self.scenario_text, self.scenario_path)
            else:
                if self.expected_sha256 is not None and file_sha256(self.scenario_path) != self.expected_sha256:
                    raise RuntimeError(f"{self.scenario_path} changed while the batch was running")
                self._scenario = load_scenario(self.scenario_path)
            if self.policy is None:
                self.policy = default_policy()
        if index not in self._prepared:
            cell = self.cells[index]
            spec = self._scenario.resolve(cell.variant, cell.sets)
            self._prepared[index] = (spec, build_map(spec, load_rules()))
        return self._prepared[index]

    def play_game(self, cell_index: int, game: int) -> GameResult:
        spec, gmap = self._cell(cell_index)
        seed = game_seed(self.base_seed, game)
        state = build_state(spec, seed, self.cells[cell_index].variant, gmap=gmap)
        try:
            for res in play(state, self.turns, self.policy):
                state = res.state
        except Exception as exc:   # name the game so that it can be replayed alone
            cmd = run_command(self.scenario_path, self.cells[cell_index], seed, self.turns)
            raise RuntimeError(f"game {game} of cell {cell_index} failed ({type(exc).__name__}: {exc}); "
                               f"replay it with: {cmd}") from exc
        return game_result(cell_index, game, seed, state)

    def play_chunk(self, tasks: Sequence[tuple[int, int]]) -> list[GameResult]:
        return [self.play_game(c, g) for c, g in tasks]


_WORKER_RUNNER: list[GameRunner] = []   # process-local: set once by _init_worker in each worker process


def _init_worker(runner: GameRunner) -> None:
    _WORKER_RUNNER[:] = [runner]


def _worker_chunk(tasks: Sequence[tuple[int, int]]) -> list[GameResult]:
    return _WORKER_RUNNER[0].play_chunk(tasks)


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def tasks_in_order(cells: int, games: int) -> Iterator[tuple[int, int]]:
    """(cell, game) pairs, game-major: game 0 of every cell, then game 1, ..."""
    for g in range(games):
        for c in range(cells):
            yield (c, g)


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``: the games whose *task index* ``t`` -- the row number
    (0-based) of the game in the unsharded games.csv, ``t = game * cells + cell`` -- has
    ``t % count == index - 1``. Interleaved rather than contiguous so that every shard gets the
    same mix of cells and of early and late games."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ValueError(f"--shard {self.index}/{self.count}: I must be from 1 to N")

    @property
    def text(self) -> str:
        return f"{self.index}/{self.count}"

    def tasks(self, cells: int, games: int) -> Iterator[tuple[int, int]]:
        """This shard's (cell, game) pairs, in :func:`tasks_in_order` order."""
        for t, task in enumerate(tasks_in_order(cells, games)):
            if t % self.count == self.index - 1:
                yield task

    def size(self, cells: int, games: int) -> int:
        total = cells * games
        return max(0, (total - self.index + self.count) // self.count)


def parse_shard(text: str) -> Shard:
    """``I/N`` with 1 <= I <= N -> :class:`Shard`; raises ValueError with a one-line reason."""
    head, sep, tail = text.partition("/")
    try:
        if not sep:
            raise ValueError
        index, count = int(head), int(tail)
    except ValueError:
        raise ValueError(f"--shard {text!r}: expected I/N, e.g. 1/4") from None
    if count < 1:
        raise ValueError(f"--shard {text!r}: N must be at least 1")
    return Shard(index, count)


def chunk_size(total: int, workers: int) -> int:
    """Games per task: large enough to amortise inter-process traffic, small enough to balance load."""
    return max(1, min(32, total // max(1, workers * 8)))


def chunked(tasks: Iterator[tuple[int, int]], size: int) -> Iterator[list[tuple[int, int]]]:
    return iter(lambda: list(itertools.islice(tasks, size)), [])


class Backend(Protocol):
    """Where games run. :meth:`map_chunks` plays ``tasks`` (``total`` of them) with ``runner`` and
    yields each chunk's results **in task order**, whatever order they finish in."""

    name: str       # "local", "dask": recorded in the manifest when not "local"
    workers: int    # games in parallel (for chunk sizes and the manifest)

    def map_chunks(self, runner: GameRunner, tasks: Iterator[tuple[int, int]],
                   total: int) -> Iterator[list[GameResult]]: ...

    def close(self) -> None: ...


class _Pending(Protocol):
    def result(self) -> list[GameResult]: ...
    def cancel(self) -> object: ...


def in_order(submit: Callable[[list[tuple[int, int]]], _Pending], chunks: Iterator[list[tuple[int, int]]],
             window: int) -> Iterator[list[GameResult]]:
    """Submit chunks with at most ``window`` in flight; release results in submission order
    (a later chunk that finishes first waits), so memory stays bounded and output deterministic."""
    pending: deque[_Pending] = deque()
    try:
        for chunk in itertools.islice(chunks, window):
            pending.append(submit(chunk))
        while pending:
            results = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(submit(nxt))
            yield results
    finally:
        for f in pending:
            f.cancel()


# A pool of worker processes plays at most this many chunks per worker, then is replaced by a fresh
# one (issue 14: a worker's resident memory crept up over thousands of games; a new worker starts clean).
MAX_CHUNKS_PER_WORKER = 16


@dataclass(frozen=True)
class LocalBackend:
    """The default: ``workers`` processes on this machine (or this process when ``workers == 1``).

    Workers are recycled: the chunks are played by successive pools (forked, so a new one starts
    in a moment), each for ``workers * recycle_after`` chunks; a batch that small has one pool.
    Between two pools the chunks in flight drain, which costs a moment's idling per generation.
    """

    workers: int = 1
    recycle_after: int = MAX_CHUNKS_PER_WORKER
    name: ClassVar[str] = "local"

    def map_chunks(self, runner: GameRunner, tasks: Iterator[tuple[int, int]],
                   total: int) -> Iterator[list[GameResult]]:
        chunks = chunked(tasks, chunk_size(total, self.workers))
        if self.workers <= 1:
            for chunk in chunks:
                yield runner.play_chunk(chunk)
            return
        while generation := list(itertools.islice(chunks, self.workers * self.recycle_after)):
            with ProcessPoolExecutor(max_workers=self.workers, initializer=_init_worker, initargs=(runner,)) as pool:
                yield from in_order(lambda chunk: pool.submit(_worker_chunk, chunk), iter(generation),
                                    self.workers * 3)

    def close(self) -> None:
        pass    # each pool is shut down when its chunks are done


def iter_results(runner: GameRunner, games: int, workers: int = 1, backend: Backend | None = None,
                 shard: Shard | None = None) -> Iterator[GameResult]:
    """Every game's result (of ``shard`` only, if given) in :func:`tasks_in_order` order, computed
    on ``backend`` (default: ``workers`` local processes)."""
    backend = backend or LocalBackend(workers)
    cells = len(runner.cells)
    if shard is None:
        tasks, total = tasks_in_order(cells, games), cells * games
    else:
        tasks, total = shard.tasks(cells, games), shard.size(cells, games)
    for results in backend.map_chunks(runner, tasks, total):
        yield from results
