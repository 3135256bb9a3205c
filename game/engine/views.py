"""Player views: what one state may see (docs/rules.md §9). The UI and the AI read views only.

A view holds: the map, owners and fortifications (public); the era as the observer perceives it;
its own nation, units and build queue in full; other states' public facts (name, colour, capital,
territory, whether alive) but never their type, strategy, security requirement, treasury, orders
or briefing; other states' forces as *estimates* (total strength with noise, offensive share
accurate only as far as distinguishability allows); public history (stances, outcomes, wars,
territory); the events it was allowed to see; and, for each neighbour, the stage game computed from
its own estimates. Noise is drawn from a generator seeded by (seed, turn, observer), so a view is
a pure function of the state and never touches the game's own generator.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from .balance import DyadBalance, border_axes, dyad_balances, era_memo, neighbour_dyads
from .combat import assault_capable
from .gamemap import GameMap
from .rules import Era
from .stagegame import (DenseForces, ForceSnapshot, HexForce, StageGame, best_strikes, dense_snapshot, stage_game,
                        true_forces)
from .state import Alliance, AllianceCall, BuildItem, Event, GameState, Params, Proposal, Treaty



@dataclass(frozen=True)
class PublicNation:
    id: int
    key: str
    name: str
    colour: str
    capital: int
    alive: bool
    territory: int
    controller: str


@dataclass(frozen=True)
class ForceEstimate:
    """How a foreign stack looks: strengths are estimates; ``offensive_share`` is blurred by 1 - d."""

    attack: float
    defence: float
    offensive_share: float
    count: int


@dataclass(frozen=True)
class PublicTurn:
    turn: int
    stances: Mapping[str, str]
    outcomes: Mapping[str, str]
    wars: tuple[str, ...]
    territory: tuple[int, ...]
    attacks: int


@dataclass(frozen=True)
class PlayerView:
    me: int | None                     # None: an observer's (public) view
    turn: int
    finished: bool
    gmap: GameMap
    era: Era                           # as perceived: defence_tech and d are what leaders believe
    distinguishability: float          # as perceived by this observer
    owner: tuple[int, ...]
    fort: tuple[int, ...]
    nations: tuple[PublicNation, ...]
    my_nation: object | None           # the full Nation for me, None for observers
    my_units: Mapping[int, Mapping[str, int]]
    my_queue: tuple[BuildItem, ...]
    my_income: float
    estimates: Mapping[int, ForceEstimate]      # foreign hexes with forces
    neighbours: tuple[int, ...]
    games: Mapping[int, StageGame]              # neighbour -> stage game from my side (my estimates)
    balances: Mapping[tuple[int, int], DyadBalance]   # structural balances as perceived (true fields = perceived)
    last_stances: Mapping[tuple[int, int], str]
    history: tuple[PublicTurn, ...]
    events: tuple[Event, ...]                  # events of the last resolved turn I may see
    treaties: tuple[Treaty, ...]
    proposals_to_me: tuple[Proposal, ...]
    warned_of: tuple[int, ...] = field(default=())   # neighbours whose offensive builds I have seen
    my_proposals: tuple[Proposal, ...] = ()   # my own proposals of last turn, open to an answer this turn
    params: Params = field(default_factory=Params)   # public scenario parameters (continuation, misperception, ...)
    noise_seed: int = 0                # private seed for this observer's own random choices (AI noise), not the game's
    alliances: tuple[Alliance, ...] = ()          # public: every alliance and its members
    calls: tuple[AllianceCall, ...] = ()          # public: allies called to a war, answering this turn
    abandoned: tuple[tuple[int, int], ...] = ()   # public: (nation, turn) of every alliance abandoned

    def name(self, i: int) -> str:
        return self.nations[i].name

    def owner_array(self) -> np.ndarray:
        """``owner`` as a read-only int64 array, made once per view (the AI reads it several times a turn;
        not a field: equality, hashing and the wire ignore it). :func:`player_view` hands every view of
        a state the state's own array."""
        return self._array("_owner_array", self.owner)

    def fort_array(self) -> np.ndarray:
        """``fort`` as a read-only int64 array (as :meth:`owner_array`)."""
        return self._array("_fort_array", self.fort)

    def _array(self, name: str, values: tuple[int, ...]) -> np.ndarray:
        arr = self.__dict__.get(name)
        if arr is None:
            arr = np.asarray(values, dtype=np.int64)
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        return arr


