"""What a bundle's events may bring in: only what the tutor here can check, graded by it again.

A bundle comes from another computer, or from anyone with a text editor: its scores are not
trusted. Every answer is graded again here, from its response, against the question in the pack
here, and the bundle's score is ignored. An event that cannot be checked is set aside, with a
count, rather than taken on trust:

- events in a pack not on this computer (they come in when the bundle is imported again once the
  pack is installed: events are keyed by their ids, so nothing is doubled);
- answers to a question the pack here does not have, or filed under another skill than the
  question's in the same version of the pack;
- answers whose response cannot be read as an answer to their question, or is far longer than
  any answer (a response no shell would have stored);
- lessons read and skills placed of a skill the pack here does not have;
- goals in a pack not on this computer, or aiming at skills the pack here does not have.

An answer that copies another of its learner's, here or in the bundle, is set aside, and the
time an answer claims counts only up to the time since its learner's answer before it in the
bundle (`core.answer_claims`). Times alone never set an answer aside: another computer's clock
may read behind this one's, and two answers it dates into the same minutes as answers here were
still both given.

What a placement check claims is weighed against the log the bundle merges into, the answers
here and the bundle's together (`vet_claims`, in the merge's transaction): a check's answer to a
question the learner had answered before (no check asks one again: its answer may have been
shown, or learned by heart) backs no skill placed, and counts for nothing when the log is
replayed (`learner.apply_attempt`); a skill placed that the learner's placement
answers before it, graded again here, do not place out as a check here would
(`knowledge_states.settle`), none at all included, or that the learner had practised before,
here or on the other computer (a check never places those out).

Values in, values out: rows as a bundle carries them, packs by id.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tutor_tui.core.clock import stored_time
from tutor_tui.core.content import Pack
from tutor_tui.core.grading import ResponseError, grade
from tutor_tui.core.grading.response import MAX_RESPONSE

Row = dict[str, Any]
# The longest response, as JSON, an answer may bring: a few texts as long as the longest answer.
MAX_STORED_RESPONSE = 10 * MAX_RESPONSE

# The facts vetted here, and how each is named to a person (one, several).
_EVENTS = {
    "attempts": ("answer", "answers"),
    "lesson_views": ("lesson read", "lessons read"),
    "placements": ("skill placed", "skills placed"),
    "goals": ("goal", "goals"),
}
# Why an event was set aside, as the end of a sentence about it.
REASONS = {
    "question": "to questions not in their pack here",
    "skill": "of skills not in their pack here",
    "response": "whose response cannot be read as an answer to its question",
    "early": "dated before their learner was created",
    "copy": "that copy another answer of their learner's: the same question, graded alike here,"
    " within a second of it",
    "unbacked": "with no answer of a placement check before them",
    "unsupported": "that the answers of the placement check before them do not place out",
    "practised": "that the learner had practised before (a check never places those out)",
    "missed": "that require a skill the learner last missed in practice (a check never places"
    " those out)",
}

# Each event with the column of its time.
_EVENT_TIMES = {"attempts": "answered_at", "lesson_views": "viewed_at", "placements": "placed_at"}


@dataclass
class Vetted:
    """A bundle's events as this computer takes them, and what was set aside."""

    rows: dict[str, list[Row]]
    # How many events were set aside, by "kind:reason" ("attempts:question").
    set_aside: dict[str, int] = field(default_factory=dict)
    # Events in packs not on this computer, by kind, and those packs.
    elsewhere: dict[str, int] = field(default_factory=dict)
    packs_not_here: list[str] = field(default_factory=list)


def vet(rows: Mapping[str, list[Row]], packs: Mapping[str, Pack]) -> Vetted:
    """The bundle's rows with every answer graded again here and every unchecked event or goal
    set aside; learners and study sessions pass as they are (the bundle's reader checked them).
    What a placement check claims is weighed later, against the log here (`vet_claims`)."""
    vetted = Vetted({kind: list(found) for kind, found in rows.items()})
    elsewhere: set[str] = set()
    for kind in _EVENTS:
        kept = []
        for row in rows.get(kind, ()):
            pack = packs.get(row["pack_id"])
            if pack is None:
                elsewhere.add(row["pack_id"])
                vetted.elsewhere[kind] = vetted.elsewhere.get(kind, 0) + 1
                continue
            checked, reason = _checked(kind, row, pack)
            if checked is None:
                key = f"{kind}:{reason}"
                vetted.set_aside[key] = vetted.set_aside.get(key, 0) + 1
                continue
            kept.append(checked)
        vetted.rows[kind] = kept
    vetted.packs_not_here = sorted(elsewhere)
    return vetted


