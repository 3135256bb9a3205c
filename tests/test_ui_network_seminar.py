"""The window in a seminar hosted on the network (issue 12; docs/network.md "Seminar", "The window"):
a joined seat sees the phase and its countdown and seals only in the orders phase; the facilitator
joins from "Join a game" with its passphrase and runs the seminar from a remote console.

The host runs in this process (game.session.hosting.HostThread) on a fake clock moved by hand; every
wait is on the seat's next message from the host (RemoteSeat.wait_change), bounded only so that a bug
fails the test instead of hanging it. Real pygame events throughout."""
from __future__ import annotations

import re

import pygame
import pytest
from test_network_seminar import SECRET, Clock
from test_ui_network import BOUND, SMALL, _end_turn, _joined_from_the_title

from game.engine.record import start_game
from game.session import protocol as P
from game.session.host import Host
from game.session.hosting import HostThread
from game.session.net_seminar import NetPhases
from game.session.remote import RemoteSeat, clock_text, phase_text
from game.ui.dialogs import ConfirmDialog
from game.ui.palette import BAD
from game.ui.scenes.game import GameScene
from game.ui.scenes.negotiation import NegotiationScene
from game.ui.scenes.network_facilitator import NetworkFacilitatorScene
from game.ui.scenes.network_join import NetworkJoinScene
from game.ui.scenes.network_resolution import NetworkResolutionScene


def _seminar(humans: list[int], neg: float, orders: float, turns: int = 2) -> tuple[Host, Clock]:
    clock = Clock()
    return Host(start_game(SMALL, None, 8), humans, turns, phases=NetPhases(neg, orders),
                facilitator_passphrase=SECRET, clock=clock), clock


def _advance(hosting: HostThread, clock: Clock, seconds: float) -> None:
    """Move the host's clock and make it look (on its own loop)."""
    clock.now += seconds
    hosting._loop.call_soon_threadsafe(hosting.host.poke)


def _wait(gui, remote: RemoteSeat, condition, rounds: int = 400) -> None:
    """Step frames, blocking on the seat's next message from the host whenever the condition is not met."""
    for _ in range(rounds):
        seen = remote.version
        gui.step()
        if condition():
            return
        remote.wait_change(seen, BOUND)
    raise AssertionError("condition not reached")


def _logged(scene) -> str:
    return " ".join(str(entry) for entry in scene.log.entries)


def test_phase_text_counts_down_locally_from_the_announcement():
    neg = P.Phase(turn=3, phase="negotiation", seconds_left=272.0)
    assert phase_text(neg, 100.0, 100.0) == "Negotiation 4:32"
    assert phase_text(neg, 100.0, 130.5) == "Negotiation 4:02"
    assert phase_text(neg, 100.0, 500.0) == "Negotiation 0:00"
    assert phase_text(P.Phase(turn=3, phase="negotiation", seconds_left=272.0, paused=True), 100.0, 500.0) \
        == "Paused: Negotiation 4:32"                      # a paused clock does not run here either
    assert phase_text(P.Phase(turn=3, phase="orders"), 0, 50) == "Orders"
    assert phase_text(P.Phase(turn=3, phase="resolution"), 0, 50) == "Waiting for the facilitator"
    assert phase_text(None, 0, 0) == "Waiting for the host"
    assert clock_text(59.2) == "1:00" and clock_text(0.0) == "0:00"