class _ForeignForces(NamedTuple):
    """The viewer-independent half of :func:`_estimate`, per state: every stack with forces, in hex order."""

    hexes: np.ndarray        # hex ids (sorted)
    owner: np.ndarray        # their owners
    total: np.ndarray        # attack + defence
    true_share: np.ndarray   # attack / total (0 without forces)
    count: np.ndarray        # units (float64, as the estimate multiplies it)
    mean_sens: float


def _foreign_forces(state: GameState) -> _ForeignForces:
    def compute() -> _ForeignForces:
        forces = true_forces(state)
        order = sorted(forces.hexes)
        fs = [forces.hexes[h] for h in order]
        att = np.array([f.attack for f in fs], dtype=np.float64)
        total = att + np.array([f.defence for f in fs], dtype=np.float64)
        share = np.zeros(len(fs))
        np.divide(att, total, out=share, where=total > 0)
        hexes = np.array(order, dtype=np.int64)
        return _ForeignForces(hexes, state.owner_array()[hexes], total, share,
                              np.array([f.count for f in fs], dtype=np.float64), _mean_sensitivity(state.era))
    return state.derived("foreign_forces", compute)


# Below this many stacks on the map, estimates are computed hex by hex in Python floats: numpy's
# per-call overhead would cost more than it saves (small maps, batch runs). Both ways give the same
# values bit for bit (tests/test_views_exact.py), so the choice is only about speed.
ESTIMATE_ARRAY_MIN = 32


def _estimate(state: GameState, observer: int | None, rng: np.random.Generator, d: float,
              forces: ForceSnapshot, array_min: int = ESTIMATE_ARRAY_MIN) -> tuple[dict[int, ForceEstimate], ForceSnapshot]:
    """Estimates of every foreign stack, and the snapshot the observer plans with (``forces``, the
    true forces, for the observer's own stacks).

    Three normals per foreign hex (strength, share, count), drawn at once after one bias per other
    state: the same stream, in the same order, as scalar ``rng.normal(0, sd)`` calls (``normal`` is
    loc + sd * z, and an array of standard normals is the scalar draws in sequence). With
    ``array_min`` stacks or more, the arithmetic runs on float64 arrays with every operation of the
    per-hex rule in its order (IEEE +, *, / and comparisons round the same in numpy as in Python
    floats; ``round`` and ``np.rint`` both round half to even), so every estimate is bit for bit
    what the per-hex loop gives."""
    noise = state.gmap.rules.constants.views
    bias = {n.id: float(rng.normal(0.0, noise.share_bias * (1.0 - d))) for n in state.nations if n.id != observer}
    strength_sd, share_sd = noise.strength_noise * (1.0 - d), noise.share_noise * (1.0 - d)
    if len(forces.hexes) < array_min:
        return _estimate_per_hex(state, observer, rng, d, forces, bias, strength_sd, share_sd)
    ff = _foreign_forces(state)
    n_nations = len(state.nations)
    idx = np.nonzero(ff.owner != (observer if observer is not None else -99))[0]
    z = rng.standard_normal(3 * len(idx)).reshape(-1, 3)
    owner = ff.owner[idx]
    # Python's max(0.0, x) is x only if x > 0.0; min(1.0, x) is x only if x < 1.0.
    noisy = ff.total[idx] * (1.0 + (0.0 + strength_sd * z[:, 0]))
    noisy = np.where(noisy > 0.0, noisy, 0.0)
    bias_of = np.array([bias.get(o, 0.0) for o in range(-2, n_nations)])   # owners from SEA (-2) up
    share = 0.5 + d * (ff.true_share[idx] - 0.5) + bias_of[owner + 2] + (0.0 + share_sd * z[:, 1])
    share = np.where(share > 0.0, share, 0.0)
    share = np.where(share < 1.0, share, 1.0)
    count = np.rint(ff.count[idx] * (1.0 + (0.0 + strength_sd * z[:, 2]))).astype(np.int64)
    count = np.where(count > 0, count, 0)
    attack, defence = noisy * share, noisy * (1.0 - share)
    hexes = ff.hexes[idx]
    est = dict(zip(hexes.tolist(), _force_estimates(attack.tolist(), defence.tolist(), share.tolist(), count.tolist())))
    true = forces.dense(state.gmap.size)
    dense = DenseForces(true.attack.copy(), true.sensitivity.copy(), true.defence.copy(), true.count.copy())
    dense.attack[hexes], dense.defence[hexes], dense.count[hexes] = attack, defence, count
    dense.sensitivity[hexes] = ff.mean_sens
    return est, dense_snapshot(ff.hexes.tolist(), dense)


