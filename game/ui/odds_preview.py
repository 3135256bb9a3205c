"""The odds of an attack before it is committed: what the orders screen shows when the player
hovers a hex it could attack (from the selected hex) or has already planned to attack. The numbers
come from :func:`game.engine.odds.planned_attack_odds` -- the engine rule that resolves the attack,
applied to the player's own units and its estimate of the defender -- and are only formatted here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from game.engine.combat import AttackOdds
from game.engine.odds import planned_attack_odds
from game.engine.orders import Attack
from game.engine.views import PlayerView


@dataclass(frozen=True)
class AttackPreview:
    sources: tuple[int, ...]
    plain: AttackOdds         # they are on guard (they defect, or were warned)
    surprise: AttackOdds      # they are caught cooperating: the era's first-strike bonus applies


def preview_sources(view: PlayerView, attacks: Sequence[Attack], selected: int | None, target: int) -> tuple[int, ...]:
    """The hexes the preview is about: those already planned against ``target`` plus the selected
    hex when it holds my units and borders ``target`` (it would join the attack on a click)."""
    if view.me is None or view.owner[target] < 0 or view.owner[target] == view.me:
        return ()
    sources = [s for a in attacks if a.target == target for s in a.sources]
    g = view.gmap
    if (selected is not None and selected not in sources and view.owner[selected] == view.me
            and view.my_units.get(selected) and g.link(selected, target) is not None):
        sources.append(selected)
    return tuple(sources)


def attack_preview(view: PlayerView, target: int, sources: Sequence[int]) -> AttackPreview | None:
    if not sources:
        return None
    return AttackPreview(tuple(sources), planned_attack_odds(view, target, sources, surprise=False),
                         planned_attack_odds(view, target, sources, surprise=True))


def preview_lines(preview: AttackPreview) -> list[str]:
    """Two tooltip lines: the odds (on guard, and by surprise) and the expected losses."""
    p, s = preview.plain, preview.surprise
    n = len(preview.sources)
    return [f"Attack from {n} hex{'es' if n != 1 else ''}: odds {p.probability:.0%} "
            f"({s.probability:.0%} if they are caught cooperating), force ratio {p.ratio:.2f}",
            f"Expected losses: yours {p.attacker_units_lost:.1f} of {p.attackers} units, "
            f"theirs {p.defender_units_lost:.1f} of ~{p.defenders} (estimate)"]
