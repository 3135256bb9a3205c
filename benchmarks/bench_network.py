"""The network host under load (issue 12): a host, 8 bot clients and a room screen on loopback.

The host runs in this process (so its RSS is this process's); each client is a separate process
(``--worker``) that plays its seat with the built-in AI through the network and reports, per view,
when the frame arrived (``time.monotonic``, one clock for every process on Linux) and the hash of
the view it rebuilt. Figures:

- desync: views whose rebuilt hash differs from the host's for that seat (must be 0);
- host RSS after turns 1, 25%, 50%, 75% and 100% of the game (MiB; after turns 1, 25, 50, 75, 100 with
  ``--turns 100``), sampled after every resolved turn, and its slope over the second half of the game
  (MiB per turn, least squares over the samples from the middle turn on): flat means a slope near 0 (the
  host keeps its record's old turns packed, ``game.engine.packed_turns``);
- resolution latency: from the host receiving the last seal of a turn to the last client holding
  the next view (the host has no AI seats: resolution + views built + sent + transport; the autosave
  runs meanwhile in a thread); median and max over turns. By default each bot starts its AI for the
  next turn only once the host has sent every view of the turn (the seat table that follows them has
  arrived), so no AI runs during the latency: AI time excluded, as the issue's target says. With
  ``--ai-at-once`` a bot starts as ``join --bot`` does, as soon as its own view arrives, and the
  bots' AI competes for the cores with the host still sending the other views;
- the host's own split, median and last turn: woke (last seal to the resolution starting), resolve,
  views (built and encoded), side (waiting, after the views, for the side file's write of the turn's
  seals), sent (last seal to every view handed to the connections), autosave (in its thread, not in
  the latency);
- bytes the host sent per seat per turn (mean over seats and turns).

The scenario's turn limit is raised to ``--turns`` (``victory.max_turns``) so that N turns are played.

    python benchmarks/bench_network.py [--turns N] [--seed S] [--scenario FILE] [--ai-at-once]

Last line: name=value pairs.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.record import start_game  # noqa: E402
from game.session import protocol as P  # noqa: E402
from game.session.client import Client  # noqa: E402
from game.session.host import Host  # noqa: E402
from game.session.wire import plain_hash, view_to_plain  # noqa: E402
from game.sim.runner import default_policy  # noqa: E402

HASH = re.compile(r'"view_hash":"([0-9a-f]{64})"')


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_slope(samples: list[float], first_turn: int) -> float:
    """Least-squares slope of RSS samples (one a turn, from ``first_turn``), MiB per turn."""
    if len(samples) < 2:
        return 0.0
    xs = range(first_turn, first_turn + len(samples))
    return statistics.linear_regression(xs, samples).slope


async def play_after_views(client: Client) -> None:
    """``Client.play``, except that a turn's AI starts only once the seat table the host sends after every
    view of the turn has arrived: no bot's AI then runs while the host resolves and sends the views."""
    policy = default_policy()
    while client.end is None:
        msg = await client.next_message()
        if isinstance(msg, P.Status) and client.wants_orders():
            await client.seal(await asyncio.to_thread(policy, client.view))


async def worker(url: str, code: str, seat: str, at_once: bool) -> int:
    log = []

    def seen(c: Client) -> None:
        log.append({"turn": c.turn, "at": c.frame_at, "hash": plain_hash(view_to_plain(c.view))})

    room = seat == "room"
    client = Client(url, code, seat=None if room else seat, role="room" if room else "player", on_view=seen)
    await client.connect()
    if room:
        while client.end is None:
            await client.next_message()
    elif at_once:
        await client.play()
    else:
        await play_after_views(client)
    await client.close()
    print(json.dumps({"seat": seat, "views": log, "bytes": client.bytes_in}), flush=True)
    return 0


