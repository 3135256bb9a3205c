"""The application shell: one window, one pygame_gui manager, a stack of scenes.

``step(dt)`` drains events, updates and draws one frame (only when something changed);
``run(max_frames)`` loops until Quit, so tests can never hang. Anything that goes wrong inside a
scene becomes an error dialog instead of a crash (``catch_errors``); tests turn that off.
"""
from __future__ import annotations

import logging
import time
import traceback
from collections import deque
from pathlib import Path
from typing import Callable, Sequence

from .compat import prefer_native_framebuffer, prepare_sdl_environment

prepare_sdl_environment()

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from game.resources import asset_path  # noqa: E402

from .dialogs import ErrorDialog, MessageDialog  # noqa: E402
from .fonts import FONT_NAME, FontBook, theme_data  # noqa: E402
from .palette import BG  # noqa: E402
from .router import Router  # noqa: E402
from .scene import Scene  # noqa: E402
from .screens import default_router  # noqa: E402
from .settings import LoadedSettings, Settings, load_settings, save_settings  # noqa: E402
from .sound import SoundBoard  # noqa: E402
from .static_cache import StaticCache  # noqa: E402

UI_EVENT_TYPES = frozenset(getattr(pygame_gui, n) for n in dir(pygame_gui)
                           if n.startswith("UI_") and isinstance(getattr(pygame_gui, n), int))
IDLE_REDRAW_S = 0.25       # full redraw this often while the mouse is over a widget (tooltips, cursors)
IDLE_REDRAW_AWAY_S = 2.0   # and this often otherwise (nothing of pygame_gui animates then)
MIN_SIZE = (1024, 640)
BACKGROUND_S = 0.003       # work ahead (the map's next zoom levels) at the end of each frame, at most about this long
# keys that act once per press: their auto-repeat KEYDOWNs (no KEYUP in between) are dropped, so that a
# held or slow-frame Enter never also ends the next turn, F1 never opens and closes help at once, and
# Ctrl+Z undoes one step. Map keys (arrows, +/-) and text editing keep their repeat.
SINGLE_ACTION_KEYS = frozenset({pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE, pygame.K_ESCAPE, pygame.K_F1,
                                pygame.K_F11, pygame.K_TAB, pygame.K_z, pygame.K_s, pygame.K_l, pygame.K_f, pygame.K_g,
                                pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_HOME})
log = logging.getLogger(__name__)


