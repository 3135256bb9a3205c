"""Where the bundled runtime files are: the top-level ``assets/`` and ``maps/`` folders.

One place answers "where is the theme / a sound / the shipped scenarios", for a source checkout
(editable install) and for an installed copy alike. Nothing here is fetched at run time.
"""
from __future__ import annotations

from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[1]


def assets_dir() -> Path:
    """The folder of runtime assets (theme, fonts, images, sounds)."""
    return _REPO_ROOT / "assets"


def maps_dir() -> Path:
    """The folder of the shipped scenarios."""
    return _REPO_ROOT / "maps"


def asset_path(*parts: str) -> Path:
    """A file under the assets folder, e.g. ``asset_path("sounds", "battle.wav")``."""
    return assets_dir().joinpath(*parts)
