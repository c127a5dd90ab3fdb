"""A line of a pack's Markdown (a choice, an item, an expected answer) as the app shows it."""

from __future__ import annotations

from rich.text import Text

from tutor_tui.render.markdown import inline_runs

# How each run is set; nothing relies on the style alone, which NO_COLOR may take away.
_STYLES = {"code": "reverse", "em": "italic", "strong": "bold", None: ""}


def inline_text(source: str) -> Text:
    """One line of Markdown as text with its emphasis, never read as Rich markup."""
    text = Text()
    for run, emphasis in inline_runs(source):
        text.append(run, _STYLES[emphasis])
    return text
