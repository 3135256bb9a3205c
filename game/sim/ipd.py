"""Abstract iterated Prisoner's Dilemma: matches and an Axelrod-style round-robin tournament.

No map, no geography: each strategy meets every strategy (itself included) for a fixed number
of turns with symmetric payoffs (R, S, T, P). With ``noise`` > 0 each intended move is flipped
with that probability and both sides record the flipped move (as in the Axelrod library).

Randomness. A match uses one generator for everything, drawn in this order each turn: the
first player's decision (only if it is random at that step), the second player's decision,
then, if noise > 0, one draw per player for the flip (first player, then second). In a
tournament each match gets its own generator from
``SeedSequence([seed, repetition, code(a), code(b)])`` where a <= b are the two strategy keys
in sorted order (a is the first player) and ``code`` turns a key into an integer
(its UTF-8 bytes, big-endian). So a given match is bit-for-bit the same whichever other
strategies take part, in whatever order they are listed or played; sums use ``math.fsum``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from game.ai.strategies import REGISTRY, Move, Payoffs, Strategy, make

RSTP = tuple[float, float, float, float]


@dataclass(frozen=True)
class MatchResult:
    """Moves actually played (after noise) and per-turn payoffs of both players."""

    moves_a: tuple[Move, ...]
    moves_b: tuple[Move, ...]
    payoffs_a: tuple[float, ...]
    payoffs_b: tuple[float, ...]

    @property
    def turns(self) -> int:
        return len(self.moves_a)

    @property
    def score_a(self) -> float:
        return math.fsum(self.payoffs_a)

    @property
    def score_b(self) -> float:
        return math.fsum(self.payoffs_b)

    @property
    def mean_a(self) -> float:
        """Player a's mean score per turn."""
        return self.score_a / self.turns

    @property
    def mean_b(self) -> float:
        return self.score_b / self.turns

    @property
    def mutual_cooperation(self) -> float:
        """Share of turns with outcome CC."""
        both = list(zip(self.moves_a, self.moves_b)).count(("C", "C"))
        return both / self.turns


def _as_payoffs(payoffs: Payoffs | Sequence[float]) -> Payoffs:
    if isinstance(payoffs, Payoffs):
        return payoffs
    values = tuple(payoffs)
    if len(values) != 4:
        raise ValueError(f"payoffs must be 4 numbers R,S,T,P, got {len(values)}")
    return Payoffs.from_rstp(*values)


def _flip(move: Move) -> Move:
    return "D" if move == "C" else "C"


def play_match(
    a: Strategy,
    b: Strategy,
    turns: int,
    noise: float,
    payoffs: Payoffs | Sequence[float],
    rng: np.random.Generator,
) -> MatchResult:
    """Play ``turns`` rounds of a against b; ``payoffs`` is a Payoffs or (R, S, T, P)."""
    if turns < 1:
        raise ValueError(f"turns must be at least 1, got {turns}")
    if not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be in [0, 1], got {noise}")
    game = _as_payoffs(payoffs)
    moves_a: tuple[Move, ...] = ()
    moves_b: tuple[Move, ...] = ()
    for _ in range(turns):     # the lean move(): histories built here are valid, no text is read
        move_a = a.move(moves_a, moves_b, game, rng)
        move_b = b.move(moves_b, moves_a, game, rng)
        if noise > 0.0:
            if rng.random() < noise:
                move_a = _flip(move_a)
            if rng.random() < noise:
                move_b = _flip(move_b)
        moves_a += (move_a,)
        moves_b += (move_b,)
    cells = list(zip(moves_a, moves_b))
    mine = {(x, y): game.payoff(x, y) for x in "CD" for y in "CD"}        # the payoff of each outcome,
    theirs = {(x, y): game.payoff(y, x) for x in "CD" for y in "CD"}      # looked up, not recomputed
    return MatchResult(moves_a, moves_b, tuple(map(mine.__getitem__, cells)), tuple(map(theirs.__getitem__, cells)))


class RankedRow(NamedTuple):
    rank: int
    key: str
    name: str
    mean_score: float
    cooperation_rate: float


@dataclass(frozen=True)
class TournamentResult:
    """Aggregated tournament outcome; all mappings are read-only.

    ``mean_score[k]``: k's mean score per turn over all its matches and repetitions (a
    self-play match counts once, as the mean of its two sides). ``cooperation_rate[k]``: share
    of k's played moves (after noise) that were C. ``pair_scores[(i, j)]``: i's mean score per
    turn against j. ``pair_mutual_cooperation[(i, j)]``: share of CC turns in i-vs-j matches.
    """

    keys: tuple[str, ...]
    turns: int
    repetitions: int
    noise: float
    payoffs: RSTP
    seed: int
    mean_score: Mapping[str, float]
    cooperation_rate: Mapping[str, float]
    pair_scores: Mapping[tuple[str, str], float]
    pair_mutual_cooperation: Mapping[tuple[str, str], float]

    def ranked(self) -> tuple[RankedRow, ...]:
        """Rows sorted by mean score (highest first), ties broken by key."""
        order = sorted(self.keys, key=lambda k: (-self.mean_score[k], k))
        return tuple(
            RankedRow(i, k, REGISTRY[k].name, self.mean_score[k], self.cooperation_rate[k])
            for i, k in enumerate(order, start=1)
        )


