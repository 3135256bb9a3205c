"""Fail unless every dependency pyproject.toml declares is installed inside its bounds.

    python .ci/check_versions.py [EXTRA ...]     # default: the "test" extra, as .ci/run installs it

Checks the project's dependencies plus those of the named extras, with importlib.metadata (what is
really installed, whatever pip resolved) and packaging's specifiers. Prints one line per problem and
a summary; exit 1 on any problem.
"""
from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def declared(extras: list[str]) -> list[Requirement]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    lines = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"pyproject.toml has no extra {extra!r} (it has: {', '.join(optional)})")
        lines += optional[extra]
    return [Requirement(line) for line in lines]


def problems(requirements: list[Requirement]) -> list[str]:
    out = []
    for req in requirements:
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            out.append(f"{req.name}: not installed (wanted {req.specifier})")
            continue
        if not req.specifier.contains(version, prereleases=True):
            out.append(f"{req.name}: {version} is installed, outside the bounds {req.specifier}")
    return out


def main(argv: list[str]) -> int:
    requirements = declared(argv or ["test"])
    found = problems(requirements)
    for line in found:
        print(f"check_versions: {line}")
    print(f"check_versions: {len(requirements) - len(found)} of {len(requirements)} dependencies "
          f"installed within the bounds of pyproject.toml")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
