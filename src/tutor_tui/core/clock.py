"""The time, from the system or fixed, so that tests and simulations can move it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from tutor_tui.core.errors import TutorError

# How far ahead of this computer's clock a fact may be dated: clocks drift, and a laptop set to
# the wrong time zone is hours out. Further ahead, the clock that dated it (or this one) is wrong,
# and an answer would count as studied on a day that has not come: a bundle holding one is
# refused, and an answer after one is refused rather than carried as far forward.
CLOCK_SLACK = timedelta(days=1)


class Clock(Protocol):
    """Tells the current time, always timezone-aware."""

    def now(self) -> datetime:
        """The current time."""
        ...


class SystemClock:
    """The computer's own clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that says what it is told; tests move it by setting `at`."""

    at: datetime

    def now(self) -> datetime:
        return self.at


# The years a time given to the tutor may fall in.
FIRST_YEAR, LAST_YEAR = 1970, 2999


def parse_time(text: str) -> datetime:
    """An ISO 8601 time; one without a zone is taken as local time."""
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TutorError(f"'{text}' is not an ISO 8601 time like 2026-11-23T09:30:00") from None
    # Reviews are scheduled years ahead and history is read years back: near the ends of the
    # calendar that arithmetic would overflow half way through a command's output.
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise TutorError(f"'{text}' is not a time between the years {FIRST_YEAR} and {LAST_YEAR}")
    return value if value.tzinfo else value.astimezone()


def stored_time(text: Any) -> datetime | None:
    """An event's time as the log or a bundle keeps it (ISO 8601 with a zone); None for one that
    cannot be read (a damaged row here), or that has no zone."""
    try:
        at = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return at if at.tzinfo is not None else None
