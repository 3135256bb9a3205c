"""Numbers that validate must be playable (issue 11 §2): every float field of every schema has a
finite range; inf, NaN and 1e308 are refused with a located message through the file, ``--set``, a
save and the facilitator's Edit; a subnormal (5e-324) is refused where the engine divides by the
field and plays elsewhere; and the ends of every range play on, save and load."""
from __future__ import annotations

import math
import types
import typing
from pathlib import Path

import pytest
from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel

from game.engine.errors import FileError
from game.engine.facilitator import editable_paths, edit_state
from game.engine.record import Intervention, ScenarioSource, start_game
from game.engine.replay import verify
from game.engine.rules import Constants, Rules
from game.engine.save_schema import SaveModel
from game.engine.saves import load_game, save_game
from game.engine.scenario import load_scenario
from game.engine.scenario_schema import EraSpec, ParamsSpec, ScenarioSpec, StateSpec, VictorySpec
from game.sim.runner import play

FOUR = Path("maps/four_worlds.yaml")
HOSTILE = (math.inf, -math.inf, math.nan, 1e308, -1e308, -5e-324)
SUBNORMALS = (5e-324, 1e-300)
# Floats that are text for people, never played with: an AI's figures behind a decision (may be
# inf by design) and free-form event data.
DISPLAY_ONLY = {("OrdersModel", "motives"), ("EventModel", "data"), ("InterventionModel", "args"),
                ("MapSpec", "generator"), ("ScenarioSpec", "variants")}


