"""A line of a pack's Markdown (a choice, an item, an expected answer) as the app shows it."""

from __future__ import annotations

import re

from rich.text import Text

from tutor_tui.render.markdown import inline_runs

# The space inside a mixed number (2 3/4), which a line must not break at: "2" at the end of one
# line and "3/4" on the next reads as two numbers.
_MIXED_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d+/\d)")
# A blank that Textual's line wrapping does not break at. Its wrapping breaks at any Unicode space,
# a no-break space (U+00A0) and a narrow or figure space among them, in Static and Markdown alike,
# and Rich's no_wrap holds for a whole text only. The braille blank is not a space to it. Plain
# mode, the one for screen readers, never shows it: it prints the pack's own space.
_UNBROKEN = "\u2800"


def unbroken(source: str) -> str:
    """Text for the app's screens, with every mixed number kept on one line."""
    return _MIXED_NUMBER_SPACE.sub(_UNBROKEN, source)


# How each run is set; nothing relies on the style alone, which NO_COLOR may take away.
_STYLES = {"code": "reverse", "em": "italic", "strong": "bold", None: ""}


def inline_text(source: str) -> Text:
    """One line of Markdown as text with its emphasis, never read as Rich markup."""
    text = Text()
    for run, emphasis in inline_runs(unbroken(source)):
        text.append(run, _STYLES[emphasis])
    return text
