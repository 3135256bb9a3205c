"""Hotseat: the curtain between players, the hotseat setup, and a two-human game driven by posted
events in which nothing of one player's orders, briefing or hidden type reaches the other player's
screen (neither the objects the scene holds nor any text it renders), played to the debrief."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pygame
import pytest

from game.engine.orders import Build, Orders
from game.engine.state import GameState, Nation
from game.ui.flow import Match, is_hotseat
from game.ui.scenes.curtain import CurtainScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.dialogs import ConfirmDialog, MessageDialog
from game.ui.scenes.game import GameScene
from game.ui.scenes.hotseat_setup import HotseatSetupScene, player_names, seat_problem
from game.ui.scenes.resolution import ResolutionScene
from game.ui.scenes.verdict import VerdictScene
from game.session.local import GameSession

MAPS = Path(__file__).resolve().parents[1] / "maps"
A_BRIEFING = "whether Borduria wants more"          # only in Aland's private briefing
A_OBJECTIVE = "Hold Alburg and every hex"            # only in Aland's objectives
A_TYPE = "insecure_greedy"                            # Aland's hidden type, set for this game


# --- the curtain ---------------------------------------------------------------------------------

def test_curtain_lifts_on_a_fresh_key_or_the_button_but_not_on_modifiers(gui):
    calls = []
    gui.app.reset(CurtainScene(gui.app, "France", lambda: calls.append("ready"), "Ann - turn 2 of 30"))
    gui.step()
    gui.key(pygame.K_LCTRL)
    gui.key(pygame.K_ESCAPE)
    assert calls == []
    gui.key(pygame.K_SPACE)
    assert calls == ["ready"]
    gui.key(pygame.K_a)                                    # once only
    assert calls == ["ready"]


def test_curtain_button_and_a_key_held_from_the_previous_screen(gui):
    calls = []
    curtain = CurtainScene(gui.app, "Borduria", lambda: calls.append("ready"))
    curtain._held = {pygame.K_RETURN}                     # the Enter that ended the last turn, still held
    gui.app.reset(curtain)
    gui.step()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    gui.step(2)                                           # auto-repeat of the held key: ignored
    assert calls == []
    gui.press(curtain.ready_button)
    assert calls == ["ready"]


# --- setup ---------------------------------------------------------------------------------------

def test_seat_rules():
    assert seat_problem(["human", "ai"], ["", ""]).startswith("A hotseat game needs at least 2")
    assert seat_problem(["human", "human", "ai"], ["Ann", " ann ", ""]).startswith("Each player needs a different")
    assert seat_problem(["human"] * 9, [""] * 9).startswith("At most 8")
    assert seat_problem(["human", "ai", "human"], ["", "x", "Cy"]) == ""
    assert player_names(["human", "ai", "human"], ["", "x", "Cy"]) == {0: "Player 1", 2: "Cy"}


@pytest.fixture
def maps_dir(tmp_path):
    d = tmp_path / "maps"
    d.mkdir()
    shutil.copy(MAPS / "four_worlds.yaml", d)
    shutil.copy(MAPS / "cold_war.yaml", d)
    return d


@pytest.fixture
def hotseat(make_app, maps_dir):
    """A driver at the hotseat setup: Four Worlds, 3 turns, Aland of a hidden 'insecure greedy' type."""
    from conftest import UiDriver
    app = make_app(maps_dirs=[maps_dir], default_sets=("victory.max_turns=3", f"states[0].ai_type={A_TYPE}"))
    gui = UiDriver(app)
    gui.press(app.top.buttons["hotseat"])
    sc = app.top
    assert isinstance(sc, HotseatSetupScene)
    k = next(i for i, e in enumerate(sc.entries) if e.path.name == "four_worlds.yaml")
    gui.click(sc.scenario_list.item_list[k]["button_element"].rect.center)
    gui.step()
    assert app.top.entry.path.name == "four_worlds.yaml"
    return gui


@pytest.mark.slow
def test_setup_needs_two_humans_and_names_them(hotseat):
    sc = hotseat.app.top
    assert sc.kinds == ["human", "human"] and set(sc.name_entries) == {0, 1}
    hotseat.press(sc.kind_buttons[1])                      # Borduria -> AI
    sc = hotseat.app.top
    assert sc.kinds == ["human", "ai"] and set(sc.name_entries) == {0}
    assert sc.kind_buttons[1].text == "AI" and not sc.kind_buttons[1].is_selected
    hotseat.press(sc.start_button)
    dlg = hotseat.app.top
    assert isinstance(dlg, MessageDialog) and "at least 2 human players" in dlg.body_html
    hotseat.press(dlg.buttons[0])
    sc = hotseat.app.top
    hotseat.press(sc.kind_buttons[1])                      # back to human
    sc = hotseat.app.top
    hotseat.click(sc.name_entries[0].rect.center)
    hotseat.type_text("Ann")
    hotseat.press(sc.start_button)                         # Borduria left empty: 'Player 2'
    curtain = hotseat.app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Aland"
    assert curtain.subtitle.startswith("Ann: your orders for turn 1 of 3")
    match = hotseat.app.game
    assert match.curtain and match.session.record.players == {0: "Ann", 1: "Player 2"}
    assert len(hotseat.app.scenes) == 1                    # nothing of the setup (or anything else) below


# --- the leak test -------------------------------------------------------------------------------

class TextRecorder:
    """Every string drawn with a pygame font (our own drawing and pygame_gui's), since ``mark``."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def cls(self):
        rec = self

        class RecordingFont(pygame.font.Font):
            def render(self, text, *args, **kwargs):
                rec.texts.append(str(text))
                return super().render(text, *args, **kwargs)

        return RecordingFont

    def mark(self) -> None:
        self.texts = []

    def joined(self) -> str:
        return "\n".join(self.texts)


def ui_texts(app) -> list[str]:
    """The texts of every live pygame_gui element (labels, buttons, text boxes, entries, lists)."""
    out = []
    for el in app.ui.get_sprite_group().sprites():
        for attr in ("text", "html_text", "placeholder_text"):
            v = getattr(el, attr, None)
            if isinstance(v, str):
                out.append(v)
        for it in getattr(el, "item_list", None) or ():
            out.append(str(it.get("text", "")))
    return out


def reachable(root, skip=("app",)):
    """Every object reachable from ``root`` through public attributes and containers (not the App,
    not pygame_gui widgets, not private capabilities such as the port's session handle)."""
    seen, stack, out = set(), [root], []
    while stack:
        obj = stack.pop()
        if id(obj) in seen or obj is None or isinstance(obj, (int, float, bool, bytes, pygame.Surface)):
            continue
        seen.add(id(obj))
        out.append(obj)
        if isinstance(obj, str):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
            continue
        if isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
            continue
        mod = type(obj).__module__ or ""
        if not mod.startswith("game.") or isinstance(obj, type):
            continue
        fields = dict(vars(obj)) if hasattr(obj, "__dict__") else {}
        if dataclasses.is_dataclass(obj):
            fields.update({f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
        for name, value in fields.items():
            if not name.startswith("_") and name not in skip and not callable(value):
                stack.append(value)
    return out


def secrets_in(objects, texts: str) -> list[str]:
    found = []
    for o in objects:
        if isinstance(o, GameState):
            found.append("the full game state")
        elif isinstance(o, GameSession):
            found.append("the session")
        elif isinstance(o, Nation) and o.id == 0:
            found.append("Aland's full Nation (type, treasury)")
        elif isinstance(o, Orders) and o.nation == 0:
            found.append(f"Aland's orders {o}")
        elif isinstance(o, str) and (A_BRIEFING in o or A_OBJECTIVE in o or A_TYPE in o
                                     or "insecure greedy" in o):
            found.append(f"text {o[:80]!r}")
    for marker in (A_BRIEFING, A_OBJECTIVE, A_TYPE, "insecure greedy", "orders sealed (D Borduria"):
        if marker in texts:
            found.append(f"rendered {marker!r}")
    return found


@pytest.fixture
def recorder(monkeypatch):
    rec = TextRecorder()
    cls = rec.cls()
    monkeypatch.setattr(pygame.font, "Font", cls)
    import pygame_gui.core.gui_font_pygame as gfp
    monkeypatch.setattr(gfp, "Font", cls)
    return rec


def end_turn(gui, scene):
    gui.press(scene.panel.end_turn_button)


@pytest.mark.slow
def test_two_players_one_machine_nothing_of_a_reaches_b_and_the_game_ends(recorder, make_app, maps_dir):
    from conftest import UiDriver
    app = make_app(maps_dirs=[maps_dir], default_sets=("victory.max_turns=3", f"states[0].ai_type={A_TYPE}"))
    gui = UiDriver(app)
    gui.press(app.top.buttons["hotseat"])
    sc = app.top
    k = next(i for i, e in enumerate(sc.entries) if e.path.name == "four_worlds.yaml")
    gui.click(sc.scenario_list.item_list[k]["button_element"].rect.center)
    gui.step()
    sc = app.top
    for seat, name in ((0, "Ann"), (1, "Bea")):
        gui.click(sc.name_entries[seat].rect.center)
        gui.type_text(name)

    # the curtain as it looks when nothing was ever on screen: the reference for 'shows nothing'
    match_probe = Match(app, GameSession.start(maps_dir / "four_worlds.yaml", None, 1, app.default_sets,
                                               humans=(0, 1), players={0: "Ann", 1: "Bea"}), curtain=True)
    clean_curtain = match_probe.curtain_for(1)
    app.reset(clean_curtain)
    app.render()
    reference = app.screen.copy()
    app.reset(HotseatSetupScene(app))
    sc = app.top
    k = next(i for i, e in enumerate(sc.entries) if e.path.name == "four_worlds.yaml")
    sc.select_scenario(k)
    sc = app.top
    sc.names = ["Ann", "Bea"]
    sc.rebuild()
    gui.press(sc.start_button)

    # Ann: briefing, then orders (defect against Borduria, a unit built at her capital)
    curtain = app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Aland"
    recorder.mark()
    gui.key(pygame.K_SPACE)
    brief = app.top
    assert isinstance(brief, MessageDialog) and brief.title == "Your briefing: Aland"
    gui.step()
    gui.press(brief.buttons[0])
    a = app.top
    assert isinstance(a, GameScene) and a.view.me == 0
    gui.press(a.panel.card.defect_button)
    gui.press(app.top.buttons[0])                          # confirm the defection
    gui.press(a.panel.tab_buttons["forces"])
    unit = next(iter(a.panel.unit_buttons))
    gui.press(a.panel.unit_buttons[unit])
    gui.click(a.mapview.hex_screen_pos(a.view.my_nation.capital))
    assert a.draft.builds == (Build(unit, a.view.my_nation.capital, 1),) and a.draft.stance(1) == "D"
    gui.press(a.panel.undo_button)                         # undo is free before sealing
    assert a.draft.builds == ()
    gui.click(a.mapview.hex_screen_pos(a.view.my_nation.capital))
    gui.step()
    seen_by_a = recorder.joined() + "\n".join(ui_texts(app))
    assert A_BRIEFING in seen_by_a                         # the recorder does see what is drawn
    found_in_a = secrets_in(reachable(a), "")
    assert any("Aland's full Nation" in f for f in found_in_a)     # ... and the walk reaches the view's contents
    end_turn(gui, a)

    # the curtain: pixel for pixel the clean curtain (no map, no panel, no orders underneath)
    curtain = app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Borduria"
    assert len(app.scenes) == 1 and a.root is None
    app.render()
    diff = [(x, y) for x in range(0, 1600, 7) for y in range(0, 900, 7)
            if app.screen.get_at((x, y)) != reference.get_at((x, y))]
    assert diff == []
    assert secrets_in(reachable(curtain), "") == []
    assert app.game.session.submitted[0].stances == {1: "D"}     # sealed, kept by the session only

    # Bea's turn: her own view only
    recorder.mark()
    gui.key(pygame.K_b)
    brief = app.top
    assert isinstance(brief, MessageDialog) and brief.title == "Your briefing: Borduria"
    gui.press(brief.buttons[0])
    b = app.top
    assert isinstance(b, GameScene) and b.view.me == 1 and b.port.nation == 1
    gui.press(b.panel.tab_buttons["forces"])
    gui.press(b.panel.tab_buttons["treaties"])
    gui.press(b.panel.tab_buttons["diplomacy"])
    gui.move(b.mapview.hex_screen_pos(a.view.my_nation.capital))   # hover Aland's capital: the tooltip
    gui.step()
    app.render()
    texts = recorder.joined() + "\n" + "\n".join(ui_texts(app))
    assert "Borduria" in texts and "Aland" in texts                  # the recorder works during her turn too
    assert secrets_in(reachable(b), texts) == []
    assert b.view.my_nation.id == 1 and b.draft.stance(0) == "C"     # nothing of Ann's draft carried over
    assert not b.mapview.arrows and not b.mapview.highlights
    with pytest.raises(ValueError):
        b.port.submit(Orders(0, {1: "C"}))                           # cannot change Ann's sealed orders
    end_turn(gui, b)

    # resolution: everyone sees the public view
    res = app.top
    assert isinstance(res, ResolutionScene) and res.viewer is None and res.before.me is None
    gui.until(lambda: res.phase == "summary")
    assert all(e.visible_to is None for e in res.events)
    assert app.game.session.orders_log[0][0].stances == {1: "D"}

    # play on to the end: every turn curtain -> orders for each human, then the public resolution
    for _ in range(10):
        gui.key(pygame.K_RETURN)
        top = app.top
        if isinstance(top, VerdictScene):             # the end: a verdict for each player, then the debrief
            assert [v.nation for v in top.verdicts] == [0, 1]
            gui.key(pygame.K_RETURN)
            top = app.top
        if isinstance(top, DebriefScene):
            break
        while isinstance(top, CurtainScene):
            gui.key(pygame.K_SPACE)
            results = app.top                         # the seat's own results of the last turn come first
            assert isinstance(results, MessageDialog) and results.title.endswith(f"what your pairs paid, {top.seat_name}")
            gui.press(results.buttons[0])
            assert isinstance(app.top, GameScene) and app.top.view.me == {"Aland": 0, "Borduria": 1}[top.seat_name]
            end_turn(gui, app.top)
            top = app.top
        assert isinstance(top, ResolutionScene)
        gui.until(lambda: top.phase == "summary")
    assert isinstance(app.top, DebriefScene)
    assert app.game.session.state.finished and len(app.game.session.orders_log) == 3


@pytest.mark.slow
def test_eliminated_players_are_skipped(gui):
    session = GameSession.start(MAPS / "cold_war.yaml", None, 3, humans=(0, 1, 2),
                                players={0: "Ann", 1: "Bea", 2: "Cy"}, threaded=False)
    st = session.state
    fallen = tuple(dataclasses.replace(n, alive=False) if n.id == 1 else n for n in st.nations)
    session.record = dataclasses.replace(session.record, state=dataclasses.replace(st, nations=fallen))
    assert is_hotseat(session)
    Match(gui.app, session).begin()
    names = []
    for _ in range(2):
        curtain = gui.app.top
        assert isinstance(curtain, CurtainScene)
        names.append(curtain.seat_name)
        gui.key(pygame.K_SPACE)
        while not isinstance(gui.app.top, GameScene):
            gui.press(gui.app.top.buttons[0])             # the briefing
        gui.press(gui.app.top.panel.end_turn_button)
    assert names == [st.nations[0].name, st.nations[2].name]
    assert isinstance(gui.app.top, ResolutionScene) and gui.app.top.viewer is None


def test_quit_from_the_curtain_asks_first(gui):
    session = GameSession.start(MAPS / "four_worlds.yaml", None, 3, humans=(0, 1), players={0: "Ann", 1: "Bea"})
    Match(gui.app, session).begin()
    curtain = gui.app.top
    gui.press(curtain.action_buttons[2])
    assert isinstance(gui.app.top, ConfirmDialog)
    gui.press(gui.app.top.buttons[0])
    from game.ui.scenes.title import TitleScene
    assert isinstance(gui.app.top, TitleScene) and gui.app.game is None


# --- each seat's own payoffs, after its curtain ------------------------------------------------------

def _open(gui, curtain_name: str) -> GameScene:
    """Lift the curtain of ``curtain_name`` and return its orders screen (the briefing of turn 1 closed)."""
    curtain = gui.app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == curtain_name
    gui.key(pygame.K_SPACE)
    top = gui.app.top
    if isinstance(top, MessageDialog) and top.title.startswith("Your briefing"):
        gui.press(top.buttons[0])
    return gui.app.top


def _results_of(gui, recorder, name: str, me: int):
    """Lift ``name``'s curtain: its turn-1 results dialog over its own orders screen, and every text
    on screen since the curtain lifted (drawn, in widgets, in its log)."""
    recorder.mark()
    dlg = _open(gui, name)
    scene = gui.app.scenes[-2]
    assert isinstance(scene, GameScene) and scene.view.me == me
    assert isinstance(dlg, MessageDialog) and dlg.title == f"Turn 1: what your pairs paid, {name}"
    gui.step(2)
    return dlg, scene, recorder.joined() + "\n".join(ui_texts(gui.app)) + "\n" + scene.log.text()


def test_each_seat_sees_its_own_pairs_payoffs_after_the_curtain_and_never_the_others(recorder, gui):
    from game.engine.results import PairResult, pair_results
    from game.ui.events import pair_line
    session = GameSession.start(MAPS / "four_worlds.yaml", None, 3, humans=(0, 1), players={0: "Ann", 1: "Bea"},
                                sets=("victory.max_turns=2", f"states[0].ai_type={A_TYPE}"), threaded=False)
    before, cards = session.state, {i: session.view_for(i).games for i in (0, 1)}
    Match(gui.app, session).begin()
    a = _open(gui, "Aland")
    assert isinstance(a, GameScene) and a.view.me == 0
    gui.press(a.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])                      # confirm the defection
    end_turn(gui, a)
    b = _open(gui, "Borduria")
    assert isinstance(b, GameScene) and b.view.me == 1
    end_turn(gui, b)
    res = gui.app.top
    assert isinstance(res, ResolutionScene) and res.viewer is None
    recorder.mark()
    gui.until(lambda: res.phase == "summary")
    gui.step(2)
    assert res.pairs == () and "each sees theirs after the curtain" in " ".join(res.summary)

    # what each seat's results are, from the engine: its own cards, its own pairs
    after, events = session.state, session.record.last_events
    mine = {i: pair_results(before, after, events, i, cards[i]) for i in (0, 1)}
    assert [(p.other, p.outcome) for p in mine[0]] == [(1, "DC")] and [(p.other, p.outcome) for p in mine[1]] == [(0, "CD")]
    a_card, b_card = f"predicted {mine[0][0].predicted:+.1f}", f"predicted {mine[1][0].predicted:+.1f}"
    assert a_card != b_card
    public = recorder.joined() + "\n".join(ui_texts(gui.app)) + res.log.text()
    assert "predicted" not in public                        # the room sees no seat's card

    gui.key(pygame.K_RETURN)
    dlg, a, seen_by_a = _results_of(gui, recorder, "Aland", 0)
    a_lines = [pair_line(p, a.view.nations[p.other].name) for p in mine[0]]
    assert all(html_line in dlg.body_html for html_line in a_lines)
    assert a_card in seen_by_a and all(line in a.log.text() for line in a_lines)
    assert b_card not in seen_by_a and "Aland: CD" not in seen_by_a   # Bea's card and result never on Ann's screen
    assert not [o for o in reachable(a) + reachable(dlg) if isinstance(o, PairResult) and o.me == 1]
    gui.press(dlg.buttons[0])
    assert gui.app.top is a
    end_turn(gui, a)

    dlg, b, seen_by_b = _results_of(gui, recorder, "Borduria", 1)
    assert b_card in seen_by_b and pair_line(mine[1][0], "Aland") in b.log.text()
    assert a_card not in seen_by_b and "Borduria: DC" not in seen_by_b
    gui.press(dlg.buttons[0])
    assert gui.app.top is b
    assert Match.seat_results(gui.app.game, 1) == ()        # shown once

    # the last turn: no curtain follows, so each player's own pairs are on their verdict card
    before, cards = session.state, {i: session.view_for(i).games for i in (0, 1)}
    end_turn(gui, b)
    res = gui.app.top
    gui.until(lambda: res.phase == "summary")
    assert "on their verdict" in " ".join(res.summary) and res.pairs == ()
    last = {i: pair_results(before, session.state, session.record.last_events, i, cards[i]) for i in (0, 1)}
    gui.key(pygame.K_RETURN)
    v = gui.app.top
    assert isinstance(v, VerdictScene)
    for card, i in zip(v.verdicts, (0, 1)):
        other = session.state.nations[1 - i].name
        assert card.nation == i and card.reasons[-1] == f"Last turn: {pair_line(last[i][0], other)}."


def test_a_save_made_at_a_curtain_keeps_each_seats_results_of_the_turn_before(recorder, gui, ui_dirs):
    """Turn 1 resolved, the game saved at Aland's curtain and loaded again (the cards seen live are not in
    the save): lifting each curtain still shows that seat its own pairs' payoffs of turn 1, the same as
    live, once; before, a loaded game showed none."""
    from game.engine.results import pair_results
    from game.ui.events import pair_line
    from game.ui import persistence
    from game.ui.flow import resume
    session = GameSession.start(MAPS / "four_worlds.yaml", None, 3, humans=(0, 1), players={0: "Ann", 1: "Bea"},
                                sets=("victory.max_turns=3",), threaded=False)
    before, cards = session.state, {i: session.view_for(i).games for i in (0, 1)}
    Match(gui.app, session).begin()
    a = _open(gui, "Aland")
    gui.press(a.panel.card.defect_button)
    gui.press(gui.app.top.buttons[0])                      # confirm the defection
    end_turn(gui, a)
    end_turn(gui, _open(gui, "Borduria"))
    res = gui.app.top
    gui.until(lambda: res.phase == "summary")
    gui.key(pygame.K_RETURN)
    curtain = gui.app.top
    assert isinstance(curtain, CurtainScene) and curtain.seat_name == "Aland"
    live = {i: pair_results(before, session.state, session.record.last_events, i, cards[i]) for i in (0, 1)}
    assert [(p.other, p.outcome) for p in live[0]] == [(1, "DC")]

    gui.press(curtain.action_buttons[0])                   # Save game, at the curtain
    saved = gui.app.top
    assert isinstance(saved, MessageDialog) and saved.title == "Game saved"
    (path,) = [p for p in persistence.saves_folder(gui.app).iterdir() if p.suffix == ".json"]
    gui.press(saved.buttons[0])
    assert resume(gui.app, path, threaded=False)
    loaded = gui.app.game
    assert loaded.session is not session and loaded.session.record.turns_played == 1
    assert loaded.session.last_turn_cards((0, 1))[1] == cards   # the cards rebuilt from the record, as seen live

    for name, me in (("Aland", 0), ("Borduria", 1)):
        dlg, scene, _ = _results_of(gui, recorder, name, me)
        assert scene.view.turn == 2
        lines = [pair_line(p, scene.view.nations[p.other].name) for p in live[me]]
        assert lines and all(line in dlg.body_html for line in lines)
        gui.press(dlg.buttons[0])
        end_turn(gui, scene)
        if me == 0:
            assert Match.seat_results(loaded, 0) == ()      # shown once
