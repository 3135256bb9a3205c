"""The network protocol's messages (version 2), shared by the host and every client.

Each WebSocket text frame is one JSON object with ``kind`` and ``v``; :func:`parse_client` and
:func:`parse_host` validate it with pydantic (unknown kinds, wrong types and extra fields are
refused). Nothing is evaluated or unpickled. docs/network.md describes each message.
"""
from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

VERSION = 2                           # 2: a view carries only the history its connection lacks (history_from)
MAX_CLIENT_FRAME = 256 * 1024         # what a client may send (orders with reasons, a message)
MAX_HOST_FRAME = 16 * 1024 * 1024     # what the host may send (a view, the map)
TOKEN_HEX = 32                        # 128-bit seat tokens
Short = Annotated[str, Field(max_length=200)]


class ProtocolError(ValueError):
    """A frame that is not a valid message of this protocol."""


class VersionMismatch(ProtocolError):
    """A frame of another version of the protocol: the other side runs another version of the game."""


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    v: Literal[2] = VERSION


# --- client -> host ---------------------------------------------------------------------------
class Hello(_Msg):
    kind: Literal["hello"] = "hello"
    code: Short
    role: Literal["player", "room", "facilitator"] = "player"
    seat: Short | None = None          # a nation's key or name (player, first join)
    token: Short | None = None         # the seat's token (player, reconnect)
    passphrase: Annotated[str, Field(max_length=1000)] | None = None


class Draft(_Msg):
    """Unsent orders, kept on the host so that a reconnecting client finds them."""
    kind: Literal["draft"] = "draft"
    orders: dict[str, Any]
    turn: int | None = None            # the turn it was drafted for (a draft that crossed a resolution is dropped)


class Seal(_Msg):
    kind: Literal["seal"] = "seal"
    turn: int
    orders: dict[str, Any]


class Say(_Msg):
    kind: Literal["say"] = "say"
    text: Annotated[str, Field(max_length=20_000)]
    to: list[int] | None = None         # None: public


class Command(_Msg):
    """A facilitator's command (seminar hosts; game.session.net_seminar): pause, resume, add_time
    (``seconds``), next_phase, message (``text``, ``to``), inject (``text`` = the inject's id),
    edit (``path``, ``text`` = the value), rollback (``turn``: back to the start of that earlier turn),
    fork (continue in a sandbox copy), end."""
    kind: Literal["command"] = "command"
    action: Short
    seconds: float | None = None
    text: Annotated[str, Field(max_length=20_000)] | None = None
    to: list[int] | None = None
    path: Short | None = None
    turn: int | None = None


ClientMsg = Annotated[Union[Hello, Draft, Seal, Say, Command], Field(discriminator="kind")]


# --- host -> client ---------------------------------------------------------------------------
class SeatRow(BaseModel):
    """One line of the public seat table."""
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    nation: int
    key: str
    name: str
    human: bool
    joined: bool
    connected: bool
    sealed: bool


class PairRow(BaseModel):
    """One of this seat's own pairs in the turn just resolved (game.engine.results.PairResult): the outcome,
    what its stance card predicted, and what it received. Sent to that seat only."""
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    me: int
    other: int
    outcome: Literal["CC", "CD", "DC", "DD"]
    predicted: float | None
    received: float
    trade: float
    land: float
    war: float
    arms_saving: float


class InjectRow(BaseModel):
    """One of the scenario's injects, as the facilitator picks it (public: the scenario file is)."""
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)
    id: str
    name: str


class Welcome(_Msg):
    kind: Literal["welcome"] = "welcome"
    role: Literal["player", "room", "facilitator"]
    nation: int | None
    token: str | None                  # only ever sent to the seat it belongs to
    briefing: dict[str, Any]           # this seat's role, briefing and objectives
    draft: dict[str, Any] | None       # unsent orders left on the host
    map: dict[str, Any]                # the static map and its rules (public)
    scenario: str = ""                 # the scenario's name (public)
    max_turns: int = 0                 # the scenario's turn limit (public)
    seminar: bool = False              # seals only in the orders phase the host announces (``phase``)
    injects: list[InjectRow] = Field(default_factory=list)   # the scenario's injects (the facilitator only)
    edit_paths: list[str] = Field(default_factory=list)    # the values an edit may set (the facilitator only)


class View(_Msg):
    kind: Literal["view"] = "view"
    turn: int
    open: bool                         # whether the turn takes orders (False: the game's last view)
    sealed: bool                       # whether this seat has already sealed this turn
    view: dict[str, Any]               # game.session.wire.view_to_plain of this seat's view, but its "history"
    history_from: int = 0              # holds only the entries from this index on: the connection has the others
    view_hash: str
    messages: list[dict[str, Any]]     # messages this seat may read, this game
    score: float = 0.0                 # this seat's own running score (0 for the room screen)
    pairs: list[PairRow] = []          # this seat's own pairs in the turn just resolved (none for the room screen)


class Status(_Msg):
    kind: Literal["status"] = "status"
    turn: int
    seats: list[SeatRow]


class Chat(_Msg):
    kind: Literal["message"] = "message"
    message: dict[str, Any]


class End(_Msg):
    kind: Literal["end"] = "end"
    turn: int
    reason: str


class Phase(_Msg):
    """A seminar's phase and its timer (public; sent on every change)."""
    kind: Literal["phase"] = "phase"
    turn: int
    phase: Literal["negotiation", "orders", "resolution", "ended"]
    seconds_left: float | None = None   # None: untimed
    paused: bool = False
    sandbox: bool = False               # the facilitator forked the game: play goes on in a sandbox copy


class Notice(_Msg):
    """A line for one connection: a facilitator command done, or a delegation's time is up."""
    kind: Literal["notice"] = "notice"
    text: str


class Error(_Msg):
    kind: Literal["error"] = "error"
    message: str
    fatal: bool = False
    refused: Literal["hello", "draft", "seal", "say", "command"] | None = None   # the kind of message refused (None: unreadable)


HostMsg = Annotated[Union[Welcome, View, Status, Chat, End, Phase, Notice, Error], Field(discriminator="kind")]

_CLIENT = TypeAdapter(ClientMsg)
_HOST = TypeAdapter(HostMsg)


def _parse(adapter: TypeAdapter, frame: str | bytes, limit: int) -> Any:
    if isinstance(frame, bytes):
        raise ProtocolError("binary frames are not part of the protocol")
    if len(frame) > limit:
        raise ProtocolError("frame too large")
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError):
        raise ProtocolError("not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("a message is a JSON object")
    if data.get("v") != VERSION:
        raise VersionMismatch(f"protocol version {data.get('v')!r} (this program speaks {VERSION}): "
                              "run the same version of the game on every laptop")
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        raise ProtocolError(f"{'.'.join(map(str, err['loc']))}: {err['msg']}") from None


def parse_client(frame: str | bytes) -> Hello | Draft | Seal | Say | Command:
    return _parse(_CLIENT, frame, MAX_CLIENT_FRAME)


def parse_host(frame: str | bytes) -> Welcome | View | Status | Chat | End | Phase | Notice | Error:
    return _parse(_HOST, frame, MAX_HOST_FRAME)


def dump(msg: _Msg) -> str:
    return json.dumps(msg.model_dump(mode="json"), separators=(",", ":"))
