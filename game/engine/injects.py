"""Seminar injects: condition -> action rules from the scenario, fired automatically after a turn
or by hand by the facilitator (issue 6).

Conditions (all that are given must hold, on the state after a resolved turn): the turn about to
start, a war between two states in the turn just resolved, a treaty in force, a state's territory
below a share of its start. Actions: change of era, change of distinguishability, a crisis message
to everyone or to some states, a trade shock, a third party's attack (resolved next turn), a
change of a state's war cost. Each inject fires at most once. All functions are pure.
"""
from __future__ import annotations

from dataclasses import replace

from .pairkey import dyad_key
from .rules import Era, load_rules
from .scenario_schema import ActionSpec, ConditionSpec, InjectSpec
from .state import Event, GameState, territory_counts


def _ids(state: GameState) -> dict[str, int]:
    return {n.key: n.id for n in state.nations}


def condition_holds(state: GameState, cond: ConditionSpec) -> bool:
    ids = _ids(state)
    if cond.turn is not None and state.turn != cond.turn:
        return False
    last = state.history[-1] if state.history else None
    if cond.war is not None:
        if last is None or dyad_key(ids[cond.war[0]], ids[cond.war[1]]) not in last.wars:
            return False
    if cond.treaty is not None:
        pair = tuple(sorted((ids[cond.treaty.between[0]], ids[cond.treaty.between[1]])))
        if not any(t.parties == pair and (cond.treaty.kind is None or t.kind == cond.treaty.kind) for t in state.treaties):
            return False
    if cond.territory_below is not None:
        i = ids[cond.territory_below.state]
        start = state.start_territory[i] if state.start_territory else 0
        held = territory_counts(state.owner, len(state.nations))[i]
        if not start or held >= cond.territory_below.share * start:
            return False
    return True


def convert_units(old: Era, new: Era, stack: dict[str, int]) -> dict[str, int]:
    """Carry forces into a new era: same key if it exists, else the new unit whose offensive
    signature is nearest (so an army keeps its offensive/defensive character)."""
    out: dict[str, int] = {}
    candidates = [u for u in new.units.values() if not u.fort]
    for key, n in stack.items():
        if key in new.units and not new.units[key].fort:
            target = key
        else:
            sig = old.units[key].offensive_signature if key in old.units else 0.5
            target = min(candidates, key=lambda u: (abs(u.offensive_signature - sig), u.cost, u.key)).key
        out[target] = out.get(target, 0) + n
    return out


def _apply(state: GameState, action: ActionSpec, events: list[Event], name: str) -> GameState:
    ids = _ids(state)
    turn = state.turn
    if action.era is not None:
        new_era = load_rules().eras[action.era]
        units = {h: convert_units(state.era, new_era, dict(st)) for h, st in state.units.items()}
        queue_ok = lambda q: q.unit in new_era.units  # noqa: E731 - builds of vanished types are lost
        nations = tuple(replace(n, queue=tuple(q for q in n.queue if queue_ok(q))) for n in state.nations)
        events.append(Event(turn, "era_change", f"{name}: the era changes to {new_era.name}.", {"era": action.era}))
        state = replace(state, era=new_era, units=units, nations=nations)
    if action.distinguishability is not None:
        era = state.era.model_copy(update={"distinguishability": action.distinguishability,
                                           "perceived_distinguishability": None})
        events.append(Event(turn, "distinguishability", f"{name}: offensive and defensive forces are now "
                             f"{'easier' if action.distinguishability > state.era.distinguishability else 'harder'} "
                             f"to tell apart (d = {action.distinguishability:.2f}).", {"d": action.distinguishability}))
        state = replace(state, era=era)
    if action.message is not None:
        to = None if action.to is None else tuple(sorted(ids[k] for k in action.to))
        events.append(Event(turn, "crisis_message", action.message, {"inject": name}, to))
    if action.trade_shock is not None:
        events.append(Event(turn, "trade_shock", f"{name}: trade gains are multiplied by {action.trade_shock:g}.",
                            {"factor": action.trade_shock}))
        state = replace(state, params=replace(state.params, trade_factor=action.trade_shock))
    if action.attack is not None:
        by = ids[action.attack.by]
        target = state.gmap.hex_id(*action.attack.target)
        events.append(Event(turn, "third_party_attack", f"{name}: {state.nations[by].name} will attack "
                            f"{state.gmap.label(target)} this turn.", {"by": by, "target": target}))
        state = replace(state, pending_attacks=state.pending_attacks + ((by, target),))
    if action.war_cost is not None:
        i = ids[action.war_cost.state]
        nations = list(state.nations)
        nations[i] = replace(nations[i], war_cost_factor=action.war_cost.factor)
        events.append(Event(turn, "war_cost", f"{name}: war now costs {nations[i].name} {action.war_cost.factor:g}x "
                            "as much.", {"nation": i, "factor": action.war_cost.factor}))
        state = replace(state, nations=tuple(nations))
    return state


def fire(state: GameState, inject: InjectSpec, manual: bool = False) -> tuple[GameState, list[Event]]:
    """Apply an inject's actions now (by hand or because its condition holds)."""
    how = "by the facilitator" if manual else "on its condition"
    events = [Event(state.turn, "inject", f"Inject: {inject.name}. {inject.description}".strip(),
                    {"id": inject.id, "manual": manual, "how": how})]
    for action in inject.actions:
        state = _apply(state, action, events, inject.name)
    return replace(state, fired=state.fired + ((inject.id, state.turn),)), events


def fire_by_id(state: GameState, inject_id: str) -> tuple[GameState, list[Event]]:
    for inj in state.injects:
        if inj.id == inject_id:
            return fire(state, inj, manual=True)
    raise KeyError(f"no inject {inject_id!r}; this scenario has: {', '.join(i.id for i in state.injects) or 'none'}")


def run_automatic(state: GameState) -> tuple[GameState, list[Event]]:
    """Fire every not-yet-fired inject whose condition holds, in scenario order."""
    done = {i for i, _ in state.fired}
    events: list[Event] = []
    for inj in state.injects:
        if inj.when is not None and inj.id not in done and condition_holds(state, inj.when):
            state, ev = fire(state, inj)
            events.extend(ev)
    return state, events
