"""A whole short game played only through posted mouse and key events: title -> setup (Four Worlds,
a state) -> stances set on the stance card, a build placed on the map, an attack -> End turn until
the game ends -> debrief with the AI's revealed types and motives -> charts saved as PNG."""
from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from conftest import UiDriver
from game.ui.scenes.debrief import DebriefScene
from game.ui.dialogs import ConfirmDialog, MessageDialog
from game.ui.scenes.verdict import VerdictScene
from game.ui.scenes.game import GameScene
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.setup import SetupScene

MAPS = Path(__file__).resolve().parents[1] / "maps"


@pytest.mark.slow
def test_play_a_whole_game_with_the_mouse(make_app, tmp_path):
    maps = tmp_path / "maps"
    maps.mkdir()
    shutil.copy(MAPS / "four_worlds.yaml", maps)
    app = make_app(maps_dirs=[maps], default_sets=("victory.max_turns=3",))
    gui = UiDriver(app)

    # title -> setup: Four Worlds, variant w1, play Borduria
    gui.press(app.top.buttons["new"])
    setup = app.top
    assert isinstance(setup, SetupScene)
    gui.click(setup.scenario_list.item_list[0]["button_element"].rect.center)
    gui.step()
    setup = app.top
    gui.click(setup.variant_list.item_list[1]["button_element"].rect.center)
    gui.step()
    assert setup.variant == "w1"
    gui.press(setup.nation_buttons[1])
    gui.click(setup.seed_entry.rect.center)
    setup.seed_entry.set_text("")
    gui.type_text("7")
    assert setup.seed == 7
    gui.press(setup.start_button)

    game = app.top
    assert isinstance(game, GameScene) and game.view.me == 1 and game.view.turn == 1
    aland = 0

    # turn 1: defect (confirmed), build machine... anti-tank guns on the map, attack across the border
    gui.press(game.panel.card.defect_button)
    assert isinstance(app.top, ConfirmDialog)
    gui.press(app.top.buttons[0])
    assert game.draft.stance(aland) == "D"
    gui.press(game.panel.tab_buttons["forces"])
    gui.press(game.panel.unit_buttons["at_gun"])
    g, view = game.view.gmap, game.view
    capital = view.my_nation.capital
    gui.click(game.mapview.hex_screen_pos(capital))
    assert [b.hex for b in game.draft.builds] == [capital]
    gui.key(pygame.K_ESCAPE)                                   # stop placing
    src = next(h for h in sorted(view.my_units) if any(view.owner[lk.dst] == aland for lk in g.links[h]))
    dst = next(lk.dst for lk in g.links[src] if view.owner[lk.dst] == aland)
    gui.click(game.mapview.hex_screen_pos(src))
    gui.click(game.mapview.hex_screen_pos(dst))
    assert isinstance(app.top, ConfirmDialog) and "First attack" in app.top.title
    gui.press(app.top.buttons[0])
    assert [(a.target, a.sources) for a in game.draft.attacks] == [(dst, (src,))]
    gui.press(game.panel.end_turn_button)

    turns_seen = []
    while True:
        res = app.top
        assert isinstance(res, ResolutionScene)
        gui.until(lambda: res.phase == "summary")
        if res.before.turn == 1:
            # my attack was fought (with its odds) - or refused with a reason if Aland took my hex first
            mine = [e for e in res.events if e.kind == "attack" and e.data.get("attacker") == 1]
            refused = [e for e in res.events if e.kind == "order_rejected" and e.visible_to == (1,)]
            assert (mine and mine[0].data["target"] == dst and "odds" in mine[0].text) or refused
            assert any(e.kind == "stance" for e in res.events)
        gui.press(res.continue_button)
        if isinstance(app.top, VerdictScene):         # the end: the verdict, then the debrief
            gui.key(pygame.K_RETURN)
        if isinstance(app.top, DebriefScene):
            break
        game = app.top
        assert isinstance(game, GameScene)
        turns_seen.append(game.view.turn)
        # later turns: cooperate again (no confirmation needed) and end the turn with Enter
        if game.view.neighbours:
            gui.press(game.panel.card.coop_button)
            assert game.draft.stance(aland) == "C"
        gui.key(pygame.K_RETURN)
    assert turns_seen == [2, 3]

    # debrief: scores, Aland's hidden type and its motives revealed, charts saved
    deb = app.top
    assert deb.state.finished and len(deb.state.history) == 3
    text = deb.motives_log.text()
    assert "Aland: security seeker" in text and "T1 stance toward Borduria" in text
    for name in ("balance", "world", "arms", "territory", "cooperation"):
        gui.press(deb.chart_buttons[name])
        assert deb.chart_name == name
    gui.press(deb.save_button)
    assert isinstance(app.top, MessageDialog) and app.top.title == "Charts saved"
    assert len(deb.saved_paths) == 5
    data_dir = tmp_path / "data"
    for p in deb.saved_paths:
        assert str(p).startswith(str(data_dir)) and p.exists()
        img = pygame.image.load(str(p))
        assert img.get_size() == (960, 540)
    gui.press(app.top.buttons[0])
    assert app.top is deb
