"""A school lab: 30 laptops answering at once for 30 learners, on one PostgreSQL, then one SQLite.

    python bench/server.py [--laptops 30] [--answers 40] [--pace SECONDS] [--pg-url URL]

Each laptop is its own process with its own tutor (the real service, `open_tutor`), studying the
built-in Fractions and Ratios pack for its own learner as the planner asks, right 75% of the time,
as fast as it can: far harder than a class, where a learner answers every few seconds. With
`--pace`, each laptop waits that long (at random, up to twice it) before each answer, as a
learner reading the question would: a class's rate, where the database's own time shows. They start
together at a barrier. Each answer is timed from the call to `Tutor.answer` until it returns,
which is after its transaction committed. The same run is then made on one SQLite file shared by
every process (as a network share would be, were that ever wise).

Printed per engine: answers per second, p50 and p99 per answer, errors, and answers lost (those
the service returned for, less those in the database's log afterwards; it must be 0), and whether
`tutor doctor`'s check finds the derived state equal to a rebuild from the log. Target on
PostgreSQL: none lost, no errors, p99 under 50 ms.

Without `--pg-url` (or `TUTOR_BENCH_PG_URL`) it starts a throwaway cluster with `.ci/postgres`,
in a temporary folder, and stops it at the end. Nothing outside temporary folders is written.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACK = "fractions-ratios"


def laptop(url: str, name: str, answers: int, pace: float, barrier: Any, results: Any) -> None:
    """One laptop: a learner answering `answers` questions; their times and errors reported."""
    from tutor_tui.core.errors import TutorError
    from tutor_tui.packs.catalog import load_catalog
    from tutor_tui.service.wiring import installed_packs, open_tutor

    packs = installed_packs(load_catalog())
    tutor = open_tutor(url, packs={PACK: packs[PACK]}, close_at_exit=False)
    pack = packs[PACK]
    learner = tutor.learner(name)
    rng = random.Random(name)
    times: list[float] = []
    errors: list[str] = []
    barrier.wait()
    began = time.time()
    while len(times) + len(errors) < answers:
        try:
            time.sleep(rng.uniform(0, 2 * pace))
            if not _step(tutor, pack, learner, rng, times):
                break
        except TutorError as error:  # the database busy or gone: counted, and the laptop goes on
            errors.append(str(error))
    ended = time.time()
    tutor.store.close()
    results.put((began, ended, times, errors))


def _step(tutor: Any, pack: Any, learner: Any, rng: random.Random, times: list[float]) -> bool:
    """One step of study: a lesson read, or a question answered and timed; False when done."""
    from tutor_tui.core import grading

    activity = tutor.next(learner, PACK)
    if activity.kind == "lesson" and activity.skill_id:
        tutor.read_lesson(learner, PACK, activity.skill_id)
        return True
    if activity.question_id is None:
        return False
    question = pack.question(activity.question_id)
    right = rng.random() < 0.75
    response = grading.correct_response(question) if right else _wrong(question)
    start = time.perf_counter()
    tutor.answer(learner, PACK, question.id, response, seconds=5)
    times.append(time.perf_counter() - start)
    return True


def _wrong(question: Any) -> Any:
    sys.path.insert(0, str(Path(__file__).parent))
    from simulate import wrong_response  # bench/simulate.py, beside this script

    return wrong_response(question)


def run(url: str, laptops: int, answers: int, pace: float) -> dict[str, Any]:
    """The lab on one database: the figures of one run."""
    from tutor_tui.service.wiring import open_tutor

    setup = open_tutor(url, packs={}, close_at_exit=False)
    names = [f"learner {n:02d}" for n in range(laptops)]
    for name in names:
        setup.add_learner(name)
    setup.store.close()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(laptops)
    results = context.Queue()
    processes = [
        context.Process(target=laptop, args=(url, name, answers, pace, barrier, results))
        for name in names
    ]
    for process in processes:
        process.start()
    gathered = [results.get() for _ in processes]
    for process in processes:
        process.join()
    # From the barrier's release to the last answer: the lab answering, not its start-up.
    elapsed = max(g[1] for g in gathered) - min(g[0] for g in gathered)
    times = sorted(t for *_, found, _ in gathered for t in found)
    errors = [e for *_, found in gathered for e in found]
    from tutor_tui.packs.catalog import load_catalog
    from tutor_tui.service.wiring import installed_packs

    check = open_tutor(url, packs=installed_packs(load_catalog()), close_at_exit=False)
    logged = len(check.store.attempts())
    healthy = check.check() == []
    check.store.close()
    return {
        "answers": len(times),
        "per_second": len(times) / elapsed,
        "p50_ms": 1000 * statistics.median(times) if times else float("nan"),
        "p99_ms": 1000 * times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "lost": len(times) - logged,
        "healthy": healthy,
    }


HEADER = f"{'engine':<12} {'answers/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'lost':>5}"


def show(engine: str, f: dict[str, Any]) -> None:
    """One engine's figures, as a line of the table."""
    print(
        f"{engine:<12} {f['per_second']:>10.1f} {f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f}"
        f" {f['errors']:>7} {f['lost']:>5}  answers {f['answers']},"
        f" derived state {'equal to a rebuild' if f['healthy'] else 'DIFFERS from a rebuild'}",
        flush=True,
    )
    if f["first_error"]:
        print(f"  first error: {f['first_error']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=30)
    parser.add_argument("--answers", type=int, default=40, help="answers per laptop")
    parser.add_argument("--pace", type=float, default=0.0, help="mean seconds between answers")
    parser.add_argument("--pg-url", default=os.environ.get("TUTOR_BENCH_PG_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TUTOR_HOME"] = str(Path(folder) / "home")
        os.environ.pop("TUTOR_DB_URL", None)
        cluster = None
        url = args.pg_url
        if url is None:
            # Its own folder: as root, the cluster's owner (postgres) must be able to reach it.
            cluster = Path(tempfile.mkdtemp(prefix="tutor-pg-"))
            started = subprocess.run(
                [str(ROOT / ".ci" / "postgres"), "start", str(cluster)],
                capture_output=True,
                text=True,
                check=True,
            )
            url = started.stdout.strip()
        try:
            rate = f"one every {args.pace:g} s" if args.pace else "as fast as they can"
            print(f"{args.laptops} laptops, {args.answers} answers each, {rate}")
            print(HEADER)
            show("PostgreSQL", run(url, args.laptops, args.answers, args.pace))
            show(
                "SQLite file",
                run(f"sqlite:///{folder}/tutor.db", args.laptops, args.answers, args.pace),
            )
        finally:
            if cluster is not None:
                subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", str(cluster)], check=False)
                shutil.rmtree(cluster, ignore_errors=True)


if __name__ == "__main__":
    main()
