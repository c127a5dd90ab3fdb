"""One study session in numbers: what was asked, what was missed, how mastery moved.

`build_session_report` gathers it from the session's answers and the learner's mastery before and
after into a `SessionReport`; `tutor_tui.render.session_report` writes it as text, Markdown or
HTML. Pure: the service reads the store.

Answers may name questions or skills a newer version of the pack no longer has: they are still
counted, shown under their id, and their responses written as they were stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tutor_tui.core import grading, held
from tutor_tui.core.content import (
    AnyQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
)
from tutor_tui.core.learner import Attempt
from tutor_tui.core.planner import Activity
from tutor_tui.core.words import long_date, plural

# How many of the most-missed questions the report lists.
MOST_MISSED = 5
# Names and titles are cut to about this many characters, answers to ANSWER_CHARS and prompts to
# PROMPT_CHARS: enough for a question to be understood, while a pasted page cannot drown the report.
SHORT = 80
ANSWER_CHARS = 160
PROMPT_CHARS = 240
ALL_MASTERED = "Everything chosen is mastered; come back for reviews."
# How an answer shows a choice picked as none, and a blank left empty.
NOTHING = "(nothing)"
BLANK = "(blank)"


@dataclass(frozen=True, slots=True)
class SessionTotals:
    """How much was answered, how well, and for how long."""

    answers: int
    # Fully right (score 1).
    right: int
    # Partly right (a score between 0 and 1).
    partial: int
    # Minutes from the start of the session to its end.
    minutes: float
    minutes_planned: int | None = None

    @property
    def wrong(self) -> int:
        """Answers neither right nor partly right."""
        return self.answers - self.right - self.partial

    @property
    def accuracy(self) -> float | None:
        """The share of answers fully right, None without answers."""
        return self.right / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class SkillCovered:
    """One skill the session touched, and how the learner's mastery of it moved."""

    skill_id: str
    title: str
    answers: int
    right: int
    # Mastery (p_known) when the session began, None if the skill was never seen before it.
    before: float | None
    # Mastery now, None if nothing is known of it.
    after: float | None
    # Mastered now, and not when the session began.
    mastered_this_session: bool = False
    # Mastered now.
    mastered: bool = False
    # Mastered when the session began, and not now: misses in it let it slip.
    lost: bool = False
    # Placed out now by a placement check in the session, and not when it began.
    placed: bool = False
    # Placed out when the session began, and now back to practice: a check missed it.
    sent_back: bool = False

    @property
    def missed(self) -> int:
        """Answers on this skill that were not fully right."""
        return self.answers - self.right


@dataclass(frozen=True, slots=True)
class WrongAnswer:
    """One answer given that was not fully right, and how often it was given."""

    text: str
    times: int


@dataclass(frozen=True, slots=True)
class MissedQuestion:
    """A question the learner missed at least once in the session."""

    question_id: str
    skill_id: str
    skill_title: str
    # The prompt on one line, shortened; the question id when the pack no longer has it.
    prompt: str
    asked: int
    missed: int
    # The distinct answers that were not fully right, most often given first.
    wrong_answers: tuple[WrongAnswer, ...]
    # A right answer, None when the pack no longer has the question or it cannot be written.
    correct_answer: str | None
    # Whether the pack still has the question.
    known: bool = True


