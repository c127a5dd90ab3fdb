"""The bars the screens draw: a skill's or a pack's mastery, and a session's time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from tutor_tui.core.pace import Towards


def mastery_bar(value: float, width: int = 12) -> Text:
    """A mastery bar with its percentage, readable without colour."""
    filled = round(max(0.0, min(1.0, value)) * width)
    bar = Text("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {round(100 * value):3d}%")
    return bar


def session_bar(progress: Towards, width: int = 10) -> Text:
    """A session's progress towards its length or the day's goal, as a bar with its words."""
    filled = round(min(1.0, progress.minutes / max(1, progress.of)) * width)
    bar = Text(f"{progress.label} ")
    bar.append("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {progress.minutes} of {progress.of} min")
    if progress.day and progress.reached:
        bar.append(" ✓ met", style="bold")
    return bar
