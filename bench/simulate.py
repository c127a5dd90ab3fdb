"""Simulated learners study a pack under three policies: the planner, book order, and random.

Run by hand (it is not a test):

    python bench/simulate.py                      # both built-in packs, 30 learners per profile
    python bench/simulate.py --pack fractions-ratios --learners 40 --seed 7
    python bench/simulate.py --set SKILLS_AT_ONCE=3 --mastery threshold=0.9   # what-if runs

Each simulated learner has a hidden state per skill (known or not) and answers by the standard
knowledge-tracing generative model. Every learner studies the pack three times, from the same hidden
starting state, under:

- **planner**: the real `Tutor(store, packs, clock)` seam on an in-memory store and a `FixedClock`
  that this script moves; the learner first takes the placement check (as the app offers it on a
  new pack; `--no-placement` to leave it out), then answers exactly the question the planner asks;
- **book**: skills in the pack's study order, the lesson then K questions per skill, pass after
  pass;
- **random**: a random question from the whole pack each time.

The count is the number of questions answered until the *hidden* state knows every skill. Lessons
count as 0 questions; placement questions and reviews count as questions. Last, learners who game
mastery study each pack: one who answers right only the questions answered before (their answers
were shown), one who answers at random, one who guesses at random what is new and recites the
answers shown: the tutor should never call a skill mastered. "Recall a month later" is the mean
probability, over the pack's skills, that the learner still recalls a skill 30 days after that
moment. See bench/README.md for the model and its choices.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import uuid6

from tutor_tui.core import grading, planner
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
)
from tutor_tui.core.content import guess_chance as guess_chance_of
from tutor_tui.core.errors import TutorError
from tutor_tui.packs.catalog import builtin_packs_home
from tutor_tui.packs.loader import load_pack
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

DEFAULT_PACKS = ("python-foundations", "fractions-ratios")
POLICIES = ("planner", "book", "random")
PROFILES: dict[str, float] = {"novice": 0.0, "partial": 0.5, "expert-ish": 0.8}
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday, 09:00


@dataclass(frozen=True)
class World:
    """How the simulated learners behave, and how the study time passes."""

    # The knowledge-tracing truth of the simulated learner.
    slip: float = 0.1
    learn: float = 0.2  # chance per practice answer to learn a skill whose prerequisites are known
    lesson_learn: float = 0.1  # the same, from reading the skill's lesson
    guess_model: str = "type"  # "type": per question type; "flat": `flat_guess` for every question
    flat_guess: float = 0.2
    # Memory: exponential forgetting, R = exp(-days since last retrieval / stability).
    stability_start: float = 2.0  # days, when a skill is first learned
    stability_growth: float = 2.5  # per successful retrieval spaced at least `spacing_days` apart
    spacing_days: float = 1.0
    prior_stability: float = 12.5  # days, for a skill known before the study (2 x 2.5 x 2.5)
    forgetting_in_study: bool = True  # a known skill can be forgotten between practice answers
    # Time.
    seconds_per_answer: float = 40.0
    seconds_per_lesson: float = 60.0
    answers_per_day: int = 20
    recall_after_days: float = 30.0
    # Policies.
    book_k: int = 5
    cap: int = 2000
    # The planner starts with the placement check, as the app and plain mode offer it on a pack
    # the learner has not begun; its questions count.
    placement: bool = True


# The simulated learner ------------------------------------------------------------------------


def guess_chance(question: AnyQuestion, world: World) -> float:
    """The chance that a learner who does not know the skill answers this question right."""
    if world.guess_model == "flat":
        return world.flat_guess
    match question:
        case ChoiceQuestion():
            return 1.0 / len(question.choices)
        case TrueFalseQuestion():
            return 0.5
        case MultiQuestion():
            # One subset of the choices is right; a guesser picks a nonempty one.
            return max(0.05, 1.0 / (2 ** len(question.choices) - 1))
        case OrderQuestion():
            return max(0.02, 1.0 / math.factorial(len(question.items)))
        case MatchQuestion():
            return max(0.02, 1.0 / math.factorial(len(question.pairs)))
    return 0.05  # typed: short, numeric, cloze


@dataclass
class Memory:
    stability: float  # days
    last: datetime  # last retrieval (or learning), where the forgetting curve restarts
    grown: datetime  # when stability last grew


class SimLearner:
    """A learner with known hidden knowledge, who answers, learns and forgets at random."""

    def __init__(self, pack: Pack, known: set[str], world: World, rng: random.Random) -> None:
        self.pack = pack
        self.world = world
        self.rng = rng
        self.known = set(known)
        long_ago = START - timedelta(days=60)
        self.memory = {
            skill: Memory(world.prior_stability, START, long_ago) for skill in self.known
        }

    def all_known(self) -> bool:
        return len(self.known) == len(self.pack.skills)

    def learnable(self, skill: Skill) -> bool:
        return skill.id not in self.known and all(r in self.known for r in skill.requires)

    def recall(self, skill_id: str, at: datetime) -> float:
        memory = self.memory.get(skill_id)
        if memory is None:
            return 0.0
        days = max(0.0, (at - memory.last).total_seconds() / 86400.0)
        return math.exp(-days / memory.stability)

    def mean_recall(self, at: datetime) -> float:
        return statistics.fmean(self.recall(s.id, at) for s in self.pack.skills)

    def answer(self, question: AnyQuestion, now: datetime) -> bool:
        """Whether the learner answers right; then they may learn, or strengthen their memory."""
        skill = self.pack.skill(question.skill)
        guess = guess_chance(question, self.world)
        if skill.id in self.known:
            chance = self.recall(skill.id, now) if self.world.forgetting_in_study else 1.0
            recalled = self.rng.random() < chance
            right = self.rng.random() < ((1.0 - self.world.slip) if recalled else guess)
            memory = self.memory[skill.id]
            spaced = (now - memory.grown) >= timedelta(days=self.world.spacing_days)
            if recalled and spaced:
                memory.stability *= self.world.stability_growth
                memory.grown = now
            # Retrieval, or seeing the right answer after a lapse, restarts the forgetting curve.
            memory.last = now
            return right
        right = self.rng.random() < guess
        if self.learnable(skill) and self.rng.random() < self.world.learn:
            self._learn(skill.id, now)
        return right

    def answer_unmarked(self, question: AnyQuestion, now: datetime) -> bool:
        """Whether the learner answers a placement question right: no feedback, so nothing is
        learned, and a known skill is recalled or not as in practice."""
        if question.skill not in self.known:
            return self.rng.random() < guess_chance(question, self.world)
        chance = self.recall(question.skill, now) if self.world.forgetting_in_study else 1.0
        if self.rng.random() >= chance:
            return self.rng.random() < guess_chance(question, self.world)
        return self.rng.random() < 1.0 - self.world.slip

    def read_lesson(self, skill_id: str, now: datetime) -> None:
        skill = self.pack.skill(skill_id)
        if self.learnable(skill) and self.rng.random() < self.world.lesson_learn:
            self._learn(skill_id, now)

    def _learn(self, skill_id: str, now: datetime) -> None:
        self.known.add(skill_id)
        self.memory[skill_id] = Memory(self.world.stability_start, now, now)


def prior_knowledge(pack: Pack, share: float, rng: random.Random) -> set[str]:
    """A random set of `share` of the skills, closed under prerequisites."""
    target = round(share * len(pack.skills))
    known: set[str] = set()
    while len(known) < target:
        ready = [
            s.id for s in pack.skills if s.id not in known and all(r in known for r in s.requires)
        ]
        known.add(rng.choice(ready))
    return known


# Responses ------------------------------------------------------------------------------------

_WRONG: dict[str, grading.Response] = {}


def wrong_response(question: AnyQuestion) -> grading.Response:
    """A response of the right shape that grades 0."""
    if question.id in _WRONG:
        return _WRONG[question.id]
    candidates: list[grading.Response] = []
    match question:
        case ChoiceQuestion():
            candidates = [c for c in question.choices if c != question.answer]
        case MultiQuestion():
            wrong = [c for c in question.choices if c not in question.answers]
            candidates = [tuple(wrong[:1]), ()]
        case TrueFalseQuestion():
            candidates = [not question.answer]
        case ShortQuestion():
            candidates = ["I do not know", "zzqx", "0", "-"]
        case NumericQuestion():
            off = max(Fraction(1), 2 * Fraction(question.allowed_error()) + 1)
            candidates = [Fraction(question.answer) + off, Fraction(question.answer) - off]
        case OrderQuestion():
            candidates = [tuple(reversed(question.items))]
        case MatchQuestion():
            rights = [p.right for p in question.pairs]
            rotated = rights[1:] + rights[:1]
            candidates = [{p.left: r for p, r in zip(question.pairs, rotated, strict=True)}, {}]
        case ClozeQuestion():
            candidates = [
                tuple("zzqx" for _ in question.blanks),
                tuple("" for _ in question.blanks),
            ]
    for response in candidates:
        if grading.grade(question, response).score == 0.0:
            _WRONG[question.id] = response
            return response
    raise RuntimeError(f"cannot build a wrong response to question {question.id}")


def check_responses(pack: Pack) -> None:
    """Every question's right response grades 1 and its wrong one 0, before any simulation."""
    for question in pack.questions():
        if grading.grade(question, grading.correct_response(question)).score != 1.0:
            raise RuntimeError(f"correct_response does not grade right for {question.id}")
        wrong_response(question)


