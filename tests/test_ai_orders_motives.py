"""Orders carry the AI's sealed motives, and they survive the order log (plain JSON) unchanged."""
from __future__ import annotations

import json

from game.engine.orders import Motive, Orders, orders_from_plain, orders_to_plain


def test_motives_round_trip_through_plain_json():
    o = Orders(1, stances={2: "D"}, motives=(
        Motive("stance", 2, "fear", "It fears a surprise strike.", {"belief": 0.3, "threshold": 0.45}),
        Motive("budget", None, "security", "Defence first.", {}),
    ))
    back = orders_from_plain(json.loads(json.dumps(orders_to_plain(o))))
    assert back == o
    assert back.motives[0].numbers["threshold"] == 0.45
    assert back.motives[1].target is None


def test_orders_without_motives_load_from_older_logs():
    plain = orders_to_plain(Orders(0))
    del plain["motives"]
    assert orders_from_plain(plain).motives == ()


def test_vectorised_success_curve_matches_the_scalar_one():
    import numpy as np

    from game.engine.combat import success_probabilities, success_probability
    from game.engine.rules import load_rules

    rules = load_rules()
    rhos = np.concatenate([np.linspace(-1.0, 4.0, 2001), [p[0] for p in rules.constants.combat.success_curve]])
    scalar = np.array([success_probability(rules, float(x)) for x in rhos])
    assert np.allclose(success_probabilities(rules, rhos), scalar, rtol=0, atol=1e-12)
