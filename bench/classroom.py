"""A classroom's day: two laptops' progress carried to the tutor's laptop by file, then reported.

    python bench/classroom.py [--learners 30] [--answers 200] [--runs 3]

Builds two laptops' data homes with the same roster (imported on each, so the learners' ids
differ and the import must match them by name). Each learner studies the built-in Fractions and
Ratios pack through the real service, up to half of `--answers` on each laptop on different
days (fewer once the planner has nothing left to teach there), as the planner asks, right 75% of
the time. Then, each command in a fresh process as a tutor runs it,
and timed as the median of `--runs`:

- `tutor export --all` on a laptop (target under 1 s for a class);
- `tutor import` of the first laptop's bundle into the tutor's empty laptop, then the second's,
  then the first again, which must add nothing (target under 2 s each);
- `tutor report class` as a table and as HTML (target under 1 s each).

It checks on the way that the merged log holds every answer once: the answers counted in the
tutor's report equal the two laptops' answers added up. Nothing outside temporary data homes is
read or written.

    python bench/classroom.py --base OTHER/src     # imports against another checkout, by turns

With `--base`, the two imports into an empty laptop are also made by the other checkout's code
(`PYTHONPATH=OTHER/src`) and by this one's, alternately (base, this, this, base, ...), each in a
fresh data home, and the median of the ratios of their processor times is printed: on a busy
machine the time on the clock says more about the other programs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from simulate import wrong_response  # bench/simulate.py, beside this script

from tutor_tui.core import grading
from tutor_tui.core.clock import FixedClock
from tutor_tui.packs.catalog import load_catalog
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PACK = "fractions-ratios"
PASSPHRASE = "correct horse battery"


def tutor(
    home: Path,
    *args: str,
    stdin: str | None = None,
    src: Path | None = None,
    now: str = "2026-03-10T16:00:00+00:00",
) -> subprocess.CompletedProcess[str]:
    """Run a command of the tutor in a fresh process on this data home (with the code of the
    checkout whose `src` folder is given, else this one's), its clock at `now`."""
    env = {
        **os.environ,
        **({"PYTHONPATH": str(src)} if src is not None else {}),
        "TUTOR_HOME": str(home),
        "TUTOR_PACK_PATH": "",
        "TUTOR_PASSPHRASE": PASSPHRASE,
        "TUTOR_NOW": now,
    }
    result = subprocess.run(
        [sys.executable, "-m", "tutor_tui", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"tutor {' '.join(args)} failed: {result.stderr.strip()}")
    return result


def timed(runs: int, run: Callable[[], object]) -> float:
    """The median wall time of `run`."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def compared(root: Path, bundles: list[Path], base: Path, runs: int) -> None:
    """Import both bundles into an empty laptop with the base's code and this one's, by turns;
    print the median processor time of each and the median of the ratios."""
    here = Path(__file__).resolve().parent.parent / "src"
    times: dict[Path, list[float]] = {base: [], here: []}
    for run in range(runs):
        for src in (base, here) if run % 2 == 0 else (here, base):
            hub = root / f"hub-{run}-{src == here}"
            tutor(hub, "class", "passphrase", stdin=PASSPHRASE + "\n", src=src)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            for bundle in bundles:
                tutor(hub, "import", str(bundle), "--unsealed", src=src)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[src].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    ratios = [new / old for new, old in zip(times[here], times[base], strict=True)]
    old, new = statistics.median(times[base]), statistics.median(times[here])
    ratio = statistics.median(ratios)
    print(
        f"imports of both bundles, processor time: base {old:.2f} s, this {new:.2f} s;"
        f" median ratio {ratio:.3f} over {runs} rounds"
    )


def study(home: Path, names: list[str], answers: int, day: datetime, seed: int) -> int:
    """Each learner answers `answers` questions on this laptop, as the planner asks."""
    pack = load_catalog().get(PACK)
    assert pack is not None
    rng = random.Random(seed)
    clock = FixedClock(day)
    store = Store.open(f"sqlite:///{home / 'tutor.db'}")
    service = Tutor(store, {pack.id: pack}, clock)
    total = 0
    try:
        for name in names:
            learner = service.learner(name)
            clock.at = day
            given = 0
            while given < answers:
                clock.at += timedelta(seconds=40)
                activity = service.next(learner, pack.id)
                if activity.kind == "lesson" and activity.skill_id:
                    service.read_lesson(learner, pack.id, activity.skill_id)
                    continue
                if activity.question_id is None:
                    break  # the whole pack mastered
                question = pack.question(activity.question_id)
                right = rng.random() < 0.75
                response = grading.correct_response(question) if right else wrong_response(question)
                service.answer(learner, pack.id, question.id, response, seconds=30.0)
                given += 1
                total += 1
    finally:
        store.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--answers", type=int, default=200, help="answers per learner, in all")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base", type=Path, help="another checkout's src folder to compare")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="tutor-classroom-"))
    try:
        roster = root / "roster.csv"
        names = [f"Learner {n:02d}" for n in range(1, args.learners + 1)]
        roster.write_text(
            "name,group\n"
            + "".join(f"{name},{'7A' if n % 2 else '7B'}\n" for n, name in enumerate(names)),
            encoding="utf-8",
        )
        laptops = [root / "laptop1", root / "laptop2"]
        start = time.perf_counter()
        logged = 0
        for index, home in enumerate(laptops):
            tutor(home, "class", "passphrase", stdin=PASSPHRASE + "\n")
            # Added before they study: an import sets aside what is dated before a learner.
            tutor(home, "learners", "import", str(roster), now="2026-03-01T08:00:00+00:00")
            day = datetime(2026, 3, 2 + 3 * index, 9, tzinfo=UTC)
            logged += study(home, names, args.answers // 2, day, seed=index)
        print(
            f"class: {args.learners} learners, {logged:,} answers on two laptops "
            f"({time.perf_counter() - start:.0f} s to study)"
        )

        bundles = [root / "laptop1.zip", root / "laptop2.zip"]

        def export(home: Path, bundle: Path) -> None:
            bundle.unlink(missing_ok=True)
            tutor(home, "export", "--all", "-o", str(bundle))

        seconds = timed(args.runs, lambda: export(laptops[0], bundles[0]))
        export(laptops[1], bundles[1])
        size = bundles[0].stat().st_size / 1024
        print(f"export --all: {seconds:.2f} s median ({size:.0f} KiB bundle; target < 1 s)")

        if args.base is not None:
            compared(root, bundles, args.base.resolve(), args.runs)

        hub = root / "tutor"
        tutor(hub, "class", "passphrase", stdin=PASSPHRASE + "\n")
        labels = ["import laptop 1 (new)", "import laptop 2 (merge)", "import laptop 1 again"]
        for label, bundle in zip(labels, [bundles[0], bundles[1], bundles[0]], strict=True):
            begun = time.perf_counter()
            out = tutor(hub, "import", str(bundle), "--unsealed").stdout
            took = time.perf_counter() - begun
            added = next(line for line in out.splitlines() if line.startswith("Answers:"))
            print(f"{label + ':':26s} {took:.2f} s ({added}; target < 2 s)")

        report = json.loads(tutor(hub, "report", "class", "--format", "json").stdout)
        counted = sum(row.get("answers", 0) for row in report.get("learners", []))
        verdict = "every answer once" if counted == logged else f"MISMATCH: {counted} != {logged}"
        print(f"merged log: {counted:,} answers in the class report ({verdict})")

        for fmt in ("table", "html"):
            seconds = timed(
                args.runs, lambda fmt=fmt: tutor(hub, "report", "class", "--format", fmt)
            )
            print(f"report class --format {fmt}: {seconds:.2f} s median (target < 1 s)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
