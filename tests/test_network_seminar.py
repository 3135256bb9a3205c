"""A seminar hosted on the network (issue 12; game.session.net_seminar, docs/network.md "Seminar"):
timed phases, a facilitator who joins from any laptop with its passphrase, and its powers.

Time is the host's injected clock, moved by hand; every wait is on a message, bounded by
``asyncio.wait_for`` only so that a bug fails the test instead of hanging it.
"""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli.cmd_join import parse_command_line
from game.engine.orders import Orders
from game.engine.record import start_game
from game.engine.saves import load_game
from game.session.client import Client, HostRefused
from game.session.host import Host, sandbox_path, side_path
from game.session.net_seminar import NetPhases, check_command

from test_network import BOUND, SMALL, _serve, _url, run_hash

SECRET = "staff-room-passphrase"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _until(client: Client, ok) -> None:
    while not ok():
        await asyncio.wait_for(client.next_message(), BOUND)


def _phase(c: Client) -> tuple[int, str] | None:
    return None if c.phase is None else (c.phase.turn, c.phase.phase)


def _seminar_host(turns: int, neg: float = 60, orders: float = 0, **kw) -> tuple[Host, Clock]:
    clock = Clock()
    host = Host(start_game(SMALL, None, 5), [0, 1, 2], turns, phases=NetPhases(neg, orders),
                facilitator_passphrase=SECRET, clock=clock, **kw)
    return host, clock


async def _join_all(host: Host) -> tuple[Client, list[Client]]:
    """The facilitator and seats A, B, C joined (and nothing read yet but their welcomes)."""
    fac = Client(_url(host), host.code, role="facilitator", passphrase=SECRET)
    await fac.connect()
    seats = [Client(_url(host), host.code, seat=k) for k in "ABC"]
    for x in seats:
        await x.connect()
    return fac, seats


# --- the phase machine alone ------------------------------------------------------------------------
def test_phases_negotiation_runs_out_into_orders_and_pause_stops_the_clock():
    ph = NetPhases(60, 0)
    ph.open_turn()
    assert (ph.phase, ph.seconds_left()) == ("negotiation", 60)
    ph.paused = True
    assert not ph.tick(100) and ph.phase == "negotiation" and ph.seconds_left() == 60
    ph.paused = False
    ph.add_time(30)
    assert not ph.tick(89) and ph.seconds_left() == pytest.approx(1)
    assert ph.tick(1) and ph.phase == "orders" and ph.seconds_left() is None
    with pytest.raises(ValueError, match="no timer"):
        ph.add_time(10)
    assert ph.next_phase() == "resolution" and ph.next_phase() == "negotiation"
    untimed = NetPhases(0, 0)
    untimed.open_turn()
    assert untimed.phase == "orders"


def test_commands_are_checked_before_the_host_applies_them():
    for bad in (("shutdown", None, None), ("add_time", None, None), ("add_time", 1e9, None), ("message", None, "  ")):
        with pytest.raises(ValueError):
            check_command(*bad)
    check_command("add_time", -30, None)
    keys = {"A": 0, "B": 1}
    assert parse_command_line("say@A,B hello there", keys) == {"action": "message", "text": "hello there", "to": [0, 1]}
    assert parse_command_line("add 90", keys) == {"action": "add_time", "seconds": 90.0}
    assert parse_command_line("edit A.treasury 12", keys) == {"action": "edit", "path": "A.treasury", "text": "12"}
    assert parse_command_line("   ", keys) is None
    for bad in ("say@Z hi", "add soon", "edit A.treasury", "launch"):
        with pytest.raises(ValueError):
            parse_command_line(bad, keys)


