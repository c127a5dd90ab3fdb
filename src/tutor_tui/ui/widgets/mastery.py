"""The bars the screens draw: a skill's or a pack's mastery, and a session's time."""

from __future__ import annotations

from rich.text import Text


def mastery_bar(value: float, width: int = 12) -> Text:
    """A mastery bar with its percentage, readable without colour."""
    filled = round(max(0.0, min(1.0, value)) * width)
    bar = Text("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {round(100 * value):3d}%")
    return bar


def session_bar(spent_minutes: float, total_minutes: int, width: int = 10) -> Text:
    """A session's time so far towards its length, as a bar with its words."""
    spent = max(0.0, spent_minutes)
    filled = round(min(1.0, spent / max(1, total_minutes)) * width)
    bar = Text("This session ")
    bar.append("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {min(int(spent), total_minutes)} of {total_minutes} min")
    return bar
