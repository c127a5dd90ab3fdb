"""The app's screens, one module each.

Screens show what they are handed and post messages up when the learner acts; the app, the study
loop and the placement check do the work (in threads, so the screen never freezes) and decide what
comes next. A screen over home gathers its own data (its `load`, called in a worker).

The modules load when a name is first asked for: the first paint needs only the loading screen,
and the others bring the service's types with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor_tui.ui import lazy_names

if TYPE_CHECKING:
    from tutor_tui.ui.screens.answering import AfterKeys as AfterKeys
    from tutor_tui.ui.screens.answering import AnswerScreen as AnswerScreen
    from tutor_tui.ui.screens.classroom import ClassScreen as ClassScreen
    from tutor_tui.ui.screens.home import HomeData as HomeData
    from tutor_tui.ui.screens.home import HomeScreen as HomeScreen
    from tutor_tui.ui.screens.learner import LearnerScreen as LearnerScreen
    from tutor_tui.ui.screens.lesson import LessonScreen as LessonScreen
    from tutor_tui.ui.screens.loading import LoadingScreen as LoadingScreen
    from tutor_tui.ui.screens.placement import PlacementOutcome as PlacementOutcome
    from tutor_tui.ui.screens.placement import PlacementResultScreen as PlacementResultScreen
    from tutor_tui.ui.screens.placement import PlacementScreen as PlacementScreen
    from tutor_tui.ui.screens.progress import ProgressScreen as ProgressScreen
    from tutor_tui.ui.screens.question import DoneScreen as DoneScreen
    from tutor_tui.ui.screens.question import QuestionScreen as QuestionScreen
    from tutor_tui.ui.screens.skill_map import SkillMapScreen as SkillMapScreen

# Each name, and the module it lives in.
_MODULES = {
    "AfterKeys": "answering",
    "AnswerScreen": "answering",
    "ClassScreen": "classroom",
    "DoneScreen": "question",
    "HomeData": "home",
    "HomeScreen": "home",
    "LearnerScreen": "learner",
    "LessonScreen": "lesson",
    "LoadingScreen": "loading",
    "PlacementOutcome": "placement",
    "PlacementResultScreen": "placement",
    "PlacementScreen": "placement",
    "ProgressScreen": "progress",
    "QuestionScreen": "question",
    "SkillMapScreen": "skill_map",
}

__all__ = sorted(_MODULES)


__getattr__ = lazy_names(__name__, _MODULES)
