"""Whether typed text matches an accepted answer: exactly, normally, as code, or by a regex.

Answer patterns are RE2 patterns (google-re2), in grading and in validation alike: RE2 matches in
time linear in the text, so no pattern can make grading, validation or a start hang, whatever the
answer. What RE2 cannot do in linear time (backreferences, lookaround) it refuses to compile, and
validation refuses the pack.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any

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


class PatternError(ValueError):
    """An answer pattern RE2 cannot compile; the message says why, for the pack's author."""


@functools.lru_cache(maxsize=512)
def answer_pattern(source: str) -> Any:
    """An answer pattern compiled by RE2; PatternError when it is not one RE2 can match."""
    import re2  # type: ignore[import-untyped]  # google-re2 ships no type hints

    options = re2.Options()
    options.log_errors = False  # RE2 would write its own line to standard error
    try:
        return re2.compile(source, options)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        backreference = reason.startswith("invalid escape sequence: \\") and reason[-1].isdigit()
        if "perl operator" in reason or backreference:
            reason += " (answer patterns have no backreferences or lookaround)"
        raise PatternError(reason) from None


def matches(mode: MatchMode, accepted: str, text: str) -> bool:
    """Whether `text` matches one accepted answer in this mode."""
    if mode == "exact":
        return _without_newline(text) == _without_newline(accepted)
    if mode == "regex":
        trimmed = text.strip()
        # Longer text never matches: cutting it short could make a wrong answer right.
        if len(trimmed) > MAX_RESPONSE:
            return False
        try:
            return answer_pattern(accepted).fullmatch(trimmed) is not None
        except PatternError:
            return False  # such a pack is refused by validation; a bad pattern matches nothing
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
