"""A learner's response in its canonical form, and the error for one that cannot be read."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import UNSAFE_CHARS

Response: TypeAlias = (
    str | bool | int | float | Fraction | Decimal | Collection[str] | Mapping[str, str]
)


# No real answer is longer; a hostile regex can take exponential time on long text, and a number
# this long could make int() refuse it.
MAX_RESPONSE = 1_000


class ResponseError(TutorError, ValueError):
    """A response that cannot be read for its question's type; the message is for the learner."""


# The most characters a whole response may hold (all the fills of a long cloze, say): anything
# longer is no answer, and would be stored in the log for ever.
MAX_ANSWER = 10_000
_CONTROL = re.compile(f"[{UNSAFE_CHARS}]")


def check_response(response: Response) -> None:
    """ResponseError when a response is longer than any answer or holds a control character
    (NUL included): it is refused before it is graded or stored."""
    if isinstance(response, str):
        texts: list[object] = [response]
    elif isinstance(response, Mapping):
        texts = [*response.keys(), *response.values()]
    elif isinstance(response, Collection):
        texts = list(response)
    else:
        return
    strings = [text for text in texts if isinstance(text, str)]
    if sum(map(len, strings)) > MAX_ANSWER:
        raise ResponseError(f"an answer is at most {MAX_ANSWER} characters long")
    for text in strings:
        found = _CONTROL.search(text)
        if found:
            raise ResponseError(
                f"an answer cannot hold the control character U+{ord(found.group()):04X}"
            )


def expect_text(response: Response, what: str) -> str:
    """The response as text; ResponseError if it is not."""
    if not isinstance(response, str):
        raise ResponseError(f"expected {what} as text")
    return response


def expect_texts(response: Response, what: str, ordered: bool = False) -> list[str]:
    """The response as a list of texts; ResponseError if it is not."""
    # A bare string is a collection of characters: accepting one would grade letters as picks.
    kind = Sequence if ordered else Collection
    if isinstance(response, str | bytes | Mapping) or not isinstance(response, kind):
        raise ResponseError(f"expected a list of {what}")
    texts = list(response)
    if not all(isinstance(text, str) for text in texts):
        raise ResponseError(f"expected a list of {what}, each as text")
    return texts


def expect_mapping(response: Response) -> Mapping[str, str]:
    """The response as a mapping of texts; ResponseError if it is not."""
    if not isinstance(response, Mapping) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in response.items()
    ):
        raise ResponseError("expected each item on the left with its item on the right")
    return response


def bool_text(value: bool) -> str:
    """True or false as the tutor writes it."""
    return "true" if value else "false"


def show(text: str) -> str:
    """A response quoted safely in a one-line message."""
    # A response is shown back in a one-line message: a pasted page would drown the message, and
    # what cannot be printed (a control character, a line break) is written as its escape, as
    # everywhere else, so that the learner sees what was typed and the terminal is not driven.
    cut = text if len(text) <= 40 else text[:39] + "…"
    return "'" + "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut) + "'"


def fill_count_message(blanks: int, fills: int) -> str:
    """What is wrong with a cloze response that has not one fill per blank."""
    return f"expected {blanks} fill{'s' if blanks != 1 else ''}, one per blank, but got {fills}"