# Time -----------------------------------------------------------------------------------------


class Timeline:
    """40 s per answer, sessions of 20 answers a day starting at 09:00."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.now = START
        self.day = 0
        self.answers_today = 0

    def answered(self) -> None:
        self.answers_today += 1
        if self.answers_today >= self.world.answers_per_day:
            self.day += 1
            self.answers_today = 0
            self.now = START + timedelta(days=self.day)
        else:
            self.now += timedelta(seconds=self.world.seconds_per_answer)

    def read(self) -> None:
        self.now += timedelta(seconds=self.world.seconds_per_lesson)


# Results --------------------------------------------------------------------------------------


@dataclass
class Run:
    """One learner under one policy."""

    policy: str
    questions: int = 0  # until the hidden state knows every skill (or the cap)
    capped: bool = False
    recall: float = 0.0  # a month after the hidden state knew every skill
    days: float = 0.0
    # Where the questions went, by the hidden state of the question's skill when asked.
    on_known: int = 0
    on_learnable: int = 0
    on_blocked: int = 0  # unknown, and some prerequisite unknown: nothing can be learned from it
    # The planner only.
    false_done: int = 0  # times it said "done" while the hidden state had gaps
    stuck: bool = False  # it said "done" for every skill the hidden state lacked
    false_skills: int = 0  # times a skill crossed the mastery threshold while hidden unknown
    reasons: Counter[str] = field(default_factory=Counter)  # questions per planner rule
    known_by_reason: Counter[str] = field(default_factory=Counter)  # of those, on known skills
    done_questions: int | None = None  # until the planner itself said done
    done_recall: float | None = None
    upkeep_questions: int | None = None  # the planner's due reviews in the month after done
    upkeep_recall: float | None = None  # recall a month after done, with those reviews


def _tally(run: Run, learner: SimLearner, skill: Skill) -> None:
    if skill.id in learner.known:
        run.on_known += 1
    elif learner.learnable(skill):
        run.on_learnable += 1
    else:
        run.on_blocked += 1


def _finish(run: Run, learner: SimLearner, time_: Timeline, world: World) -> None:
    run.capped = not learner.all_known()
    run.recall = learner.mean_recall(time_.now + timedelta(days=world.recall_after_days))
    run.days = (time_.now - START).total_seconds() / 86400.0


# Policies -------------------------------------------------------------------------------------


def run_book(pack: Pack, learner: SimLearner, world: World) -> Run:
    run, time_ = Run("book"), Timeline(world)
    next_question = {s.id: 0 for s in pack.skills}
    first_pass = True
    while not learner.all_known() and run.questions < world.cap:
        for skill in pack.skills:
            if learner.all_known() or run.questions >= world.cap:
                break
            if first_pass and skill.lesson:
                learner.read_lesson(skill.id, time_.now)
                time_.read()
            for _ in range(world.book_k):
                if learner.all_known() or run.questions >= world.cap:
                    break
                question = skill.questions[next_question[skill.id] % len(skill.questions)]
                next_question[skill.id] += 1
                _tally(run, learner, skill)
                learner.answer(question, time_.now)
                run.questions += 1
                time_.answered()
        first_pass = False
    _finish(run, learner, time_, world)
    return run


def run_random(pack: Pack, learner: SimLearner, world: World, rng: random.Random) -> Run:
    run, time_ = Run("random"), Timeline(world)
    questions = list(pack.questions())
    lessons_read: set[str] = set()
    while not learner.all_known() and run.questions < world.cap:
        question = rng.choice(questions)
        skill = pack.skill(question.skill)
        if skill.lesson and skill.id not in lessons_read:
            lessons_read.add(skill.id)
            learner.read_lesson(skill.id, time_.now)
            time_.read()
        _tally(run, learner, skill)
        learner.answer(question, time_.now)
        run.questions += 1
        time_.answered()
    _finish(run, learner, time_, world)
    return run


def _reason(activity: Any) -> str:
    if activity.kind == "review":
        return (
            "review" if not activity.reason.startswith("Your choice") else "focus after false done"
        )
    for prefix, name in (
        ("New:", "new skill"),
        ("Practice:", "practice"),
        ("An easier one", "easier (help)"),
        ("Back to", "prerequisite (help)"),
        ("Your choice", "focus after false done"),
    ):
        if activity.reason.startswith(prefix):
            return name
    return "other"


def run_planner(pack: Pack, packs: dict[str, Pack], learner: SimLearner, world: World) -> Run:
    run, time_ = Run("planner"), Timeline(world)
    clock = FixedClock(time_.now)
    store = Store.open("sqlite://")
    try:
        tutor = Tutor(store, packs, clock)
        me = tutor.add_learner("sim")
        if world.placement:
            _place(run, tutor, me, pack, learner, time_)
        steps = 0
        hidden_questions: int | None = None  # questions when the hidden state first knew it all
        while run.questions < world.cap and steps < 4 * world.cap:
            steps += 1
            if hidden_questions is None and learner.all_known():
                hidden_questions = run.questions
                _finish(run, learner, time_, world)
            hidden_done = hidden_questions is not None
            clock.at = time_.now
            activity = tutor.next(me, pack.id)
            if activity.kind == "done":
                if hidden_done:
                    run.done_questions = run.questions
                    run.done_recall = learner.mean_recall(
                        time_.now + timedelta(days=world.recall_after_days)
                    )
                    break
                # False mastery: the planner is satisfied but the learner still has gaps. Count
                # it, and go on as a learner who asks for a skill they know they lack.
                run.false_done += 1
                activity = _focus_on_gap(tutor, me, pack, learner)
                if activity.kind == "done":
                    # Held on every skill it lacks, nothing it can answer counting towards them:
                    # the tutor takes it no further, and it never knows the pack (the cap).
                    run.stuck = True
                    run.questions = world.cap
                    break
            if activity.kind == "lesson":
                _lesson(tutor, me, pack, learner, activity, time_)
                continue
            assert activity.question_id is not None, activity
            question = pack.question(activity.question_id)
            skill = pack.skill(question.skill)
            if not hidden_done:
                reason = _reason(activity)
                run.reasons[reason] += 1
                if skill.id in learner.known:
                    run.known_by_reason[reason] += 1
                _tally(run, learner, skill)
            feedback = _answer(tutor, me, pack, learner, question, time_, world)
            if feedback.newly_mastered and skill.id not in learner.known:
                run.false_skills += 1
            run.questions += 1
            time_.answered()
        if hidden_questions is None:
            _finish(run, learner, time_, world)  # capped
        else:
            run.questions = hidden_questions  # the rest went on until the planner said done
        if run.done_questions is not None:
            _upkeep(run, tutor, me, pack, learner, time_, world)
    finally:
        store.close()
    return run


def _place(
    run: Run, tutor: Tutor, me: Any, pack: Pack, learner: SimLearner, time_: Timeline
) -> None:
    """The placement check, through the tutor, as a learner who takes the offer answers it."""
    check = tutor.start_placement(me, pack)
    while (shown := check.next_question()) is not None:
        question = shown.question
        tutor.clock.at = time_.now  # type: ignore[attr-defined]  # the script's FixedClock
        right = learner.answer_unmarked(question, time_.now)
        response = grading.correct_response(question) if right else wrong_response(question)
        _tally(run, learner, pack.skill(question.skill))
        run.reasons["placement"] += 1
        if question.skill in learner.known:
            run.known_by_reason["placement"] += 1
        check.answer(question.id, response)
        run.questions += 1
        time_.answered()
    check.finish()


def _upkeep(
    run: Run, tutor: Tutor, me: Any, pack: Pack, learner: SimLearner, time_: Timeline, world: World
) -> None:
    """The month after the planner said done: each morning, whatever it asks (its due reviews)."""
    end = time_.now + timedelta(days=world.recall_after_days)
    day = time_.day + 1
    run.upkeep_questions = 0
    while START + timedelta(days=day) < end:
        time_.now = START + timedelta(days=day)
        answers = 0
        while answers < world.answers_per_day:
            tutor.clock.at = time_.now  # type: ignore[attr-defined]
            activity = tutor.next(me, pack.id)
            if activity.kind == "done":
                break
            if activity.kind == "lesson":
                _lesson(tutor, me, pack, learner, activity, time_)
                continue
            assert activity.question_id is not None, activity
            _answer(tutor, me, pack, learner, pack.question(activity.question_id), time_, world)
            answers += 1
            time_.now += timedelta(seconds=world.seconds_per_answer)
        run.upkeep_questions += answers
        day += 1
    run.upkeep_recall = learner.mean_recall(end)


def _lesson(
    tutor: Tutor, me: Any, pack: Pack, learner: SimLearner, activity: Any, time_: Timeline
) -> None:
    tutor.read_lesson(me, pack.id, activity.skill_id)
    learner.read_lesson(activity.skill_id, time_.now)
    time_.read()


def _answer(
    tutor: Tutor,
    me: Any,
    pack: Pack,
    learner: SimLearner,
    question: AnyQuestion,
    time_: Timeline,
    world: World,
) -> Any:
    """The simulated learner answers the question the tutor asked, through the tutor."""
    right = learner.answer(question, time_.now)
    response = grading.correct_response(question) if right else wrong_response(question)
    feedback = tutor.answer(me, pack.id, question.id, response, seconds=world.seconds_per_answer)
    if feedback.correct != right:
        raise RuntimeError(f"question {question.id}: graded {feedback.correct}, meant {right}")
    return feedback


GAMER_QUESTIONS = 300


def repeats(question: AnyQuestion, seen: bool, rng: random.Random) -> bool:
    """Right exactly on the questions answered before, whose answers were shown."""
    return seen


def guesses(question: AnyQuestion, seen: bool, rng: random.Random) -> bool:
    """Right by chance alone: an answer picked at random (`content.guess_chance`; a typed one is
    never right), whatever was shown before."""
    return rng.random() < guess_chance_of(question)


def guesses_and_recites(question: AnyQuestion, seen: bool, rng: random.Random) -> bool:
    """A guess at random on a question never answered, the answer shown recited on the rest."""
    return seen or guesses(question, seen, rng)


# Learners who try to game mastery, each with how they answer; none should master a skill.
GAMERS: dict[str, tuple[str, Any]] = {
    "repeater": (
        "answers right only the questions answered before (their answers were shown)",
        repeats,
    ),
    "guesser": ("answers every question at random", guesses),
    "guesser who recites": (
        "guesses at random the questions never answered and recites the answers shown",
        guesses_and_recites,
    ),
}


def gamer(pack: Pack, world: World, answers: Any, rng: random.Random) -> tuple[int, int, float]:
    """A learner who knows nothing and answers as `answers` says, on whatever the tutor asks: how
    many skills the tutor says are mastered after `GAMER_QUESTIONS` questions, how many it asked
    (fewer when it said done), and the highest estimate it showed on any skill."""
    time_ = Timeline(world)
    clock = FixedClock(time_.now)
    store = Store.open("sqlite://")
    try:
        tutor = Tutor(store, {pack.id: pack}, clock)
        me = tutor.add_learner("gamer")
        seen: set[str] = set()
        asked = 0
        highest = 0.0
        while asked < GAMER_QUESTIONS:
            clock.at = time_.now
            activity = tutor.next(me, pack.id)
            if activity.kind == "done":
                break
            if activity.kind == "lesson":
                tutor.read_lesson(me, pack.id, activity.skill_id)
                time_.read()
                continue
            assert activity.question_id is not None, activity
            question = pack.question(activity.question_id)
            right = answers(question, question.id in seen, rng)
            response = grading.correct_response(question) if right else wrong_response(question)
            feedback = tutor.answer(
                me, pack.id, question.id, response, seconds=world.seconds_per_answer
            )
            highest = max(highest, feedback.progress.p_known)
            seen.add(question.id)
            asked += 1
            time_.answered()
        mastered = sum(report.mastered for report in tutor.skill_reports(me, pack))
    finally:
        store.close()
    return mastered, asked, highest


def _focus_on_gap(tutor: Tutor, me: Any, pack: Pack, learner: SimLearner) -> Any:
    gaps = [s for s in pack.skills if s.id not in learner.known]
    gaps.sort(key=lambda s: not learner.learnable(s))
    held = None  # what the tutor says of a skill chosen that nothing can release
    for skill in gaps:
        try:
            activity = tutor.next(me, pack.id, focus=skill.id)
        except TutorError:
            continue
        if activity.kind != "done":
            return activity
        held = activity
    if held is not None:
        return held
    raise RuntimeError("the planner said done, yet no skill the learner lacks can be chosen")


# Running --------------------------------------------------------------------------------------


def seed_ids(seed: str) -> None:
    """Draw the ids the tutor makes (learners, answers, lessons, placements) from `seed`: a
    learner's id seeds their placement check and the order of their check of skills placed out,
    and the tutor's own ids come from the clock and the system's randomness, which would make two
    runs with one seed differ. Ids stay in the order they are made, as the tutor's are."""
    rng = random.Random(seed)
    made = 0

    def uuid7() -> uuid6.UUID:
        nonlocal made
        made += 1
        return uuid6.UUID(int=(made << 80) | rng.getrandbits(76), version=7)

    uuid6.uuid7 = uuid7


