"""Abstract iterated-PD matches, the round-robin tournament and the ``ipd`` command."""

from __future__ import annotations

import argparse

import numpy as np
import pytest

from game.ai.strategies import REGISTRY, make
from game.cli.cmd_ipd import DEFAULT_STRATEGIES, register
from game.sim.ipd import format_table, match_seed, play_match, run_tournament

PD = (3.0, 0.0, 5.0, 1.0)
DEFAULT_KEYS = DEFAULT_STRATEGIES.split(",")


def _match(a: str, b: str, turns: int = 10, noise: float = 0.0, seed: int = 0):
    return play_match(make(a), make(b), turns, noise, PD, np.random.default_rng(seed))


# --- matches -----------------------------------------------------------------------------------

def test_alld_exploits_allc() -> None:
    m = _match("alld", "allc")
    assert (m.mean_a, m.mean_b) == (5.0, 0.0)
    assert m.moves_a == ("D",) * 10 and m.moves_b == ("C",) * 10


def test_tft_pair_cooperates_fully() -> None:
    m = _match("tft", "tft", turns=200)
    assert (m.mean_a, m.mean_b, m.mutual_cooperation) == (3.0, 3.0, 1.0)


def test_tft_against_alld_loses_only_the_first_turn() -> None:
    m = _match("tft", "alld", turns=5)
    assert "".join(m.moves_a) == "CDDDD"
    assert (m.score_a, m.score_b) == (4.0, 9.0)


def test_golden_noisy_tft_pair() -> None:
    # seed 3 draws (two per turn, player a then b): .086 .237 | .801 .582 | .094 .433 | ...
    # turn 1 flips a (C->D); TFT echoes it; turn 3 flips a again (D->C), which ends the echo;
    # turn 11 (draw .001) flips a and the echo then runs to the end.
    m = _match("tft", "tft", turns=20, noise=0.1, seed=3)
    assert "".join(m.moves_a) == "DCCCCCCCCCDCDCCCDCDC"
    assert "".join(m.moves_b) == "CDCCCCCCCCCDCDCDCDCD"
    draws = np.random.default_rng(3).random(40)
    for t in range(1, 20):  # every move is the copy of the other's last, unless its draw flipped it
        for mine, theirs, draw in ((m.moves_a, m.moves_b, draws[2 * t]),
                                   (m.moves_b, m.moves_a, draws[2 * t + 1])):
            assert (mine[t] == theirs[t - 1]) == (draw >= 0.1)


def test_golden_noisy_wsls_pair() -> None:
    m = _match("wsls", "wsls", turns=20, noise=0.1, seed=3)
    assert "".join(m.moves_a) == "DDDDCCCCCCDDCCDDDCCC"
    assert "".join(m.moves_b) == "CDCDCCCCCCCDCCCCDCCC"


def test_play_match_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        _match("tft", "tft", turns=0)
    with pytest.raises(ValueError):
        _match("tft", "tft", noise=1.5)
    with pytest.raises(ValueError):
        play_match(make("tft"), make("tft"), 3, 0.0, (3, 0, 5), np.random.default_rng(0))


# --- tournament --------------------------------------------------------------------------------

def test_tournament_is_reproducible() -> None:
    first = run_tournament(DEFAULT_KEYS, 50, 3, 0.05, PD, seed=11)
    again = run_tournament(DEFAULT_KEYS, 50, 3, 0.05, PD, seed=11)
    assert format_table(first) == format_table(again)
    assert dict(first.pair_scores) == dict(again.pair_scores)
    other = run_tournament(DEFAULT_KEYS, 50, 3, 0.05, PD, seed=12)
    assert dict(first.mean_score) != dict(other.mean_score)


def test_tournament_independent_of_listing_and_company() -> None:
    full = run_tournament(DEFAULT_KEYS, 40, 2, 0.05, PD, seed=4)
    backwards = run_tournament(DEFAULT_KEYS[::-1], 40, 2, 0.05, PD, seed=4)
    pair = run_tournament(["random", "gtft"], 40, 2, 0.05, PD, seed=4)
    assert dict(full.mean_score) == dict(backwards.mean_score)
    assert pair.pair_scores[("gtft", "random")] == full.pair_scores[("gtft", "random")]
    assert match_seed(4, 1, "tft", "alld").entropy == match_seed(4, 1, "alld", "tft").entropy


