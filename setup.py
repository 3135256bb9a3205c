"""Build hook only (the project is configured in pyproject.toml): ship the top-level ``assets/``
and ``maps/`` folders, with every subfolder, inside the wheel as ``game/assets`` and ``game/maps``,
where ``game/resources.py`` looks first. An editable install uses the checkout's folders in place."""
from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("assets", "maps")


def bundled_files(name: str) -> list[Path]:
    return sorted(p for p in (ROOT / name).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


class BuildPyWithBundles(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUNDLED:
            for src in bundled_files(name):
                dest = Path(self.build_lib, "game", name, src.relative_to(ROOT / name))
                self.mkpath(str(dest.parent))
                self.copy_file(str(src), str(dest))


setup(cmdclass={"build_py": BuildPyWithBundles})