def test_a_joined_seat_in_a_seminar_sees_the_countdown_and_seals_only_in_the_orders_phase(gui):
    """Seat A joined from the title to a seminar host (B a bot, no facilitator connected): the orders
    screen opens in the negotiation with "Negotiation m:ss" in its top bar; End turn there seals nothing
    and says why; when the host's clock runs out the top bar reads "Orders"; the orders' time running out
    brings "Time is up" into the log; End turn then seals, the turn resolves, turn 2's negotiation opens."""
    host, clock = _seminar([0, 1], 240, 60)
    app = gui.app
    with _joined_from_the_title(gui, host) as hosting:
        scene = app.top
        remote = app.find(NetworkJoinScene).remote
        assert isinstance(scene, GameScene) and remote.seminar and scene.view.turn == 1
        _wait(gui, remote, lambda: remote.client.phase is not None)
        app.render()
        bar = scene.top_bar()[3]
        assert re.match(r"Negotiation [34]:\d\d  -  Turn 1/", bar), bar
        assert remote.phase_text(now=remote.client.phase_at + 28) == "Negotiation 3:32"
        _end_turn(gui, scene)
        assert app.top is scene and not scene.ended and not remote.client.sealed
        assert "not sealed: the orders open in the orders phase (now: Negotiation" in _logged(scene)
        assert hosting.host.seats[0].sealed is None

        gui.press(scene.talk_button)                        # the desk: a private word to B
        desk = app.top
        assert isinstance(desk, NegotiationScene) and desk.viewer == 0
        gui.press(desk.recipient_buttons[1])
        gui.press(desk.entry)
        gui.type_text("B: a word in private")
        gui.press(desk.send_button)
        _wait(gui, remote, lambda: any("B: a word in private" in str(e) for e in desk.log.entries))
        m = hosting.host.record.messages[-1]
        assert (m.sender, m.to, m.text) == (0, (1,), "B: a word in private")
        assert any("[private to Francia] Albion: B: a word in private" in str(e) for e in desk.log.entries)
        assert desk.port.timer.text in ("4:00", "3:59") and desk.port.role.state_name == "Albion"

        _advance(hosting, clock, 240)                       # the negotiation's time runs out on the host:
        _wait(gui, remote, lambda: app.top is scene)        # the desk closes on the orders screen
        assert remote.client.orders_phase()
        app.render()
        assert scene.top_bar()[3].startswith("Orders 1:00") or scene.top_bar()[3].startswith("Orders 0:5")
        _advance(hosting, clock, 61)                        # and the orders' time: A is told, once
        _wait(gui, remote, lambda: "Time is up" in _logged(scene))
        assert app.top is scene and scene.status.startswith("Time is up")

        _end_turn(gui, scene)
        assert isinstance(app.top, NetworkResolutionScene)
        gui.until(lambda: app.top.phase == "summary")
        assert hosting.host.record.turns_played == 1 and hosting.host.record.orders[0][0] is not None
        gui.press(app.top.continue_button)
        gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 2)
        _wait(gui, remote, lambda: remote.client.phase.turn == 2)
        app.render()
        assert app.top.top_bar()[3].startswith("Negotiation 4:00") or app.top.top_bar()[3].startswith("Negotiation 3:5")


def _facilitator_from_the_title(gui, hosting: HostThread, passphrase: str) -> NetworkJoinScene:
    gui.press(gui.app.top.buttons["join"])
    join = gui.app.top
    for key, text in (("address", f"127.0.0.1:{hosting.port}"), ("code", hosting.host.code), ("facilitator", passphrase)):
        gui.press(join.entries[key])
        gui.type_text(text)
    gui.press(join.facilitator_button)
    return join


def test_the_facilitator_runs_a_networked_seminar_from_the_window(gui):
    """Join as the facilitator from the title (a masked passphrase; a wrong one is refused); the console
    shows the phase and the seat table, and its buttons reach the host: pause, a minute more, a message to
    one delegation, an inject (and its refusal once the orders are open), next phase, end with a confirm."""
    host, _ = _seminar([0, 1], 240, 0)
    hosting = HostThread(host, "127.0.0.1", 0)
    assert hosting.start()
    app = gui.app
    try:
        join = _facilitator_from_the_title(gui, hosting, "a wrong guess")
        assert join.entries["facilitator"].is_text_hidden and app.top is join
        assert "wrong passphrase" in join.status
        gui.press(join.entries["facilitator"])
        gui.type_text(SECRET)
        gui.press(join.facilitator_button)
        console = app.top
        assert isinstance(console, NetworkFacilitatorScene)
        remote = console.remote
        assert [(i.id, i.name) for i in remote.client.injects] == [(i.id, i.name) for i in host.record.state.injects]
        _wait(gui, remote, lambda: remote.client.seats and remote.client.phase is not None)
        gui.step()
        app.render()
        assert console._phase_shown.startswith("Negotiation ") and "fac_to_B" in str(
            [b.object_ids for b in console.root.elements if hasattr(b, "object_ids")])

        def press(key: str, answers: int) -> None:
            gui.press(console.buttons[key])
            _wait(gui, remote, lambda: len(console.lines) >= answers)

        press("pause", 1)
        _wait(gui, remote, lambda: remote.client.phase.paused)
        assert console.lines[-1] == ("Paused.", False) and remote.phase_text().startswith("Paused: Negotiation 4:00")
        left = remote.client.phase.seconds_left
        press("plus", 2)
        _wait(gui, remote, lambda: remote.client.phase.seconds_left == pytest.approx(left + 60))
        press("resume", 3)

        gui.press(console.buttons["to_1"])                   # to B only
        gui.press(console.message_entry)
        gui.type_text("B, a word in private")
        press("send", 4)
        m = hosting.host.record.messages[-1]
        assert (m.text, m.to, console.lines[-1]) == ("B, a word in private", (1,), ("Message sent.", False))

        inject = host.record.state.injects[-1]
        press(f"inject_{inject.id}", 5)
        assert not console.lines[-1][1]
        assert [dict(iv.args) for iv in hosting.host.record.pending if iv.kind == "inject"] == [{"id": inject.id}]
        press("next", 6)
        _wait(gui, remote, lambda: remote.client.phase.phase == "orders")
        press(f"inject_{inject.id}", 7)                      # the orders are open: the state is frozen
        assert console.lines[-1][1] and console.lines[-1][0].startswith("Refused: inject: only before the orders open")
        app.render()

        gui.press(console.buttons["end"])
        assert isinstance(app.top, ConfirmDialog)
        gui.press(app.top.buttons[0])
        _wait(gui, remote, lambda: remote.client.end is not None)
        assert remote.client.end.reason == "ended by the facilitator"
        gui.until(lambda: console.lines[-1][0].startswith("The game is over"))
        gui.press(next(e for e in console.root.elements if getattr(e, "text", "") == "Back"))
        assert app.top is join and not remote.running
    finally:
        hosting.stop()



