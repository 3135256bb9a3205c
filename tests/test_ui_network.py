"""The window's "Host on this network" (docs/network.md): from the hotseat setup, the chosen scenario
is served from a background thread while the screen shows the address, the room code and the seat
table; two bot clients join over loopback and play the game out, and the table follows them."""
from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path

import websockets

from game.ai.controller import ai_orders
from game.engine.record import start_game
from game.session.client import Client, run_bot
from game.session import host as host_module
from game.session.host import Host, check_orders_plain, side_path
from game.session.hosting import HostThread
from game.sim.runner import play
from game.ui.dialogs import ConfirmDialog, MessageDialog
from game.ui.events import event_line
from game.ui.scenes import network_host
from game.ui.scenes.game import GameScene
from game.ui.scenes.hotseat_setup import HotseatSetupScene
from game.ui.scenes.network_host import NetworkHostScene
from game.ui.scenes.network_join import NetworkJoinScene
from game.ui.scenes.network_resolution import NetworkResolutionScene

SMALL = Path(__file__).resolve().parents[1] / "maps" / "island_continent.yaml"
BOUND = 120


def test_host_on_this_network_shows_the_code_and_the_seat_table_while_clients_join_and_play(gui, monkeypatch):
    monkeypatch.setattr(network_host, "DEFAULT_BIND", "127.0.0.1")
    monkeypatch.setattr(network_host, "DEFAULT_PORT", 0)              # any free port
    app = gui.app
    app.reset(HotseatSetupScene(app))
    sc = app.top
    sc.select_scenario(next(i for i, e in enumerate(sc.entries) if e.path.name == SMALL.name))
    sc = app.top
    sc.seed = 8
    sc.rebuild()
    gui.press(sc.host_button)
    host_screen = app.top
    assert isinstance(host_screen, NetworkHostScene) and host_screen.problem is None
    hosting = host_screen.hosting
    assert hosting.running and hosting.port > 0 and len(host_screen.code) == 6
    assert [r.human for r in host_screen.rows] == [True, True, False]
    assert not any(r.joined for r in host_screen.rows)

    joined, go = threading.Event(), threading.Event()

    async def players():
        url = f"ws://127.0.0.1:{hosting.port}"
        a, b = Client(url, host_screen.code, seat="A"), Client(url, host_screen.code, seat="B")
        await a.connect()
        await b.connect()
        joined.set()
        await asyncio.get_running_loop().run_in_executor(None, go.wait, BOUND)
        # turn 1 played by both through the network; turn 2: A seals, B has not yet
        await asyncio.wait_for(asyncio.gather(a.play(stop_after=2), b.play(stop_after=2)), BOUND)
        await a.seal(ai_orders(a.view))
        while not (b.seats and b.seats[0].sealed):
            await asyncio.wait_for(b.next_message(), BOUND)
        for c in (a, b):
            await c.close()

    thread = threading.Thread(target=lambda: asyncio.run(players()), daemon=True)
    thread.start()
    assert joined.wait(BOUND)
    gui.until(lambda: [r.joined and r.connected for r in host_screen.rows[:2]] == [True, True])
    go.set()
    thread.join(BOUND)
    assert not thread.is_alive()
    gui.until(lambda: host_screen.turn == 2 and [r.sealed for r in host_screen.rows] == [True, False, False]
              and not any(r.connected for r in host_screen.rows))
    app.render()
    assert hosting.running                                            # waiting for B's seal
    gui.press(next(e for e in host_screen.root.elements if getattr(e, "text", "") == "Back"))
    assert isinstance(app.top, HotseatSetupScene) and not hosting.running
    record = hosting.host.record
    state = start_game(SMALL, None, 8).state
    for res in play(state, 1):
        state = res.state
    assert record.turns_played == 1 and record.state.state_hash() == state.state_hash()   # run's game
    assert side_path(hosting.host.save).exists() and hosting.host.seats[0].token in side_path(hosting.host.save).read_text()


BRIEFED: list[str] = []      # the briefing dialogs' bodies closed by the helper below, newest last


