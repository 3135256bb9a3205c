"""Christensen & Snyder (1990), theory.md invariant 24, as a batch (slow): on the three-state row
map (game.sim.studies.triangle_spec), perceived offence dominance raises alliance entry and the
share of calls honoured (chain-ganging); perceived defence dominance lowers both (buck-passing).
The full sweep with intervals: docs/experiments.md, "Alliances"."""
from __future__ import annotations

import pytest

from game.sim.studies import alliance_cell


@pytest.mark.slow
def test_perceived_offence_dominance_chain_gangs_and_defence_dominance_passes_the_buck():
    offence = alliance_cell(0.3, 12, 15, 1)
    defence = alliance_cell(1.6, 12, 15, 1)
    assert offence.entry.normal()[0] > defence.entry.normal(upper=1.0)[1]          # entry, intervals apart
    off_h, def_h = alliance_cell(0.3, 12, 15, 1, allied=True), alliance_cell(1.6, 12, 15, 1, allied=True)
    assert off_h.honour.sum_n >= 20 and def_h.honour.sum_n >= 20                    # enough calls to judge
    assert off_h.honour.normal(upper=1.0)[0] > def_h.honour.normal(upper=1.0)[1]    # honour, intervals apart
