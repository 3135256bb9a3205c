"""The facilitator's side of a seminar (game/ui/seminar.py), without a window: passphrase, timer,
phase machine, messages, injects, edits, rollback, fork and the saves it writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.orders import Orders
from game.engine.saves import load_game
from game.ui.seminar import (NegotiationTimer, PassphraseHash, SeminarRun, check_new_passphrase, parse_edit_value,
                             resumed_run, start_seminar_session)

FOUR_WORLDS = Path(__file__).resolve().parents[1] / "maps" / "four_worlds.yaml"
SEMINAR = """seminar:
  facilitator_note: Watch who arms first.
  phases: {negotiation_seconds: 90, orders_seconds: 0}
  discussion_questions: [Who moved first?]
  injects:
    - id: crisis
      name: Border crisis
      when: {turn: 2}
      actions:
        - {message: "Shots at the border: only Aland hears of it.", to: [A]}
    - id: observers
      name: Observers exchanged
      actions:
        - {distinguishability: 0.8}
"""


def seminar_scenario(directory: Path) -> Path:
    path = directory / "seminar_test.yaml"
    path.write_text(FOUR_WORLDS.read_text().split("\nseminar:")[0] + "\n" + SEMINAR)
    return path


@pytest.fixture
def run(tmp_path) -> SeminarRun:
    session = start_seminar_session(seminar_scenario(tmp_path), "w2", 3, {0: "Team Red", 1: "Team Blue"}, threaded=False)
    r = SeminarRun(session, save_path=tmp_path / "saves" / "class.json")
    r.set_passphrase("owl and pussycat", "owl and pussycat")
    return r


def play_turn(run: SeminarRun) -> None:
    for n in list(run.queue):
        run.seal(n, Orders(n, statement=f"reasons of {n}"))
    assert run.phase == "resolution"
    run.session.start_resolution()
    run.session.finish_resolution()
    run.turn_resolved()


def test_passphrase_is_stored_only_as_a_salted_hash():
    h = PassphraseHash.make("secret words", iterations=1000)
    assert h.matches("secret words") and not h.matches("secret word") and not h.matches("")
    assert b"secret" not in h.digest + h.salt and len(h.salt) == 16
    assert PassphraseHash.make("secret words", iterations=1000).salt != h.salt      # salted: a new salt each time
    assert check_new_passphrase("abc", "abc") and check_new_passphrase("abcd", "abce")
    assert check_new_passphrase("abcd", "abcd") == ""


def test_run_keeps_no_passphrase_text_and_the_save_has_none(run, tmp_path):
    assert run.unlock("owl and pussycat") and not run.unlock("owl and pussycat ") and not run.unlock("")
    assert "owl and pussycat" not in repr(vars(run))
    with pytest.raises(ValueError, match="differ"):
        run.set_passphrase("abcdef", "abcdeg")
    run.briefing_read(0)
    run.briefing_read(1)
    run.post(0, "hello")
    run.end_negotiation()                      # saves the messages
    assert load_game(tmp_path / "saves" / "class.json").record.messages[0].text == "hello"
    assert b"owl and pussycat" not in (tmp_path / "saves" / "class.json").read_bytes()


def test_timer_advances_with_dt_and_stops_at_zero():
    t = NegotiationTimer(10)
    assert not t.advance(5)                  # not running yet
    t.start()
    assert not t.advance(4) and t.remaining == pytest.approx(6) and t.text == "0:06"
    t.add(60)
    assert t.text == "1:06"
    assert t.advance(100) and t.expired and not t.running and t.remaining == 0
    assert not t.advance(1)


def test_phases_briefing_negotiation_orders_resolution_next_turn(run):
    assert run.phase == "briefing" and run.queue == [0, 1] and run.current == 0
    with pytest.raises(ValueError):
        run.seal(0, Orders(0))                 # no orders during the briefings
    run.briefing_read(0)
    run.briefing_read(1)
    assert run.phase == "negotiation" and run.timer.running and run.timer.remaining == 90
    run.pause()
    assert not run.tick(200) and run.timer.remaining == 90
    run.resume()
    assert not run.tick(89.5) and run.tick(1.0) and run.timer.expired
    run.end_negotiation()
    assert run.phase == "orders" and run.current == 0
    play_turn(run)
    assert run.record.state.turn == 2 and run.phase == "negotiation"        # briefings only on turn 1
    assert [o.statement for o in run.record.orders[0].values() if o.nation in (0, 1)] == ["reasons of 0", "reasons of 1"]
    # the automatic inject fired on its condition (turn 2), its crisis message only for Aland
    assert ("crisis", 2) in run.record.state.fired
    assert [e.kind for e in run.news_for(0)] == ["inject", "crisis_message"]
    assert [e.kind for e in run.news_for(1)] == ["inject"] and [e.kind for e in run.news_for(None)] == ["inject"]


def test_messages_public_and_private(run):
    run.post(0, "We will not arm.")
    run.post(1, "Secret offer to Red", [0])
    run.post(1, "Note to self", [1])
    assert [m.text for m in run.messages_for(0)] == ["We will not arm.", "Secret offer to Red"]
    assert [m.text for m in run.messages_for(1)] == ["We will not arm.", "Secret offer to Red", "Note to self"]
    assert [m.text for m in run.public_messages()] == ["We will not arm."]
    with pytest.raises(ValueError):
        run.post(0, "   ")


def test_manual_inject_edit_message_are_logged_and_saved(run, tmp_path):
    run.fire_inject("observers")
    assert run.record.state.era.distinguishability == 0.8
    run.edit("B.treasury", "250")
    assert run.record.state.nations[1].treasury == 250.0
    with pytest.raises(ValueError, match="not a number"):
        run.edit("B.treasury", "lots")
    with pytest.raises(ValueError, match="one of"):
        run.edit("A.ai_type", "pacifist")
    run.send_message("Ten minutes left in class.", [1])
    kinds = [iv.kind for iv in run.record.pending]
    assert kinds == ["inject", "edit", "message"]
    assert run.record.messages[-1].sender is None and run.record.messages[-1].to == (1,)
    saved = load_game(tmp_path / "saves" / "class.json").record
    assert [iv.kind for iv in saved.pending] == kinds and saved.state.nations[1].treasury == 250.0
    assert len(run.log) == 3 and "Facilitator set B.treasury" in run.log[1]


def test_rollback_and_fork(run, tmp_path):
    run.briefing_read(0)
    run.briefing_read(1)
    run.end_negotiation()
    play_turn(run)
    run.post(0, "turn 2 talk")
    run.end_negotiation()
    play_turn(run)
    assert run.record.state.turn == 3
    hash_turn2 = run.record.state.history[0].state_hash
    run.rollback(2)
    assert run.record.state.turn == 2 and run.record.turns_played == 1
    assert run.record.state.state_hash() == hash_turn2 and run.phase == "negotiation"
    assert run.record.messages == ()                           # turn 2's talk is undone with the turn
    with pytest.raises(ValueError):
        run.rollback(2)                                        # not an earlier turn any more
    original = run.save_path
    target = run.fork()
    assert run.sandbox and run.save_path == target and "sandbox" in target.name and target != original
    assert load_game(original).record.state.turn == 2 and load_game(target).record.state.turn == 2
    run.edit("A.treasury", "1")
    assert load_game(original).record.state.nations[0].treasury != 1.0          # the real game is untouched
    assert load_game(target).record.state.nations[0].treasury == 1.0
    again = resumed_run(load_game(target).record, target, threaded=False)
    assert again.sandbox and not again.has_passphrase and again.phase == "negotiation"
    assert [d.name for d in again.delegations()] == ["Team Red", "Team Blue"]


def test_parse_edit_value():
    allowed = ["A.treasury", "A.strategy", "era.distinguishability"]
    assert parse_edit_value("A.treasury", " 12.5 ", allowed) == 12.5
    assert parse_edit_value("A.strategy", "tft", allowed) == "tft"
    with pytest.raises(ValueError):
        parse_edit_value("A.colour", "red", allowed)