def _estimate_per_hex(state: GameState, observer: int | None, rng: np.random.Generator, d: float,
                      forces: ForceSnapshot, bias: Mapping[int, float], strength_sd: float, share_sd: float
                      ) -> tuple[dict[int, ForceEstimate], ForceSnapshot]:
    """:func:`_estimate` hex by hex, in Python floats (the rule as written; few stacks)."""
    est: dict[int, ForceEstimate] = {}
    snap: dict[int, HexForce] = {}
    mean_sens = _state_mean_sensitivity(state)
    owner_of = state.owner
    order = sorted(forces.hexes)
    foreign = [h for h in order if owner_of[h] != observer]
    z = iter(rng.standard_normal(3 * len(foreign)).tolist())
    new, put, est_cls, hex_cls = object.__new__, object.__setattr__, ForceEstimate, HexForce
    for h in order:
        f = forces.hexes[h]
        if owner_of[h] == observer:
            snap[h] = f
            continue
        total = f.attack + f.defence
        z_strength, z_share, z_count = next(z), next(z), next(z)
        noisy = max(0.0, total * (1.0 + (0.0 + strength_sd * z_strength)))
        true_share = f.attack / total if total > 0 else 0.0
        # Each unit is classified correctly with probability 0.5 + d/2 (docs/theory.md §3): the expected
        # reading is 0.5 + d (s - 0.5). Noise per hex plus a bias per observed state (which does not
        # average away over many hexes) keep the true share unrecoverable unless d = 1.
        share = 0.5 + d * (true_share - 0.5) + bias.get(owner_of[h], 0.0) + (0.0 + share_sd * z_share)
        share = min(1.0, max(0.0, share))
        count = max(0, int(round(f.count * (1.0 + (0.0 + strength_sd * z_count)))))
        # ForceEstimate(attack, defence, share, count) and HexForce(attack, mean_sens, defence, count),
        # each built with one __dict__ (as _force_estimates: same values, fields, equality and hash)
        attack, defence = noisy * share, noisy * (1.0 - share)
        e = est[h] = new(est_cls)
        put(e, "__dict__", {"attack": attack, "defence": defence, "offensive_share": share, "count": count})
        f = snap[h] = new(hex_cls)
        put(f, "__dict__", {"attack": attack, "sensitivity": mean_sens, "defence": defence, "count": count})
    return est, ForceSnapshot(snap)


def _state_mean_sensitivity(state: GameState) -> float:
    """The era's mean terrain sensitivity of assault units (once per state)."""
    return state.derived("mean_sensitivity", lambda: _mean_sensitivity(state.era))


def _force_estimates(attack: list[float], defence: list[float], share: list[float], count: list[int]) -> list[ForceEstimate]:
    """``ForceEstimate(a, d, s, c)`` for each set of values, built with one ``__dict__`` each instead of
    the frozen dataclass's four ``object.__setattr__`` calls (a view holds thousands): the same
    values, fields, equality and hash."""
    new, put, cls = object.__new__, object.__setattr__, ForceEstimate
    out = []
    for a, d, s, c in zip(attack, defence, share, count):
        e = new(cls)
        put(e, "__dict__", {"attack": a, "defence": d, "offensive_share": s, "count": c})
        out.append(e)
    return out


def _mean_sensitivity(era: Era) -> float:
    vals = [u.terrain_sensitivity for u in era.units.values() if assault_capable(u)]
    return sum(vals) / len(vals) if vals else 0.0


def _public_history(state: GameState) -> tuple[PublicTurn, ...]:
    """The public half of every turn record. The last history made public on this map is kept beside
    it: a state whose history extends that one (the same records, identical objects, and more)
    reuses its public turns and only makes the new ones (a game's public history grew by one turn
    per state, rebuilt in full each turn before)."""
    history = state.history
    memo = state.gmap.__dict__.get("_public_history")
    done: tuple[PublicTurn, ...] = ()
    if memo is not None:
        known, public = memo
        if len(known) <= len(history) and all(a is b for a, b in zip(known, history)):
            done = public
    out = done + tuple(PublicTurn(t.turn, t.stances, t.outcomes, t.wars, t.territory, t.attacks)
                       for t in history[len(done):])
    object.__setattr__(state.gmap, "_public_history", (history, out))
    return out


class _Shared(NamedTuple):
    """What every observer's view of one state holds alike (computed once per state; read-only)."""

    nations: tuple[PublicNation, ...]
    pairs: list[tuple[int, int]]
    era: Era                                            # as perceived
    balances: Mapping[tuple[int, int], DyadBalance]     # as perceived (copied into each view)
    history: tuple[PublicTurn, ...]
    stacks_of: Mapping[int, tuple[int, ...]]            # owner -> hexes with units, in ``state.units`` order


