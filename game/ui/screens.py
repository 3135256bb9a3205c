"""The one table of the UI's screens: every name ``app.build_screen(name, ...)`` accepts and what it
builds. Scenes and flows navigate by these names (game/ui/router.py) and never import one another
to do so; this module is the only one that imports every scene.

A scene class declares its own name (``screen_name``); :data:`SCREENS` gives, for each name, a loader
that imports the scene's module and returns its class. Three further names build through a function:
``replay`` (the replay viewer of a save, or an error dialog), ``facilitator_login`` (the passphrase
prompt before the facilitator console) and ``ask_password`` (the password prompt of an encrypted save).

Each scene module is imported the first time its screen is built, not when the app starts: the title
screen is up before the game, seminar, replay and facilitator scenes (and the engine, charts and
console they import) are loaded, which is most of the time to the first frame (issue 14).
"""
from __future__ import annotations

from typing import Any, Callable

from .router import Router
from .scene import Scene

Loader = Callable[[], Any]


def _briefing() -> Any:
    from .scenes.briefing import BriefingScene
    return BriefingScene


def _curtain() -> Any:
    from .scenes.curtain import CurtainScene
    return CurtainScene


def _debrief() -> Any:
    from .scenes.debrief import DebriefScene
    return DebriefScene


def _facilitator() -> Any:
    from .scenes.facilitator import FacilitatorConsole
    return FacilitatorConsole


def _game() -> Any:
    from .scenes.game import GameScene
    return GameScene


def _help() -> Any:
    from .scenes.help import HelpScene
    return HelpScene


def _hotseat_setup() -> Any:
    from .scenes.hotseat_setup import HotseatSetupScene
    return HotseatSetupScene


def _load_game() -> Any:
    from .scenes.load_game import LoadGameScene
    return LoadGameScene


def _negotiation() -> Any:
    from .scenes.negotiation import NegotiationScene
    return NegotiationScene


def _network_host() -> Any:
    from .scenes.network_host import NetworkHostScene
    return NetworkHostScene


def _network_join() -> Any:
    from .scenes.network_join import NetworkJoinScene
    return NetworkJoinScene


def _new_passphrase() -> Any:
    from .scenes.passphrase import NewPassphraseDialog
    return NewPassphraseDialog


def _pause() -> Any:
    from .scenes.passphrase import PauseScene
    return PauseScene


def _ask_password() -> Any:
    from .scenes.passphrase import ask_password
    return ask_password


def _facilitator_login() -> Any:
    from .scenes.passphrase import open_console
    return open_console


def _reasons() -> Any:
    from .scenes.reasons import ReasonsScene
    return ReasonsScene


def _replay_viewer() -> Any:
    from .scenes.replay_viewer import ReplayViewerScene
    return ReplayViewerScene


def _replay() -> Any:
    from .scenes.replay_viewer import open_replay
    return open_replay


def _resolution() -> Any:
    from .scenes.resolution import ResolutionScene
    return ResolutionScene


def _network_facilitator() -> Any:
    from .scenes.network_facilitator import NetworkFacilitatorScene
    return NetworkFacilitatorScene


def _network_room() -> Any:
    from .scenes.network_room import NetworkRoomScene
    return NetworkRoomScene


def _network_resolution() -> Any:
    from .scenes.network_resolution import NetworkResolutionScene
    return NetworkResolutionScene


def _seminar_debrief() -> Any:
    from .scenes.seminar_debrief import SeminarDebriefScene
    return SeminarDebriefScene


def _seminar_resolution() -> Any:
    from .scenes.seminar_resolution import SeminarResolutionScene
    return SeminarResolutionScene


def _seminar_resume() -> Any:
    from .scenes.seminar_resume import ResumeSeminarScene
    return ResumeSeminarScene


def _seminar_setup() -> Any:
    from .scenes.seminar_setup import SeminarSetupScene
    return SeminarSetupScene


def _settings() -> Any:
    from .scenes.settings_scene import SettingsScene
    return SettingsScene


def _setup() -> Any:
    from .scenes.setup import SetupScene
    return SetupScene


def _title() -> Any:
    from .scenes.title import TitleScene
    return TitleScene


def _verdict() -> Any:
    from .scenes.verdict import VerdictScene
    return VerdictScene


# screen name -> loader of the scene class built under it (its ``screen_name`` is the same name)
SCREENS: dict[str, Loader] = {
    "title": _title, "setup": _setup, "hotseat_setup": _hotseat_setup, "seminar_setup": _seminar_setup,
    "seminar_resume": _seminar_resume, "settings": _settings, "help": _help, "load_game": _load_game,
    "replay_viewer": _replay_viewer, "game": _game, "curtain": _curtain, "resolution": _resolution,
    "seminar_resolution": _seminar_resolution, "debrief": _debrief, "seminar_debrief": _seminar_debrief,
    "briefing": _briefing, "negotiation": _negotiation, "reasons": _reasons, "facilitator": _facilitator,
    "pause": _pause, "new_passphrase": _new_passphrase, "verdict": _verdict, "network_host": _network_host,
    "network_join": _network_join, "network_resolution": _network_resolution,
    "network_facilitator": _network_facilitator, "network_room": _network_room}
# names built by a function (called with the app first, like a scene class)
FUNCTIONS: dict[str, Loader] = {"replay": _replay, "facilitator_login": _facilitator_login,
                                "ask_password": _ask_password}


def scene_classes() -> tuple[type[Scene], ...]:
    """Every scene class of the table, imported now (for checks; the app imports them as it needs them)."""
    return tuple(load() for load in SCREENS.values())


class _Lazy:
    """A router factory that imports its scene's module on first use."""

    def __init__(self, load: Loader) -> None:
        self._load = load

    def __call__(self, app: Any, *args: Any, **kwargs: Any) -> Any:
        return self._load()(app, *args, **kwargs)


def default_router() -> Router:
    """The router of every App: each scene under its ``screen_name``, plus :data:`FUNCTIONS`."""
    if set(SCREENS) & set(FUNCTIONS) or "" in SCREENS:
        raise ValueError("every screen needs its own name")
    return Router({name: _Lazy(load) for name, load in {**SCREENS, **FUNCTIONS}.items()})
