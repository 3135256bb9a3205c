"""Alliances in the GUI (rules.md §8a): the alliance map mode and its legend, the orders panel's
propose / leave, the debrief, the facilitator's map and the seminar debrief. Real scenes, posted events."""
from __future__ import annotations

from pathlib import Path

import pygame

from conftest import UiDriver
from game.ui.flow import Match
from game.ui.palette import ALLIANCE_COLOURS
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.verdict import VerdictScene
from game.session.local import GameSession
from seminar_driver import PASS, one_turn_then_debrief, open_console, read_briefings
from seminar_driver import scenario as seminar_scenario

MAPS = Path(__file__).resolve().parents[1] / "maps"


def _start(gui, path: Path, variant=None, seed: int = 2, sets=()):
    session = GameSession.start(path, variant, seed=seed, humans=(0,), sets=list(sets))
    Match(gui.app, session).begin()
    gui.step()
    return gui.app.top


def _plain_hex(scene, owner: int) -> int:
    """A hex of ``owner`` with no counter, capital or name on it, inside the map view."""
    g, mv = scene.view.gmap, scene.mapview
    for h in range(g.size):
        if (scene.view.owner[h] == owner and h not in scene.layers.counters and h not in g.names
                and h not in scene.layers.capitals and g.passable[h]
                and mv.rect.inflate(-40, -40).collidepoint(mv.hex_screen_pos(h))):
            return h
    raise AssertionError(f"no plain hex of {owner} in view")


def _dist(a, b) -> int:
    return sum(abs(int(x) - int(y)) for x, y in zip(a[:3], b[:3]))


def test_alliance_map_mode_colours_blocs_and_lists_them_in_the_legend(gui):
    """Cold War: key 6 selects the alliance mode; each state's hexes take its bloc's colour (NATO
    blue, Warsaw Pact red); the legend's first swatch is the first alliance's colour."""
    scene = _start(gui, MAPS / "cold_war.yaml")
    mv = scene.mapview
    mv.fit()
    gui.key(pygame.K_6)
    assert mv.mode == "alliance" and scene.mode_buttons["alliance"].is_selected
    gui.step()
    nato, pact = ALLIANCE_COLOURS[0], ALLIANCE_COLOURS[1]
    for i, bloc, other in ((0, nato, pact), (1, nato, pact), (2, pact, nato), (3, pact, nato)):
        px = gui.pixel(mv.hex_screen_pos(_plain_hex(scene, i)))
        assert _dist(px, bloc) < _dist(px, other), (i, px)
    lr = mv.legend_rect
    assert gui.pixel((lr.x + 20, lr.y + 41)) == ALLIANCE_COLOURS[0]
    assert [label for label, _ in scene.layers.alliances] == ["NATO", "Warsaw Pact"]


def test_orders_panel_leave_and_propose(gui):
    """Cold War, Federal Republic: the Treaties tab shows its alliance with a Leave toggle and no
    state to propose to (every other state is in NATO or the Warsaw Pact)."""
    scene = _start(gui, MAPS / "cold_war.yaml")
    gui.press(scene.panel.tab_buttons["treaties"])
    assert set(scene.panel.alliance_buttons) == {"leave"}
    gui.press(scene.panel.alliance_buttons["leave"])
    assert scene.draft.leave_alliance and scene.draft.to_orders(0).leave_alliance
    gui.press(scene.panel.alliance_buttons["leave"])
    assert not scene.draft.leave_alliance


def test_proposing_an_alliance_reaches_the_resolution_and_the_debrief(gui):
    """Four Worlds W4 (two states, one turn): propose an alliance to Borduria, End turn; the
    resolution announces the proposal to everyone, and (after the verdict) the debrief has an Alliances section."""
    scene = _start(gui, MAPS / "four_worlds.yaml", "w4", seed=4, sets=["victory.max_turns=1"])
    gui.press(scene.panel.tab_buttons["treaties"])
    gui.press(scene.panel.alliance_buttons[1])
    assert [(p.kind, p.to) for p in scene.draft.proposals] == [("alliance", 1)]
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert any(e.kind == "alliance_proposed" and e.visible_to is None for e in res.events)
    while isinstance(gui.app.top, (ResolutionScene, VerdictScene)):    # the verdict comes before the debrief
        gui.key(pygame.K_RETURN)
    gui.until(lambda: isinstance(gui.app.top, DebriefScene))
    text = gui.app.top.motives_log.text()
    assert "Alliances" in text and "In force at the end: no alliance." in text


def _seminar_with_blocs(make_app, tmp_path):
    from game.session.seminar import SeminarRun, new_seminar_path, start_seminar_session
    from game.ui.seminar_flow import SeminarMatch
    path = seminar_scenario(tmp_path / "maps")
    text = path.read_text().replace("\nseminar:", "\nalliances:\n  - {name: Concord, members: [A, B]}\nseminar:", 1)
    path.write_text(text)
    app = make_app()
    gui = UiDriver(app)
    session = start_seminar_session(path, "w2", 3, {0: "Team Red", 1: "Team Blue"})
    run = SeminarRun(session, save_path=new_seminar_path(session.record))
    run.set_passphrase(PASS, PASS)
    match = SeminarMatch(app, run)
    match.begin()
    gui.step()
    return gui, match


def test_facilitator_sees_alliances_and_the_seminar_debrief_reports_them(make_app, tmp_path):
    """A seminar whose scenario opens with an alliance (Concord: Aland and Borduria): the console's
    'Alliances map' button colours the map by bloc; after one turn the debrief's theory tab and the
    after-action report list the alliances in force."""
    from game.sim.report import build_report
    from game.ui.scenes.facilitator import FacilitatorConsole
    gui, match = _seminar_with_blocs(make_app, tmp_path)
    read_briefings(gui)
    open_console(gui)
    console = gui.app.top
    assert isinstance(console, FacilitatorConsole)
    gui.press(console.buttons["alliance_map"])
    assert console.mapview.mode == "alliance" and console.buttons["alliance_map"].is_selected
    assert [label for label, _ in console.mapview.layers.alliances] == ["Concord"]
    gui.press(console.buttons["close"])
    deb = one_turn_then_debrief(gui, match)
    deb.show_text("theory")
    assert "In force at the end: Concord (Aland, Borduria)." in deb.text_log.text()
    report = build_report(match.run.record, [])
    assert "## Alliances" in report and "Concord (Aland, Borduria)" in report
