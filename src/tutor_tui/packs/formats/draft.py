"""What a reader of another format makes: a pack in the making, and what could not be converted.

A draft holds units of skills of questions in the pack format's own terms (the keys of a question
as `units/*.yaml` writes them), each question with the place it came from. A flashcard whose back
is long is kept as a `card` until the writer sees its skill whole: it then becomes a `short`
question, or a `choice` among the backs of its neighbours (`cards.py`).

Nothing in a draft has been checked yet; the writer checks every question against the pack
format and reports the ones it refuses as `Skipped`, as the readers do for what they cannot read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

# Longer fields are not a question a learner can read in a terminal; such a question is skipped.
MAX_FIELD = 10_000
# Source text (HTML, most often) longer than this is not even converted: it could not come out
# under MAX_FIELD, and converting it would only cost time.
MAX_SOURCE = 4 * MAX_FIELD
# Why a question with a choice of no text (an empty one, or one of markup alone) is left out.
TEXTLESS_CHOICE = "a choice with no text, which cannot be shown as a choice"


@dataclass(frozen=True)
class Options:
    """How material is turned into a pack, beyond what its format says."""

    tags_as_skills: bool = False


class FormatError(Exception):
    """A file that cannot be read at all: the message says where and why, in one line."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something of the source that was not converted: where it is, and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass
class DraftQuestion:
    """One question: the seed of its id, its type and keys, and where it came from."""

    key: str
    type: str
    fields: dict[str, Any]
    where: str


@dataclass
class DraftSkill:
    """A skill: its title, an optional lesson, its questions."""

    title: str
    questions: list[DraftQuestion] = field(default_factory=list)
    lesson: str | None = None


@dataclass
class DraftUnit:
    """A unit: its title and skills."""

    title: str
    skills: list[DraftSkill] = field(default_factory=list)
    # The skills by title, so that a deck with a skill per tag is not searched card by card.
    _by_title: dict[str, DraftSkill] = field(default_factory=dict, repr=False, compare=False)

    def skill(self, title: str) -> DraftSkill:
        """The unit's skill of this title, added when it has none yet."""
        found = self._by_title.get(title)
        if found is None:
            found = self._by_title[title] = DraftSkill(title)
            self.skills.append(found)
        return found


@dataclass(frozen=True, slots=True)
class Review:
    """One review of a question in the source's own history: when, and how well it went."""

    question_key: str
    # Milliseconds since the epoch, as Anki keeps them.
    at_ms: int
    # Anki's ease: 1 again, 2 hard, 3 good, 4 easy.
    rating: int
    # How long the answer took, in milliseconds.
    took_ms: int


@dataclass
class Draft:
    """Everything read from one or more files, ready for the writer."""

    title: str | None = None
    units: list[DraftUnit] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    _said: set[Skipped] = field(default_factory=set, repr=False)
    notes: list[str] = field(default_factory=list)
    # Media files kept in the pack, by their name under `media/`.
    media: dict[str, bytes] = field(default_factory=dict)
    history: list[Review] = field(default_factory=list)

    # The units by title, so that a file of many decks is not searched card by card.
    _by_title: dict[str, DraftUnit] = field(default_factory=dict, repr=False, compare=False)

    def unit(self, title: str) -> DraftUnit:
        """The draft's unit of this title, added when it has none yet."""
        found = self._by_title.get(title)
        if found is None:
            found = self._by_title[title] = DraftUnit(title)
            self.units.append(found)
        return found

    def skip(self, where: str, why: str) -> None:
        """Record something that was not converted, once: a reason found again for the same
        place (each gap of a question, say) is said once."""
        made = Skipped(where, why)
        if made not in self._said:
            self._said.add(made)
            self.skipped.append(made)

    def add(self, unit: str, skill: str, question: DraftQuestion) -> None:
        """Add a question to the skill `skill` of the unit `unit`, checking its fields' size."""
        if any(_longest(value) > MAX_FIELD for value in question.fields.values()):
            self.skip(question.where, f"a field is longer than {MAX_FIELD} characters")
            return
        self.unit(unit).skill(skill).questions.append(question)

    def merge(self, other: Draft) -> None:
        """Take in what another file gave. A media file of the same name as one taken in before
        but not the same file is renamed, and so are the places naming it, so that neither is
        lost (two Moodle banks that both carry a different `cat.png`)."""
        renamed = self._renames(other.media)
        for unit in other.units:
            mine = self.unit(unit.title)
            for skill in unit.skills:
                target = mine.skill(skill.title)
                for question in skill.questions:
                    question.fields = _renamed(question.fields, renamed)
                    target.questions.append(question)
                target.lesson = target.lesson or _renamed(skill.lesson, renamed)
        self.skipped.extend(other.skipped)
        self.notes.extend(other.notes)
        for name, data in other.media.items():
            self.media[renamed.get(name, name)] = data
        self.history.extend(other.history)
        self.title = self.title or other.title

    def _renames(self, media: dict[str, bytes]) -> dict[str, str]:
        """New names for the files of `media` whose name a different file here has already."""
        renamed: dict[str, str] = {}
        for name, data in media.items():
            if self.media.get(name, data) != data:
                stem, dot, ext = name.rpartition(".")
                digest = hashlib.sha256(data).hexdigest()[:8]
                renamed[name] = f"{stem}-{digest}{dot}{ext}" if stem else f"{name}-{digest}"
        return renamed

    def questions(self) -> int:
        """How many questions the draft holds."""
        return sum(len(skill.questions) for unit in self.units for skill in unit.skills)


def match_fields(pairs: list[dict[str, str]]) -> dict[str, Any]:
    """A `match` question's pairs, allowed to share a right-hand item where they do: several lefts
    with one answer (frog and newt, amphibian) are the common "classify" use of Moodle's
    matching, and the pack format's `reuse` lets one partner serve several lefts."""
    rights = [pair["right"] for pair in pairs]
    return {"pairs": pairs, "reuse": True} if len(set(rights)) < len(rights) else {"pairs": pairs}


def _longest(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return max((max(len(str(k)), _longest(v)) for k, v in value.items()), default=0)
    if isinstance(value, list | tuple):
        return max((_longest(item) for item in value), default=0)
    return 0


def _renamed(value: Any, renamed: dict[str, str]) -> Any:
    """`value` (a question's fields, a lesson) with each `media/NAME` of `renamed` renamed."""
    if not renamed:
        return value
    if isinstance(value, str):
        for old, new in renamed.items():
            value = value.replace(f"media/{old})", f"media/{new})")
        return value
    if isinstance(value, list):
        return [_renamed(item, renamed) for item in value]
    if isinstance(value, dict):
        return {key: _renamed(item, renamed) for key, item in value.items()}
    return value
