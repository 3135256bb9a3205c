"""What the player's clicks do to the draft orders in the game screen: stances (with a confirmation
before the first defection), attacks (only against neighbours you defect against; confirmed before
the first), builds placed on the map, budget, treaties, undo and End turn. A mixin of GameScene:
everything it needs from the scene it is mixed into is declared in :class:`OrdersHost` (a test
checks that the mixin reads nothing else and that GameScene provides all of it); it reads only
``self.view`` for game data and writes only ``self.history``.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Protocol, runtime_checkable

from game.engine.budget import fit_budget, planned_costs, pool_of, shortfalls
from game.engine.movement import move_problem, reach, stack_points, transit_partners
from game.engine.orders import Budget, Move

from .dialogs import ConfirmDialog
from .palette import ACCENT, ATTACK, MOVE, TEXT_DIM

if TYPE_CHECKING:
    from game.engine.views import PlayerView

    from .draft import Draft, DraftHistory
    from .log import LogWidget
    from .mapview import MapView
    from .orders_panel import OrdersPanel
    from game.session.local import SeatPort

MOVE_PICK = "Move mode: click one of your stacks (Esc or M stops)."
MOVE_DEST = ("Move mode: click one of your hexes within reach (outlined) to move the stack there; "
             "click another stack to pick it instead (Esc or M stops).")


@runtime_checkable
class OrdersHost(Protocol):
    """The scene :class:`OrdersActions` is mixed into: its state and the helpers it reads."""

    app: Any                      # the App (push dialogs)
    view: PlayerView              # the seat's view: the only game data
    port: SeatPort                # confirmations remembered, orders submitted
    history: DraftHistory         # the draft and its undo stack
    _draft_kept: Draft            # the draft as a joined seat's host last got it
    draft_lines: list[tuple[int, str]]   # the log lines of draft changes, by undo depth (undo removes them)
    panel: OrdersPanel
    mapview: MapView
    log: LogWidget
    mode_buttons: dict[str, Any]
    on_done: Callable[[], None]
    status: str
    tab: str
    neighbour: int | None
    placing: str | None
    moving: bool                  # move mode: a left click picks a stack, the next one its destination
    ended: bool
    dirty: bool

    @property
    def draft(self) -> Draft: ...

    @property
    def me(self) -> int: ...

    def name(self, j: int) -> str: ...

    def hexes_of(self, j: int | None) -> set[int]: ...

    def border_hexes(self, j: int) -> tuple[int, ...]: ...


class OrdersActions:
    def changed(self, status: str | None = None) -> None:
        if status is not None:
            self.status = status
        self.update_highlights()
        self.panel.refresh()
        self.dirty = True
        keep = getattr(self.port, "keep_draft", None)   # a joined seat: the host keeps the draft for a reconnect
        if keep is not None and self.draft != self._draft_kept:
            self._draft_kept = self.draft
            keep(self.draft.to_orders(self.view.me))

    def set_tab(self, tab: str) -> None:
        self.tab = tab
        self.changed()

    def set_neighbour(self, j: int) -> None:
        self.neighbour = j
        self.tab = "diplomacy"
        self.changed()

    def set_mode(self, mode: str) -> None:
        self.mapview.set_mode(mode)
        for m, b in self.mode_buttons.items():
            b.select() if m == mode else b.unselect()
        self.dirty = True

    def request_stance(self, j: int, stance: str) -> None:
        if stance == self.draft.stance(j):
            return

        def apply() -> None:
            if stance == "D":
                self.port.confirm(f"defect:{j}")
            self.history.set_stance(j, stance, self.name(j), frozenset(self.hexes_of(j)))
            self.log_draft(f"Draft: you will {'defect against' if stance == 'D' else 'cooperate with'} {self.name(j)}.")
            self.changed("Stance set. Undo is free until End turn.")

        if stance == "D" and not self.port.confirmed(f"defect:{j}"):
            g = self.view.games.get(j)
            detail = (f"Your game with them this turn is {g.kind}: defecting while they cooperate gives you {g.dc:+.1f}, "
                      f"mutual defection {g.dd:+.1f}, mutual cooperation {g.cc:+.1f}.\n") if g else ""
            self.app.push(ConfirmDialog(
                self.app, f"Defect against {self.name(j)}?",
                f"Defecting stops trade with {self.name(j)}, ends your treaties with them and allows attacks. "
                f"They will see your stance after this turn and may answer in kind.\n{detail}", apply, yes="Defect"))
            return
        apply()

    def request_attack(self, src: int, dst: int) -> None:
        j = self.view.owner[dst]
        if not self.view.my_units.get(src):
            self.changed("That hex has no units to attack with.")
            return

        def apply() -> None:
            self.port.confirm(f"attack:{j}")
            if self.draft.stance(j) != "D":
                self.port.confirm(f"defect:{j}")
                self.history.set_stance(j, "D", self.name(j))
            self.history.add_attack(dst, src)
            self.log_draft(f"Draft: attack {self.name(j)} at {self.view.gmap.label(dst)} from {self.view.gmap.label(src)}.")
            self.mapview.selected = None
            self.changed("Attack planned. Undo is free until End turn.")

        if self.draft.stance(j) != "D":
            self.app.push(ConfirmDialog(
                self.app, f"Attack {self.name(j)}?",
                f"You cooperate with {self.name(j)} this turn. Attacking means defecting against them: trade stops, "
                "treaties with them end, and they will remember. Defect and attack?", apply, yes="Defect and attack"))
        elif not self.port.confirmed(f"attack:{j}"):
            self.app.push(ConfirmDialog(
                self.app, f"First attack on {self.name(j)}",
                f"This is your first attack on {self.name(j)}. War costs both sides part of their income every turn "
                "it lasts. Attack?", apply, yes="Attack"))
        else:
            apply()

    def movable(self, src: int) -> dict[str, int]:
        """The units on my hex ``src`` that can still move this turn: those that move at all, less
        those the draft already moves out, and none that the draft brings in (units move once)."""
        v = self.view
        out = {k: n for k, n in v.my_units.get(src, {}).items() if stack_points(v.era, [k]) > 0}
        for m in self.draft.moves:
            if m.src == src:
                for k, n in m.units:
                    out[k] = out.get(k, 0) - n
            if m.dst == src:
                return {}
        return {k: n for k, n in out.items() if n > 0}

    def reach_of(self, src: int) -> dict[int, float]:
        """My hexes the movable units on ``src`` can reach this turn, with their cost (the engine's rule)."""
        v, units = self.view, self.movable(src)
        if not units:
            return {}
        r = reach(v.gmap, v.owner, self.me, transit_partners(v.treaties, self.me, v.alliances), src,
                  stack_points(v.era, units))
        return {h: c for h, c in r.cost.items() if h != src and v.owner[h] == self.me}

    def request_move(self, src: int, dst: int) -> None:
        """Move every unit on ``src`` that can move to my hex ``dst`` (right click), if within reach."""
        v, units = self.view, self.movable(src)
        if not units:
            self.changed("No units on that hex can move this turn.")
            return
        mv = Move.of(src, dst, units)
        why, path, cost = move_problem(v.gmap, v.era, v.owner, v.treaties, self.me, units, mv, v.alliances)
        if why is not None:
            self.changed(f"Cannot move there: {why}.")
            return
        what = ", ".join(f"{n} {v.era.units[k].name}" for k, n in mv.units)
        self.history.add_move(mv, "move")
        self.log_draft(f"Draft: move {what} from {v.gmap.label(src)} to {v.gmap.label(dst)} ({cost:g} movement points).")
        self.mapview.selected = None
        self.changed("Move planned: it happens before the attacks. Undo is free until End turn."
                     + (" Still in move mode: click another stack, or Esc." if self.moving else ""))

    def toggle_move_mode(self) -> None:
        """The Move button / M: in move mode a left click on one of my stacks selects it and a left
        click on one of my hexes within its reach moves it there (the order a right click gives)."""
        self.set_move_mode(not self.moving)

    def set_move_mode(self, on: bool) -> None:
        self.moving = on
        if on:
            self.placing = None
            sel = self.mapview.selected
            if sel is not None and not self.movable(sel):
                self.mapview.selected = None
            self.changed(MOVE_PICK if self.mapview.selected is None else MOVE_DEST)
        else:
            self.mapview.selected = None
            self.changed("Move mode off.")

    def move_mode_click(self, hx: int) -> None:
        """A left click in move mode: pick a stack, or move the picked one to ``hx``."""
        v, sel = self.view, self.mapview.selected
        if v.owner[hx] != self.me:
            self.changed("Moves go between your own hexes: click one of yours (Esc or M stops move mode).")
            return
        if sel is not None and sel == hx:
            self.mapview.selected = None
            self.changed(MOVE_PICK)
            return
        if sel is not None and (hx in self.reach_of(sel) or not self.movable(hx)):
            self.request_move(sel, hx)          # refused with the reason when out of reach
            return
        if not self.movable(hx):
            self.changed("No units on that hex can move this turn: click another of your stacks.")
            return
        self.mapview.selected = hx
        self.changed(MOVE_DEST)

    def cancel_attacks_on(self, j: int) -> None:
        self.history.drop_attacks_on(self.hexes_of(j))
        self.changed("Attacks cancelled.")

    def choose_unit(self, key: str) -> None:
        self.placing = None if self.placing == key else key
        if self.placing:
            self.moving = False
            self.mapview.selected = None
            self.changed(f"Click one of your hexes to build {self.view.era.units[key].name} (Esc or right click stops).")
        else:
            self.changed("")

    def place_build(self, hx: int) -> None:
        assert self.placing is not None
        u = self.view.era.units[self.placing]
        self.history.add_build(self.placing, hx, u.name)
        status = f"{u.name} planned at {self.view.gmap.label(hx)}. Click more hexes, or Esc to stop."
        # a pool at 0% would reject the build at resolution: raise its share now, and say so
        pool = pool_of(self.view.era, self.placing)
        before = self.draft.budget
        fitted = fit_budget(before, pool, planned_costs(self.view.era, self.draft.builds)[pool], self.treasury)
        if fitted != before:
            self.history.amend(replace(self.draft, budget=fitted))     # undone with the build
            status += (f" The {pool} budget rises to {getattr(fitted, pool):.0%} to pay for it"
                       f"{' (economy now ' + format(fitted.economy, '.0%') + ')' if fitted.economy != before.economy else ''}.")
        self.changed(status)

    def remove_build(self, index: int) -> None:
        self.history.remove_build(index)
        self.changed("Build removed.")

    def toggle_proposal(self, kind: str, j: int) -> None:
        hexes = self.border_hexes(j) if kind in ("offensive_ban", "buffer") else ()
        self.history.toggle_proposal(kind, j, hexes)
        self.changed()

    def toggle_leave_alliance(self) -> None:
        self.history.toggle_leave_alliance()
        self.changed()

    def toggle_accept(self, pid: str) -> None:
        self.history.toggle_accept(pid)
        self.changed()

    def on_budget(self, key: str, value: float) -> None:
        b = self.draft.budget
        parts = {"economy": b.economy, "offence": b.offence, "defence": b.defence}
        others = sum(v for k, v in parts.items() if k != key)
        parts[key] = max(0.0, min(value / 100.0, 1.0 - others))
        self.history.set_budget(Budget(parts["economy"], parts["offence"], parts["defence"]))
        slider = self.panel.sliders.get(key)
        if slider is not None and abs(slider.get_current_value() - parts[key] * 100) > 0.5:
            slider.set_current_value(int(round(parts[key] * 100)), warn=False)
        self.panel.update_budget_labels()
        if self.panel.undo_button is not None:
            self.panel.undo_button.enable()

    def log_draft(self, text: str) -> None:
        """A draft change in the log, taken out again when the change is undone."""
        self.log.add(text, TEXT_DIM)
        self.draft_lines.append((self.history.depth, text))

    def undo(self) -> None:
        what = self.history.undo()
        lines = self.draft_lines
        while lines and lines[-1][0] > self.history.depth:
            self.log.remove_last(lines.pop()[1])
        self.changed(f"Undone: {what}." if what else "Nothing to undo.")

    @property
    def treasury(self) -> float:
        return self.view.my_nation.treasury if self.view.my_nation is not None else 0.0

    def end_turn(self, confirmed: bool = False) -> None:
        if self.ended:
            return
        closed = getattr(self.port, "orders_closed", None)    # a seat joined to a seminar, before its orders phase
        if closed:
            self.changed(f"Not sealed: {closed}.")
            self.log.add(f"Turn {self.view.turn}: not sealed: {closed}. Your draft stays here.", ACCENT)
            return
        short = shortfalls(self.draft.budget, self.treasury, planned_costs(self.view.era, self.draft.builds))
        if short and not confirmed:
            what = " and ".join(f"the {p} budget by {v:.0f}" for p, v in short.items())
            self.app.push(ConfirmDialog(
                self.app, "Some builds cannot be paid",
                f"The planned builds exceed {what}: builds the budget cannot pay are rejected at resolution. "
                "Raise the share on the Forces tab, or end the turn anyway.",
                lambda: self.end_turn(confirmed=True), yes="End turn anyway"))
            return
        self.ended = True
        orders = self.draft.to_orders(self.me)
        self.port.submit(orders)
        stances = ", ".join(f"{'D' if s == 'D' else 'C'} {self.name(j)}" for j, s in sorted(orders.stances.items()))
        self.log.add(f"Turn {self.view.turn}: orders sealed ({stances or 'no neighbours'}; {len(orders.builds)} build(s), "
                     f"{len(orders.attacks)} attack(s), {len(orders.moves)} move(s)).", ACCENT)
        self.on_done()

    # --- map ---------------------------------------------------------------------------------
    def on_map_click(self, hx: int, button: int) -> None:
        v = self.view
        sel = self.mapview.selected
        if (button == 3 and not self.placing and sel is not None and sel != hx and v.owner[sel] == self.me
                and v.owner[hx] == self.me and v.my_units.get(sel)):
            self.request_move(sel, hx)
            return
        if button == 3:
            self.placing = None
            self.mapview.selected = None
            self.changed(MOVE_PICK if self.moving else "")
            return
        if self.moving:
            self.move_mode_click(hx)
            return
        if self.placing:
            if v.owner[hx] == self.me:
                self.place_build(hx)
            else:
                self.changed("Builds go on your own hexes.")
            return
        if (sel is not None and v.owner[sel] == self.me and v.owner[hx] >= 0 and v.owner[hx] != self.me
                and v.gmap.link(sel, hx) is not None):
            self.request_attack(sel, hx)
            return
        self.mapview.selected = hx
        o = v.owner[hx]
        if o in v.neighbours and o != self.neighbour:
            self.neighbour = o
        if o == self.me and v.my_units.get(hx):
            status = ("Your forces selected: click an adjacent hex of a neighbour to attack it, or right-click "
                      "one of your hexes within reach (outlined) to move them there.")
        else:
            status = v.gmap.label(hx) + " selected."
        self.changed(status)

    def update_highlights(self) -> None:
        mv, d, v = self.mapview, self.draft, self.view
        hl: dict[int, str] = {}
        sel = mv.selected
        if sel is not None and v.owner[sel] == self.me and v.my_units.get(sel):
            for lk in v.gmap.links[sel] if not self.moving else ():    # move mode: no attack options
                if v.owner[lk.dst] >= 0 and v.owner[lk.dst] != self.me:
                    hl[lk.dst] = "option"
            for h in self.reach_of(sel):
                hl[h] = "reach"
        for b in d.builds:
            hl[b.hex] = "build"
        arrows = []
        for a in d.attacks:
            hl[a.target] = "target"
            for s in a.sources:
                hl.setdefault(s, "source")
                arrows.append((s, a.target, ATTACK))
        for m in d.moves:
            hl.setdefault(m.dst, "move")
            arrows.append((m.src, m.dst, MOVE))
        mv.highlights = hl
        mv.arrows = arrows
        mv.changed = True

