"""The engine at scale: a pack of 2,000 skills and 20,000 questions, and 1,000,000 answers.

    python bench/scale.py [--answers N] [--keep DIR]
    python bench/scale.py --compare FOLDER [--rounds 2] [--answers N]

Measures, and prints beside each target:

- rebuilding the derived state from the whole attempt log (`tutor doctor --rebuild`);
- loading the learner's state, then the next-activity latency, p50 and p99 (target p99 < 10 ms);
- recording an answer durably: one committed transaction with the attempt and the derived state,
  p50 and p99 (target p99 < 5 ms);
- the process's peak memory (target < 300 MB);
- the wall time of commands, each in a fresh process on the built-in packs: `tutor next` beside
  the bare `python -c "import sqlmodel"` (target: no more than 0.15 s more), `tutor --help` and
  `tutor packs list` (target: under 0.3 s each; `--help` is about 0.09 s).

`--compare FOLDER` measures a change: FOLDER holds another version of the tutor (its `src/`, as
`git worktree add` makes it), and the engine's figures (not the commands') are measured with that
version (A) and this one (B) in turn, each in a fresh process and database, `--rounds` times; it
prints every run and the median over the rounds of each figure's ratio B/A.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tutor_tui.core import grading
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    ChoiceQuestion,
    NumericQuestion,
    Pack,
    Skill,
    TrueFalseQuestion,
    Unit,
)
from tutor_tui.core.ids import new_id
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store
from tutor_tui.store.rows import to_text

SKILLS = 2_000
QUESTIONS_PER_SKILL = 10
ROOT = Path(__file__).resolve().parent.parent


def make_pack(rng: random.Random) -> Pack:
    """A generated pack: each skill requires up to two of the fifty skills before it."""
    skills = []
    for index in range(SKILLS):
        skill_id = f"s{index:04d}"
        earlier = range(max(0, index - 50), index)
        requires = tuple(
            f"s{r:04d}" for r in sorted(rng.sample(earlier, min(len(earlier), rng.randint(0, 2))))
        )
        questions = []
        for number in range(QUESTIONS_PER_SKILL):
            qid = f"{skill_id}-q{number}"
            kind = number % 3
            if kind == 0:
                q = ChoiceQuestion(
                    id=qid,
                    skill=skill_id,
                    prompt="Pick b",
                    choices=("a", "b", "c"),
                    answer="b",
                    difficulty=1 + number % 5,
                )
            elif kind == 1:
                q = NumericQuestion(
                    id=qid,
                    skill=skill_id,
                    prompt="2 + 2",
                    answer=4.0,
                    answer_text="4",
                    difficulty=1 + number % 5,
                )  # type: ignore[assignment]
            else:
                q = TrueFalseQuestion(
                    id=qid, skill=skill_id, prompt="True?", answer=True, difficulty=1 + number % 5
                )  # type: ignore[assignment]
            questions.append(q)
        skills.append(
            Skill(
                id=skill_id,
                title=f"Skill {index}",
                unit="u",
                requires=requires,
                lesson="Read me.",
                questions=tuple(questions),
            )
        )
    return Pack(
        id="scale",
        title="Scale",
        version="1.0.0",
        units=(Unit(id="u", title="All", skills=tuple(s.id for s in skills)),),
        skills=tuple(skills),
    )


INSERT_ATTEMPT = (
    "INSERT INTO attempts (id, learner_id, pack_id, pack_version, question_id, skill_id, response,"
    " score, hints_used, seconds, answered_at, kind) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)


def fill(
    store: Store, learner_id: str, pack: Pack, answers: int, start: datetime, rng: random.Random
) -> None:
    """Append `answers` attempts straight into the log, as a year of study would have."""
    step = timedelta(days=365) / answers
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("BEGIN")
        batch = []
        for index in range(answers):
            skill = pack.skills[min(SKILLS - 1, int(SKILLS * index / answers) + rng.randint(-5, 5))]
            question = skill.questions[rng.randrange(QUESTIONS_PER_SKILL)]
            score = 1.0 if rng.random() < 0.8 else 0.0
            batch.append(
                (
                    new_id(),
                    learner_id,
                    pack.id,
                    pack.version,
                    question.id,
                    skill.id,
                    '"b"',
                    score,
                    0,
                    20.0,
                    to_text(start + step * index),
                    "practice",
                )
            )
            if len(batch) == 50_000:
                cursor.executemany(INSERT_ATTEMPT, batch)
                batch.clear()
        if batch:
            cursor.executemany(INSERT_ATTEMPT, batch)
        cursor.execute("COMMIT")
    finally:
        raw.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def command_times(runs: int = 5) -> dict[str, float]:
    """Median wall time of commands in fresh processes, on the built-in packs."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TUTOR_HOME": home, "TUTOR_PACK_PATH": ""}
        tutor = [sys.executable, "-m", "tutor_tui"]
        subprocess.run(
            [*tutor, "learners", "add", "bench"], env=env, check=True, capture_output=True
        )
        subprocess.run(
            [*tutor, "packs", "list"], env=env, check=True, capture_output=True
        )  # warm cache
        commands = {
            "python -c 'import sqlmodel'": [sys.executable, "-c", "import sqlmodel"],
            "tutor next": [*tutor, "next", "--learner", "bench", "--pack", "fractions-ratios"],
            "tutor --help": [*tutor, "--help"],
            "tutor packs list": [*tutor, "packs", "list"],
        }
        times: dict[str, float] = {}
        for name, argv in commands.items():
            samples = []
            for _ in range(runs):
                start = time.perf_counter()
                subprocess.run(argv, env=env, check=True, capture_output=True)
                samples.append(time.perf_counter() - start)
            times[name] = statistics.median(samples)
        return times