def _hosted_console(gui, save=None) -> HostThread:
    """A seminar host of seat A (a 240 s negotiation, on a fake clock) and its facilitator's console,
    joined from the title, holding the seat table and the phase."""
    host = Host(start_game(SMALL, None, 8), [0], 3, phases=NetPhases(240, 0), facilitator_passphrase=SECRET,
                clock=Clock(), save=save)
    hosting = HostThread(host, "127.0.0.1", 0)
    assert hosting.start()
    try:
        _facilitator_from_the_title(gui, hosting, SECRET)
        console = gui.app.top
        assert isinstance(console, NetworkFacilitatorScene)
        remote = console.remote
        _wait(gui, remote, lambda: remote.client.seats and remote.client.phase is not None)
        gui.step()
    except BaseException:
        hosting.stop()
        raise
    return hosting


def test_the_window_console_edits_rolls_back_and_forks(gui, tmp_path):
    """The console's second row: an edit (a refused path, then A's treasury), a rollback (refused at turn
    1; after the facilitator closes turn 1's orders, back to its start) and a fork, both after a confirm;
    the room-wide SANDBOX mark is drawn."""
    save = tmp_path / "w.json"
    hosting = _hosted_console(gui, save)
    app = gui.app
    try:
        console = app.top
        remote = console.remote

        def press(key: str, answers: int, confirm: bool = False) -> None:
            gui.press(console.buttons[key])
            if confirm:
                assert isinstance(app.top, ConfirmDialog)
                gui.press(app.top.buttons[0])
            _wait(gui, remote, lambda: len(console.lines) >= answers)

        def typed(key: str, text: str) -> None:
            console.entries[key].set_text("")
            gui.press(console.entries[key])
            gui.type_text(text)

        press("edit", 1)                                    # nothing typed: said here, nothing sent
        assert console.lines[-1][1] and console.lines[-1][0].startswith("Edit: type a path")
        typed("path", "Z.nowhere")
        typed("value", "5")
        press("edit", 2)
        assert console.lines[-1] == ("Refused: cannot edit 'Z.nowhere'", True)
        typed("path", "A.treasury")
        typed("value", "77")
        press("edit", 3)
        assert not console.lines[-1][1]
        assert hosting.host.record.state.nations[0].treasury == pytest.approx(77)
        typed("turn", "1")
        press("rollback", 4, confirm=True)
        assert console.lines[-1] == ("Refused: rollback: this is turn 1; nothing to roll back", True)
        press("next", 5)                                    # the orders ...
        press("next", 6)                                    # ... closed: A plays its default orders
        _wait(gui, remote, lambda: remote.client.phase.turn == 2)
        assert hosting.host.record.turns_played == 1
        press("rollback", 7, confirm=True)
        _wait(gui, remote, lambda: remote.client.phase.turn == 1)
        assert console.lines[-1] == ("Rolled back to the start of turn 1.", False)
        assert hosting.host.record.turns_played == 0
        press("fork", 8, confirm=True)
        _wait(gui, remote, lambda: remote.client.phase.sandbox)
        assert console.lines[-1][0].startswith("Forked into the sandbox") and hosting.host.save != save
        gui.step()
        app.render()
        region = app.screen.subsurface(pygame.Rect(720, 70, 110, 30))
        assert any(region.get_at((x, y))[:3] == BAD for x in range(110) for y in range(30))
    finally:
        hosting.stop()


