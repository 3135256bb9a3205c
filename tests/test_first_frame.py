"""``python main.py play`` shows its title screen before it loads the engine (issue 14, first frame):
the CLI builds only the ``play`` parser, and the entry, the app and the title scene import the
saves, sessions and scenarios when a game is opened, not before. Checked in a real process: at the
title screen's first flip, no engine module beyond the plain ones, no numpy, no pydantic."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AT_FIRST_FLIP = r"""
import json, os, sys
sys.argv = ["main.py"] + json.loads(sys.argv[1])
sys.path.insert(0, os.getcwd())
import pygame.display
_flip = pygame.display.flip
def flip():
    _flip()
    print("MODULES " + json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)
pygame.display.flip = flip
import runpy
runpy.run_path("main.py", run_name="__main__")
"""

# What the title screen may load of the game's own code besides the UI: constants and error types.
LIGHT = {"game.engine", "game.engine.errors", "game.engine.hexgrid", "game.engine.limits"}


def modules_at_first_flip(tmp_path: Path, *argv: str) -> set[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", AT_FIRST_FLIP, json.dumps(list(argv))], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("MODULES ")]
    assert lines, out.stderr[-2000:]
    return set(json.loads(lines[0][len("MODULES "):]))


def test_the_title_screen_comes_up_without_the_engine(tmp_path):
    for argv in ([], ["play", "--max-frames", "2"]):
        mods = modules_at_first_flip(tmp_path, *argv)
        assert "game.ui.scenes.title" in mods
        heavy = sorted(m for m in mods if m.split(".")[0] in ("numpy", "pydantic")
                       or m.startswith(("game.engine.", "game.sim", "game.ai", "game.session")) and m not in LIGHT
                       or m.startswith("game.cli.cmd_") and m != "game.cli.cmd_play")
        assert not heavy, f"{argv}: imported before the title screen: {heavy}"


def test_a_game_from_the_command_line_still_opens(tmp_path):
    """``--scenario`` loads the engine before the window, as it must, and reaches the game."""
    mods = modules_at_first_flip(tmp_path, "play", "--scenario", "maps/four_worlds.yaml", "--variant", "w1",
                                 "--max-frames", "2", "--skip-walkthrough")
    assert {"game.engine.record", "game.session.local", "numpy"} <= mods
