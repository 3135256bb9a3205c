"""Batches beyond one machine (issue 14, section 3): the dask backend on a LocalCluster, --shard I/N and
``merge``, worker recycling, and their bad input. Every route must give the local batch's files byte for byte."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.engine.scenario import load_scenario
from game.sim.batch import GameRunner, LocalBackend, Shard, iter_results, parse_shard, plan_cells, tasks_in_order

MAP = "maps/four_worlds.yaml"
PLAN = ["--scenario", MAP, "--variant", "all", "--games", "3", "--turns", "2", "--seed", "11", "--no-progress"]
FILES = ("games.csv", "summary.csv")


def batch(out: Path, *extra: str) -> Path:
    assert main(["batch", *PLAN, "--out", str(out), *extra]) == 0
    return out


def same_files(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def manifest_core(folder: Path) -> dict:
    """The manifest without what names the run rather than the batch (command, workers, backend, times)."""
    m = json.loads((folder / "manifest.json").read_text())
    for key in ("command", "started", "finished", "merged_from"):
        m.pop(key, None)
    m["parameters"].pop("workers")
    m["parameters"].pop("backend", None)
    return m


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return batch(tmp_path_factory.mktemp("local") / "out", "--workers", "1")


def last_err(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


# --- shards -------------------------------------------------------------------------------------

def test_shards_partition_the_task_order_interleaved():
    """Shard I of N holds the tasks whose row number t has t % N == I-1; together, each task once."""
    order = list(tasks_in_order(4, 5))
    shards = [list(Shard(i, 3).tasks(4, 5)) for i in (1, 2, 3)]
    assert shards[0] == order[0::3] and shards[1] == order[1::3] and shards[2] == order[2::3]
    assert [Shard(i, 3).size(4, 5) for i in (1, 2, 3)] == [len(s) for s in shards] == [7, 7, 6]
    assert Shard(5, 7).size(1, 3) == 0 and list(Shard(5, 7).tasks(1, 3)) == []
    assert parse_shard("2/3") == Shard(2, 3)


def test_three_shards_merged_equal_the_unsharded_batch(tmp_path: Path, local: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    shards = [batch(tmp_path / f"s{i}", "--workers", "1", "--shard", f"{i}/3") for i in (1, 2, 3)]
    assert sum(len((s / "games.csv").read_text().splitlines()) - 1 for s in shards) == 12
    assert (tmp_path / "s1" / "games.csv").read_bytes() != (local / "games.csv").read_bytes()
    capsys.readouterr()
    # given in any order
    assert main(["merge", str(shards[2]), str(shards[0]), str(shards[1]), "--out", str(tmp_path / "m")]) == 0
    assert "wrote" in capsys.readouterr().out
    same_files(local, tmp_path / "m")
    assert manifest_core(tmp_path / "m") == manifest_core(local)
    merged = json.loads((tmp_path / "m" / "manifest.json").read_text())
    assert [s["shard"] for s in merged["merged_from"]] == ["1/3", "2/3", "3/3"] and merged["status"] == "complete"


@pytest.mark.parametrize("value", ["0/2", "3/2", "1/0", "2", "a/b", "1/2/3", "-1/2"])
def test_bad_shard_values_exit_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["batch", *PLAN, "--shard", value, "--out", str(tmp_path / "o")])
    assert exc.value.code == 2
    assert "--shard" in last_err(capsys)[-1]
    assert not (tmp_path / "o").exists()


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("halves")
    for i in (1, 2):
        batch(root / f"h{i}", "--workers", "1", "--shard", f"{i}/2")
    batch(root / "other", "--workers", "1", "--shard", "2/2", "--turns", "1")   # a shard of another batch
    batch(root / "third", "--workers", "1", "--shard", "1/3")
    return root


def test_merging_two_halves_equals_the_unsharded_batch(tmp_path: Path, halves: Path, local: Path) -> None:
    assert main(["merge", str(halves / "h1"), str(halves / "h2"), "--out", str(tmp_path / "m")]) == 0
    same_files(local, tmp_path / "m")


@pytest.mark.parametrize("dirs, expected", [
    (["h1"], "missing shard 2/2"),
    (["h1", "h1"], "given twice"),
    (["h1", "other"], "different batches (parameter turns differs)"),
    (["h1", "third"], "not the same split"),
    (["h1", "nowhere"], "cannot read"),
    (["h1", "h2", "h1"], "given twice"),
])
def test_merging_mismatched_shards_exits_2_with_one_line(tmp_path: Path, halves: Path, capsys: pytest.CaptureFixture[str],
                                                         dirs: list[str], expected: str) -> None:
    capsys.readouterr()
    code = main(["merge", *[str(halves / d) for d in dirs], "--out", str(tmp_path / "m")])
    err = last_err(capsys)
    assert code == 2 and len(err) == 1 and expected in err[0], err


def test_merging_a_cut_short_shard_or_a_whole_batch_exits_2(tmp_path: Path, halves: Path, local: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    cut = tmp_path / "cut"
    cut.mkdir()
    for name in ("manifest.json", "results.jsonl"):
        (cut / name).write_bytes((halves / "h2" / name).read_bytes())
    lines = (cut / "results.jsonl").read_text().splitlines(keepends=True)
    (cut / "results.jsonl").write_text("".join(lines[:-1]))
    capsys.readouterr()
    assert main(["merge", str(halves / "h1"), str(cut), "--out", str(tmp_path / "m")]) == 2
    err = last_err(capsys)
    assert len(err) == 1 and "incomplete" in err[0]
    assert json.loads((tmp_path / "m" / "manifest.json").read_text())["status"] == "failed"
    (cut / "results.jsonl").write_text("".join(lines[:-1]) + "{not json\n")
    assert main(["merge", str(halves / "h1"), str(cut), "--out", str(tmp_path / "m2")]) == 2
    assert "not a game result" in last_err(capsys)[0]
    assert main(["merge", str(halves / "h1"), str(local), "--out", str(tmp_path / "m3")]) == 2
    assert "not the manifest of a shard" in last_err(capsys)[0]
    assert main(["merge", str(halves / "h1"), str(halves / "h2"), "--out", str(halves / "h1")]) == 2
    assert "one of the shards" in last_err(capsys)[0]


# --- the dask backend ---------------------------------------------------------------------------

def test_a_dask_local_cluster_writes_the_local_files_byte_for_byte(tmp_path: Path, local: Path) -> None:
    """A LocalCluster on loopback (one worker, two threads: chunks finish out of order) gives the
    local backend's games.csv and summary.csv; the manifest differs only in command and backend."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=2, host="127.0.0.1",
                                  protocol="tcp", dashboard_address="127.0.0.1:0") as cluster:
        out = batch(tmp_path / "dask", "--backend", "dask", "--scheduler", cluster.scheduler_address)
        sharded = batch(tmp_path / "d2", "--backend", "dask", "--scheduler", cluster.scheduler_address,
                        "--shard", "2/2")
    same_files(local, out)
    assert manifest_core(out) == manifest_core(local)
    m = json.loads((out / "manifest.json").read_text())
    assert m["parameters"]["backend"] == "dask" and "--backend dask --scheduler tcp://127.0.0.1:" in m["command"]
    assert len((sharded / "games.csv").read_text().splitlines()) == 1 + 6


