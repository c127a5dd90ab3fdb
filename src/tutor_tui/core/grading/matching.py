"""Whether typed text matches an accepted answer: exactly, normally, as code, or by a regex."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from tutor_tui.core.content import MatchMode
from tutor_tui.core.grading.response import MAX_RESPONSE


def normal(text: str) -> str:
    """Text as compared in the normal mode: NFKC, case folded, spaces single."""
    # NFKC again after case folding, because folding can undo the normal form (the order the
    # Unicode standard gives for caseless matching).
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def as_code(text: str) -> str:
    """Text as compared in the code mode: NFKC, case kept, spaces single."""
    # Case is meaning in code (`-a` and `-A`, `None` and `none`); runs of spaces are not.
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _without_newline(text: str) -> str:
    # A terminal or a YAML block scalar leaves one; it is not part of what was meant.
    if text.endswith("\r\n"):
        return text[:-2]
    return text.removesuffix("\n")


def matches(mode: MatchMode, accepted: str, text: str) -> bool:
    """Whether `text` matches one accepted answer in this mode."""
    if mode == "exact":
        return _without_newline(text) == _without_newline(accepted)
    if mode == "regex":
        trimmed = text.strip()
        # Longer text never matches: cutting it short could make a wrong answer right.
        return len(trimmed) <= MAX_RESPONSE and re.fullmatch(accepted, trimmed) is not None
    if mode == "code":
        return as_code(text) == as_code(accepted)
    return normal(text) == normal(accepted)


def matches_any(mode: MatchMode, accepted: Iterable[str], text: str) -> bool:
    """Whether `text` matches any of the accepted answers in this mode."""
    return any(matches(mode, one, text) for one in accepted)


def capitals_only(mode: MatchMode, accepted: Iterable[str], text: str) -> bool:
    """Whether `text`, not matched in a mode where case counts, would match but for its case:
    the slip a learner is told about ("check the capitals") rather than only marked wrong."""
    # Only the case may differ: with another spacing as well, the answer is simply wrong.
    if mode == "exact":
        typed = _without_newline(text).casefold()
        return any(_without_newline(one).casefold() == typed for one in accepted)
    if mode == "code":
        typed = as_code(text).casefold()
        return any(as_code(one).casefold() == typed for one in accepted)
    if mode == "regex":
        return matches_any("regex", [f"(?i:{one})" for one in accepted], text)
    return False
