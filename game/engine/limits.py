"""Numeric limits and defaults that the command line checks while it builds its parser: the seed
range and the random map's sizes, numbers of states and default era. Plain constants, no imports,
so that ``python main.py play`` reads its options without loading the engine (issue 14, first
frame); the engine modules that use them (``bounds``, ``mapgen``, ``mapgen_scenario``,
``random_map``) take them from here.
"""
from __future__ import annotations

MAX_SEED = 2**63 - 1       # game seeds (any numpy seed works; this keeps saves and the CLI in step)

MIN_WIDTH, MIN_HEIGHT, MAX_WIDTH, MAX_HEIGHT = 12, 8, 200, 120   # random map sizes, in hexes
MIN_STATES, MAX_STATES = 2, 8                                     # states on a random map
DEFAULT_STATES = 4
DEFAULT_SIZE = (40, 28)
DEFAULT_ERA = "1850"
