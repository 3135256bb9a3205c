"""OrdersActions (the orders screen's click handling) is a mixin whose every dependency on its
scene is declared in OrdersHost: it reads nothing undeclared, and GameScene provides it all."""
from __future__ import annotations

import ast
import inspect

from conftest import open_orders_screen
from game.ui import orders_actions
from game.ui.orders_actions import OrdersActions, OrdersHost
from game.ui.scenes.game import GameScene



def _declared() -> set[str]:
    tree = ast.parse(inspect.getsource(OrdersHost))
    cls = tree.body[0]
    names = {n.target.id for n in cls.body if isinstance(n, ast.AnnAssign)}
    return names | {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}


def test_the_mixin_reads_only_what_it_declares_or_defines():
    tree = ast.parse(inspect.getsource(orders_actions))
    mixin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "OrdersActions")
    own = {n.name for n in mixin.body if isinstance(n, ast.FunctionDef)}
    used = {n.attr for n in ast.walk(mixin) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "self"}
    assert used - own - _declared() == set()


def test_game_scene_is_an_orders_host(gui):
    assert issubclass(GameScene, OrdersActions)
    scene = open_orders_screen(gui.app)
    assert isinstance(scene, GameScene) and isinstance(scene, OrdersHost)
    for name in _declared():
        assert hasattr(scene, name), name
