"""Save size and save/load time (issues 11 and 14): a 200-turn Concert of Powers game written as
the plain JSON document (how saves were written before the container), as the compressed
container, and as the encrypted container.

    python benchmarks/bench_saves.py [--turns 200] [--seed 1] [--repeat 3]

The game is played by the built-in simple policy with ``victory.max_turns`` raised to the number
of turns. Times are the best of ``--repeat`` runs; the encrypted load includes no KDF run (the
game's key is kept in memory, as the GUI does), the unlock (scrypt at the default cost) is timed
on its own. Last line: ``name=value`` pairs.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.ai.simple import simple_orders  # noqa: E402
from game.engine.record import start_game  # noqa: E402
from game.engine.save_container import SaveKey  # noqa: E402
from game.engine.saves import encode_record, load_game, save_game, unlock, write_atomic  # noqa: E402
from game.sim.runner import play  # noqa: E402

MAP = Path(__file__).resolve().parent.parent / "maps" / "concert_of_powers.yaml"


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    record = start_game(MAP, None, a.seed, (f"victory.max_turns={a.turns}",))
    for res in play(record.state, a.turns, simple_orders):
        record = record.advanced(res.orders, res.state, res.events)
    print(f"{record.state.scenario}: {record.turns_played} turns played")
    key = SaveKey.derive("correct horse battery staple")
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        plain, packed, sealed = d / "plain.json", d / "packed.json", d / "sealed.json"
        t_plain_save = best(lambda: write_atomic(plain, encode_record(record)), a.repeat)
        t_pack_save = best(lambda: save_game(record, packed), a.repeat)
        t_seal_save = best(lambda: save_game(record, sealed, key), a.repeat)
        t_plain_load = best(lambda: load_game(plain), a.repeat)
        t_pack_load = best(lambda: load_game(packed), a.repeat)
        t_seal_load = best(lambda: load_game(sealed, key=key), a.repeat)
        t_unlock = best(lambda: unlock(sealed, "correct horse battery staple"), 1)
        sizes = [p.stat().st_size for p in (plain, packed, sealed)]
    print(f"plain JSON   {sizes[0]:>10,} bytes  save {t_plain_save * 1000:7.1f} ms  load {t_plain_load * 1000:7.1f} ms")
    print(f"compressed   {sizes[1]:>10,} bytes  save {t_pack_save * 1000:7.1f} ms  load {t_pack_load * 1000:7.1f} ms")
    print(f"encrypted    {sizes[2]:>10,} bytes  save {t_seal_save * 1000:7.1f} ms  load {t_seal_load * 1000:7.1f} ms"
          f"  (+ unlock {t_unlock * 1000:.0f} ms once per game)")
    print(f"plain_bytes={sizes[0]} compressed_bytes={sizes[1]} encrypted_bytes={sizes[2]} "
          f"ratio={sizes[0] / sizes[1]:.1f} plain_save_ms={t_plain_save * 1000:.1f} compressed_save_ms={t_pack_save * 1000:.1f} "
          f"encrypted_save_ms={t_seal_save * 1000:.1f} plain_load_ms={t_plain_load * 1000:.1f} "
          f"compressed_load_ms={t_pack_load * 1000:.1f} encrypted_load_ms={t_seal_load * 1000:.1f} "
          f"unlock_ms={t_unlock * 1000:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