_PACKS: dict[str, Pack] = {}
_CONFIG: dict[str, Any] = {}


def _init(config: dict[str, Any]) -> None:
    """Set up a worker: the world, the planner what-ifs, and the packs with mastery what-ifs."""
    _CONFIG.update(config)
    # A data home of the run's own: no fitted model but those given, and the user's data untouched.
    os.environ["TUTOR_HOME"] = config["home"]
    for name, value in config["planner_set"].items():
        setattr(planner, name, value)
    for pack_id, path in config["pack_paths"].items():
        _PACKS[pack_id] = _with_mastery(_load(path), config["mastery_set"])


def _load(path: str) -> Pack:
    result = load_pack(path)
    if result.pack is None:
        raise SystemExit(f"{path}: " + "; ".join(str(e) for e in result.errors))
    return result.pack


def _with_mastery(pack: Pack, overrides: dict[str, float]) -> Pack:
    if not overrides:
        return pack
    skills = tuple(replace(s, mastery=replace(s.mastery, **overrides)) for s in pack.skills)
    return replace(pack, skills=skills, mastery=replace(pack.mastery, **overrides))


def simulate_one(job: tuple[str, str, int]) -> tuple[str, str, int, dict[str, Run]]:
    """One learner, from one hidden starting state, under each policy."""
    pack_id, profile, index = job
    pack = _PACKS[pack_id]
    world: World = _CONFIG["world"]
    seed = _CONFIG["seed"]
    known = prior_knowledge(
        pack, PROFILES[profile], random.Random(f"{seed}:{pack_id}:{profile}:{index}")
    )
    runs: dict[str, Run] = {}
    for policy in POLICIES:
        rng = random.Random(f"{seed}:{pack_id}:{profile}:{index}:{policy}")
        seed_ids(f"{seed}:{pack_id}:{profile}:{index}:{policy}:ids")
        learner = SimLearner(pack, known, world, rng)
        if policy == "planner":
            runs[policy] = run_planner(pack, {pack_id: pack}, learner, world)
        elif policy == "book":
            runs[policy] = run_book(pack, learner, world)
        else:
            runs[policy] = run_random(
                pack, learner, world, random.Random(f"{seed}:{pack_id}:{profile}:{index}:pick")
            )
    return pack_id, profile, index, runs


