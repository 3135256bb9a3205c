"""Seminar mode in the GUI, driven headless with posted events: setup -> briefings behind the curtain
-> timed negotiation (public and private channels) -> orders with stated reasons -> resolution;
injects on their condition and by hand from the facilitator console; the passphrase lock; rollback
and fork; what a delegation's screens may show; the timer and pause. The debrief: test_ui_seminar_debrief.py;
the shared steps: seminar_driver.py."""
from __future__ import annotations


import pygame
import pytest

from game.engine.saves import is_encrypted, load_game, read_header
from game.engine.state import GameState
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.curtain import CurtainScene
from game.ui.dialogs import MessageDialog
from game.ui.scenes.facilitator import FacilitatorConsole
from game.ui.scenes.game import GameScene
from game.ui.scenes.negotiation import NegotiationScene
from game.ui.scenes.passphrase import PassphraseDialog, PauseScene
from game.ui.scenes.reasons import ReasonsScene
from game.session.seminar import RoleSheet, SeminarRun
from game.ui.seminar_flow import SeminarMatch
from game.session.local import GameSession

from seminar_driver import (OBJECTIVE, PASS, SECRET, finish_resolution, go_to_orders, lift,  # noqa: F401 (seminar: fixture)
                            open_console, open_setup, read_briefings, seal_all, seminar)


def public_attrs(obj) -> dict:
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


# --- the whole thing, from the title screen ---------------------------------------------------------

@pytest.mark.slow
def test_a_seminar_from_setup_through_negotiation_injects_orders_and_resolution(make_app, tmp_path):
    app, gui, setup = open_setup(make_app, tmp_path / "maps")
    gui.click(setup.variant_list.item_list[2]["button_element"].rect.center)       # w2
    gui.step()
    setup = app.top
    assert setup.variant == "w2"
    for k, name in enumerate(("Team Red", "Team Blue")):
        gui.click(setup.name_entries[k].rect.center)
        gui.type_text(name)
    gui.click(setup.pass_entries[0].rect.center)
    gui.type_text(PASS)
    gui.press(setup.start_button)                               # the second entry is empty: refused
    assert app.top is setup and "differ" in setup.problem
    gui.click(setup.pass_entries[1].rect.center)
    gui.type_text(PASS)
    gui.press(setup.start_button)
    match = app.seminar
    run = match.run
    assert isinstance(match, SeminarMatch) and run.unlock(PASS) and run.timer.limit == 90
    assert [d.name for d in run.delegations()] == ["Team Red", "Team Blue"]
    assert run.save_path is not None and str(run.save_path).startswith(str(tmp_path / "data"))

    # briefings, each behind its curtain
    assert run.phase == "briefing"
    read_briefings(gui)
    assert run.phase == "negotiation" and run.timer.running

    # the room: a public message from Team Red
    room = app.top
    assert isinstance(room, NegotiationScene) and room.viewer is None
    gui.click(room.entry.rect.center)
    gui.type_text("Aland proposes that neither of us arms this turn.")
    gui.key(pygame.K_RETURN)
    assert "Aland proposes" in room.log.text()

    # Team Blue's desk (behind the curtain): a private message to Team Red only
    gui.press(room.desk_buttons[1])
    lift(gui, "Team Blue")
    desk = app.top
    assert isinstance(desk, NegotiationScene) and desk.viewer == 1
    gui.press(desk.recipient_buttons[0])
    gui.click(desk.entry.rect.center)
    gui.type_text("Between us: we will not arm.")
    gui.press(desk.send_button)
    assert "[private to Aland] Team Blue (Borduria): Between us" in desk.log.text()
    gui.press(desk.leave_button)
    room = app.top
    assert room.viewer is None and "Between us" not in room.log.text()      # the room reads only the public channel
    assert [(m.sender, m.to) for m in run.record.messages] == [(0, None), (1, (0,))]

    # the facilitator fires the manual inject from the console
    open_console(gui)
    console = app.top
    assert isinstance(console, FacilitatorConsole)
    gui.press(console.buttons["tab_injects"])
    gui.press(console.inject_buttons["observers"])
    assert run.record.state.era.distinguishability == 0.8 and run.record.pending[0].args == {"id": "observers"}
    gui.press(console.buttons["close"])
    assert isinstance(app.top, NegotiationScene) and app.top.viewer is None   # closes back to the room

    go_to_orders(gui)
    seal_all(gui, match, {0: "We keep our word.", 1: "Aland offered restraint."})
    finish_resolution(gui)

    # turn 2: the automatic inject fired on its condition; its crisis message reached only Aland
    assert run.record.state.turn == 2 and ("crisis", 2) in run.record.state.fired
    assert ("observers", 1) in run.record.state.fired
    statements = {n: o.statement for n, o in run.record.orders[0].items()}
    assert statements[0] == "We keep our word." and statements[1] == "Aland offered restraint."
    assert isinstance(app.top, NegotiationScene) and run.phase == "negotiation"
    go_to_orders(gui)
    lift(gui, "Team Red")
    news = app.top
    assert isinstance(news, BriefingScene) and any("only Aland hears" in t for t in news.news)
    gui.press(news.done_button)
    gui.press(app.top.panel.end_turn_button)
    gui.press(app.top.seal_button)
    lift(gui, "Team Blue")
    assert not any("only Aland hears" in t for t in app.top.news)
    saved = load_game(run.save_path, password=PASS).record                      # saved after every action and turn
    assert saved.state.turn == 2 and len(saved.messages) == 2


