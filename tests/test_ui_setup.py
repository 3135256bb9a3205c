"""New game setup: scenario list with invalid files listed (not hidden, not fatal), variant, state,
difficulty and seed chosen with clicks and keys, and the error dialog for a bad scenario."""
from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from game.ui.dialogs import ErrorDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.setup import SetupScene

MAPS = Path(__file__).resolve().parents[1] / "maps"


@pytest.fixture
def maps_dir(tmp_path):
    d = tmp_path / "maps"
    d.mkdir()
    shutil.copy(MAPS / "four_worlds.yaml", d)
    (d / "broken.yaml").write_text("name: Broken\nmap:\n  width: 3\n  height: 4\n  terrain: []\n  owners: []\n"
                                   "era: '1850'\nstates: []\n", encoding="utf-8")
    (d / "dupkey.yaml").write_text("name: A\nname: B\n", encoding="utf-8")
    return d


@pytest.fixture
def setup(make_app, maps_dir):
    from conftest import UiDriver
    app = make_app(maps_dirs=[maps_dir], default_sets=("victory.max_turns=3",))
    gui = UiDriver(app)
    gui.press(app.top.buttons["new"])
    assert isinstance(app.top, SetupScene)
    return gui


def item(lst, k):
    return lst.item_list[k]["button_element"]


def test_invalid_files_are_listed_with_their_error(setup):
    sc = setup.app.top
    labels = [e.label for e in sc.entries]
    assert labels[0] == "Four Worlds"
    bad = [lab for lab in labels if lab.startswith("(!)")]
    assert len(bad) == 2
    assert any("broken.yaml line 3" in lab and "greater than or equal to 4" in lab for lab in bad)
    assert any("dupkey.yaml" in lab and "duplicate key" in lab for lab in bad)
    assert [it["text"] for it in sc.scenario_list.item_list] == labels + ["Random map (seeded)"]


def test_choosing_a_bad_scenario_shows_the_error_dialog_not_a_crash(setup):
    sc = setup.app.top
    k = next(i for i, e in enumerate(sc.entries) if e.path.name == "broken.yaml")
    setup.click(item(sc.scenario_list, k).rect.center)
    setup.step()
    sc = setup.app.top
    assert sc.index == k and sc.start_button.text == "Show the problems"
    setup.press(sc.start_button)
    dlg = setup.app.top
    assert isinstance(dlg, ErrorDialog)
    assert dlg.issues and all(i.file.endswith("broken.yaml") for i in dlg.issues)
    first = dlg.issues[0]
    assert first.line == 3 and first.path == "map.width"
    assert "line 3, column 10" in dlg.body_html and "broken.yaml" in dlg.body_html
    setup.press(dlg.buttons[0])
    assert isinstance(setup.app.top, SetupScene)


def test_pick_scenario_variant_state_difficulty_seed_and_start(setup):
    sc = setup.app.top
    setup.click(item(sc.scenario_list, 0).rect.center)
    setup.step()
    sc = setup.app.top
    assert sc.entry.name == "Four Worlds" and sc.variant_list is not None
    setup.click(item(sc.variant_list, 4).rect.center)          # w4
    setup.step()
    assert sc.variant == "w4"
    setup.press(sc.nation_buttons[1])
    assert sc.nation == 1 and sc.nation_buttons[1].is_selected
    setup.press(sc.difficulty_buttons["hard"])
    assert sc.difficulty == "hard"
    setup.click(sc.seed_entry.rect.center)
    sc.seed_entry.set_text("")
    setup.type_text("42")
    assert sc.seed == 42
    assert sc._preview_surface() is not None
    setup.press(sc.start_button)
    game = setup.app.top
    assert isinstance(game, GameScene)
    assert game.view.me == 1 and game.max_turns == 3
    session = game.port._session                      # test-only peek behind the port
    assert session.record.seed == 42 and session.record.variant == "w4"
    assert session.state.nations[0].difficulty == "hard" and session.state.nations[0].controller == "ai"
    assert setup.app.settings.last_nation == 1 and setup.app.settings.difficulty == "hard"


def test_escape_goes_back_to_the_title(setup):
    setup.key(pygame.K_ESCAPE)
    assert type(setup.app.top).__name__ == "TitleScene"


@pytest.mark.slow
def test_random_map_with_chosen_states_and_size(setup):
    sc = setup.app.top
    setup.click(item(sc.scenario_list, len(sc.entries)).rect.center)
    setup.step()
    sc = setup.app.top
    assert sc.is_random and sc.variant_list is None
    setup.press(sc.random_buttons["states:3"])
    setup.press(sc.random_buttons["size:0"])
    sc.seed_entry.set_text("")
    setup.click(sc.seed_entry.rect.center)
    setup.type_text("11")
    assert sc.seed == 11 and len(sc.nation_buttons) == 3
    assert sc._preview_surface() is not None
    names = [name for name, _ in sc.state_names()]
    setup.press(sc.nation_buttons[2])
    setup.press(sc.start_button)
    game = setup.app.top
    assert isinstance(game, GameScene)
    assert [n.name for n in game.view.nations] == names and game.view.me == 2
    assert (game.view.gmap.width, game.view.gmap.height) == (24, 16)


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1600, 900)])
@pytest.mark.slow
def test_setup_columns_share_the_window_so_the_middle_stays_readable(make_app, size):
    """The three setup screens take their column widths from one table each (SetupScene.columns):
    the columns never overlap or leave the window, and the middle one (about, variants, map) keeps
    at least 230 px at the smallest window (it had 150 px on the New game screen)."""
    from game.ui.scenes.hotseat_setup import HotseatSetupScene
    from game.ui.scenes.seminar_setup import SeminarSetupScene
    from game.ui.scenes.setup import by_width
    assert by_width(((1500, 3), (1300, 2), (0, 1)), 1400) == 2 and by_width(((1500, 3), (0, 1)), 200) == 1
    app = make_app(size=size)
    w, _ = app.screen.get_size()
    for cls in (SetupScene, HotseatSetupScene, SeminarSetupScene):
        scene = cls(app)
        app.push(scene)
        app.step()
        left_w, mid_x, mid_w, rx, right_w = scene.columns()
        assert 40 + left_w < mid_x and mid_x + mid_w < rx and rx + right_w <= w - 40, cls.__name__
        assert mid_w >= 230, (cls.__name__, mid_w)
        assert scene.scenario_list.rect.right <= mid_x and scene.start_button.rect.left >= rx
        app.pop()
