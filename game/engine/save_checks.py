"""Checks of a schema-valid save against its embedded scenario and its own hashes, then the
rebuilt :class:`GameRecord`.

Every problem is a :class:`FileIssue` naming the save file and the place (``turns[3].orders.5``,
``state.owner[17]``, ``state_hash``), so a truncated, corrupted or hand-edited save is refused
with a message a person can act on.
"""
from __future__ import annotations


from .errors import FileError, FileIssue
from .orders import orders_from_plain
from .record import (GameRecord, Intervention, Message, ScenarioSource, initial_state, intervention_problem,
                     text_sha256)
from .save_schema import EventModel, InterventionModel, SaveModel, StateModel, TurnModel
from .state import SEA, Event, GameState, state_from_plain, turn_record_from_plain

MAX_ISSUES = 50


class _Issues:
    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[FileIssue] = []

    def add(self, where: str, message: str) -> None:
        if len(where) > 200:        # a hostile key inside the place
            where = where[:200] + "..."
        if len(self.items) < MAX_ISSUES:
            self.items.append(FileIssue(self.file, None, None, where, message))

    def raise_any(self) -> None:
        if self.items:
            raise FileError(self.items)


def _nations_text(n: int) -> str:
    return f"this scenario has nations 0 to {n - 1}" if n else "this scenario has no nations"


def _nation_key(key: str, n: int) -> int | None:
    """The nation id a JSON object key names, or None if it names none."""
    return int(key) if key.isdigit() and int(key) < n else None


def record_from_model(m: SaveModel, file: str) -> GameRecord:
    """Check everything a schema cannot and rebuild the record; raises FileError."""
    issues = _Issues(file)
    source = ScenarioSource(m.scenario.path, m.scenario.sha256, m.scenario.text)
    if text_sha256(source.text) != source.sha256:
        issues.add("scenario.text", "the stored scenario does not match its sha256: the save is corrupted or was edited")
        issues.raise_any()
    for key in list(m.controllers) + list(m.players):
        if not key.isdigit():
            issues.add("controllers" if key in m.controllers else "players", f"key {key!r} is not a nation id")
    issues.raise_any()
    controllers = {int(k): v for k, v in m.controllers.items()}
    label = f"{file} [embedded scenario {source.path or '(generated)'}]"
    initial = initial_state(source, m.variant, m.seed, m.sets, controllers, label)
    n = len(initial.nations)
    for where, keys in (("controllers", m.controllers), ("players", m.players)):
        for key in keys:
            if _nation_key(key, n) is None:
                issues.add(f"{where}.{key}", f"no nation {key}; {_nations_text(n)}")
    _check_state(m.state, m, initial, issues)
    _check_turns(m.turns, m.state.turn, n, issues)
    _check_interventions("pending.interventions", m.pending.interventions, issues)
    for k, t in enumerate(m.turns):
        _check_interventions(f"turns[{k}].interventions", t.interventions, issues)
    issues.raise_any()
    try:
        # A turn's models hold only plain values (no nested models): their fields are read as they are.
        history = [turn_record_from_plain(t.record.__dict__) for t in m.turns]
        state = state_from_plain(m.state.model_dump(), initial, history)
        orders = tuple({int(k): orders_from_plain(o.__dict__) for k, o in t.orders.items()} for t in m.turns)
        events = tuple(events_from_plain(t.events) for t in m.turns)
        interventions = tuple(tuple(Intervention(iv.kind, dict(iv.args)) for iv in t.interventions) for t in m.turns)
        pending = tuple(Intervention(iv.kind, dict(iv.args)) for iv in m.pending.interventions)
        pending_events = events_from_plain(m.pending.events)
    except (KeyError, TypeError, ValueError) as exc:
        issues.add("state", f"cannot rebuild the game: {exc}")
        issues.raise_any()
        raise AssertionError("unreachable") from None
    computed = state.state_hash()
    if computed != m.state_hash:
        issues.add("state_hash", f"the state does not match its hash (stored {m.state_hash}, computed {computed}): "
                   "the save was edited or corrupted")
    elif history and not pending and history[-1].state_hash != computed:
        issues.add(f"turns[{len(history) - 1}].record.state_hash",
                   f"is {history[-1].state_hash} but the state after that turn hashes to {computed}: the save was edited")
    issues.raise_any()
    for k, msg in enumerate(m.messages):
        for who in ([msg.sender] if msg.sender is not None else []) + list(msg.to or []):
            if not 0 <= who < n:
                issues.add(f"messages[{k}]", f"no nation {who}; {_nations_text(n)}")
        if msg.turn > state.turn:
            issues.add(f"messages[{k}].turn", f"is {msg.turn}, after the current turn {state.turn}")
    issues.raise_any()
    messages = tuple(Message(msg.turn, msg.sender, None if msg.to is None else tuple(msg.to), msg.text)
                     for msg in m.messages)
    return GameRecord(source, m.variant, tuple(m.sets), m.seed, controllers, state, orders, events,
                      {int(k): v for k, v in m.players.items()}, interventions, pending, pending_events, messages)


