"""The network host and its clients on loopback (docs/network.md): same hash as ``run``, nothing of
another seat on the wire, hostile clients refused, a dropped client and a killed host recovered.

Every wait is on an event (a message received, a task finished), bounded by ``asyncio.wait_for``
only so that a bug fails the test instead of hanging it.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import websockets

from game.engine.orders import Orders, orders_to_plain
from game.engine.record import GameRecord, start_game
from game.sim.runner import default_policy, play
from game.session import protocol as P
from game.session.client import Client, HostRefused, SealRefused, run_bot
from game.session.host import Host, side_path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "maps" / "island_continent.yaml"
CONCERT = ROOT / "maps" / "concert_of_powers.yaml"
BOUND = 120          # seconds: a hang fails the test instead of blocking the run


def run_hash(path: Path, seed: int, turns: int) -> str:
    state = start_game(path, None, seed).state
    for res in play(state, turns):
        state = res.state
    return state.state_hash()


def _url(host: Host) -> str:
    return f"ws://127.0.0.1:{host.port}"


async def _serve(host: Host) -> asyncio.Task:
    await host.start("127.0.0.1", 0)
    return asyncio.create_task(host.run())


async def _hosted_game(record: GameRecord, keys: str, turns: int, **kw) -> tuple[GameRecord, list[Client]]:
    human = [n.id for n in record.state.nations if n.key in keys]
    host = Host(record, human, turns, **kw)
    game = await _serve(host)
    try:
        bots = [asyncio.create_task(run_bot(_url(host), host.code, seat=k)) for k in keys]
        final = await asyncio.wait_for(game, BOUND)
        clients = await asyncio.wait_for(asyncio.gather(*bots), BOUND)
    finally:
        await host.close()
    return final, clients


async def _play_out(host: Host, game: asyncio.Task, *clients: Client) -> GameRecord:
    """The clients play the game out as bots; the host's final record."""
    await asyncio.wait_for(asyncio.gather(*(c.play() for c in clients)), BOUND)
    final = await asyncio.wait_for(game, BOUND)
    for c in clients:
        await c.close()
    await host.close()
    return final


def test_N01_bots_on_every_seat_end_with_runs_hash():
    record = start_game(SMALL, None, 5)
    final, clients = asyncio.run(_hosted_game(record, "ABC", 4))
    assert final.turns_played == 4
    assert final.state.state_hash() == run_hash(SMALL, 5, 4)
    assert all(c.end is not None and c.views_seen == 5 for c in clients)


def test_N02_some_seats_human_some_ai_same_hash(tmp_path):
    record = start_game(SMALL, None, 9)
    final, _ = asyncio.run(_hosted_game(record, "B", 3, save=tmp_path / "g.json"))
    assert final.state.state_hash() == run_hash(SMALL, 9, 3)
    assert stat.S_IMODE(os.stat(side_path(tmp_path / "g.json")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "g.json").st_mode) == 0o600


