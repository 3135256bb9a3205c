"""The facilitator's side of a seminar (game/ui/seminar.py), without a window: passphrase, timer,
phase machine, messages, injects, edits, rollback, fork and the saves it writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.orders import Orders
from game.engine.saves import load_game
from game.session.seminar import (NegotiationTimer, PassphraseHash, SeminarRun, check_new_passphrase, open_seminar,
                             parse_edit_value, start_seminar_session)

PW = "owl and pussycat"
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
    with pytest.raises(ValueError, match="already has its passphrase"):
        run.set_passphrase("abcdef", "abcdef")
    fresh = SeminarRun(run.session)
    with pytest.raises(ValueError, match="differ"):
        fresh.set_passphrase("abcdef", "abcdeg")
    run.briefing_read(0)
    run.briefing_read(1)
    run.post(0, "hello")
    run.end_negotiation()                      # saves the messages
    assert load_game(tmp_path / "saves" / "class.json", password=PW).record.messages[0].text == "hello"
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
    assert run.phase == "negotiation" and not run.timer.running          # not yet on screen
    run.negotiation_on_screen()
    assert run.timer.running and run.timer.remaining == 90
    run.pause()
    assert not run.tick(200) and run.timer.remaining == 90
    run.resume()
    assert not run.tick(89.5) and run.tick(1.0) and run.timer.expired
    run.end_negotiation()
    assert run.phase == "orders" and run.current == 0
    play_turn(run)
    assert run.record.state.turn == 2 and run.phase == "negotiation"        # briefings only on turn 1
    # the room still reads the resolution: the next negotiation's clock waits for its screen (issue 12)
    assert not run.timer.running and not run.tick(50) and run.timer.remaining == 90
    run.negotiation_on_screen()
    assert run.timer.running and not run.tick(10) and run.timer.remaining == 80
    run.timer.stop()                                                       # the facilitator stops it:
    run.negotiation_on_screen()                                            # showing the room again does not restart it
    assert not run.timer.running
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
    saved = load_game(tmp_path / "saves" / "class.json", password=PW).record
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
    assert load_game(original, password=PW).record.state.turn == 2 and load_game(target, password=PW).record.state.turn == 2
    run.edit("A.treasury", "1")
    assert load_game(original, password=PW).record.state.nations[0].treasury != 1.0          # the real game is untouched
    assert load_game(target, password=PW).record.state.nations[0].treasury == 1.0
    again = open_seminar(target, PW, threaded=False)
    assert again.sandbox and again.has_passphrase and again.unlock(PW) and again.phase == "negotiation"
    assert [d.name for d in again.delegations()] == ["Team Red", "Team Blue"]


def test_parse_edit_value():
    allowed = ["A.treasury", "A.strategy", "era.distinguishability"]
    assert parse_edit_value("A.treasury", " 12.5 ", allowed) == 12.5
    assert parse_edit_value("A.strategy", "tft", allowed) == "tft"
    with pytest.raises(ValueError):
        parse_edit_value("A.colour", "red", allowed)


# --- secrets at rest (issue 11) -----------------------------------------------------------------

def test_the_seminar_file_is_encrypted_and_resumes_only_with_the_original_passphrase(run, tmp_path):
    from game.engine.errors import FileError
    from game.engine.saves import LockedSave, WrongPassword, read_header
    run.briefing_read(0)
    run.briefing_read(1)
    run.post(0, "our secret channel", [1])
    run.end_negotiation()
    play_turn(run)
    path = run.save_path
    raw = path.read_bytes()
    assert read_header(path).encrypted
    for secret in (b"reasons of 0", b"our secret channel", b"greedy", b"security_seeker", b"Team Red", b"owl"):
        assert secret not in raw, secret
    with pytest.raises(LockedSave):
        load_game(path)
    with pytest.raises(WrongPassword, match="wrong password"):
        open_seminar(path, "a new passphrase of my own", threaded=False)     # the old takeover is refused
    again = open_seminar(path, PW, threaded=False)
    assert again.unlock(PW) and not again.unlock("a new passphrase of my own")
    assert again.record.state.state_hash() == run.record.state.state_hash()
    with pytest.raises(ValueError, match="already has its passphrase"):
        again.set_passphrase("a new passphrase of my own")
    again.save()                                   # saving keeps the original passphrase
    assert open_seminar(path, PW, threaded=False).record.turns_played == 1
    tampered = bytearray(path.read_bytes())
    tampered[-100] ^= 0x20
    path.write_bytes(bytes(tampered))
    with pytest.raises(FileError, match="authentication tag does not match"):
        open_seminar(path, PW, threaded=False)


def test_nothing_is_written_before_the_passphrase_is_set(tmp_path):
    session = start_seminar_session(seminar_scenario(tmp_path), "w2", 3, {0: "Team Red"}, threaded=False)
    r = SeminarRun(session, negotiation_seconds=0, save_path=tmp_path / "s" / "class.json")
    r.save()
    assert not (tmp_path / "s").exists()
    r.set_passphrase(PW, PW)
    r.save()
    assert load_game(r.save_path, password=PW).record.players == {0: "Team Red"}


def test_a_seminar_saved_in_the_clear_before_encryption_is_encrypted_once_resumed(run, tmp_path):
    from game.engine.saves import encode_record, read_header
    old = tmp_path / "old-seminar.json"
    old.write_bytes(encode_record(run.record))              # as seminars were saved before
    again = open_seminar(old, "the new passphrase", threaded=False)
    again.save()
    assert read_header(old).encrypted and open_seminar(old, "the new passphrase", threaded=False).has_passphrase


def test_passphrase_hashes_use_current_iterations_and_old_ones_still_verify():
    import hashlib
    from game.session.seminar_lock import PBKDF2_ITERATIONS
    assert PBKDF2_ITERATIONS >= 600_000
    salt = b"0123456789abcdef"
    old = PassphraseHash(salt, hashlib.pbkdf2_hmac("sha256", b"old words", salt, 120_000), 120_000)
    assert old.matches("old words") and not old.matches("old word")
