"""The mastery bar every screen draws a skill's or a pack's mastery with."""

from __future__ import annotations

from rich.text import Text


def mastery_bar(value: float, width: int = 12) -> Text:
    """A mastery bar with its percentage, readable without colour."""
    filled = round(max(0.0, min(1.0, value)) * width)
    bar = Text("█" * filled, style="bold")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {round(100 * value):3d}%")
    return bar