def _orders_screen_after_the_briefing(gui) -> GameScene:
    """A fresh join: the seat's first orders screen opens under its private briefing; close the briefing."""
    app = gui.app
    gui.until(lambda: isinstance(app.top, GameScene) or (isinstance(app.top, MessageDialog)
                                                         and app.top.title.startswith("Your briefing")))
    if isinstance(app.top, MessageDialog):
        assert isinstance(app.scenes[-2], GameScene)
        BRIEFED.append(app.top.title + "\n" + app.top.body_html)
        gui.press(app.top.buttons[0])
    assert isinstance(app.top, GameScene)
    return app.top


def _join_again(gui, address: str, code: str, seat: str) -> NetworkJoinScene:
    """A window opened afresh (every scene gone): Join a game from the title, typing address, code and seat."""
    app = gui.app
    app.reset(app.build_screen("title"))
    gui.press(app.top.buttons["join"])
    join = app.top
    for key, text in (("address", address), ("code", code), ("seat", seat)):
        gui.press(join.entries[key])
        gui.type_text(text)
    gui.press(join.join_button)
    return join


@contextlib.contextmanager
def _joined_from_the_title(gui, host: Host):
    """Serve ``host`` on 127.0.0.1 from this process with a bot client on seat B, join seat A from the
    title with typed address, code and seat, and yield the HostThread once A's orders screen is open."""
    hosting = HostThread(host, "127.0.0.1", 0)
    assert hosting.start()

    async def b_bot():
        try:
            await run_bot(f"ws://127.0.0.1:{hosting.port}", hosting.host.code, seat="B")
        except websockets.ConnectionClosed:                    # the host stops at the end of the test
            pass

    bot = threading.Thread(target=lambda: asyncio.run(b_bot()), daemon=True)
    bot.start()
    app = gui.app
    try:
        gui.press(app.top.buttons["join"])
        join = app.top
        assert isinstance(join, NetworkJoinScene)
        for key, text in (("address", f"127.0.0.1:{hosting.port}"), ("code", hosting.host.code.lower()),
                          ("seat", "A")):
            gui.press(join.entries[key])
            gui.type_text(text)
        gui.press(join.join_button)
        _orders_screen_after_the_briefing(gui)
        yield hosting
    finally:
        hosting.stop()
        bot.join(BOUND)


def _end_turn(gui, scene: GameScene) -> None:
    gui.press(scene.panel.end_turn_button)
    while isinstance(gui.app.top, ConfirmDialog):              # e.g. unspent budget: end the turn anyway
        gui.press(gui.app.top.buttons[0])


def _defect(gui, scene: GameScene) -> int:
    """In the orders screen: defect against the first neighbour (confirming it); returns that neighbour."""
    j = scene.view.neighbours[0]
    scene.neighbour = j
    scene.panel.refresh()
    gui.step()
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])                          # confirm the defection
    assert scene.draft.stance(j) == "D"
    return j


def _through_the_resolution(gui) -> None:
    """After End turn: the resolution screen, once the host's next view is in; Continue."""
    assert isinstance(gui.app.top, NetworkResolutionScene)
    gui.until(lambda: gui.app.top.phase == "summary")
    gui.press(gui.app.top.continue_button)


