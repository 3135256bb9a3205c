"""The scenario list of the setup screen: every YAML file in the maps folders, valid or not.

A file that fails validation is listed with its first problem (file:line: message) rather than
hidden, and choosing it shows the full error dialog; nothing here can stop the game starting.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from game.engine.errors import FileError, FileIssue
from game.engine.scenario import load_scenario
from game.resources import maps_dir

REPO_MAPS = maps_dir()


@dataclass(frozen=True)
class ScenarioEntry:
    path: Path
    name: str
    description: str = ""
    teaching_note: str = ""
    variants: tuple[tuple[str, str], ...] = ()      # (key, description)
    states: tuple[tuple[str, str], ...] = ()        # (name, colour)
    size: tuple[int, int] = (0, 0)
    max_turns: int = 0
    error: FileError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def label(self) -> str:
        if self.ok:
            return self.name
        first = self.error.issues[0] if self.error and self.error.issues else None
        where = f" line {first.line}" if first and first.line else ""
        msg = first.message if first else "invalid"
        return f"(!) {self.path.name}{where}: {msg[:70]}"

    @property
    def first_problem(self) -> str:
        return str(self.error.issues[0]) if self.error and self.error.issues else ""


def default_maps_dirs() -> list[Path]:
    return [REPO_MAPS]


def read_entry(path: Path) -> ScenarioEntry:
    try:
        scn = load_scenario(path)
    except FileError as exc:
        return ScenarioEntry(path, path.stem, error=exc)
    except Exception as exc:  # noqa: BLE001 - a broken file is listed, never fatal
        return ScenarioEntry(path, path.stem, error=FileError([FileIssue(str(path), None, None, "", str(exc))]))
    spec = scn.spec
    variants = tuple((k, str(v.get("description", "")) if isinstance(v, dict) else "") for k, v in spec.variants.items())
    return ScenarioEntry(path, spec.name, " ".join(spec.description.split()), " ".join(spec.teaching_note.split()),
                         variants, tuple((s.name, s.colour) for s in spec.states), (spec.map.width, spec.map.height),
                         spec.victory.max_turns)


def discover(dirs: Sequence[Path] | None = None) -> list[ScenarioEntry]:
    """All scenario files (``*.yaml``, ``*.yml``) in ``dirs``; valid ones first, each group by name."""
    files: list[Path] = []
    for d in dirs if dirs is not None else default_maps_dirs():
        if d.is_dir():
            files += sorted(p for p in d.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
    entries = [read_entry(p) for p in _unique(files)]
    return sorted(entries, key=lambda e: (not e.ok, e.name.lower()))


def _unique(paths: Iterable[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        r = p.resolve()
        if r not in seen:
            seen.add(r)
            out.append(p)
    return out