def _shared(state: GameState) -> _Shared:
    def compute() -> _Shared:
        territory = state.territory()
        nations = tuple(PublicNation(n.id, n.key, n.name, n.colour, n.capital, n.alive, territory[n.id], n.controller)
                        for n in state.nations)
        d = state.era.perceived_d()
        # Players see the balance and the technology as their leaders perceive them (1914's cult of the
        # offensive); the true values stay in the engine's record and are revealed in the debrief.
        seen_era = era_memo(state.gmap, state.era, "seen_era", lambda: state.era.model_copy(update={
            "defence_tech": state.era.perceived_tech(), "perceived_defence_tech": None,
            "distinguishability": d, "perceived_distinguishability": None}))
        balances = dyad_balances(state, border_axes(state))
        seen_balances = {k: replace(b, odb=b.perceived, odb_median=b.perceived_median) for k, b in balances.items()}
        stacks_of: dict[int, list[int]] = {}
        owner = state.owner
        for h in state.units:
            stacks_of.setdefault(owner[h], []).append(h)
        return _Shared(nations, neighbour_dyads(border_axes(state), set(state.alive_ids())), seen_era, seen_balances,
                       _public_history(state), {o: tuple(hs) for o, hs in stacks_of.items()})
    return state.derived("view_shared", compute)


def player_view(state: GameState, me: int | None, events: Sequence[Event] = ()) -> PlayerView:
    """The view of nation ``me`` (or the public view when ``me`` is None)."""
    axes = border_axes(state)
    alive = set(state.alive_ids())
    balances = dyad_balances(state, axes)
    shared = _shared(state)
    d = state.era.perceived_d()
    rng = np.random.default_rng([state.seed, state.turn, 1000 + (me if me is not None else 999)])
    estimates, snap = _estimate(state, me, rng, d, true_forces(state))
    neighbours: tuple[int, ...] = ()
    games: dict[int, StageGame] = {}
    my_nation, my_units, my_queue, my_income = None, {}, (), 0.0
    if me is not None and state.nations[me].alive:
        neighbours = tuple(sorted({b if a == me else a for a, b in shared.pairs if me in (a, b)}))
        public = state.land_values()
        incomes = {i: (state.income(i) if i == me else public[i]) for i in alive}
        strikes = best_strikes(state, snap, axes, [q for j in neighbours for q in ((me, j), (j, me))], True, perceived=True)
        for j in neighbours:
            games[j] = stage_game(state, me, j, snap, axes, balances, incomes, perceived=True, d=d, strikes=strikes)
    if me is not None:
        my_nation = state.nations[me]
        units = state.units
        my_units = {h: dict(units[h]) for h in shared.stacks_of.get(me, ())}
        my_queue = my_nation.queue
        my_income = state.income(me)
    visible = tuple(e for e in events if e.visible(me) and (me is not None or e.visible_to is None))
    view = PlayerView(
        me=me, turn=state.turn, finished=state.finished, gmap=state.gmap, era=shared.era,
        distinguishability=d, owner=state.owner, fort=state.fort, nations=shared.nations, my_nation=my_nation,
        my_units=my_units, my_queue=my_queue, my_income=my_income, estimates=estimates,
        neighbours=neighbours, games=games, balances=dict(shared.balances), last_stances=dict(state.last_stances),
        history=shared.history, events=visible,
        treaties=state.treaties,
        proposals_to_me=tuple(p for p in state.proposals if me is not None and p.to == me),
        my_proposals=tuple(p for p in state.proposals if me is not None and p.proposer == me),
        warned_of=tuple(sorted(i for (i, j) in state.warned if j == me)),
        params=state.params, noise_seed=observer_seed(state.seed, me),
        alliances=state.alliances, calls=state.calls, abandoned=state.abandoned)
    object.__setattr__(view, "_owner_array", state.owner_array())   # the view's owner and fort are the state's
    object.__setattr__(view, "_fort_array", state.fort_array())
    return view


@lru_cache(maxsize=256)      # a pure function of two numbers, asked for by every view of every turn
def observer_seed(seed: int, me: int | None) -> int:
    """A per-observer seed derived one-way from the game seed: an AI may draw its own noise from
    it without learning the game's generator (so it cannot foresee combat draws)."""
    ss = np.random.SeedSequence([seed, 0x5EED, 1000 + (me if me is not None else 999)])
    return int(ss.generate_state(1, dtype=np.uint32)[0])
