"""Start-up check: the game needs pygame-ce (upstream ``pygame`` installs into the same folder and breaks pygame_gui)."""
from __future__ import annotations

import importlib
import os

FIX = "pip uninstall -y pygame pygame-ce && pip install pygame-ce"


def prepare_sdl_environment() -> None:
    """Environment SDL reads at import time: set before the first ``import pygame``."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def prefer_native_framebuffer(driver: str) -> None:
    """Before the window opens: under X11, show the window surface through X's shared-memory
    framebuffer rather than an OpenGL texture (``SDL_FRAMEBUFFER_ACCELERATION=0`` unless the user set it).

    By default SDL 2 on Linux presents the window surface through a GL renderer, which loads the
    whole GL stack (Mesa, LLVM) into the process - about 100 MB of resident memory - and, without a
    GPU, renders every frame in software (issue 14: peak RSS under Xvfb 308 -> 208 MB, median frame
    11.0 -> 1.6 ms CPU). The pixels are the same. Only for ``x11``: other drivers (Wayland, macOS) have
    no native framebuffer in SDL 2, where the hint would leave no window surface at all.
    """
    if driver == "x11":
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


def pygame_problem() -> str | None:
    """None when pygame-ce and pygame_gui import cleanly, else one line saying what is wrong and the fix."""
    prepare_sdl_environment()
    try:
        pygame = importlib.import_module("pygame")
    except ImportError:
        return f"pygame-ce is not installed. Fix: {FIX}"
    if not getattr(pygame, "IS_CE", False):
        ver = getattr(getattr(pygame, "version", None), "ver", "unknown")
        return f"this game needs pygame-ce, but the installed pygame is upstream pygame {ver}. Fix: {FIX}"
    try:
        importlib.import_module("pygame_gui")
    except ImportError as exc:
        return f"pygame_gui cannot be imported ({exc}). Fix: {FIX} && pip install pygame_gui"
    return None
