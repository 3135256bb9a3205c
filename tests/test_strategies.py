"""Stance strategies: golden move sequences, game classifier, Bayesian rule and invariants 1-3."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.strategies import (
    GAME_TYPES,
    MOTIVES,
    PD_PAYOFFS,
    REGISTRY,
    Decision,
    DecisionContext,
    Payoffs,
    describe_all,
    generosity,
    make,
)
from game.ai.strategies.bayesian import belief, effective_payoffs

STAG = Payoffs(cc=4.0, cd=0.0, dc=3.0, dd=1.0)


def versus(key: str, opponent: str, seed: int = 0, payoffs: Payoffs = PD_PAYOFFS, **ctx) -> str:
    """Moves of ``key`` against a scripted opponent (Axelrod's versus_test, one side)."""
    strategy, rng, mine = make(key), np.random.default_rng(seed), ()
    for t in range(len(opponent)):
        context = DecisionContext(mine, tuple(opponent[:t]), payoffs, **ctx)
        mine += (strategy.decide(context, rng).move,)
    return "".join(mine)


# --- golden sequences --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("key", "opponent", "expected"),
    [
        ("tft", "CDDCCD", "CCDDCC"),
        ("tft", "DDDD", "CDDD"),
        ("tf2t", "CDCDDDCC", "CCCCCDDC"),
        ("grim", "CCDCCC", "CCCDDD"),
        ("wsls", "CDDCDCC", "CCDCCDD"),  # CC win stay, CD lose shift, DD lose shift, DC win stay
        ("allc", "DDDDD", "CCCCC"),
        ("alld", "CCCCC", "DDDDD"),
        ("gtft", "CCCCC", "CCCCC"),
        ("bayes", "CCDDDDCC", "CCCCCDDC"),  # beliefs .5 .67 .74 .55 .43 .36 .31 .44 vs q*=.385
    ],
)
def test_golden_deterministic(key: str, opponent: str, expected: str) -> None:
    assert versus(key, opponent) == expected


def test_golden_gtft_seeded() -> None:
    # draws with seed 5: .805 .808 .515 .286 .054 .383 .408; forgive iff draw < 1/3
    assert versus("gtft", "DDDDDDDD", seed=5) == "CDDDCCDD"


def test_golden_random_seeded() -> None:
    # draws with seed 7: .625 .897 .776 .225 .300 .874 .005 .821 .797 .468; C iff draw < .5
    assert versus("random", "CCCCCCCCCC", seed=7) == "DDDCCDCDDC"


def test_wsls_aspiration_is_mutual_cooperation_payoff() -> None:
    # In a Stag Hunt DC (3) pays less than CC (4), so after DC Pavlov shifts back to C.
    d = make("wsls").decide(DecisionContext(("D",), ("C",), STAG), np.random.default_rng(0))
    assert (d.move, d.numbers["last_payoff"], d.numbers["aspiration"]) == ("C", 3.0, 4.0)


def test_bayes_one_shot_pd_always_defects() -> None:  # invariant 3
    assert versus("bayes", "CCCCCCCC", continuation=0.0) == "DDDDDDDD"
    d = make("bayes").decide(DecisionContext((), (), PD_PAYOFFS, continuation=0.0), _rng())
    assert (d.move, d.motive) == ("D", "greed")


def test_bayes_stag_hunt_certain_partner_cooperates() -> None:  # invariant 3
    for delta in (0.0, 0.5, 0.9):
        assert versus("bayes", "CCCC", payoffs=STAG, prior_coop=1.0, continuation=delta) == "CCCC"


# --- purity and rng use ------------------------------------------------------------------------

def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.mark.parametrize("key", ["tft", "tf2t", "wsls", "grim", "allc", "alld", "bayes"])
def test_deterministic_strategies_draw_nothing(key: str) -> None:
    rng = _rng()
    before = rng.bit_generator.state
    for mine, theirs in [((), ()), (("C", "D"), ("D", "D")), (("D", "C", "C"), ("C", "C", "D"))]:
        make(key).decide(DecisionContext(mine, theirs, PD_PAYOFFS), rng)
    assert rng.bit_generator.state == before


def test_gtft_draws_only_after_a_defection() -> None:
    rng = _rng()
    before = rng.bit_generator.state
    make("gtft").decide(DecisionContext(("C",), ("C",), PD_PAYOFFS), rng)
    assert rng.bit_generator.state == before
    make("gtft").decide(DecisionContext(("C",), ("D",), PD_PAYOFFS), rng)
    assert rng.bit_generator.state != before


@pytest.mark.parametrize("key", list(REGISTRY))
def test_decide_is_pure(key: str) -> None:
    strategy = make(key)
    ctx = DecisionContext(("C", "D", "C"), ("D", "D", "C"), PD_PAYOFFS, 0.3, 0.4)
    assert strategy.decide(ctx, _rng(9)) == strategy.decide(ctx, _rng(9))
    assert vars(strategy) == {}


