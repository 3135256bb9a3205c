"""The stance card of one neighbour: the 2x2 stage game from your side with its numbers and type,
the dyad's world and balance, what you can see of their posture, and Cooperate / Defect.

All numbers come from the player's view (``view.games[j]`` is computed by the engine from your
own estimates); the card only formats them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

import pygame
from pygame_gui.elements import UILabel

from game.engine.balance import WORLD_LABELS, distinguishable
from game.engine.pairkey import dyad_key
from game.engine.stagegame import StageGame
from game.engine.views import PlayerView

from . import glossary
from .scene import oid

if TYPE_CHECKING:  # pragma: no cover
    from .scene import Scene


@dataclass(frozen=True)
class Posture:
    units: int
    attack: float
    defence: float
    border_units: int

    @property
    def offensive_share(self) -> float:
        total = self.attack + self.defence
        return self.attack / total if total > 0 else 0.0


def posture_of(view: PlayerView, j: int) -> Posture:
    """Sum of my estimates of j's stacks (all, and those on hexes touching mine)."""
    g = view.gmap
    units = border = 0
    att = dfn = 0.0
    for h, e in view.estimates.items():
        if view.owner[h] != j:
            continue
        units += e.count
        att += e.attack
        dfn += e.defence
        if any(view.owner[n] == view.me for n in g.neighbours(h)):
            border += e.count
    return Posture(units, att, dfn, border)


def outcome_record(view: PlayerView, j: int) -> dict[str, int]:
    """How often each outcome happened between me and j, from my side (first letter = mine)."""
    me = view.me
    a, b = (me, j) if me < j else (j, me)
    out = {"CC": 0, "CD": 0, "DC": 0, "DD": 0}
    for t in view.history:
        o = t.outcomes.get(dyad_key(a, b))
        if o:
            out[o if me == a else o[::-1]] += 1
    return out


def fmt(v: float) -> str:
    return f"{v:+.1f}"


def game_hint(g: StageGame) -> str:
    """One sentence on how to play this turn's stage game."""
    q = g.threshold
    if g.kind == "Stag Hunt" and q is not None:
        return f"Cooperating pays if you expect them to cooperate with p >= {q:.0%}."
    if g.kind == "Prisoner's Dilemma":
        return "In one round defecting pays whatever they do; both defecting is worse than both cooperating."
    if g.kind == "Chicken":
        return "Mutual defection is the worst outcome: each wants the other to back down."
    if g.kind == "Harmony":
        return "Cooperating is best whatever they do."
    return "You prefer mutual defection to mutual cooperation."