def test_join_a_game_from_the_title_plays_a_seat_in_the_orders_screen_and_sees_the_resolution(gui):
    """A host on 127.0.0.1 in this process (A human here, B a bot client, C the host's AI); the
    window joins seat A from the title with typed address, code and seat, plays turn 1 in the orders
    screen (defecting against B), and finds turn 2's view and the resolution's events in its log."""
    from game.engine.results import pair_results
    record = start_game(SMALL, None, 8)
    app = gui.app
    with _joined_from_the_title(gui, Host(record, [0, 1], 2)) as hosting:
        scene = app.top
        assert scene.view.me == 0 and scene.view.turn == 1 and scene.max_turns == record.state.victory.max_turns
        card = scene.view.games                                   # A's stance cards, as its orders screen shows them
        j = _defect(gui, scene)
        _end_turn(gui, scene)
        assert isinstance(app.top, NetworkResolutionScene)
        gui.until(lambda: app.top.phase == "summary")           # the host's turn 2 view is in: the turn revealed
        resolution = app.top
        app.render()
        sealed = hosting.host.record.orders[0][0]
        assert sealed.stances[j] == "D"                        # what was played in the window reached the host
        # A's own pairs, as the host computed them against A's cards: the same as one machine computes them
        after = hosting.host.record
        expected = pair_results(record.state, after.state, after.last_events, 0, card)
        assert resolution.pairs == expected and any(p.other == j and p.outcome[0] == "D" for p in expected)
        assert all(p.me == 0 for p in resolution.pairs)
        shown = [e.text for e in resolution.events]
        assert shown and [text for text, _, _ in resolution.turn_log.entries] == shown
        assert resolution.after.turn == 2 and resolution.summary and resolution.log is scene.log
        gui.press(resolution.continue_button)
        gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 2)
        again = app.top
        assert again.view.events and again.log is scene.log
        logged = [text for text, _, _ in again.log.entries]
        assert any(text.startswith("Turn 1: orders sealed") for text in logged)
        lines = [event_line(e) for e in resolution.events]
        assert all(logged.count(line) == lines.count(line) for line in lines)   # in the log once, from the resolution


def test_orders_the_host_refuses_reopen_the_orders_screen_with_the_reason(gui, monkeypatch):
    """The host refuses the window's first seal (as it would orders it cannot accept): the window does
    not wait for ever; it opens the orders screen of the same turn again, on the same orders, and says
    why; ending the turn again seals them and turn 2 comes."""
    refusals, handling = [], []

    def refuse_once(plain, nation):
        # seat A's first seal (B is a bot: its orders go through; A's drafts go through the same check)
        if nation == 0 and handling == ["Seal"] and not refusals:
            refusals.append(nation)
            raise ValueError("bad orders: refused by this test")
        return check_orders_plain(plain, nation)
    monkeypatch.setattr(host_module, "check_orders_plain", refuse_once)
    on_message = Host._on_message

    async def noting_the_kind(self, c, msg):
        handling[:] = [type(msg).__name__]
        return await on_message(self, c, msg)
    monkeypatch.setattr(Host, "_on_message", noting_the_kind)
    record = start_game(SMALL, None, 8)
    app = gui.app
    with _joined_from_the_title(gui, Host(record, [0, 1], 2)) as hosting:
        first = app.top
        j = _defect(gui, first)
        _end_turn(gui, first)
        gui.until(lambda: isinstance(app.top, GameScene) and app.top is not first)
        second = app.top
        assert refusals == [0] and second.view.turn == 1 and hosting.host.seats[0].sealed is None
        assert second.draft.stance(j) == "D"                   # the refused orders, to give again
        logged = " ".join(str(entry) for entry in second.log.entries)
        assert "the host refused these orders (bad orders: refused by this test)" in logged
        _end_turn(gui, second)
        _through_the_resolution(gui)
        gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 2)
        assert hosting.host.record.orders[0][0].stances[j] == "D"


def test_a_joined_seat_whose_connection_drops_reconnects_with_its_token_and_seals_its_orders(gui):
    """The window's connection is cut while its orders screen is open (no closing handshake, as a laptop
    lid shutting): End turn seals nothing and says so, Reconnect joins the seat again with its token, the
    orders screen of the same turn comes back on the orders given, and ending the turn seals them."""
    record = start_game(SMALL, None, 8)
    app = gui.app
    with _joined_from_the_title(gui, Host(record, [0, 1], 2)) as hosting:
        first = app.top
        join = app.find(NetworkJoinScene)
        remote = join.remote
        token = remote.client.token
        j = _defect(gui, first)
        remote._loop.call_soon_threadsafe(remote.client.ws.transport.abort)
        remote._thread.join(BOUND)
        assert remote.closed and remote.can_reconnect
        _end_turn(gui, first)
        assert app.top is join and hosting.host.seats[0].sealed is None
        assert "did not reach the host" in " ".join(str(e) for e in join.seat_ui.log.entries)
        gui.until(lambda: not hosting.seat_table()[0].connected)      # the host has seen the drop (asked on its loop)
        gui.until(lambda: join.reconnect_button is not None)
        gui.press(join.reconnect_button)
        assert join.remote is not remote and join.remote.client.token == token
        gui.until(lambda: isinstance(app.top, GameScene))
        again = app.top
        assert again.view.turn == 1 and again.draft.stance(j) == "D"    # the orders given before the drop
        _end_turn(gui, again)
        _through_the_resolution(gui)
        gui.until(lambda: isinstance(app.top, GameScene) and app.top.view.turn == 2)
        assert hosting.host.record.orders[0][0].stances[j] == "D"


