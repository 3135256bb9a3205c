"""The screens of the game, one class per module."""
