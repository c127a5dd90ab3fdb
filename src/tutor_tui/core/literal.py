"""Text from outside (learners, packs, bundles, files, what is typed) made safe to show.

Every shell shows such text literally: the app and the command line hand it to Rich and Textual as
`Text` or with markup off, so that square brackets are only brackets; and text that may hold a
control character passes through `printable` first, so that the character cannot reach the
terminal and act there (an escape sequence that recolours, moves the cursor or rewrites a window
title). It is written as its escape instead, `\\x1b` for ESC, as an author would type it.
"""

from __future__ import annotations

import re

# For a character class: C0 controls but tab, newline and carriage return, DEL, C1 controls, and
# the bidirectional embeddings, overrides and isolates that can make text display as other text.
UNSAFE_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
# A carriage return moves the cursor back over the line: shown too.
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}\r]")
_UNSAFE_IN_LINE = re.compile(f"[{UNSAFE_CHARS}\r\n\t]")


def _escape(found: re.Match[str]) -> str:
    return repr(found.group())[1:-1]


def printable(text: str) -> str:
    """`text` with every character that could act on a terminal written as its escape."""
    return _UNSAFE.sub(_escape, text)


def printable_line(text: str) -> str:
    """`text` kept to one line: `printable`, with newlines and tabs written as escapes too."""
    return _UNSAFE_IN_LINE.sub(_escape, text)
