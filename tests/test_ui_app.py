"""The app shell: title screen, scene stack, quit, resize, full screen, dialogs, settings, start-up check."""
from __future__ import annotations

import json
import os
import sys
import types

import pygame
import pytest

from game.ui.compat import FIX, prefer_native_framebuffer, pygame_problem
from game.ui.dialogs import ConfirmDialog, ErrorDialog, MessageDialog
from game.ui.scenes.help import HelpScene
from game.ui.scenes.title import TitleScene
from game.ui.settings import Settings, load_settings, save_settings


def test_title_shows_every_entry_and_draws(gui):
    app = gui.app
    assert isinstance(app.top, TitleScene)
    labels = {k: b.text for k, b in app.top.buttons.items()}
    assert labels == {"new": "New game", "load": "Load game", "hotseat": "Hotseat", "seminar": "Seminar",
                      "join": "Join a game", "settings": "Settings", "help": "Help and glossary", "quit": "Quit"}
    # the New game button is drawn in the accent colour of the theme
    b = app.top.buttons["new"]
    assert gui.pixel((b.rect.x + 6, b.rect.centery)) == (0x8a, 0x6a, 0x24)


def test_run_stops_on_quit_event_and_on_the_quit_button(make_app):
    app = make_app()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert app.run(max_frames=50) == 1
    app2_driver = app
    assert not app2_driver.running


def test_quit_button(gui):
    gui.press(gui.app.top.buttons["quit"])
    assert not gui.app.running


def test_run_is_bounded_by_max_frames(gui):
    assert gui.app.run(max_frames=5) == 5
    assert gui.app.running


@pytest.mark.slow
def test_seminar_button_opens_the_seminar_setup_and_back_returns(gui):
    # hotseat and load: tests/test_ui_hotseat.py, test_ui_saves.py; the seminar itself: tests/test_ui_seminar.py
    from game.ui.scenes.seminar_setup import SeminarSetupScene
    gui.press(gui.app.top.buttons["seminar"])
    assert isinstance(gui.app.top, SeminarSetupScene)
    gui.key(pygame.K_ESCAPE)
    assert isinstance(gui.app.top, TitleScene)
    assert gui.app.top.buttons["new"].visible        # rebuilt on resume


def test_dialog_dims_the_screen_and_escape_closes(gui):
    before = gui.pixel((20, 20))
    gui.app.push(MessageDialog(gui.app, "Hello", "text"))
    gui.step()
    after = gui.pixel((20, 20))
    assert sum(after) < sum(before)
    gui.key(pygame.K_ESCAPE)
    assert isinstance(gui.app.top, TitleScene)


def test_confirm_dialog_runs_the_action_only_on_yes(gui):
    calls = []
    gui.app.push(ConfirmDialog(gui.app, "Sure?", "really", lambda: calls.append("yes")))
    gui.step()
    gui.press(gui.app.top.buttons[1])               # Cancel
    assert calls == []
    gui.app.push(ConfirmDialog(gui.app, "Sure?", "really", lambda: calls.append("yes")))
    gui.step()
    gui.key(pygame.K_RETURN)
    assert calls == ["yes"]


def test_help_opens_with_f1_lists_shortcuts_and_glossary(gui):
    gui.key(pygame.K_F1)
    help_scene = gui.app.top
    assert isinstance(help_scene, HelpScene)
    html = help_scene.topic_html("keys")
    for k in ("Enter", "Ctrl+Z", "1 2 3 4 5", "F11", "mouse wheel"):
        assert k in html
    assert "Stag Hunt" in [t for _, t in help_scene.topics]
    item = help_scene.list.item_list[4]["button_element"]       # a glossary entry
    gui.click(item.rect.center)
    gui.step()
    assert help_scene.topic == help_scene.topics[4][0]
    gui.key(pygame.K_ESCAPE)
    assert isinstance(gui.app.top, TitleScene)


def test_resize_relayouts_the_title(gui):
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1200, 760), w=1200, h=760))
    gui.step()
    assert gui.app.screen.get_size() == (1200, 760)
    b = gui.app.top.buttons["new"]
    assert abs(b.rect.centerx - 600) <= 1
    assert gui.app.settings.window_width == 1200


