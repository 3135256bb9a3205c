"""Turn resolution: one pure function of (state, every state's orders) -> (new state, events).

Phase order (docs/rules.md §1): stances revealed and PD outcomes fixed -> treaties broken by
defection -> moves (engine/movement.py: own or transit-treaty land, movement points) -> attacks (surprise against a cooperating, unwarned defender; random but seeded order)
-> war costs -> capitals and eliminations -> income, trade, upkeep -> builds paid and lead times
advanced (offensive builds near a border may be seen: warning) -> treaty proposals and
acceptances -> record -> victory checks. All draws come from the state's own generator.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from . import alliances as pacts
from .balance import dyad_balances, dyad_world
from .combat import apply_losses, assault_capable, assault_succeeds, attack_odds, attackers, defenders
from .economy import pay_economy
from .injects import run_automatic
from .movement import resolve_moves
from .orders import ALLIANCE, TREATY_KINDS, Attack, Orders
from .pairkey import direction_key, dyad_key
from .resolution import Resolution
from .stagegame import stage_games, true_forces
from .state import NEUTRAL, Dyad, Event, GameState, Proposal, Treaty, TurnRecord, dyad, territory_counts


def resolve_turn(state: GameState, orders: Mapping[int, Orders]) -> tuple[GameState, list[Event]]:
    """Resolve one turn. ``orders`` maps nation id -> Orders; missing orders mean 'cooperate, build nothing'."""
    if state.finished:
        raise ValueError("the game is over")
    r = Resolution(state, _with_forced_attacks(state, orders))
    balances = dyad_balances(state, r.axes)
    forces = true_forces(state)
    all_incomes = state.incomes()
    incomes = {i: all_incomes[i] for i in r.orders}
    games = stage_games(state, forces, r.axes, balances, incomes, r.pairs, perceived=False)
    _stances(r)
    pacts.answer_calls(r)
    resolve_moves(r)
    _attacks(r)
    _war_costs(r, incomes)
    _capitals(r)
    pacts.call_allies(r)
    pay_economy(r)
    _treaties(r)
    new = _finish(r, balances, games)
    if not new.finished and new.injects:
        new, fired = run_automatic(new)
        r.events.extend(fired)
    record = replace(new.history[-1], state_hash=new.state_hash())
    return replace(new, history=new.history[:-1] + (record,)), r.events


def _with_forced_attacks(state: GameState, orders: Mapping[int, Orders]) -> Mapping[int, Orders]:
    """A third party's attack ordered by an inject: that state defects against the target's owner
    and attacks from every adjacent hex it holds, whatever its own orders say about that hex."""
    if not state.pending_attacks:
        return orders
    out = dict(orders)
    for by, target in state.pending_attacks:
        j = state.owner[target]
        if not state.nations[by].alive or j == by:
            continue
        o = out.get(by) or Orders(by)
        sources = tuple(lk.dst for lk in state.gmap.links[target] if state.owner[lk.dst] == by)
        stances = dict(o.stances)
        if j >= 0:
            stances[j] = "D"
        out[by] = replace(o, stances=stances, attacks=(Attack(target, sources),) + o.attacks)
    return out


def _stances(r: Resolution) -> None:
    for a, b in r.pairs:
        sa, sb = r.stances[(a, b)], r.stances[(b, a)]
        r.emit("stance", f"{r.name(a)} {_verb(sa)} {r.name(b)}; {r.name(b)} {_verb(sb)} {r.name(a)}: {sa}{sb}",
               dyad=[a, b], outcome=sa + sb)
        if "D" in (sa, sb):
            kept = []
            for t in r.treaties:
                if t.parties == (a, b):
                    breaker = a if sa == "D" else b
                    r.emit("treaty_broken", f"The {t.kind.replace('_', '-')} treaty between {r.name(a)} and {r.name(b)} "
                           f"ends: {r.name(breaker)} defected.", dyad=[a, b], treaty=t.kind)
                else:
                    kept.append(t)
            r.treaties = kept


def _verb(s: str) -> str:
    return "cooperates with" if s == "C" else "defects against"


def _attacks(r: Resolution) -> None:
    s, g = r.s, r.s.gmap
    queue: list[tuple[int, Attack]] = []
    for i, o in r.orders.items():
        for a in o.attacks:
            queue.append((i, a))
    if not queue:
        return
    used: set[int] = set()
    assault = {k for k, u in s.era.units.items() if assault_capable(u)}
    for k in r.rng.permutation(len(queue)).tolist():
        i, att = queue[k]
        t = att.target
        if not (0 <= t < g.size) or not g.passable[t]:
            r.emit("order_rejected", f"{r.name(i)}: attack target {t} is not a land hex.", (i,))
            continue
        j = r.owner[t]
        if j == i:
            continue
        if j == NEUTRAL:     # neutral ground is a buffer zone: attacks cross it (a buffer axis), never take it
            r.emit("order_rejected", f"{r.name(i)}: {g.label(t)} is neutral ground; it cannot be attacked.", (i,))
            continue
        if r.stances.get((i, j)) != "D":
            r.emit("order_rejected", f"{r.name(i)}: cannot attack {r.name(j)} at {g.label(t)} without defecting against it.", (i,))
            continue
        links = {x: g.link(x, t) for x in dict.fromkeys(att.sources)
                 if 0 <= x < g.size and r.owner[x] == i and x not in used}
        sources = [x for x, lk in links.items() if lk is not None]
        stacks = [r.units.get(x, {}) for x in sources]
        terrain = g.terrain[t]
        surprise = r.stances.get((j, i)) == "C" and (i, j) not in s.warned \
            and s.last_stances.get((i, j)) != "D" and all(links[x].kind != "buffer" for x in sources)
        edge = min((links[x].mult for x in sources), default=1.0)
        dstack = r.units.get(t, {})
        odds = attack_odds(g.rules, s.era, attackers(s.era, stacks), defenders(g.rules, s.era, dstack), terrain,
                           edge, r.fort[t], surprise=surprise)
        if odds.attack <= 0:
            r.emit("order_rejected", f"{r.name(i)}: no assault-capable units next to {g.label(t)}.", (i,))
            continue
        used.update(sources)
        rho = odds.ratio
        success = assault_succeeds(odds, r.rng)
        for x in sources:
            left = apply_losses(r.units.get(x, {}), odds.attacker_loss, r.rng, only=assault)
            _set_stack(r, x, left)
        r.attacks += 1
        r.wars.add(dyad(i, j))
        if (i, j) not in r.struck:
            r.struck.append((i, j))
        if surprise:
            r.first_strikes += 1
            r.surprised.add((i, j))
        text = (f"{r.name(i)} attacks {r.name(j)} at {g.label(t)}{' by surprise' if surprise else ''}: "
                f"ratio {rho:.2f}, odds {odds.probability:.0%} -> {'taken' if success else 'repulsed'}.")
        r.emit("attack", text, None, attacker=i, defender=j, target=t, ratio=round(rho, 4),
               odds=round(odds.probability, 4), success=success, surprise=surprise)
        dleft = apply_losses(dstack, odds.defender_loss, r.rng)
        if success:
            _capture(r, i, j, t, dleft, sources, assault)
        else:
            _set_stack(r, t, dleft)


def _set_stack(r: Resolution, h: int, stack: Mapping[str, int]) -> None:
    clean = {k: v for k, v in stack.items() if v > 0}
    if clean:
        r.units[h] = clean
    else:
        r.units.pop(h, None)


def _capture(r: Resolution, i: int, j: int, t: int, survivors: dict[str, int], sources: list[int], assault: set[str]) -> None:
    g, c = r.s.gmap, r.s.gmap.rules.constants.combat
    retreat = [n for n in g.neighbours(t) if r.owner[n] == j] if j >= 0 else []
    r.units.pop(t, None)
    if survivors and retreat:
        dest = retreat[0]
        moved = apply_losses(survivors, c.retreat_loss, r.rng)
        merged = dict(r.units.get(dest, {}))
        for k, n in moved.items():
            merged[k] = merged.get(k, 0) + n
        _set_stack(r, dest, merged)
    r.owner[t] = i
    r.fort[t] = max(0, r.fort[t] - 1)
    best = max(sources, key=lambda x: (sum(n for k, n in r.units.get(x, {}).items() if k in assault), -x))
    src = dict(r.units.get(best, {}))
    moving = {k: int(n * c.advance_share) for k, n in src.items() if k in assault}
    if any(moving.values()):
        _set_stack(r, best, {k: n - moving.get(k, 0) for k, n in src.items()})
        _set_stack(r, t, moving)


def _war_costs(r: Resolution, incomes: Mapping[int, float]) -> None:
    era = r.s.era
    for a, b in sorted(r.wars):
        for x, y in ((a, b), (b, a)):
            n = r.nations[x]
            cost = era.war_cost * incomes.get(x, 0.0) * n.war_cost_factor
            if (x, y) in r.surprised and (y, x) not in r.surprised:
                cost *= 1.0 - era.damage_limitation     # counterforce: the striker limits the damage
            r.nations[x] = replace(n, treasury=max(0.0, n.treasury - cost))
        r.emit("war", f"{r.name(a)} and {r.name(b)} are at war this turn.", None, dyad=[a, b])


def _capitals(r: Resolution) -> None:
    if not r.s.victory.capital_loss_eliminates:
        return
    for n in list(r.nations):
        if not n.alive:
            continue
        holder = r.owner[n.capital]
        if holder != n.id:
            for h, o in enumerate(r.owner):
                if o == n.id:
                    r.owner[h] = holder if holder >= 0 else NEUTRAL
                    r.units.pop(h, None)
            r.nations[n.id] = replace(n, alive=False, queue=())
            r.treaties = [t for t in r.treaties if n.id not in t.parties]
            conqueror = r.name(holder) if holder >= 0 else "nobody"
            r.emit("eliminated", f"{n.name} falls: its capital is taken by {conqueror}.", None, nation=n.id, by=holder)


def _treaties(r: Resolution) -> None:
    s = r.s
    alive = {n.id for n in r.nations if n.alive}
    pending = {p.id: p for p in s.proposals}
    signed: set[tuple[Dyad, str]] = set()   # both sides may propose and accept the same treaty: sign once
    pacts.leave(r)       # before signing: a state may leave one alliance and join another in one turn
    for i, o in r.orders.items():
        for pid in o.accepts:
            p = pending.get(pid)
            if p is None or p.to != i or p.proposer not in alive:
                r.emit("order_rejected", f"{r.name(i)}: no open proposal {pid}.", (i,))
                continue
            d = dyad(p.proposer, p.to)
            if p.kind == ALLIANCE and d in r.wars:
                r.emit("treaty_failed", f"The alliance between {r.name(d[0])} and {r.name(d[1])} fails: they fought "
                       "each other this turn.", None, dyad=list(d))
                continue
            if p.kind != ALLIANCE and "D" in (r.stances.get((p.proposer, p.to)), r.stances.get((p.to, p.proposer))):
                r.emit("treaty_failed", f"The {p.kind.replace('_', '-')} treaty between {r.name(d[0])} and {r.name(d[1])} "
                       "fails: one side defected this turn.", None, dyad=list(d))
                continue
            if (d, p.kind) in signed:
                continue
            signed.add((d, p.kind))
            if p.kind == ALLIANCE:
                pacts.sign(r, p)
                continue
            r.treaties = [t for t in r.treaties if not (t.parties == d and t.kind == p.kind)]
            r.treaties.append(Treaty(p.kind, d, r.turn, p.hexes))
            r.emit("treaty_signed", f"{r.name(d[0])} and {r.name(d[1])} sign a {p.kind.replace('_', '-')} treaty.",
                   None, dyad=list(d), treaty=p.kind)
    names = [n.name for n in r.nations]
    for i, o in r.orders.items():
        for k, tp in enumerate(o.proposals):
            if ((tp.kind not in TREATY_KINDS and tp.kind != ALLIANCE) or tp.to not in alive or tp.to == i
                    or not all(0 <= h < s.gmap.size for h in tp.hexes)):
                r.emit("order_rejected", f"{r.name(i)}: cannot propose {tp.kind!r} to {tp.to}.", (i,))
                continue
            why = (pacts.proposal_problem(r.alliances, r.abandoned, i, tp.to, r.turn, names)
                   if tp.kind == ALLIANCE else None)
            if why is not None:
                r.emit("order_rejected", f"{r.name(i)}: cannot propose an alliance to {r.name(tp.to)}: {why}.", (i,))
                continue
            pid = f"{r.turn}:{i}:{tp.to}:{tp.kind}:{k}"
            r.new_proposals.append(Proposal(pid, tp.kind, i, tp.to, r.turn, tp.hexes))
            if tp.kind == ALLIANCE:      # alliances are public, their proposals too
                r.emit("alliance_proposed", f"{r.name(i)} proposes an alliance to {r.name(tp.to)}.",
                       None, proposal=pid, treaty=tp.kind, proposer=i, to=tp.to)
                continue
            r.emit("treaty_proposed", f"{r.name(i)} proposes a {tp.kind.replace('_', '-')} treaty to {r.name(tp.to)}.",
                   (i, tp.to), proposal=pid, treaty=tp.kind, proposer=i, to=tp.to)
    _treaty_compliance(r)


def _treaty_compliance(r: Resolution) -> None:
    """Offensive-weapon bans and buffers are checked, and violations seen with probability d."""
    era = r.s.era
    kept = []
    for t in r.treaties:
        broken_by = None
        for side in t.parties:
            for h in t.hexes:
                stack = r.units.get(h, {}) if r.owner[h] == side else {}
                if t.kind == "offensive_ban" and any(era.units[k].offensive for k in stack if k in era.units):
                    broken_by = side
                if t.kind == "buffer" and r.owner[h] == side and stack:
                    broken_by = side
        if broken_by is not None and r.rng.random() < era.distinguishability:
            a, b = t.parties
            r.emit("treaty_violation", f"{r.name(broken_by)} is seen violating the {t.kind.replace('_', '-')} treaty "
                   f"with {r.name(b if broken_by == a else a)}; the treaty ends.", None, dyad=[a, b], treaty=t.kind)
            continue
        kept.append(t)
    r.treaties = kept


def _finish(r: Resolution, balances, games) -> GameState:
    s = r.s
    alive = [n.id for n in r.nations if n.alive]
    territory = tuple(territory_counts(r.owner, len(r.nations)))
    land = s.gmap.land_hexes
    finished, winner, reason = False, None, ""
    for n in r.nations:
        if n.alive and territory[n.id] >= s.victory.territory_share * land:
            finished, winner, reason = True, n.id, f"{n.name} holds {territory[n.id]} of {land} land hexes"
    if not finished and len(alive) == 1:
        finished, winner, reason = True, alive[0], f"{r.name(alive[0])} is the last state standing"
    if not finished and s.turn >= s.victory.max_turns:
        finished, reason = True, f"turn limit ({s.victory.max_turns}) reached"
    if finished:
        r.emit("game_over", f"Game over: {reason}.", None, winner=winner)
    era_d = s.era.distinguishability
    record = TurnRecord(
        turn=s.turn,
        stances={direction_key(i, j): v for (i, j), v in sorted(r.stances.items())},
        outcomes={dyad_key(a, b): r.stances[(a, b)] + r.stances[(b, a)] for a, b in r.pairs},
        balance={direction_key(i, j): round(b.odb, 6) for (i, j), b in sorted(balances.items())},
        perceived_balance={direction_key(i, j): round(b.perceived, 6) for (i, j), b in sorted(balances.items())},
        world={dyad_key(a, b): dyad_world(balances, a, b, era_d, perceived=False) for a, b in r.pairs},
        games={direction_key(i, j): g.kind for (i, j), g in sorted(games.items())},
        attacks=r.attacks, first_strikes=r.first_strikes, wars=tuple(dyad_key(a, b) for a, b in sorted(r.wars)),
        territory=territory, treasury=tuple(round(n.treasury, 6) for n in r.nations),
        income=tuple(round(x, 6) for x in r.income), arms_spent=tuple(round(x, 6) for x in r.arms_spent),
        econ_spent=tuple(round(x, 6) for x in r.econ_spent),
        alliances=tuple(a.members for a in r.alliances), calls=r.calls_now, honoured=r.honoured,
        abandoned=r.abandoned_now)
    return s.with_rng(
        r.rng, turn=s.turn + 1, owner=tuple(r.owner), fort=tuple(r.fort), units=r.units,
        nations=tuple(r.nations), treaties=tuple(r.treaties), proposals=tuple(r.new_proposals),
        last_stances=dict(r.stances), warned=frozenset(r.warned),
        alliances=tuple(r.alliances), calls=tuple(r.new_calls) if not finished else (), abandoned=tuple(r.abandoned),
        finished=finished, winner=winner, end_reason=reason,
        history=s.history + (record,), pending_attacks=())

