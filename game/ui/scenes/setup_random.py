"""The "Random map" choice of the setup screen: states, size and era for the seeded generator
(``game.engine.random_map``); the same seed always gives the same map."""
from __future__ import annotations

from dataclasses import dataclass

from game.engine.random_map import RandomMapError, random_map_label
from game.sim.deployment import deployed_random_map_source as random_map_source
from game.engine.rules import load_rules

SIZES = (("Small", 24, 16), ("Medium", 40, 28), ("Large", 70, 44), ("Huge", 100, 60))
LABEL = "Random map (seeded)"


@dataclass
class RandomChoice:
    states: int = 4
    size: int = 1            # index into SIZES
    era: str = "1850"

    @property
    def dims(self) -> tuple[int, int]:
        return SIZES[self.size][1], SIZES[self.size][2]

    def label(self, seed: int) -> str:
        w, h = self.dims
        return random_map_label(seed, self.states, w, h, self.era)


def eras() -> list[str]:
    return list(load_rules().eras)


def generate(choice: RandomChoice, seed: int):
    """(ScenarioSource, spec) of the random map; raises ValueError (bad options) or FileError."""
    w, h = choice.dims
    try:
        source = random_map_source(seed, choice.states, w, h, choice.era)
    except RandomMapError as exc:
        raise ValueError(str(exc)) from None
    return source, source.load(choice.label(seed)).spec


def about_html(choice: RandomChoice, seed: int) -> str:
    w, h = choice.dims
    return (f"<b>Random map</b> - {w}x{h} hexes, {choice.states} states, era {choice.era}<br>"
            "Terrain, rivers and states are generated from the seed: the same seed always gives the same map, "
            "so a class can play the same random world. States start equal in area and strategic depth.")
