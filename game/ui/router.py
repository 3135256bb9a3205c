"""Navigation in one place: screens are asked for by name (``app.build_screen("title")``), and the one
table of what each name builds is :mod:`game.ui.screens`.

A scene or a flow that wants to go somewhere names the place instead of importing the scene that
is there, so the scenes do not import each other (and the import graph of the UI has no cycles;
docs/architecture.md, "Layers"). Whether the new screen is pushed over the current one, replaces
it or resets the stack stays the caller's choice (``app.push`` / ``replace`` / ``reset``).
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

Factory = Callable[..., Any]


class Router:
    """Named factories: each is called with the app first, then the caller's arguments."""

    def __init__(self, factories: Mapping[str, Factory]) -> None:
        self._factories = dict(factories)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._factories))

    def make(self, name: str, app: Any, *args: Any, **kwargs: Any) -> Any:
        """What ``name`` builds for ``app``; KeyError names the unknown place."""
        try:
            factory = self._factories[name]
        except KeyError:
            raise KeyError(f"no screen called {name!r}; known: {', '.join(self.names)}") from None
        return factory(app, *args, **kwargs)
