"""Hostile inputs for the loader tests and the fuzz (imported as ``hostile`` from the tests folder)."""
from __future__ import annotations

import copy
import hashlib
import json
import math
from typing import Any

from game.engine.save_encode import seal, stored_checksum


def reseal(data: Any) -> Any:
    """Recompute every hash a careful hand-editor could recompute (state hash, last turn's hash;
    the checksum, which covers the document's bytes, when it is written: :func:`sealed_bytes`), so
    that the checks behind them are what is tested. Leaves what it cannot parse."""
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
    return data


def sealed_bytes(data: Any) -> bytes | None:
    """The document of ``data`` with its checksum recomputed over its bytes, as the game writes it
    (None: ``data`` has no checksum to recompute, or cannot be written that way)."""
    if not isinstance(data, dict) or "checksum" not in data:
        return None
    try:
        return seal(data)
    except (TypeError, ValueError, UnicodeEncodeError):
        return None


HOSTILE_VALUES: tuple[Any, ...] = (
    math.inf, -math.inf, math.nan, 1e308, -1e308, 5e-324, -5e-324, 0, -1, 2**64, 10**30, -(10**30), "", "x",
    None, True, [], {}, [[[[[]]]]], {"a": {"b": {}}}, "x" * 5000, "\ud800", [1, 2, 3], [-1, -1], ["x", 1, 2, 3],
)


# --- the seeded mutation fuzz of the loaders (test_fuzz_loaders.py, benchmarks/fuzz_loaders.py) -----

import random  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

# A small scenario that uses every part of the schema (variants, era overrides, rivers, patches,
# names, forts, seminar injects with every kind of condition and action), so that a mutant loads
# fast; the shipped maps are mutated too, less often.
SMALL_SCENARIO = """\
name: Fuzz base
description: A small scenario using every part of the schema.
teaching_note: none
sources: ["fuzz"]
map:
  width: 8
  height: 4
  terrain: ["..,,ffhh", "..u,,fmm", ".w,,,.hh", "~~..,,.."]
  owners: ["AAAABBBB", "AAAABBBB", "AAAABBBB", "~~AABBBB"]
  rivers:
    - {kind: minor_river, edges: [[3, 0, 4, 0], [3, 1, 4, 1]]}
  patches:
    - {hex: [1, 1], terrain: forest}
  names:
    - {hex: [2, 1], name: Alpha}
era: {base: "1914", distinguishability: 0.4, perceived_defence_tech: 0.5, war_cost: 0.5}
params: {cumulativity: 1.0, misperception: 0.1, continuation: 0.9}
victory: {max_turns: 20, territory_share: 0.8, capital_loss_eliminates: true}
states:
  - key: A
    name: Aland
    colour: "#aa0000"
    capital: [0, 1]
    treasury: 150
    productivity: 1.2
    ai_type: greedy
    strategy: tft
    security_requirement: 1.5
    war_cost_factor: 2
    difficulty: hard
    forces:
      - {hex: [3, 0], units: {infantry: 3, artillery: 1}}
      - {hex: [3, 2], units: {infantry: 2}}
    forts:
      - {hex: [3, 1], level: 2}
    role: West
    briefing: Hold the river.
    objectives: ["Keep the capital"]
  - key: B
    name: Borduria
    colour: "#0000aa"
    capital: [7, 1]
    forces:
      - {hex: [4, 0], units: {infantry: 3}}
      - {hex: [4, 2], units: {infantry: 2, machine_gun: 1}}
variants:
  open: {era: {base: "1914", defence_tech: 0.8}, params: {cumulativity: 2.0}}
  rich: {states: [{key: A, name: Aland, colour: "#aa0000", capital: [0, 1], treasury: 999},
                  {key: B, name: Borduria, colour: "#0000aa", capital: [7, 1]}]}
seminar:
  facilitator_note: Watch the river.
  phases: {negotiation_seconds: 60, orders_seconds: 0}
  injects:
    - id: incident
      name: Incident
      when: {turn: 2}
      actions:
        - {message: "Shots at the river.", to: [A]}
        - {distinguishability: 0.8}
    - id: shock
      name: Shock
      when: {war: [A, B], treaty: {between: [A, B], kind: trade}, territory_below: {state: A, share: 0.5}}
      actions:
        - {trade_shock: 0.5}
        - {war_cost: {state: B, factor: 3}}
        - {attack: {by: B, target: [3, 0]}}
        - {era: "1850"}
  discussion_questions: ["Why?"]
"""

