"""Batch games on a dask.distributed cluster (``batch --backend dask --scheduler tcp://HOST:8786``).

dask is optional (the ``cluster`` extra): only ``game/cli/cmd_batch.py`` imports this module, inside
the command, when that backend is chosen. The runner travels to the workers once (scattered) with
the scenario's *text*, so workers need the same ``security-dilemma`` installed but not the file.
Chunks are submitted with a bounded window and their results taken in submission order
(:func:`game.sim.batch.in_order`), so the output files are byte-identical to a local run.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Iterator, Sequence

from distributed import Client
from distributed.comm.addressing import parse_address, parse_host_port
from distributed.comm.registry import get_backend

from game.sim.batch import GameResult, GameRunner, chunk_size, chunked, in_order

CONNECT_TIMEOUT_S = 10


def _play_chunk(runner: GameRunner, tasks: Sequence[tuple[int, int]]) -> list[GameResult]:
    return runner.play_chunk(tasks)


@dataclass
class DaskBackend:
    """A connected client; ``workers`` is the cluster's thread count when it connected."""

    client: Client
    workers: int
    name: ClassVar[str] = "dask"

    @classmethod
    def connect(cls, scheduler: str, timeout: float = CONNECT_TIMEOUT_S) -> DaskBackend:
        """Raises OSError (unreachable, timed out) or ValueError (a malformed address)."""
        scheme, location = parse_address(scheduler)
        get_backend(scheme)     # an unknown scheme fails here, before a half-made Client lingers
        if not location:
            raise ValueError("no host given")
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except TimeoutError as exc:
            raise OSError(f"no answer within {timeout:g} s") from exc
        return cls(client, max(1, sum(client.nthreads().values())))

    def map_chunks(self, runner: GameRunner, tasks: Iterator[tuple[int, int]],
                   total: int) -> Iterator[list[GameResult]]:
        text = Path(runner.scenario_path).read_bytes().decode("utf-8")
        shipped = dataclasses.replace(runner, scenario_text=text)
        remote = self.client.scatter(shipped, broadcast=True, hash=False)
        chunks = chunked(tasks, chunk_size(total, self.workers))
        yield from in_order(lambda chunk: self.client.submit(_play_chunk, remote, chunk, pure=False),
                            chunks, self.workers * 3)

    def close(self) -> None:
        self.client.close()
