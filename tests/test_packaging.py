"""The dependency bounds, the lock and the CI version check agree."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def check_versions():
    spec = importlib.util.spec_from_file_location("check_versions", ROOT / ".ci" / "check_versions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_dependency_has_a_lower_and_an_upper_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    for req in map(Requirement, lines):
        ops = {s.operator for s in req.specifier}
        assert ops & {">=", "==", "~="} and ops & {"<", "<=", "==", "~="}, req


def test_the_lock_pins_every_declared_dependency_inside_its_bounds():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    assert "security-dilemma" not in pins and "pip" not in pins
    for req in check_versions().declared(["test"]):
        assert req.specifier.contains(pins[canonicalize_name(req.name)]), (req, pins.get(req.name))


def test_the_version_check_names_what_is_outside_the_bounds_or_missing():
    cv = check_versions()
    assert cv.problems([Requirement("pytest>=1")]) == []
    (outside,) = cv.problems([Requirement("pytest<1")])
    assert outside.startswith("pytest: ") and "outside the bounds <1" in outside
    (missing,) = cv.problems([Requirement("no-such-package-at-all>=1")])
    assert "not installed" in missing
    assert cv.problems([Requirement('no-such-package-at-all>=1; python_version < "3"')]) == []
