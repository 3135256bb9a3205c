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
    surf = charts.chart("territory", hist, nations, (700, 400))
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


def test_label_rows_stack_overlapping_labels_and_reuse_free_rows():
    # two injects on the same turn, one on the next turn, one far away
    assert charts.label_rows([(100, 60), (100, 60), (110, 40), (300, 50)]) == [0, 1, 2, 0]
    # order does not matter: a label further left is placed first
    assert charts.label_rows([(300, 50), (100, 60)]) == [0, 0]
    assert charts.label_rows([]) == []


def test_inject_labels_on_the_same_turn_do_not_overdraw_each_other(history):
    """Seminar debriefs mark injects on the time axis; two injects fired in one turn used to print
    their labels on top of each other."""
    pygame.font.init()
    hist, nations = history
    turn = hist[2].turn

    def marker_rows(markers) -> set[int]:
        surf = charts.chart("cooperation", hist, nations, (700, 400), markers=markers)
        # the label's solid strokes: within a few levels of MARKER (how exact antialiased glyphs come
        # out differs between pygame-ce / SDL_ttf releases)
        band = [(x, y) for y in range(40, 110) for x in range(surf.get_width())
                if max(abs(a - b) for a, b in zip(surf.get_at((x, y))[:3], charts.MARKER)) <= 4]
        line_x = min(x for x, _ in band)            # the dotted line; its labels start 3 px right of it
        return {y for x, y in band if x > line_x + 2}

    one = marker_rows([(turn, "Berlin crisis")])
    two = marker_rows([(turn, "Berlin crisis"), (turn, "War scare")])
    assert one and max(two) > max(one) + 5       # the second label sits on a row of its own below the first