def vet_claims(
    rows: Mapping[str, list[Row]], here: Mapping[str, Iterable[Row]], packs: Mapping[str, Pack]
) -> tuple[dict[str, list[Row]], dict[str, int]]:
    """A bundle's answers and skills placed, as `vet` took them and with its learners' ids as
    here, less what a placement check claims that the merged log does not bear out; and how
    many were set aside, by "kind:reason".

    `here` holds the answers ("attempts": ids, packs, questions, skills, kinds, times and
    scores) and skills placed ("placements": ids, packs, skills, times) already in the log of
    the learners concerned. An event already here stays: it is not added again, nor counted as
    set aside.
    """
    attempts, placements = list(rows.get("attempts", ())), list(rows.get("placements", ()))
    if not any(a["kind"] == "placement" for a in attempts) and not any(
        p.get("belief", 1.0) for p in placements
    ):
        return {"attempts": attempts, "placements": placements}, {}
    log = {row["id"]: row for row in here.get("attempts", ())}
    placed = {row["id"]: row for row in here.get("placements", ())}
    already = set(log) | set(placed)
    log.update((row["id"], row) for row in attempts if row["id"] not in log)
    placed.update((row["id"], row) for row in placements if row["id"] not in placed)
    recited = _recited(log.values())
    set_aside: dict[str, int] = {}

    def keep(kind: str, row: Row, reason: str) -> bool:
        if not reason or row["id"] in already:
            return True
        set_aside[f"{kind}:{reason}"] = set_aside.get(f"{kind}:{reason}", 0) + 1
        return False

    # A check's answer to a question answered before stays in the log, where it counts for
    # nothing (`learner.apply_attempt`): set aside here, it would be kept or not by the order the
    # bundles came in. It backs no skill placed either.
    kept = (row for row in log.values() if row["id"] not in recited)
    backing = _Backing(kept, placed.values(), packs)
    placements = [p for p in placements if keep("placements", p, backing.why_not(p))]
    return {"attempts": attempts, "placements": placements}, set_aside


def vet_births(
    rows: Mapping[str, list[Row]], born: Mapping[str, str]
) -> tuple[dict[str, list[Row]], dict[str, int]]:
    """A bundle's events less those dated before their learner was created (`born`, by id:
    here, for a learner with the same id here; else in the bundle), which no learner did; and
    how many were set aside, by "kind:reason"."""
    kept = {kind: list(found) for kind, found in rows.items()}
    set_aside: dict[str, int] = {}
    for kind, column in _EVENT_TIMES.items():
        kept[kind] = []
        for row in rows.get(kind, ()):
            at, start = stored_time(row[column]), stored_time(born.get(row["learner_id"]))
            if at is not None and start is not None and at < start:
                set_aside[f"{kind}:early"] = set_aside.get(f"{kind}:early", 0) + 1
            else:
                kept[kind].append(row)
    return kept, set_aside


def sent_back_by_practice(
    pack: Pack,
    answers: Iterable[Row],
    placed: Mapping[str, datetime],
    confirmed: Mapping[str, datetime],
    luck: Callable[[str, str], float],
) -> dict[str, datetime]:
    """The skills placed out that a miss in practice after their check sends back, as the tutor
    does when the miss is answered where the check is (`placement_followup.sent_back`), with
    when: for a merged log, where the check and the practice came from two computers and
    neither knew of the other. Failing a skill implies not knowing what requires it.

    `answers` are the learner's answers in the pack, of every kind (questions, skills, kinds,
    scores, times, responses: None for "I don't know"), `placed` the skills the log leaves
    placed out, by when they were placed, `confirmed` those mastered, by when, `luck` a
    question's chance of a lucky right answer, by skill and question (`Mastery.chance`). A miss
    luck may explain sends back nothing above its skill ("I don't know" is no luck), nor does a
    miss in a review of a skill mastered before it.
    """
    from tutor_tui.core.placement_followup import sends_back_above, sent_back

    timed = sorted(
        (at, row["question_id"], row["skill_id"], row["score"], row["kind"], row["response"])
        for row in answers
        if (at := stored_time(row["answered_at"])) is not None
    )
    standing, back = dict(placed), {}
    for index, (at, question_id, skill_id, score, kind, response) in enumerate(timed):
        if kind == "placement" or score >= 1.0 or skill_id not in pack.skill_index:
            continue
        before = {s for s, when in standing.items() if when < at}
        mastered = confirmed.get(skill_id)
        if (mastered is not None and mastered <= at) or not before & pack.descendants(skill_id):
            continue
        chance = luck(skill_id, question_id)
        if not sends_back_above(pack, question_id, score, chance, declined=response is None):
            continue
        given = [(q, sc) for _, q, _, sc, *_ in timed[: index + 1]]
        for gone in sent_back(pack, given, skill_id, before, confirmed=set(confirmed)):
            back[gone] = at
            del standing[gone]
    return back