# --- a hosted seminar ---------------------------------------------------------------------------------
def test_S01_negotiation_then_orders_then_held_resolution_and_the_same_hash_as_run():
    host, clock = _seminar_host(2)

    async def main():
        game = await _serve(host)
        fac, bots = await _join_all(host)
        a = bots[0]
        await _until(a, lambda: _phase(a) == (1, "negotiation"))
        # no seal in the negotiation: the host refuses it and keeps the seat open
        await _until(a, lambda: a.view is not None)
        await a.seal(Orders(0))
        await _until(a, lambda: a.seal_refused is not None)
        assert "orders phase" in a.seal_refused and not a.sealed and host.seats[0].sealed is None
        a.seal_refused = None        # (a bot would stop on a refusal; this one was the test's own doing)
        players = [asyncio.create_task(b.play()) for b in bots]
        clock.now += 59
        host.poke()
        await asyncio.sleep(0)
        assert host.phases.phase == "negotiation"           # a second is left
        clock.now += 1
        host.poke()
        await _until(fac, lambda: _phase(fac) == (2, "resolution"))   # turn 1 played; turn 2 held for the room
        assert host.record.turns_played == 1 and all(s.sealed is None for s in host.seats.values())
        await fac.command("next_phase")                     # the facilitator opens turn 2: its negotiation
        await _until(fac, lambda: _phase(fac) == (2, "negotiation"))
        await fac.command("next_phase")                     # and cuts it short
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(asyncio.gather(*players), BOUND)
        await _until(fac, lambda: fac.end is not None)
        for c in [fac, *bots]:
            await c.close()
        await host.close()
        return final, fac

    final, fac = asyncio.run(main())
    assert final.turns_played == 2
    assert final.state.state_hash() == run_hash(SMALL, 5, 2)     # the phases change no rule
    assert fac.phase.phase == "ended" and "Now: orders." in fac.notices


def test_S02_the_facilitator_needs_its_passphrase_and_guessing_is_locked_out():
    host, clock = _seminar_host(1)

    async def main():
        await host.start("127.0.0.1", 0)
        refused = []
        for guess in ("a", "b", "c", "d", "e", SECRET):
            c = Client(_url(host), host.code, role="facilitator", passphrase=guess)
            try:
                await c.connect()
                refused.append("in")
            except HostRefused as exc:
                refused.append(str(exc))
        clock.now += 61
        ok = Client(_url(host), host.code, role="facilitator", passphrase=SECRET)
        await ok.connect()
        player = Client(_url(host), host.code, seat="A")
        await player.connect()
        await player.command("end")
        await _until(player, lambda: player.errors)
        await ok.close()
        await player.close()
        plain = Host(start_game(SMALL, None, 5), [0], 1)
        await plain.start("127.0.0.1", 0)
        try:
            await Client(_url(plain), plain.code, role="facilitator", passphrase=SECRET).connect()
        except HostRefused as exc:
            refused.append(str(exc))
        await plain.close()
        await host.close()
        return refused, player.errors, host.phases.phase

    refused, errors, phase = asyncio.run(main())
    assert refused[:5] == ["wrong passphrase"] * 5
    assert refused[5] == "too many wrong passphrases: wait a minute"     # even the right one, for a minute
    assert refused[6] == "this game has no facilitator"
    assert errors == ["only the facilitator gives commands"] and phase != "ended"


def test_S03_messages_inject_and_edit_reach_the_right_seats_and_only_before_the_orders():
    frames: dict[str, list[str]] = {"A": [], "B": [], "C": [], "facilitator": [], "room": []}
    host, clock = _seminar_host(1, tap=lambda who, f: frames[who].append(f))

    async def main():
        game = await _serve(host)
        fac, (a, b, c) = await _join_all(host)
        await fac.command("message", text="FAC-to-B-only", to=[1])
        await _until(b, lambda: any(m["text"] == "FAC-to-B-only" for m in b.messages))
        treasury = host.record.state.nations[0].treasury
        await _until(a, lambda: a.view is not None)
        assert a.view.my_nation.treasury == pytest.approx(treasury)
        await fac.command("edit", path="A.treasury", text=str(treasury + 50))
        await _until(a, lambda: a.view.my_nation.treasury == pytest.approx(treasury + 50))   # the edit rebuilt A's view
        await fac.command("inject", text="invasion_scare")
        await _until(fac, lambda: len(fac.notices) >= 3)
        await fac.command("next_phase")                             # the orders open ...
        await _until(fac, lambda: _phase(fac) == (1, "orders"))
        await fac.command("edit", path="A.treasury", text="0")      # ... and the state is frozen
        await _until(fac, lambda: fac.errors)
        players = [asyncio.create_task(x.play()) for x in (a, b, c)]
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(asyncio.gather(*players), BOUND)
        for x in (fac, a, b, c):
            await x.close()
        await host.close()
        return final, fac

    final, fac = asyncio.run(main())
    assert "FAC-to-B-only" in "".join(frames["B"])
    assert "FAC-to-B-only" not in "".join(frames["A"] + frames["C"] + frames["facilitator"])
    assert "only before the orders open" in fac.errors[0]
    kinds = [iv.kind for turn in final.interventions for iv in turn]
    assert kinds == ["message", "edit", "inject"]                    # logged in the record, replayable
    assert any("barges" in e.text.lower() for e in final.events[0])


