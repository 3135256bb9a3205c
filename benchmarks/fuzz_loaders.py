"""Loader fuzz figures (issue 11 §2): how many mutated scenarios and saves load or get clear errors,
and the slowest single input (the target is <= 2 s each).

    python benchmarks/fuzz_loaders.py [--seed 2026] [--scenarios 900] [--saves 800] [--bytes 400]

The same seeded mutations as ``tests/test_fuzz_loaders.py`` (tests/hostile.py), run in-process;
the time of an input is the CPU time to load it and, when it loads, to play, verify, roll back and
resume it. Last line: ``fuzz_inputs=N loaded=N clear_errors=N clear_pct=P crashes=N max_s=S``.
"""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--scenarios", type=int, default=900)
    ap.add_argument("--saves", type=int, default=800)
    ap.add_argument("--bytes", type=int, default=400)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = hostile.fuzz(args.seed, args.scenarios, args.saves, args.bytes, Path(tmp),
                                big_maps=tuple(sorted((ROOT / "maps").glob("*.yaml"))))
    by = collections.Counter((o.kind, o.status) for o in outcomes)
    for kind in ("scenario", "save", "bytes"):
        n = sum(v for (k, _), v in by.items() if k == kind)
        slowest = max(o.seconds for o in outcomes if o.kind == kind)
        print(f"{kind:8s} inputs {n:5d}  loaded {by[(kind, 'loaded')]:5d}  clear errors {by[(kind, 'clear')]:5d}  "
              f"unclear {by[(kind, 'unclear')]}  crashes {by[(kind, 'crash')]}  slowest {slowest:.3f} s")
    for o in outcomes:
        if o.status in ("crash", "unclear"):
            print(f"  {o.status}: {o.detail}")
    n = len(outcomes)
    clear = sum(1 for o in outcomes if o.status == "clear")
    loaded = sum(1 for o in outcomes if o.status == "loaded")
    bad = n - clear - loaded
    print(f"fuzz_inputs={n} loaded={loaded} clear_errors={clear} clear_pct={100 * clear / n:.1f} "
          f"crashes={bad} max_s={max(o.seconds for o in outcomes):.3f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
