"""The import contracts of docs/architecture.md ("Layers"), checked on every test run.

``.importlinter`` holds the contracts (engine <- ai <- sim <- session <- (ui | cli); nothing below the
UI imports pygame; no import cycles, the UI's scenes included; subcommands independent). Each is run here through
import-linter, so a violation fails ``python -m pytest`` and with it ``.ci/run``. Imports inside
functions are counted by import-linter like any other, and :func:`test_L05` keeps them to a short,
named list, so a lazy import cannot be used to hide a cycle.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from importlinter import api

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".importlinter"
CONTRACTS = [c["id"] for c in api.read_configuration(str(CONFIG))["contracts_options"]]

# Deliberate imports inside functions of game/: (importing module, imported module) -> why.
# Anything else inside a function must move to the top of its module (import-linter then sees the
# same graph at import time as at run time).
LAZY_IMPORTS: dict[tuple[str, str], str] = {
    ("game.cli.cmd_play", "game.ui.entry"): "the CLI's door into the UI: headless commands never load it",
    ("game.cli.cmd_report", "game.ui.entry"): "the CLI's door into the UI: charts for the report",
    ("game.cli.cmd_batch", "game.sim.dask_backend"): "dask is optional (the cluster extra): loaded only for --backend dask",
    ("game.ui.entry", "game.ui.compat"): "pygame start-up: check pygame-ce before anything imports pygame",
    ("game.ui.entry", "game.ui.charts"): "pygame start-up: SDL variables are set before pygame is imported",
    ("game.ui.entry", "game.ui.persistence"): "pygame start-up: after the pygame-ce check",
    ("game.ui.entry", "game.session.local"): "pygame start-up: after the pygame-ce check",
    ("game.ui.entry", "game.ui.app"): "pygame start-up: after the pygame-ce check",
    ("game.ui.entry", "game.ui.flow"): "pygame start-up: after the pygame-ce check",
    ("game.ui.entry", "game.engine.saves"): "first frame: the engine loads only when a game is opened from the "
    "command line (issue 14)",
    ("game.cli.cmd_play", "game.cli.common"): "first frame: `play` builds its parser and opens the title screen "
    "without the engine (saves; issue 14)",
    ("game.cli.cmd_play", "game.cli.random_map"): "first frame: the random map is generated only when asked for (issue 14)",
    ("game.cli.cmd_play", "game.engine.random_map"): "first frame: the random map is generated only when asked for (issue 14)",
    ("game.cli.cmd_play", "game.engine.record"): "first frame: a scenario is loaded only when --scenario asks for one (issue 14)",
    ("game.ui.app", "game.ui.persistence"): "first frame: the saves API (engine, sessions) loads at the first "
    "Ctrl+S/Ctrl+L, not before the title screen (issue 14)",
    ("game.ui.scenes.title", "game.ui.persistence"): "first frame: the title screen comes up without the saves API "
    "(engine, sessions); its Load button loads it (issue 14)",
    **{("game.ui.screens", f"game.ui.scenes.{m}"): "each scene's module is imported when its screen is first "
       "built: the title screen comes up without the engine and every other scene loaded (issue 14, first frame)"
       for m in ("briefing", "curtain", "debrief", "facilitator", "game", "help", "hotseat_setup", "load_game",
                 "negotiation", "network_facilitator", "network_host", "network_join", "network_resolution", "network_room", "passphrase", "reasons", "replay_viewer",
                 "resolution", "seminar_debrief", "seminar_resolution", "seminar_resume", "seminar_setup",
                 "settings_scene", "setup", "title", "verdict")},
}
# Packages whose function-level imports are held to LAZY_IMPORTS: all of them.
CHECKED = ("game.",)


def _lint(*args: str) -> subprocess.CompletedProcess:
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True, config_filenames=tuple(sys.argv[1:2]), "
            "limit_to_contracts=tuple(sys.argv[2:])))")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_L01_the_contracts_name_every_layer_and_every_subcommand():
    """The layer order is the documented one and every ``cmd_*.py`` is in the independence contract,
    so a new subcommand cannot slip past it."""
    options = {c["id"]: c for c in api.read_configuration(str(CONFIG))["contracts_options"]}
    assert options["layers"]["layers"] == ["game.ui | game.cli", "game.session", "game.sim", "game.ai", "game.engine"]
    assert set(options["no-pygame"]["forbidden_modules"]) == {"pygame", "pygame_gui"}
    commands = {f"game.cli.{p.stem}" for p in (ROOT / "game" / "cli").glob("cmd_*.py")}
    assert set(options["cli-commands"]["modules"]) == commands


@pytest.mark.parametrize("contract", CONTRACTS)
def test_L02_contract_is_kept(contract):
    """Each contract of ``.importlinter`` holds for the code as it is."""
    got = _lint(str(CONFIG), contract)
    assert got.returncode == 0, got.stdout[-4000:] + got.stderr[-2000:]


def test_L03_a_violation_is_reported(tmp_path):
    """The checker really sees the imports: the same layers turned upside down must fail."""
    upside_down = tmp_path / "upside_down.ini"
    upside_down.write_text("[importlinter]\nroot_package = game\n\n[importlinter:contract:reversed]\n"
                           "name = reversed\ntype = layers\nlayers =\n    game.engine\n    game.sim\n")
    got = _lint(str(upside_down))
    assert got.returncode != 0
    assert "game.sim is not allowed to import game.engine" in got.stdout


def _function_imports(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every ``game.*`` import inside a function of ``path``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Import):
                found += [(node.lineno, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                target = node.module or ""
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([target] if target else []))
                found.append((node.lineno, target))
    return [(line, m) for line, m in found if m == "game" or m.startswith("game.")]


def _modules() -> list[tuple[Path, str]]:
    out = []
    for path in sorted((ROOT / "game").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        out.append((path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)))
    return out


def test_L04_the_function_import_scanner_resolves_relative_imports(tmp_path):
    pkg = tmp_path / "game" / "ui" / "scenes"
    pkg.mkdir(parents=True)
    (pkg / "x.py").write_text("import os\n\ndef f():\n    from ..flow import Match\n    from . import y\n"
                              "    from game.engine import state\n    import json\n")
    assert _function_imports(pkg / "x.py", "game.ui.scenes.x") == [
        (4, "game.ui.flow"), (5, "game.ui.scenes"), (6, "game.engine")]


def test_L05_imports_inside_functions_are_only_the_named_deliberate_ones():
    """Each ``game.*`` import inside a function is in LAZY_IMPORTS with its reason; the others were
    moved to the top of their modules, where the acyclic contracts see any cycle they would make."""
    stray = [f"{path.relative_to(ROOT)}:{line}: {module} imports {target} inside a function"
             for path, module in _modules() if module.startswith(CHECKED)
             for line, target in _function_imports(path, module) if (module, target) not in LAZY_IMPORTS]
    assert not stray, "\n".join(stray)


# The only imports of one scene module by another: a base class or a shared layout, never navigation.
SCENE_TO_SCENE: dict[tuple[str, str], str] = {
    ("game.ui.scenes.hotseat_setup", "game.ui.scenes.setup"): "HotseatSetupScene extends SetupScene",
    ("game.ui.scenes.seminar_setup", "game.ui.scenes.setup"): "SeminarSetupScene extends SetupScene",
    ("game.ui.scenes.seminar_debrief", "game.ui.scenes.debrief"): "both debriefs share ChartPane",
    ("game.ui.scenes.seminar_resolution", "game.ui.scenes.resolution"): "the seminar's resolution extends it",
    ("game.ui.scenes.network_resolution", "game.ui.scenes.resolution"): "a joined seat's resolution extends it",
    ("game.ui.scenes.resolution", "game.ui.scenes.game"): "the resolution keeps the orders screen's layout",
    ("game.ui.scenes.setup", "game.ui.scenes.setup_random"): "the setup screen's random-map choice",
}


def _runtime_imports(path: Path, module: str) -> set[str]:
    """Absolute names of the modules ``path`` imports when it runs (not under TYPE_CHECKING)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {id(n) for s in tree.body if isinstance(s, ast.If) and "TYPE_CHECKING" in ast.unparse(s.test)
                for n in ast.walk(s)}
    for node in ast.walk(tree):
        if id(node) in checking or not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join(parts + ([base] if base else []))
        out.add(base)
        out.update(f"{base}.{a.name}" for a in node.names)      # ``from . import setup_random``
    return out


