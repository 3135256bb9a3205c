"""The map's own look (issue 13 §4): NATO-style unit counters, terrain recognisable without the legend
(plains and farmland included), a collapsible legend and a minimap on large maps."""
from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pygame
import pytest

from game.engine.rules import load_rules
from game.ui.flow import Match
from game.ui.mapdata import Counter
from game.ui.palette import hex_rgb
from game.session.local import GameSession
from game.ui.symbols import counter_image, stack_class, terrain_symbol, unit_class

MAPS = Path(__file__).resolve().parents[1] / "maps"


def _mask(img: pygame.Surface) -> set[tuple[int, int]]:
    w, h = img.get_size()
    return {(x, y) for x in range(w) for y in range(h) if img.get_at((x, y)).a > 0}


def test_every_land_terrain_has_its_own_symbol_and_plains_differ_from_farmland():
    rules = load_rules()
    kinds = [k for k, t in rules.terrain.items() if k != "sea"]
    masks = {}
    for k in kinds:
        img = terrain_symbol(k, 30, hex_rgb(rules.terrain[k].colour))
        assert img is not None, f"{k} has no symbol"
        masks[k] = _mask(img)
        assert len(masks[k]) > 20, f"{k}: symbol nearly empty"
    for a, b in combinations(kinds, 2):
        differ = len(masks[a] ^ masks[b]) / max(1, len(masks[a] | masks[b]))
        assert differ > 0.5, f"{a} and {b} symbols look alike ({differ:.2f})"
    assert terrain_symbol("plains", 8, (200, 200, 200)) is None          # too small to draw: plain fill


def test_counters_show_the_unit_class_and_estimates_a_dashed_unknown(gui):
    era = load_rules().eras["1940"]
    assert stack_class({"armour": 1, "infantry": 2}, dict(era.units)) == "armour"
    assert stack_class({"at_gun": 3}, dict(era.units)) == "anti_tank"
    assert unit_class("mirv_icbm") == "nuclear" and unit_class("fort") == "fortress"
    colour = (200, 60, 60)
    imgs = {k: counter_image(Counter(3, 0, 0.5, True, k), colour, 36, gui.app.fonts)
            for k in ("infantry", "armour", "anti_tank", "artillery", "nuclear")}
    est = counter_image(Counter(3, 0, 0.5, False, "estimate"), colour, 36, gui.app.fonts)
    ink = {k: {p for p in _mask(img) if img.get_at(p)[:3] == (24, 24, 28)} for k, img in imgs.items()}
    for a, b in combinations(ink, 2):
        assert ink[a] != ink[b], f"{a} and {b} counters look the same"
    assert any(est.get_at(p)[:3] == (24, 24, 28) for p in _mask(est))
    # the bar: red share on the left, blue on the right
    off = counter_image(Counter(2, 0, 1.0, True, "armour"), colour, 36, gui.app.fonts)
    w, h = off.get_size()
    assert off.get_at((4, h - 3))[:3] == (214, 58, 46)


def test_own_counters_in_play_carry_their_stacks_class(gui):
    session = GameSession.start(MAPS / "four_worlds.yaml", "w1", seed=5, humans=(0,))
    Match(gui.app, session).begin()
    gui.step()
    scene = gui.app.top
    era = scene.view.era
    for h, stack in scene.view.my_units.items():
        assert scene.layers.counters[h].kind == stack_class(dict(stack), dict(era.units))
    assert all(c.kind == "estimate" for h, c in scene.layers.counters.items() if not c.own)


@pytest.fixture
def big(gui):
    session = GameSession.start(MAPS / "concert_of_powers.yaml", None, seed=5, humans=(0,))
    Match(gui.app, session).begin()
    gui.step(2)
    return gui.app.top


def test_on_a_large_map_the_legend_starts_folded_and_a_click_unfolds_it(gui, big):
    mv = big.mapview
    assert mv.large and not mv.show_legend
    tab = mv.legend_tab_rect
    gui.click(tab.center)
    assert mv.show_legend
    lr = mv.legend_rect
    gui.step()
    assert gui.pixel((lr.x + 20, lr.y + 41)) == hex_rgb(big.view.nations[0].colour)
    gui.click(mv.legend_head_rect.center)
    assert not mv.show_legend
    gui.key(pygame.K_l)
    assert mv.show_legend


def test_the_minimap_shows_the_whole_map_and_a_click_moves_the_view(gui, big):
    mv = big.mapview
    mini = mv.minimap_rect
    assert mini is not None and mv.rect.contains(mini)
    gui.step()
    colours = {hex_rgb(n.colour) for n in big.view.nations}
    seen = {gui.pixel((x, y)) for x in range(mini.x + 2, mini.right - 2, 3) for y in range(mini.y + 2, mini.bottom - 2, 3)}
    assert len(colours & seen) >= len(colours) - 1          # (nearly) every state is on it
    before = tuple(mv.cam)
    gui.click((mini.right - 6, mini.y + 6))                 # the far north-east corner
    assert mv.cam[0] > before[0] and mv.cam[1] <= before[1]
    selected = mv.selected
    assert selected is None                                 # a minimap click is not a hex click