async def main(args: argparse.Namespace) -> dict[str, float]:
    record = start_game(args.scenario, None, args.seed, [f"victory.max_turns={args.turns}"])
    keys = [n.key for n in record.state.nations]
    sent: dict[str, int] = defaultdict(int)
    host_hashes: dict[tuple[str, int], str] = {}
    seal_at: dict[int, float] = {}
    rss: list[float] = []

    def tap(who: str, frame: str) -> None:
        sent[who] += len(frame)
        if frame.startswith(f'{{"v":{P.VERSION},"kind":"view"'):
            m, t = HASH.search(frame), re.search(r'"turn":(\d+)', frame)
            host_hashes[(who, int(t.group(1)))] = m.group(1)

    def on_turn(rec) -> None:
        seal_at[rec.turns_played] = host.last_seal_at
        rss.append(rss_mib())                 # rss[t - 1]: after turn t

    with tempfile.TemporaryDirectory() as tmp:
        host = Host(record, [n.id for n in record.state.nations], args.turns, save=Path(tmp) / "bench.json",
                    tap=tap, on_turn=on_turn)
        port = await host.start("127.0.0.1", 0)
        game = asyncio.create_task(host.run())
        procs = [await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--worker", k, "--url", f"ws://127.0.0.1:{port}", "--code", host.code,
            *(["--ai-at-once"] if args.ai_at_once else []),
            stdout=asyncio.subprocess.PIPE) for k in keys + ["room"]]
        t0 = time.perf_counter()
        final = await game
        wall = time.perf_counter() - t0
        outs = [await p.communicate() for p in procs]
        await host.close()
    rss_end = rss_mib()
    reports = [json.loads(o.decode().strip().splitlines()[-1]) for o, _ in outs]
    desync = 0
    arrivals: dict[int, list[float]] = defaultdict(list)
    for r in reports:
        for v in r["views"]:
            if host_hashes.get((r["seat"], v["turn"])) != v["hash"]:
                desync += 1
            arrivals[v["turn"]].append(v["at"])
    latency = [1000 * (max(arrivals[t + 1]) - seal_at[t]) for t in sorted(seal_at) if len(arrivals[t + 1]) == len(reports)]
    turns = final.turns_played
    per_seat = statistics.mean(sent[k] for k in keys) / max(1, turns + 1)
    print(f"{turns} turns of {Path(args.scenario).name}, {len(keys)} seats + room screen, {wall:.1f} s wall")
    marks = sorted({1, *(max(1, round(turns * q)) for q in (0.25, 0.5, 0.75, 1.0))})
    print("host RSS after turn " + ", ".join(f"{t}: {rss[t - 1]:.1f}" for t in marks) + f" MiB; at the end {rss_end:.1f} MiB")
    slope = rss_slope(rss[turns // 2:], turns // 2 + 1)
    print(f"host RSS slope over turns {turns // 2 + 1}-{turns}: {slope:+.3f} MiB/turn")
    print(f"resolution latency median {statistics.median(latency):.1f} ms, max {max(latency):.1f} ms")
    for part in ("woke", "resolve", "views", "side", "sent", "autosave"):
        values = [1000 * t[part] for t in host.timings if part in t]
        if values:
            print(f"  host {part}: median {statistics.median(values):.0f} ms, last {values[-1]:.0f} ms")
    print(f"bytes per seat per turn {per_seat:.0f} (room screen: {sent['room'] / max(1, turns + 1):.0f})")
    return {"turns": turns, "desync": desync, "rss_first_mib": round(rss[0], 1), "rss_last_mib": round(rss_end, 1),
            "rss_slope_mib_per_turn": round(slope, 3),
            "latency_median_ms": round(statistics.median(latency), 1), "latency_max_ms": round(max(latency), 1),
            "bytes_per_seat_turn": round(per_seat)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--turns", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=str(ROOT / "maps" / "concert_of_powers.yaml"))
    ap.add_argument("--ai-at-once", action="store_true",
                    help="each bot starts its AI as soon as its own view arrives (as join --bot), while the host "
                         "still sends the others' views: the latency then includes the bots' AI on the same cores")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--url", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--code", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        sys.exit(asyncio.run(worker(a.url, a.code, a.worker, a.ai_at_once)))
    figures = asyncio.run(main(a))
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
