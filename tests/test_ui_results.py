"""Results that land: each pair's outcome with what it paid next to the card's prediction, a running
score in the top bar, and a verdict screen before the debrief."""
from __future__ import annotations

from pathlib import Path

import pygame

from game.engine.results import score_of, verdict
from game.ui.flow import Match
from game.ui.palette import OUTCOME_COLOURS
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.game import GameScene
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.verdict import RESULT_COLOURS, VerdictScene
from game.session.local import GameSession

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def _start(gui, sets=()):
    session = GameSession.start(FOUR_WORLDS, "w4", seed=5, humans=(0,), sets=sets, threaded=False)
    Match(gui.app, session).begin()
    gui.step()
    return session, gui.app.top


def test_resolution_shows_each_pairs_outcome_payoff_and_prediction(gui):
    session, scene = _start(gui)
    assert isinstance(scene, GameScene)
    assert scene.score == score_of(session.state, 0)
    cards = dict(scene.view.games)
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    assert [p.other for p in res.pairs] == sorted(cards)
    for p in res.pairs:
        assert p.predicted == round({"CC": cards[p.other].cc, "CD": cards[p.other].cd, "DC": cards[p.other].dc,
                                     "DD": cards[p.other].dd}[p.outcome], 3)
        assert f"{p.outcome}, received {p.received:+.1f}" in res.log.text()
    gui.step(2)
    # the outcome badge of the first pair is drawn in its outcome colour
    found = False
    r = res.panel_rect
    for y in range(r.y + 90, r.bottom - 60, 2):
        if gui.pixel((r.x + 20, y)) == OUTCOME_COLOURS[res.pairs[0].outcome]:
            found = True
            break
    assert found, "no outcome badge drawn in the summary"
    gui.key(pygame.K_RETURN)
    nxt = gui.app.top
    assert isinstance(nxt, GameScene) and nxt.score == score_of(session.state, 0)


def test_a_finished_game_shows_the_verdict_then_the_debrief(gui):
    session, scene = _start(gui, sets=("victory.max_turns=1",))
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    gui.until(lambda: res.phase == "summary")
    assert "verdict" in res.continue_button.text
    gui.key(pygame.K_RETURN)
    v = gui.app.top
    assert isinstance(v, VerdictScene)
    expected = verdict(session.state, 0)
    assert [x.result for x in v.verdicts] == [expected.result]
    gui.step(2)
    colour = RESULT_COLOURS[expected.result]
    w, _ = gui.app.screen.get_size()
    assert any(gui.pixel((x, y)) == colour for x in range(0, w, 2) for y in range(100, 500, 4)), \
        "the verdict word is not drawn"
    gui.key(pygame.K_RETURN)
    assert isinstance(gui.app.top, DebriefScene)
