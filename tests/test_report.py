"""The after-action report: every file with real content whose numbers match the save (issue 6)."""
from __future__ import annotations

import csv
from pathlib import Path

import pygame
import pytest

from game.cli import main as cli
from game.engine.record import Intervention, start_game
from game.engine.saves import save_game
from game.engine.views import player_view
from game.sim.runner import default_policy

SEMINAR = """seminar:
  facilitator_note: Ask who moved first.
  discussion_questions:
    - Why did Aland arm in turn 2?
    - Would a river on the border have changed it?
  injects:
    - id: crisis
      name: Border crisis
      when: {turn: 3}
      actions:
        - {message: "Shots fired at the border.", to: [A]}
    - id: tanks
      name: Tanks arrive
      actions:
        - {era: "1940"}
"""


@pytest.fixture()
def seminar_save(tmp_path) -> Path:
    scn = tmp_path / "seminar.yaml"
    scn.write_text(Path("maps/four_worlds.yaml").read_text().split("\nseminar:")[0] + "\n" + SEMINAR)
    rec = start_game(scn, "w2", seed=5, players={0: "Team Red"})
    policy = default_policy()
    rec = rec.post(0, "We will not arm if you do not.", None)
    rec = rec.post(1, "Private: we fear your infantry.", [0])
    for turn in range(1, 7):
        if turn == 4:
            rec, _ = rec.intervene(Intervention("inject", {"id": "tanks"}))
        orders = {i: policy(player_view(rec.state, i, rec.last_events)) for i in rec.state.alive_ids()}
        if turn == 2:
            from dataclasses import replace
            orders[0] = replace(orders[0], statement="We arm because Borduria massed troops.")
        rec, _ = rec.play_turn(orders)
    return save_game(rec, tmp_path / "game.json")


def test_R01_report_directory_has_every_file_with_numbers_matching_the_save(seminar_save, tmp_path):
    out = tmp_path / "aar"
    assert cli(["report", str(seminar_save), "--out", str(out)]) == 0
    for name in ("report.md", "turns.csv", "messages.csv", "cooperation.png", "balance.png", "world.png",
                 "arms.png", "territory.png"):
        assert (out / name).stat().st_size > 100, name
    from game.engine.saves import load_game
    rec = load_game(seminar_save).record
    text = (out / "report.md").read_text()
    rows = list(csv.DictReader(open(out / "turns.csv")))
    assert [int(r["turn"]) for r in rows] == [r.turn for r in rec.state.history]
    cc = sum(r["outcome"] == "CC" for r in rows) / len(rows)
    assert "| Aland-Borduria | " in text and f"| {cc:.0%} |" in text
    assert "Turn 3: Border crisis" in text and "Turn 4: Tanks arrive" in text
    assert "Facilitator (inject): id=tanks" in text
    assert "We arm because Borduria massed troops." in text
    assert "1. Why did Aland arm in turn 2?" in text
    assert "security seeker" in text and "Team Red" in text
    # every AI's last read of its neighbour's type, beside the revealed type (game/ai/type_belief.py)
    from game.sim.analysis import type_reads
    reads = type_reads(rec.orders)
    assert {(r.observer, r.target) for r in reads} == {(0, 1), (1, 0)} and all(r.turn == 6 for r in reads)
    assert "## What each AI believed about the others' types" in text
    assert f"- **Aland**: Borduria: greedy {reads[0].p_greedy:.0%} (turn 6); revealed: security seeker" in text
    for png in ("cooperation.png", "world.png"):
        assert f"![{png}]({png})" in text
    msgs = list(csv.reader(open(out / "messages.csv")))
    assert msgs[0] == ["turn", "from", "to", "channel", "text"]
    assert msgs[1] == ["1", "Aland", "all", "public", "We will not arm if you do not."]
    assert msgs[2] == ["1", "Borduria", "Aland", "private", "Private: we fear your infantry."]


def test_R02_inject_markers_are_drawn_on_the_charts(seminar_save, tmp_path):
    out = tmp_path / "aar"
    assert cli(["report", str(seminar_save), "--out", str(out)]) == 0
    from game.ui.charts import MARKER
    img = pygame.image.load(str(out / "cooperation.png"))
    w, h = img.get_size()
    found = sum(1 for x in range(0, w, 2) for y in range(40, h - 40, 4) if tuple(img.get_at((x, y)))[:3] == MARKER)
    assert found > 10


def test_R03_report_of_a_bad_save_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert cli(["report", str(bad), "--out", str(tmp_path / "o")]) == 2
    assert "bad.json" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_R04_verdicts_follow_each_worlds_prediction():
    from game.sim.analysis import DyadStats, predictions

    def stats(world: int, coop: float) -> DyadStats:
        return DyadStats("0-1", "A-B", 10, world, {world: 10}, coop, 1 - coop, 0.0, 2.0, 2.0, {})

    assert "as the theory predicts" in predictions([stats(1, 0.1)])[0]
    assert "more than the theory expects" in predictions([stats(1, 0.9)])[0]
    assert "less than the theory expects: cooperation was feasible" in predictions([stats(2, 0.0)])[0]
    assert "as the theory allows" in predictions([stats(3, 0.5)])[0]
    assert "less than the theory expects in this world" in predictions([stats(4, 0.4)])[0]
    across = predictions([stats(4, 0.9), stats(1, 0.1)])[-1]
    assert "W4 90% > W1 10%" in across and "the order Jervis predicts" in across
