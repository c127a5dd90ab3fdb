"""Waiting for the app under test by what it has left to do, not by the clock.

Textual's pilot waits after every key, and in `pause()`, until the process looks idle: it sleeps
in steps of 20 ms until a step passes with under 1 ms of processor time used. That is at least
40 ms a key on an idle machine, and far longer on a busy one, where other programs' work keeps
the steps from looking idle. `until_quiet` waits instead for the state the tests need: every
message of every part of the app handled (each one's queue empty and its loop waiting for the
next), and what waits for the screen's next repaint (its layout, the widgets to paint again, the
callbacks run after a refresh) or for a resize to settle done at once rather than on its timer.
Work on other threads is not waited for: a test that needs it done waits for the app's workers
with `settle`, as the tests' `Driver.press` does after a key that started one. (A test that holds
a save half-way on purpose must not wait for it.)
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

# The longest an app may stay busy before a test fails with what it is busy with: far more than
# any screen of the tutor takes, on a machine shared by many test runs.
LIMIT_SECONDS = 60.0
# Turns of the event loop taken back to back before yielding for a moment: a handler that awaits
# a thread would otherwise be spun on, and take the processor from that thread.
EAGER_TURNS = 200


def _waiting(pump: Any) -> bool:
    """Whether one part of the app (a message pump) has nothing left to handle: its queue empty,
    no message put aside, no callback for after the queue, and its loop awaiting the next."""
    if pump._closed or pump._closing:
        return True
    queue = pump._message_queue
    if pump._pending_message is not None or pump._next_callbacks or not queue.empty():
        return False
    return any(not waiter.done() for waiter in queue.ready_event._waiters)


def _repaint_pending(screen: Any) -> bool:
    """Whether the screen has layout, painting or after-refresh callbacks waiting for its timer."""
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


async def until_quiet(app: Any) -> None:
    """Return once `app` has handled every message and done every repaint it has pending."""
    deadline = time.monotonic() + LIMIT_SECONDS
    turns = 0
    while True:
        turns += 1
        await asyncio.sleep(0 if turns < EAGER_TURNS else 0.001)
        if app._closed or app._closing or not app.is_running:
            return
        if app._resize_timer is not None:
            # A resize waits 1/120 s for any that follows it: sent on at once, as its timer would.
            app._check_resize()
            continue
        busy = [pump for pump in (app, *app._registry) if not _waiting(pump)]
        if not busy:
            screen = app.screen
            if not _repaint_pending(screen):
                return
            screen._on_timer_update()
            continue
        if time.monotonic() > deadline:
            raise AssertionError(f"the app stayed busy: {busy[:5]}")


async def settle(pilot: Any) -> None:
    """Wait until the app has opened its data, no worker of its runs, and it has handled what
    their ends started (a worker may start another)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    app = pilot.app
    for _ in range(100):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:
            if app.return_code is not None:
                return  # the app is closing, and closing cancels the work still running
            # Else newer work of the same kind replaced it (an exclusive worker): wait for that.
        except WorkerFailed:
            pass  # the app tells of it once it handles the failure's message, next
        await pilot.pause()
        if not _opening(app) and not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the app did not settle: it kept starting workers, or never opened")


def _opening(app: Any) -> bool:
    """Whether the tutor's app has yet to open its data. It starts doing so only once its first
    screen is painted, so at first no worker of its runs: a wait for its workers alone could end
    before its start had begun."""
    return getattr(app, "tutor", True) is None and app.return_code is None and app.is_running


def wait_for_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the pilot's idle waits (after each key, in `pause()`) wait for the app to be quiet,
    and a pressed button ready to be pressed again at once."""
    import textual.app
    import textual.pilot
    from textual._context import active_app
    from textual._wait import wait_for_idle as idle
    from textual.widgets import Button

    # A pressed button shows as pressed for 0.2 s, and ignores Enter meanwhile: a flash for the
    # eye, on a timer, that a test which no longer waits a length of time after each key would
    # meet as a button that does nothing.
    monkeypatch.setattr(Button, "_start_active_affect", lambda _button: None)

    async def quiet(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        try:
            app = active_app.get()
        except LookupError:  # not inside a running app: the pilot's own wait
            await idle(min_sleep, max_sleep)
            return
        await until_quiet(app)

    monkeypatch.setattr(textual.app, "wait_for_idle", quiet)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", quiet)
