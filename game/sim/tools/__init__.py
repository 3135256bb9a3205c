"""Research scripts behind docs/experiments.md, run as modules of the installed package
(``python -m game.sim.tools.<name> --help``): they replay seeded games and count what the batch
output does not (treaties, postures, type reads), or build a shipped scenario (``make_big_map``).
Headless like the rest of ``game.sim``: they import only the engine, the AI and the simulation."""
