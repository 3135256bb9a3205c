"""Seeded mutation fuzz of the loaders (issue 11 §2): over 2,000 mutated scenarios (YAML text and
data), saves (decoded JSON documents written in the save container as saves are, resealed or not)
and raw bytes (of the document inside the container, or of the container file itself). Every input loads (and then plays, verifies, rolls back and resumes) or is refused with
``file:line:col: path: message`` lines naming the file; never a traceback. A sample goes through the
CLI (``validate``, ``replay --verify``) in subprocesses: exit 0/1 or 2 with such lines.
Per-input times: ``python benchmarks/fuzz_loaders.py`` (the brief forbids timed assertions)."""
from __future__ import annotations

import collections
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hostile
from recorded import ROOT

SEED = 2026
N_SCENARIOS, N_SAVES, N_BYTES = 900, 800, 400
MAPS = tuple(sorted((ROOT / "maps").glob("*.yaml")))
LINE = re.compile(r"^(?P<file>.+?)(:(?P<line>\d+)(:(?P<col>\d+))?)?: (?P<rest>.+)$")


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory) -> tuple[Path, list[hostile.Outcome]]:
    folder = tmp_path_factory.mktemp("fuzz")
    return folder, hostile.fuzz(SEED, N_SCENARIOS, N_SAVES, N_BYTES, folder, big_maps=MAPS)


@pytest.mark.slow
def test_every_mutant_loads_or_gets_clear_lines(fuzzed) -> None:
    _, outcomes = fuzzed
    assert len(outcomes) >= 2000
    bad = [o.detail for o in outcomes if o.status in ("crash", "unclear")]
    assert not bad, bad[:10]
    seen = collections.Counter((o.kind, o.status) for o in outcomes)
    # the fuzz reaches both sides of every loader (not only the first check)
    assert all(seen[(k, "clear")] > 0 for k in ("scenario", "save", "bytes"))
    assert seen[("scenario", "loaded")] > 0 and seen[("save", "loaded")] > 0


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          timeout=300, cwd=ROOT)


@pytest.mark.slow
def test_a_sample_through_the_cli_exits_2_with_located_lines(fuzzed) -> None:
    folder, outcomes = fuzzed
    rng = random.Random(SEED)
    scenarios = sorted(folder.glob("s*.yaml"))
    status = {f"s{k:05d}.yaml": o.status for k, o in enumerate(o for o in outcomes if o.kind == "scenario")}
    sample = rng.sample(scenarios, 80)
    proc = _cli("validate", *map(str, sample))
    assert "Traceback" not in proc.stderr
    bad_files = {p.name for p in sample if status[p.name] != "loaded"}
    assert proc.returncode == (2 if bad_files else 0)
    *lines, summary = proc.stderr.strip().splitlines()
    assert summary.startswith(f"{len(bad_files)} of {len(sample)} file(s) invalid")
    named = set()
    for line in lines:
        m = LINE.match(line)
        assert m and m["line"] and m["col"], line       # scenario problems always have a place
        named.add(Path(m["file"]).name)
    assert named == bad_files
    saves = rng.sample(sorted(folder.glob("v*.json")), 6) + rng.sample(sorted(folder.glob("b*.json")), 4)
    for path in saves:
        proc = _cli("replay", str(path), "--verify", "--quiet")
        assert proc.returncode in (0, 1, 2) and "Traceback" not in proc.stderr, proc.stderr
        if proc.returncode == 2:
            for line in proc.stderr.strip().splitlines():
                m = LINE.match(line)
                assert m and m["file"].startswith(str(path)), line
