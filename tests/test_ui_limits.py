"""Text entries stop at the limits the engine and the save enforce (issue 11 §2): a seed typed with
too many digits cannot start a game whose save would be refused."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine.bounds import MAX_SEED
from game.engine.saves import load_game, save_game
from game.ui.scenes.game import GameScene
from game.ui.scenes.setup import SetupScene

MAPS = Path(__file__).resolve().parents[1] / "maps"


@pytest.fixture
def setup(make_app, tmp_path):
    from conftest import UiDriver
    d = tmp_path / "maps"
    d.mkdir()
    shutil.copy(MAPS / "four_worlds.yaml", d)
    app = make_app(maps_dirs=[d], default_sets=("victory.max_turns=3",))
    gui = UiDriver(app)
    gui.press(app.top.buttons["new"])
    assert isinstance(app.top, SetupScene)
    return gui


def test_a_seed_typed_too_long_stops_at_the_limit_and_the_game_saves(setup, tmp_path: Path) -> None:
    sc = setup.app.top
    setup.click(sc.seed_entry.rect.center)
    sc.seed_entry.set_text("")
    setup.type_text("9" * 40)
    assert sc.seed_entry.get_text() == "9" * len(str(MAX_SEED))
    assert sc.seed == MAX_SEED                     # 19 nines are more than the largest seed: clamped
    setup.press(sc.start_button)
    game = setup.app.top
    assert isinstance(game, GameScene)
    record = game.port._session.record             # test-only peek behind the port
    assert record.seed == MAX_SEED
    assert load_game(save_game(record, tmp_path / "g.json")).record.seed == MAX_SEED


@pytest.mark.slow
def test_the_reasons_box_stops_at_its_limit_and_seals_what_a_save_holds(make_app) -> None:
    from conftest import UiDriver
    from game.engine.bounds import MAX_TEXT
    from game.ui.scenes.reasons import REASONS_LIMIT, ReasonsScene

    sealed: list[str] = []
    app = make_app()
    gui = UiDriver(app)
    scene = ReasonsScene(app, "Delegation A", "Aland", "#aa0000", 1, ["Stances: none."], sealed.append, lambda: None)
    app.push(scene)
    gui.step(2)
    gui.click(scene.box.rect.center)
    gui.type_text("ab" * REASONS_LIMIT)              # twice the limit, as typed (or pasted) characters
    assert len(scene.box.get_text()) == REASONS_LIMIT
    gui.press(scene.seal_button)
    assert sealed == ["ab" * (REASONS_LIMIT // 2)] and REASONS_LIMIT <= MAX_TEXT