def test_dask_flags_and_a_missing_dask_give_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    cases = [(["--backend", "dask"], "needs --scheduler"),
             (["--scheduler", "tcp://127.0.0.1:8786"], "goes with --backend dask"),
             (["--backend", "dask", "--scheduler", "nonsense://x"], "unknown address scheme"),
             (["--backend", "dask", "--scheduler", "tcp://127.0.0.1:x"], "cannot reach")]
    for extra, expected in cases:
        assert main(["batch", *PLAN, "--out", str(tmp_path / "o"), *extra]) == 2
        err = last_err(capsys)
        assert len(err) == 1 and expected in err[0], err
    monkeypatch.setitem(sys.modules, "game.sim.dask_backend", None)     # as if dask were not installed
    assert main(["batch", *PLAN, "--out", str(tmp_path / "o"), "--backend", "dask", "--scheduler", "tcp://h:1"]) == 2
    err = last_err(capsys)
    assert len(err) == 1 and "pip install" in err[0] and "cluster" in err[0]
    assert not (tmp_path / "o").exists()


# --- worker recycling ---------------------------------------------------------------------------

def test_recycled_workers_give_the_same_results_in_the_same_order() -> None:
    """With more chunks than workers x recycle_after, the pool is replaced (here 12 one-game chunks on
    three successive pools of two workers); the results are those of one process, in task order."""
    cells = plan_cells(load_scenario(MAP), "all", [], [])
    one = list(iter_results(GameRunner(MAP, cells, 1, 3), 3, backend=LocalBackend(1)))
    recycled = list(iter_results(GameRunner(MAP, cells, 1, 3), 3, backend=LocalBackend(2, recycle_after=2)))
    assert recycled == one and len(one) == 12