# Reporting ------------------------------------------------------------------------------------


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def report(
    pack: Pack, profile: str, runs: list[dict[str, Run]], world: World, diagnose: bool
) -> list[str]:
    """The table for one pack and profile; returns the target verdict lines."""
    n = len(runs)
    means = {p: statistics.fmean(r[p].questions for r in runs) for p in POLICIES}
    print(
        f"\n{pack.id} — {profile} ({round(PROFILES[profile] * 100)}% known at the start),"
        f" {n} learners"
    )
    header = (
        f"  {'policy':<10}{'mean Q':>8}{'median':>8}{'vs book':>9}{'recall@30d':>12}"
        f"{'days':>6}{'capped':>8}{'false done':>12}{'false skill':>13}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for policy in POLICIES:
        rs = [r[policy] for r in runs]
        mean, median = means[policy], statistics.median(x.questions for x in rs)
        change = "" if policy == "book" else f"{100 * (mean - means['book']) / means['book']:+.0f}%"
        recall = statistics.fmean(x.recall for x in rs)
        days = statistics.fmean(x.days for x in rs)
        capped = sum(x.capped for x in rs)
        if policy == "planner":
            fd_learners = sum(1 for x in rs if x.false_done)
            fd = f"{fd_learners}/{n} ({sum(x.false_done for x in rs)}x)"
            if stuck := sum(x.stuck for x in rs):
                fd += f" {stuck} stuck"
            fs = f"{statistics.fmean(x.false_skills for x in rs):.2f}/lrn"
        else:
            fd = fs = "n/a"
        label = f"book K={world.book_k}" if policy == "book" else policy
        print(
            f"  {label:<10}{mean:>8.1f}{median:>8.1f}"
            f"{change:>9}{recall:>12.2f}{days:>6.1f}{capped:>8}{fd:>12}{fs:>13}"
        )
    planner_runs = [r["planner"] for r in runs]
    done = [x.done_questions for x in planner_runs if x.done_questions is not None]
    if done:
        done_recall = statistics.fmean(
            x.done_recall for x in planner_runs if x.done_recall is not None
        )
        print(
            f"  planner, until it says done itself: mean {statistics.fmean(done):.1f} questions"
            f" ({len(done)}/{n} learners), recall@30d after that {done_recall:.2f}"
        )
        upkeep = [x for x in planner_runs if x.upkeep_recall is not None]
        if upkeep:
            extra = statistics.fmean(x.upkeep_questions or 0 for x in upkeep)
            kept = statistics.fmean(x.upkeep_recall or 0.0 for x in upkeep)
            print(
                f"  planner, then its due reviews each day for that month: mean {extra:.1f}"
                f" more questions, recall@30d {kept:.2f}"
            )
    for policy in POLICIES:
        rs = [r[policy] for r in runs]
        total = sum(x.questions for x in rs)
        known = sum(x.on_known for x in rs)
        learnable = sum(x.on_learnable for x in rs)
        blocked = sum(x.on_blocked for x in rs)
        print(
            f"  where {policy}'s questions went: already known {_pct(known, total)},"
            f" learnable {_pct(learnable, total)},"
            f" blocked by an unknown prerequisite {_pct(blocked, total)}"
        )
    if diagnose:
        reasons: Counter[str] = Counter()
        on_known: Counter[str] = Counter()
        for x in planner_runs:
            reasons.update(x.reasons)
            on_known.update(x.known_by_reason)
        print("  planner questions per rule (mean per learner; of which on skills already known):")
        for name, count in reasons.most_common():
            print(f"    {name:<24}{count / n:>7.1f}   ({on_known[name] / n:.1f} on known)")
    reduction = 100 * (means["book"] - means["planner"]) / means["book"]
    if profile == "novice":
        met = means["planner"] <= means["book"]
        goal = "no more questions than book order"
    else:
        met = reduction >= 40
        goal = ">= 40% fewer questions than book order"
    verdict = (
        f"{pack.id} / {profile}: planner {means['planner']:.1f} vs book {means['book']:.1f}"
        f" ({reduction:.0f}% fewer); target {goal}: {'MET' if met else 'MISSED'}"
    )
    return [verdict]


def describe(world: World, args: argparse.Namespace, learners: int, jobs: int) -> None:
    guess = (
        f"flat guess {world.flat_guess} for every question (the tutor's own assumption)"
        if world.guess_model == "flat"
        else "per question type: choice 1/len(choices), truefalse 0.5, multi 1/(2^n-1) (>=0.05),"
        " order and match 1/n! (>=0.02), typed answers (short, numeric, cloze) 0.05 —"
        " more realistic than one flat guess, and harder on the tutor, which assumes 0.2"
    )
    during = (
        "known skills can be forgotten during the study"
        if world.forgetting_in_study
        else "no forgetting during the study"
    )
    print("Simulated learners, knowledge-tracing truth:")
    print(
        f"  right answer: 1 - slip ({1 - world.slip:.2f}) when the skill is known and recalled;"
        " guess otherwise"
    )
    print(f"  guess: {guess}")
    print(
        f"  learning: p={world.learn} per practice answer, p={world.lesson_learn} per lesson read,"
        " only when every prerequisite is known"
    )
    print(
        f"  memory: R = exp(-days/S); S starts at {world.stability_start} d when learned"
        f" ({world.prior_stability} d for prior knowledge), x{world.stability_growth} per recalled"
        f" answer >= {world.spacing_days:g} d after the last growth;"
        f" {during}"
    )
    print(
        f"  time: {world.seconds_per_answer:g} s per answer,"
        f" {world.seconds_per_lesson:g} s per lesson,"
        f" {world.answers_per_day} answers a day; recall measured {world.recall_after_days:g} days"
        " after the hidden state knows every skill"
    )
    print(
        f"Policies: planner (the real Tutor seam); book (lesson then K={world.book_k} questions per"
        " skill in study order, pass after pass); random (a random question of the pack;"
        " each lesson"
        f" read the first time its skill comes up). Cap: {world.cap} questions."
    )
    print(f"Learners: {learners} per profile, seed {args.seed}, {jobs} worker process(es).")
    if args.models:
        print(f"What-if: the tutor uses the fitted learner models in {args.models}")
    if args.planner_set or args.mastery_set:
        print(f"What-if: planner {args.planner_set or {}}, mastery {args.mastery_set or {}}")


def _parse_sets(items: list[str], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        name, _, value = item.partition("=")
        if not value:
            raise SystemExit(f"--{kind} expects NAME=VALUE, got {item!r}")
        if kind == "set":
            current = getattr(planner, name, None)
            if not isinstance(current, int) or not name.isupper():
                raise SystemExit(f"planner has no integer setting {name}")
            found[name] = int(value)
        else:
            if name not in {f.name for f in fields(Mastery)}:
                raise SystemExit(f"Mastery has no field {name}")
            found[name] = float(value)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pack",
        action="append",
        help="a built-in pack id or a pack folder; repeatable (default: the two built-in packs)",
    )
    parser.add_argument(
        "--learners", type=int, default=30, help="learners per profile (default 30)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--profile", action="append", choices=list(PROFILES), help="repeatable (default: all)"
    )
    parser.add_argument(
        "--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes"
    )
    parser.add_argument(
        "--guess", choices=("type", "flat"), default="type", help="guess model (default type)"
    )
    parser.add_argument(
        "--learn", type=float, default=World.learn, help="simulated learn rate (default 0.2)"
    )
    parser.add_argument(
        "--book-k", type=int, default=World.book_k, help="book order: questions per skill"
    )
    parser.add_argument(
        "--no-placement",
        action="store_true",
        help="the planner starts without the placement check",
    )
    parser.add_argument(
        "--no-forgetting",
        action="store_true",
        help="known skills are never forgotten during the study",
    )
    parser.add_argument(
        "--models",
        metavar="DIR",
        help="what-if: fitted learner models (PACK.json files) for the tutor to use; default none",
    )
    parser.add_argument(
        "--diagnose", action="store_true", help="show the planner's questions per rule"
    )
    parser.add_argument(
        "--set",
        dest="planner_sets",
        action="append",
        default=[],
        metavar="NAME=INT",
        help="what-if: override a planner constant, e.g. SKILLS_AT_ONCE=3",
    )
    parser.add_argument(
        "--mastery",
        dest="mastery_sets",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="what-if: override the tutor's Mastery parameters for every skill, e.g. threshold=0.9",
    )
    args = parser.parse_args(argv)
    args.planner_set = _parse_sets(args.planner_sets, "set")
    args.mastery_set = _parse_sets(args.mastery_sets, "mastery")
    world = World(
        guess_model=args.guess,
        learn=args.learn,
        book_k=args.book_k,
        forgetting_in_study=not args.no_forgetting,
        placement=not args.no_placement,
    )

    pack_paths: dict[str, str] = {}
    for name in args.pack or list(DEFAULT_PACKS):
        path = (
            Path(name)
            if Path(name).is_dir() or name.endswith(".zip")
            else builtin_packs_home() / name
        )
        pack = _load(str(path))
        check_responses(pack)
        pack_paths[pack.id] = str(path)
    profiles = args.profile or list(PROFILES)
    jobs = max(1, args.jobs)
    describe(world, args, args.learners, jobs)

    # The tutor reads fitted learner models (`tutor model fit`) from its data home: point it at an
    # empty one, so that the run does not depend on this machine's models, unless --models says.
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    if args.models:
        (Path(home) / "models").mkdir()
        for model in Path(args.models).glob("*.json"):
            shutil.copy(model, Path(home) / "models" / model.name)
    try:
        return _run(args, world, pack_paths, profiles, jobs, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run(
    args: argparse.Namespace,
    world: World,
    pack_paths: dict[str, str],
    profiles: list[str],
    jobs: int,
    home: str,
) -> int:
    config = {
        "home": home,
        "world": world,
        "seed": args.seed,
        "pack_paths": pack_paths,
        "planner_set": args.planner_set,
        "mastery_set": args.mastery_set,
    }
    work = [(p, prof, i) for p in pack_paths for prof in profiles for i in range(args.learners)]
    started = time.perf_counter()
    if jobs == 1:
        _init(config)
        results = [simulate_one(job) for job in work]
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            jobs, mp_context=context, initializer=_init, initargs=(config,)
        ) as pool:
            results = list(pool.map(simulate_one, work, chunksize=2))
        _init(config)
    elapsed = time.perf_counter() - started

    verdicts: list[str] = []
    for pack_id in pack_paths:
        pack = _PACKS[pack_id]
        print(
            f"\n=== {pack.title} ({pack_id}): {len(pack.skills)} skills,"
            f" {sum(1 for _ in pack.questions())} questions"
        )
        for profile in profiles:
            runs = [r for p, prof, _, r in results if p == pack_id and prof == profile]
            verdicts += report(pack, profile, runs, world, args.diagnose)
    print("\nTargets (means; prior knowledge: >= 40% fewer than book order; novices: no more):")
    for line in verdicts:
        print("  " + line)
    print(
        f"\nLearners who try to game mastery, each on every pack for {GAMER_QUESTIONS} questions"
        " of the tutor's choice (target: no skill mastered, no estimate shown at a skill's"
        " threshold):"
    )
    for name, (how, answers) in GAMERS.items():
        print(f"  a {name}, who {how}:")
        for pack_id in pack_paths:
            pack = _PACKS[pack_id]
            seed_ids(f"{args.seed}:{pack_id}:{name}:ids")
            rng = random.Random(f"{args.seed}:{pack_id}:{name}")
            mastered, asked, highest = gamer(pack, world, answers, rng)
            met = mastered == 0 and all(highest < s.mastery.threshold for s in pack.skills)
            print(
                f"    {pack_id}: {mastered} of {len(pack.skills)} skills mastered after"
                f" {asked} questions, highest estimate shown {highest:.0%}:"
                f" {'MET' if met else 'MISSED'}"
            )
    print(f"\n{len(work)} learners x {len(POLICIES)} policies in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
