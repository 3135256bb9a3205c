"""Where the bundled runtime files are: the top-level ``assets/`` and ``maps/`` folders.

One place answers "where is the theme / a sound / the shipped scenarios", for a source checkout
(run in place or installed editable) and for an installed copy alike: a wheel ships the two folders
inside the package, as ``game/assets`` and ``game/maps`` (``setup.py``). Nothing here is fetched at
run time.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_dir(name: str, package: Path = _PACKAGE) -> Path:
    """The folder ``name`` inside the installed ``package`` if it is there, else the checkout's
    top-level one beside the package."""
    installed = package / name
    return installed if installed.is_dir() else package.parent / name


def assets_dir() -> Path:
    """The folder of runtime assets (theme, fonts, images, sounds)."""
    return bundled_dir("assets")


def maps_dir() -> Path:
    """The folder of the shipped scenarios."""
    return bundled_dir("maps")


def asset_path(*parts: str) -> Path:
    """A file under the assets folder, e.g. ``asset_path("sounds", "battle.wav")``."""
    return assets_dir().joinpath(*parts)