def test_load_game_hosts_a_hosted_game_again_with_its_room_code_and_seats(gui, monkeypatch):
    """A game hosted on the network, stopped after turn 1 (its autosave and seat file in the autosave
    folder): Load game lists it with Host again, which serves it again at turn 2 with the same room code
    and seat tokens (as ``host --resume``), and seat A's client reconnects with its token and plays on.
    A hotseat autosave has no seat file: Host again is off for it."""
    from game.ui import persistence
    from game.ui.scenes.load_game import LoadGameScene
    monkeypatch.setattr(network_host, "DEFAULT_BIND", "127.0.0.1")
    monkeypatch.setattr(network_host, "DEFAULT_PORT", 0)
    app = gui.app
    save = persistence.autosave_folder(app) / "host-island-8.json"
    hosting = HostThread(Host(start_game(SMALL, None, 8), [0, 1], 5, save=save), "127.0.0.1", 0)
    assert hosting.start()
    tokens: dict[str, str] = {}

    async def one_turn():
        url = f"ws://127.0.0.1:{hosting.port}"
        a, b = Client(url, hosting.host.code, seat="A"), Client(url, hosting.host.code, seat="B")
        await a.connect()
        await b.connect()
        await asyncio.wait_for(asyncio.gather(a.play(stop_after=2), b.play(stop_after=2)), BOUND)   # turn 1 played
        tokens.update(A=a.token, B=b.token)
        for c in (a, b):
            await c.close()

    asyncio.run(one_turn())
    code = hosting.host.code
    hosting.stop()
    assert save.exists() and side_path(save).exists()

    from game.engine.saves import save_game
    plain = save_game(start_game(SMALL, None, 8), persistence.autosave_folder(app) / "plain.json")
    app.push(app.build_screen("load_game"))
    load = app.top
    assert isinstance(load, LoadGameScene)
    load.select(next(k for k, (info, _) in enumerate(load.entries) if info.path == Path(plain)))
    assert not load.host_again_button.is_enabled                 # no seat file: not a hosted game
    load.select(next(k for k, (info, _) in enumerate(load.entries) if info.path == save))
    assert load.host_again_button.is_enabled
    gui.press(load.host_again_button)
    again = app.top
    assert isinstance(again, NetworkHostScene) and again.problem is None
    try:
        host = again.hosting.host
        assert host.record.turns_played == 1 and again.code == code and host.mode == "network"
        assert {s.nation: s.token for s in host.seats.values() if s.human} == {0: tokens["A"], 1: tokens["B"]}

        async def a_again():
            a = Client(f"ws://127.0.0.1:{again.hosting.port}", code, seat="A", token=tokens["A"])
            await a.connect()
            while a.view is None:
                await asyncio.wait_for(a.next_message(), BOUND)
            assert a.view.turn == 2
            await a.seal(ai_orders(a.view))
            await a.close()

        asyncio.run(a_again())
        gui.until(lambda: [r.sealed for r in again.rows[:2]] == [True, False])
    finally:
        again.hosting.stop()


