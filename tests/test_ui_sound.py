"""Sound effects, their volume setting and the window icon: made by tools/make_assets.py, stored in
assets/, muted under the dummy audio driver, and never a crash without an audio device."""
from __future__ import annotations

import wave
from pathlib import Path

import pygame

from game.resources import asset_path
from game.ui.flow import Match
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.settings_scene import SettingsScene
from game.session.local import GameSession
from game.ui.settings import load_settings
from game.ui.sound import EFFECTS, SoundBoard, effect_for

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"


def test_every_effect_and_the_icon_are_shipped_and_readable():
    for name in EFFECTS:
        with wave.open(str(asset_path("sounds", f"{name}.wav"))) as w:
            assert w.getnchannels() == 1 and w.getframerate() == 22050
            assert 0.05 < w.getnframes() / w.getframerate() < 1.5          # short effects
    icon = pygame.image.load(str(asset_path("icon.png")))
    assert icon.get_size() == (64, 64)
    licences = (asset_path("LICENSES.md")).read_text(encoding="utf-8")
    assert "tools/make_assets.py" in licences and "sounds/" in licences and "icon.png" in licences


def test_no_audio_device_never_raises(monkeypatch):
    monkeypatch.setenv("SDL_AUDIODRIVER", "no-such-driver")
    board = SoundBoard(1.0)
    for name in EFFECTS + ("missing",):
        board.play(name)                      # the mixer cannot open: silence, no exception
    assert board.played[-1] == "missing"


def test_a_resolution_plays_its_effects_once_each(gui):
    session = GameSession.start(FOUR_WORLDS, "w1", seed=5, humans=(0,), threaded=False)
    Match(gui.app, session).begin()
    gui.step()
    scene = gui.app.top
    gui.press(scene.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])
    gui.app.sound.played.clear()
    gui.press(scene.panel.end_turn_button)
    res = gui.app.top
    assert isinstance(res, ResolutionScene)
    gui.until(lambda: res.phase == "summary")
    played = gui.app.sound.played
    assert "defection" in played and played[-1] == "turn"
    assert len(played) == len(set(played))               # reveal-all: each kind once
    assert effect_for("attack", {}, 0) == "battle" and effect_for("treaty_signed", {}, 0) == "treaty"
    assert effect_for("stance", {"outcome": "CD", "dyad": [1, 2]}, 0) is None    # not my pair
    assert effect_for("inject", {}, None) == "inject" and effect_for("built", {}, 0) is None


def test_the_volume_is_set_in_settings_and_saved(make_app, tmp_path):
    path = tmp_path / "settings.json"
    app = make_app(settings_file=path)
    from conftest import UiDriver
    gui = UiDriver(app)
    app.push(SettingsScene(app))
    gui.step()
    scene = app.top
    gui.press(scene.volume_buttons[0])                  # Off
    assert app.settings.volume == 0.0 and app.sound.volume == 0.0
    assert load_settings(path).settings.volume == 0.0
    gui.press(app.top.volume_buttons[3])                # 75%
    assert app.sound.volume == 0.75 and load_settings(path).settings.volume == 0.75
    assert app.top.volume_buttons[3].is_selected
