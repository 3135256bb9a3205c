"""The desktop game (pygame-ce + pygame_gui): thin scenes over player views; no rules are computed here."""
