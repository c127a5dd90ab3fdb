"""Placement on simulated learners whose knowledge is known: how right, after how many questions.

Run by hand (it is not a test):

    python bench/placement.py                       # the three built-in packs, 40 learners each
    python bench/placement.py --learners 100 --seed 7 --world harsh
    python bench/placement.py --generated           # a generated pack of 36 skills instead
    python bench/placement.py --max-questions 8 --place-out 0.9

The built-in packs have 14 skills each. The generated pack (`make_pack`) has 36 skills in 7
layers, each requiring one to three skills of the layer below (sometimes one two layers down), so
the graph branches and merges like a real course; 6 to 8 questions per skill of every type.

A simulated learner's true knowledge is drawn by profile. Four follow the prerequisite graph (a
down-set: whoever knows a skill knows what it requires):

- **novice**: each skill whose prerequisites they know, they know with chance 0.1;
- **half**: the first 40-60% of a random study order that respects the prerequisites;
- **expert**: from the top, each skill none of whose dependents they know, they miss with 0.1;
- **frontier**: everything below 0 to 8 skills picked at random.

Three do not, which is where the prerequisite logic can be wrong:

- **gaps**: a half learner who has lost 10% of what they knew, whatever requires it;
- **islands**: a novice who also knows 1 or 2 skills anywhere, without what they require;
- **scattered**: each skill known with chance 0.5, whatever the graph says (a test of safety
  off the graph rather than a learner a course meets: see docs/model.md, Placement).

They answer by question type: a known skill right with chance 1 - slip, an unknown one with the
type's guess chance; a wrong answer is a random wrong response of the right shape, graded by the
real grader (so multi, match and cloze can earn partial credit). Placement sees only the scores.
The **matched** world answers as placement's model assumes (slip 0.1, `guess_rate`); the **harsh**
world does not (slip 0.15, +0.1 on difficulty 5, guess chances 1.5 times larger).

What counts is what the learner is then taught. A skill is *classified right* when it is placed
out and known, or not placed out (found not known, or not settled: taught as usual) and not known.
*Wrongly placed out*: placed out and not known, the costly mistake, as a share of all skills;
and of those, what is still placed out after the later mixed check (one question the check did
not ask, right only by a guess). *Wrongly taught*: known and not placed out, as a share of all
skills; of those, left unsettled (no answer settled it: taught as usual) and found not known
(wrongly kept: the answers, or the graph, spoke against it).
Targets, per profile: at most 2% wrongly placed out, at least 90% classified right, at most 12
questions for a pack of 14 skills (as many per skill for a larger one: `question_budget`).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from tutor_tui.core import grading  # noqa: E402
from tutor_tui.core import placement as placing  # noqa: E402
from tutor_tui.core.content import (  # noqa: E402
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    Pair,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
    Unit,
)

PROFILES = ("novice", "half", "expert", "frontier", "gaps", "islands", "scattered")
LAYERS = (5, 6, 7, 7, 5, 4, 2)  # 36 skills
TYPES = (
    ("choice", 0.28),
    ("truefalse", 0.14),
    ("numeric", 0.14),
    ("short", 0.1),
    ("multi", 0.1),
    ("cloze", 0.1),
    ("order", 0.07),
    ("match", 0.07),
)
TARGET_RIGHT = 0.90
TARGET_WRONGLY_PLACED = 0.02
# The bound on a check's length for a pack of 14 skills; a larger pack's is as many per skill
# (`placement.question_budget`). It is also the default cap, so with the default --max-questions
# it holds by construction; it tells something when the cap is raised.
TARGET_QUESTIONS = 12
BUILTIN = ("fractions-ratios", "git-essentials", "python-foundations")


# The pack ---------------------------------------------------------------------------------------


def make_question(
    kind: str, qid: str, skill_id: str, difficulty: int, rng: random.Random
) -> AnyQuestion:
    """One question of this type, with an answer the real grader accepts."""
    common = {"id": qid, "skill": skill_id, "prompt": f"Question {qid}?", "difficulty": difficulty}
    match kind:
        case "choice":
            choices = tuple(f"option {c}" for c in "abcd"[: rng.choice((3, 4, 4))])
            return ChoiceQuestion(**common, choices=choices, answer=choices[0], shuffle=False)
        case "truefalse":
            return TrueFalseQuestion(**common, answer=rng.random() < 0.5)
        case "numeric":
            value = rng.randint(2, 99)
            return NumericQuestion(**common, answer=float(value), answer_text=str(value))
        case "short":
            return ShortQuestion(**common, answers=(f"word{qid}",))
        case "multi":
            return MultiQuestion(
                **common, choices=("p", "q", "r", "s"), answers=("p", "r"), shuffle=False
            )
        case "cloze":
            blanks = f"The {{{{alpha{qid}}}}} and the {{{{beta{qid}}}}}."
            return ClozeQuestion(**common, text=blanks)
        case "order":
            return OrderQuestion(**common, items=("one", "two", "three", "four"))
        case "match":
            return MatchQuestion(
                **common, pairs=tuple(Pair(f"l{k}", f"r{k}") for k in range(rng.choice((3, 4))))
            )
    raise ValueError(kind)


def make_pack(seed: int = 1) -> Pack:
    """A pack of 36 skills in layers whose prerequisites branch and merge."""
    rng = random.Random(seed)
    layers: list[list[str]] = []
    skills: list[Skill] = []
    kinds, shares = zip(*TYPES, strict=True)
    for depth, width in enumerate(LAYERS):
        layer = [f"s{depth}{chr(97 + k)}" for k in range(width)]
        for skill_id in layer:
            requires: list[str] = []
            if depth:
                below = layers[depth - 1]
                requires = rng.sample(below, rng.choice((1, 1, 2, 2, 2, 3)))
                if depth >= 2 and rng.random() < 0.25:
                    requires.append(rng.choice(layers[depth - 2]))
            questions = tuple(
                make_question(kind, f"{skill_id}q{n}", skill_id, rng.randint(1, 5), rng)
                for n, kind in enumerate(rng.choices(kinds, shares, k=rng.randint(6, 8)))
            )
            skills.append(
                Skill(
                    id=skill_id,
                    title=f"Skill {skill_id}",
                    unit=f"u{depth}",
                    requires=tuple(dict.fromkeys(requires)),
                    questions=questions,
                )
            )
        layers.append(layer)
    # A skill nobody builds on, below the top layer, gets a dependent: real courses lead somewhere.
    dependents = {s.id: 0 for s in skills}
    for s in skills:
        for r in s.requires:
            dependents[r] += 1
    by_id = {s.id: s for s in skills}
    for depth, layer in enumerate(layers[:-1]):
        for skill_id in layer:
            if not dependents[skill_id]:
                target = by_id[rng.choice(layers[depth + 1])]
                by_id[target.id] = Skill(
                    id=target.id,
                    title=target.title,
                    unit=target.unit,
                    requires=(*target.requires, skill_id),
                    questions=target.questions,
                )
    skills = [by_id[s.id] for s in skills]
    return Pack(
        id="bench-placement",
        title="Placement bench",
        version="1.0.0",
        mastery=Mastery(),
        units=tuple(
            Unit(id=f"u{d}", title=f"Layer {d}", skills=tuple(layer))
            for d, layer in enumerate(layers)
        ),
        skills=tuple(skills),
    )


def builtin_pack(pack_id: str) -> Pack:
    """A built-in pack, for a run on real content."""
    from tutor_tui.packs.catalog import builtin_packs_home
    from tutor_tui.packs.loader import load_pack

    result = load_pack(builtin_packs_home() / pack_id)
    if result.pack is None:
        raise SystemExit(f"cannot load the built-in pack {pack_id}")
    return result.pack


def topological(pack: Pack) -> list[Skill]:
    """The skills, prerequisites first (study order need not be)."""
    done: set[str] = set()
    order: list[Skill] = []
    while len(order) < len(pack.skills):
        for skill in pack.skills:
            if skill.id not in done and set(skill.requires) <= done:
                order.append(skill)
                done.add(skill.id)
    return order


# The learners -----------------------------------------------------------------------------------


def random_study_order(pack: Pack, rng: random.Random) -> list[str]:
    """A random order of the skills in which every skill comes after its prerequisites."""
    order: list[str] = []
    done: set[str] = set()
    while len(order) < len(pack.skills):
        ready = [s.id for s in pack.skills if s.id not in done and set(s.requires) <= done]
        pick = rng.choice(ready)
        order.append(pick)
        done.add(pick)
    return order


def true_knowledge(pack: Pack, profile: str, rng: random.Random) -> set[str]:
    """What the learner knows, drawn by profile: a down-set of the graph, or not."""
    known: set[str] = set()
    match profile:
        case "novice":
            for skill in topological(pack):
                if set(skill.requires) <= known and rng.random() < 0.1:
                    known.add(skill.id)
        case "half":
            order = random_study_order(pack, rng)
            known = set(order[: round(len(order) * rng.uniform(0.4, 0.6))])
        case "expert":
            missing: set[str] = set()
            for skill in reversed(topological(pack)):
                if not (set(pack.dependents[skill.id]) - missing) and rng.random() < 0.1:
                    missing.add(skill.id)
            known = {s.id for s in pack.skills} - missing
        case "frontier":
            for skill_id in rng.sample([s.id for s in pack.skills], rng.randint(0, 8)):
                known |= {skill_id} | pack.prerequisites(skill_id)
        case "gaps":
            # In a fixed order: over a set, the draws would follow the run's hash seed.
            known = {s for s in sorted(true_knowledge(pack, "half", rng)) if rng.random() >= 0.1}
        case "islands":
            known = true_knowledge(pack, "novice", rng)
            known |= set(rng.sample([s.id for s in pack.skills], rng.randint(1, 2)))
        case "scattered":
            known = {s.id for s in pack.skills if rng.random() < 0.5}
    return known


@dataclass(frozen=True)
class World:
    """How simulated learners answer."""

    slip: float = 0.1
    hard_slip: float = 0.0  # extra slip on difficulty 5
    guess_factor: float = 1.0


WORLDS = {"matched": World(), "harsh": World(slip=0.15, hard_slip=0.1, guess_factor=1.5)}


def wrong_response(question: AnyQuestion, rng: random.Random) -> grading.Response:
    """A random response of the right shape that is not fully right (it may be partly right)."""
    for _ in range(100):
        match question:
            case ChoiceQuestion():
                response: grading.Response = rng.choice(
                    [c for c in question.choices if c != question.answer]
                )
            case TrueFalseQuestion():
                response = not question.answer
            case NumericQuestion():
                response = str(int(question.answer) + rng.choice((-3, -1, 1, 2, 10)))
            case ShortQuestion():
                response = rng.choice(("no idea", "something", "word"))
            case MultiQuestion():
                response = tuple(c for c in question.choices if rng.random() < 0.5)
            case ClozeQuestion():
                response = tuple(
                    alts[0] if rng.random() < 0.3 else "guess" for alts in question.blanks
                )
            case OrderQuestion():
                items = list(question.items)
                rng.shuffle(items)
                response = tuple(items)
            case MatchQuestion():
                rights = [p.right for p in question.pairs]
                rng.shuffle(rights)
                response = {p.left: r for p, r in zip(question.pairs, rights, strict=True)}
            case _:
                raise TypeError(question)
        if not grading.grade(question, response).correct:
            return response
    raise RuntimeError(f"no wrong response to {question.id}")


def answer_score(question: AnyQuestion, knows: bool, world: World, rng: random.Random) -> float:
    """The score of a simulated answer, graded by the real grader."""
    if knows:
        slip = world.slip + (world.hard_slip if question.difficulty >= 5 else 0.0)
        right = rng.random() >= slip
    else:
        right = rng.random() < min(0.9, placing.guess_rate(question) * world.guess_factor)
    response = grading.correct_response(question) if right else wrong_response(question, rng)
    return grading.grade(question, response).score


# The run ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    pack: str
    profile: str
    questions: int
    right: int  # placed out and known, or not placed out and not known
    unsettled: int
    wrongly_placed: int  # placed out, not known: skipped wrongly
    still_wrong: int  # of those, still placed out after the later mixed check
    wrongly_taught: int  # not placed out, known: taught again
    unsettled_known: int  # of those, not settled (the rest were found not known: wrongly kept)
    skills: int
    seconds: float
    target_questions: int  # the most questions the target allows for this pack

    @property
    def share_right(self) -> float:
        return self.right / self.skills


def run_one(
    pack: Pack, known: set[str], profile: str, world: World, seed: int, args: argparse.Namespace
) -> Outcome:
    rng = random.Random(seed)
    sampler = np.random.default_rng(seed)
    started = time.perf_counter()
    options = {"place_out": args.place_out} if args.place_out is not None else {}
    check = placing.start(
        pack,
        sampler,
        max_questions=args.max_questions,
        confident=args.confident,
        particles=args.particles,
        **options,
    )
    while (question := check.next_question()) is not None:
        score = answer_score(question, question.skill in known, world, rng)
        check = check.observe(question.id, score, sampler)
    result = check.result()
    seconds = time.perf_counter() - started
    right = unsettled = wrongly_placed = wrongly_taught = still_wrong = unsettled_known = 0
    asked = check.asked()
    for verdict in result.skills:
        truth = verdict.skill_id in known
        placed = verdict.verdict == "known"
        unsettled += verdict.verdict == "unsure"
        if placed == truth:
            right += 1
        elif placed:
            wrongly_placed += 1
            # The later check asks the first question placement did not, as the planner does;
            # a right answer (a guess) confirms the skill.
            skill = pack.skill(verdict.skill_id)
            later = next((q for q in skill.questions if q.id not in asked), skill.questions[0])
            still_wrong += answer_score(later, False, world, rng) >= 1.0
        else:
            wrongly_taught += 1
            unsettled_known += verdict.verdict == "unsure"
    return Outcome(
        pack.id,
        profile,
        len(result.answers),
        right,
        unsettled,
        wrongly_placed,
        still_wrong,
        wrongly_taught,
        unsettled_known,
        len(result.skills),
        seconds,
        TARGET_QUESTIONS * placing.question_budget(pack) // placing.MAX_QUESTIONS,
    )


def table(outcomes: list[Outcome]) -> tuple[list[str], bool]:
    """The results, one row per profile and one for all, as a Markdown table; whether every
    profile met the targets."""
    rows = [
        "| profile | checks | mean questions | max | classified right | wrongly placed out "
        "| ... after the later check | wrongly taught | ... left unsettled | ... found not known "
        "| not settled | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    groups = [(p, [o for o in outcomes if o.profile == p]) for p in PROFILES]
    groups.append(("all", outcomes))
    every = True
    for name, group in groups:
        if not group:
            continue
        skills = sum(o.skills for o in group)
        questions = [o.questions for o in group]
        right = sum(o.right for o in group) / skills
        wrongly = sum(o.wrongly_placed for o in group) / skills
        met = (
            right >= TARGET_RIGHT
            and wrongly <= TARGET_WRONGLY_PLACED
            and all(o.questions <= o.target_questions for o in group)
        )
        if name != "all":
            every &= met
        rows.append(
            f"| {name} | {len(group)} | {statistics.fmean(questions):.1f} | {max(questions)} "
            f"| {100 * right:.1f}% | {100 * wrongly:.1f}% "
            f"| {100 * sum(o.still_wrong for o in group) / skills:.1f}% "
            f"| {100 * sum(o.wrongly_taught for o in group) / skills:.1f}% "
            f"| {100 * sum(o.unsettled_known for o in group) / skills:.1f}% "
            f"| {100 * sum(o.wrongly_taught - o.unsettled_known for o in group) / skills:.1f}% "
            f"| {100 * sum(o.unsettled for o in group) / skills:.1f}% "
            f"| {'met' if met else 'MISSED'} |"
        )
    return rows, every


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=40, help="learners per profile and pack")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--pack-seed", type=int, default=1)
    parser.add_argument("--pack", action="append", help="a built-in pack's id (repeatable)")
    parser.add_argument("--generated", action="store_true", help="the generated 36-skill pack")
    parser.add_argument("--world", choices=sorted(WORLDS), default="matched")
    parser.add_argument(
        "--max-questions", type=int, help="the question cap (default: the pack's budget)"
    )
    parser.add_argument("--confident", type=float, default=placing.CONFIDENT)
    parser.add_argument("--place-out", type=float, default=None, help="the bar to place out")
    parser.add_argument("--particles", type=int, default=placing.PARTICLES)
    parser.add_argument("--profiles", default=",".join(PROFILES))
    parser.add_argument("--tells-weight", type=float, help="what-if: placement.TELLS_WEIGHT")
    args = parser.parse_args(argv)
    if args.tells_weight is not None:
        placing.TELLS_WEIGHT = args.tells_weight

    packs = (
        [make_pack(args.pack_seed)]
        if args.generated
        else [builtin_pack(p) for p in (args.pack or BUILTIN)]
    )
    world = WORLDS[args.world]
    print(
        f"world: {args.world}; cap {args.max_questions or 'the pack budget'}, "
        f"not known at {args.confident}, "
        f"placed out at {args.place_out or getattr(placing, 'PLACE_OUT', args.confident)}, "
        f"{args.particles} states; seed {args.seed}; {args.learners} learners per profile and pack"
    )
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for pack in packs:
        for question in pack.questions():  # the simulated answers must grade as intended
            assert grading.grade(question, grading.correct_response(question)).correct
        edges = sum(len(s.requires) for s in pack.skills)
        print(
            f"pack: {pack.id}, {len(pack.skills)} skills, {edges} prerequisite links, "
            f"question budget {placing.question_budget(pack)}"
        )
        rng = random.Random(f"{args.seed}:{pack.id}")
        for profile in args.profiles.split(","):
            for _ in range(args.learners):
                known = true_knowledge(pack, profile, rng)
                outcomes.append(run_one(pack, known, profile, world, rng.randrange(2**32), args))
    rows, met = table(outcomes)
    print()
    print("\n".join(rows))
    print()
    print(
        f"targets per profile (>= {TARGET_RIGHT:.0%} classified right, <= "
        f"{TARGET_WRONGLY_PLACED:.0%} of skills wrongly placed out, <= {TARGET_QUESTIONS} "
        f"questions per {placing.BUDGET_SKILLS} skills): {'met' if met else 'NOT met'}; "
        f"{statistics.fmean(o.seconds for o in outcomes) * 1000:.0f} ms per check, "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
