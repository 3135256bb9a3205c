"""The stage game as one AI state values it: the view's game, adjusted for its type and fear.

The view's :class:`~game.engine.stagegame.StageGame` gives the four cells from my own estimates.
Two adjustments (docs/theory.md props. 2 and 6; Glaser's types):

* the exploitation loss in CD is the larger of the view's and my own *prudent* reading of the
  threat (estimates read with their error margins, see :mod:`game.ai.threat`), valued as the
  engine values a loss (``horizon * hex value + capital_weight * income / (1 + depth)``, reduced
  by warning relief) -- either all of j's adjacent stacks falling on my most exposed hex, or j
  striking everywhere at once (each stack split over the hexes it touches), whichever loses more,
  times the campaign length the engine uses for the view's single-axis odds (``stage.campaign_cap``;
  1 as shipped: a concentrated all-stacks strike is a one-off, not a campaign).
  One turn of being exploited can cost several hexes where offence dominates;
* fearful types scale that loss by their security requirement r; greedy types scale the conquest
  gain inside DC by their greed.

With w = ``exploit_war_share`` x my war cost, the result is DC = greed x max(0, DC_view + w) - w and
CD = -fear x loss - w: the full w stays outside the scaling. The engine's DC subtracts only
(1 - ``damage_limitation``) x w, so in an era that limits a first striker's damage (MIRV) the avoided
part, ``damage_limitation`` x w, is inside the gain, and a greedy type (greed > 1) scales it with the
conquest: it values the damage a first strike avoids as it values the prize. For greed = 1 and no
fear scaling, DC and CD are the view's.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.ai.strategies import Payoffs
from game.engine.stagegame import StageGame, campaign_length
from game.engine.views import PlayerView

from .threat import Threat
from .types import TypeProfile


@dataclass(frozen=True)
class Valuation:
    payoffs: Payoffs
    gain: float          # conquest value inside DC before greed
    loss: float          # exploitation loss inside CD before fear scaling
    p_lose: float        # strike odds used for the loss
    fear_scale: float
    greed_scale: float


def value_game(view: PlayerView, game: StageGame, threat: Threat | None, profile: TypeProfile, r: float) -> Valuation:
    rules, era = view.gmap.rules, view.era
    eco, stg = rules.constants.economy, rules.constants.stage
    war = era.war_cost * view.my_income * view.my_nation.war_cost_factor
    war_part = stg.exploit_war_share * war
    gain = max(0.0, game.dc + war_part)
    loss = max(0.0, -(game.cd + war_part))
    p_lose = game.p_lose
    if threat is not None and threat.hexes:
        relief = stg.warning_relief * view.distinguishability * era.warning
        capital = eco.capital_weight * view.my_income / (1 + game.depth)
        worst = max(threat.hexes, key=lambda h: (h.p_lose, -h.hex))
        concentrated = worst.p_lose * (eco.horizon * view.gmap.value[worst.hex] + capital)
        spread = (sum(h.p_spread * eco.horizon * view.gmap.value[h.hex] for h in threat.hexes)
                  + max(h.p_spread for h in threat.hexes) * capital)
        run = campaign_length(game.p_lose, stg.campaign_cap)
        mine = max(concentrated, spread) * (1.0 - relief) * run
        if mine > loss:
            loss = mine
            p_lose = max(worst.p_lose, game.p_lose)
    fear = max(r, 0.0) if profile.fearful else 1.0
    dc = profile.greed * gain - war_part
    cd = -fear * loss - war_part
    return Valuation(Payoffs(game.cc, cd, dc, game.dd), gain, loss, p_lose, fear, profile.greed)
