"""The facilitator console's tabs, one module each (the console itself, its map and states table
are in :mod:`game.ui.scenes.facilitator`)."""
