"""The tests' wait for the app (testkit.quiet): after a key, all it started is done, a button takes
a second press at once, `settle` waits for work on other threads, and an app that never finishes
fails the wait with what it is busy with."""

from __future__ import annotations

import asyncio
import threading

import pytest
from testkit import quiet
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Button, Static

HOPS = 12


class Relay(Static):
    """Passes a count on to the next relay, through each one's own message queue."""

    class Hop(Message):
        def __init__(self, left: int) -> None:
            super().__init__()
            self.left = left

    def on_relay_hop(self, message: Relay.Hop) -> None:
        message.stop()
        self.update(f"passed {message.left}")
        if message.left:
            after = self.app.query(Relay)[(HOPS - message.left + 1) % 3]
            after.post_message(Relay.Hop(message.left - 1))
        else:
            # The last step waits for the screen's next repaint.
            self.call_after_refresh(self.app.query_one("#end", Static).update, "done")


class Chain(App[None]):
    """A key that starts a chain of messages between widgets, and one whose work ends only when
    the test releases it."""

    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.let_go = threading.Event()

    BINDINGS = [("x", "chain", "Chain"), ("w", "wait_forever", "Wait"), ("t", "thread", "Thread")]

    def compose(self) -> ComposeResult:
        yield Relay(id="a")
        yield Relay(id="b")
        yield Relay(id="c")
        yield Static("", id="end")
        yield Button("Press", id="press")
        yield Static("", id="pressed")
        yield Static("", id="threaded")

    def on_button_pressed(self) -> None:
        shown = self.query_one("#pressed", Static)
        shown.update(f"{str(shown.render())}+")

    def action_thread(self) -> None:
        self.run_worker(self._in_thread, thread=True)

    def _in_thread(self) -> None:
        # Ends only once the test's key has returned, and shows its result from this thread.
        self.let_go.wait(timeout=10)
        self.call_from_thread(self.query_one("#threaded", Static).update, "done")

    def action_chain(self) -> None:
        self.query_one("#a", Relay).post_message(Relay.Hop(HOPS))

    async def action_wait_forever(self) -> None:
        await self.release.wait()


async def test_a_key_returns_once_the_whole_chain_it_started_is_done() -> None:
    app = Chain()
    async with app.run_test() as pilot:
        await pilot.press("x")
        assert str(app.query_one("#end", Static).render()) == "done"


async def test_a_button_takes_a_second_press_at_once() -> None:
    app = Chain()
    async with app.run_test() as pilot:
        app.query_one("#press", Button).focus()
        await pilot.press("enter", "enter")
        assert str(app.query_one("#pressed", Static).render()) == "++"


async def test_settle_waits_for_the_work_a_key_started_on_another_thread() -> None:
    app = Chain()
    async with app.run_test() as pilot:
        await pilot.press("t")
        assert str(app.query_one("#threaded", Static).render()) == ""
        app.let_go.set()
        await quiet.settle(pilot)
        assert str(app.query_one("#threaded", Static).render()) == "done"


async def test_an_app_that_stays_busy_fails_the_wait_with_what_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(quiet, "LIMIT_SECONDS", 0.2)
    app = Chain()
    async with app.run_test() as pilot:
        with pytest.raises(AssertionError, match="the app stayed busy: .*Chain"):
            await pilot.press("w")
        app.release.set()
