"""What every screen looks like, at 80x24 and at 120x40, after the behaviour tests have said what
each does.

One run of the app per size walks a learner through every screen and dialog and compares each
with its picture (`__snapshots__/test_looks/`): one start-up per size rather than one per
screen keeps the suite fast. Regenerate on purpose (a Textual upgrade, a change of layout) with
`pytest tests/ui/test_looks.py --snapshot-update`, and look at the SVGs before committing them.
The class screen's pictures are in test_class_screen.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_textual_snapshot import SVGImageExtension
from syrupy.assertion import SnapshotAssertion
from textual.widgets import Input

from tutor_tui.core.planner import Activity
from tutor_tui.store.database import Store
from tutor_tui.ui import dialogs, screens


class Pictures:
    """Takes the screen's picture at each step of a walk and compares it with the stored one."""

    def __init__(self, ui: Any, snapshot: SnapshotAssertion, size: str) -> None:
        self.ui = ui
        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.size = size
        self.differ: list[str] = []

    async def take(self, name: str) -> None:
        """The picture of the screen now, as `name`; a difference is noted, not raised, so that
        one run shows every screen that changed."""
        await self.ui.settle()
        for box in self.ui.app.screen.query(Input):
            box.cursor_blink = False  # a blinking cursor would be on in one picture, off in another
        await self.ui.pilot.pause()
        await self.ui.pilot.wait_for_scheduled_animations()
        await self.ui.pilot.pause()
        picture = self.ui.app.export_screenshot(title=name)
        if not self.snapshot(name=f"{self.size}-{name}") == picture:
            self.differ.append(name)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_screen(
    size: tuple[int, int], start, store: Store, clock, ann, drive, snapshot
) -> None:
    store.add_learner("Amy", clock.now())
    store.add_learner("Zed", clock.now())
    store.set_meta("last_learner", "Ann")
    app = start()
    async with app.run_test(size=size) as pilot:
        ui = drive(pilot)
        look = Pictures(ui, snapshot, f"{size[0]}x{size[1]}")
        await look.take("learner-picker")
        app.push_screen(dialogs.SecretScreen("Zed's PIN", "Type your PIN.", check=lambda _: None))
        await look.take("pin")
        await ui.press("escape", "enter")  # Ann, the last learner, is first
        assert isinstance(ui.screen, screens.HomeScreen)
        await look.take("home")
        for key, name in [("f1", "help"), ("s", "settings"), ("g", "goal")]:
            await ui.press(key)
            await look.take(name)
            await ui.press("escape")
        for key, name in [("m", "skill-map"), ("p", "progress")]:
            await ui.press(key)
            await look.take(name)
            await ui.press("escape")

        await ui.press("enter")  # a fresh pack: the placement check is offered
        await look.take("placement-offer")
        await ui.press("c")
        await look.take("placement-question")
        await ui.press("escape")  # stopped at once: nothing found, nothing skipped
        await look.take("placement-result")
        await ui.press("enter")
        await look.take("lesson")
        await ui.press("enter", "2")
        await look.take("question")
        await ui.press("enter")  # 3: the numerator, not the denominator
        await look.take("feedback")
        await ui.press("enter", "q")
        await look.take("summary")
        await ui.press("r")
        await look.take("mistakes")
        await ui.press("escape", "escape")  # back to the summary, then to studying

        app.study("sampler", focus="halves")
        await ui.settle()
        await ui.press("1", "down", "down", "space")
        await look.take("several-answers")
        app.study("sampler", focus="places")
        await ui.settle()
        await ui.press("3", "tab", "5", "enter")
        await look.take("blanks-marked")
        app.push_screen(screens.DoneScreen(Activity("done", "sampler", None, None, DONE)))
        await look.take("done")
    assert look.differ == []


DONE = "You have mastered every skill of Sampler. Next review: Halves, in 3 days."
