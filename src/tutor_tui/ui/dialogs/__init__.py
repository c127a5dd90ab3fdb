"""The app's dialogs: modal screens over the one below, each dismissed with what it returns.

The modules load when a name is first asked for, as the screens' do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor_tui.ui import lazy_names

if TYPE_CHECKING:
    from tutor_tui.ui.dialogs.goal import GoalScreen as GoalScreen
    from tutor_tui.ui.dialogs.help import HelpScreen as HelpScreen
    from tutor_tui.ui.dialogs.placement_offer import PlacementOfferScreen as PlacementOfferScreen
    from tutor_tui.ui.dialogs.secret import SecretScreen as SecretScreen
    from tutor_tui.ui.dialogs.settings import SettingsScreen as SettingsScreen
    from tutor_tui.ui.dialogs.standing import StandingScreen as StandingScreen
    from tutor_tui.ui.dialogs.summary import SummaryScreen as SummaryScreen

# Each name, and the module it lives in.
_MODULES = {
    "GoalScreen": "goal",
    "HelpScreen": "help",
    "PlacementOfferScreen": "placement_offer",
    "SecretScreen": "secret",
    "SettingsScreen": "settings",
    "StandingScreen": "standing",
    "SummaryScreen": "summary",
}

__all__ = sorted(_MODULES)


__getattr__ = lazy_names(__name__, _MODULES)
