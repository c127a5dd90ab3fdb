"""A school lab: 30 laptops answering at once for 30 learners, on one PostgreSQL, then one SQLite.

    python bench/server.py [--laptops 30] [--answers 40] [--pace SECONDS] [--pg-url URL]
    python bench/server.py --compare FOLDER [--rounds 3] ...

Each laptop is its own process with its own tutor (the real service, `open_tutor`), studying the
built-in Fractions and Ratios pack for its own learner as the planner asks, right 75% of the time,
as fast as it can: far harder than a class, where a learner answers every few seconds. With
`--pace`, each laptop waits that long (at random, up to twice it) before each answer, as a
learner reading the question would: a class's rate, where the database's own time shows. They start
together at a barrier. Each answer is timed from the call to `Tutor.answer` until it returns,
which is after its transaction committed. The same run is then made on one SQLite file shared by
every process (as a network share would be, were that ever wise).

Printed per engine: answers per second, p50 and p99 per answer, p50 and p99 of the store's own
time per answer (inside `Store.record_attempt`: the write transaction, from taking a connection to
its commit; less swayed by a loaded machine than the whole answer, which also reads the learner's
state and grades), the statements sent per answer and the round trips to the server they cost
(with BEGIN, COMMIT and the pool's check of a connection: each one a network's delay in a school),
errors, and answers lost (those the service
returned for, less those in the database's log afterwards; it must be 0), and whether `tutor
doctor`'s check finds the derived state equal to a rebuild from the log. Target on PostgreSQL:
none lost, no errors, p99 under 50 ms.

`--compare FOLDER` measures a change: FOLDER holds another version of the tutor (its `src/`, as
`git worktree add` or `git archive` makes it), and the lab runs on PostgreSQL `--rounds` times with
that version (A) and this one (B) in turn, each in a fresh database; it prints every run and the
median over the rounds of each figure's ratio B/A (below 1: this version is faster).

Without `--pg-url` (or `TUTOR_BENCH_PG_URL`) it starts a throwaway cluster with `.ci/postgres`,
in a temporary folder, and stops it at the end. Nothing outside temporary folders is written.
"""

from __future__ import annotations

import argparse
import json
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
    store_times, statements = _measure_the_store(tutor.store)
    barrier.wait()
    began = time.time()
    while len(times) + len(errors) < answers:
        try:
            time.sleep(rng.uniform(0, 2 * pace))
            if not _step(tutor, pack, learner, rng, times, statements):
                break
        except TutorError as error:  # the database busy or gone: counted, and the laptop goes on
            errors.append(str(error))
    ended = time.time()
    tutor.store.close()
    trips = statements[3] if len(statements) > 2 else 0
    results.put((began, ended, times, errors, store_times, statements[1], trips))


def _measure_the_store(store: Any) -> tuple[list[float], list[int]]:
    """Time each answer's write in the store, and count the statements sent while answering:
    the list of times, and [statements now, statements while answering]."""
    from sqlalchemy import event

    store_times: list[float] = []
    statements = [0, 0]
    record = store.record_attempt

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return record(*args, **kwargs)
        finally:
            store_times.append(time.perf_counter() - start)

    def counted(*_args: Any) -> None:
        statements[0] += 1

    store.record_attempt = timed
    event.listen(store.engine, "before_cursor_execute", counted)
    if store.engine.dialect.name == "postgresql":
        _count_round_trips(statements)
    return store_times, statements


def _count_round_trips(trips: list[int]) -> None:
    """Count every exchange with the server in trips[2]: a statement, BEGIN, COMMIT, ROLLBACK, a
    connection's check. Each is a wait in psycopg that yields to its socket (waits that need no
    server, such as setting autocommit, do not), and BEGIN goes out on its own before the first
    statement of a transaction."""
    import psycopg
    from psycopg.pq import TransactionStatus

    trips += [0, 0]  # round trips now, round trips while answering
    wait = psycopg.Connection.wait

    def counted(self: Any, gen: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(gen, "__qualname__", "")
        idle = self.pgconn.transaction_status == TransactionStatus.IDLE
        if "execute" in name and not self.autocommit and idle:
            trips[2] += 1  # BEGIN
        return wait(self, _noting(gen, trips), *args, **kwargs)

    psycopg.Connection.wait = counted  # type: ignore[method-assign]


def _noting(gen: Any, trips: list[int]) -> Any:
    """Pass psycopg's exchange through, counting it if it waits on the server at all."""
    try:
        state = next(gen)
    except StopIteration as done:
        return done.value
    trips[2] += 1
    while True:
        try:
            state = gen.send((yield state))
        except StopIteration as done:
            return done.value


def _step(
    tutor: Any,
    pack: Any,
    learner: Any,
    rng: random.Random,
    times: list[float],
    statements: list[int],
) -> bool:
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
    sent = list(statements)
    start = time.perf_counter()
    tutor.answer(learner, PACK, question.id, response, seconds=5)
    times.append(time.perf_counter() - start)
    statements[1] += statements[0] - sent[0]
    if len(statements) > 2:
        statements[3] += statements[2] - sent[2]
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
    times = sorted(t for g in gathered for t in g[2])
    errors = [e for g in gathered for e in g[3]]
    store_times = sorted(t for g in gathered for t in g[4])
    statements = sum(g[5] for g in gathered)
    trips = sum(g[6] for g in gathered)
    from tutor_tui.packs.catalog import load_catalog
    from tutor_tui.service.wiring import installed_packs

    check = open_tutor(url, packs=installed_packs(load_catalog()), close_at_exit=False)
    logged = len(check.store.attempts())
    healthy = check.check() == []
    check.store.close()
    return {
        "answers": len(times),
        "per_second": len(times) / elapsed,
        "p50_ms": _percentile(times, 0.5),
        "p99_ms": _percentile(times, 0.99),
        "store_p50_ms": _percentile(store_times, 0.5),
        "store_p99_ms": _percentile(store_times, 0.99),
        "statements": statements / len(times) if times else 0.0,
        "trips": trips / len(times) if times else 0.0,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "lost": len(times) - logged,
        "healthy": healthy,
    }


def _percentile(ordered: list[float], share: float) -> float:
    """The value below which `share` of the sorted times fall, in milliseconds."""
    if not ordered:
        return float("nan")
    return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * share))]