def compare(before: Path, args: argparse.Namespace) -> None:
    """The engine's figures with the version in `before` (A) and this one (B) in turn,
    `args.rounds` times; every run's, then the median ratio B/A of each."""
    versions = {"A (before)": before / "src", "B (this)": ROOT / "src"}
    found: dict[str, list[dict[str, float]]] = {name: [] for name in versions}
    for round_number in range(args.rounds):
        for name, source in versions.items():
            run = subprocess.run(
                [sys.executable, __file__, "--engine-only"]
                + ["--answers", str(args.answers), "--samples", str(args.samples)],
                env={**os.environ, "PYTHONPATH": str(source)},
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(run.stdout.strip().splitlines()[-1])
            found[name].append(figures)
            shown = ", ".join(f"{key} {value:.2f}" for key, value in figures.items())
            print(f"{name[0]} round {round_number + 1}: {shown}", flush=True)
    print("median ratio B/A over the rounds (below 1: B is faster):")
    ratios = {
        key: statistics.median(b[key] / a[key] for a, b in zip(*found.values(), strict=True))
        for key in found["B (this)"][0]
    }
    print("  " + ", ".join(f"{key} {ratio:.2f}" for key, ratio in ratios.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=1_000)
    parser.add_argument("--keep", type=Path, help="keep the database in this folder")
    parser.add_argument("--compare", type=Path, help="a folder with another version's src/")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of A then B to compare")
    parser.add_argument("--engine-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare is not None:
        compare(args.compare, args)
        return
    rng = random.Random(7)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tutor-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "tutor.db"
    if db.exists():
        db.unlink()

    t0 = time.perf_counter()
    pack = make_pack(rng)
    print(
        f"pack: {len(pack.skills)} skills, {sum(len(s.questions) for s in pack.skills)} questions "
        f"({time.perf_counter() - t0:.1f} s to build)"
    )
    start = datetime(2025, 1, 1, tzinfo=UTC)
    store = Store.open(f"sqlite:///{db}")
    learner = store.add_learner("scale", start)
    t0 = time.perf_counter()
    fill(store, learner.id, pack, args.answers, start, rng)
    print(
        f"log: {args.answers:,} answers written in {time.perf_counter() - t0:.1f} s "
        f"({db.stat().st_size / 2**20:.0f} MiB)"
    )

    tutor = Tutor(store, {pack.id: pack}, FixedClock(start + timedelta(days=366)))
    t0 = time.perf_counter()
    changed = tutor.rebuild()
    rebuild_s = time.perf_counter() - t0
    print(f"rebuild from the log: {rebuild_s:.1f} s ({changed} skill states)")

    t0 = time.perf_counter()
    tutor.next(learner, pack.id)
    first_next_ms = 1000 * (time.perf_counter() - t0)
    print(f"first next (loads the learner's state): {first_next_ms:.0f} ms")

    next_ms: list[float] = []
    record_ms: list[float] = []
    clock = tutor.clock
    assert isinstance(clock, FixedClock)
    wrong = {"choice": "a", "numeric": "5", "truefalse": False}
    for _ in range(args.samples):
        clock.at += timedelta(seconds=30)
        t0 = time.perf_counter()
        activity = tutor.next(learner, pack.id)
        next_ms.append(1000 * (time.perf_counter() - t0))
        if activity.kind == "lesson":
            tutor.read_lesson(learner, pack.id, activity.skill_id)  # type: ignore[arg-type]
        # Answer what was asked, or else any question: every sample records one answer.
        qid = activity.question_id or pack.skills[rng.randrange(SKILLS)].questions[0].id
        question = pack.question(qid)
        response = (
            grading.correct_response(question) if rng.random() < 0.8 else wrong[question.type]
        )
        t0 = time.perf_counter()
        tutor.answer(learner, pack.id, question.id, response, seconds=12.0)
        record_ms.append(1000 * (time.perf_counter() - t0))

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"next activity: p50 {percentile(next_ms, 0.5):.2f} ms,"
        f" p99 {percentile(next_ms, 0.99):.2f} ms "
        f"(target p99 < 10 ms; {len(next_ms)} samples)"
    )
    print(
        f"record an answer (committed, synchronous=FULL): p50 {percentile(record_ms, 0.5):.2f} ms, "
        f"p99 {percentile(record_ms, 0.99):.2f} ms (target p99 < 5 ms; {len(record_ms)} samples)"
    )
    print(f"peak memory: {peak_mb:.0f} MB (target < 300 MB)")
    store.close()
    figures = {
        "rebuild_s": rebuild_s,
        "first_next_ms": first_next_ms,
        "next_p50_ms": percentile(next_ms, 0.5),
        "next_p99_ms": percentile(next_ms, 0.99),
        "record_p50_ms": percentile(record_ms, 0.5),
        "record_p99_ms": percentile(record_ms, 0.99),
        "peak_mb": peak_mb,
    }
    if not args.keep:
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
    if args.engine_only:
        print(json.dumps(figures))
        return

    times = command_times()
    base = times["python -c 'import sqlmodel'"]
    for name, seconds in times.items():
        print(f"{name:30s} {seconds:.3f} s")
    print(
        f"tutor next adds {times['tutor next'] - base:.3f} s to importing sqlmodel"
        " (target <= 0.15 s)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