def _py(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "main.py", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


def _start_cli_host(*args: str) -> tuple[subprocess.Popen, int, str]:
    proc = _py("host", "--bind", "127.0.0.1", "--port", "0", *args)
    first = proc.stdout.readline()
    m = re.search(r"127\.0\.0\.1:(\d+) room code (\w+)", first)
    assert m, first + proc.stderr.read()
    return proc, int(m.group(1)), m.group(2)


@pytest.mark.slow
def test_N03_cli_host_and_join_bots_print_runs_final_hash(tmp_path):
    proc, port, code = _start_cli_host("--scenario", str(SMALL), "--seed", "4", "--turns", "3",
                                       "--save", str(tmp_path / "g.json"))
    try:
        wrong = subprocess.run([sys.executable, "main.py", "join", f"127.0.0.1:{port}", "--code", "NOPE42", "--seat", "A",
                                "--bot"], cwd=ROOT, capture_output=True, text=True, timeout=BOUND)
        assert wrong.returncode == 2 and "wrong room code" in wrong.stderr
        bots = [_py("join", f"127.0.0.1:{port}", "--code", code, "--seat", k, "--bot") for k in "ABC"]
        for b in bots:
            out, err = b.communicate(timeout=BOUND)
            assert b.returncode == 0, err
        out, err = proc.communicate(timeout=BOUND)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    ran = subprocess.run([sys.executable, "main.py", "run", "--scenario", str(SMALL), "--seed", "4", "--turns", "3"],
                         cwd=ROOT, capture_output=True, text=True, timeout=BOUND)
    assert out.strip().splitlines()[-1] == ran.stdout.strip().splitlines()[-1]
    assert out.strip().splitlines()[-1].startswith("final hash ")


def test_N11_cli_refuses_bad_input_with_exit_2(tmp_path, capsys):
    from game.cli import main
    assert main(["host", "--scenario", str(tmp_path / "missing.yaml"), "--port", "0", "--bind", "127.0.0.1"]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    assert main(["host", "--scenario", str(SMALL), "--seats", "AZ", "--save", str(tmp_path / "g.json")]) == 2
    assert "no nation 'Z'" in capsys.readouterr().err
    assert main(["host", "--resume", str(tmp_path / "none.json")]) == 2
    from game.engine.saves import save_game
    save_game(start_game(SMALL), tmp_path / "s.json")
    side_path(tmp_path / "s.json").write_text('{"code": "X", "human": [0], "seats": ["not", "a", "map"]}')
    assert main(["host", "--resume", str(tmp_path / "s.json"), "--port", "0", "--bind", "127.0.0.1"]) == 2
    assert "not this save's seat file" in capsys.readouterr().err
    assert main(["join", "127.0.0.1:1", "--code", "ABCDEF", "--seat", "A"]) == 2
    assert "--bot" in capsys.readouterr().err


# --- secrecy ---------------------------------------------------------------------------------------
def _planted(policy_key: str, turn: int) -> str:
    return f"PLANTED-{policy_key}-T{turn}-xq7"


def _paths_with_key(node, key: str, path: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                found.append(f"{path}.{k}")
            found += _paths_with_key(v, key, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths_with_key(v, key, f"{path}[{i}]")
    return found


def _secrecy(scenario: Path, turns: int) -> None:
    record = start_game(scenario, None, 2)
    nations = record.state.nations
    keys = "".join(n.key for n in nations)
    frames: dict[str, list[str]] = {k: [] for k in keys}
    frames["room"] = []
    host = Host(record, [n.id for n in nations], turns, tap=lambda who, f: frames[who].append(f))

    def planting(key: str):
        from game.ai.controller import ai_orders

        def policy(view):
            o = ai_orders(view)
            return Orders(o.nation, o.stances, o.budget, o.builds, o.attacks, o.proposals, o.accepts,
                          statement=_planted(key, view.turn), motives=o.motives)
        return policy

    async def main():
        game = await _serve(host)
        room = Client(_url(host), host.code, role="room")
        await room.connect()
        clients = [Client(_url(host), host.code, seat=k) for k in keys]
        for c in clients:
            await c.connect()
        tasks = [asyncio.create_task(c.play(planting(k))) for c, k in zip(clients, keys)]

        async def watch():
            while room.end is None:
                await room.next_message()
        tasks.append(asyncio.create_task(watch()))
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(asyncio.gather(*tasks), BOUND)
        for c in clients + [room]:
            await c.close()
        await host.close()
        return final, clients

    final, clients = asyncio.run(main())
    assert final.turns_played == turns
    tokens = {k: host.seats[n.id].token for k, n in zip(keys, nations)}
    briefings = {n.key: host.briefings.get(n.id, {}).get("briefing", "") for n in nations}
    all_orders = final.orders
    pairs_seen: dict[str, int] = {}
    for me_key, sent in frames.items():
        assert sent, me_key
        me = None if me_key == "room" else keys.index(me_key)
        blob = "\n".join(sent)
        for other in nations:
            if other.key == me_key:
                continue
            for t in range(1, turns + 1):
                assert _planted(other.key, t) not in blob, (me_key, other.key)
            assert tokens[other.key] not in blob
            if len(briefings[other.key]) > 20:
                assert json.dumps(briefings[other.key])[1:-1] not in blob, (me_key, other.key)
            for motive in (m for o in all_orders for m in o[other.id].motives):
                if len(motive.text) > 30:
                    assert json.dumps(motive.text)[1:-1] not in blob
        for frame in sent:
            msg = json.loads(frame)
            for secret in ("ai_type", "treasury", "strategy", "security_requirement", "statement", "motives"):
                where = _paths_with_key(msg, secret)
                assert all(p.startswith(".view.my_nation.") for p in where), (me_key, secret, where)
            if msg["kind"] == "view":
                mine = msg["view"]["my_nation"]
                assert (mine is None) if me is None else mine["id"] == me
                owner = msg["view"]["owner"]
                assert all(owner[h] == me for h, _ in msg["view"]["my_units"])
                # the per-pair payoffs: this seat's own pairs only, none for the room screen
                assert all(row["me"] == me for row in msg["pairs"]) and (me is not None or not msg["pairs"])
                pairs_seen[me_key] = pairs_seen.get(me_key, 0) + len(msg["pairs"])
            if msg["kind"] == "welcome":
                assert msg["token"] == (None if me is None else tokens[me_key])
    assert all(pairs_seen[k] > 0 for k in keys) and pairs_seen.get("room", 0) == 0   # each seat had its pairs
    # the planted statements did reach the engine: the secret was there to leak
    assert all(o[n.id].statement == _planted(n.key, t + 1) for t, o in enumerate(all_orders) for n in nations if n.id in o)


def test_N04_no_frame_to_a_seat_holds_another_seats_secrets_small():
    _secrecy(SMALL, 2)


@pytest.mark.slow
def test_N05_no_frame_to_a_seat_holds_another_seats_secrets_concert_of_powers():
    _secrecy(CONCERT, 2)


# --- hostile clients -------------------------------------------------------------------------------
async def _raw(host: Host, *frames: str) -> list[dict]:
    """Open a bare connection, send ``frames``, and collect what comes back until the host closes it
    or answers every frame."""
    got = []
    async with websockets.connect(_url(host), max_size=P.MAX_HOST_FRAME) as ws:
        for f in frames:
            await ws.send(f)
        try:
            while True:
                got.append(json.loads(await ws.recv()))
                if got[-1]["kind"] == "error" and got[-1]["fatal"]:
                    break
        except websockets.ConnectionClosed:
            pass
    return got


def _hello(code: str, **kw) -> str:
    return json.dumps({"kind": "hello", "v": P.VERSION, "code": code, **kw})


async def _answers(ws, n: int) -> list[dict]:
    return [json.loads(await ws.recv()) for _ in range(n)]


def test_N06_hostile_clients_get_errors_or_are_dropped_and_the_game_goes_on():
    record = start_game(SMALL, None, 3)

    async def main():
        host = Host(record, [0, 1], 2, passphrase=None)
        game = await _serve(host)
        code = host.code
        # before any seat is claimed: refusals at the door
        for frames, why in [((_hello("WRONG1", seat="A"),), "wrong room code"),
                            (("{not json",), "not JSON"),
                            (("[1, 2]",), "a message is a JSON object"),
                            ((json.dumps({"kind": "launch", "v": P.VERSION}),), "does not match"),
                            ((json.dumps({"kind": "hello", "v": P.VERSION, "code": 12345}),), "valid string"),
                            ((json.dumps({"kind": "hello", "v": 9, "code": code}),), "protocol version"),
                            ((_hello(code, seat="C"),), "no open seat"),         # an AI seat
                            ((_hello(code, token="0" * 32),), "unknown token"),
                            ((json.dumps({"kind": "seal", "v": P.VERSION, "turn": 1, "orders": {}}),), "say hello first")]:
            got = await _raw(host, *frames)
            assert got and got[-1]["kind"] == "error" and got[-1]["fatal"] and why in got[-1]["message"], (why, got)
        a = Client(_url(host), code, seat="A")
        b = Client(_url(host), code, seat="B")
        await a.connect()
        await b.connect()
        # a stolen seat, a replayed token, a token used for another seat
        for hello, why in [(_hello(code, seat="A"), "taken"), (_hello(code, token=a.token), "connected from elsewhere"),
                           (_hello(code, seat="B", token=a.token), "not this seat's")]:
            got = await _raw(host, hello)
            assert got[-1]["fatal"] and why in got[-1]["message"], (why, got)
        while a.view is None or b.view is None:
            await asyncio.wait_for(asyncio.gather(a.next_message(), b.next_message()), BOUND)
        # a joined seat sends garbage: an error each, no seal, the connection stays
        other = orders_to_plain(Orders(1, statement="B's orders, sent by A"))
        bad = ["{", "[]", json.dumps({"kind": "nope", "v": P.VERSION}),
               json.dumps({"kind": "seal", "v": P.VERSION, "turn": "one", "orders": {}}),
               json.dumps({"kind": "seal", "v": P.VERSION, "turn": 1, "orders": other}),
               json.dumps({"kind": "seal", "v": P.VERSION, "turn": 1, "orders": {"nation": 0, "budget": "all"}}),
               json.dumps({"kind": "seal", "v": P.VERSION, "turn": 7, "orders": orders_to_plain(Orders(0))}),
               json.dumps({"kind": "hello", "v": P.VERSION, "code": code})]
        for f in bad:
            await a.ws.send(f)
        errors = []
        while len(errors) < len(bad):
            msg = P.parse_host(await asyncio.wait_for(a.ws.recv(), BOUND))
            if isinstance(msg, P.Error):
                errors.append(msg)
        assert not any(e.fatal for e in errors[:-1]), errors
        assert "another seat" in errors[4].message and "turn 1 is open" in errors[6].message
        assert errors[-1].fatal                       # the 8th strike drops it
        assert host.seats[0].sealed is None and host.seats[1].sealed is None
        assert host.record.state.turn == 1 and host.record.messages == ()
        # an oversized frame closes that connection (1009), nothing else
        b_token = b.token
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await b.ws.send("x" * (P.MAX_CLIENT_FRAME + 10))
            while True:
                await asyncio.wait_for(b.ws.recv(), BOUND)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        # a flood of valid drafts is cut off
        b2 = Client(_url(host), code, token=b_token)
        await b2.connect()
        draft = json.dumps({"kind": "draft", "v": P.VERSION, "orders": orders_to_plain(Orders(1))})
        for _ in range(400):
            try:
                await b2.ws.send(draft)
            except websockets.ConnectionClosed:
                break
        with pytest.raises(HostRefused, match="too many messages"):
            while True:
                await asyncio.wait_for(b2.next_message(), BOUND)
        assert host.seats[1].sealed is None and not game.done()
        # the rightful players come back with their tokens and finish the game
        a2, b3 = Client(_url(host), code, token=a.token), Client(_url(host), code, token=b_token)
        await a2.connect()
        await b3.connect()
        await asyncio.wait_for(asyncio.gather(a2.play(), b3.play()), BOUND)
        final = await asyncio.wait_for(game, BOUND)
        for c in (a2, b3):
            await c.close()
        for c in (a, b, b2):                          # dropped by the host: nothing to say goodbye to
            c.ws.transport.abort()
        await host.close()
        return final

    final = asyncio.run(main())
    assert final.state.state_hash() == run_hash(SMALL, 3, 2)


def test_N07_passphrase_is_required_when_set():
    record = start_game(SMALL, None, 3)

    async def main():
        host = Host(record, [0], 1, passphrase="open sesame")
        game = await _serve(host)
        got = await _raw(host, _hello(host.code, seat="A"))
        assert got[-1]["fatal"] and "wrong passphrase" in got[-1]["message"]
        assert host.seats[0].token is None
        ok = Client(_url(host), host.code, seat="A", passphrase="open sesame")
        await ok.connect()
        await asyncio.wait_for(ok.play(), BOUND)
        await ok.close()
        await asyncio.wait_for(game, BOUND)
        await host.close()

    asyncio.run(main())


def test_N12_private_messages_reach_only_their_addressees_the_room_only_public_ones():
    record = start_game(SMALL, None, 3)
    frames: dict[str, list[str]] = {"A": [], "B": [], "C": [], "room": []}

    async def main():
        host = Host(record, [0, 1, 2], 1, tap=lambda who, f: frames[who].append(f))
        game = await _serve(host)
        room = Client(_url(host), host.code, role="room")
        clients = [Client(_url(host), host.code, seat=k) for k in "ABC"]
        for c in [room, *clients]:
            await c.connect()
        a, b, c = clients
        await a.say("PRIVATE-to-B-only", to=[1])
        await a.say("PUBLIC-for-all")
        await b.ws.send(json.dumps({"kind": "say", "v": P.VERSION, "text": "to nobody", "to": [42]}))
        await room.ws.send(json.dumps({"kind": "say", "v": P.VERSION, "text": "the room speaks"}))
        while not any(m["text"] == "PUBLIC-for-all" for m in c.messages):
            await asyncio.wait_for(c.next_message(), BOUND)
        while not b.errors:
            await asyncio.wait_for(b.next_message(), BOUND)
        while not room.errors:
            await asyncio.wait_for(room.next_message(), BOUND)
        assert [m.text for m in host.record.messages] == ["PRIVATE-to-B-only", "PUBLIC-for-all"]
        await asyncio.wait_for(asyncio.gather(*(x.play() for x in clients)), BOUND)
        await asyncio.wait_for(game, BOUND)
        for x in [room, *clients]:
            await x.close()
        await host.close()
        return b

    b = asyncio.run(main())
    assert "PRIVATE-to-B-only" in "".join(frames["B"]) and "PRIVATE-to-B-only" in "".join(frames["A"])
    assert "PRIVATE-to-B-only" not in "".join(frames["C"]) + "".join(frames["room"])
    assert all("PUBLIC-for-all" in "".join(frames[k]) for k in frames)
    assert [m["text"] for m in b.messages] == ["PRIVATE-to-B-only", "PUBLIC-for-all"]


def test_N14_a_refused_seal_is_answered_as_such_and_the_seats_turn_is_open_again():
    """A seal the host refuses changes nothing there; the client is told which message was refused, so it no
    longer believes itself sealed (before, it waited for ever for a turn the host could not resolve)."""
    record = start_game(SMALL, None, 4)
    policy = default_policy()

    async def main():
        host = Host(record, [0, 1], 2)
        game = await _serve(host)
        a, b = Client(_url(host), host.code, seat="A"), Client(_url(host), host.code, seat="B")
        await a.connect()
        await b.connect()
        while a.view is None or b.view is None:
            await asyncio.wait_for(asyncio.gather(a.next_message(), b.next_message()), BOUND)
        await a.seal(Orders(1, statement="A signs for B"))           # orders for another seat
        while not a.errors:
            await asyncio.wait_for(a.next_message(), BOUND)
        assert "another seat" in a.seal_refused and not a.sealed and a.wants_orders()
        assert host.seats[0].sealed is None
        # a bot whose orders are refused stops and says why, instead of waiting for a turn that cannot come
        with pytest.raises(SealRefused, match="another seat"):
            await asyncio.wait_for(b.play(policy=lambda view: Orders(0)), BOUND)
        assert host.seats[1].sealed is None and not b.sealed
        # a second seal is refused without reopening anything: the first one stands
        first = policy(a.view)
        await a.seal(first)
        await a.seal(Orders(0, statement="second thoughts"))
        while len(a.errors) < 2:
            await asyncio.wait_for(a.next_message(), BOUND)
        assert "sealed for this turn" in a.errors[-1] and a.sealed and a.seal_refused is None
        assert host.seats[0].sealed == first
        await b.seal(policy(b.view))
        return await _play_out(host, game, a, b)

    final = asyncio.run(main())
    assert final.state.state_hash() == run_hash(SMALL, 4, 2)        # the refused orders left no trace


# --- faults ----------------------------------------------------------------------------------------
def test_N08_a_client_dropped_mid_turn_reconnects_with_its_token_and_finds_its_draft():
    record = start_game(SMALL, None, 6)

    async def main():
        host = Host(record, [0, 1], 2)
        game = await _serve(host)
        room = Client(_url(host), host.code, role="room")
        await room.connect()
        a = Client(_url(host), host.code, seat="A")
        b = Client(_url(host), host.code, seat="B")
        await a.connect()
        await b.connect()
        play_b = asyncio.create_task(b.play())
        while a.view is None:
            await asyncio.wait_for(a.next_message(), BOUND)
        draft = Orders(0, statement="half-written orders")
        await a.send_draft(draft)
        await a.ws.send("{")                         # answered in order: once its error is back, the draft is in
        while not a.errors:
            await asyncio.wait_for(a.next_message(), BOUND)
        token = a.token
        a.ws.transport.abort()                       # the laptop's lid shuts: no closing handshake
        while not (room.seats and room.seats[0].joined and not room.seats[0].connected):   # the seat table shows the drop
            await asyncio.wait_for(room.next_message(), BOUND)
        assert host.seats[0].conn is None and room.seats[0].joined
        again = Client(_url(host), host.code, token=token)
        welcome = await again.connect()
        assert welcome.nation == 0 and welcome.draft == orders_to_plain(draft)
        assert host.seats[1].sealed is not None and not game.done()    # B's seal waited for A
        await asyncio.wait_for(again.play(), BOUND)
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(play_b, BOUND)
        await again.close()
        await b.close()
        await room.close()
        await host.close()
        return final

    final = asyncio.run(main())
    assert final.state.state_hash() == run_hash(SMALL, 6, 2)


async def _wait_status(room: Client, ok) -> None:
    while not (room.seats and ok(room.seats)):
        await asyncio.wait_for(room.next_message(), BOUND)


def test_N09_a_host_stopped_mid_turn_resumes_from_its_autosave_with_its_seats_and_seals(tmp_path):
    save = tmp_path / "host.json"
    record = start_game(SMALL, None, 8)

    async def first_host():
        host = Host(record, [0, 1], 3, save=save)
        game = await _serve(host)
        room = Client(_url(host), host.code, role="room")
        await room.connect()
        a, b = Client(_url(host), host.code, seat="A"), Client(_url(host), host.code, seat="B")
        await a.connect()
        await b.connect()
        # turn 1 played by both; turn 2: A seals, B has not: the host dies
        await asyncio.wait_for(asyncio.gather(a.play(stop_after=2), b.play(stop_after=2)), BOUND)
        assert a.turn == 2 and a.wants_orders() and b.wants_orders()
        await a.seal(orders_for(a))
        await _wait_status(room, lambda s: s[0].sealed)
        game.cancel()
        host._server.close()                         # no goodbye, no save: as a crash leaves it
        for c in (a, b, room):
            c.ws.transport.abort()
        return host.code, a.token, b.token, host.seats[0].sealed

    from game.ai.controller import ai_orders

    def orders_for(c: Client) -> Orders:
        return ai_orders(c.view)

    code, ta, tb, sealed_a = asyncio.run(first_host())
    assert stat.S_IMODE(os.stat(side_path(save)).st_mode) == 0o600
    side = side_path(save).read_text()
    assert ta in side and tb in side

    async def second_host():
        host = Host.resume(save, 3)
        assert host.code == code and host.record.turns_played == 1
        assert host.seats[0].token == ta and host.seats[1].token == tb
        assert host.seats[0].sealed == sealed_a and host.seats[1].sealed is None
        game = await _serve(host)
        a, b = Client(_url(host), code, token=ta), Client(_url(host), code, token=tb)
        await a.connect()
        await b.connect()
        return await _play_out(host, game, a, b)

    final = asyncio.run(second_host())
    assert final.turns_played == 3
    assert final.orders[1][0] == sealed_a
    assert final.state.state_hash() == run_hash(SMALL, 8, 3)


@pytest.mark.slow
def test_N10_cli_host_killed_mid_turn_resumes_with_the_same_code_tokens_and_seals(tmp_path):
    from game.ai.controller import ai_orders
    save = tmp_path / "host.json"
    proc, port, code = _start_cli_host("--scenario", str(SMALL), "--seed", "7", "--turns", "3", "--seats", "AB",
                                       "--save", str(save))

    async def before_the_crash():
        a = Client(f"ws://127.0.0.1:{port}", code, seat="A")
        b = Client(f"ws://127.0.0.1:{port}", code, seat="B")
        await a.connect()
        await b.connect()
        await asyncio.wait_for(asyncio.gather(a.play(stop_after=2), b.play(stop_after=2)), BOUND)
        sealed = ai_orders(a.view)
        await a.seal(sealed)
        while not (b.seats and b.seats[0].sealed):          # the host has taken A's seal
            await asyncio.wait_for(b.next_message(), BOUND)
        proc.kill()                                          # SIGKILL: no goodbye
        proc.wait(timeout=BOUND)
        for c in (a, b):
            c.ws.transport.abort()
        return a.token, b.token, sealed

    try:
        ta, tb, sealed = asyncio.run(before_the_crash())
    finally:
        proc.kill()
    proc.communicate()
    again, port2, code2 = _start_cli_host("--resume", str(save), "--turns", "3")
    try:
        assert code2 == code

        async def after():
            a = Client(f"ws://127.0.0.1:{port2}", code, token=ta)
            b = Client(f"ws://127.0.0.1:{port2}", code, token=tb)
            assert (await a.connect()).nation == 0 and (await b.connect()).nation == 1
            await asyncio.wait_for(asyncio.gather(a.play(), b.play()), BOUND)
            for c in (a, b):
                await c.close()
        asyncio.run(after())
        out, err = again.communicate(timeout=BOUND)
    finally:
        again.kill()
    assert again.returncode == 0, err
    from game.engine.saves import load_game
    record = load_game(save).record
    assert record.turns_played == 3 and record.orders[1][0] == sealed
    assert out.strip().splitlines()[-1] == f"final hash {run_hash(SMALL, 7, 3)}"


def test_N13_a_host_killed_before_its_autosaves_are_written_replays_the_turns_from_the_side_file(tmp_path):
    """The views go out before the autosave is written, and the game does not wait for a save: until a
    save is on disk, the side file keeps the seals of every turn resolved since, and a host resumed from
    that moment resolves those turns again to the same state (here two turns ahead of the save)."""
    from game.ai.controller import ai_orders
    from game.engine.views import player_view
    save = tmp_path / "host.json"
    record = start_game(SMALL, None, 8)
    host = Host(record, [0, 1], 3, save=save)
    host._autosave()                                            # the save on disk: turn 1, nothing played
    for i in (0, 1):
        host.seats[i].token = f"{i}" * 32
    played = []
    for _ in range(2):                                          # two turns resolved, neither saved yet
        state = host.record.state
        sealed = {i: ai_orders(player_view(state, i, list(host.record.last_events))) for i in (0, 1)}
        orders = {i: sealed[i] if i in sealed else host.policy(player_view(state, i, list(host.record.last_events)))
                  for i in state.alive_ids()}
        host.record = host.record.play_turn(orders)[0]
        host._unsaved.append((state.turn, sealed))              # what run() keeps while its saver is behind
        played.append(sealed)
    host._write_side()                                          # a seal or a join of the next turn
    assert [e["turn"] for e in json.loads(side_path(save).read_text())["prev"]] == [1, 2]
    again = Host.resume(save, 3)
    assert again.record.turns_played == 2
    assert [again.record.orders[t][i] for t in (0, 1) for i in (0, 1)] == [played[t][i] for t in (0, 1) for i in (0, 1)]
    assert again.record.state.state_hash() == host.record.state.state_hash()
    assert again.seats[0].token == "0" * 32 and again.seats[0].sealed is None
    # a side file written by 0.3 (one unsaved turn, as a mapping) still replays
    side = json.loads(side_path(save).read_text())
    side["prev"] = side["prev"][0]
    side_path(save).write_text(json.dumps(side))
    assert Host.resume(save, 3).record.turns_played == 1

def test_N16_a_rollback_written_to_disk_leaves_no_undone_turn_to_replay(tmp_path):
    """Seals of resolved turns wait in the side file for their save; a rollback's autosave writes the
    rewound record, and a host resumed after it must not replay the turns the rollback undid."""
    from game.ai.controller import ai_orders
    from game.engine.replay import rewind
    from game.engine.views import player_view
    save = tmp_path / "host.json"
    host = Host(start_game(SMALL, None, 8), [0, 1], 3, save=save)
    host._autosave()
    for _ in range(2):
        state, ev = host.record.state, list(host.record.last_events)
        orders = {i: ai_orders(player_view(state, i, ev)) for i in state.alive_ids()}
        host.record = host.record.play_turn(orders)[0]
        host._unsaved.append((state.turn, {i: orders[i] for i in (0, 1)}))
    host._write_side()
    assert len(json.loads(side_path(save).read_text())["prev"]) == 2
    host.record = rewind(host.record, 1)                 # back to the start of turn 2, as _rollback does
    host._autosave()
    assert "prev" not in json.loads(side_path(save).read_text())
    assert Host.resume(save, 3).record.turns_played == 1


def test_N15_a_slow_autosave_never_holds_up_the_game_and_the_newest_record_is_saved(tmp_path, monkeypatch):
    """The game does not wait for its autosave: with every save after the first held back, the bots play
    all four turns and get the end; released, the saver writes one save behind, then the newest record."""
    import threading
    import game.session.host as H
    from game.engine.saves import load_game
    gate, saved, real = threading.Event(), [], H.TurnCache.save

    def held(self, record, path, mode=None):
        if saved:                                  # the first (start of the game) goes through
            assert gate.wait(BOUND), "the test never released the saves"
        saved.append(record.state.turn)
        return real(self, record, path, mode)

    monkeypatch.setattr(H.TurnCache, "save", held)
    save = tmp_path / "host.json"

    async def main():
        host = Host(start_game(SMALL, None, 5), [0, 1], 4, save=save)
        game = await _serve(host)
        bots = [asyncio.create_task(run_bot(_url(host), host.code, seat=k)) for k in "AB"]
        clients = await asyncio.wait_for(asyncio.gather(*bots), BOUND)
        held_at = (host.record.turns_played, list(saved), [e["turn"] for e in json.loads(side_path(save).read_text())["prev"]])
        gate.set()
        final = await asyncio.wait_for(game, BOUND)
        await host.close()
        return clients, held_at, final

    clients, held_at, final = asyncio.run(main())
    assert all(c.end is not None for c in clients)
    assert held_at == (4, [1], [1, 2, 3, 4])       # all turns played while no save was written; their seals kept
    assert saved == [1, 2, 5]                       # one save held back, then straight to the newest record
    assert load_game(save).record.state.state_hash() == final.state.state_hash() == run_hash(SMALL, 5, 4)
    assert "prev" not in json.loads(side_path(save).read_text())


def test_N17_a_view_carries_only_the_history_its_connection_lacks_and_the_client_rebuilds_the_hosts_view():
    """Protocol 2: the first view on a connection carries the whole public history, each later one only
    the turns since (``history_from``); every client rebuilds the whole view, whose hash is the host's
    every turn, and a reconnected seat (a new connection) is sent the whole history again."""
    from game.engine.views import player_view
    from game.session.wire import plain_hash, view_to_plain
    record = start_game(SMALL, None, 6)
    frames: dict[str, list[dict]] = {"A": [], "B": [], "room": []}
    rebuilt: dict[str, list[str]] = {"A": [], "B": [], "room": []}

    def tap(who: str, text: str) -> None:
        if text.startswith(f'{{"v":{P.VERSION},"kind":"view"'):
            frames[who].append(json.loads(text))

    def client(host: Host, label: str, **kw) -> Client:
        return Client(_url(host), host.code, on_view=lambda c: rebuilt[label].append(plain_hash(view_to_plain(c.view))), **kw)

    async def main():
        host = Host(record, [0, 1], 4, tap=tap)
        game = await _serve(host)
        a, b, room = client(host, "A", seat="A"), client(host, "B", seat="B"), client(host, "room", role="room")
        for c in (room, a, b):
            await c.connect()
        play_a = asyncio.create_task(a.play())
        await asyncio.wait_for(b.play(stop_after=2), BOUND)         # turn 1 sealed, turn 2's view in hand
        await b.close()
        b2 = client(host, "B", token=b.token)
        await b2.connect()
        await asyncio.wait_for(b2.play(), BOUND)
        while room.end is None:
            await asyncio.wait_for(room.next_message(), BOUND)
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(play_a, BOUND)
        for c in (a, b2, room):
            await c.close()
        await host.close()
        return final, a, b2, room

    final, a, b2, room = asyncio.run(main())
    assert final.state.state_hash() == run_hash(SMALL, 6, 4)
    for label in ("A", "B", "room"):
        assert rebuilt[label] == [f["view_hash"] for f in frames[label]]        # every view, every turn
        assert [f["turn"] for f in frames[label]][-1] == 5
    sent = {k: [(f["turn"], f["history_from"], len(f["view"]["history"])) for f in v] for k, v in frames.items()}
    assert sent["A"] == sent["room"] == [(1, 0, 0), (2, 0, 1), (3, 1, 1), (4, 2, 1), (5, 3, 1)]
    assert sent["B"] == [(1, 0, 0), (2, 0, 1), (2, 0, 1), (3, 1, 1), (4, 2, 1), (5, 3, 1)]   # reconnected at turn 2
    ev = list(final.last_events)
    for c, me in ((a, 0), (b2, 1), (room, None)):
        assert len(c.view.history) == 4
        assert plain_hash(view_to_plain(c.view)) == plain_hash(view_to_plain(player_view(final.state, me, ev)))


def test_N18_a_host_of_another_protocol_version_is_refused_clearly():
    """A laptop with another version of the game: the client stops with a message that says so."""
    async def main():
        async def old_host(ws):
            await ws.recv()
            await ws.send(json.dumps({"v": 1, "kind": "welcome", "role": "player"}))
            await ws.wait_closed()

        async with websockets.serve(old_host, "127.0.0.1", 0) as server:
            port = next(iter(server.sockets)).getsockname()[1]
            c = Client(f"ws://127.0.0.1:{port}", "ABCDEF", seat="A")
            with pytest.raises(HostRefused, match=r"another version of the game: protocol version 1 \(this program speaks 2\)"):
                await asyncio.wait_for(c.connect(), BOUND)
            await c.close()

    asyncio.run(main())


def test_N19_the_side_file_written_in_a_thread_ends_with_the_newest_snapshot(tmp_path, monkeypatch):
    """The side file is written off the event loop, one writer at a time; a write on the spot (a join)
    while an older snapshot is being written in the thread would be overwritten by it, so the writer
    writes the newest snapshot again after it."""
    import threading
    import game.session.host as H
    started, gate, real, calls = threading.Event(), threading.Event(), H._write_side_file, []

    def slow(path, encode):
        calls.append(json.loads(encode())["seats"]["0"]["token"])
        if len(calls) == 1:
            started.set()
            assert gate.wait(BOUND), "the test never released the write"
        real(path, encode)

    monkeypatch.setattr(H, "_write_side_file", slow)
    save = tmp_path / "host.json"

    async def main():
        host = Host(start_game(SMALL, None, 8), [0, 1], 3, save=save)
        host.seats[0].token = "a" * 32
        host._request_side()
        flushing = asyncio.ensure_future(host._side_flushed())
        assert await asyncio.to_thread(started.wait, BOUND)
        host.seats[0].token = "b" * 32
        host._write_side()                       # written on the spot while the older snapshot is held
        gate.set()
        await asyncio.wait_for(flushing, BOUND)

    asyncio.run(main())
    assert calls == ["a" * 32, "b" * 32, "b" * 32]
    assert json.loads(side_path(save).read_text())["seats"]["0"]["token"] == "b" * 32


def test_N20_a_view_whose_history_starts_beyond_what_the_client_holds_is_a_desync():
    """A client that was not sent the earlier history (or lost it) cannot rebuild the view: it stops."""
    from game.session.client import Desync
    frames: list[str] = []

    def tap(who: str, text: str) -> None:
        if who == "A" and text.startswith(f'{{"v":{P.VERSION},"kind":"view"'):
            frames.append(text)

    final, _ = asyncio.run(_hosted_game(start_game(SMALL, None, 5), "AB", 3, tap=tap))
    later = P.parse_host(frames[-1])
    assert later.history_from == 2 and final.turns_played == 3
    fresh = Client("ws://unused", "X")
    fresh.gmap = final.state.gmap
    with pytest.raises(Desync, match="from entry 2; this client holds 0"):
        fresh._take(later)
    fresh._take(P.parse_host(frames[0]))                # the first view (turn 1, no history) is whole
    assert fresh.turn == 1 and fresh.history == []
