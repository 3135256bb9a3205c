"""Alliances: multi-party defensive pacts, resolved as phases of a turn (rules.md §8a).

A state belongs to at most one alliance. An attack by an outsider on a member's hex *calls* every
other member that borders the attacker (an attack axis either way) to the war; each called ally
answers in the next turn's orders: a Defect stance toward the attacker **honours** the pact, any
other answer **abandons** it. Abandonment is public and has consequences: the abandoner leaves the
alliance (which dissolves when fewer than two members remain), the abandonment is recorded in
``GameState.abandoned`` (every player's view shows it; the AI trusts an abandoner less), and for
``ABANDON_BAN`` turns the abandoner may neither form nor join an alliance. A call lapses when the
war it was issued for has ended (attacker and victim both cooperate that turn), when the ally no
longer borders the attacker, or when the victim or the ally has left the alliance or fallen.
A member that attacks another member is expelled (and its attack then calls the others like an
outsider's). Alliances are formed by proposal (kind
``alliance`` in :class:`~game.engine.orders.TreatyProposal`) and acceptance in the next turn,
like treaties: a proposer in an alliance invites the other into it, a proposer outside asks to
join the other's alliance, and two states outside any alliance found a new one. Every function
here is deterministic and draws nothing from the generator.
"""
from __future__ import annotations

from typing import Sequence

from .resolution import Resolution
from .state import Alliance, AllianceCall, Proposal, alliance_of

ABANDON_BAN = 5      # turns during which an abandoner may neither form nor join an alliance (design)


def alliance_label(a: Alliance, names: Sequence[str]) -> str:
    """A readable name: the scenario's name for a historical bloc, else its members."""
    if ":" not in a.id:
        return a.id
    return "the alliance of " + ", ".join(names[m] for m in a.members)


def banned(abandoned: Sequence[tuple[int, int]], i: int, turn: int) -> bool:
    """Whether ``i`` abandoned an alliance less than ABANDON_BAN turns before ``turn``."""
    return any(n == i and turn - t < ABANDON_BAN for n, t in abandoned)


def proposal_problem(alliances: Sequence[Alliance], abandoned: Sequence[tuple[int, int]],
                     proposer: int, to: int, turn: int, names: Sequence[str]) -> str | None:
    """Why an alliance between ``proposer`` and ``to`` cannot be proposed or signed now (None: it can)."""
    a, b = alliance_of(alliances, proposer), alliance_of(alliances, to)
    if a is not None and a is b:
        return f"{names[proposer]} and {names[to]} are already allies"
    if a is not None and b is not None:
        return f"{names[proposer]} and {names[to]} belong to different alliances"
    for x in (proposer, to):
        if banned(abandoned, x, turn):
            return f"{names[x]} abandoned an alliance less than {ABANDON_BAN} turns ago"
    return None


def _names(r: Resolution) -> list[str]:
    return [n.name for n in r.nations]


def _remove(r: Resolution, member: int) -> None:
    """Take ``member`` out of its alliance; dissolve an alliance left with fewer than two members."""
    out = []
    for a in r.alliances:
        if member in a.members:
            rest = tuple(m for m in a.members if m != member)
            if len(rest) < 2:
                r.emit("alliance_dissolved", f"{alliance_label(a, _names(r)).capitalize()} dissolves.", None,
                       alliance=a.id, members=list(a.members))
                continue
            a = Alliance(a.id, rest, a.since)
        out.append(a)
    r.alliances = out


def answer_calls(r: Resolution) -> None:
    """Phase after the stances: every call issued last turn is honoured, abandoned or lapses."""
    names = _names(r)
    for c in r.s.calls:
        a = next((x for x in r.alliances if x.id == c.alliance), None)
        if a is None or c.ally not in a.members or c.victim not in a.members:
            continue
        if not all(r.nations[x].alive for x in (c.ally, c.victim, c.attacker)):
            continue
        at_peace = r.stances.get((c.attacker, c.victim), "C") == "C" and r.stances.get((c.victim, c.attacker), "C") == "C"
        if at_peace or (c.ally, c.attacker) not in r.stances:
            continue
        label = alliance_label(a, names)
        if r.stances[(c.ally, c.attacker)] == "D":
            r.honoured += 1
            r.emit("alliance_honoured", f"{names[c.ally]} honours {label}: it joins {names[c.victim]}'s war "
                   f"against {names[c.attacker]}.", None, alliance=a.id, ally=c.ally, victim=c.victim, attacker=c.attacker)
        else:
            r.abandoned_now += 1
            r.abandoned.append((c.ally, r.turn))
            r.emit("alliance_abandoned", f"{names[c.ally]} abandons {label}: called to {names[c.victim]}'s war "
                   f"against {names[c.attacker]}, it stays out. It leaves the alliance and may not join one for "
                   f"{ABANDON_BAN} turns.", None, alliance=a.id, ally=c.ally, victim=c.victim, attacker=c.attacker)
            _remove(r, c.ally)