def test_S04_orders_time_up_tells_the_late_seat_and_closing_the_orders_plays_its_draft():
    host, clock = _seminar_host(1, neg=0, orders=120)

    async def main():
        game = await _serve(host)
        fac, (a, b, c) = await _join_all(host)
        for x in (a, b, c):
            await _until(x, lambda x=x: x.view is not None and _phase(x) == (1, "orders"))
        draft = Orders(0, stances={1: "D"}, statement="the draft A left")
        await a.send_draft(draft)
        for x in (b, c):
            await x.seal(Orders(x.nation))
        await _until(fac, lambda: any(r.sealed for r in fac.seats if r.nation == 2))
        clock.now += 121
        host.poke()
        await _until(a, lambda: a.notices)
        assert b.notices == [] or not any("Time is up" in n for n in b.notices)
        await fac.command("next_phase")
        final = await asyncio.wait_for(game, BOUND)
        for x in (fac, a, b, c):
            await x.close()
        await host.close()
        return final, a

    final, a = asyncio.run(main())
    assert a.notices == ["Time is up: seal your orders now."]
    played = final.orders[0][0]
    assert played.statement == "the draft A left" and played.stances[1] == "D"


def test_S05_end_stops_the_game_with_its_reason(tmp_path):
    host, clock = _seminar_host(5, save=tmp_path / "s.json")

    async def main():
        game = await _serve(host)
        fac = Client(_url(host), host.code, role="facilitator", passphrase=SECRET)
        await fac.connect()
        await fac.command("end")
        final = await asyncio.wait_for(game, BOUND)
        await _until(fac, lambda: fac.end is not None)
        await fac.close()
        await host.close()
        return final, fac.end

    final, end = asyncio.run(main())
    assert final.turns_played == 0 and end.reason == "ended by the facilitator"