def events_from_plain(checked: list[EventModel]) -> tuple[Event, ...]:
    """The events of dicts as a save holds them (``save_encode.event_to_plain``), schema-checked or
    parsed from the game's own document (new objects, owned by nobody else), each built with one
    ``__dict__`` (a frozen dataclass: the same fields, values and equality as ``Event(...)``; a
    200-turn game has about 17,000 events)."""
    new, put = object.__new__, object.__setattr__
    out = []
    for e in checked:
        vis = e["visible_to"]
        ev = new(Event)
        put(ev, "__dict__", {"turn": e["turn"], "kind": e["kind"], "text": e["text"], "data": e["data"],
                             "visible_to": None if vis is None else tuple(vis)})
        out.append(ev)
    return tuple(out)


def _check_state(st: StateModel, m: SaveModel, initial: GameState, issues: _Issues) -> None:
    g, n = initial.gmap, len(initial.nations)
    if st.map != g.digest:
        issues.add("state.map", f"the state is for map {st.map}, but the stored scenario builds map {g.digest}")
    if st.scenario != initial.scenario:
        issues.add("state.scenario", f"is {st.scenario!r} but the stored scenario is {initial.scenario!r}")
    if st.variant != m.variant:
        issues.add("state.variant", f"is {st.variant!r} but the save is for variant {m.variant!r}")
    if st.seed != m.seed:
        issues.add("state.seed", f"is {st.seed} but the save is for seed {m.seed}")
    if len(st.nations) != n:
        issues.add("state.nations", f"has {len(st.nations)} nations; the scenario has {n}")
    for i, nat in enumerate(st.nations):
        if nat.id != i:
            issues.add(f"state.nations[{i}].id", f"is {nat.id}; expected {i}")
        if not 0 <= nat.capital < g.size:
            issues.add(f"state.nations[{i}].capital", f"hex {nat.capital} is not on the {g.width}x{g.height} map")
    for name, seq, ok in (("owner", st.owner, lambda h, v: v == SEA if not g.passable[h] else -1 <= v < n),
                          ("fort", st.fort, lambda h, v: 0 <= v <= 3)):
        if len(seq) != g.size:
            issues.add(f"state.{name}", f"has {len(seq)} entries; the map has {g.size} hexes")
            continue
        bad = [h for h, v in enumerate(seq) if not ok(h, v)]
        for h in bad[:3]:
            issues.add(f"state.{name}[{h}]", f"value {seq[h]} is impossible at hex {g.label(h)}")
    known_units = set(st.era.units)
    for key, unit in st.era.units.items():
        if unit.key != key:
            issues.add(f"state.era.units.{key}.key", f"is {unit.key!r}; a unit type's key is its name in the table ({key!r})")
    for key, stack in st.units.items():
        h = int(key) if key.isdigit() else -1
        if not (0 <= h < g.size and g.passable[h]):
            issues.add(f"state.units.{key}", "is not a land hex of this map")
        for unit, count in stack.items():
            if unit not in known_units:
                issues.add(f"state.units.{key}.{unit}", f"unknown unit type in era {st.era.key!r}")
            elif count < 0:
                issues.add(f"state.units.{key}.{unit}", "a unit count cannot be negative")
    if len(st.start_territory) != n:
        issues.add("state.start_territory", f"has {len(st.start_territory)} entries; the scenario has {n} nations")
    if st.winner is not None and not 0 <= st.winner < n:
        issues.add("state.winner", f"no nation {st.winner}; {_nations_text(n)}")
    for k, t in enumerate(st.treaties):
        if not all(0 <= p < n for p in t[1]):
            issues.add(f"state.treaties[{k}]", f"parties {list(t[1])} are not nations; {_nations_text(n)}")
        _check_hexes(f"state.treaties[{k}]", t[3], g.size, issues)
    for k, a in enumerate(st.alliances):
        if len(a[1]) < 2 or not all(0 <= p < n for p in a[1]):
            issues.add(f"state.alliances[{k}]", f"members {a[1]} must be two or more nations; {_nations_text(n)}")
    for k, c in enumerate(st.calls):
        if not all(0 <= p < n for p in c[1:4]):
            issues.add(f"state.calls[{k}]", f"names a nation that does not exist; {_nations_text(n)}")
    for i, nat in enumerate(st.nations):
        for q, (unit, h, _, _) in enumerate(nat.queue):
            where = f"state.nations[{i}].queue[{q}]"
            if unit not in known_units:
                issues.add(where, f"unknown unit type {unit!r} in era {st.era.key!r}")
            if not (0 <= h < g.size and g.passable[h]):
                issues.add(where, f"hex {h} is not a land hex of this map")
    for k, (who, h) in enumerate(st.pending_attacks):
        if not 0 <= who < n:
            issues.add(f"state.pending_attacks[{k}]", f"no nation {who}; {_nations_text(n)}")
        _check_hexes(f"state.pending_attacks[{k}]", [h], g.size, issues)
    for k, (_, _, by, to, _, hexes) in enumerate(st.proposals):
        if not (0 <= by < n and 0 <= to < n):
            issues.add(f"state.proposals[{k}]", f"names a nation that does not exist; {_nations_text(n)}")
        _check_hexes(f"state.proposals[{k}]", hexes, g.size, issues)
    for k, pair in enumerate(st.warned):
        if not all(0 <= x < n for x in pair):
            issues.add(f"state.warned[{k}]", f"names a nation that does not exist; {_nations_text(n)}")
    for key in st.last_stances:
        a, sep, b = key.partition(">")
        if not (sep and a.isdigit() and b.isdigit() and int(a) < n and int(b) < n):
            issues.add(f"state.last_stances.{key[:20]}", f"must be 'i>j' with i and j nation ids; {_nations_text(n)}")