def test_a_joined_seats_orders_screen_follows_the_facilitators_rollback(gui):
    """Seat A (joined from the title; B a bot) plays turn 1 and opens turn 2's orders screen; the
    facilitator rolls back to turn 1: A's out-of-date orders screen closes and turn 1's opens again,
    with the host's notice in the log."""
    host, _ = _seminar([0, 1], 0, 0, turns=3)
    app = gui.app
    with _joined_from_the_title(gui, host) as hosting:
        fac = RemoteSeat(f"ws://127.0.0.1:{hosting.port}", host.code, passphrase=SECRET, role="facilitator")
        try:
            assert fac.start()
            remote = app.find(NetworkJoinScene).remote
            _wait(gui, remote, lambda: remote.client.phase is not None and remote.client.phase.phase == "orders")
            _end_turn(gui, app.top)
            gui.until(lambda: isinstance(app.top, NetworkResolutionScene) and app.top.phase == "summary")
            gui.press(app.top.continue_button)
            gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 2)
            fac.command("rollback", turn=1)
            gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 1)
            assert "rolled the game back to the start of turn 1" in _logged(app.top)
            assert hosting.host.record.turns_played == 0
        finally:
            fac.stop()


def test_a_seminar_hosted_from_the_seminar_setup_runs_from_the_facilitator_console_on_the_host(make_app, tmp_path,
                                                                                             monkeypatch):
    """Seminar > Host on network: the setup's checks (delegations, minutes, the passphrase twice) hold as for
    a seminar at one machine; the host screen serves a seminar (timed phases, the delegations' seats human,
    the facilitator's passphrase set) and its Facilitator console joins it over 127.0.0.1 and pauses it."""
    from seminar_driver import PASS, open_setup

    from game.ui.scenes import network_host
    from game.ui.scenes.network_host import NetworkHostScene
    monkeypatch.setattr(network_host, "DEFAULT_BIND", "127.0.0.1")
    monkeypatch.setattr(network_host, "DEFAULT_PORT", 0)              # any free port
    app, gui, setup = open_setup(make_app, tmp_path / "maps")
    gui.press(setup.host_button)                                  # no passphrase yet: refused, nothing hosted
    assert app.top is setup and setup.problem
    for entry in setup.pass_entries:
        gui.click(entry.rect.center)
        gui.type_text(PASS)
    gui.press(setup.host_button)
    host_screen = app.top
    assert isinstance(host_screen, NetworkHostScene) and host_screen.problem is None
    try:
        host = host_screen.hosting.host
        assert host.phases is not None and host.facilitator_passphrase == PASS and host.mode == "seminar"
        assert [r.human for r in host_screen.rows] == [True, True]
        assert host.phases.negotiation.limit == 90                  # the test scenario's seminar section
        app.render()
        gui.press(host_screen.console_button)
        console = app.top
        assert isinstance(console, NetworkFacilitatorScene)
        remote = console.remote
        _wait(gui, remote, lambda: remote.client.seats and remote.client.phase is not None)
        gui.press(console.buttons["pause"])
        _wait(gui, remote, lambda: remote.client.phase.paused and console.lines)   # the phase and the answer
        assert host.phases.paused and console.lines[-1] == ("Paused.", False)
        gui.press(next(e for e in console.root.elements if getattr(e, "text", "") == "Back"))
        assert app.top is host_screen and not remote.running and host_screen.hosting.running
    finally:
        host_screen.hosting.stop()


def test_the_window_consoles_edit_picks_its_path_from_the_list_the_host_accepts(gui):
    """The "..." beside the edit's path lists the values the host lets an edit set (its welcome to the
    facilitator; a delegation's welcome lists none); a click on one fills the path, and the edit with a
    typed value reaches the host's state. Cancel closes the list without a pick."""
    from game.engine.facilitator import editable_paths
    from game.ui.dialogs import PickDialog
    hosting = _hosted_console(gui)
    host, app = hosting.host, gui.app
    try:
        console = app.top
        remote = console.remote
        paths = editable_paths(host.record.state)
        assert remote.client.edit_paths == paths and "B.treasury" in paths
        gui.press(console.buttons["paths"])
        picker = app.top
        assert isinstance(picker, PickDialog)
        app.render()
        assert list(picker.items.values()) == paths
        assert list(picker.items)[paths.index("B.treasury")].startswith("B.treasury  (")
        gui.press(picker.buttons[0])                             # Cancel: nothing picked
        assert app.top is console and console.entries["path"].get_text() == ""
        gui.press(console.buttons["paths"])
        picker = app.top
        item = picker.list.item_list[paths.index("B.treasury")]["button_element"]
        gui.press(item)
        gui.step()
        assert app.top is console and console.entries["path"].get_text() == "B.treasury"
        console.entries["value"].set_text("")
        gui.press(console.entries["value"])
        gui.type_text("91")
        gui.press(console.buttons["edit"])
        _wait(gui, remote, lambda: len(console.lines) >= 1)
        assert not console.lines[-1][1], console.lines
        assert hosting.host.record.state.nations[1].treasury == pytest.approx(91)
        seat = RemoteSeat(f"ws://127.0.0.1:{hosting.port}", host.code, seat="A")
        try:
            assert seat.start(BOUND) and seat.client.edit_paths == []   # a delegation is not offered edits
        finally:
            seat.stop()
    finally:
        hosting.stop()