@pytest.mark.parametrize("size", [(1024, 640), (1280, 720), (1600, 900)])
def test_every_title_button_fits_above_the_key_hints(make_app, size):
    """At the minimum window size the Quit button used to fall below the window's bottom edge."""
    app = make_app(size=size)
    buttons = sorted(app.top.buttons.values(), key=lambda b: b.rect.y)
    w, h = app.screen.get_size()
    assert all(b.rect.bottom <= h - 70 and 0 <= b.rect.left and b.rect.right <= w for b in buttons)
    assert all(a.rect.bottom < b.rect.top for a, b in zip(buttons, buttons[1:]))      # no overlaps
    assert all(b.rect.h >= 30 for b in buttons)
    quit_button = app.top.buttons["quit"]
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=quit_button.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=quit_button.rect.center, button=1))
    app.step()
    app.step()
    assert not app.running


def test_f11_toggles_full_screen_and_back(gui):
    gui.key(pygame.K_F11)
    assert gui.app.fullscreen and gui.app.settings.fullscreen
    gui.key(pygame.K_F11)
    assert not gui.app.fullscreen
    assert gui.app.screen.get_size() == (1600, 900)
    assert gui.app.top.buttons["new"].visible


def test_an_exception_in_a_scene_becomes_an_error_dialog(make_app):
    app = make_app(catch_errors=True)

    def boom():
        raise ValueError("broken thing")
    app.defer(boom)
    app.step()
    assert isinstance(app.top, ErrorDialog)
    assert "broken thing" in app.top.message and "ValueError" in app.top.message
    assert app.running


def test_settings_round_trip_atomic_and_damaged_file(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(fullscreen=True, window_width=1280, reveal_speed=2.5, walkthrough_done=True)
    save_settings(s, path)
    assert load_settings(path).settings == s
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]     # no temp file left behind
    path.write_text("{not json", encoding="utf-8")
    got = load_settings(path)
    assert got.settings == Settings() and "settings.json" in got.problem
    path.write_text(json.dumps({"window_width": "wide", "fullscreen": 1, "difficulty": "insane", "reveal_speed": 3}))
    got = load_settings(path)
    assert got.settings.window_width == 1600 and got.settings.fullscreen is False
    assert got.settings.difficulty == "normal" and got.settings.reveal_speed == 3.0


def test_settings_live_in_the_user_config_dir(ui_dirs):
    from game.ui.settings import settings_path
    assert str(settings_path()).startswith(str(ui_dirs / "config"))


def test_a_damaged_settings_file_opens_a_message_not_a_crash(make_app, tmp_path):
    bad = tmp_path / "settings.json"
    bad.write_text("[1, 2", encoding="utf-8")
    app = make_app(settings_file=bad, persist_settings=False)
    assert isinstance(app.top, MessageDialog) and "reset" in app.top.title


def test_pygame_ce_check(monkeypatch):
    assert pygame_problem() is None
    fake = types.ModuleType("pygame")
    fake.version = types.SimpleNamespace(ver="2.6.1")
    monkeypatch.setitem(sys.modules, "pygame", fake)
    msg = pygame_problem()
    assert msg is not None and "pygame-ce" in msg and FIX in msg and "2.6.1" in msg


def test_the_native_x11_framebuffer_is_asked_for_only_under_x11(monkeypatch):
    """Under X11 the window surface goes through X's shared-memory framebuffer (not a GL texture that
    loads Mesa into the game); other drivers are left alone - SDL 2 has no native framebuffer there -
    and a user's own setting is kept."""
    monkeypatch.delenv("SDL_FRAMEBUFFER_ACCELERATION", raising=False)
    for driver in ("wayland", "cocoa", "windows", "dummy"):
        prefer_native_framebuffer(driver)
        assert "SDL_FRAMEBUFFER_ACCELERATION" not in os.environ
    prefer_native_framebuffer("x11")
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "0"
    monkeypatch.setenv("SDL_FRAMEBUFFER_ACCELERATION", "opengl")
    prefer_native_framebuffer("x11")
    assert os.environ["SDL_FRAMEBUFFER_ACCELERATION"] == "opengl"
