"""What only the facilitator sees, read from the full game state (never a player's view): the map
with every stack's true size and posture, each state's true forces, and injects in words."""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from game.engine.pairkey import PairKey
from game.engine.state import Event, GameState
from game.engine.views import player_view

from .mapdata import Counter, MapLayers, layers_from_view


def omniscient_layers(state: GameState, events: tuple[Event, ...] = ()) -> MapLayers:
    """The facilitator's map (console and full replay): the public map layers with every stack's
    true size and offensive share, and each dyad's world as the last resolved turn truly had it."""
    base = layers_from_view(player_view(state, None, events))
    era = state.era
    counters: dict[int, Counter] = {}
    for h, stack in state.units.items():
        total = sum(n for k, n in stack.items() if k in era.units and not era.units[k].fort)
        if total <= 0 or state.owner[h] < 0:
            continue
        off = sum(n for k, n in stack.items() if k in era.units and era.units[k].offensive)
        counters[h] = Counter(total, state.owner[h], off / total, True)
    worlds = dict(base.dyad_world)
    if state.history:
        for key, w in state.history[-1].world.items():
            worlds[PairKey.parse(key).pair] = int(w)
    return replace(base, counters=counters, dyad_world=worlds)


def describe_condition(inject, names: Mapping[str, str] | None = None) -> str:
    """When an inject fires, in words (state keys as names when ``names`` maps them)."""
    w = inject.when
    if w is None:
        return "by hand only"
    name = (lambda k: names.get(k, k)) if names else (lambda k: k)
    parts = []
    if w.turn is not None:
        parts.append(f"turn {w.turn}")
    if w.war is not None:
        parts.append(f"war {name(w.war[0])}-{name(w.war[1])}")
    if w.treaty is not None:
        parts.append(f"treaty {name(w.treaty.between[0])}-{name(w.treaty.between[1])}"
                     + (f" ({w.treaty.kind.replace('_', ' ')})" if w.treaty.kind else ""))
    if w.territory_below is not None:
        parts.append(f"{name(w.territory_below.state)} below {w.territory_below.share:.0%} of its land")
    return "when " + " and ".join(parts)


def forces_of(state: GameState, nation: int) -> tuple[int, int]:
    """(offensive, defensive) true unit counts of a nation (forts excluded)."""
    era = state.era
    off = dfn = 0
    for h, stack in state.units.items():
        if state.owner[h] != nation:
            continue
        for k, n in stack.items():
            u = era.units.get(k)
            if u is None or u.fort:
                continue
            if u.offensive:
                off += n
            else:
                dfn += n
    return off, dfn
