"""Charts from a game's history, drawn headless (no window) and saved as PNG."""
from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.engine.scenario import new_game
from game.sim.runner import play
from game.ui import charts
from game.ui.palette import hex_rgb

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


@pytest.fixture(scope="module")
def history():
    state = new_game(FOUR_WORLDS, "w1", seed=2)
    for res in play(state, 5):
        state = res.state
    return state.history, [(n.name, n.colour) for n in state.nations]


def test_every_chart_draws_without_a_window_and_saves(history, tmp_path):
    pygame.font.init()
    hist, nations = history
    assert not pygame.display.get_init()
    paths = charts.save_all(hist, nations, tmp_path / "out", size=(640, 360), prefix="g1-")
    assert [p.name for p in paths] == [f"g1-{n}.png" for n in charts.CHARTS]
    for p in paths:
        img = pygame.image.load(str(p))
        assert img.get_size() == (640, 360)
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_territory_and_arms_series_use_the_nation_colours(history):
    pygame.font.init()
    hist, nations = history
    surf = charts.territory_chart(hist, nations, (700, 400))
    colours = {tuple(surf.get_at((x, y)))[:3] for x in range(0, 700, 2) for y in range(40, 360, 2)}
    for _, c in nations:
        assert hex_rgb(c) in colours


def test_line_chart_handles_gaps_and_a_single_turn():
    pygame.font.init()
    s = charts.Series("a", (200, 10, 10), (None, 1.0, None, 2.0))
    surf = charts.line_chart("t", [1, 2, 3, 4], [s], (400, 240))
    assert surf.get_size() == (400, 240)
    one = charts.line_chart("t", [1], [charts.Series("a", (1, 2, 3), (5.0,))], (400, 240), log2=True, reference=1.0)
    assert one.get_size() == (400, 240)
