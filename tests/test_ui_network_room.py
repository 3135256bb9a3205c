"""The room screen (projector) of a networked game (issue 12; docs/network.md "The window"): joined from
"Join a game" with no seat, it shows the public view on the map, the phase and its countdown, the seat
table, the last turn's public events and the public messages, and SANDBOX after a fork.

A seminar host runs in this process on a fake clock; its facilitator is a second joined client in the
window's own form (RemoteSeat). Every wait is on the room's next message from the host."""
from __future__ import annotations

import pygame
from test_network_seminar import SECRET, Clock
from test_ui_network import SMALL
from test_ui_network_seminar import _wait

from game.engine.record import start_game
from game.engine.views import player_view
from game.session.host import Host
from game.session.hosting import HostThread
from game.session.net_seminar import NetPhases
from game.session.remote import RemoteSeat
from game.ui.events import event_line
from game.ui.palette import BAD
from game.ui.scenes.network_room import NetworkRoomScene


def test_the_room_screen_shows_the_public_view_phase_messages_and_resolution(gui):
    host = Host(start_game(SMALL, None, 8), [0], 3, phases=NetPhases(240, 0), facilitator_passphrase=SECRET,
                clock=Clock())
    hosting = HostThread(host, "127.0.0.1", 0)
    assert hosting.start()
    app = gui.app
    fac = RemoteSeat(f"ws://127.0.0.1:{hosting.port}", host.code, passphrase=SECRET, role="facilitator")
    try:
        assert fac.start()
        gui.press(app.top.buttons["join"])
        join = app.top
        for key, text in (("address", f"127.0.0.1:{hosting.port}"), ("code", host.code.lower())):
            gui.press(join.entries[key])
            gui.type_text(text)
        gui.press(join.room_button)
        room = app.top
        assert isinstance(room, NetworkRoomScene)
        remote = room.remote
        _wait(gui, remote, lambda: remote.client.seats and remote.client.phase is not None and room.shown_view)
        app.render()
        assert room.headline().endswith(f"turn 1 of {remote.client.max_turns}   Negotiation 4:00")
        assert room.shown_view.my_nation is None                      # the public view: no seat's secrets
        map_rect = room.mapview.rect
        colours = {app.screen.get_at((x, y))[:3] for x in range(map_rect.x, map_rect.right, 23)
                   for y in range(map_rect.y, map_rect.bottom, 23)}
        assert len(colours) > 5                                        # the map is drawn, not a blank panel

        fac.command("message", text="Everyone: the conference opens", to=None)
        fac.command("message", text="for A only", to=[0])
        _wait(gui, remote, lambda: any(m["text"] == "Everyone: the conference opens" for m in remote.client.messages))
        assert not any(m["text"] == "for A only" for m in remote.client.messages)
        fac.command("next_phase")                                      # the orders ...
        fac.command("next_phase")                                      # ... closed: turn 1 resolved
        _wait(gui, remote, lambda: room.shown_view is not None and room.shown_view.turn == 2)
        gui.step()
        rec = hosting.host.record
        public = player_view(rec.state, None, list(rec.last_events)).events    # turn 1's, as the public saw them
        want = [event_line(e) for e in public]
        assert want                                                    # (the default orders make events)
        shown = [text for text, _, _ in room.events.entries]
        assert shown[:len(want)] == want
        # then each pair's outcome of turn 1, from the record (public once resolved)
        outcomes = rec.state.history[-1].outcomes
        names = [n.name for n in rec.state.nations]
        pairs = [f"{names[int(k.split('-')[0])]}-{names[int(k.split('-')[1])]}  {o}" for k, o in sorted(outcomes.items())]
        assert outcomes and shown[len(want)] == "Pairs, turn 1 (earlier turns in brackets):"
        assert shown[len(want) + 1:] == pairs
        fac.command("fork")
        _wait(gui, remote, lambda: remote.client.phase.sandbox)
        gui.step()
        app.render()
        assert "Waiting for the facilitator" in room.headline()
        w = room.size[0]
        region = app.screen.subsurface(pygame.Rect(w - 420 - 130, 14, 120, 30))
        assert any(region.get_at((x, y))[:3] == BAD for x in range(120) for y in range(30))
        gui.press(next(e for e in room.root.elements if getattr(e, "text", "") == "Leave"))
        assert app.top is join and not remote.running
    finally:
        fac.stop()
        hosting.stop()


def test_the_rooms_pair_timeline_lists_each_pairs_outcomes_newest_last():
    """Three turns played: each pair's line gives turn 3's outcome, then turns 1 and 2 in brackets, as
    the public history has them."""
    from game.sim.runner import play
    from game.ui.scenes.network_room import pair_timeline
    state = start_game(SMALL, None, 8).state
    events = []
    for res in play(state, 3):
        state, events = res.state, list(res.events)
    view = player_view(state, None, events)
    lines = [text for text, _ in pair_timeline(view)]
    assert lines[0] == "Pairs, turn 3 (earlier turns in brackets):"
    h = state.history
    for key in sorted(h[-1].outcomes):
        a, b = (view.name(int(x)) for x in key.split("-"))
        assert f"{a}-{b}  {h[2].outcomes[key]}  ({h[0].outcomes[key]} {h[1].outcomes[key]})" in lines