# The figures of a run, as the table shows them: key, heading, width and format.
COLUMNS = (
    ("per_second", "answers/s", 10, ".1f"),
    ("p50_ms", "p50 ms", 8, ".1f"),
    ("p99_ms", "p99 ms", 8, ".1f"),
    ("store_p50_ms", "store p50", 10, ".2f"),
    ("store_p99_ms", "store p99", 10, ".2f"),
    ("statements", "stmts", 6, ".1f"),
    ("trips", "trips", 6, ".1f"),
    ("errors", "errors", 7, "d"),
    ("lost", "lost", 5, "d"),
)
HEADER = f"{'engine':<12}" + "".join(f" {title:>{width}}" for _, title, width, _ in COLUMNS)


def show(engine: str, f: dict[str, Any]) -> None:
    """One engine's figures, as a line of the table."""
    line = "".join(f" {f[key]:>{width}{form}}" for key, _, width, form in COLUMNS)
    print(
        f"{engine:<12}{line}  answers {f['answers']}, derived state"
        f" {'equal to a rebuild' if f['healthy'] else 'DIFFERS from a rebuild'}",
        flush=True,
    )
    if f["first_error"]:
        print(f"  first error: {f['first_error']}", flush=True)


def fresh_schema(url: str) -> str:
    """The URL of a new, empty schema on the server at `url`: each compared run starts afresh."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")
    admin.dispose()
    schema = make_url(url).update_query_dict({"options": f"-csearch_path={name}"})
    return schema.render_as_string(hide_password=False)


def compare(url: str, before: Path, args: argparse.Namespace) -> None:
    """The lab run with the version in `before` (A) and this one (B) in turn, `args.rounds`
    times; every run's figures, then the median ratio B/A of each."""
    versions = {"A (before)": before / "src", "B (this)": ROOT / "src"}
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in versions}
    for round_number in range(args.rounds):
        for name, source in versions.items():
            lab = subprocess.run(
                [sys.executable, __file__, "--lab", fresh_schema(url)]
                + ["--laptops", str(args.laptops), "--answers", str(args.answers)]
                + ["--pace", str(args.pace)],
                env={**os.environ, "PYTHONPATH": str(source)},
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(lab.stdout.strip().splitlines()[-1])
            found[name].append(figures)
            show(f"{name[0]} round {round_number + 1}", figures)
    print("median ratio B/A over the rounds (below 1: B is faster, or sends fewer):")
    ratios = {
        key: statistics.median(b[key] / a[key] for a, b in zip(*found.values(), strict=True))
        for key, *_ in COLUMNS[:7]
    }
    print("  " + ", ".join(f"{key} {ratio:.2f}" for key, ratio in ratios.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=30)
    parser.add_argument("--answers", type=int, default=40, help="answers per laptop")
    parser.add_argument("--pace", type=float, default=0.0, help="mean seconds between answers")
    parser.add_argument("--pg-url", default=os.environ.get("TUTOR_BENCH_PG_URL"))
    parser.add_argument("--compare", type=Path, help="a folder with another version's src/")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of A then B to compare")
    parser.add_argument("--lab", help=argparse.SUPPRESS)  # one run on this URL, as JSON
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["TUTOR_HOME"] = str(Path(folder) / "home")
        os.environ.pop("TUTOR_DB_URL", None)
        if args.lab:
            print(json.dumps(run(args.lab, args.laptops, args.answers, args.pace)))
            return
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
            if args.compare is not None:
                compare(url, args.compare, args)
                return
            show("PostgreSQL", run(fresh_schema(url), args.laptops, args.answers, args.pace))
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
