"""The after-action report (issue 6, item 6): a directory with ``report.md`` (timeline, decisions per
delegation with their stated reasons and the AI's motives, injects, outcomes, what the theory
predicts vs what happened, discussion questions), PNG charts referenced by it, ``turns.csv`` and
``messages.csv``. Written from a :class:`GameRecord` (a save), headless; the charts are drawn by the
front end's :data:`ChartWriter` (no pygame here).
"""
from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Callable, Sequence

from game.engine.orders import Orders
from game.engine.pairkey import PairKey
from game.engine.record import GameRecord
from game.engine.scoring import scores
from game.engine.state import TurnRecord
from game.sim.analysis import alliance_story, arms_shares, describe_read, dyad_stats, predictions, type_reads
from game.sim.turns_csv import CSV_FIELDS, record_rows

TIMELINE_KINDS = ("attack", "treaty_signed", "treaty_broken", "treaty_violation", "treaty_failed", "eliminated",
                  "inject", "era_change", "distinguishability", "crisis_message", "trade_shock",
                  "third_party_attack", "war_cost", "facilitator_edit", "facilitator_message", "game_over")
CSV_TURN_FIELDS_NOTE = "one row per pair of neighbours per turn, as `run --out` writes"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def inject_markers(record: GameRecord) -> list[tuple[int, str]]:
    """(turn, name) of every inject fired, for the charts' time axis."""
    names = {inj.id: inj.name for inj in record.state.injects}
    return [(turn, names.get(i, i)) for i, turn in record.state.fired]


def _timeline(record: GameRecord) -> list[str]:
    s = record.state
    names = [n.name for n in s.nations]
    lines = ["## Timeline", ""]
    for k, rec in enumerate(s.history):
        lines.append(f"### Turn {rec.turn}")
        outcomes = ", ".join(f"{names[a]}–{names[b]} {o}" for key, o in rec.outcomes.items()
                             for a, b, _ in [PairKey.parse(key)]) or "no neighbours"
        lines.append(f"- Stances: {outcomes}.")
        for iv in (record.interventions[k] if k < len(record.interventions) else ()):
            lines.append(f"- Facilitator ({iv.kind}): {', '.join(f'{a}={v}' for a, v in iv.args.items())}.")
        for e in record.events[k]:
            if e.kind in TIMELINE_KINDS:
                who = "" if e.visible_to is None else f" _(to {', '.join(names[i] for i in e.visible_to) or 'the facilitator'})_"
                when = f" _(at the start of turn {e.turn})_" if e.turn != rec.turn else ""
                lines.append(f"- {e.text}{who}{when}")
        lines.append("")
    return lines


def _orders_line(o: Orders, names: Sequence[str], units: dict) -> str:
    st = ", ".join(f"{'C' if v == 'C' else 'D'} toward {names[j]}" for j, v in sorted(o.stances.items())) or "—"
    b = o.budget
    off = sum(bd.count for bd in o.builds if bd.unit in units and units[bd.unit].offensive)
    dfn = sum(bd.count for bd in o.builds) - off
    parts = [st, f"budget economy {b.economy:.0%} / offence {b.offence:.0%} / defence {b.defence:.0%}"]
    if o.builds:
        parts.append(f"builds {off} offensive, {dfn} defensive")
    if o.attacks:
        parts.append(f"{len(o.attacks)} attack(s)")
    if o.proposals:
        parts.append("proposes " + ", ".join(f"{p.kind.replace('_', '-')} to {names[p.to]}" for p in o.proposals))
    if o.accepts:
        parts.append(f"accepts {len(o.accepts)} treaty proposal(s)")
    return "; ".join(parts)


def _decisions(record: GameRecord) -> list[str]:
    s = record.state
    names = [n.name for n in s.nations]
    units = dict(s.era.units)
    lines = ["## Decisions per delegation", ""]
    for n in s.nations:
        who = record.players.get(n.id) or ("AI" if record.controllers.get(n.id, n.controller) == "ai" else "human")
        lines += [f"### {n.name} ({who})", "", "| turn | decisions | stated reasons | motives (AI) |", "|---|---|---|---|"]
        for k, turn_orders in enumerate(record.orders):
            o = turn_orders.get(n.id)
            if o is None:
                continue
            motives = "; ".join(f"{m.subject}{'→' + names[m.target] if m.subject == 'stance' and m.target is not None and m.target < len(names) else ''}: "
                                f"{m.motive} ({m.text})" for m in o.motives[:4])
            lines.append(f"| {k + 1} | {_md_escape(_orders_line(o, names, units))} | {_md_escape(o.statement) or '—'} | "
                         f"{_md_escape(motives) or '—'} |")
        lines.append("")
    return lines


