"""Learners' names: one rule for every way a name arrives (typed, the app, a roster, a bundle).

A name is kept as `clean_name` makes it: trimmed, inner spaces single, in NFKC form (so a
full-width "Ａｎａ" is "Ana"), 1 to 80 characters, each of them visible. Two names are one learner's
when their `name_fold` is the same: case aside ("ana" is "Ana") and letters that look alike across
scripts aside (a Cyrillic "А" is a Latin "A"), so that no two rows of a class list read the same.
A name that mixes look-alike alphabets (Latin with Cyrillic or Greek letters) is refused outright:
it reads as a name it is not.
"""

from __future__ import annotations

import functools
import unicodedata

MAX_NAME = 80

# Invisible characters that are not in the control or format categories: fillers that render as
# nothing, variation selectors, the combining grapheme joiner, the Braille blank.
_INVISIBLE = {
    0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0,
    *range(0x180B, 0x1810), *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0),
}  # fmt: skip
# Control, format (zero-width characters, direction marks), private use, unassigned, surrogates,
# and line and paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"}
# Scripts written together in one name (Japanese, Korean); any other mix of scripts is refused.
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL"}

# Marks a base letter may carry: Vietnamese stacks two, some Indic clusters a few more. Dozens
# ("Zalgo" text) are drawn over the lines above and below.
MAX_MARKS = 4
# Direction marks the confusables data puts around right-to-left letters, which are not part of
# them.
_DIRECTION_MARKS = "\u200e\u200f"


def clean_name(raw: str) -> str:
    """A learner's (or a group's) name as the tutor keeps it.

    Raises ValueError with the reason when it is not 1 to 80 visible characters of one script.
    """
    typed = raw.strip()
    text = unicodedata.normalize("NFKC", typed)
    for char in typed + text:  # as typed, to name it so; as normalized, for what NFKC made
        if unicodedata.category(char) in _REFUSED_CATEGORIES or ord(char) in _INVISIBLE:
            raise ValueError(
                f"the name holds a character that cannot be shown (U+{ord(char):04X}); "
                "a name is 1 to 80 printable characters"
            )
    name = " ".join(text.split())
    if not name:
        raise ValueError("the name is empty")
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise ValueError("the name has no letter or digit")
    if len(name) > MAX_NAME:
        raise ValueError(f"the name is {len(name)} characters long; the most is {MAX_NAME}")
    if _most_marks(name) > MAX_MARKS:
        raise ValueError(
            f"the name stacks more than {MAX_MARKS} marks on one letter, drawn over other lines"
        )
    scripts = sorted(_scripts(name) - _EAST_ASIAN)
    if len(scripts) > 1:
        raise ValueError(
            f"the name mixes {' and '.join(s.title() for s in scripts)} letters, "
            "which can look like other letters; write it in one alphabet"
        )
    return name


def name_fold(name: str) -> str:
    """What two names must share to be one learner's: the same once case and letters that look
    alike are set aside ("Ana", "ana", a Cyrillic "Аna" and "АNА" fold alike; so do "Kim" and
    "Kirn"). Letters are taken to their prototype in Unicode's confusables (the skeleton of
    UTS #39), before and after case folding, so that "I" and "l" also read alike."""
    prototypes = _prototypes()
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", name)).translate(prototypes)
    text = unicodedata.normalize("NFD", text.casefold()).translate(prototypes)
    return " ".join(unicodedata.normalize("NFC", text).split())


@functools.cache
def _prototypes() -> dict[int, str]:
    """Each character that looks like another, mapped to the prototype of its look-alikes.

    The confusables data lists, for each prototype, the characters that look like it (and for
    each of those, their prototype): the prototype of a set of look-alikes is the one that lists
    the most. Loaded only when a name is compared (a tenth of a second, once).
    """
    from confusable_homoglyphs.confusables import (  # type: ignore[import-untyped]  # no types
        confusables_data,
    )

    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = node = parent[parent[node]]
        return node

    listed: dict[str, int] = {}
    for key, entries in confusables_data.items():
        node = key.strip(_DIRECTION_MARKS)
        listed[node] = len(entries)
        for entry in entries:
            parent[root(entry["c"].strip(_DIRECTION_MARKS))] = root(node)
    alike: dict[str, list[str]] = {}
    for node in list(parent):
        alike.setdefault(root(node), []).append(node)
    table: dict[int, str] = {}
    for members in alike.values():
        prototype = min(members, key=lambda member: (-listed.get(member, 0), member))
        table.update({ord(m): prototype for m in members if len(m) == 1 and m != prototype})
    return table


def _most_marks(name: str) -> int:
    """The most combining marks on any one letter of a name, as written decomposed."""
    most = run = 0
    for char in unicodedata.normalize("NFD", name):
        run = run + 1 if unicodedata.combining(char) or unicodedata.category(char) == "Mn" else 0
        most = max(most, run)
    return most


def _scripts(name: str) -> set[str]:
    """The scripts of a name's letters, by the first word of their Unicode names."""
    found = set()
    for char in name:
        if unicodedata.category(char) in ("Lu", "Ll", "Lt", "Lo"):
            found.add(unicodedata.name(char, "UNKNOWN").split()[0])
    return found
