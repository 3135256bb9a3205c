"""The odds of an attack as one player can know them: :func:`game.engine.combat.attack_odds` on
the player's own units and its *estimate* of the defender (a :class:`PlayerView` never holds the
true foreign forces). The AI plans with it and the orders screen previews it, so what a human
sees before committing is what the AI weighs, computed by the rule that resolves the attack.
"""
from __future__ import annotations

from typing import Sequence

from .combat import AttackOdds, Defenders, attack_odds, attackers
from .views import PlayerView


def estimated_defenders(view: PlayerView, target: int, cautious: bool) -> Defenders:
    """The defenders of ``target`` as ``view`` estimates them; ``cautious`` reads the estimate one
    standard error of the view's strength noise high (as a careful planner would)."""
    militia = view.gmap.rules.constants.combat.militia
    est = view.estimates.get(target)
    if est is None:
        return Defenders(militia, 0)
    noise = view.gmap.rules.constants.views.strength_noise
    dfn = est.defence * (1.0 + noise * (1.0 - view.distinguishability)) if cautious else est.defence
    return Defenders(dfn + militia, est.count)


def planned_attack_odds(view: PlayerView, target: int, sources: Sequence[int], *, surprise: bool,
                        cautious: bool = False) -> AttackOdds:
    """Odds and expected losses of an attack by my units in ``sources`` (each adjacent to ``target``)
    on ``target``: my real units, the defender as I estimate it, the era and its defence technology
    as I perceive them. ``surprise`` is whether the target's owner is caught cooperating."""
    g = view.gmap
    stacks = [view.my_units.get(s, {}) for s in sources]
    edge = min(lk.mult for s in sources for lk in g.links[s] if lk.dst == target)
    return attack_odds(g.rules, view.era, attackers(view.era, stacks), estimated_defenders(view, target, cautious),
                       g.terrain[target], edge, view.fort[target], surprise=surprise, perceived=True)
