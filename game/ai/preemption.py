"""Crisis preemption: the reciprocal fear of surprise attack (Schelling 1960, ch. 9; J78 pp. 188-190).

Jervis's second question -- with given forces, is it better to strike first? -- is separate from
the offence-defence balance. A state's *first-strike balance* toward a neighbour is their balance
of attacking it divided by the era's first-strike bonus, ``odb_theirs / first_strike_bonus``: the
balance an attacker faces when it catches the defender unwarned. Where it falls below 1, going
first turns a defence-dominant border into an offence-dominant one; where the bonus is 1 (secure
second strike) there is nothing to gain by going first, whatever the balance.

A preempting type (security seekers and insecure-greedy states, :class:`TypeProfile.preempts`)
playing the Bayesian strategy defects preemptively -- a C becomes D, and either way
:func:`game.ai.attacks.plan_attacks` may strike first -- when all of these hold:

1. counterforce: the era's first strike limits the damage (``damage_limitation > 0``; MIRV).
   Schelling's fear is of a strike that disarms. With the tactical surprise bonuses of the
   conventional eras (1.3-1.8) the rule would carry a border at ODB 1.23 into "going first wins"
   and peaceful 1850 maps into war; there :mod:`game.ai.attacks` weighs a first strike by
   expected value, with only the first-strike share of the stakes;
2. a first-strike advantage on their side: ``first_strike_balance < 1``;
3. its own strike can come as a surprise (it did not defect against them last turn): once at war,
   the strategy alone decides;
4. their strike would likely succeed: ``p_lose >= FEAR_P``;
5. it expects a strike: belief q < ``EXPECT_STRIKE``;
6. striking first beats waiting in expectation. Waiting is worth ``q*CC + (1-q)*CD`` (peace, or
   absorbing their first strike), striking first ``q*DC_eff + (1-q)*DC``: against a cooperator
   the temptation discounted by the retaliation it provokes (as the Bayesian strategy discounts
   it), against a state about to strike the full DC, since catching it in the act is what going
   first buys. DC already carries the era's damage limitation.

The Bayesian strategy alone never preempts in a Chicken-shaped crisis: it backs down when it
expects the other to stand firm. That is right when "standing firm" means mobilising, wrong when
it means a disarming first strike -- the case this rule adds. Named strategies other than the
Bayesian one (tit for tat, grudger, ...) are left exactly as they are, so that tournaments and
batch experiments keep measuring the strategy they name.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.ai.strategies import Payoffs
from game.ai.strategies.bayesian import effective_payoffs
from game.engine.rules import Era
from game.engine.stagegame import StageGame

FEAR_P = 0.5           # their strike odds on me that make a preempting type strike first
EXPECT_STRIKE = 0.5    # preempt only below this belief that they keep the peace: a strike is expected


def first_strike_balance(game: StageGame, era: Era) -> float:
    """Their offence-defence balance against me as seen by a surprise attacker (< 1: going first wins)."""
    return game.odb_theirs / era.first_strike_bonus


def first_strike_advantage(game: StageGame, era: Era) -> bool:
    """Whether a strike by them that catches me unwarned faces offence dominance."""
    return era.first_strike_bonus > 1.0 and first_strike_balance(game, era) < 1.0


@dataclass(frozen=True)
class Preemption:
    strike_first: float     # expected value of striking first
    wait: float             # expected value of keeping the peace
    balance: float          # first-strike balance

    @property
    def margin(self) -> float:
        return self.strike_first - self.wait


def crisis_preemption(game: StageGame, era: Era, payoffs: Payoffs, p_lose: float, belief: float,
                      continuation: float, can_surprise: bool) -> Preemption | None:
    """The preemption case for this neighbour, or None when a condition fails."""
    q = min(1.0, max(0.0, belief))
    if not can_surprise or era.damage_limitation <= 0 or not first_strike_advantage(game, era) \
            or p_lose < FEAR_P or q >= EXPECT_STRIKE:
        return None
    eff = effective_payoffs(payoffs, continuation)
    strike = q * eff.dc + (1.0 - q) * payoffs.dc
    wait = q * payoffs.cc + (1.0 - q) * payoffs.cd
    if strike <= wait:
        return None
    return Preemption(strike, wait, first_strike_balance(game, era))