def build_report(record: GameRecord, charts: Sequence[str], save_name: str = "") -> str:
    """The text of report.md."""
    s = record.state
    scn = record.source.load()
    spec = scn.resolve(record.variant, record.sets)
    seminar = spec.seminar
    names = [n.name for n in s.nations]
    stats = dyad_stats(s.history, s.nations)
    arms = arms_shares(s.history, len(s.nations))
    winner = f"; winner {names[s.winner]}" if s.winner is not None else ""
    lines = [f"# After-action report: {spec.name}", "",
             f"Scenario **{spec.name}**{f' (variant {record.variant})' if record.variant else ''}, seed {record.seed}, "
             f"{len(s.history)} turns played{'; ' + s.end_reason if s.end_reason else ''}{winner}."
             + (f" Save: `{save_name}`." if save_name else ""), ""]
    if spec.description:
        lines += [spec.description.strip(), ""]
    lines += ["## Roles and hidden types", "", "| state | role | played by | hidden type | strategy | objectives |",
              "|---|---|---|---|---|---|"]
    for n, st in zip(s.nations, spec.states):
        who = record.players.get(n.id) or record.controllers.get(n.id, n.controller)
        lines.append(f"| {n.name} | {_md_escape(st.role) or '—'} | {who} | {n.ai_type.replace('_', ' ')} | {n.strategy} | "
                     f"{_md_escape('; '.join(st.objectives)) or '—'} |")
    lines.append("")
    lines += _timeline(record)
    lines += _decisions(record)
    reads = type_reads(record.orders)
    if reads:
        lines += ["## What each AI believed about the others' types", "",
                  "Its last estimate that a neighbour is greedy (from the moves it saw and the postures it could "
                  "read), beside the type revealed now: a security seeker read as greedy is the spiral model's "
                  "misperception, a greedy state read as harmless the deterrence model's.", ""]
        for i in sorted({r.observer for r in reads}):
            lines.append(f"- **{names[i]}**: " + "; ".join(describe_read(r, s.nations) for r in reads if r.observer == i))
        lines.append("")
    lines += ["## Alliances", ""]
    lines += [f"- {_md_escape(x)}" for x in alliance_story(record.events, s)]
    lines.append("")
    fired = inject_markers(record)
    lines += ["## Injects", ""]
    lines += [f"- Turn {t}: {name}" for t, name in fired] or ["- None fired."]
    lines.append("")
    lines += ["## Outcomes", "", "| state | alive | territory (start → end) | treasury | arms share | score |",
              "|---|---|---|---|---|---|"]
    for n, sc in zip(s.nations, scores(s)):
        start = s.start_territory[n.id] if s.start_territory else "?"
        lines.append(f"| {n.name} | {'yes' if n.alive else 'no'} | {start} → {s.territory()[n.id]} | {n.treasury:.0f} | "
                     f"{arms[n.id]:.0%} | {sc.total:.0f} |")
    lines += ["", "## What the theory predicts vs what happened", "",
              "| pair | world (turns) | mutual cooperation | mutual defection | war | balance true / perceived | stage games |",
              "|---|---|---|---|---|---|---|"]
    for d in stats:
        worlds = ", ".join(f"W{w}: {c}" for w, c in d.worlds.items())
        games = ", ".join(f"{g} {c}" for g, c in d.games.items())
        lines.append(f"| {d.label} | {worlds} | {d.mutual_coop:.0%} | {d.mutual_defect:.0%} | {d.war:.0%} | "
                     f"{d.true_balance:.2f} / {d.perceived_balance:.2f} | {games} |")
    lines.append("")
    lines += [f"- {p}" for p in predictions(stats)] or ["- No pair of neighbours: nothing to compare."]
    lines += ["", "## Charts", ""]
    lines += [f"![{c}]({c})" for c in charts]
    lines += ["", "Files: `turns.csv` (" + CSV_TURN_FIELDS_NOTE + "), `messages.csv` (every negotiation message).", ""]
    questions = list(seminar.discussion_questions) if seminar else []
    lines += ["## Discussion questions", ""]
    lines += [f"{k}. {q}" for k, q in enumerate(questions, 1)] or ["1. Which of Jervis's two variables "
                                                                     "(the offense-defense balance, distinguishability) mattered most here, and why?"]
    if spec.teaching_note:
        lines += ["", "## Teaching note", "", spec.teaching_note.strip()]
    return "\n".join(lines).rstrip() + "\n"


def write_csvs(record: GameRecord, out: Path) -> None:
    with open(out / "turns.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_FIELDS)
        w.writeheader()
        for rec in record.state.history:
            w.writerows(record_rows(rec))
    names = [n.name for n in record.state.nations]
    with open(out / "messages.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["turn", "from", "to", "channel", "text"])
        for m in record.messages:
            sender = "facilitator" if m.sender is None else names[m.sender]
            to = "all" if m.to is None else ";".join(names[i] for i in m.to)
            w.writerow([m.turn, sender, to, "public" if m.to is None else "private", m.text])


ChartWriter = Callable[[Sequence[TurnRecord], Sequence[tuple[str, str]], Path, Sequence[tuple[int, str]]], list[Path]]
"""Draws the charts of a history as PNG files into a folder: ``(history, nations, folder, inject markers)
-> paths``. The front end supplies it (``game.ui.charts.save_all``): this layer never imports pygame."""


def write_report(record: GameRecord, out: str | os.PathLike[str], save_name: str = "",
                 draw_charts: ChartWriter | None = None) -> list[Path]:
    """Write the whole report directory; returns the files written. Without ``draw_charts`` the
    report has no chart images (and says so by listing none)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nations = [(n.name, n.colour) for n in record.state.nations]
    pngs = draw_charts(record.state.history, nations, out, inject_markers(record)) \
        if record.state.history and draw_charts else []
    write_csvs(record, out)
    text = build_report(record, [p.name for p in pngs], save_name)
    (out / "report.md").write_text(text, encoding="utf-8")
    return [out / "report.md", out / "turns.csv", out / "messages.csv", *pngs]
