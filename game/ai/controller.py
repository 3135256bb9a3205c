"""The AI's whole turn: ``ai_orders(view) -> Orders``, from the player view only (docs/ai.md).

Order of thought: where it touches each neighbour (:mod:`frontier`) -> how threatened it is there
(:mod:`threat`) -> one stance per neighbour from its strategy on the game as its type values it
(:mod:`stance`) -> attacks where it defects and the odds are good (:mod:`attacks`) -> reserves and concentration moved (:mod:`moves`) -> budget,
builds and placement (:mod:`planner`) -> treaty proposals and acceptances (:mod:`treaties`).
After the stances, the belief about each neighbour's type sets a policy toward it (:mod:`policy`:
deterrence or reassurance), and alliance calls, proposals and acceptances are decided from the
perceived balances (:mod:`alliances`) -- a call honoured turns the stance toward the attacker to D.
Every decision carries a :class:`~game.engine.orders.Motive`. Randomness (strategy coin flips,
mistakes) comes only from :func:`difficulty.view_rng`, so the same view gives the same orders.
The function takes a :class:`PlayerView` and nothing else: it never sees the game state.
"""
from __future__ import annotations

from game.engine.orders import Orders
from game.engine.views import PlayerView

from .alliances import plan_alliances
from .attacks import plan_attacks
from .difficulty import difficulty_of, view_rng
from .frontier import fronts as find_fronts
from .moves import plan_moves
from .planner import plan
from .policy import arming_threats, policies
from .stance import decide_stances
from .threat import assess
from .treaties import plan_treaties
from .types import profile_of


def ai_orders(view: PlayerView) -> Orders:
    """This AI state's orders for the turn, decided from ``view`` alone."""
    if not isinstance(view, PlayerView):
        raise TypeError(f"ai_orders takes a PlayerView, not {type(view).__name__}")
    if view.me is None or view.my_nation is None or not view.my_nation.alive or view.finished:
        return Orders(-1 if view.me is None else view.me)
    nation = view.my_nation
    profile = profile_of(nation.ai_type)
    diff = difficulty_of(nation.difficulty)
    rng = view_rng(view)
    fronts = find_fronts(view)
    threats = assess(view, fronts, float(nation.security_requirement), diff.lookahead)
    stances = decide_stances(view, fronts, threats, profile, diff, rng)
    p_greedy = {j: float(ch.record.numbers.get("p_greedy", nation.greed_prior)) for j, ch in stances.items()}
    pols = policies(p_greedy, float(nation.security_requirement))
    pact = plan_alliances(view, stances, p_greedy)
    stances = pact.stances
    attack_plan = plan_attacks(view, fronts, threats, stances, profile, diff)
    arm_against = dict(attack_plan.arm_against)
    if profile.offence_taste > 0 and not arm_against:
        arm_against = _tempting_front(view, fronts, stances)
    if profile.offence_taste <= 0:   # restraint: no offence aimed at a state it believes secure
        arm_against = {h: j for h, j in arm_against.items() if not (j in pols and pols[j].reassure)}
    build_plan = plan(view, fronts, arming_threats(threats, pols), stances, profile, diff.lookahead, arm_against)
    treaty_plan = plan_treaties(view, fronts, stances, pols)
    move_plan = plan_moves(view, fronts, threats, attack_plan.attacks)
    motives = (tuple(stances[j].record for j in sorted(stances)) + pact.motives + build_plan.motives
               + attack_plan.motives + move_plan.motives + treaty_plan.motives)
    return Orders(
        nation=view.me,
        stances={j: stances[j].move for j in sorted(stances)},
        budget=build_plan.budget,
        builds=build_plan.builds,
        attacks=attack_plan.attacks,
        moves=move_plan.moves,
        proposals=treaty_plan.proposals + pact.proposals,
        accepts=treaty_plan.accepts + pact.accepts,
        statement=statement(view, stances),
        motives=motives,
    )


def statement(view: PlayerView, stances) -> str:
    """The public line its delegation gives (cheap talk: it never reveals the hidden motives)."""
    me = view.name(view.me)
    firm = [view.name(j) for j in sorted(stances) if stances[j].move == "D"]
    calm = [view.name(j) for j in sorted(stances) if stances[j].move == "C"]
    if not stances:
        return ""
    if not firm:
        return f"{me} keeps the peace with {', '.join(calm)}."
    text = f"{me} stands firm against {', '.join(firm)}"
    return text + (f" and keeps the peace with {', '.join(calm)}." if calm else ".")


def _tempting_front(view: PlayerView, fronts, stances) -> dict[int, int]:
    """For a greedy type at peace: arm the hex facing the neighbour whose conquest is worth most."""
    best = None
    for j, ch in stances.items():
        front = fronts.get(j)
        if front is None or not front.outbound or ch.valuation.gain <= 0:
            continue
        if best is None or ch.valuation.gain > best[0]:
            best = (ch.valuation.gain, j, front)
    if best is None:
        return {}
    _, j, front = best
    # the my-side hex facing their weakest (least estimated defence) hex
    def weakness(lk) -> tuple[float, int]:
        e = view.estimates.get(lk.dst)
        return ((e.defence if e else 0.0) * view.gmap.rules.terrain[view.gmap.terrain[lk.dst]].defence, lk.src)
    lk = min(front.outbound, key=weakness)
    return {lk.src: j}
