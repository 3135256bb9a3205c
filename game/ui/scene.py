"""The base class of every screen. A scene owns a pygame_gui root container that it builds from its
own fields (``build``), so it can be rebuilt at any time: on resize, or when a dialog above it closes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel

from .fonts import wrap

if TYPE_CHECKING:  # pragma: no cover
    from .app import App


# theme font (size, bold) of each label class in assets/theme.json
LABEL_FONTS: dict[str | None, tuple[int, bool]] = {None: (15, False), "dim": (13, False), "heading": (18, True),
                                                   "small": (13, False), "cell": (15, True), "cellhead": (13, False),
                                                   "tab": (14, False)}


def oid(cls: str | None = None, obj: str | None = None) -> ObjectID:
    return ObjectID(class_id=f"@{cls}" if cls else None, object_id=f"#{obj}" if obj else None)


class Scene:
    modal = False          # a modal scene is drawn over the scene below it
    opaque = False         # draw() covers the whole window (the App then skips clearing it)
    title = ""
    screen_name = ""       # the name game/ui/screens.py builds it under ("" for scenes not asked for by name)

    def __init__(self, app: "App") -> None:
        self.app = app
        self.root: pygame_gui.elements.UIPanel | pygame_gui.core.UIContainer | None = None
        self.dirty = True
        self.backdrop: pygame.Surface | None = None     # modal scenes: the frame below, set by App.push

    # --- lifecycle ---------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.app.screen.get_size()

    def enter(self) -> None:
        self.root = pygame_gui.core.UIContainer(pygame.Rect((0, 0), self.size), self.app.ui)
        self.build()
        self.dirty = True

    def leave(self) -> None:
        if self.root is not None:
            self.root.kill()
            self.root = None

    def suspend(self) -> None:
        """Another scene is pushed above this one: drop the widgets (rebuilt on resume)."""
        self.leave()

    def resume(self) -> None:
        self.enter()

    def rebuild(self) -> None:
        self.leave()
        self.enter()

    def on_resize(self) -> None:
        """The window changed size while this scene was below another (its widgets rebuild on resume)."""

    # --- overridables ------------------------------------------------------------------------
    def build(self) -> None:
        """Create this scene's widgets inside ``self.root`` from the scene's fields."""

    def handle_event(self, event: pygame.event.Event) -> None:
        """A pygame event the UI manager did not consume."""

    def on_ui_event(self, event: pygame.event.Event) -> None:
        """A pygame_gui event (slider moved, list selection, ...)."""

    def update(self, dt: float) -> None:
        """Advance timers and background work."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw below the widgets."""

    def draw_overlay(self, surface: pygame.Surface) -> None:
        """Draw above the widgets (tooltips, walkthrough boxes); only for the top scene."""

    def widget_free(self, pos: tuple[int, int]) -> bool:
        """No widget lies under ``pos`` (so nothing of pygame_gui can be animating there)."""
        return False

    def wants_redraw(self) -> bool:
        """Something in the scene changed without an input event (e.g. the map view)."""
        return False

    def partial_rect(self, events: list[pygame.event.Event]) -> pygame.Rect | None:
        """A region that is all this frame's events changed (no widget under it), or None for a full redraw."""
        return None

    def draw_region(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """Redraw ``rect`` only (the App has set the clip); by default the whole scene, clipped."""
        self.draw(surface)

    def background(self, until: float) -> None:
        """Work ahead (e.g. the next zoom levels of a map) until ``time.perf_counter()`` reaches ``until``;
        the App calls it at the end of every frame."""

    def static_rects(self) -> list[pygame.Rect]:
        """Regions that ``draw_static`` and the widgets alone fill, the same whenever ``static_key`` is
        (game/ui/static_cache.py keeps them as one image); with what ``draw_dynamic`` covers they must
        make the whole window, and the scene must be ``opaque``. None by default."""
        return []

    def static_key(self) -> object:
        """A value that changes whenever ``draw_static`` would draw other pixels."""
        return None

    def draw_static(self, surface: pygame.Surface) -> None:
        """The part of ``draw`` inside ``static_rects`` (with ``draw_dynamic``, all of ``draw``)."""
        self.draw(surface)

    def draw_dynamic(self, surface: pygame.Surface) -> None:
        """The part of ``draw`` outside ``static_rects``."""

    # --- widget helpers ----------------------------------------------------------------------
    def button(self, rect: pygame.Rect | tuple, text: str, action: Callable[[], None], *, container=None,
               tooltip: str | None = None, cls: str | None = None, obj: str | None = None,
               enabled: bool = True) -> UIButton:
        """A button whose action runs after the current event (one ``step`` is enough in tests). A text
        too wide for the button is shortened by pygame_gui: the full text then becomes its tooltip."""
        if tooltip is None and self.app.fonts.get(15).size(text)[0] > pygame.Rect(rect).w - 14:
            tooltip = text
        b = UIButton(pygame.Rect(rect), text, self.app.ui, container=container or self.root,
                     tool_tip_text=tooltip, object_id=oid(cls, obj),
                     command=lambda: self.app.defer(action))
        if not enabled:
            b.disable()
        return b

    def wrap_text(self, text: str, width: int, cls: str | None = "small") -> list[str]:
        size, bold = LABEL_FONTS.get(cls, (15, False))
        return wrap(self.app.fonts.get(size, bold), text, width - 10)

    def text_lines(self, rect: pygame.Rect | tuple, text: str, *, container=None, cls: str | None = "small",
                   line_h: int = 18, obj: str | None = None) -> list[UILabel]:
        """Word-wrapped text as one label per line (cheap, unlike a text box)."""
        r = pygame.Rect(rect)
        lines = self.wrap_text(text, r.w, cls)
        return [self.label((r.x, r.y + k * line_h, r.w, line_h + 2), line, container=container, cls=cls,
                           obj=obj if k == 0 else None) for k, line in enumerate(lines)]

    def fit_text(self, text: str, width: int, cls: str | None = None) -> str:
        """``text`` shortened with '...' so that it fits ``width`` pixels in the theme font of ``cls``."""
        size, bold = LABEL_FONTS.get(cls, (15, False))
        font = self.app.fonts.get(size, bold)
        limit = width - 8
        if font.size(text)[0] <= limit:
            return text
        while text and font.size(text + "...")[0] > limit:
            text = text[:-1]
        return text.rstrip() + "..."

    def label(self, rect: pygame.Rect | tuple, text: str, *, container=None, cls: str | None = None,
              obj: str | None = None) -> UILabel:
        """A one-line label; text too wide for the rect is shortened rather than clipped, and then
        carries the whole text as its tooltip."""
        r = pygame.Rect(rect)
        size, bold = LABEL_FONTS.get(cls, (15, False))
        r.h = max(r.h, self.app.fonts.get(size, bold).get_linesize() + 2)
        shown = self.fit_text(text, r.w, cls)
        lab = UILabel(r, shown, self.app.ui, container=container or self.root, object_id=oid(cls, obj))
        if shown != text:
            lab.set_tooltip(text)             # the whole line when hovering the shortened one
        return lab
