"""Asking a school server, while a learner studies, whether it still answers."""

from __future__ import annotations

import threading

import pytest

from tutor_tui.service.server import OUT_OF_REACH, ServerWatch
from tutor_tui.store.database import Store


def test_the_watch_tells_each_change_once_and_asks_only_while_watching(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ServerWatch, "every", 0.001)
    # A failure of the asking itself (an error of the driver, say) is an outage too.
    answers = iter(["gone", ValueError("unexpected"), "gone", None, None])
    asked: list[int] = []
    told: list[str | None] = []
    done = threading.Event()

    def ask() -> str | None:
        asked.append(1)
        answer = next(answers, None)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def changed(line: str | None) -> None:
        told.append(line)
        if line is None:
            done.set()

    watch = ServerWatch(ask, changed)
    watch._thread.start()
    # Not watching (no question on the screen): the server is not asked.
    assert not done.wait(0.05) and asked == []
    watch.watching.set()
    assert done.wait(5)
    watch.stop()
    watch._thread.join(5)
    assert told == [OUT_OF_REACH, None]
    assert not watch._thread.is_alive()


def test_this_computers_own_file_is_not_watched() -> None:
    store = Store.open("sqlite://")
    assert ServerWatch.start(store, lambda line: None) is None
    assert store.unreachable() is None
    store.close()