@pytest.mark.slow
def test_wrong_passphrase_is_refused_and_the_console_never_stays_behind_a_delegation(seminar):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    go_to_orders(gui)
    lift(gui, "Team Red")
    gui.press(app.top.done_button)
    game = app.top
    assert isinstance(game, GameScene)
    open_console(gui, "tea and crackers")
    dlg = app.top
    assert isinstance(dlg, PassphraseDialog) and dlg.refused == 1 and "Wrong passphrase" in dlg.message
    assert not any(isinstance(s, FacilitatorConsole) for s in app.scenes)
    gui.key(pygame.K_ESCAPE)
    assert app.top is game
    # right passphrase over the delegation's screen; an edit changes the game, so Close goes to the curtain
    open_console(gui)
    console = app.top
    assert isinstance(console, FacilitatorConsole)
    gui.press(console.buttons["tab_edit"])
    item = next(i for i in console.edit_list.item_list if i["text"] == "B.treasury  (Borduria)")
    gui.click(item["button_element"].rect.center)
    gui.step()
    console = app.top
    gui.click(console.edit_entry.rect.center)
    gui.type_text("abc")
    gui.press(console.buttons["apply"])
    assert console.status_bad and "not a number" in console.status
    console.edit_entry.set_text("")
    gui.click(console.edit_entry.rect.center)
    gui.type_text("333")
    gui.key(pygame.K_RETURN)
    assert run.record.state.nations[1].treasury == 333.0 and run.record.pending[-1].kind == "edit"
    gui.key(pygame.K_ESCAPE)
    assert isinstance(app.top, CurtainScene) and app.top.seat_name == "Team Red"
    assert [type(s).__name__ for s in app.scenes] == ["CurtainScene"]
    # a console left open closes itself after a few idle minutes
    open_console(gui)
    assert isinstance(app.top, FacilitatorConsole)
    app.step(200.0)
    app.step(200.0)
    assert isinstance(app.top, CurtainScene) and not any(isinstance(s, FacilitatorConsole) for s in app.scenes)


