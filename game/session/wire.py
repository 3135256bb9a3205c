"""A player's view as plain JSON and back, exactly (same floats, same keys, same order).

The host encodes each seat's :class:`~game.engine.views.PlayerView` with :func:`view_to_plain`; a
client rebuilds it with :func:`view_from_plain`, so that the built-in AI plays a networked seat from
the very same view it would get in ``run``. The decoder is driven by the dataclasses' own type hints
and refuses anything that does not fit them (``WireError``): nothing is evaluated, nothing unpickled.
The static map travels once (:func:`map_to_plain`) and is rebuilt against the client's own rules
model, validated by pydantic. :func:`plain_hash` is the desync check: host and client hash the same
canonical JSON.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import functools
import hashlib
import json
import math
import types
import typing
from typing import Any, Mapping, NamedTuple, Sequence

from pydantic import BaseModel, ValidationError

from game.engine.gamemap import GameMap
from game.engine.rules import Rules
from game.engine.state import Nation
from game.engine.views import ForceEstimate, PlayerView

MAX_DEPTH = 24


class WireError(ValueError):
    """A plain value that does not fit the type it should decode to."""


def plain_hash(plain: Any) -> str:
    """SHA-256 of the canonical JSON of ``plain`` (sorted keys, no spaces)."""
    return hashlib.sha256(canonical(plain).encode("utf-8")).hexdigest()


def canonical(plain: Any) -> str:
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), allow_nan=True)


_PLAIN = frozenset({int, str, bool, float, type(None)})


@functools.cache
def _init_fields(cls: type) -> tuple[str, ...]:
    """The names of a dataclass's fields given to its constructor (what travels)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def to_plain(value: Any, depth: int = 0) -> Any:
    """Dataclasses, NamedTuples, pydantic models, mappings (as ``[[key, value], ...]``), tuples."""
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    kind = type(value)
    if kind in _PLAIN:                                    # fast paths for the bulk of a view
        return value
    if kind is tuple or kind is list:
        return [v if type(v) in _PLAIN else to_plain(v, depth + 1) for v in value]
    if kind is dict:
        return [[to_plain(k, depth + 1), to_plain(v, depth + 1)] for k, v in value.items()]
    if isinstance(value, GameMap):
        raise WireError("the map travels once, with map_to_plain")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, (list, tuple, dict)):
        return to_plain(value.item(), depth + 1)          # numpy scalars
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value):
        out = {}
        for n in _init_fields(kind):
            v = getattr(value, n)
            out[n] = v if type(v) in _PLAIN else to_plain(v, depth + 1)
        return out
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return [to_plain(v, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return [[to_plain(k, depth + 1), to_plain(v, depth + 1)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [to_plain(v, depth + 1) for v in value]
    raise WireError(f"cannot send a {type(value).__name__}")


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(tp: Any, plain: Any, where: str = "view", depth: int = 0) -> Any:
    """Rebuild a value of type ``tp`` from :func:`to_plain`'s output; WireError when it does not fit."""
    if depth > MAX_DEPTH:
        raise WireError(f"{where}: nested too deeply")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any or tp is object:
        return _any(plain, where)
    if origin in (typing.Union, types.UnionType):
        if plain is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return from_plain(a, plain, where, depth + 1)
            except WireError as exc:
                errors.append(str(exc))
        raise WireError(errors[0] if errors else f"{where}: unexpected null")
    if origin is typing.Literal:
        if plain not in args:
            raise WireError(f"{where}: {plain!r} is not one of {args}")
        return plain
    if tp is float:
        if isinstance(plain, bool) or not isinstance(plain, (int, float)):
            raise WireError(f"{where}: expected a number")
        return float(plain)
    if tp in (int, str, bool):
        if type(plain) is not tp:
            raise WireError(f"{where}: expected {tp.__name__}")
        return plain
    if origin in (collections.abc.Mapping, dict) or tp in (dict, Mapping):
        kt, vt = args or (Any, Any)
        if not isinstance(plain, list) or not all(isinstance(p, list) and len(p) == 2 for p in plain):
            raise WireError(f"{where}: expected a list of [key, value] pairs")
        return {from_plain(kt, k, where, depth + 1): from_plain(vt, v, f"{where}[{k}]", depth + 1) for k, v in plain}
    if origin is tuple:
        if not isinstance(plain, list):
            raise WireError(f"{where}: expected a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v, where, depth + 1) for v in plain)
        if len(args) != len(plain):
            raise WireError(f"{where}: expected {len(args)} items")
        return tuple(from_plain(a, v, where, depth + 1) for a, v in zip(args, plain))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        try:
            return tp.model_validate(plain)
        except ValidationError as exc:
            raise WireError(f"{where}: {exc.errors(include_url=False)[0]['msg']}") from None
    if isinstance(tp, type) and issubclass(tp, tuple) and hasattr(tp, "_fields"):
        hints = _hints(tp)
        if not isinstance(plain, list) or len(plain) != len(tp._fields):
            raise WireError(f"{where}: expected {len(tp._fields)} items")
        return tp(*(from_plain(hints[n], v, f"{where}.{n}", depth + 1) for n, v in zip(tp._fields, plain)))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(plain, dict):
            raise WireError(f"{where}: expected an object")
        hints = _hints(tp)
        names = [f.name for f in dataclasses.fields(tp) if f.init]
        extra = set(plain) - set(names)
        if extra:
            raise WireError(f"{where}: unexpected field(s) {sorted(extra)}")
        kwargs = {n: from_plain(hints[n], plain[n], f"{where}.{n}", depth + 1) for n in names if n in plain}
        try:
            return tp(**kwargs)
        except (TypeError, ValueError) as exc:
            raise WireError(f"{where}: {exc}") from None
    raise WireError(f"{where}: cannot decode {tp!r}")


def _any(plain: Any, where: str) -> Any:
    if plain is None or isinstance(plain, (bool, int, float, str)):
        return plain
    if isinstance(plain, list):
        return [_any(v, where) for v in plain]
    if isinstance(plain, dict):
        return {str(k): _any(v, where) for k, v in plain.items()}
    raise WireError(f"{where}: not JSON")


def map_to_plain(gmap: GameMap) -> dict[str, Any]:
    """The static map (public), with the rules it plays under."""
    return {"width": gmap.width, "height": gmap.height, "terrain": list(gmap.terrain), "value": list(gmap.value),
            "edges": [[list(k), v] for k, v in gmap.edges.items()], "names": [[k, v] for k, v in gmap.names.items()],
            "rules": gmap.rules.model_dump(mode="json"), "digest": gmap.digest}


def map_from_plain(plain: Any) -> GameMap:
    if not isinstance(plain, dict):
        raise WireError("map: expected an object")
    try:
        rules = Rules.model_validate(plain["rules"])
        gmap = GameMap(int(plain["width"]), int(plain["height"]), tuple(str(t) for t in plain["terrain"]),
                       tuple(float(v) for v in plain["value"]),
                       {(int(k[0]), int(k[1])): str(v) for k, v in plain["edges"]},
                       {int(k): str(v) for k, v in plain["names"]}, rules)
    except (KeyError, TypeError, ValueError, IndexError, ValidationError) as exc:
        raise WireError(f"map: {exc}") from None
    if gmap.digest != plain.get("digest"):
        raise WireError("map: the rebuilt map differs from the host's")
    return gmap


def view_to_plain(view: PlayerView) -> dict[str, Any]:
    out = {}
    for f in dataclasses.fields(view):
        if f.name != "gmap":
            out[f.name] = to_plain(getattr(view, f.name))
    return out


class ViewText(NamedTuple):
    """A view's canonical JSON (``canonical(view_to_plain(view))``) cut around its public history, so that
    a connection is sent only the turns of history it does not hold yet (protocol version 2):
    ``head`` ends with ``"history":``, ``history`` is each entry's text, ``tail`` is the rest."""

    head: str
    history: Sequence[str]
    tail: str

    def since(self, held: int) -> str:
        """The text with only the history entries from index ``held`` on."""
        return self.head + "[" + ",".join(self.history[held:]) + "]" + self.tail

    def full(self) -> str:
        return self.since(0)

    def digest(self) -> str:
        """SHA-256 of :meth:`full`'s UTF-8, hashed piece by piece (the whole text, which grows with the
        game's history, is never built)."""
        sha = hashlib.sha256(self.head.encode("utf-8"))
        sha.update(b"[")
        for k, entry in enumerate(self.history):
            sha.update((("," if k else "") + entry).encode("utf-8"))
        sha.update(("]" + self.tail).encode("utf-8"))
        return sha.hexdigest()


class HistoryTexts:
    """The canonical text of each entry of a public history, kept from one round of views to the next:
    a history that extends the last one (the same entries, identical objects, and more: a game's history
    grows by one turn a round, ``game.engine.views``) has only its new entries encoded."""

    def __init__(self) -> None:
        self._last: tuple[tuple[Any, ...], tuple[str, ...]] = ((), ())

    def texts(self, history: Sequence[Any]) -> tuple[str, ...]:
        known, texts = self._last
        same = 0
        for a, b in zip(known, history):
            if a is not b:
                break
            same += 1
        out = texts[:same] + tuple(canonical(to_plain(t)) for t in history[same:])
        self._last = (tuple(history), out)
        return out


def canonical_views(views: Sequence[PlayerView], history: HistoryTexts | None = None) -> list[ViewText]:
    """``canonical(view_to_plain(v))`` for each view (as :class:`ViewText`), with every field value that
    views of one state share (the same object: the map's owners and forts, the public history, nations,
    era, treaties...) encoded once. ``json.dumps`` with sorted keys writes an object as its sorted
    ``"key":value`` pairs, each value exactly as alone (a list as its items joined by commas), so the
    pieces are joined as it would. ``history``: the history entries' texts kept from the last call."""
    history = history or HistoryTexts()
    shared: dict[int, str] = {}
    shared_history: dict[int, tuple[str, ...]] = {}
    out = []
    for view in views:
        parts: list[str] = []
        head, texts = "", ()
        for f in sorted(dataclasses.fields(view), key=lambda f: f.name):
            if f.name == "gmap":
                continue
            value = getattr(view, f.name)
            if f.name == "history":
                entries = shared_history.get(id(value))
                if entries is None:
                    entries = shared_history[id(value)] = history.texts(value)
                parts.append(f"{json.dumps(f.name)}:")
                head, texts, parts = "{" + ",".join(parts), entries, []
                continue
            text = shared.get(id(value))
            if text is None:
                text = (_estimates_text(value) if f.name == "estimates" else None) or canonical(to_plain(value))
                shared[id(value)] = text
            parts.append(f"{json.dumps(f.name)}:{text}")
        out.append(ViewText(head, texts, ("," if parts else "") + ",".join(parts) + "}"))
    return out


_ESTIMATE_FIELDS = ("attack", "defence", "offensive_share", "count")


def _estimates_text(estimates: Any) -> str | None:
    """``canonical(to_plain(estimates))`` for a view's ``estimates`` (hex -> ForceEstimate, the bulk of a
    view: thousands of them), written directly: ``json.dumps`` writes a Python float as its ``repr`` and
    an int as its digits, keys sorted. None (encode it the general way) for anything else: a value not a
    plain float or int, a float that is not finite, a ForceEstimate with other fields."""
    if _init_fields(ForceEstimate) != _ESTIMATE_FIELDS or not isinstance(estimates, Mapping):
        return None
    parts = []
    for h, e in estimates.items():
        if type(e) is not ForceEstimate or type(h) is not int:
            return None
        a, d, s, c = e.attack, e.defence, e.offensive_share, e.count
        if not (type(a) is float and type(d) is float and type(s) is float and type(c) is int
                and math.isfinite(a) and math.isfinite(d) and math.isfinite(s)):
            return None
        parts.append(f'[{h},{{"attack":{a!r},"count":{c},"defence":{d!r},"offensive_share":{s!r}}}]')
    return "[" + ",".join(parts) + "]"


_VIEW_HINTS = None


def view_from_plain(plain: Any, gmap: GameMap) -> PlayerView:
    """The view the host encoded, on the map the client already holds; WireError if it does not fit."""
    global _VIEW_HINTS
    if not isinstance(plain, dict):
        raise WireError("view: expected an object")
    if _VIEW_HINTS is None:
        _VIEW_HINTS = _hints(PlayerView)
    names = [f.name for f in dataclasses.fields(PlayerView) if f.name != "gmap"]
    if set(plain) != set(names):
        raise WireError(f"view: fields differ: {sorted(set(plain) ^ set(names))}")
    kwargs: dict[str, Any] = {"gmap": gmap}
    for n in names:
        tp = Nation | None if n == "my_nation" else _VIEW_HINTS[n]
        kwargs[n] = from_plain(tp, plain[n], f"view.{n}")
    return PlayerView(**kwargs)