def _check_hexes(where: str, hexes: list[int], size: int, issues: _Issues) -> None:
    bad = [h for h in hexes if not 0 <= h < size]
    if bad:
        issues.add(where, f"hex {bad[0]} is not on this map (it has {size} hexes)")


def _check_interventions(where: str, ivs: list[InterventionModel], issues: _Issues) -> None:
    for k, iv in enumerate(ivs):
        problem = intervention_problem(iv.kind, iv.args)
        if problem is not None:
            issues.add(f"{where}[{k}]", problem)


def _check_turns(turns: list[TurnModel], state_turn: int, n: int, issues: _Issues) -> None:
    if len(turns) != state_turn - 1:
        issues.add("turns", f"{len(turns)} turns are recorded but the state is at turn {state_turn} "
                   f"(expected {state_turn - 1}): the save is incomplete or was edited")
    for k, t in enumerate(turns):
        where = f"turns[{k}]"
        if t.turn != k + 1:
            issues.add(f"{where}.turn", f"is {t.turn}; expected {k + 1}")
        if t.record.turn != k + 1:
            issues.add(f"{where}.record.turn", f"is {t.record.turn}; expected {k + 1}")
        for key, o in t.orders.items():
            if _nation_key(key, n) is None:
                issues.add(f"{where}.orders.{key}", f"orders for nation {key}, but {_nations_text(n)}")
            elif o.nation != int(key):
                issues.add(f"{where}.orders.{key}.nation", f"is {o.nation}; orders filed under {key} must be nation {key}'s")
        for e, ev in enumerate(t.events):
            if ev["visible_to"] is not None and not all(0 <= x < n for x in ev["visible_to"]):
                issues.add(f"{where}.events[{e}].visible_to", f"names a nation that does not exist; {_nations_text(n)}")
        for name in ("territory", "treasury", "income", "arms_spent", "econ_spent"):
            if len(getattr(t.record, name)) != n:
                issues.add(f"{where}.record.{name}", f"has {len(getattr(t.record, name))} entries; the scenario has {n} nations")
