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


class StanceCard:
    """Builds the card's widgets in ``container`` at ``rect``; actions go through the callbacks."""

    def __init__(self, scene: "Scene", container, rect: pygame.Rect, view: PlayerView, j: int, stance: str,
                 planned_attacks: int, on_stance: Callable[[int, str], None], on_glossary: Callable[[str], None],
                 on_cancel_attacks: Callable[[int], None]) -> None:
        self.scene, self.view, self.j = scene, view, j
        ui = scene.app.ui
        x, y, w = rect.x, rect.y, rect.w
        g = view.games[j]
        them = view.nations[j].name
        L = scene.label

        def help_button(px: int, py: int, key: str) -> None:
            scene.button((px, py, 24, 24), "?", lambda: on_glossary(key), container=container,
                         tooltip=glossary.tooltip(key), cls="help", obj=f"help_{key}")

        self.title = L((x, y, w - 40, 28), f"{them}", container=container, cls="heading", obj="card_title")
        last = view.last_stances.get((j, view.me))
        last_txt = {"C": "cooperated with you", "D": "defected against you"}.get(last or "", "no moves yet")
        L((x, y + 28, w, 22), f"Last turn they {last_txt}" if last else "First turn: no moves yet",
          container=container, cls="dim", obj="card_last")
        world_label = WORLD_LABELS[g.world]
        self.world = L((x, y + 52, w - 30, 22), f"World {g.world}: {world_label[:48]}{'...' if len(world_label) > 48 else ''}",
                       container=container, obj="card_world")
        help_button(x + w - 26, y + 52, "four_worlds")
        gkey = glossary.GAME_KIND_KEYS.get(g.kind, "stage_game")
        self.kind = L((x, y + 76, w - 30, 22), f"Your game this turn: {g.kind}", container=container,
                      cls="heading", obj="card_kind")
        help_button(x + w - 26, y + 76, gkey)
        # the 2x2 matrix, your payoffs
        mx, my = x, y + 106
        cw, ch, hw = (w - 110) // 2, 34, 110
        L((mx + hw, my, cw, 20), "they cooperate", container=container, cls="cellhead")
        L((mx + hw + cw + 4, my, cw, 20), "they defect", container=container, cls="cellhead")
        self.cells: dict[str, UILabel] = {}
        for r, (mine, row_label) in enumerate((("C", "you cooperate"), ("D", "you defect"))):
            ry = my + 22 + r * (ch + 4)
            L((mx, ry, hw - 4, ch), row_label, container=container, cls="cellhead")
            for c, theirs in enumerate("CD"):
                key = (mine + theirs).lower()
                v = getattr(g, key)
                lab = UILabel(pygame.Rect(mx + hw + c * (cw + 4), ry, cw, ch), f"{mine}{theirs}  {fmt(v)}", ui,
                              container=container, object_id=oid("cell", f"cell_{key}"))
                self.cells[key.upper()] = lab
        help_button(x + w - 26, my - 2, "stage_game")
        yy = my + 22 + 2 * (ch + 4) + 6
        q = g.threshold
        if g.kind == "Stag Hunt" and q is not None:
            hint = f"Cooperating pays if you expect them to cooperate with p >= {q:.0%}."
        elif g.kind == "Prisoner's Dilemma":
            hint = "In one round defecting pays whatever they do; both defecting is worse than both cooperating."
        elif g.kind == "Chicken":
            hint = "Mutual defection is the worst outcome: each wants the other to back down."
        elif g.kind == "Harmony":
            hint = "Cooperating is best whatever they do."
        else:
            hint = "You prefer mutual defection to mutual cooperation."
        self.hint = scene.text_lines((x, yy, w, 40), hint, container=container, obj="card_hint")
        yy += 18 * len(self.hint) + 4
        adv = lambda v: "offence" if v < 1 else "defence"  # noqa: E731
        L((x, yy, w - 30, 22), f"Balance: you into them {g.odb_mine:.2f} ({adv(g.odb_mine)} adv.), "
                                f"they into you {g.odb_theirs:.2f}", container=container, cls="small", obj="card_balance")
        help_button(x + w - 26, yy, "odb")
        yy += 24
        L((x, yy, w, 22), f"Surprise strike odds: yours {g.p_win:.0%}, theirs {g.p_lose:.0%}; your depth {g.depth}",
          container=container, cls="small", obj="card_odds")
        yy += 24
        self.first_strike = None
        era = view.era
        if era.first_strike_bonus > 1:
            spared = f", striker's war cost -{era.damage_limitation:.0%}" if era.damage_limitation > 0 else ""
            self.first_strike = L((x, yy, w, 22), f"Going first: attack x{era.first_strike_bonus:g} by surprise{spared}",
                                  container=container, cls="small", obj="card_first_strike")
            yy += 22
        p = posture_of(view, j)
        d = view.distinguishability
        clarity = "clear" if distinguishable(d) else "blurred"
        L((x, yy, w - 30, 22), f"Their forces (estimate): ~{p.units} units, ~{p.border_units} on your border",
          container=container, cls="small", obj="card_posture")
        help_button(x + w - 26, yy, "distinguishability")
        yy += 22
        L((x, yy, w, 22), f"attack ~{p.attack:.0f}, defence ~{p.defence:.0f}, offensive ~{p.offensive_share:.0%} "
                           f"(d = {d:.2f}, {clarity})", container=container, cls="small", obj="card_share")
        yy += 22
        if j in view.warned_of:
            L((x, yy, w, 22), "Warning: offensive build-up seen near your border!", container=container, obj="card_warned")
            yy += 22
        rec = outcome_record(view, j)
        if sum(rec.values()):
            L((x, yy, w, 22), "So far (you/them): " + "  ".join(f"{k} {v}" for k, v in rec.items()),
              container=container, cls="dim", obj="card_record")
            yy += 22
        yy += 8
        bw = (w - 10) // 2
        self.coop_button = scene.button((x, yy, bw, 46), "Cooperate", lambda: on_stance(j, "C"), container=container,
                                        cls="cooperate", obj="stance_cooperate",
                                        tooltip="Restrain: no attack on them, trade flows, treaties hold.")
        self.defect_button = scene.button((x + bw + 10, yy, bw, 46), "Defect", lambda: on_stance(j, "D"),
                                          container=container, cls="defect", obj="stance_defect",
                                          tooltip="Arm freely, attacks allowed, trade cut; they will see it after this turn.")
        (self.coop_button if stance == "C" else self.defect_button).select()
        yy += 54
        if planned_attacks:
            L((x, yy, w - 150, 30), f"Attacks planned on them: {planned_attacks}", container=container, obj="card_attacks")
            scene.button((x + w - 140, yy, 140, 30), "Cancel attacks", lambda: on_cancel_attacks(j),
                         container=container, obj="cancel_attacks")
        elif stance == "D":
            L((x, yy, w, 30), "To attack: click your hex, then theirs.", container=container, cls="dim")
        yy += 40
        if yy + 90 < rect.bottom:
            scene.text_lines((x, yy, w, 90), "The numbers are your payoffs this turn, in treasury units, computed from "
                             "your estimates. CC: trade and the arms you save. DC: the expected gain of a surprise "
                             "strike. CD: the expected loss if they strike while you cooperate. DD: the arms race "
                             "plus the risk of war.", container=container, cls="dim", line_h=17)
        self.bottom = yy