YAML_TOKENS = (".inf", "-.inf", ".nan", "1.0e308", "-1.0e308", "5.0e-324", "1.0e-300", "!!bool maybe",
               "!!timestamp x", "!!int ''", "!!float ''", "!!int 0x", "!!binary x", "!!python/object:os.system",
               "!!str [1]", "!!set {a: 1}", "!!omap [1]", "&a x", "*a", "<<: {a: 1}", "-1", "0", "99999999999999999999",
               "[", "]", "{", "}", "'", '"', '"\\ud800"', "~", "null", "NO", "yes", "0o17", "1_000", "2020-13-45",
               "[" * 80 + "]" * 80, "- " * 70 + "x", "x" * 300, "\t", ": :", "? x", "%YAML 1.1", "---", "...",
               "@x", "`x", "|", ">", "!x", "!!null ''", "0.0", "1e3", "[1, 2, 3]", "{a: 1}", "[[0, 0]]", "1", "999")


@dataclass(frozen=True)
class Outcome:
    kind: str             # "scenario" | "save" | "bytes"
    status: str           # "loaded" | "clear" | "unclear" | "crash"
    detail: str
    seconds: float


def _all_paths(node: Any, at: tuple = ()) -> list[tuple]:
    out = [at]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _all_paths(v, at + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _all_paths(v, at + (i,))
    return out


def _get(node: Any, path: tuple) -> Any:
    for p in path:
        node = node[p]
    return node


def mutate_tree(rng: random.Random, data: Any, values: tuple[Any, ...]) -> Any:
    """One structural mutation of a decoded document (a copy): set, delete, add, resize, swap."""
    data = copy.deepcopy(data)
    paths = _all_paths(data)
    path = rng.choice(paths[1:] or paths)
    op = rng.random()
    if not path:
        return rng.choice(values)
    parent, key = _get(data, path[:-1]), path[-1]
    node = parent[key]
    if op < 0.45:
        parent[key] = rng.choice(values)
    elif op < 0.55:
        del parent[key]
    elif op < 0.65 and isinstance(node, dict):
        node[rng.choice(["x", "extra", "0", "99", ""])] = rng.choice(values)
    elif op < 0.75 and isinstance(node, list) and node:
        node.append(copy.deepcopy(rng.choice(node))) if rng.random() < 0.5 else node.pop(rng.randrange(len(node)))
    elif op < 0.85 and isinstance(node, (int, float)) and not isinstance(node, bool):
        parent[key] = rng.choice([-node, node + 1, node * 1e300, node * 1e-300, int(node) * 10**20, 0])
    elif op < 0.92 and isinstance(node, str):
        parent[key] = rng.choice([node * 300, node[: len(node) // 2], node + "\ud800", node.upper(), ""])
    else:
        other = _get(data, rng.choice(paths))
        parent[key] = copy.deepcopy(other) if other is not data else rng.choice(values)
    return data


def mutate_text(rng: random.Random, text: str) -> str:
    """One textual mutation of a YAML file: a hostile token for a value, a line deleted/duplicated/
    swapped/re-indented, a cut, a stray character."""
    lines = text.split("\n")
    op = rng.random()
    k = rng.randrange(len(lines))
    if op < 0.5:
        line = lines[k]
        m = re.match(r"^(\s*-?\s*[^:#]*:\s*)(.+)$", line)
        token = rng.choice(YAML_TOKENS)
        lines[k] = m.group(1) + token if m else line + " " + token
    elif op < 0.6:
        del lines[k]
    elif op < 0.7:
        lines.insert(k, lines[k])
    elif op < 0.78:
        j = rng.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
    elif op < 0.86:
        lines[k] = rng.choice([" ", "  ", "\t", ""]) + lines[k].lstrip() if rng.random() < 0.5 else " " + lines[k]
    elif op < 0.93:
        return text[: rng.randrange(len(text))]
    else:
        pos = rng.randrange(len(text))
        return text[:pos] + rng.choice(["\x00", "\x07", "\ufeff", "\u2028", "é", "{", "[", "'", '"', ":", "&", "*", "!", "|"]) + text[pos:]
    return "\n".join(lines)


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    """One byte-level mutation of a file: flips, a cut, inserted or zeroed bytes, a repeated chunk."""
    b = bytearray(raw)
    op = rng.random()
    if op < 0.35:
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif op < 0.55:
        del b[rng.randrange(len(b)):]
    elif op < 0.7:
        i = rng.randrange(len(b))
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    elif op < 0.85:
        i = rng.randrange(len(b))
        b[i:i + rng.randint(1, 64)] = bytes(rng.randint(1, 64))
    else:
        i, j = sorted(rng.randrange(len(b)) for _ in range(2))
        b[j:j] = b[i:j][:4096]
    return bytes(b)


LOCATED = re.compile(r"^.+?(:\d+(:\d+)?)?: .+")


def _issues_clear(exc: FileError, file: str) -> str:  # noqa: F821 - imported below
    """'' when every issue names ``file`` and is one line; else what is wrong."""
    for issue in exc.issues:
        text = str(issue)
        if not issue.file.startswith(file) or "\n" in text or not issue.message or not LOCATED.match(text):
            return f"unclear issue: {text[:200]!r}"
    return ""


from game.engine.errors import FileError  # noqa: E402


def check_scenario(path: Path, play_turns: int = 1) -> tuple[str, str]:
    """Load a scenario as `validate` does; a loaded one is built and played a turn, its variants too."""
    from game.engine.scenario import build_state, load_scenario
    from game.sim.runner import play

    try:
        scn = load_scenario(path)
    except FileError as exc:
        problem = _issues_clear(exc, str(path))
        return ("unclear", problem) if problem else ("clear", str(exc.issues[0])[:200])
    for variant in [None, *scn.variants][:2]:
        state = build_state(scn.resolve(variant), 1, variant)
        for _ in play(state, play_turns):
            pass
    return "loaded", ""


def check_save(path: Path) -> tuple[str, str]:
    """Load a save; a loaded one is verified, rolled back one turn and resumed for a turn."""
    from game.engine.replay import rewind, verify
    from game.engine.saves import load_game
    from game.sim.runner import play

    try:
        loaded = load_game(path)
    except FileError as exc:
        problem = _issues_clear(exc, str(path))
        return ("unclear", problem) if problem else ("clear", str(exc.issues[0])[:200])
    record = loaded.record
    result = verify(record)
    try:
        rewind(record, max(0, record.turns_played - 1))
    except ValueError:
        pass
    if not record.state.finished:
        for _ in play(record.state, 1):
            pass
    return "loaded", "" if result.ok else result.problem[:200]


def base_saves() -> list[tuple[dict[str, Any], Any]]:
    """(decoded document, container summary) of a few games: the small scenario with a facilitator's
    edit, message and inject pending, and a shipped map."""
    from game.engine.record import Intervention, ScenarioSource, start_game
    from game.engine.saves import record_to_plain, summary_of
    from recorded import FOUR_WORLDS, played

    docs = []
    small = start_game(ScenarioSource.from_text(SMALL_SCENARIO, "fuzz.yaml"), None, 5, players={0: "Ann"})
    small = played(small, 2)
    small, _ = small.intervene(Intervention("edit", {"path": "A.treasury", "value": 42.5}))
    small, _ = small.intervene(Intervention("message", {"text": "Calm down.", "to": [1]}))
    small = small.post(0, "We mean no harm.")
    small2, _ = played(small, 1).intervene(Intervention("inject", {"id": "shock"}))
    for rec in (small, small2, played(start_game(FOUR_WORLDS, "w1", 2), 2)):
        plain = record_to_plain(rec, "2026-01-01T00:00:00+00:00")
        plain["checksum"] = stored_checksum(seal(plain))[1]       # written as it is, the document is sealed
        docs.append((json.loads(json.dumps(plain)), summary_of(rec, plain["saved_at"])))
    return docs


def document_bytes(doc: Any, resealed: bool) -> bytes:
    """A (mutated) document as the save writer encodes it (saves.encode_plain), resealed or not."""
    from game.engine.saves import encode_plain

    if resealed:
        doc = reseal(doc)
        sealed = sealed_bytes(doc)
        if sealed is not None:
            return sealed
    try:
        return encode_plain(doc) if isinstance(doc, dict) else json.dumps(doc).encode()
    except UnicodeEncodeError:      # a lone surrogate: written as a \\u escape, as another tool would
        return json.dumps(doc).encode()
    except (TypeError, ValueError):
        return json.dumps(doc, default=str).encode()


def write_save(path: Path, document: bytes, summary: Any) -> None:
    """Write document bytes in the save container, as save_game does (header line, zlib body)."""
    from game.engine import save_container

    path.write_bytes(save_container.encode(document, summary))


def fuzz(seed: int, n_scenarios: int, n_saves: int, n_bytes: int, folder: Path,
         big_maps: tuple[Path, ...] = ()) -> list[Outcome]:
    """Run the fuzz in-process; every input's outcome and time. Files stay in ``folder``."""
    rng = random.Random(seed)
    outcomes: list[Outcome] = []
    base_texts = [SMALL_SCENARIO] + [p.read_text(encoding="utf-8") for p in big_maps]
    base_data = [yaml.safe_load(t) for t in base_texts]
    for k in range(n_scenarios):
        which = 0 if not big_maps or rng.random() < 0.9 else rng.randrange(1, len(base_texts))
        if rng.random() < 0.6:
            text = base_texts[which]
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                text = mutate_text(rng, text)
        else:
            doc = base_data[which]
            for _ in range(rng.choice([1, 1, 2])):
                doc = mutate_tree(rng, doc, HOSTILE_VALUES)
            try:
                text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
            except (yaml.YAMLError, RecursionError):
                text = json.dumps(doc, default=str)
        path = folder / f"s{k:05d}.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        outcomes.append(_timed("scenario", check_scenario, path))
    docs = base_saves()
    for k in range(n_saves):
        doc, summary = docs[rng.randrange(len(docs))]
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            doc = mutate_tree(rng, doc, HOSTILE_VALUES)
        path = folder / f"v{k:05d}.json"
        write_save(path, document_bytes(doc, resealed=rng.random() < 0.7), summary)
        outcomes.append(_timed("save", check_save, path))
    for k in range(n_bytes):
        doc, summary = docs[rng.randrange(len(docs))]
        path = folder / f"b{k:05d}.json"
        raw = document_bytes(doc, resealed=False)
        inside = rng.random() < 0.6         # the document before compression, or the container file itself
        if not inside:
            write_save(path, raw, summary)
            raw = path.read_bytes()
        for _ in range(rng.choice([1, 1, 2])):
            raw = mutate_bytes(rng, raw)
        if inside:
            if rng.random() < 0.5:          # reseal what still parses, so that a flipped digit reaches the deeper checks
                try:
                    raw = document_bytes(json.loads(raw.decode("utf-8")), resealed=True)
                except (UnicodeDecodeError, ValueError, RecursionError):
                    pass
            write_save(path, raw, summary)
        else:
            path.write_bytes(raw)
        outcomes.append(_timed("bytes", check_save, path))
    return outcomes


def _timed(kind: str, check, path: Path) -> Outcome:
    t = time.process_time()
    try:
        status, detail = check(path)
    except Exception as exc:  # noqa: BLE001 - the fuzz reports every crash with its input
        status, detail = "crash", f"{path.name}: {type(exc).__name__}: {str(exc)[:200]}"
    return Outcome(kind, status, detail, time.process_time() - t)