@pytest.mark.parametrize("key", list(REGISTRY))
def test_decisions_are_explained(key: str) -> None:
    for mine, theirs in [((), ()), (("C",), ("D",)), (("D", "D"), ("D", "D"))]:
        for payoffs in (PD_PAYOFFS, STAG):
            d = make(key).decide(DecisionContext(mine, theirs, payoffs), _rng())
            assert d.motive in MOTIVES
            assert d.reason.endswith(".") and d.reason[0].isupper() and "\n" not in d.reason


# --- registry and data types -------------------------------------------------------------------

def test_registry() -> None:
    assert list(REGISTRY) == ["tft", "gtft", "tf2t", "wsls", "grim", "allc", "alld", "random",
                              "bayes"]
    assert [info.key for info in describe_all()] == list(REGISTRY)
    assert all(info.name and info.description for info in describe_all())
    with pytest.raises(KeyError, match="unknown strategy 'nope'"):
        make("nope")


def test_context_and_decision_validation() -> None:
    with pytest.raises(ValueError):
        DecisionContext(("C",), (), PD_PAYOFFS)
    with pytest.raises(ValueError):
        DecisionContext(("X",), ("C",), PD_PAYOFFS)
    with pytest.raises(ValueError):
        DecisionContext((), (), PD_PAYOFFS, distinguishability=1.5)
    with pytest.raises(ValueError):
        Decision("C", "whim", "Because.")
    with pytest.raises(ValueError):
        Payoffs(1.0, math.nan, 0.0, 0.0)


# --- classifier and thresholds -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ((4, 3, 2, 1), "Harmony"),
        ((4, 0, 3, 1), "Stag Hunt"),
        ((3, 0, 5, 1), "Prisoner's Dilemma"),
        ((3, 1, 5, 0), "Chicken"),
        ((1, 0, 3, 2), "Deadlock"),
        ((3, 1, 3, 1), "Harmony"),  # ties go to the more cooperative game
        ((3, 0, 3, 1), "Stag Hunt"),
        ((3, 1, 5, 1), "Chicken"),
        ((2, 0, 5, 2), "Deadlock"),  # CC == DD is not a PD
    ],
)
def test_classify(cells: tuple[int, int, int, int], expected: str) -> None:
    assert Payoffs(*map(float, cells)).classify() == expected
    assert expected in GAME_TYPES


def test_from_rstp_and_thresholds() -> None:
    assert Payoffs.from_rstp(3, 0, 5, 1) == Payoffs(cc=3.0, cd=0.0, dc=5.0, dd=1.0)
    assert STAG.coop_threshold() == 0.5
    assert PD_PAYOFFS.coop_threshold() is None  # (3-5)+(1-0) < 0
    assert Payoffs(3, 1, 5, 0).coop_threshold() is None
    assert Payoffs(3, 1, 5, 0).chicken_threshold() == pytest.approx(1 / 3)
    assert generosity(PD_PAYOFFS) == pytest.approx(1 / 3)
    assert generosity(Payoffs(4, 3, 2, 1)) == 1.0


# --- Bayesian security seeker ------------------------------------------------------------------

ODD_STAG = Payoffs(cc=4.0, cd=-1.0, dc=2.5, dd=1.0)  # q* = 2 / 3.5 = 0.571428...


def _bayes(payoffs: Payoffs, **ctx) -> Decision:
    return make("bayes").decide(DecisionContext((), (), payoffs, **ctx), _rng())


@pytest.mark.parametrize("delta", [0.0, 0.3, 0.9])
def test_stag_hunt_threshold_exact(delta: float) -> None:  # invariant 2
    t = _bayes(ODD_STAG, continuation=delta).numbers["threshold"]
    if delta == 0.0:
        assert t == ODD_STAG.coop_threshold()
    assert t == effective_payoffs(ODD_STAG, delta).coop_threshold()
    assert _bayes(ODD_STAG, prior_coop=t, continuation=delta).move == "C"
    assert _bayes(ODD_STAG, prior_coop=t + 1e-9, continuation=delta).move == "C"
    low = _bayes(ODD_STAG, prior_coop=t - 1e-9, continuation=delta)
    assert (low.move, low.motive) == ("D", "fear")


def test_bayes_numbers_and_motives() -> None:
    d = _bayes(STAG, prior_coop=0.7, continuation=0.0)
    assert (d.move, d.motive) == ("C", "trust")
    assert {k: d.numbers[k] for k in ("belief", "threshold", "cc", "cd", "dc", "dd")} == {
        "belief": 0.7, "threshold": 0.5, "cc": 4.0, "cd": 0.0, "dc": 3.0, "dd": 1.0}
    assert "0.7" in d.reason and "0.5" in d.reason
    assert _bayes(Payoffs(4, 3, 2, 1), prior_coop=0.0).move == "C"
    assert _bayes(Payoffs(1, 0, 3, 2), prior_coop=1.0).motive == "greed"


