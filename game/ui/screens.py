"""The one table of the UI's screens: every name ``app.build_screen(name, ...)`` accepts and what it
builds. Scenes and flows navigate by these names (game/ui/router.py) and never import one another
to do so; this module is the only one that imports every scene.

A scene class declares its own name (``screen_name``), so the table below is the list of classes;
three further names build through a function: ``replay`` (the replay viewer of a save, or an error
dialog), ``facilitator_login`` (the passphrase prompt before the facilitator console) and
``ask_password`` (the password prompt of an encrypted save).
"""
from __future__ import annotations

from .router import Router
from .scene import Scene
from .scenes.briefing import BriefingScene
from .scenes.curtain import CurtainScene
from .scenes.debrief import DebriefScene
from .scenes.facilitator import FacilitatorConsole
from .scenes.game import GameScene
from .scenes.help import HelpScene
from .scenes.hotseat_setup import HotseatSetupScene
from .scenes.load_game import LoadGameScene
from .scenes.negotiation import NegotiationScene
from .scenes.network_host import NetworkHostScene
from .scenes.network_join import NetworkJoinScene
from .scenes.passphrase import NewPassphraseDialog, PauseScene, ask_password, open_console
from .scenes.reasons import ReasonsScene
from .scenes.replay_viewer import ReplayViewerScene, open_replay
from .scenes.resolution import ResolutionScene
from .scenes.seminar_debrief import SeminarDebriefScene
from .scenes.seminar_resolution import SeminarResolutionScene
from .scenes.seminar_resume import ResumeSeminarScene
from .scenes.seminar_setup import SeminarSetupScene
from .scenes.settings_scene import SettingsScene
from .scenes.setup import SetupScene
from .scenes.title import TitleScene
from .scenes.verdict import VerdictScene

SCENES: tuple[type[Scene], ...] = (
    TitleScene, SetupScene, HotseatSetupScene, SeminarSetupScene, ResumeSeminarScene, SettingsScene, HelpScene,
    LoadGameScene, ReplayViewerScene, GameScene, CurtainScene, ResolutionScene, SeminarResolutionScene, DebriefScene,
    SeminarDebriefScene, BriefingScene, NegotiationScene, ReasonsScene, FacilitatorConsole, PauseScene,
    NewPassphraseDialog, VerdictScene, NetworkHostScene, NetworkJoinScene)
FUNCTIONS = {"replay": open_replay, "facilitator_login": open_console, "ask_password": ask_password}


def default_router() -> Router:
    """The router of every App: each scene under its ``screen_name``, plus :data:`FUNCTIONS`."""
    table: dict = {cls.screen_name: cls for cls in SCENES}
    if len(table) != len(SCENES) or set(table) & set(FUNCTIONS) or "" in table:
        raise ValueError("every screen needs its own name")
    return Router({**table, **FUNCTIONS})
