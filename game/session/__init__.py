"""Game sessions without a window: seats, turn jobs and seminar runs, shared by the GUI and the CLI.

The layer between ``game.sim`` and the front ends (``game.ui``, ``game.cli``); it never imports pygame
(see docs/architecture.md, "Layers").
"""