def _recited(log: Iterable[Row]) -> set[str]:
    """The ids of placement answers to a question the learner had answered before: each after
    the first answer to its question (an answer outside a check first at the same instant)."""
    answers: dict[tuple[str, str, str], list[tuple[datetime, bool, str]]] = {}
    for row in log:
        key = (row["learner_id"], row["pack_id"], row["question_id"])
        when = stored_time(row["answered_at"])
        if when is not None:
            answers.setdefault(key, []).append((when, row["kind"] == "placement", row["id"]))
    recited: set[str] = set()
    for found in answers.values():
        found.sort()
        recited.update(row_id for _, placement, row_id in found[1:] if placement)
    return recited


class _Backing:
    """What backs a skill placed: the placement answers before it, graded again here, and
    the learner's practice before it, as a check here would weigh them."""

    def __init__(self, answers: Iterable[Row], placed: Iterable[Row], packs: Mapping[str, Pack]):
        self.packs = packs
        # Per (learner, pack): placement answers as (time, question, score), practice answers
        # as (time, skill, score), and the times skills were placed (or sent back).
        self.checks: dict[tuple[str, str], list[tuple[datetime, str, float]]] = {}
        self.practice: dict[tuple[str, str], list[tuple[datetime, str, float]]] = {}
        self.placed: dict[tuple[str, str], list[tuple[datetime, str]]] = {}
        # Why each (learner, pack, time)'s check places out no skill that is not in the first
        # set: the skills it places out, and those practice holds back.
        self.settled: dict[tuple[str, str, datetime], tuple[set[str], dict[str, str]]] = {}
        for answer in answers:
            key, at = (answer["learner_id"], answer["pack_id"]), stored_time(answer["answered_at"])
            if at is None:
                continue
            if answer["kind"] == "placement":
                self.checks.setdefault(key, []).append((at, answer["question_id"], answer["score"]))
            else:
                practice = (at, answer["skill_id"], answer["score"])
                self.practice.setdefault(key, []).append(practice)
        for skill in placed:
            at = stored_time(skill["placed_at"])
            if at is not None:
                key = (skill["learner_id"], skill["pack_id"])
                self.placed.setdefault(key, []).append((at, skill["skill_id"]))

    def why_not(self, placed: Row) -> str:
        """Why this skill placed is set aside, or "" when it is backed. A withdrawal (belief 0)
        only takes away, and is always backed. A bare claim that a learner knows a skill, or one
        that the answers do not bear out, would otherwise place them out of it."""
        if not placed.get("belief", 1.0):
            return ""
        key = (placed["learner_id"], placed["pack_id"])
        when = stored_time(placed["placed_at"])
        if when is None or key[1] not in self.packs:
            return "unbacked"
        answers = [(q, score) for at, q, score in self.checks.get(key, ()) if at <= when]
        # A check writes one row per skill it placed, all at one time: settled once for them.
        if (*key, when) not in self.settled:
            self.settled[(*key, when)] = self._settle(key, when, answers)
        known, held = self.settled[(*key, when)]
        if placed["skill_id"] in held:
            return held[placed["skill_id"]]
        if not answers:
            return "unbacked"
        return "" if placed["skill_id"] in known else "unsupported"

    def _settle(
        self, key: tuple[str, str], when: datetime, answers: list[tuple[str, float]]
    ) -> tuple[set[str], dict[str, str]]:
        """What the check that ended at `when` places out, and the skills practice holds back,
        each with why, as `Tutor.practice_judges` holds them: those practised before, and those
        that require one whose last answer in practice was a miss (unless that one was never
        placed and the check's answers on it outweigh the miss)."""
        from tutor_tui.core.placement_evidence import MISSED_IN_PRACTICE, answer_evidence

        pack = self.packs[key[1]]
        last: dict[str, tuple[datetime, float]] = {}
        for at, skill_id, score in self.practice.get(key, ()):
            if at < when and skill_id in pack.skill_index:
                last[skill_id] = max(last.get(skill_id, (at, score)), (at, score))
        shown: dict[str, float] = {}
        for question_id, score in answers:
            if question_id in pack.question_index:
                skill_id, evidence = answer_evidence(pack, question_id, score)
                shown[skill_id] = shown.get(skill_id, 0.0) + evidence
        ever = {skill_id for at, skill_id in self.placed.get(key, ()) if at < when}
        held = dict.fromkeys(last, "practised")
        for skill_id, (_, score) in last.items():
            if score <= 0 and (
                skill_id in ever or MISSED_IN_PRACTICE + shown.get(skill_id, 0) <= 0
            ):
                held.update((s, "missed") for s in pack.descendants(skill_id) if s not in held)
        return _placed_out(pack, answers), held


