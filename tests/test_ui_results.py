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


def _assert_verdict_drawn(gui, expected) -> None:
    """The verdict's big word is on screen, in its result's colour."""
    gui.step(2)
    colour = RESULT_COLOURS[expected.result]
    w, _ = gui.app.screen.get_size()
    assert any(gui.pixel((x, y)) == colour for x in range(0, w, 2) for y in range(100, 500, 4)), \
        "the verdict word is not drawn"


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
    _assert_verdict_drawn(gui, expected)
    gui.key(pygame.K_RETURN)
    assert isinstance(gui.app.top, DebriefScene)


def _finished_save(gui, tmp_path):
    """Play the one turn of a 1-turn game in the window and save it (the autosave is the real file)."""
    from game.ui import persistence
    session, scene = _start(gui, sets=("victory.max_turns=1",))
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    gui.until(lambda: res.phase == "summary")
    assert session.state.finished
    return persistence.save_session(session, tmp_path / "finished.json"), session.state


def test_loading_a_finished_game_opens_the_verdict_then_the_debrief(gui, tmp_path):
    from game.ui.flow import resume
    from game.ui.scenes.title import TitleScene
    path, state = _finished_save(gui, tmp_path)
    gui.app.game = None
    gui.app.reset(TitleScene(gui.app))
    gui.step()
    assert resume(gui.app, path, threaded=False)
    v = gui.app.top
    assert isinstance(v, VerdictScene)
    assert v.state.state_hash() == state.state_hash()
    expected = verdict(state, 0)
    assert [(x.nation, x.result, x.headline) for x in v.verdicts] == [(0, expected.result, expected.headline)]
    _assert_verdict_drawn(gui, expected)
    gui.press(v.debrief_button)
    assert isinstance(gui.app.top, DebriefScene)


def test_a_finished_game_no_human_played_opens_the_verdict_with_the_final_table(gui, tmp_path):
    from game.cli import main as cli_main
    from game.engine.results import final_table
    from game.ui.flow import resume
    path = tmp_path / "ai.json"
    assert cli_main(["run", "--scenario", str(FOUR_WORLDS), "--variant", "w4", "--turns", "1", "--seed", "2",
                     "--set", "victory.max_turns=1", "--save", str(path)]) == 0
    assert resume(gui.app, path, threaded=False)
    v = gui.app.top
    assert isinstance(v, VerdictScene) and v.verdicts == [] and v.state.finished
    assert [s.nation for s in v.table] == [s.nation for s in final_table(v.state)] and len(v.table) == len(v.state.nations)
    gui.step(2)
    assert v.table_rect.h > 0                                     # the scores are drawn, not an empty card row
    gui.key(pygame.K_RETURN)
    assert isinstance(gui.app.top, DebriefScene)
