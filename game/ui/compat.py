"""Start-up check: the game needs pygame-ce (upstream ``pygame`` installs into the same folder and breaks pygame_gui)."""
from __future__ import annotations

import importlib
import os

FIX = "pip uninstall -y pygame pygame-ce && pip install pygame-ce"


def prepare_sdl_environment() -> None:
    """Environment SDL reads at import time: set before the first ``import pygame``.

    ``SDL_FRAMEBUFFER_ACCELERATION=0`` (unless the user set it): on Linux, SDL otherwise opens a hidden
    OpenGL window to see whether the driver is NVIDIA's or ATI's before it shows the window surface,
    which loads the whole GL stack (Mesa, LLVM) into the process and keeps it there - about 100 MB of
    resident memory and a slower frame under X (issue 14: peak RSS 308 -> 208 MB under Xvfb) - only to
    use X's own shared-memory framebuffer anyway on every other driver. The pixels are the same.
    """
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
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
