"""The seminar debrief in the GUI: the after-action report with the game's numbers, its buttons in a
small window, and each AI's read of the others' types."""
from __future__ import annotations

import csv

import pygame
import pytest

from conftest import UiDriver
from game.ui.dialogs import MessageDialog
from game.ui.scenes.seminar_debrief import SeminarDebriefScene
from game.session.seminar import SeminarRun, new_seminar_path, start_seminar_session
from game.ui.seminar_flow import SeminarMatch
from seminar_driver import (PASS, finish_resolution, go_to_orders, lift, one_turn_then_debrief,  # noqa: F401 (seminar: fixture)
                            open_console, read_briefings, scenario, seal_all, seminar)


@pytest.mark.slow
def test_debrief_writes_the_after_action_report_with_the_games_numbers(seminar, tmp_path):
    gui, match = seminar
    app, run = gui.app, match.run
    read_briefings(gui)
    gui.press(app.top.desk_buttons[0])
    lift(gui)
    desk = app.top
    gui.click(desk.entry.rect.center)
    gui.type_text("We will not arm if you do not.")
    gui.key(pygame.K_RETURN)
    gui.press(desk.leave_button)
    for turn in (1, 2):
        go_to_orders(gui)
        seal_all(gui, match, {0: f"Turn {turn}: restraint pays."})
        finish_resolution(gui)
    open_console(gui)
    gui.press(app.top.buttons["end_game"])
    gui.press(app.top.buttons[0])
    deb = app.top
    assert isinstance(deb, SeminarDebriefScene) and deb.markers == [(2, "Border crisis")]
    app.render()
    drawn = deb.painter.all_text
    assert "Team Red" in drawn and "security seeker" in drawn and "T2 Border crisis" in drawn
    assert any("Aland-Borduria: mostly World" in line for line in deb.predictions)
    gui.press(deb.tab_buttons["decisions"])
    assert "reasons: Turn 1: restraint pays." in deb.text_log.text()
    gui.press(deb.tab_buttons["questions"])
    assert "1. Who moved first?" in deb.text_log.text()
    gui.press(deb.report_button)
    assert isinstance(app.top, MessageDialog) and str(deb.report_dir) in app.top.body_html
    out = deb.report_dir
    assert str(out).startswith(str(tmp_path / "data")) and out.is_dir()
    for name in ("report.md", "turns.csv", "cooperation.png", "balance.png", "world.png", "arms.png", "territory.png"):
        assert (out / name).stat().st_size > 100, name
    state = run.record.state
    text = (out / "report.md").read_text()
    assert f"{len(state.history)} turns played" in text and "Turn 2: Border crisis" in text
    assert "Turn 1: restraint pays." in text and "Team Red" in text and "1. Who moved first?" in text
    for n in state.nations:
        assert f"| {n.name} | yes | {state.start_territory[n.id]} → {state.territory()[n.id]} | {n.treasury:.0f} |" in text
    rows = list(csv.DictReader(open(out / "turns.csv")))
    assert [(int(r["turn"]), r["outcome"]) for r in rows] == [(h.turn, h.outcomes["0-1"]) for h in state.history]
    msgs = list(csv.reader(open(out / "messages.csv")))
    assert msgs[1:] == [["1", "Aland", "all", "public", "We will not arm if you do not."]]
    assert pygame.image.load(str(out / "cooperation.png")).get_size() == (960, 540)


@pytest.mark.slow
def test_debrief_buttons_fit_a_small_window(seminar):
    """At 1024x640 the report and title buttons of the seminar debrief used to overlap."""
    gui, match = seminar
    app = gui.app
    read_briefings(gui)
    one_turn_then_debrief(gui, match)
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1024, 640), w=1024, h=640))
    gui.step(2)
    deb = app.top
    report = deb.report_button.rect
    title = next(e.rect for e in deb.root.elements if "to_title" in e.most_specific_combined_id)
    assert report.right <= title.left and title.right <= app.screen.get_width()
    assert report.left >= deb.chart_rect.left
    gui.press(deb.report_button)                    # still the button that writes the report
    assert deb.report_dir is not None and (deb.report_dir / "report.md").is_file()


@pytest.mark.slow
def test_decisions_tab_shows_what_each_ai_believed_about_the_others_types(make_app, tmp_path):
    """A seminar with one delegation and an AI state: the debrief's decisions tab gives the AI's last
    read of the delegation's type beside the revealed one (the spiral/deterrence discussion)."""
    app = make_app()
    gui = UiDriver(app)
    session = start_seminar_session(scenario(tmp_path / "maps"), "w2", 3, {0: "Team Red"})
    run = SeminarRun(session, save_path=new_seminar_path(session.record))
    run.set_passphrase(PASS, PASS)
    match = SeminarMatch(app, run)
    match.begin()
    gui.step()
    lift(gui, "Team Red")
    gui.press(app.top.done_button)
    deb = one_turn_then_debrief(gui, match)
    gui.press(deb.tab_buttons["decisions"])
    text = deb.text_log.text()
    assert text.count("Its read of the others:") == 1                      # the AI's; Team Red has no motives
    assert "Its read of the others: Aland: greedy" in text and "(turn 1); revealed: security seeker" in text
