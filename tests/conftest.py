"""Shared pytest setup. GUI tests run headless: the SDL drivers are chosen before pygame is imported."""
from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# --- GUI tests ----------------------------------------------------------------------------------
import pytest  # noqa: E402


class UiDriver:
    """Posts real pygame events into an App and steps it (pygame_gui needs a second step for its events)."""

    def __init__(self, app):
        import pygame
        self.pygame = pygame
        self.app = app

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step()

    def move(self, pos) -> None:
        self.pygame.event.post(self.pygame.event.Event(self.pygame.MOUSEMOTION, pos=tuple(pos), rel=(0, 0), buttons=(0, 0, 0)))
        self.step()

    def click(self, pos, button: int = 1) -> None:
        pg = self.pygame
        pos = tuple(int(v) for v in pos)
        pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=pos, button=button))
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=pos, button=button))
        self.step(2)

    def press(self, element) -> None:
        """Click a pygame_gui element at its centre."""
        assert element.visible, f"{element} is hidden"
        self.click(element.rect.center)

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        pg = self.pygame
        pg.event.post(pg.event.Event(pg.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
        pg.event.post(pg.event.Event(pg.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
        self.step(2)

    def type_text(self, text: str) -> None:
        """Text goes to the focused text entry as TEXTINPUT events (as SDL sends them)."""
        for ch in text:
            self.pygame.event.post(self.pygame.event.Event(self.pygame.TEXTINPUT, text=ch))
        self.step(2)

    def wheel(self, y: int, pos) -> None:
        pg = self.pygame
        pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=tuple(pos), rel=(0, 0), buttons=(0, 0, 0)))
        pg.event.post(pg.event.Event(pg.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y)))
        self.step()

    def until(self, condition, max_frames: int = 2000) -> None:
        """Step until ``condition()``; a background turn job is joined first, and a joined network seat's next
        message from the host awaited, so no frame budget is wasted."""
        import time
        host_wait_until = time.monotonic() + 60        # only a bound: a host that never answers fails, not hangs
        for _ in range(max_frames):
            if condition():
                return
            session = getattr(getattr(self.app.top, "match", None), "session", None)
            if session is not None and session.job is not None:
                session.job.wait(30)
            wait_for_host = getattr(self.app.top, "wait_for_host", None)
            left = host_wait_until - time.monotonic()
            if wait_for_host is not None and left > 0:
                # A joined seat waiting for the host: block (releasing the GIL) until its thread has taken in the
                # host's next message. Stepping frames in a busy loop instead starves that thread (and the
                # host's) of the GIL, at times for seconds, and the frame budget runs out before the answer is in.
                wait_for_host(left)
            self.step()
        raise AssertionError(f"condition not reached in {max_frames} frames; top scene {type(self.app.top).__name__}")

    def pixel(self, pos):
        return tuple(self.app.screen.get_at(tuple(int(v) for v in pos)))[:3]


@pytest.fixture
def ui_dirs(tmp_path, monkeypatch):
    """User config/data dirs in tmp_path (settings, charts and saves never touch the real home)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path


@pytest.fixture
def make_app(ui_dirs):
    """Factory for headless Apps (errors raise instead of opening a dialog); all are closed afterwards."""
    from game.ui.app import App
    from game.ui.settings import Settings
    apps = []

    def factory(**kwargs):
        kwargs.setdefault("size", (1600, 900))
        kwargs.setdefault("catch_errors", False)
        if "settings_file" not in kwargs:
            kwargs.setdefault("settings", Settings(walkthrough_done=True, reveal_speed=0.0))
        app = App(**kwargs)
        apps.append(app)
        app.step()
        return app

    yield factory
    for a in apps:
        a.close()


@pytest.fixture
def gui(make_app):
    """A driver over a fresh App at the title screen."""
    return UiDriver(make_app())


def open_orders_screen(app, variant: str = "w1", seed: int = 5):
    """Start a single-player Four Worlds game (the human plays Aland) and return the scene it opens on:
    the orders screen that most GUI tests drive."""
    from pathlib import Path

    from game.session.local import GameSession
    from game.ui.flow import Match
    four_worlds = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"
    Match(app, GameSession.start(four_worlds, variant, seed=seed, humans=(0,))).begin()
    app.step()
    return app.top


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch):
    """Passwords in tests derive keys with scrypt at n=2**14 (tens of ms) instead of the default
    2**17 (half a second each): the cost is stored in each file's header, so everything else is the
    same code path. Tests of the default cost pass ``params=KdfParams()`` explicitly."""
    from game.engine import save_container
    monkeypatch.setattr(save_container, "DEFAULT_KDF", save_container.KdfParams(n=2 ** 14))