def _key_code(key: str) -> int:
    return int.from_bytes(key.encode("utf-8"), "big")


def match_seed(seed: int, repetition: int, key_a: str, key_b: str) -> np.random.SeedSequence:
    """The seed sequence of one tournament match (keys in any order)."""
    first, second = sorted((key_a, key_b))
    return np.random.SeedSequence([seed, repetition, _key_code(first), _key_code(second)])


def _check_keys(keys: Sequence[str]) -> tuple[str, ...]:
    keys = tuple(keys)
    if not keys:
        raise ValueError("at least one strategy is needed")
    unknown = [k for k in keys if k not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown strategy {unknown[0]!r}; choose from {', '.join(REGISTRY)}")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"duplicate strategy {duplicates[0]!r}")
    return keys


def run_tournament(
    keys: Sequence[str],
    turns: int,
    repetitions: int,
    noise: float,
    payoffs: Sequence[float],
    seed: int,
) -> TournamentResult:
    """Round robin (self-play included) of ``repetitions`` x every pair, ``turns`` each."""
    keys = _check_keys(keys)
    if repetitions < 1:
        raise ValueError(f"repetitions must be at least 1, got {repetitions}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    game = _as_payoffs(payoffs)
    players = {k: make(k) for k in keys}
    per_match: dict[str, list[float]] = {k: [] for k in keys}
    coop_counts: dict[str, list[int]] = {k: [0, 0] for k in keys}  # [C moves, all moves]
    pair_means: dict[tuple[str, str], list[float]] = {}
    pair_cc: dict[tuple[str, str], list[float]] = {}
    pairs = [(x, y) for i, x in enumerate(sorted(keys)) for y in sorted(keys)[i:]]
    # Without noise, two strategies that never draw play the same match in every repetition: it is
    # played once and reused (the generator it would have had is never read).
    same_every_time: dict[tuple[str, str], MatchResult] = {}
    for rep in range(repetitions):
        for first, second in pairs:
            m = same_every_time.get((first, second))
            if m is None:
                rng = np.random.default_rng(match_seed(seed, rep, first, second))
                m = play_match(players[first], players[second], turns, noise, game, rng)
                if noise == 0.0 and players[first].deterministic and players[second].deterministic:
                    same_every_time[(first, second)] = m
            if first == second:
                per_match[first].append(math.fsum((m.mean_a, m.mean_b)) / 2)
                pair_means.setdefault((first, first), []).append(per_match[first][-1])
            else:
                per_match[first].append(m.mean_a)
                per_match[second].append(m.mean_b)
                pair_means.setdefault((first, second), []).append(m.mean_a)
                pair_means.setdefault((second, first), []).append(m.mean_b)
                pair_cc.setdefault((second, first), []).append(m.mutual_cooperation)
            pair_cc.setdefault((first, second), []).append(m.mutual_cooperation)
            for key, moves in ((first, m.moves_a), (second, m.moves_b)):
                coop_counts[key][0] += moves.count("C")
                coop_counts[key][1] += len(moves)

    def mean(values: list[float]) -> float:
        return math.fsum(values) / len(values)

    return TournamentResult(
        keys=keys,
        turns=turns,
        repetitions=repetitions,
        noise=noise,
        payoffs=(game.cc, game.cd, game.dc, game.dd),
        seed=seed,
        mean_score=MappingProxyType({k: mean(per_match[k]) for k in keys}),
        cooperation_rate=MappingProxyType({k: c / n for k, (c, n) in coop_counts.items()}),
        pair_scores=MappingProxyType({p: mean(v) for p, v in sorted(pair_means.items())}),
        pair_mutual_cooperation=MappingProxyType({p: mean(v) for p, v in sorted(pair_cc.items())}),
    )


def format_table(result: TournamentResult) -> str:
    """A ranked plain-text table: rank, key, name, mean score per turn, cooperation rate."""
    r, s, t, p = (f"{x:g}" for x in result.payoffs)
    game = Payoffs.from_rstp(*result.payoffs).classify()
    lines = [
        f"Iterated PD round robin: {len(result.keys)} strategies, {result.turns} turns x "
        f"{result.repetitions} repetitions, noise {result.noise:g}, "
        f"payoffs R={r} S={s} T={t} P={p} ({game}), seed {result.seed}",
        f"{'rank':>4}  {'key':<7} {'name':<26} {'score/turn':>10}  {'coop rate':>9}",
    ]
    for row in result.ranked():
        lines.append(
            f"{row.rank:>4}  {row.key:<7} {row.name:<26} {row.mean_score:>10.3f}  "
            f"{row.cooperation_rate:>9.3f}"
        )
    return "\n".join(lines)