def _float_ranges(tp: typing.Any, meta: list[typing.Any]) -> list[tuple[list[typing.Any], bool]]:
    """(metadata, allow_inf_nan) of every float reachable in the annotation ``tp``."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *more = typing.get_args(tp)
        extra = [m for x in more for m in (getattr(x, "metadata", None) or [x])]
        return _float_ranges(base, meta + extra)
    if tp is float:
        return [(meta, not any(getattr(m, "allow_inf_nan", True) is False for m in meta))]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return []            # walked on its own
    out = []
    for arg in typing.get_args(tp):
        out += _float_ranges(arg, [] if origin in (dict, list, tuple, types.UnionType, typing.Union) else meta)
    return out


def _models(root: type[BaseModel]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [root]
    while todo:
        m = todo.pop()
        if m in seen:
            continue
        seen.add(m)
        for f in m.model_fields.values():
            stack = [f.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(typing.get_args(t))
    return seen


@pytest.mark.parametrize("root", [ScenarioSpec, Rules, Constants, SaveModel], ids=lambda m: m.__name__)
def test_every_float_field_has_a_finite_range(root: type[BaseModel]) -> None:
    unbounded = []
    for model in _models(root):
        for name, f in model.model_fields.items():
            if (model.__name__, name) in DISPLAY_ONLY:
                continue
            for meta, inf_ok in _float_ranges(f.annotation, list(f.metadata)):
                lo = [m for m in meta if isinstance(m, (Ge, Gt))]
                hi = [m for m in meta if isinstance(m, (Le, Lt))]
                if inf_ok or not lo or not hi:
                    unbounded.append(f"{model.__name__}.{name}")
    assert not unbounded, f"floats without a finite range: {sorted(set(unbounded))}"


def _range(model: type[BaseModel], name: str) -> tuple[float, float]:
    ((meta, _),) = _float_ranges(model.model_fields[name].annotation, list(model.model_fields[name].metadata))
    lo = next(getattr(m, "ge", None) if isinstance(m, Ge) else m.gt for m in meta if isinstance(m, (Ge, Gt)))
    hi = next(getattr(m, "le", None) if isinstance(m, Le) else m.lt for m in meta if isinstance(m, (Le, Lt)))
    return float(lo), float(hi)


SET_FIELDS = ([("era", EraSpec, n) for n, f in EraSpec.model_fields.items() if _float_ranges(f.annotation, [])]
              + [("params", ParamsSpec, n) for n in ParamsSpec.model_fields]
              + [("victory", VictorySpec, "territory_share")]
              + [("states[0]", StateSpec, n) for n, f in StateSpec.model_fields.items() if _float_ranges(f.annotation, [])])


def _playable(record, tmp_path: Path, turns: int = 2) -> None:
    """Play on, then save, load and verify: nothing crashes, every number stays finite."""
    for res in play(record.state, turns):
        record = record.advanced(res.orders, res.state, res.events)
        for n in res.state.nations:
            assert math.isfinite(n.treasury) and math.isfinite(n.productivity)
    loaded = load_game(save_game(record, tmp_path / "g.json"))
    assert verify(loaded.record).ok


@pytest.mark.parametrize("where,model,name", SET_FIELDS, ids=lambda x: x if isinstance(x, str) else "")
def test_hostile_numbers_in_a_set_are_refused_with_the_place(where, model, name) -> None:
    scn = load_scenario(FOUR)
    for value in HOSTILE:
        with pytest.raises(FileError) as exc:
            scn.resolve("w1", [f"{where}.{name}={value!r}".replace("inf", ".inf").replace("nan", ".nan")])
        (issue,) = exc.value.issues
        assert issue.file.endswith("four_worlds.yaml") and issue.line and name in issue.path, str(issue)


@pytest.mark.slow
@pytest.mark.parametrize("where,model,name", SET_FIELDS, ids=lambda x: x if isinstance(x, str) else "")
def test_the_ends_of_every_range_play_on_and_save(where, model, name, tmp_path: Path) -> None:
    lo, hi = _range(model, name)
    for value in (lo, hi) + (SUBNORMALS if lo == 0 else ()):
        record = start_game(ScenarioSource.from_file(FOUR), "w1", 2, [f"{where}.{name}={value!r}"])
        _playable(record, tmp_path)


@pytest.mark.parametrize("where,model,name", [f for f in SET_FIELDS if _range(f[1], f[2])[0] > 0],
                         ids=lambda x: x if isinstance(x, str) else "")
def test_subnormals_are_refused_where_the_engine_divides(where, model, name) -> None:
    for value in SUBNORMALS:
        with pytest.raises(FileError, match=name):
            load_scenario(FOUR).resolve("w1", [f"{where}.{name}={value!r}"])


def test_hostile_numbers_in_a_scenario_file_are_located(tmp_path: Path) -> None:
    text = FOUR.read_text(encoding="utf-8")
    assert "  cumulativity: 1.0\n" in text
    for literal in (".inf", "-.inf", ".nan", "1.0e308", "-5.0e-324", "!!float 1e99999", "!!float ''"):
        p = tmp_path / "s.yaml"
        p.write_text(text.replace("  cumulativity: 1.0\n", f"  cumulativity: {literal}\n"), encoding="utf-8")
        with pytest.raises(FileError) as exc:
            load_scenario(p)
        assert any(i.path == "params.cumulativity" and i.line == 45 for i in exc.value.issues), exc.value


@pytest.mark.parametrize("path", editable_paths(start_game(FOUR, "w1").state))
def test_facilitator_edits_refuse_hostile_numbers(path: str) -> None:
    record = start_game(FOUR, "w1", seed=3)
    field = path.partition(".")[2]
    negative = (-0.5,) if not path.startswith(("era.", "params.")) else ()   # a treasury etc. is never < 0
    for bad in (("x" * 500, 3.0, {"a": 1}, None) if field in ("ai_type", "strategy")
                else HOSTILE[:-1] + negative + ("inf", "nan", "1e400", "", "ten", True, [1], None)):
        with pytest.raises(ValueError) as exc:
            edit_state(record.state, path, bad)
        assert path in str(exc.value)


@pytest.mark.slow
@pytest.mark.parametrize("path", editable_paths(start_game(FOUR, "w1").state))
def test_facilitator_edits_refuse_hostile_numbers_and_survive_the_ends(path: str, tmp_path: Path) -> None:
    record = start_game(FOUR, "w1", seed=3)
    head, _, field = path.partition(".")
    if field in ("ai_type", "strategy"):
        for bad in ("x" * 500, 3.0, {"a": 1}, None):
            with pytest.raises(ValueError):
                edit_state(record.state, path, bad)
        return
    for bad in HOSTILE[:-1] + ("inf", "nan", "1e400", "", "ten", True, [1], None):
        with pytest.raises(ValueError) as exc:
            edit_state(record.state, path, bad)
        assert path in str(exc.value)
    for value in (0.0, 1.0, 1e6, 1e12, 1e-6) + SUBNORMALS:
        try:
            edit_state(record.state, path, value)
        except ValueError:
            continue
        rec, _ = record.intervene(Intervention("edit", {"path": path, "value": value}))
        _playable(rec, tmp_path, turns=1)