class App:
    def __init__(self, size: tuple[int, int] | None = None, *, fullscreen: bool | None = None,
                 settings: Settings | None = None, settings_file: Path | None = None,
                 persist_settings: bool = True, catch_errors: bool = True,
                 maps_dirs: Sequence[Path] | None = None, default_sets: Sequence[str] = (),
                 start: Callable[["App"], Scene] | None = None, saves: str | Path | None = None,
                 router: Router | None = None) -> None:
        loaded = load_settings(settings_file) if settings is None else LoadedSettings(settings, settings_file or Path())
        self.settings: Settings = loaded.settings
        self.settings_problem = loaded.problem
        self.settings_file = settings_file
        self.persist_settings = persist_settings and settings is None
        self.catch_errors = catch_errors
        self.maps_dirs = list(maps_dirs) if maps_dirs is not None else None
        self.default_sets = tuple(default_sets)
        self.saves_override = saves                # --saves DIR (None: the user data directory)
        self.game = None                           # the Match in progress (Ctrl+S saves it); set by Match
        self.seminar = None                        # the seminar in progress: Ctrl+F opens its console, tick(dt) each frame
        pygame.display.init()
        pygame.font.init()
        self.windowed_size = size or (self.settings.window_width, self.settings.window_height)
        self.fullscreen = self.settings.fullscreen if fullscreen is None else fullscreen
        self.screen = self._open_window()
        pygame.display.set_caption("Security Dilemma")
        self._set_icon()
        self.sound = SoundBoard(self.settings.volume)
        pygame.key.set_repeat(300, 40)
        self.ui = pygame_gui.UIManager(self.screen.get_size(), theme_data(), enable_live_theme_updates=False)
        self.ui.preload_fonts([{"name": FONT_NAME, "point_size": p, "style": "italic"} for p in (13, 15)])
        self.fonts = FontBook()
        self.scenes: list[Scene] = []
        self._actions: deque[Callable[[], None]] = deque()
        self.mouse_pos = (0, 0)
        self.keys_held: set[int] = set()           # pressed and not yet released (auto-repeat detection)
        self.running = True
        self.frames = 0
        self.draws = 0
        self.partial_draws = 0
        self._ui_consumed = False
        self._since_draw = 0.0
        self._force_draw = True
        self._widgets_drawn = -1                   # widgets on screen at the last full render
        self.static_cache = StaticCache()          # the top scene's static regions, widgets included
        self.clock = pygame.time.Clock()
        self.router = router or default_router()
        self.push(start(self) if start is not None else self.build_screen("title"))
        if self.settings_problem:
            self.push(MessageDialog(self, "Settings were reset", self.settings_problem))

    # --- window ------------------------------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        prefer_native_framebuffer(pygame.display.get_driver())
        if self.fullscreen:
            sizes = pygame.display.get_desktop_sizes()
            return pygame.display.set_mode(sizes[0] if sizes else self.windowed_size, pygame.FULLSCREEN)
        w, h = self.windowed_size
        return pygame.display.set_mode((max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])), pygame.RESIZABLE)

    @staticmethod
    def _set_icon() -> None:
        """The window icon (assets/icon.png, made by tools/make_assets.py); none if it cannot be read."""
        try:
            pygame.display.set_icon(pygame.image.load(str(asset_path("icon.png"))))
        except (pygame.error, OSError, FileNotFoundError) as exc:
            log.info("no window icon: %s", exc)

    def toggle_fullscreen(self) -> None:
        if not self.fullscreen:
            self.windowed_size = self.screen.get_size()
        self.fullscreen = not self.fullscreen
        self.screen = self._open_window()
        self.settings = self.settings.with_changes(fullscreen=self.fullscreen)
        self._relayout()

    def resize(self, size: tuple[int, int]) -> None:
        size = (max(size[0], MIN_SIZE[0]), max(size[1], MIN_SIZE[1]))
        if self.screen.get_size() != size:
            self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.windowed_size = size
        self.settings = self.settings.with_changes(window_width=size[0], window_height=size[1])
        self._relayout()

    def _relayout(self) -> None:
        self.ui.set_window_resolution(self.screen.get_size())
        for s in self.scenes:
            if s is self.top:
                s.rebuild()
            else:
                s.on_resize()
        self._force_draw = True

    # --- scene stack -------------------------------------------------------------------------
    @property
    def top(self) -> Scene:
        return self.scenes[-1]

    def build_screen(self, name: str, *args: object, **kwargs: object) -> Scene:
        """The screen called ``name`` (game/ui/screens.py), built for this app; the caller pushes it."""
        return self.router.make(name, self, *args, **kwargs)

    def push(self, scene: Scene) -> None:
        if scene.modal and self.scenes and self.draws:
            scene.backdrop = self.screen.copy()       # the last frame, widgets included, shown dimmed below
        if self.scenes:
            self.top.suspend()
        self.scenes.append(scene)
        scene.enter()
        self._force_draw = True

    def pop(self) -> Scene:
        scene = self.scenes.pop()
        scene.leave()
        if self.scenes:
            self.top.resume()
        self._force_draw = True
        return scene

    def replace(self, scene: Scene) -> None:
        """Replace the top scene."""
        old = self.scenes.pop()
        old.leave()
        self.scenes.append(scene)
        scene.enter()
        self._force_draw = True

    def reset(self, scene: Scene) -> None:
        """Drop every scene and start afresh with ``scene``."""
        while self.scenes:
            self.scenes.pop().leave()
        self.scenes.append(scene)
        scene.enter()
        self._force_draw = True

    def find(self, cls: type) -> Scene | None:
        for s in reversed(self.scenes):
            if isinstance(s, cls):
                return s
        return None

    def defer(self, action: Callable[[], None]) -> None:
        self._actions.append(action)

    def quit(self) -> None:
        self.running = False

    # --- frame -------------------------------------------------------------------------------
    @property
    def ui_consumed(self) -> bool:
        """The UI manager consumed an event in this frame (a widget may have changed in place)."""
        return self._ui_consumed

    def step(self, dt: float = 1 / 60) -> bool:
        """One frame: events -> update -> draw (if needed). Returns False once the app should close."""
        events = pygame.event.get()
        self._ui_consumed = False
        for event in events:
            self._guard(lambda e=event: self._dispatch(e))
            self._run_actions()
        self._guard(lambda: self.ui.update(dt))
        if self.seminar is not None:
            self._guard(lambda: self.seminar.tick(dt))
        self._guard(lambda: self.top.update(dt))
        self._run_actions()
        self._since_draw += dt
        top = self.top
        idle = IDLE_REDRAW_AWAY_S if top.widget_free(self.mouse_pos) else IDLE_REDRAW_S
        widgets = len(self.ui.get_sprite_group().sprites())
        if widgets != self._widgets_drawn:
            self._force_draw = True        # a widget (e.g. a tooltip) came or went: a partial redraw would leave it
        if self._force_draw or top.dirty or self._since_draw >= idle or self._ui_consumed:
            self._guard(self.render)
        elif events or top.wants_redraw():
            rect = top.partial_rect(events)
            self._guard(self.render if rect is None else (lambda: self.render_partial(rect)))
        until = time.perf_counter() + BACKGROUND_S
        self._guard(lambda: self.top.background(until))
        self.frames += 1
        return self.running

    def is_repeat(self, event: pygame.event.Event) -> bool:
        """Track held keys; True for an auto-repeat KEYDOWN of a single-action key (to be dropped)."""
        if event.type == pygame.KEYUP:
            self.keys_held.discard(event.key)
        elif event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.keys_held.clear()                 # a release while away is never seen
        elif event.type == pygame.KEYDOWN:
            if event.key in self.keys_held and event.key in SINGLE_ACTION_KEYS:
                return True
            self.keys_held.add(event.key)
        return False

    def _dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if self.is_repeat(event):
            return
        if event.type == pygame.VIDEORESIZE and not self.fullscreen:
            self.resize(event.size)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if self._global_shortcut(event):
            return
        if event.type == pygame.MOUSEMOTION:
            self.mouse_pos = event.pos
        consumed = self.ui.process_events(event)
        self._ui_consumed = self._ui_consumed or bool(consumed)
        if event.type in UI_EVENT_TYPES:
            self.top.on_ui_event(event)
        elif not consumed:
            self.top.handle_event(event)
        if event.type == pygame.MOUSEMOTION and consumed:
            self.top.handle_event(event)

    def _global_shortcut(self, event: pygame.event.Event) -> bool:
        """Ctrl+S saves the game in progress, Ctrl+L opens the load screen (unless the top scene keeps the key);
        Ctrl+F asks for the facilitator's passphrase in a seminar."""
        if event.type != pygame.KEYDOWN or not getattr(event, "mod", 0) & pygame.KMOD_CTRL:
            return False
        if event.key == pygame.K_f and self.seminar is not None:
            self.seminar.open_console()
            return True
        if event.key not in (pygame.K_s, pygame.K_l) or event.key in getattr(self.top, "keeps_ctrl_keys", ()):
            return False
        from .persistence import open_load_dialog, save_current   # the saves API: loaded at the first Ctrl+S/L
        if event.key == pygame.K_s:
            save_current(self)
        else:
            open_load_dialog(self)
        return True

    def _run_actions(self) -> None:
        while self._actions:
            action = self._actions.popleft()
            self._guard(action)

    def render(self) -> None:
        """Draw the visible scenes, the widgets and the top scene's overlay, then present. The top scene's
        static regions come from one cached image while nothing in them changed (game/ui/static_cache.py)."""
        group = self.ui.get_sprite_group()
        self._update_visibility(group)
        key = self.static_cache.key_for(self)
        if key is not None and self.static_cache.draw(self.screen, key):
            self.top.draw_dynamic(self.screen)
            self.top.dirty = False
        else:
            self._render_scenes(group)
            if key is not None:
                self.static_cache.store(self.screen, key, self.top.static_rects())
        self._widgets_drawn = len(group.sprites())
        self.top.draw_overlay(self.screen)
        pygame.display.flip()
        self._since_draw = 0.0
        self._force_draw = False
        self.draws += 1

    @staticmethod
    def _update_visibility(group: object) -> None:
        if getattr(group, "should_update_visibility", False):
            # widgets made or killed since the manager's update (e.g. by a scene's update): without this
            # pygame_gui would draw last frame's list until its next update - and we may not redraw soon
            group.should_update_visibility = False
            group.update_visibility()

    def _render_scenes(self, group: object) -> None:
        """Every visible scene (from the last opaque one up) and the widgets, in full."""
        base = max((k for k, s in enumerate(self.scenes) if not s.modal), default=0)
        if not self.scenes[base].opaque:
            self.screen.fill(BG)
        first_modal = self.scenes[base + 1] if base + 1 < len(self.scenes) else None
        backdrop = getattr(first_modal, "backdrop", None)
        if backdrop is not None and backdrop.get_size() == self.screen.get_size():
            self.screen.blit(backdrop, (0, 0))
            base += 1
        for s in self.scenes[base:]:
            s.draw(self.screen)
            s.dirty = False
        self._update_visibility(group)
        self.ui.draw_ui(self.screen)

    def render_partial(self, rect: pygame.Rect) -> None:
        """Redraw one region of the top scene (the map while panning or hovering) and present only it."""
        self.screen.set_clip(rect)
        self.top.draw_region(self.screen, rect)
        self.top.draw_overlay(self.screen)
        self.screen.set_clip(None)
        pygame.display.update(rect)
        self.partial_draws += 1

    def run(self, max_frames: int | None = None, fps: int = 60) -> int:
        """The main loop; returns the number of frames run."""
        n = 0
        while self.running and (max_frames is None or n < max_frames):
            dt = self.clock.tick(fps) / 1000.0
            self.step(min(dt, 0.1) if dt > 0 else 1 / fps)
            n += 1
        return n

    def close(self) -> None:
        for s in reversed(self.scenes):
            s.leave()
        self.scenes.clear()
        if self.persist_settings:
            try:
                save_settings(self.settings, self.settings_file)
            except OSError as exc:
                log.warning("could not save settings: %s", exc)
        pygame.quit()

    def save_settings_now(self) -> str:
        """Save the settings; returns '' or a message saying why it failed."""
        if not self.persist_settings:
            return ""
        try:
            save_settings(self.settings, self.settings_file)
        except OSError as exc:
            return f"could not save settings: {exc}"
        return ""

    def screenshot(self, path: str | Path) -> Path:
        self.render()
        pygame.image.save(self.screen, str(path))
        return Path(path)

    # --- errors ------------------------------------------------------------------------------
    def _guard(self, fn: Callable[[], None]) -> None:
        if not self.catch_errors:
            fn()
            return
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - any bug becomes a dialog, never a crash
            self.show_error(exc)

    def show_error(self, exc: BaseException, title: str = "Something went wrong") -> None:
        log.error("%s", "".join(traceback.format_exception(exc)))
        self._force_draw = True
        if isinstance(self.top, ErrorDialog):
            return
        self.push(ErrorDialog.from_exception(self, exc, title))
