"""``ipd`` subcommand: run the abstract iterated-PD round robin and print the ranked table.

Example: ``python main.py ipd --strategies tft,gtft,wsls --turns 200 --noise 0.05 --seed 1``.
Bad values make argparse exit with status 2 and a one-line message.
"""

from __future__ import annotations

import argparse
import math

from game.cli.common import positive_int, probability, seed_int
from game.ai.strategies import REGISTRY
from game.sim.ipd import format_table, run_tournament

DEFAULT_STRATEGIES = "tft,gtft,wsls,grim,allc,alld,random,tf2t"


def strategy_list(text: str) -> tuple[str, ...]:
    """Comma-separated registry keys, or ``all``; unknown or repeated keys are an error."""
    if text.strip().lower() == "all":
        return tuple(REGISTRY)
    keys = tuple(k.strip().lower() for k in text.split(",") if k.strip())
    if not keys:
        raise argparse.ArgumentTypeError("no strategies given")
    for key in keys:
        if key not in REGISTRY:
            raise argparse.ArgumentTypeError(
                f"unknown strategy {key!r} (choose from {', '.join(REGISTRY)}, or all)"
            )
    repeated = [k for i, k in enumerate(keys) if k in keys[:i]]
    if repeated:
        raise argparse.ArgumentTypeError(f"strategy {repeated[0]!r} is listed twice")
    return keys


def rstp(text: str) -> tuple[float, float, float, float]:
    """Four finite comma-separated numbers R,S,T,P."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise argparse.ArgumentTypeError(f"need 4 numbers R,S,T,P, got {len(parts)} in {text!r}")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"payoffs must be numbers, got {text!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"payoffs must be finite, got {text!r}")
    r, s, t, p = values
    return (r, s, t, p)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ipd`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "ipd",
        help="run an Axelrod-style iterated Prisoner's Dilemma tournament",
        description=(
            "Round robin of stance strategies (every pair, self-play included) in the abstract "
            "iterated Prisoner's Dilemma, printed as a ranked table. Strategies: "
            + ", ".join(REGISTRY)
            + "."
        ),
    )
    parser.add_argument(
        "--strategies", type=strategy_list, default=DEFAULT_STRATEGIES,
        help=f"comma-separated strategy keys, or 'all' (default: {DEFAULT_STRATEGIES})",
    )
    parser.add_argument("--turns", type=positive_int, default=200,
                        help="turns per match (default: 200)")
    parser.add_argument("--repetitions", type=positive_int, default=10,
                        help="repetitions of every match (default: 10)")
    parser.add_argument("--noise", type=probability, default=0.0,
                        help="probability that an intended move is flipped (default: 0)")
    parser.add_argument("--payoffs", type=rstp, default="3,0,5,1",
                        help="stage-game payoffs R,S,T,P (default: 3,0,5,1)")
    parser.add_argument("--seed", type=seed_int, default=1, help="random seed (default: 1)")
    parser.set_defaults(func=run_ipd)


def run_ipd(args: argparse.Namespace) -> int:
    """Run the tournament described by ``args``, print the ranked table, return 0."""
    result = run_tournament(
        keys=args.strategies,
        turns=args.turns,
        repetitions=args.repetitions,
        noise=args.noise,
        payoffs=args.payoffs,
        seed=args.seed,
    )
    print(format_table(result))
    return 0