def test_bayes_pd_with_shadow_of_future() -> None:  # prop. 8: DC -> (1-d)DC + dDD
    d = _bayes(PD_PAYOFFS, continuation=0.9)
    assert d.numbers["dc_effective"] == pytest.approx(1.4)
    assert d.numbers["threshold"] == pytest.approx(1 / (1.6 + 1))
    assert d.move == "C"
    # grim-trigger condition: cooperation possible only for delta > (T-R)/(T-P) = 0.5
    assert _bayes(PD_PAYOFFS, continuation=0.49, prior_coop=0.99).move == "D"
    assert _bayes(PD_PAYOFFS, continuation=0.51, prior_coop=0.99).move == "C"


def test_bayes_chicken_backs_down_when_other_stands_firm() -> None:
    chicken = Payoffs(3, 1, 5, 0)  # swerve iff q <= 1/3 in the one-shot game
    assert _bayes(chicken, prior_coop=0.2, continuation=0.0).move == "C"
    assert _bayes(chicken, prior_coop=0.5, continuation=0.0).move == "D"


def test_belief_formula() -> None:
    ctx = DecisionContext(("C",) * 3, ("C", "D", "C"), PD_PAYOFFS, prior_coop=0.5)
    assert belief(ctx) == pytest.approx((1 + 1 + 0 + 0.64) / (2 + 1 + 0.8 + 0.64))
    seen = DecisionContext((), (), PD_PAYOFFS, distinguishability=0.5,
                           observed_offensive_share=0.2, prior_coop=0.5)
    assert belief(seen) == pytest.approx(0.5 * 0.5 + 0.5 * 0.8)
    blind = DecisionContext((), (), PD_PAYOFFS, observed_offensive_share=1.0, prior_coop=0.5)
    assert belief(blind) == 0.5


def test_pd_stag_hunt_boundary_is_monotone() -> None:
    below = _bayes(Payoffs(4.99, 0, 5, 1), prior_coop=0.6)
    above = _bayes(Payoffs(5.01, 0, 5, 1), prior_coop=0.6)
    # Discounting only in a PD would make raising CC past DC flip the AI from C to D here.
    assert (below.move, above.move) == ("C", "C")
    assert above.numbers["threshold"] <= below.numbers["threshold"]


cell = st.integers(-8, 8).map(lambda x: x / 2)


@settings(max_examples=400, deadline=None)
@given(
    cells=st.tuples(cell, cell, cell, cell),
    which=st.sampled_from(["cc", "cd", "dc", "dd"]),
    step=st.sampled_from([0.25, 0.5, 1.0, 3.0]),
    prior=st.integers(0, 10).map(lambda x: x / 10),
    history=st.text(alphabet="CD", max_size=6),
    delta=st.sampled_from([0.0, 0.5, 2 / 3, 0.9]),
    d=st.sampled_from([0.0, 0.5]),
    share=st.sampled_from([None, 0.2, 0.9]),
)
@pytest.mark.slow
def test_payoff_monotonicity(cells, which, step, prior, history, delta, d, share) -> None:
    """Invariant 1: P(C) rises with CC and CD and falls with DC and DD."""
    base = Payoffs(*cells)
    bumped = Payoffs(**{**base.as_numbers(), which: getattr(base, which) + step})

    def p_coop(payoffs: Payoffs) -> int:
        ctx = DecisionContext(tuple(history), tuple(history), payoffs, d, share, prior, delta)
        return int(make("bayes").decide(ctx, _rng()).move == "C")

    if which in ("cc", "cd"):
        assert p_coop(bumped) >= p_coop(base)
    else:
        assert p_coop(bumped) <= p_coop(base)


@settings(max_examples=200, deadline=None)
@given(prior=st.integers(0, 20).map(lambda x: x / 20), history=st.text(alphabet="CD", max_size=8))
@pytest.mark.slow
def test_belief_monotone_in_evidence(prior: float, history: str) -> None:
    """Prop. 5: more observed cooperation never lowers the belief."""
    ctx = DecisionContext(tuple(history), tuple(history), PD_PAYOFFS, prior_coop=prior)
    more = DecisionContext(tuple(history + "C"), tuple(history + "C"), PD_PAYOFFS, prior_coop=prior)
    less = DecisionContext(tuple(history + "D"), tuple(history + "D"), PD_PAYOFFS, prior_coop=prior)
    assert belief(less) <= belief(more)
    assert 0.0 <= belief(ctx) <= 1.0