def test_delegation_screens_never_show_another_delegations_briefing(seminar):
    gui, match = seminar
    app, run = gui.app, match.run

    def check(scene, me: int) -> None:
        app.render()
        other = 1 - me
        drawn = scene.painter.all_text if hasattr(scene, "painter") else ""
        assert SECRET[other] not in drawn and OBJECTIVE[other] not in drawn
        for name, value in public_attrs(scene).items():
            assert not isinstance(value, (GameState, GameSession, SeminarRun, SeminarMatch)), name
            assert not (isinstance(value, RoleSheet) and value.nation != me), name
            assert SECRET[other] not in repr(value)[:20000], name

    lift(gui, "Team Red")
    brief = app.top
    check(brief, 0)
    assert SECRET[0] in brief.painter.all_text and OBJECTIVE[0] in brief.painter.all_text
    gui.press(brief.done_button)
    lift(gui, "Team Blue")
    brief = app.top
    check(brief, 1)
    assert SECRET[1] in brief.painter.all_text
    gui.press(brief.done_button)
    room = app.top
    check(room, 0)
    check(room, 1)                                  # the room shows nobody's briefing
    assert "Your role" not in room.painter.all_text
    gui.press(room.desk_buttons[1])
    lift(gui)
    desk = app.top
    check(desk, 1)
    assert OBJECTIVE[1] in desk.painter.all_text
    gui.press(desk.leave_button)
    go_to_orders(gui)
    lift(gui, "Team Red")
    check(app.top, 0)
    gui.press(app.top.done_button)
    check(app.top, 0)                               # the game screen: its own view only
    gui.press(app.top.panel.end_turn_button)
    check(app.top, 0)
    gui.press(app.top.seal_button)
    lift(gui, "Team Blue")
    check(app.top, 1)


def test_timer_advances_with_dt_and_ends_the_negotiation_pause_stops_it(seminar):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    room = app.top
    assert run.timer.remaining == pytest.approx(90, abs=0.5)       # each UI frame is 1/60 s
    app.step(30.0)
    assert run.timer.remaining == pytest.approx(60, abs=0.5) and run.phase == "negotiation"
    app.render()
    assert "1:00" in room.painter.all_text
    # pause from the console: the screen is covered and the clock stops
    open_console(gui)
    gui.press(app.top.buttons["pause"])
    gui.press(app.top.buttons["close"])
    assert isinstance(app.top, PauseScene) and run.paused
    app.step(500.0)
    assert run.timer.remaining == pytest.approx(60, abs=0.5)
    open_console(gui)
    console = app.top
    gui.press(console.buttons["timer_add1"])
    assert run.timer.remaining == pytest.approx(120, abs=0.5)
    gui.press(console.buttons["pause"])                       # resume
    gui.press(console.buttons["close"])
    gui.step()
    assert not run.paused and app.top is room
    # behind a delegation's curtain the clock still runs; time up opens the orders
    gui.press(room.desk_buttons[0])
    app.step(100.0)
    assert run.timer.remaining == pytest.approx(20, abs=0.5) and isinstance(app.top, CurtainScene)
    lift(gui, "Team Red")
    app.step(21.0)
    gui.step()
    assert run.phase == "orders" and run.timer.expired
    assert isinstance(app.top, CurtainScene) and app.top.subtitle.endswith("your orders for turn 1")


@pytest.mark.slow
def test_rollback_and_fork_from_the_console(seminar, tmp_path):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    for turn in (1, 2):
        go_to_orders(gui)
        seal_all(gui, match)
        finish_resolution(gui)
    assert run.record.state.turn == 3
    history = run.record.state.history
    original = run.save_path
    open_console(gui)
    console = app.top
    gui.press(console.buttons["tab_history"])
    assert sorted(console.rollback_buttons) == [1, 2]
    gui.press(console.rollback_buttons[2])
    gui.press(app.top.buttons[0])                                 # confirm
    assert run.record.state.turn == 2 and run.record.turns_played == 1
    assert run.record.state.state_hash() == history[0].state_hash
    console = app.top
    gui.press(console.buttons["fork"])
    assert run.sandbox and "sandbox" in run.save_path.name and run.save_path.exists()
    assert load_game(original, password=PASS).record.state.turn == 2
    gui.press(console.buttons["close"])
    room = app.top
    assert isinstance(room, NegotiationScene) and run.phase == "negotiation"
    app.render()
    assert "SANDBOX" in room.painter.all_text
    go_to_orders(gui)
    seal_all(gui, match)
    finish_resolution(gui)
    assert load_game(run.save_path, password=PASS).record.state.turn == 3            # the sandbox goes on in its own file
    assert load_game(original, password=PASS).record.state.turn == 2                 # the real game is kept as it was


