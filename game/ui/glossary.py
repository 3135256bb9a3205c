"""The concepts the game teaches, in plain words (after Jervis 1978 and the project's theory brief).

Each entry has a one-line ``short`` text for tooltips and a longer ``text`` for the help screen.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    key: str
    term: str
    short: str
    text: str


ENTRIES: tuple[Entry, ...] = (
    Entry("security_dilemma", "Security dilemma",
          "Many of the means by which a state tries to make itself safer make others less safe.",
          "Many of the means by which a state tries to increase its security decrease the security of others "
          "(Jervis 1978). Even when no state wants war, each arms because it cannot be sure of the others' "
          "intentions; the others read those arms as a threat and arm in turn. Cooperation is possible, but it is "
          "more likely when (1) mutual cooperation pays more or being exploited costs less, (2) exploiting a "
          "cooperator pays less or mutual defection costs more, and (3) each side expects the other to cooperate. "
          "In this game every pair of neighbours faces a stage game each turn whose four payoffs move with these levers."),
    Entry("odb", "Offense-defense balance (ODB)",
          "Cost of the forces an attacker needs to take a hex, divided by the cost of the forces holding it. Above 1: defence has the advantage.",
          "Glaser and Kaufmann (1998): the ratio of the cost of the offensive forces an attacker needs to take "
          "territory to the cost of the defender's forces. ODB > 1 means defence has the advantage: a unit of "
          "money spent on defence offsets more than a unit spent on offence. Jervis asked two questions: must a "
          "state spend more or less on defence than the other spends on offence to stay safe, and with given forces "
          "is it better to attack or to defend? Terrain (mountains, forests, cities), rivers and straits, "
          "fortifications and technology (machine guns, nuclear second strike) raise the ODB; open plains and armour "
          "lower it. Here each border axis has its own ODB; the attacker picks the best axis, so a pair of states "
          "reports the minimum. Leaders may perceive a different balance than the true one (1914's 'cult of the "
          "offensive'): the map shows the balance as you perceive it."),
    Entry("distinguishability", "Distinguishability (d)",
          "How well offensive forces can be told apart from defensive ones (0 to 1).",
          "If offensive and defensive weapons and postures differ, a state can make itself safer without "
          "threatening others, and a peaceful state can show its intentions by buying only defence. Then an "
          "aggressor must visibly build offensive forces, which gives warning, and arms control can ban the "
          "offensive types. In the game d is the chance an observer correctly reads a force as offensive or "
          "defensive: with low d you see only a blurred total (the red bar on a foreign counter drifts toward "
          "half); with high d you see the offensive share clearly and may get warning of offensive builds near "
          "your border. d >= 0.5 counts as distinguishable."),
    Entry("four_worlds", "The four worlds",
          "Offence or defence advantage x distinguishable postures or not (Jervis 1978, p. 211).",
          "Jervis combined the two variables into four worlds. World 1, offence has the advantage and postures "
          "cannot be told apart: 'doubly dangerous' - arms races, pre-emption, the lowest cooperation. World 2, "
          "defence has the advantage but postures cannot be told apart: the security dilemma operates, 'but "
          "security requirements may be compatible' - each unit adds more to one's own safety than it takes from "
          "the other's. World 3, offence has the advantage but postures can be told apart: 'no security dilemma, "
          "but aggression possible'; status-quo states get warning but must outspend an aggressor. World 4, "
          "defence has the advantage and postures can be told apart: 'doubly stable' - peaceful states buy "
          "defence only, aggressors reveal themselves, cooperation is highest. The world of each pair of "
          "neighbours is shown on its stance card and in the Four worlds map mode."),
    Entry("stage_game", "Stage game (the 2x2 table)",
          "Your payoff this turn for each pair of moves: you Cooperate or Defect, they Cooperate or Defect.",
          "Each turn the engine derives, for every pair of neighbours and from the current map, what each outcome "
          "is worth to you in treasury units. CC: trade and the arms you save. DC: what you expect to gain by "
          "striking a cooperating neighbour by surprise, minus a share of the war's cost. CD: what you expect to "
          "lose if they strike you while you cooperate (softened by strategic depth and warning). DD: the cost of "
          "an arms race plus the chance of war times its cost. The order of the four numbers decides the kind of "
          "game: Prisoner's Dilemma, Stag Hunt, Chicken, Harmony or Deadlock. The numbers are computed from your "
          "own estimates of their forces."),
    Entry("prisoners_dilemma", "Prisoner's Dilemma",
          "DC > CC > DD > CD: defecting pays whatever they do, yet both defecting is worse than both cooperating.",
          "In a Prisoner's Dilemma the best outcome for you is to exploit a cooperator (DC), then mutual "
          "cooperation (CC), then mutual defection (DD), and the worst is being exploited (CD). Defecting is "
          "better whatever the other does, so in a single round both defect and both are worse off than if both "
          "had cooperated. When the game repeats, reciprocity (Tit-for-Tat) can sustain cooperation if the "
          "future matters enough (Axelrod)."),
    Entry("stag_hunt", "Stag Hunt",
          "CC > DC > DD > CD: you prefer to cooperate if you expect them to; fear, not greed, drives defection.",
          "In a Stag Hunt mutual cooperation is the best outcome, so neither side wants to exploit the other; "
          "but being exploited is the worst outcome, so each cooperates only if it expects the other to. "
          "Cooperating pays when your belief q that they cooperate is at least q* = (DD - CD) / ((CC - DC) + "
          "(DD - CD)); the stance card shows this threshold. Jervis saw many security situations as Stag Hunts: "
          "the problem is mistrust, and anything that raises expectations of cooperation helps."),
    Entry("chicken", "Chicken",
          "DC > CC > CD > DD: mutual defection is the worst outcome (e.g. war is catastrophic).",
          "When the cost of mutual defection becomes extreme - as with nuclear war - being exploited is no longer "
          "the worst outcome, and the game turns into Chicken: each would like the other to back down, and "
          "both standing firm is a disaster. Expect brinkmanship and stand-offs rather than arms races."),
    Entry("harmony", "Harmony and Deadlock",
          "Harmony: cooperating is best whatever they do. Deadlock: both prefer mutual defection to cooperation.",
          "In Harmony cooperation is better for you whatever the other does, so there is no dilemma. In Deadlock "
          "you prefer mutual defection to mutual cooperation (DD > CC), so cooperation is not on offer at all."),
    Entry("strategic_depth", "Strategic depth",
          "Distance from the border to your capital: more depth makes being exploited (CD) less costly.",
          "A large state, or one whose capital is far from the border, can absorb a first blow and 'wait and see' "
          "before it must respond. Depth softens the cost of being exploited (CD), so it makes cooperation "
          "easier (Jervis 1978). Oceans do the same: amphibious assault multiplies the defender's power by 3."),
    Entry("surprise", "Surprise and first strike",
          "An attack on a cooperating, unwarned neighbour gets the era's first-strike bonus.",
          "If you attack a neighbour that cooperated with you this turn and had no warning of your offensive "
          "build-up, the attack counts as a surprise and your power is multiplied by the era's first-strike "
          "bonus. The bigger the bonus, the more each side fears being struck first - Schelling's 'reciprocal "
          "fear of surprise attack'."),
    Entry("treaties", "Treaties",
          "Non-aggression, offensive-weapons ban, demilitarised buffer, trade: signed when both accept, kept while both cooperate.",
          "Propose a treaty to a neighbour this turn; if it accepts next turn and neither side defects, it is "
          "signed. A trade treaty doubles the gain of mutual cooperation. An offensive-weapons ban forbids "
          "offensive units on the border hexes and a buffer treaty keeps them empty; violations are seen with "
          "probability d (distinguishability), so such treaties are only as verifiable as postures are "
          "distinguishable (the Geneva 1932 problem). Any defection ends the treaties of that pair."),
)

BY_KEY = {e.key: e for e in ENTRIES}

GAME_KIND_KEYS = {"Prisoner's Dilemma": "prisoners_dilemma", "Stag Hunt": "stag_hunt", "Chicken": "chicken",
                  "Harmony": "harmony", "Deadlock": "harmony"}


def entry(key: str) -> Entry:
    return BY_KEY[key]


def tooltip(key: str) -> str:
    """A tooltip text that points to the glossary."""
    e = BY_KEY[key]
    return f"<b>{e.term}</b>: {e.short}<br><i>Click for the glossary (or press F1).</i>"