def test_L06_navigation_goes_through_one_table_of_named_screens():
    """Scenes and flows ask for screens by name (``app.build_screen``); game/ui/screens.py is the one
    module that imports the scenes to build them, each under its own ``screen_name``; a scene imports
    another scene module only for a base class or a shared layout (SCENE_TO_SCENE)."""
    from game.ui import screens
    router = screens.default_router()
    classes = screens.scene_classes()
    assert [c.screen_name for c in classes] == list(screens.SCREENS)      # each class under its own name
    assert set(router.names) == set(screens.SCREENS) | set(screens.FUNCTIONS)
    assert all(callable(load()) for load in screens.FUNCTIONS.values())
    with pytest.raises(KeyError, match="no screen called 'nowhere'"):
        router.make("nowhere", None)
    # the scene modules themselves; a sub-package such as scenes/console/ holds the parts of one scene
    scene_modules = {m for _, m in _modules() if m.startswith("game.ui.scenes.") and m.count(".") == 3}
    stray = []
    for path, module in _modules():
        if module == "game.ui.screens" or not module.startswith("game.ui"):
            continue
        for target in sorted(_runtime_imports(path, module) & scene_modules):
            if target != module and (module, target) not in SCENE_TO_SCENE:
                stray.append(f"{path.relative_to(ROOT)} imports {target}: navigate with app.build_screen(name)")
    assert not stray, "\n".join(stray)
