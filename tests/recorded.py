"""Recorded games for the save and replay tests (imported as ``recorded`` from the tests folder)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from game.ai.simple import simple_orders
from game.engine.record import GameRecord, start_game
from game.engine.save_encode import seal as sealed_document
from game.engine.saves import read_document
from game.sim.runner import Policy, play

ROOT = Path(__file__).resolve().parent.parent
FOUR_WORLDS = ROOT / "maps" / "four_worlds.yaml"
VARIANTS = ("w1", "w2", "w3", "w4")


def played(record: GameRecord, turns: int, policy: Policy | None = simple_orders) -> GameRecord:
    """``record`` after up to ``turns`` more turns of AI play (the built-in simple policy by default)."""
    for res in play(record.state, turns, policy):
        record = record.advanced(res.orders, res.state, res.events)
    return record


def game(variant: str = "w1", seed: int = 1, turns: int = 6, sets: tuple[str, ...] = (),
         policy: Policy | None = simple_orders, scenario: Path = FOUR_WORLDS) -> GameRecord:
    return played(start_game(scenario, variant, seed, sets), turns, policy)


def read(path: Path) -> dict[str, Any]:
    """The JSON document of a save (a compressed container, or a plain JSON file)."""
    return json.loads(read_document(path).decode("utf-8"))


def write(path: Path, data: Any, seal: bool = True) -> None:
    """Write edited save data. ``seal`` recomputes the checksum (of the document's bytes, written as the
    game writes it), as a careful hand-editor would, so that the deeper checks behind it are what the
    test exercises; unsealed, the data is written as other JSON tools would (indented)."""
    if seal and isinstance(data, dict) and "checksum" in data:
        try:
            path.write_bytes(sealed_document(data))
            return
        except (UnicodeEncodeError, TypeError, ValueError):
            pass        # a lone surrogate or a value JSON cannot hold: written unsealed, as other tools would
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