def test_tournament_known_scores() -> None:
    r = run_tournament(["alld", "allc", "tft"], 200, 2, 0.0, PD, seed=1)
    assert r.pair_scores[("alld", "allc")] == 5.0
    assert r.pair_scores[("allc", "alld")] == 0.0
    assert r.pair_scores[("tft", "tft")] == 3.0
    assert r.pair_mutual_cooperation[("tft", "allc")] == 1.0
    assert r.cooperation_rate["allc"] == 1.0 and r.cooperation_rate["alld"] == 0.0
    for key in r.keys:  # a strategy's mean is the mean over its opponents (self included)
        mean = np.mean([r.pair_scores[(key, other)] for other in r.keys])
        assert r.mean_score[key] == pytest.approx(mean)


def test_ranked_order_and_table() -> None:
    r = run_tournament(DEFAULT_KEYS, 30, 2, 0.0, PD, seed=1)
    rows = r.ranked()
    assert [row.rank for row in rows] == list(range(1, len(DEFAULT_KEYS) + 1))
    assert sorted(row.key for row in rows) == sorted(DEFAULT_KEYS)
    assert all((-a.mean_score, a.key) <= (-b.mean_score, b.key) for a, b in zip(rows, rows[1:]))
    table = format_table(r)
    for key in DEFAULT_KEYS:
        assert f" {key} " in table and REGISTRY[key].name in table


@pytest.mark.slow
def test_noise_hurts_tft_pairs_more_than_wsls_or_gtft() -> None:  # invariant 19
    r = run_tournament(["tft", "gtft", "wsls"], 1000, 4, 0.05, PD, seed=2024)
    cc = {k: r.pair_mutual_cooperation[(k, k)] for k in r.keys}
    assert cc["wsls"] > cc["tft"] + 0.2
    assert cc["gtft"] > cc["tft"] + 0.2


def test_tournament_rejects_bad_arguments() -> None:
    for keys in ([], ["tft", "tft"], ["tft", "zzz"]):
        with pytest.raises(ValueError):
            run_tournament(keys, 10, 1, 0.0, PD, seed=1)
    with pytest.raises(ValueError):
        run_tournament(["tft"], 10, 0, 0.0, PD, seed=1)


# --- CLI ---------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py")
    register(parser.add_subparsers(dest="command"))
    return parser


@pytest.mark.slow
def test_cli_defaults_print_ranked_table(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["ipd"])
    assert (args.turns, args.repetitions, args.noise, args.payoffs, args.seed) == (
        200, 10, 0.0, PD, 1)
    assert args.strategies == tuple(DEFAULT_KEYS)
    assert args.func(args) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert len(lines) == 2 + len(DEFAULT_KEYS)
    for key in DEFAULT_KEYS:
        assert f" {key} " in out
    assert lines[2].split()[0] == "1"


def test_cli_all_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["ipd", "--strategies", "all", "--turns", "20", "--repetitions",
                                 "1", "--noise", "0.05", "--payoffs", "4,0,3,1", "--seed", "7"])
    assert args.strategies == tuple(REGISTRY)
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "Stag Hunt" in out and all(f" {key} " in out for key in REGISTRY)


@pytest.mark.parametrize(
    "argv",
    [
        ["--strategies", "tft,nope"],
        ["--strategies", "tft,tft"],
        ["--strategies", ""],
        ["--noise", "1.5"],
        ["--noise", "-0.1"],
        ["--noise", "nan"],
        ["--payoffs", "3,0,5"],
        ["--payoffs", "3,0,5,x"],
        ["--payoffs", "3,0,5,inf"],
        ["--turns", "0"],
        ["--turns", "ten"],
        ["--repetitions", "0"],
        ["--seed", "-1"],
    ],
)
def test_cli_bad_values_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        _parser().parse_args(["ipd", *argv])
    assert exc.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert len(errors) == 1
