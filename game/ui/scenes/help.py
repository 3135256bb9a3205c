"""Help: keyboard shortcuts, how a turn works, and the glossary of the concepts."""
from __future__ import annotations

import html

import pygame
import pygame_gui
from pygame_gui.elements import UISelectionList, UITextBox

from .. import glossary
from ..scene import Scene, oid

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Enter", "End turn (in the resolution screen: next turn)"),
    ("Ctrl+Z", "Undo the last change to your orders (free until End turn)"),
    ("1 2 3 4 5", "Map modes: political, terrain, balance, worlds, fortification"),
    ("+ / - / mouse wheel", "Zoom in and out"),
    ("Arrow keys / drag", "Pan the map"),
    ("Home", "Centre the map on your capital"),
    ("Tab", "Next neighbour's stance card"),
    ("L", "Show or hide the map legend"),
    ("M / Move button", ("Move mode: click one of your stacks, then one of your hexes within its reach "
                         "(a right click on that hex does the same without move mode)")),
    ("Esc", "Leave move mode, stop placing or deselect; otherwise the menu"),
    ("Space", "Resolution: show all events at once"),
    ("F1 / G", "This help / the glossary"),
    ("F11", "Full screen on or off"),
    ("Ctrl+S", "Save the game (in the debrief: save the charts as PNG)"),
    ("Ctrl+L", "Load a saved game"),
    ("Ctrl+F", "Seminar: open the facilitator console (asks for the passphrase)"),
)

HOW_TO_PLAY = (
    "Each turn is one year. Every state gives sealed orders at the same time, then the engine resolves them all.<br><br>"
    "<b>1. Diplomacy.</b> For each neighbour choose <b>Cooperate</b> (restrain: no attack, trade flows, treaties hold) "
    "or <b>Defect</b> (arm freely, attacks allowed, trade cut). The stance card shows your payoffs in this turn's 2x2 "
    "stage game, its type and the world of the pair.<br>"
    "<b>2. Budget and builds.</b> Split your treasury between economy, offence and defence; place units on your "
    "hexes. Units take a turn or more to appear.<br>"
    "<b>3. Moves and attacks.</b> To move a stack, press Move (or M), click the stack, then one of your hexes "
    "within its reach (outlined; a right click on it does the same without Move); moves happen before attacks. "
    "Attacks only against neighbours you defect against: click your hex with units, then theirs. "
    "An attack on a cooperating, unwarned neighbour is a surprise and gets the first-strike bonus.<br>"
    "<b>4. Treaties.</b> Propose; the other side accepts next turn; signed if neither defects.<br><br>"
    "After End turn the AI states decide (their types and reasons stay hidden until the debrief); then the events "
    "appear in order and go into the log. The game ends at the turn limit, when a state holds most of the land, or "
    "when one is left. Scores weigh prosperity and security (and conquest for greedy types).")


class HelpScene(Scene):
    screen_name = "help"
    title = "Help"

    def __init__(self, app, key: str | None = None) -> None:
        super().__init__(app)
        self.topics = [("keys", "Keyboard shortcuts"), ("how", "How to play")] + \
                      [(e.key, e.term) for e in glossary.ENTRIES]
        keys = [k for k, _ in self.topics]
        self.topic = key if key in keys else "keys"
        self.list: UISelectionList | None = None
        self.text: UITextBox | None = None

    def topic_html(self, key: str) -> str:
        if key == "keys":
            rows = "<br>".join(f"<b>{html.escape(k)}</b>  -  {html.escape(v)}" for k, v in SHORTCUTS)
            return f"<font size=5><b>Keyboard shortcuts</b></font><br><br>{rows}"
        if key == "how":
            return f"<font size=5><b>How to play</b></font><br><br>{HOW_TO_PLAY}"
        e = glossary.entry(key)
        return (f"<font size=5><b>{html.escape(e.term)}</b></font><br><br><i>{html.escape(e.short)}</i><br><br>"
                f"{html.escape(e.text)}")

    def build(self) -> None:
        w, h = self.size
        self.label((32, 20, 600, 36), "Help and glossary", cls="heading")
        labels = [t for _, t in self.topics]
        cur = dict(self.topics)[self.topic]
        self.list = UISelectionList(pygame.Rect(32, 70, 300, h - 70 - 90), labels, self.app.ui, container=self.root,
                                    default_selection=cur, object_id=oid(None, "help_topics"))
        self.text = UITextBox(self.topic_html(self.topic), pygame.Rect(352, 70, w - 352 - 32, h - 70 - 90),
                              self.app.ui, container=self.root, object_id=oid(None, "help_text"))
        self.button((w - 32 - 180, h - 70, 180, 46), "Back (Esc)", self.app.pop, cls="primary", obj="help_back")

    def show(self, key: str) -> None:
        self.topic = key
        if self.text is not None:
            self.text.set_text(self.topic_html(key))

    def on_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            for k, t in self.topics:
                if t == event.text:
                    self.show(k)

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_F1):
            self.app.pop()
