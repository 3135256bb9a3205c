"""The window's "Host on this network" (docs/network.md): from the hotseat setup, the chosen scenario
is served from a background thread while the screen shows the address, the room code and the seat
table; two bot clients join over loopback and play the game out, and the table follows them."""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from game.engine.record import start_game
from game.ai.controller import ai_orders
from game.session.client import Client
from game.session.host import side_path
from game.sim.runner import play
from game.ui.scenes import network_host
from game.ui.scenes.hotseat_setup import HotseatSetupScene
from game.ui.scenes.network_host import NetworkHostScene

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
