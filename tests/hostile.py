"""Hostile inputs for the loader tests and the fuzz (imported as ``hostile`` from the tests folder)."""
from __future__ import annotations

import copy
import hashlib
import json
import math
from typing import Any

from game.engine.saves import content_checksum


def reseal(data: Any) -> Any:
    """Recompute every hash a careful hand-editor could recompute (state hash, last turn's hash,
    checksum), so that the checks behind them are what is tested. Leaves what it cannot parse."""
    if not isinstance(data, dict):
        return data
    try:
        st = copy.deepcopy(data["state"])
        for n in st["nations"]:
            n["treasury"] = round(n["treasury"], 9)
            n["productivity"] = round(n["productivity"], 9)
        blob = json.dumps(st, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(blob.encode()).hexdigest()[:16]
        data["state_hash"] = digest
        if data["turns"] and not data["pending"]["interventions"]:
            data["turns"][-1]["record"]["state_hash"] = digest
    except Exception:  # noqa: BLE001 - a mutation broke the shape: the loader reports that
        pass
    if "checksum" in data:
        try:
            data["checksum"] = content_checksum(data)
        except Exception:  # noqa: BLE001
            pass
    return data


HOSTILE_VALUES: tuple[Any, ...] = (
    math.inf, -math.inf, math.nan, 1e308, -1e308, 5e-324, -5e-324, 0, -1, 2**64, 10**30, -(10**30), "", "x",
    None, True, [], {}, [[[[[]]]]], {"a": {"b": {}}}, "x" * 5000, "\ud800", [1, 2, 3], [-1, -1], ["x", 1, 2, 3],
)