@pytest.mark.slow
def test_a_saved_seminar_resumes_only_with_its_original_passphrase(seminar, ui_dirs):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    go_to_orders(gui)
    seal_all(gui, match, {0: "Red plans a surprise attack"})
    finish_resolution(gui)
    gui.key(pygame.K_s, pygame.KMOD_CTRL)                  # a copy in the saves folder, besides the autosave
    gui.press(app.top.buttons[0])
    saved = run.save_path
    written = [p for p in (ui_dirs / "data").rglob("*") if p.is_file()]
    assert saved in written and any(p.parent.name == "autosave" for p in written) and len(written) >= 3
    for path in written:                                   # the seminar file, autosaves, Ctrl+S: all encrypted
        assert is_encrypted(path) and read_header(path).summary.mode == "seminar", path
        for secret in (b"tea and biscuits", b"Red plans a surprise", SECRET[0].encode(), b"Team Red", b"greedy"):
            assert secret not in path.read_bytes(), (path, secret)
    from game.ui.scenes.seminar_resume import ResumeSeminarScene
    from game.ui.scenes.title import TitleScene
    app.reset(TitleScene(app))
    gui.key(pygame.K_f, pygame.KMOD_CTRL)
    assert isinstance(app.top, TitleScene) and app.seminar is None     # no console for a seminar that was quit
    gui.press(app.top.buttons["seminar"])
    gui.press(app.top.resume_button)
    resume = app.top
    assert isinstance(resume, ResumeSeminarScene)
    assert any("Four Worlds" in label and "turn 2" in label and "not encrypted" not in label for label in resume.labels)
    gui.press(resume.resume_button)
    dlg = app.top
    assert isinstance(dlg, PassphraseDialog)               # the original passphrase, not a new one
    gui.type_text("new words")                             # the old takeover: a passphrase of one's own
    gui.key(pygame.K_RETURN)
    assert app.top is dlg and dlg.refused == 1 and "Wrong passphrase" in dlg.message and app.seminar is None
    assert dlg.entry is not None
    dlg.entry.set_text("")
    gui.type_text(PASS)
    gui.key(pygame.K_RETURN)
    resumed = app.seminar
    assert resumed is not match and resumed.run.unlock(PASS) and not resumed.run.unlock("new words")
    assert resumed.run.record.state.turn == 2 and isinstance(app.top, NegotiationScene)
    assert resumed.run.record.orders[0][0].statement == "Red plans a surprise attack"   # the file really opened
    # the facilitator's replay of the (unfinished) seminar: the passphrase opens the full view
    from game.ui.scenes.replay_viewer import FULL, ReplayViewerScene
    app.reset(TitleScene(app))
    gui.press(app.top.buttons["seminar"])
    gui.press(app.top.resume_button)
    gui.press(app.top.replay_button)
    dlg = app.top
    assert isinstance(dlg, PassphraseDialog)
    gui.type_text(PASS)
    gui.key(pygame.K_RETURN)
    viewer = app.top
    assert isinstance(viewer, ReplayViewerScene) and FULL in viewer.pov_buttons and not viewer.sealed


@pytest.mark.slow
def test_back_from_the_reasons_keeps_them_and_an_orders_time_limit_warns(seminar):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    go_to_orders(gui)
    run.orders_timer.reset(60)                   # as a scenario with phases.orders_seconds: 60
    lift(gui, "Team Red")
    gui.press(app.top.done_button)
    game = app.top
    gui.press(game.panel.end_turn_button)
    reasons = app.top
    gui.click(reasons.box.rect.center)
    gui.type_text("First thoughts.")
    gui.key(pygame.K_f, pygame.KMOD_CTRL)              # a prompt opens above and closes: the typing is kept
    gui.key(pygame.K_ESCAPE)
    assert app.top is reasons and reasons.box.get_text() == "First thoughts."
    gui.press(reasons.back_button)
    assert app.top is game and not game.ended and run.phase == "orders" and not run.session.submitted
    app.step(61.0)
    gui.step()
    assert isinstance(app.top, MessageDialog) and app.top.title == "Time is up"
    gui.press(app.top.buttons[0])
    assert app.top is game
    gui.press(game.panel.end_turn_button)
    assert isinstance(app.top, ReasonsScene) and app.top.text() == "First thoughts."
    gui.press(app.top.seal_button)
    assert run.session.submitted[0].statement == "First thoughts." and run.current == 1