@dataclass(frozen=True, slots=True)
class SessionReport:
    """Everything a session summary shows."""

    learner: str
    pack_id: str
    pack_title: str
    started_at: datetime
    ended_at: datetime
    totals: SessionTotals
    # In the order the session first met them.
    skills: tuple[SkillCovered, ...]
    # Most misses first, at most MOST_MISSED.
    most_missed: tuple[MissedQuestion, ...]
    # One sentence on what to do next.
    next_focus: str
    # The titles of the skills the session was limited to, if it was.
    skills_asked: tuple[str, ...] = ()
    # The titles of the skills placed out in the session, and of those placed out when it
    # began that went back to practice in it (`placement_moves`), in the pack's order.
    placed_out: tuple[str, ...] = ()
    sent_back: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The title line: who, which pack, and the day the session began."""
        day = long_date(self.started_at.date())
        return f"Session summary · {self.learner} · {self.pack_title} · {day}"

    @property
    def when(self) -> str:
        """The times the session ran, as "09:00–09:25" (with the end's day if it is another)."""
        start, end = self.started_at, self.ended_at
        if end.date() != start.date():
            return f"{start:%H:%M} – {end:%H:%M} on {long_date(end.date())}"
        return f"{start:%H:%M}–{end:%H:%M}"

    @property
    def mastered_this_session(self) -> tuple[str, ...]:
        """The titles of the skills first mastered in this session."""
        return tuple(s.title for s in self.skills if s.mastered_this_session)

    @property
    def lost_this_session(self) -> tuple[str, ...]:
        """The titles of the skills mastered when the session began that slipped in it."""
        return tuple(s.title for s in self.skills if s.lost)


def placement_moves(
    skill_ids: Iterable[str],
    placed_before: Collection[str],
    placed_after: Collection[str],
    mastered_after: Collection[str],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a session did to placements, of `skill_ids` in their order: the skills it placed
    out (placed out now, not when it began), and those it sent back to practice (placed out
    when it began, now neither placed out nor mastered: a check confirmed those mastered).

    The one rule every summary of a session follows, so that a check that sends nine skills
    back says so wherever the session is summed up, as a slip does for a skill mastered."""
    ids = list(dict.fromkeys(skill_ids))
    placed = tuple(s for s in ids if s in placed_after and s not in placed_before)
    back = tuple(
        s for s in ids if s in placed_before and s not in placed_after and s not in mastered_after
    )
    return placed, back


def build_session_report(
    pack: Pack,
    learner_name: str,
    attempts: Sequence[Attempt],
    before: Mapping[str, float],
    after: Mapping[str, float],
    mastered_after: Collection[str],
    mastered_before: Collection[str],
    next_activity: Activity | None,
    started_at: datetime,
    ended_at: datetime,
    minutes_planned: int | None,
    skills_asked: Sequence[str] = (),
    placed_before: Collection[str] = (),
    placed_after: Collection[str] = (),
) -> SessionReport:
    """The summary of one session in `pack`, from its answers in order and mastery around it.

    `before` and `after` are p_known by skill id when the session began and now (a skill missing
    from `before` had never been seen); `next_activity` is what the tutor would suggest next;
    `placed_before` and `placed_after` the skills placed out when it began and now.
    """
    mastered_now = set(mastered_after)
    mastered_then = set(mastered_before)
    placed, back = placement_moves(
        [skill.id for skill in pack.skills], placed_before, placed_after, mastered_now
    )
    by_skill: dict[str, list[Attempt]] = {}
    by_question: dict[str, list[Attempt]] = {}
    for attempt in attempts:
        by_skill.setdefault(attempt.skill_id, []).append(attempt)
        by_question.setdefault(attempt.question_id, []).append(attempt)

    skills = tuple(
        SkillCovered(
            skill_id=skill_id,
            title=_skill_title(pack, skill_id),
            answers=len(given),
            right=sum(1 for a in given if _right(a)),
            before=before.get(skill_id),
            after=after.get(skill_id),
            mastered_this_session=skill_id in mastered_now and skill_id not in mastered_then,
            mastered=skill_id in mastered_now,
            lost=skill_id in mastered_then and skill_id not in mastered_now,
            placed=skill_id in placed,
            sent_back=skill_id in back,
        )
        for skill_id, given in by_skill.items()
    )
    # Dicts keep the order questions were first met, and sorting is stable: ties keep it.
    missed = [
        _missed_question(pack, question_id, given)
        for question_id, given in by_question.items()
        if any(not _right(a) for a in given)
    ]
    missed.sort(key=lambda q: -q.missed)

    right = sum(1 for a in attempts if _right(a))
    partial = sum(1 for a in attempts if 0.0 < a.score < 1.0)
    minutes = max(0.0, (ended_at - started_at).total_seconds() / 60)
    return SessionReport(
        learner=_one_line(learner_name),
        pack_id=pack.id,
        pack_title=_one_line(pack.title),
        started_at=started_at,
        ended_at=ended_at,
        totals=SessionTotals(len(attempts), right, partial, minutes, minutes_planned),
        skills=skills,
        most_missed=tuple(missed[:MOST_MISSED]),
        next_focus=_next_focus(pack, skills, next_activity),
        skills_asked=tuple(_skill_title(pack, skill_id) for skill_id in skills_asked),
        placed_out=tuple(_skill_title(pack, skill_id) for skill_id in placed),
        sent_back=tuple(_skill_title(pack, skill_id) for skill_id in back),
    )


def sitting_report(parts: Sequence[SessionReport]) -> SessionReport:
    """One report for a sitting that went from pack to pack: the reports of its sessions, one
    per pack in the order studied, as one. Totals add up, skills gained and lost come from every
    pack, the most-missed questions are the sitting's, and what next is the last pack's."""
    if len(parts) == 1:
        return parts[0]
    first, last = parts[0], parts[-1]
    # A pack gone back to makes a part that began before those listed ahead of it.
    started = min(part.started_at for part in parts)
    ended = max(part.ended_at for part in parts)
    missed = sorted((q for part in parts for q in part.most_missed), key=lambda q: -q.missed)
    titles = dict.fromkeys(part.pack_title for part in parts)
    totals = [part.totals for part in parts]
    return SessionReport(
        learner=first.learner,
        pack_id=last.pack_id,
        pack_title=_one_line(", ".join(titles)),
        started_at=started,
        ended_at=ended,
        totals=SessionTotals(
            answers=sum(t.answers for t in totals),
            right=sum(t.right for t in totals),
            partial=sum(t.partial for t in totals),
            minutes=max(0.0, (ended - started).total_seconds() / 60),
            minutes_planned=first.totals.minutes_planned,
        ),
        skills=tuple(skill for part in parts for skill in part.skills),
        most_missed=tuple(missed[:MOST_MISSED]),
        next_focus=last.next_focus,
        skills_asked=first.skills_asked,
        placed_out=tuple(title for part in parts for title in part.placed_out),
        sent_back=tuple(title for part in parts for title in part.sent_back),
    )


def _right(attempt: Attempt) -> bool:
    # Asked this way round, a score that is not a number (NaN) counts as missed, never as right.
    return attempt.score >= 1.0


def _skill_title(pack: Pack, skill_id: str) -> str:
    skill = pack.skill_index.get(skill_id)
    return _one_line(skill.title if skill is not None else skill_id)


def _missed_question(pack: Pack, question_id: str, given: Sequence[Attempt]) -> MissedQuestion:
    question = pack.question_index.get(question_id)
    wrong: dict[str, int] = {}
    for attempt in given:
        if not _right(attempt):
            text = _one_line(_answer_text(question, attempt.response), ANSWER_CHARS)
            wrong[text] = wrong.get(text, 0) + 1
    correct = None
    if question is not None:
        try:
            correct = _one_line(
                _readable(question, grading.correct_response(question)), ANSWER_CHARS
            )
        except (ValueError, TypeError):
            # A regex answer no pattern of its own matches, say: the report goes on without it.
            correct = None
    # The skill the pack puts the question in now, else the one the answer was recorded under.
    skill_id = question.skill if question is not None and question.skill else given[0].skill_id
    return MissedQuestion(
        question_id=question_id,
        skill_id=skill_id,
        skill_title=_skill_title(pack, skill_id),
        prompt=_prompt(question) if question is not None else _one_line(question_id),
        asked=len(given),
        missed=sum(1 for a in given if not _right(a)),
        wrong_answers=tuple(
            WrongAnswer(text, times)
            for text, times in sorted(wrong.items(), key=lambda item: -item[1])
        ),
        correct_answer=correct,
        known=question is not None,
    )


# How a stored "I don't know" (no response) reads in a report.
DONT_KNOW = "I don't know"


def _answer_text(question: AnyQuestion | None, response: Any) -> str:
    """A stored response as the learner would read it, whatever shape it has."""
    if response is None:
        return DONT_KNOW
    if question is not None:
        try:
            return _readable(question, response)
        except (ValueError, TypeError):
            pass  # a response stored by an older version of the question: shown as it is
    if isinstance(response, str):
        return response
    try:
        return json.dumps(response, ensure_ascii=False, default=str)
    except (ValueError, TypeError):
        return str(response)


def _readable(question: AnyQuestion, response: Any) -> str:
    """A response as a tutor reads it: "1/10 → 1/5" for an order, not the command line's JSON.

    ValueError or TypeError when the response does not fit the question.
    """
    encoded = grading.format_response(question, response)  # checks the response's shape
    if isinstance(question, MatchQuestion):
        pairs = json.loads(encoded)
        return "; ".join(f"{left} → {right}" for left, right in pairs.items()) or NOTHING
    if isinstance(question, MultiQuestion | OrderQuestion | ClozeQuestion):
        texts = [text if text.strip() else BLANK for text in json.loads(encoded)]
        if isinstance(question, OrderQuestion):
            return " → ".join(texts) or NOTHING
        return ("; " if isinstance(question, ClozeQuestion) else ", ").join(texts) or NOTHING
    return encoded


def _prompt(question: AnyQuestion) -> str:
    if isinstance(question, ClozeQuestion):
        text = question.prompt or question.display_text()
    else:
        text = question.prompt or question.id
    return _one_line(_without_marks(text), PROMPT_CHARS)


def _without_marks(markdown: str) -> str:
    """A prompt's words without the Markdown marks a one-line summary cannot show: bold, code."""
    text = re.sub(r"```[^\n]*", " ", markdown)  # a code block's fences; its lines stay
    text = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", text)
    return re.sub(r"`([^`\n]+)`", r"\1", text)


def _one_line(text: str, width: int = SHORT) -> str:
    """Text on one line of at most about `width` characters, with no control characters."""
    # Control characters could drive the terminal the report is printed to.
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    # At a space if there is one near the end, so no word is cut in two.
    space = cut.rfind(" ", width * 3 // 4)
    return (cut[:space] if space > 0 else cut).rstrip() + "…"


def _next_focus(pack: Pack, skills: Sequence[SkillCovered], activity: Activity | None) -> str:
    """One sentence: the skill missed most and not yet mastered, else what the tutor would pick."""
    # Only skills the pack still has: there is no practising one it has dropped.
    candidates = [
        s for s in skills if s.missed and not s.mastered and s.skill_id in pack.skill_index
    ]
    if candidates:
        # max() keeps the first of equals: the skill met first.
        worst = max(candidates, key=lambda s: s.missed)
        return (
            f"Keep practising {worst.title}: {worst.missed} of"
            f" {plural(worst.answers, 'answer')} missed today."
        )
    if activity is not None and activity.kind == "done" and activity.reason.startswith(held.DONE):
        # Not all mastered: held skills nothing can release now, as the reason says.
        return f"{_one_line(activity.reason, width=400)}."
    if activity is not None and activity.kind != "done":
        reason = _one_line(activity.reason, width=200).rstrip(".")
        if activity.skill_id is None:
            return f"Next: {reason}."
        title = _skill_title(pack, activity.skill_id)
        if title in reason:  # "Practice: Ratios, 40% mastered so far" names it already
            return f"Next — {reason}."
        return f"Next: {title} ({reason})."
    return ALL_MASTERED
