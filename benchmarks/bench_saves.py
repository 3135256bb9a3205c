"""Save size and save/load time (issues 11 and 14): a 200-turn Concert of Powers game.

    python benchmarks/bench_saves.py [--turns 200] [--seed 1] [--repeat 5]
    python benchmarks/compare.py --baseline 9c9abb0 --only bench_saves.py     # against 9c9abb0, one run

The game is played by the built-in simple policy with ``victory.max_turns`` raised above the number
of turns. Every figure is CPU time (``time.process_time``; wall in the text lines), the median of
``--repeat`` runs, and each timed run ends with ``gc.collect(0)``: the young generation's collection
that the objects a load or save made will cost anyway is counted where it belongs (freeing the game a
load returned is not).

* ``save``: ``save_game`` of a record none of whose turns was saved before (each run gets fresh
  ``TurnRecord`` objects: the first save of a game played or loaded in this process; ``run --save``).
* ``autosave``: the game played on by one turn, then ``save_game`` again, ``--repeat`` times: what
  the GUI, a seminar and the network host do after every turn (the turns saved before are not
  encoded again, on a tree that keeps them).
* ``load``: ``load_game`` of the file ``save`` wrote (a save of the tree's own format).
* ``encrypted``: the same with a key (trees with the encrypted container only); the unlock (scrypt
  at the default cost, once per game) is timed on its own.

The code measured is ``SD_CODE_ROOT``'s (benchmarks/_bench.py), so compare.py runs this script on
9c9abb0 (plain JSON saves, no container) and on the current tree alike. Last line: ``name=value``
pairs; ``compare.py`` turns ``save_ms``, ``autosave_ms`` and ``load_ms`` into ``save_ratio``,
``autosave_ratio`` and ``load_ratio`` (baseline / current).
"""
from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import _bench  # noqa: F401  (puts the measured tree on sys.path)
from _bench import clock, footer, header

from game.ai.simple import simple_orders  # noqa: E402
from game.engine.record import start_game  # noqa: E402
from game.engine.saves import load_game, save_game  # noqa: E402
from game.sim.runner import play  # noqa: E402

MAP = _bench.CODE_ROOT / "maps" / "concert_of_powers.yaml"


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(CPU s, wall s) of ``fn()`` and the young generation's collection after it; what ``fn``
    returns (a loaded game) is freed after the clocks stop, not counted."""
    c, w = time.process_time(), time.perf_counter()
    result = fn()
    gc.collect(0)
    spent = time.process_time() - c, time.perf_counter() - w
    del result
    return spent


def fresh(record: Any) -> Any:
    """The same record with new TurnRecord objects: nothing of an earlier save is kept beside them."""
    return replace(record, state=replace(record.state, history=tuple(replace(h) for h in record.state.history)))


def advanced(record: Any) -> Any:
    res = next(iter(play(record.state, 1, simple_orders)))
    return record.advanced(res.orders, res.state, res.events)


def show(name: str, runs: list[tuple[float, float]]) -> float:
    cpu = statistics.median(c for c, _ in runs) * 1000
    wall = statistics.median(w for _, w in runs) * 1000
    print(f"{name:<10} CPU ms median {cpu:8.1f} (min {min(c for c, _ in runs) * 1000:.1f})  wall ms median {wall:8.1f}")
    return cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args(argv)
    header("bench_saves")
    with clock() as total:
        record = start_game(MAP, None, a.seed, (f"victory.max_turns={a.turns + a.repeat + 10}",))
        for res in play(record.state, a.turns, simple_orders):
            record = record.advanced(res.orders, res.state, res.events)
        print(f"{record.state.scenario}: {record.turns_played} turns played, state {record.state.state_hash()}")
        pairs: dict[str, float | int | str] = {}
        with tempfile.TemporaryDirectory() as tmp:
            d = Path(tmp)
            save_runs = [timed(lambda r=fresh(record): save_game(r, d / "game.json")) for _ in range(a.repeat)]
            size = (d / "game.json").stat().st_size
            load_runs = [timed(lambda: load_game(d / "game.json")) for _ in range(a.repeat)]
            loaded = load_game(d / "game.json").record
            assert loaded.state.state_hash() == record.state.state_hash(), "the loaded game differs"
            auto_runs, game = [], record
            save_game(game, d / "auto.json")
            for _ in range(a.repeat):
                game = advanced(game)
                auto_runs.append(timed(lambda g=game: save_game(g, d / "auto.json")))
            print(f"save file  {size:>10,} bytes; {record.turns_played} turns")
            pairs["save_ms"] = show("save", save_runs)
            pairs["autosave_ms"] = show("autosave", auto_runs)
            pairs["load_ms"] = show("load", load_runs)
            pairs["save_bytes"] = size
            try:
                from game.engine.save_container import SaveKey
                from game.engine.saves import read_document, unlock
            except ImportError:
                print("encrypted  n/a (no encrypted container on this tree)")
            else:
                doc = len(read_document(d / "game.json"))
                print(f"document   {doc:>10,} bytes of JSON inside: {doc / size:.1f}x smaller in the file")
                pairs["document_bytes"] = doc
                key = SaveKey.derive("correct horse battery staple")
                sealed = d / "sealed.json"
                enc_save = [timed(lambda r=fresh(record): save_game(r, sealed, key)) for _ in range(a.repeat)]
                enc_load = [timed(lambda: load_game(sealed, key=key)) for _ in range(a.repeat)]
                unlock_cpu, _ = timed(lambda: unlock(sealed, "correct horse battery staple"))
                pairs["encrypted_save_ms"] = show("enc. save", enc_save)
                pairs["encrypted_load_ms"] = show("enc. load", enc_load)
                pairs["encrypted_bytes"] = sealed.stat().st_size
                pairs["unlock_ms"] = unlock_cpu * 1000
                print(f"unlock     CPU ms {unlock_cpu * 1000:8.1f} (scrypt, once per game)")
    footer(total, pairs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
