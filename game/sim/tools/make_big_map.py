"""Make maps/concert_of_powers.yaml: the 8-state, 100x60 scenario, from the random map generator
plus the hand edits below (names, roles, briefings, AI types, variants, seminar).

    python -m game.sim.tools.make_big_map            # rewrite maps/concert_of_powers.yaml
    python -m game.sim.tools.make_big_map --check    # exit 1 if the file differs from what this makes

The terrain, borders, rivers, capitals and starting forces are exactly the generator's for
SEED/N_STATES/WIDTH/HEIGHT/ERA (game/engine/mapgen.py, version recorded in the file), so the map can
be regenerated; everything written by hand is in this script, keyed by the generator's state
letters A-H. Output is deterministic (byte-identical on every run).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from game.engine.mapgen_scenario import generate_scenario, scenario_yaml
from game.resources import maps_dir

SEED, N_STATES, WIDTH, HEIGHT, ERA = 2, 8, 100, 60, "1850"
OUT = maps_dir() / "concert_of_powers.yaml"

HEADER = """\
# Concert of Powers: eight powers on a 100x60 continent in the railway age (era 1850).
# Made by game/sim/tools/make_big_map.py from the random map generator (seed 2, 8 states, 100x60,
# era 1850) plus hand edits kept in that script: rerun it rather than editing this file by hand.
# Numbers: every state starts with the generator's balanced force (50 infantry in stacks of two on
# its capital and its most exposed border hexes) and treasury (1018, two turns of the mean income
# of about 500), so differences in behaviour come from geography, hidden type and strategy.
# Security requirement 1.5 for Falkenwald (F): the landlocked centre with four neighbours, the
# "encirclement" fear (docs/theory.md prop. 6: a higher subjective requirement raises arms and lowers
# cooperation). Hidden types: two greedy powers (E, G) and one insecure-greedy (D); the other five
# are security seekers. Strategies are mixed so that a seminar sees reciprocity, grudges and
# forgiveness side by side.
# Check with: python main.py batch --scenario maps/concert_of_powers.yaml --variant all --games 10 --turns 20 --out results/concert
"""

# Hand edits per generator key: name, capital name, AI type, strategy, role, briefing, objectives.
STATES: dict[str, dict[str, Any]] = {
    "A": {"name": "Almera", "city": "Solvard", "ai_type": "security_seeker", "strategy": "bayes",
          "role": "Queen's first minister of Almera (south-west; coast and mountains)",
          "briefing": "Almera is a maritime kingdom at the south-western end of the continent, with a long "
                      "coast and a mountain wall. Only Galdor and Falkenwald touch you by land. Trade keeps "
                      "Solvard rich; a war on the continent would only make others stronger.",
          "objectives": ["Hold Solvard", "End with at least the territory you started with",
                         "Mutual cooperation with both neighbours in most turns"]},
    "B": {"name": "Brennmark", "city": "Kaltheim", "ai_type": "security_seeker", "strategy": "tft",
          "role": "Chancellor of Brennmark (north-east)",
          "briefing": "Brennmark holds the north-eastern hills and forests, facing Helmland to the west and "
                      "Estrelle to the south. You answer cooperation with cooperation and a blow with a blow "
                      "(tit for tat): make sure your neighbours learn it early.",
          "objectives": ["Hold Kaltheim", "Never be exploited twice by the same neighbour",
                         "A treaty with Helmland or Estrelle before turn 10"]},
    "C": {"name": "Corvania", "city": "Silvenburg", "ai_type": "security_seeker", "strategy": "gtft",
          "role": "Prince-regent of Corvania (south; the great forest)",
          "briefing": "Corvania is a forest land in the south with four neighbours: Drovenia, Estrelle, "
                      "Falkenwald and Helmland. Forests favour the defender, so you can afford to forgive an "
                      "occasional slight (generous tit for tat) -- but four borders are many to watch.",
          "objectives": ["Hold Silvenburg", "End with at least the territory you started with",
                         "Keep the peace on at least three of your four borders"]},
    "D": {"name": "Drovenia", "city": "Marsk", "ai_type": "insecure_greedy", "strategy": "bayes",
          "role": "Tsar of Drovenia (north; farmland and marsh)",
          "briefing": "Drovenia is the largest economy of the north, with four neighbours: Corvania, "
                      "Falkenwald, Galdor and Helmland. Your court wants glory and your generals fear "
                      "encirclement; you decide which voice prevails each turn.",
          "objectives": ["Hold Marsk", "Gain territory if it can be had cheaply",
                         "Never face a coalition of two neighbours at war with you"]},
    "E": {"name": "Estrelle", "city": "Ardent", "ai_type": "greedy", "strategy": "bayes",
          "role": "Emperor of Estrelle (east; open plains)",
          "briefing": "Estrelle's open plains in the east are ideal for cavalry and railways. Brennmark, "
                      "Corvania and Helmland are your neighbours; the Concert's treaties bind you only as "
                      "long as they serve you.",
          "objectives": ["Hold Ardent", "Expand: end with more territory than you started with",
                         "Avoid a war on two fronts"]},
    "F": {"name": "Falkenwald", "city": "Tannhof", "ai_type": "security_seeker", "strategy": "grim",
          "security_requirement": 1.5,
          "role": "King of Falkenwald (the landlocked centre)",
          "briefing": "Falkenwald has no coast and four neighbours: Almera, Corvania, Drovenia and Galdor. "
                      "Your forests and mountains help, but you have been betrayed before: you never forgive "
                      "a defection (grim trigger), and you need more security than your neighbours think "
                      "reasonable (security requirement 1.5).",
          "objectives": ["Hold Tannhof", "End with at least the territory you started with",
                         "No neighbour stronger than you on your border at the end"]},
    "G": {"name": "Galdor", "city": "Weyport", "ai_type": "greedy", "strategy": "bayes",
          "role": "Lord Protector of Galdor (west; the great plain)",
          "briefing": "Galdor holds the western plain: rich, flat and easy to cross in both directions. "
                      "Almera, Drovenia and Falkenwald border you. A quick campaign against a distracted "
                      "neighbour could double your wealth.",
          "objectives": ["Hold Weyport", "Expand: end with more territory than you started with",
                         "Keep at least one neighbour friendly at all times"]},
    "H": {"name": "Helmland", "city": "Ostberg", "ai_type": "security_seeker", "strategy": "wsls",
          "role": "Elector of Helmland (north-centre; hills and mountains)",
          "briefing": "Helmland sits in the hills at the centre of the north, touching Brennmark, Corvania, "
                      "Drovenia and Estrelle. You keep a policy while it works and change it when it fails "
                      "(win-stay, lose-shift).",
          "objectives": ["Hold Ostberg", "End with at least the territory you started with",
                         "Mutual cooperation on most of your borders after turn 5"]},
}

DESCRIPTION = (
    "A continent of eight powers in the railway age, after a congress that promised to settle disputes "
    "together. Each power has neighbours on several sides, a hidden character and its own way of "
    "answering cooperation and betrayal. Keep the Concert alive -- or break it first.")

TEACHING_NOTE = (
    "Illustrates the number of actors (J78 prop. 10 as in docs/theory.md §1c; Oye 1985 counts the number of "
    "players as one of three dimensions of cooperation): with eight powers and thirteen borders each "
    "state must watch several neighbours at once, defections on one border spill onto others, and "
    "general peace needs every pair to cooperate at the same time. The balance is mildly defensive "
    "(1850: ODB 1.2-2.6 on every border, World 2), so failures come from numbers, types and "
    "strategies rather than technology. Compare the share of turns in which every border cooperates "
    "with generated 100x60 maps of 2 and 4 states (game/sim/tools/number_of_states.py; docs/experiments.md), "
    "and the 1914 variant (the same continent under the cult of the offensive). Jervis (1985) on the Concert of Europe: "
    "a concert needs the great powers to prefer the status quo and to fear war more than each other.")

SOURCES = [
    "Jervis, Cooperation under the Security Dilemma, World Politics 30(2), 1978, pp. 167-214 (number of actors: docs/theory.md §1c, prop. 10)",
    "Oye, Explaining Cooperation under Anarchy, World Politics 38(1), 1985, 1-24 (number of players)",
    "Jervis, From Balance to Concert: A Study of International Security Cooperation, World Politics 38(1), 1985, 58-79 (not checked against the original)",
    "Christensen and Snyder, Chain Gangs and Passed Bucks, International Organization 44(2), 1990 (alliances in multipolarity)",
    "Map generated by game/engine/mapgen.py (seed 2, 8 states, 100x60) and edited by game/sim/tools/make_big_map.py",
]

VARIANTS = {
    "era_1914": {
        "description": "The same continent in 1914: machine guns make the defence strong, but every general "
                       "staff believes in the offensive (perceived defence technology 0.3).",
        "era": "1914",
    },
}

SEMINAR = {
    "facilitator_note": (
        "Eight players or eight small teams, each with a private briefing; AI types and strategies stay "
        "hidden. Allow open negotiation in the first phase of each turn -- with eight powers, side deals "
        "matter. Stop after turn 5 and turn 10 and count the borders at peace: the question is not whether "
        "one pair can cooperate but whether all thirteen can at once. The 'congress' message arrives at "
        "turn 3; fire 'railway boom' to raise the gains of cooperation and 'succession crisis' to test "
        "the Concert."),
    "phases": {"negotiation_seconds": 420, "orders_seconds": 0},
    "injects": [
        {"id": "congress", "name": "Congress of the powers",
         "description": "The powers meet to confirm the settlement.",
         "when": {"turn": 3},
         "actions": [{"message": "The congress meets: each power may propose non-aggression and trade treaties "
                                 "this turn. A power that defects on any border will be named before all the others."}]},
        {"id": "railway_boom", "name": "Railway boom",
         "description": "New railways link the markets of the continent.",
         "actions": [{"trade_shock": 1.5},
                     {"message": "Railways link the continent's markets: trade between cooperating neighbours is worth half as much again from now on."}]},
        {"id": "succession_crisis", "name": "Succession crisis in Falkenwald",
         "description": "Falkenwald's throne is disputed; its neighbours are tempted.",
         "actions": [{"message": "The King of Falkenwald has died without an heir. Drovenia and Galdor each back a "
                                 "claimant. Will the Concert act together, or will someone move first?"}]},
    ],
    "discussion_questions": [
        "In the two-state map every turn of peace needs one pair to cooperate; here it needs thirteen. How "
        "often did all borders cooperate at once, and what broke the Concert when it broke?",
        "When one pair defected, did the defection spread? Which strategies (tit for tat, grim trigger, "
        "win-stay lose-shift) carried it from one border to the next?",
        "Falkenwald needs more security than its neighbours think reasonable. What did its requirement do "
        "to its four borders, and to the borders beyond them?",
        "Which powers were greedy? What in their moves and builds gave them away -- and how long did it "
        "take with eight states to watch instead of one?",
        "Jervis (1985) says a concert works when the powers fear war more than each other. Did the 1914 "
        "variant (the cult of the offensive) change that?",
    ],
}


def build() -> dict[str, Any]:
    """The scenario data: the generator's map and start, with the hand edits applied."""
    data = generate_scenario(SEED, N_STATES, WIDTH, HEIGHT, ERA)
    cities = {tuple(n["hex"]): n for n in data["map"]["names"]}
    for st in data["states"]:
        edit = STATES[st["key"]]
        st["name"] = edit["name"]
        cities[tuple(st["capital"])]["name"] = edit["city"]
        st["ai_type"] = edit["ai_type"]
        st["strategy"] = edit["strategy"]
        if "security_requirement" in edit:
            st["security_requirement"] = edit["security_requirement"]
        st["role"] = edit["role"]
        st["briefing"] = edit["briefing"]
        st["objectives"] = list(edit["objectives"])
        order = ["key", "name", "colour", "capital", "treasury", "ai_type", "strategy", "security_requirement",
                 "role", "briefing", "objectives", "forces"]
        reordered = {k: st[k] for k in order if k in st}
        st.clear()
        st.update(reordered)
    out = {"name": "Concert of Powers", "description": DESCRIPTION, "teaching_note": TEACHING_NOTE,
           "sources": SOURCES, "map": data["map"], "era": data["era"],
           "params": {"cumulativity": 1.0, "continuation": 0.9}, "victory": data["victory"],
           "states": data["states"], "variants": VARIANTS}
    return out


class _BlockDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:   # the strict loader rejects anchors and aliases
        return True


def text() -> str:
    """The file: header, the map and states in the generator's layout, then the seminar section in
    block style (scenario_yaml would put the discussion questions on one line)."""
    seminar = yaml.dump({"seminar": SEMINAR}, Dumper=_BlockDumper, sort_keys=False, default_flow_style=False,
                        allow_unicode=True, width=100)
    return HEADER + scenario_yaml(build()) + seminar


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--check", action="store_true", help="only compare with the file on disk")
    p.add_argument("--out", default=str(OUT))
    a = p.parse_args(argv)
    new = text()
    path = Path(a.out)
    if a.check:
        same = path.exists() and path.read_text(encoding="utf-8") == new
        print(f"{path}: {'up to date' if same else 'differs from what make_big_map.py makes'}")
        return 0 if same else 1
    path.write_text(new, encoding="utf-8")
    print(f"wrote {path} ({len(new)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