def test_host_again_of_a_hosted_seminar_asks_for_the_facilitators_passphrase(gui, monkeypatch):
    """A hosted seminar's autosave (mode "seminar"; the seat file keeps no passphrase): Host again asks for
    the facilitator's passphrase twice, then serves the seminar again with the scenario's phases and it."""
    from game.session.net_seminar import NetPhases
    from game.ui import persistence
    from game.ui.scenes.passphrase import NewPassphraseDialog
    monkeypatch.setattr(network_host, "DEFAULT_BIND", "127.0.0.1")
    monkeypatch.setattr(network_host, "DEFAULT_PORT", 0)
    app = gui.app
    save = persistence.autosave_folder(app) / "seminar-island-8.json"
    host = Host(start_game(SMALL, None, 8), [0, 1], 5, save=save, phases=NetPhases(60, 0), facilitator_passphrase="old one")
    host.mode = "seminar"
    hosting = HostThread(host, "127.0.0.1", 0)
    assert hosting.start()
    hosting.stop()
    assert save.exists() and side_path(save).exists()
    app.push(app.build_screen("load_game"))
    load = app.top
    load.select(next(k for k, (info, _) in enumerate(load.entries) if info.path == save))
    gui.press(load.host_again_button)
    dialog = app.top
    assert isinstance(dialog, NewPassphraseDialog)
    for entry in dialog.entries:
        gui.click(entry.rect.center)
        gui.type_text("a new passphrase")
    gui.press(dialog.ok_button)
    again = app.top
    assert isinstance(again, NetworkHostScene) and again.problem is None
    try:
        resumed = again.hosting.host
        assert resumed.mode == "seminar" and resumed.phases is not None
        assert resumed.facilitator_passphrase == "a new passphrase" and again.console_button is not None
    finally:
        again.hosting.stop()


def test_a_seat_joined_from_the_window_takes_its_seat_back_after_the_window_was_closed(gui, ui_dirs):
    """Seat A joined from the title keeps its token on this computer (0600); the window is closed (the
    connection with it, and every scene); joining A again from a fresh title screen takes the seat back
    with that token, where a join without it is refused ("that seat is taken"). A token the host does
    not know (a new game in the same room) is forgotten and the seat asked for afresh."""
    import os

    from game.session.seat_tokens import keep_token, read_token, tokens_path
    record = start_game(SMALL, None, 8)
    app = gui.app
    with _joined_from_the_title(gui, Host(record, [0, 1], 3)) as hosting:
        join = app.find(NetworkJoinScene)
        address, code = f"127.0.0.1:{hosting.port}", hosting.host.code
        token = join.remote.client.token
        path = tokens_path()
        assert token and read_token(path, address, code, "A") == token and str(path).startswith(str(ui_dirs))
        if os.name == "posix":
            assert path.stat().st_mode & 0o777 == 0o600
        join.remote.stop()                                     # the window closes: connection and scenes gone
        gui.until(lambda: not hosting.seat_table()[0].connected)
        again = _join_again(gui, address, code, "A")
        _orders_screen_after_the_briefing(gui)
        assert again.remote.client.token == token and hosting.host.seats[0].token == token
        assert app.top.view.me == 0

        again.remote.stop()                                    # a stale token (another game in this room)
        gui.until(lambda: not hosting.seat_table()[0].connected)
        hosting.host.seats[0].token = None
        keep_token(path, address, code, "A", "0" * 32)
        third = _join_again(gui, address, code, "A")
        _orders_screen_after_the_briefing(gui)
        fresh = third.remote.client.token
        assert fresh not in (None, "0" * 32) and read_token(path, address, code, "A") == fresh