def call_allies(r: Resolution) -> None:
    """Phase after the attacks and eliminations: fallen members leave; a member that struck another is
    expelled; every other attack on a member calls the members that border the attacker."""
    names = _names(r)
    for n in r.nations:
        if not n.alive and alliance_of(r.alliances, n.id) is not None:
            _remove(r, n.id)
    for i, j in r.struck:
        a = alliance_of(r.alliances, j)
        if a is not None and i in a.members:
            r.emit("alliance_expelled", f"{names[i]} attacks its ally {names[j]} and is expelled from "
                   f"{alliance_label(a, names)}.", None, alliance=a.id, nation=i, victim=j)
            _remove(r, i)
    called: set[tuple[int, int]] = set()
    for i, j in r.struck:
        a = alliance_of(r.alliances, j)
        if a is None or not r.nations[i].alive or not r.nations[j].alive:
            continue
        able = [m for m in a.members if m != j and r.nations[m].alive and (m, i) in r.stances and (m, i) not in called]
        far = [m for m in a.members if m != j and (m, i) not in r.stances]
        if not able:
            continue
        for m in able:
            called.add((m, i))
            r.new_calls.append(AllianceCall(a.id, m, j, i, r.turn))
        r.calls_now += len(able)
        text = (f"{names[i]} strikes {names[j]}: under {alliance_label(a, names)} "
                f"{', '.join(names[m] for m in able)} must join the war against {names[i]} next turn "
                "(defect against it) or abandon the alliance.")
        if far:
            text += f" ({', '.join(names[m] for m in far)}: no border with {names[i]}, not called.)"
        r.emit("alliance_call", text, None, alliance=a.id, attacker=i, victim=j, allies=able)


def sign(r: Resolution, p: Proposal) -> None:
    """An accepted alliance proposal (both sides kept the peace with each other this turn)."""
    names = _names(r)
    why = proposal_problem(r.alliances, r.abandoned, p.proposer, p.to, r.turn, names)
    if why is not None:
        r.emit("order_rejected", f"{names[p.to]}: cannot accept the alliance: {why}.", (p.to,))
        return
    a = alliance_of(r.alliances, p.proposer) or alliance_of(r.alliances, p.to)
    if a is None:
        new = Alliance(f"{r.turn}:{p.proposer}", tuple(sorted((p.proposer, p.to))), r.turn)
        r.alliances.append(new)
        r.emit("alliance_formed", f"{names[p.proposer]} and {names[p.to]} form a defensive alliance.", None,
               alliance=new.id, members=list(new.members))
        return
    joiner = p.to if p.proposer in a.members else p.proposer
    grown = Alliance(a.id, tuple(sorted(a.members + (joiner,))), a.since)
    r.alliances = [grown if x.id == a.id else x for x in r.alliances]
    r.emit("alliance_joined", f"{names[joiner]} joins {alliance_label(a, names)}.", None,
           alliance=a.id, nation=joiner, members=list(grown.members))


def leave(r: Resolution) -> None:
    """Orders to leave an alliance (after calls were answered: leaving cannot dodge a call)."""
    names = _names(r)
    for i, o in r.orders.items():
        if not o.leave_alliance:
            continue
        a = alliance_of(r.alliances, i)
        if a is None:
            r.emit("order_rejected", f"{names[i]}: it belongs to no alliance to leave.", (i,))
            continue
        r.emit("alliance_left", f"{names[i]} leaves {alliance_label(a, names)}.", None, alliance=a.id, nation=i)
        _remove(r, i)