def _placed_out(pack: Pack, answers: Iterable[tuple[str, float]]) -> set[str]:
    """The skills these placement answers place out, as a check here would settle them."""
    import numpy as np

    from tutor_tui.core.knowledge_states import SkillGraph, settle
    from tutor_tui.core.placement import CONFIDENT, PLACE_OUT
    from tutor_tui.core.placement_evidence import answer_evidence

    graph = SkillGraph.of(pack)
    llr = np.zeros(len(graph.ids))
    for question_id, score in answers:
        if question_id not in pack.question_index:
            continue  # answered here to a question a later version of the pack let go
        skill_id, evidence = answer_evidence(pack, question_id, score)
        llr[graph.index[skill_id]] += evidence
    verdicts = settle(graph, llr, PLACE_OUT, CONFIDENT)
    return {skill_id for skill_id, verdict in zip(graph.ids, verdicts, strict=True) if verdict > 0}


def _checked(kind: str, row: Row, pack: Pack) -> tuple[Row | None, str]:
    """The event as taken here (an answer with the score the tutor gives it), or None and why."""
    if kind == "goals":
        known = all(skill in pack.skill_index for skill in row["skills"])
        return (row, "") if known else (None, "skill")
    if kind != "attempts":
        return (row, "") if row["skill_id"] in pack.skill_index else (None, "skill")
    question = pack.question_index.get(row["question_id"])
    # A question may move to another skill in a new version of its pack; within one version,
    # an answer filed under another skill than its question's would count where it was not given.
    moved = question is not None and row["pack_version"] != pack.version
    if question is None or (question.skill != row["skill_id"] and not moved):
        return None, "question"
    if len(json.dumps(row["response"], ensure_ascii=False)) > MAX_STORED_RESPONSE:
        return None, "response"  # no answer a learner typed is that long
    try:
        score = grade(question, row["response"]).score
    except (ResponseError, TypeError, ValueError, ArithmeticError, RecursionError):
        return None, "response"
    return {**row, "score": score}, ""


def _words(count: int, kind: str) -> str:
    one, several = _EVENTS[kind]
    return f"{count} {one if count == 1 else several}"


def vetting_lines(
    set_aside: Mapping[str, int], elsewhere: Mapping[str, int], packs_not_here: Iterable[str]
) -> list[str]:
    """What was set aside, in lines for a person; none when nothing was."""
    lines = []
    for key, count in sorted(set_aside.items()):
        kind, _, reason = key.partition(":")
        lines.append(f"Set aside {_words(count, kind)} {REASONS[reason]}.")
    if elsewhere:
        counts = ", ".join(_words(count, kind) for kind, count in sorted(elsewhere.items()))
        lines.append(
            f"Set aside {counts} in packs not on this computer ({', '.join(packs_not_here)}):"
            " install them with `tutor packs install PATH`, then import the bundle again."
        )
    return lines


def unchecked_in_log(
    logged: Iterable[tuple[str, str, str, str, int]], packs: Mapping[str, Pack]
) -> list[str]:
    """Answers in the log that an import now sets aside, as problems for `tutor doctor`.

    `logged` holds (pack, pack version, question, skill, count). An answer recorded with the
    version of its pack here, to a question that version does not have, was let in by an import
    before imports were checked: it may count toward a skill's mastery. Answers from another
    version of a pack (a question since removed), filed under another skill (a question an author
    moved without a new version), or in packs not on this computer are no problem.
    """
    count = 0
    for pack_id, version, question_id, _skill, number in logged:
        pack = packs.get(pack_id)
        if pack is None or version != pack.version:
            continue
        if question_id not in pack.question_index:
            count += number
    if not count:
        return []
    return [
        f"the log holds {_words(count, 'attempts')} {REASONS['question']} in the version of the"
        " pack they name, let in by an import before imports were checked; they may count toward"
        " mastery: reset the learners they belong to, or restore a backup, to be rid of them"
    ]