def test_join_a_game_offers_the_hosts_seats_behind_its_passphrase(gui):
    """A host with a players' passphrase, seat B taken by a bot: Show the seats without the passphrase is
    refused; with it, the window lists the host's human seats (A open, B taken, the AI seat not offered)
    and picking A joins it in the orders screen."""
    record = start_game(SMALL, None, 8)
    hosting = HostThread(Host(record, [0, 1], 3, passphrase="our class"), "127.0.0.1", 0)
    assert hosting.start()
    joined_b = threading.Event()

    async def b_bot():
        client = Client(f"ws://127.0.0.1:{hosting.port}", hosting.host.code, seat="B", passphrase="our class")
        await client.connect()
        joined_b.set()
        with contextlib.suppress(websockets.ConnectionClosed, Exception):
            while True:
                await client.next_message()

    bot = threading.Thread(target=lambda: asyncio.run(b_bot()), daemon=True)
    bot.start()
    app = gui.app
    try:
        assert joined_b.wait(BOUND)
        gui.press(app.top.buttons["join"])
        join = app.top
        for key, text in (("address", f"127.0.0.1:{hosting.port}"), ("code", hosting.host.code)):
            gui.press(join.entries[key])
            gui.type_text(text)
        gui.press(join.seats_button)
        assert "wrong passphrase" in join.status and join.offered == []
        gui.press(join.entries["passphrase"])
        gui.type_text("our class")
        assert join.entries["passphrase"].is_text_hidden
        gui.press(join.seats_button)
        names = {n.key: n.name for n in record.state.nations}
        assert join.offered == [("A", names["A"], True), ("B", names["B"], False)]
        assert join.seat_buttons["A"].is_enabled and not join.seat_buttons["B"].is_enabled
        gui.press(join.seat_buttons["A"])
        _orders_screen_after_the_briefing(gui)
        assert app.top.view.me == 0 and hosting.host.seats[0].conn is not None
    finally:
        hosting.stop()
        bot.join(BOUND)


def test_a_joined_seat_reads_its_own_briefing_once_and_never_another_seats(gui):
    """Seat A (Albion) joined from the title: its first orders screen opens under "Your briefing: Albion"
    with Albion's role and briefing from the scenario, none of Francia's; a reconnect does not show it again."""
    record = start_game(SMALL, None, 8)
    mine, theirs = "The channel has kept invaders out", "Your eastern border with Alemannia"
    BRIEFED.clear()
    with _joined_from_the_title(gui, Host(record, [0, 1], 2)):
        assert len(BRIEFED) == 1 and BRIEFED[0].startswith("Your briefing: Albion")
        assert mine in BRIEFED[0] and theirs not in BRIEFED[0]
        join = gui.app.find(NetworkJoinScene)
        join.remote._loop.call_soon_threadsafe(join.remote.client.ws.transport.abort)
        join.remote._thread.join(BOUND)
        gui.app.pop()                                           # back to the join screen, as End turn would
        gui.until(lambda: join.reconnect_button is not None)
        gui.press(join.reconnect_button)
        gui.until(lambda: isinstance(gui.app.top, GameScene))
        assert len(BRIEFED) == 1 and not isinstance(gui.app.top, MessageDialog)


def test_a_window_closed_mid_turn_finds_its_unsent_draft_on_the_host(gui):
    """Seat A defects against a neighbour in its orders screen and closes the window before End turn; the
    host kept the draft (sent as it changed), so A joined again from a fresh title screen (its token on
    disk) finds the orders screen of the same turn on that draft, not on a blank one."""
    record = start_game(SMALL, None, 8)
    app = gui.app
    with _joined_from_the_title(gui, Host(record, [0, 1], 2)) as hosting:
        first = app.top
        join = app.find(NetworkJoinScene)
        address, code = f"127.0.0.1:{hosting.port}", hosting.host.code
        j = _defect(gui, first)
        join.remote.stop()              # the window closes: the draft was sent before the connection's close
        gui.until(lambda: not hosting.seat_table()[0].connected)
        assert hosting.host.seats[0].draft["stances"][str(j)] == "D" and hosting.host.seats[0].sealed is None
        again = _join_again(gui, address, code, "A")
        scene = _orders_screen_after_the_briefing(gui)
        assert again.remote.last_orders is None                  # nothing of the old window's memory
        assert scene.view.turn == 1 and scene.draft.stance(j) == "D"
        _end_turn(gui, scene)
        _through_the_resolution(gui)
        assert hosting.host.record.orders[0][0].stances[j] == "D"