class StanceCard:
    """Builds the card's widgets in ``container`` at ``rect``, section by section from the top;
    actions go through the callbacks."""

    def __init__(self, scene: "Scene", container, rect: pygame.Rect, view: PlayerView, j: int, stance: str,
                 planned_attacks: int, on_stance: Callable[[int, str], None], on_glossary: Callable[[str], None],
                 on_cancel_attacks: Callable[[int], None]) -> None:
        self.scene, self.view, self.j = scene, view, j
        self._container, self._on_glossary = container, on_glossary
        self._x, self._w = rect.x, rect.w
        g = view.games[j]
        yy = self._header(rect.y, g)
        yy = self._matrix(yy, g)
        yy = self._situation(yy, g)
        yy = self._buttons(yy, stance, planned_attacks, on_stance, on_cancel_attacks)
        self._footnote(yy, rect.bottom)
        self.bottom = yy

    def _label(self, rect: tuple[int, int, int, int], text: str, **kw) -> UILabel:
        return self.scene.label(rect, text, container=self._container, **kw)

    def _help(self, py: int, key: str) -> None:
        """A "?" at the card's right edge opening the glossary entry ``key``."""
        self.scene.button((self._x + self._w - 26, py, 24, 24), "?", lambda: self._on_glossary(key),
                          container=self._container, tooltip=glossary.tooltip(key), cls="help", obj=f"help_{key}")

    def _header(self, y: int, g: StageGame) -> int:
        """Their name, their last move, the world and this turn's game."""
        view, j, x, w, L = self.view, self.j, self._x, self._w, self._label
        self.title = L((x, y, w - 40, 28), f"{view.nations[j].name}", cls="heading", obj="card_title")
        last = view.last_stances.get((j, view.me))
        last_txt = {"C": "cooperated with you", "D": "defected against you"}.get(last or "", "no moves yet")
        L((x, y + 28, w, 22), f"Last turn they {last_txt}" if last else "First turn: no moves yet", cls="dim",
          obj="card_last")
        world_label = WORLD_LABELS[g.world]
        self.world = L((x, y + 52, w - 30, 22), f"World {g.world}: {world_label[:48]}{'...' if len(world_label) > 48 else ''}",
                       obj="card_world")
        self._help(y + 52, "four_worlds")
        self.kind = L((x, y + 76, w - 30, 22), f"Your game this turn: {g.kind}", cls="heading", obj="card_kind")
        self._help(y + 76, glossary.GAME_KIND_KEYS.get(g.kind, "stage_game"))
        return y + 106

    def _matrix(self, my: int, g: StageGame) -> int:
        """The 2x2 matrix of my payoffs, then the hint on how to play it."""
        x, w, L = self._x, self._w, self._label
        cw, ch, hw = (w - 110) // 2, 34, 110
        L((x + hw, my, cw, 20), "they cooperate", cls="cellhead")
        L((x + hw + cw + 4, my, cw, 20), "they defect", cls="cellhead")
        self.cells: dict[str, UILabel] = {}
        for r, (mine, row_label) in enumerate((("C", "you cooperate"), ("D", "you defect"))):
            ry = my + 22 + r * (ch + 4)
            L((x, ry, hw - 4, ch), row_label, cls="cellhead")
            for c, theirs in enumerate("CD"):
                key = (mine + theirs).lower()
                lab = UILabel(pygame.Rect(x + hw + c * (cw + 4), ry, cw, ch), f"{mine}{theirs}  {fmt(getattr(g, key))}",
                              self.scene.app.ui, container=self._container, object_id=oid("cell", f"cell_{key}"))
                self.cells[key.upper()] = lab
        self._help(my - 2, "stage_game")
        yy = my + 22 + 2 * (ch + 4) + 6
        self.hint = self.scene.text_lines((x, yy, w, 40), game_hint(g), container=self._container, obj="card_hint")
        return yy + 18 * len(self.hint) + 4

    def _situation(self, yy: int, g: StageGame) -> int:
        """Balance, strike odds, going first, their posture, warnings and the record so far."""
        view, j, x, w, L = self.view, self.j, self._x, self._w, self._label
        adv = lambda v: "offence" if v < 1 else "defence"  # noqa: E731
        L((x, yy, w - 30, 22), f"Balance: you into them {g.odb_mine:.2f} ({adv(g.odb_mine)} adv.), "
                                f"they into you {g.odb_theirs:.2f}", cls="small", obj="card_balance")
        self._help(yy, "odb")
        yy += 24
        L((x, yy, w, 22), f"Surprise strike odds: yours {g.p_win:.0%}, theirs {g.p_lose:.0%}; your depth {g.depth}",
          cls="small", obj="card_odds")
        yy += 24
        self.first_strike = None
        era = view.era
        if era.first_strike_bonus > 1:
            spared = f", striker's war cost -{era.damage_limitation:.0%}" if era.damage_limitation > 0 else ""
            self.first_strike = L((x, yy, w, 22), f"Going first: attack x{era.first_strike_bonus:g} by surprise{spared}",
                                  cls="small", obj="card_first_strike")
            yy += 22
        p = posture_of(view, j)
        d = view.distinguishability
        clarity = "clear" if distinguishable(d) else "blurred"
        L((x, yy, w - 30, 22), f"Their forces (estimate): ~{p.units} units, ~{p.border_units} on your border",
          cls="small", obj="card_posture")
        self._help(yy, "distinguishability")
        yy += 22
        L((x, yy, w, 22), f"attack ~{p.attack:.0f}, defence ~{p.defence:.0f}, offensive ~{p.offensive_share:.0%} "
                           f"(d = {d:.2f}, {clarity})", cls="small", obj="card_share")
        yy += 22
        if j in view.warned_of:
            L((x, yy, w, 22), "Warning: offensive build-up seen near your border!", obj="card_warned")
            yy += 22
        rec = outcome_record(view, j)
        if sum(rec.values()):
            L((x, yy, w, 22), "So far (you/them): " + "  ".join(f"{k} {v}" for k, v in rec.items()), cls="dim",
              obj="card_record")
            yy += 22
        return yy + 8

    def _buttons(self, yy: int, stance: str, planned_attacks: int, on_stance: Callable[[int, str], None],
                 on_cancel_attacks: Callable[[int], None]) -> int:
        """Cooperate / Defect, and the attacks planned on them."""
        scene, j, x, w, c = self.scene, self.j, self._x, self._w, self._container
        bw = (w - 10) // 2
        self.coop_button = scene.button((x, yy, bw, 46), "Cooperate", lambda: on_stance(j, "C"), container=c,
                                        cls="cooperate", obj="stance_cooperate",
                                        tooltip="Restrain: no attack on them, trade flows, treaties hold.")
        self.defect_button = scene.button((x + bw + 10, yy, bw, 46), "Defect", lambda: on_stance(j, "D"),
                                          container=c, cls="defect", obj="stance_defect",
                                          tooltip="Arm freely, attacks allowed, trade cut; they will see it after this turn.")
        (self.coop_button if stance == "C" else self.defect_button).select()
        yy += 54
        if planned_attacks:
            self._label((x, yy, w - 150, 30), f"Attacks planned on them: {planned_attacks}", obj="card_attacks")
            scene.button((x + w - 140, yy, 140, 30), "Cancel attacks", lambda: on_cancel_attacks(j),
                         container=c, obj="cancel_attacks")
        elif stance == "D":
            self._label((x, yy, w, 30), "To attack: click your hex, then theirs.", cls="dim")
        return yy + 40

    def _footnote(self, yy: int, bottom: int) -> None:
        """What the payoffs mean, when there is room."""
        if yy + 90 < bottom:
            self.scene.text_lines((self._x, yy, self._w, 90), "The numbers are your payoffs this turn, in treasury units, "
                                  "computed from your estimates. CC: trade and the arms you save. DC: the expected gain "
                                  "of a surprise strike. CD: the expected loss if they strike while you cooperate. DD: "
                                  "the arms race plus the risk of war.", container=self._container, cls="dim", line_h=17)
