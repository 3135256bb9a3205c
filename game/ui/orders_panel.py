"""The orders panel on the right of the game screen (pygame_gui widgets): tabs for diplomacy (the
stance card of each neighbour), forces (budget sliders with their cost, the build list) and
treaties (proposals and replies), plus Undo and End turn. It reads the view and the draft and
calls the game scene's actions; it decides nothing itself.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
from pygame_gui.elements import UIHorizontalSlider, UIPanel

from game.engine.alliances import alliance_label, proposal_problem
from game.engine.budget import reserve
from game.engine.orders import ALLIANCE, TREATY_KINDS

from .scene import oid

from .stance_card import StanceCard

if TYPE_CHECKING:  # pragma: no cover
    from .scenes.game import GameScene

TABS = (("diplomacy", "Diplomacy"), ("forces", "Budget & builds"), ("treaties", "Treaties"))
BUDGET_PARTS = (("economy", "Economy", "invested: raises your income"),
                ("offence", "Offence", "pays for offensive units"),
                ("defence", "Defence", "pays for defensive units and forts"))
TREATY_LABELS = {"non_aggression": "Non-aggression", "offensive_ban": "No offensive arms on border",
                 "buffer": "Empty border (buffer)", "trade": "Trade agreement", "alliance": "Alliance"}
TREATY_TIPS = {"non_aggression": "A promise not to attack; ends when either side defects.",
               "offensive_ban": "No offensive units on the border hexes; violations are seen with probability d.",
               "buffer": "Both keep the border hexes empty of units; violations are seen with probability d.",
               "trade": "Doubles the trade gain of mutual cooperation (CC).",
               "alliance": "A defensive pact: if anyone attacks a member, the others that border the attacker must "
                           "defect against it next turn or abandon the alliance. They answer next turn."}
MOVE_TIP = ("Move mode (M): click one of your stacks, then one of your hexes within its reach (outlined) to "
            "move it there; moves happen before the attacks. Esc or M again stops. A right click also moves a "
            "selected stack.")


class OrdersPanel:
    def __init__(self, scene: "GameScene") -> None:
        self.scene = scene
        self.panel: UIPanel | None = None
        self.tab_buttons: dict[str, object] = {}
        self.neighbour_buttons: dict[int, object] = {}
        self.card: StanceCard | None = None
        self.sliders: dict[str, UIHorizontalSlider] = {}
        self.slider_labels: dict[str, object] = {}
        self.unit_buttons: dict[str, object] = {}
        self.treaty_buttons: dict[tuple[str, int], object] = {}
        self.accept_buttons: dict[str, object] = {}
        self.alliance_buttons: dict[object, object] = {}
        self.end_turn_button = None
        self.undo_button = None
        self.move_button = None
        self.status_label = None

    @property
    def rect(self) -> pygame.Rect:
        return self.scene.panel_rect

    def build(self) -> None:
        sc = self.scene
        r = self.rect
        self.panel = UIPanel(r, starting_height=1, manager=sc.app.ui, container=sc.root, object_id=oid(None, "orders_panel"))
        w = r.w - 24
        tw = (w - 8) // 3
        self.tab_buttons = {}
        for k, (key, text) in enumerate(TABS):
            b = sc.button((12 + k * (tw + 4), 10, tw, 34), text, lambda key=key: sc.set_tab(key), container=self.panel,
                          cls="tab", obj=f"tab_{key}")
            if key == sc.tab:
                b.select()
            self.tab_buttons[key] = b
        content = pygame.Rect(12, 56, w, r.h - 56 - 120)
        {"diplomacy": self._diplomacy, "forces": self._forces, "treaties": self._treaties}[sc.tab](content)
        # the status goes below the stance card: on a low window, only the lines that fit above Undo
        top = max(r.h - 112, getattr(self.card, "bottom", 0) - 36 if sc.tab == "diplomacy" and self.card else 0)
        lines = sc.wrap_text(sc.status, w, "small")[: max(0, (r.h - 66 - top) // 18)]
        self.status_label = [sc.label((12, top + k * 18, w, 20), line, container=self.panel, cls="small",
                                      obj="status" if k == 0 else None) for k, line in enumerate(lines)]
        bw = (w - 16) // 4
        self.undo_button = sc.button((12, r.h - 62, bw, 48), "Undo", sc.undo, container=self.panel,
                                     obj="undo", enabled=sc.history.can_undo, tooltip="Undo the last change (Ctrl+Z)")
        self.move_button = sc.button((12 + bw + 8, r.h - 62, bw + 8, 48), "Move", sc.toggle_move_mode,
                                     container=self.panel, cls="tab", obj="move_mode", tooltip=MOVE_TIP)
        if sc.moving:
            self.move_button.select()
        self.end_turn_button = sc.button((12 + 2 * bw + 24, r.h - 62, w - 2 * bw - 24, 48), "End turn", sc.end_turn,
                                         container=self.panel, cls="primary", obj="end_turn",
                                         tooltip="Seal your orders and resolve the turn (Enter)")

    def refresh(self) -> None:
        if self.panel is not None:
            self.panel.kill()
        self.build()

    # --- tabs --------------------------------------------------------------------------------
    def _diplomacy(self, area: pygame.Rect) -> None:
        sc = self.scene
        view, draft = sc.view, sc.draft
        if not view.neighbours:
            sc.text_lines((area.x, area.y, area.w, 60), "You have no neighbours this turn: nothing to decide here. "
                          "Use Budget & builds, then End turn.", container=self.panel)
            return
        self.neighbour_buttons = {}
        per_row = 3
        bw = (area.w - 8 * (per_row - 1)) // per_row
        for k, j in enumerate(view.neighbours):
            x = area.x + (k % per_row) * (bw + 8)
            y = area.y + (k // per_row) * 38
            mark = "D" if draft.stance(j) == "D" else "C"
            b = sc.button((x, y, bw, 32), f"{view.nations[j].name} [{mark}]", lambda j=j: sc.set_neighbour(j),
                          container=self.panel, obj=f"neighbour_{j}", cls="small")
            if j == sc.neighbour:
                b.select()
            self.neighbour_buttons[j] = b
        top = area.y + ((len(view.neighbours) + per_row - 1) // per_row) * 38 + 8
        j = sc.neighbour
        targets = sc.hexes_of(j)
        planned = sum(1 for a in draft.attacks if a.target in targets)
        self.card = StanceCard(sc, self.panel, pygame.Rect(area.x, top, area.w, area.bottom - top), view, j,
                               draft.stance(j), planned, sc.request_stance, sc.open_glossary, sc.cancel_attacks_on)

    def _forces(self, area: pygame.Rect) -> None:
        sc = self.scene
        view, draft = sc.view, sc.draft
        nation = view.my_nation
        treasury = nation.treasury if nation is not None else 0.0
        x, y, w = area.x, area.y, area.w
        sc.label((x, y, w, 24), f"Treasury {treasury:.1f}   income {view.my_income:.1f} a turn", container=self.panel,
                 obj="treasury")
        y += 28
        self.sliders, self.slider_labels = {}, {}
        for key, name, tip in BUDGET_PARTS:
            self.slider_labels[key] = sc.label((x, y, w, 22), self.budget_text(key), container=self.panel, cls="small",
                                               obj=f"budget_label_{key}")
            y += 22
            s = UIHorizontalSlider(pygame.Rect(x, y, w, 24), int(round(getattr(draft.budget, key) * 100)), (0, 100),
                                   sc.app.ui, container=self.panel, click_increment=5, object_id=oid(None, f"slider_{key}"))
            self.sliders[key] = s
            y += 30
        self.reserve_label = sc.label((x, y, w, 20), self.reserve_text(), container=self.panel, cls="dim",
                                      obj="budget_reserve")
        y += 20
        sc.label((x, y, w, 20), "Shares apply to the treasury after income and upkeep.", container=self.panel, cls="dim")
        y += 28
        sc.label((x, y, w, 22), "Build: choose a unit, then click one of your hexes", container=self.panel, cls="heading")
        y += 28
        self.unit_buttons = {}
        units = sorted(view.era.units.values(), key=lambda u: u.offensive_signature)
        bw = (w - 8) // 2
        for k, u in enumerate(units):
            bx, by = x + (k % 2) * (bw + 8), y + (k // 2) * 38
            pool = "offence" if u.offensive else "defence"
            tip = (f"<b>{u.name}</b>: cost {u.cost:.0f} from the {pool} budget, upkeep {u.upkeep:.1f}/turn, "
                   f"attack {u.attack:.1f}, defence {u.defence:.1f}, ready in {u.build_time} turn(s). "
                   f"Offensive signature {u.offensive_signature:.2f}" + (" (raises the hex's fortification)" if u.fort else ""))
            b = sc.button((bx, by, bw, 32), f"{u.name} ({u.cost:.0f}, {'off.' if u.offensive else 'def.'})",
                          lambda key=u.key: sc.choose_unit(key), container=self.panel, cls="small",
                          obj=f"unit_{u.key}", tooltip=tip)
            if sc.placing == u.key:
                b.select()
            self.unit_buttons[u.key] = b
        y += ((len(units) + 1) // 2) * 38 + 6
        if draft.builds:
            sc.label((x, y, w, 22), "Planned this turn:", container=self.panel, cls="dim")
            y += 22
            for k, b in enumerate(draft.builds[:6]):
                u = view.era.units.get(b.unit)
                sc.label((x, y, w - 40, 26), f"{b.count} x {u.name if u else b.unit} at {view.gmap.label(b.hex)}",
                         container=self.panel, cls="small")
                sc.button((x + w - 34, y, 30, 26), "x", lambda k=k: sc.remove_build(k), container=self.panel,
                          cls="small", obj=f"remove_build_{k}")
                y += 28
            if len(draft.builds) > 6:
                sc.label((x, y, w, 22), f"... and {len(draft.builds) - 6} more", container=self.panel, cls="dim")
                y += 22
        if draft.moves and y < area.bottom - 40:
            sc.label((x, y, w, 22), "Moves planned (before the attacks):", container=self.panel, cls="dim")
            y += 22
            for k, m in enumerate(draft.moves[:4]):
                what = ", ".join(f"{n} {view.era.units[u].name if u in view.era.units else u}" for u, n in m.units)
                sc.label((x, y, w, 22), f"{what}: {view.gmap.label(m.src)} -> {view.gmap.label(m.dst)}",
                         container=self.panel, cls="small", obj=f"move_{k}")
                y += 22
            if len(draft.moves) > 4:
                sc.label((x, y, w, 22), f"... and {len(draft.moves) - 4} more", container=self.panel, cls="dim")
                y += 22
        if view.my_queue and y < area.bottom - 40:
            sc.label((x, y + 4, w, 22), "Under construction:", container=self.panel, cls="dim")
            y += 26
            for q in view.my_queue[: max(0, (area.bottom - y) // 20)]:
                u = view.era.units.get(q.unit)
                sc.label((x, y, w, 20), f"{q.count} x {u.name if u else q.unit} at {view.gmap.label(q.hex)}, "
                                        f"ready in {q.turns_left} turn(s)", container=self.panel, cls="small")
                y += 20

    def budget_text(self, key: str) -> str:
        sc = self.scene
        view, draft = sc.view, sc.draft
        treasury = view.my_nation.treasury if view.my_nation is not None else 0.0
        share = getattr(draft.budget, key)
        name = dict((k, n) for k, n, _ in BUDGET_PARTS)[key]
        txt = f"{name} {share:.0%}  ~ {share * treasury:.1f} now"
        if key in ("offence", "defence"):
            planned = sc.planned_cost(key)
            txt += f"   planned builds {planned:.1f}"
            if planned > share * treasury + 1e-9:
                txt += " (over budget!)"
        else:
            txt += "   " + dict((k, t) for k, _, t in BUDGET_PARTS)[key]
        return txt

    def reserve_text(self) -> str:
        view, draft = self.scene.view, self.scene.draft
        spare = reserve(draft.budget)
        treasury = view.my_nation.treasury if view.my_nation is not None else 0.0
        if spare <= 0.005:
            return "No reserve: every share of the treasury is spent."
        return f"Reserve {spare:.0%} (~{spare * treasury:.0f}) is not spent: it stays in the treasury."

    def update_budget_labels(self) -> None:
        for key, lab in self.slider_labels.items():
            lab.set_text(self.budget_text(key))
        if getattr(self, "reserve_label", None) is not None:
            self.reserve_label.set_text(self.scene.fit_text(self.reserve_text(), self.reserve_label.rect.w, "dim"))

    def _alliance(self, x: int, y: int, w: int) -> int:
        """Alliance rows (rules.md §8a): membership and Leave, calls to honour, Propose alliance to
        each other state. Returns the next free y."""
        sc = self.scene
        view, draft = sc.view, sc.draft
        me = view.me
        names = [n.name for n in view.nations]
        mine = next((a for a in view.alliances if me in a.members), None)
        self.alliance_buttons = {}
        if mine is not None:
            others = ", ".join(names[m] for m in mine.members if m != me)
            sc.label((x, y, w - 110, 28), f"Alliance: {alliance_label(mine, names)} (with {others})",
                     container=self.panel, cls="small")
            b = sc.button((x + w - 104, y, 104, 28), "Leave", sc.toggle_leave_alliance, container=self.panel,
                          cls="small", obj="leave_alliance",
                          tooltip="Leave your alliance this turn. If you are called to a war and do not defect "
                                  "against the attacker, you abandon it instead (barred from alliances for 5 turns).")
            if draft.leave_alliance:
                b.select()
            self.alliance_buttons["leave"] = b
            y += 32
        for c in view.calls:
            if c.ally == me:
                sc.label((x, y, w, 22), f"Called to war: defect against {names[c.attacker]} (it struck "
                                        f"{names[c.victim]}) or abandon the alliance.", container=self.panel, cls="small")
                y += 24
        candidates = [n.id for n in view.nations if n.alive and n.id != me
                      and proposal_problem(view.alliances, view.abandoned, me, n.id, view.turn, names) is None]
        if candidates:
            sc.label((x, y, w, 22), "Propose an alliance (a defensive pact) to:", container=self.panel, cls="dim")
            y += 24
            bw = max(60, (w - 8 * (len(candidates) - 1)) // len(candidates))
            for k, j in enumerate(candidates):
                b = sc.button((x + k * (bw + 8), y, bw, 28), names[j][:12], lambda j=j: sc.toggle_proposal(ALLIANCE, j),
                              container=self.panel, cls="small", obj=f"propose_alliance_{j}",
                              tooltip=TREATY_TIPS[ALLIANCE])
                if any(p.kind == ALLIANCE and p.to == j for p in draft.proposals):
                    b.select()
                self.alliance_buttons[j] = b
            y += 34
        return y + 4

    def _treaties(self, area: pygame.Rect) -> None:
        sc = self.scene
        view, draft = sc.view, sc.draft
        x, y, w = area.x, area.y, area.w
        self.treaty_buttons, self.accept_buttons = {}, {}
        y = self._alliance(x, y, w)
        if view.proposals_to_me:
            sc.label((x, y, w, 24), "Offers to you (accept to sign if neither side defects):", container=self.panel,
                     cls="heading")
            y += 28
            for p in view.proposals_to_me:
                sc.label((x, y, w - 110, 30), f"{view.nations[p.proposer].name}: {TREATY_LABELS.get(p.kind, p.kind)}",
                         container=self.panel, cls="small")
                b = sc.button((x + w - 104, y, 104, 30), "Accept", lambda pid=p.id: sc.toggle_accept(pid),
                              container=self.panel, cls="small", obj="accept_" + p.id.replace(":", "_"))
                if p.id in draft.accepts:
                    b.select()
                self.accept_buttons[p.id] = b
                y += 34
            y += 8
        sc.label((x, y, w, 24), "Propose (they answer next turn):", container=self.panel, cls="heading")
        y += 28
        bw = (w - 8) // 2
        for j in view.neighbours:
            sc.label((x, y, w, 22), f"To {view.nations[j].name}", container=self.panel, cls="dim")
            y += 24
            for k, kind in enumerate(TREATY_KINDS):
                bx, by = x + (k % 2) * (bw + 8), y + (k // 2) * 34
                b = sc.button((bx, by, bw, 30), TREATY_LABELS[kind], lambda kind=kind, j=j: sc.toggle_proposal(kind, j),
                              container=self.panel, cls="small", obj=f"propose_{kind}_{j}", tooltip=TREATY_TIPS[kind])
                if any(p.kind == kind and p.to == j for p in draft.proposals):
                    b.select()
                self.treaty_buttons[(kind, j)] = b
            y += 72
            if y > area.bottom - 80:
                break
        mine = [t for t in view.treaties if view.me in t.parties]
        sc.label((x, y + 4, w, 22), "In force:" if mine else "No treaties in force.", container=self.panel, cls="dim")
        y += 28
        for t in mine[: max(0, (area.bottom - y) // 20)]:
            other = t.parties[0] if t.parties[1] == view.me else t.parties[1]
            sc.label((x, y, w, 20), f"{TREATY_LABELS.get(t.kind, t.kind)} with {view.nations[other].name} "
                                    f"(since turn {t.since})", container=self.panel, cls="small")
            y += 20
