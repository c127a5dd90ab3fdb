"""A learner's settings: which values the tutor can use, wherever they come from.

Settings are kept as a JSON object. Those the tutor reads must be of the kind and within the
range it works with (a desired retention of 0.01 would put every review years away); those it
does not know (from a newer tutor) pass, within a size bound, so that a bundle cannot carry
megabytes in them. Stored settings that break these rules are not used: the defaults stand in.
"""

from __future__ import annotations

import json
from typing import Any

# The settings the tutor reads: their kind and range (ends included). The desired retention
# stays within what the review scheduler is made for.
LIMITS: dict[str, tuple[type, float, float]] = {
    "session_minutes": (int, 1, 24 * 60),
    "daily_review_cap": (int, 0, 100_000),
    "desired_retention": (float, 0.70, 0.97),
    "streak_forgive_per_week": (int, 0, 6),
}
# Settings kept as text, and their longest.
TEXTS = {"theme": 80, "last_pack": 200}
# The most a learner's settings may take as JSON: a few dozen values at most.
MAX_BYTES = 4096


def problem(name: str, value: Any) -> str | None:
    """What is wrong with one setting's value; None when the tutor can use it."""
    if name in TEXTS:
        if not isinstance(value, str) or len(value) > TEXTS[name]:
            return f"{name} must be text of at most {TEXTS[name]} characters"
        return None
    if name not in LIMITS:
        return None
    kind, low, high = LIMITS[name]
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or (kind is int and not isinstance(value, int)) or not low <= value <= high:
        what = "a whole number" if kind is int else "a number"
        return f"{name} must be {what} from {low:g} to {high:g}"
    return None


def problems(settings: Any) -> list[str]:
    """What is wrong with a learner's settings (a JSON object); empty when all can be used."""
    if not isinstance(settings, dict):
        return ["the settings are not a set of named values"]
    try:
        size = len(json.dumps(settings, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError):
        return ["the settings hold a value that is not JSON"]
    found = [f"the settings take {size} bytes; the most is {MAX_BYTES}"] if size > MAX_BYTES else []
    return found + [text for name, value in settings.items() if (text := problem(name, value))]


def read(text: str | None) -> tuple[dict[str, Any], list[str]]:
    """Stored settings as the tutor uses them: those it can use, and what was wrong with the rest
    (then the defaults stand in). Never fails, whatever the text."""
    if not text:
        return {}, []
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {}, ["the settings cannot be read (not JSON)"]
    found = problems(value)
    if not isinstance(value, dict) or len(text.encode("utf-8", "replace")) > MAX_BYTES:
        return {}, found
    return {name: v for name, v in value.items() if problem(name, v) is None}, found
