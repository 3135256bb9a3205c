"""Security Dilemma: entry point only. ``python main.py`` opens the game; subcommands run headless."""
from __future__ import annotations

import sys


def main() -> int:
    from game.cli import main as cli_main
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