@pytest.mark.slow
def test_S06_cli_host_seminar_with_a_terminal_facilitator_and_bots(tmp_path):
    pw = tmp_path / "fac.txt"
    pw.write_text(SECRET + "\n", encoding="utf-8")
    host = subprocess.Popen([sys.executable, "main.py", "host", "--scenario", str(SMALL), "--seed", "5", "--turns", "2",
                             "--port", "0", "--bind", "127.0.0.1", "--save", str(tmp_path / "h.json"), "--seminar",
                             "--negotiation-seconds", "600", "--facilitator-passphrase-file", str(pw)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    try:
        first = host.stdout.readline()
        addr, code = first.split()[2], first.split()[5]
        fac = subprocess.Popen([sys.executable, "main.py", "join", addr, "--code", code, "--facilitator",
                                "--passphrase-file", str(pw)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
        assert fac.stdout.readline().strip() == "joined as the facilitator"
        bots = [subprocess.Popen([sys.executable, "main.py", "join", addr, "--code", code, "--seat", k, "--bot"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 cwd=Path(__file__).parent.parent) for k in "ABC"]
        # a typo; turn 1's orders; (the bots seal, turn 2 waits for the room); open turn 2; its orders
        script = (("launch", "? unknown command"), ("next", "ok: Now: orders."), (None, "turn 2: resolution"),
                  ("next", "ok: Now: negotiation."), ("next", "ok: Now: orders."))
        for line, want in script:
            if line is not None:
                fac.stdin.write(line + "\n")
                fac.stdin.flush()
            while not (out := fac.stdout.readline()).startswith(want):
                assert out, f"facilitator stopped before {want!r}"
        out, err = host.communicate(timeout=BOUND)   # the host ends after its 2 turns
        assert host.returncode == 0, err
        fac_out, _ = fac.communicate(timeout=BOUND)
        for b in bots:
            b.communicate(timeout=BOUND)
    finally:
        for p in [host] + [p for p in locals().get("bots", [])] + ([fac] if "fac" in locals() else []):
            if p.poll() is None:
                p.kill()
    assert f"final hash {run_hash(SMALL, 5, 2)}" in out
    assert fac.returncode == 0 and "game ended at turn 3" in fac_out


def test_S07_cli_refuses_seminar_flags_without_seminar():
    r = subprocess.run([sys.executable, "main.py", "host", "--scenario", str(SMALL), "--negotiation-seconds", "30"],
                       capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert r.returncode == 2 and "--negotiation-seconds needs --seminar" in r.stderr
    r = subprocess.run([sys.executable, "main.py", "join", "127.0.0.1:1", "--code", "X", "--facilitator", "--bot"],
                       capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert r.returncode == 2


def test_S08_only_the_facilitators_welcome_lists_the_scenarios_injects():
    """The window's inject picker needs the scenario's injects (ids and names, public as the scenario file
    is); a delegation's and the room's welcomes carry none."""
    host, _ = _seminar_host(1)

    async def main():
        await host.start("127.0.0.1", 0)
        fac = Client(_url(host), host.code, role="facilitator", passphrase=SECRET)
        player = Client(_url(host), host.code, seat="A")
        room = Client(_url(host), host.code, role="room")
        welcomes = [await c.connect() for c in (fac, player, room)]
        for c in (fac, player, room):
            await c.close()
        await host.close()
        return welcomes, fac

    welcomes, fac = asyncio.run(main())
    want = [(i.id, i.name) for i in host.record.state.injects]
    assert want and [(i.id, i.name) for i in welcomes[0].injects] == want == [(i.id, i.name) for i in fac.injects]
    assert welcomes[1].injects == [] and welcomes[2].injects == []


# --- rollback and fork over the network (the local console's powers) ----------------------------------
def test_S09_rollback_replays_the_rewound_turn_and_ends_with_runs_hash(tmp_path):
    """Two turns played, rolled back to the start of turn 2 from the held resolution, replayed with the
    same (bot) orders: the game ends where `run` ends; the autosave was rewritten at the rollback."""
    save = tmp_path / "r.json"
    host, _ = _seminar_host(3, neg=0, save=save)

    async def main():
        game = await _serve(host)
        fac, bots = await _join_all(host)
        players = [asyncio.create_task(b.play()) for b in bots]
        await _until(fac, lambda: _phase(fac) == (2, "resolution"))        # turn 1 played, turn 2 held
        await fac.command("rollback", turn=2)                             # only to an earlier turn
        await _until(fac, lambda: fac.errors)
        await fac.command("next_phase")
        await _until(fac, lambda: _phase(fac) == (3, "resolution"))        # turn 2 played, turn 3 held
        played = host.record.orders[1]
        await fac.command("rollback", turn=2)
        await _until(fac, lambda: "Rolled back to the start of turn 2." in fac.notices)
        on_disk = load_game(save).record
        await _until(fac, lambda: _phase(fac) == (2, "resolution") and fac.view.turn == 2)
        await fac.command("next_phase")                                   # turn 2 again, the same orders
        await _until(fac, lambda: _phase(fac) == (3, "resolution"))
        replayed = host.record.orders[1]
        await fac.command("next_phase")
        final = await asyncio.wait_for(game, BOUND)
        await asyncio.wait_for(asyncio.gather(*players), BOUND)
        for c in [fac, *bots]:
            await c.close()
        await host.close()
        return final, fac, bots, on_disk, played, replayed

    final, fac, bots, on_disk, played, replayed = asyncio.run(main())
    assert fac.errors[0] == "rollback: to a turn from 1 to 1"
    assert on_disk.state.turn == 2 and on_disk.turns_played == 1           # the autosave of the rewound game
    assert replayed == played
    assert all(any("rolled the game back to the start of turn 2" in n for n in b.notices) for b in bots)
    assert final.turns_played == 3 and final.state.state_hash() == run_hash(SMALL, 5, 3)


def test_S10_fork_keeps_the_original_autosave_and_a_rollback_never_drops_a_seal(tmp_path):
    save = tmp_path / "g.json"
    host, _ = _seminar_host(2, neg=0, save=save)

    async def main():
        game = await _serve(host)
        fac, (a, b, c) = await _join_all(host)
        for x in (a, b, c):
            await _until(x, lambda x=x: x.view is not None and _phase(x) == (1, "orders"))
        await a.seal(Orders(0, statement="A sealed before the fork"))
        await _until(fac, lambda: any(r.sealed for r in fac.seats if r.nation == 0))
        await fac.command("fork")                                         # a seal pending goes on in the copy
        await _until(fac, lambda: fac.phase.sandbox and any("Forked" in n for n in fac.notices))
        original = save.read_bytes(), side_path(save).read_bytes()
        sandbox = host.save
        side = json.loads(side_path(sandbox).read_text())
        for x in (b, c):
            await x.seal(Orders(x.nation))
        await _until(fac, lambda: _phase(fac) == (2, "resolution"))
        await fac.command("next_phase")
        await _until(a, lambda: a.turn == 2 and _phase(a) == (2, "orders"))
        await a.seal(Orders(0))
        await _until(fac, lambda: fac.seats and any(r.sealed for r in fac.seats if r.nation == 0))
        await fac.command("rollback", turn=1)                             # A's seal would be lost: refused
        await _until(fac, lambda: fac.errors)
        for x in (b, c):
            await _until(x, lambda x=x: x.turn == 2 and _phase(x) == (2, "orders"))
            await x.seal(Orders(x.nation))
        final = await asyncio.wait_for(game, BOUND)
        for x in (fac, a, b, c):
            await _until(x, lambda x=x: x.end is not None)
            await x.close()
        await host.close()
        return final, fac, (a, b, c), original, sandbox, side

    final, fac, seats, original, sandbox, side = asyncio.run(main())
    assert sandbox != save and sandbox.parent == save.parent and "sandbox" in sandbox.name
    assert side["seats"]["0"]["sealed"]["statement"] == "A sealed before the fork"
    assert (save.read_bytes(), side_path(save).read_bytes()) == original  # untouched since the fork
    assert load_game(save).record.turns_played == 0
    assert load_game(sandbox).record.turns_played == 2 == final.turns_played
    assert final.orders[0][0].statement == "A sealed before the fork"
    assert "rollback: A sealed orders" in fac.errors[0]
    assert all(x.phase.sandbox and any("Forked into the sandbox" in n for n in x.notices) for x in seats)


def test_S11_rollback_and_fork_commands_are_checked_and_parsed():
    with pytest.raises(ValueError, match="rollback needs"):
        check_command("rollback", None, None)
    check_command("rollback", None, None, 2)
    check_command("fork", None, None)
    assert parse_command_line("rollback 3", {}) == {"action": "rollback", "turn": 3}
    assert parse_command_line("fork", {}) == {"action": "fork"}
    for bad in ("rollback", "rollback soon", "fork now"):
        with pytest.raises(ValueError):
            parse_command_line(bad, {})
    assert sandbox_path(Path("/x/host-game-5.json")) == Path("/x/host-game-5-sandbox.json")
    assert sandbox_path(Path("/x/host-game-5-sandbox.json")) == Path("/x/host-game-5-sandbox.json")
