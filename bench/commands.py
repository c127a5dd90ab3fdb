"""How fast the command line answers: `tutor --help` and `tutor next`, each in a fresh process.

    python bench/commands.py [--rounds N]

Each command runs in a new interpreter (`python -m tutor_tui ...`), with a data home of its own
that holds one learner, alternately with its yardstick, so that both meet the same load on the
machine. It prints each one's median time and the median of the per-round ratios.

Targets: `tutor --help` under 0.15 s; `tutor next --learner X --pack P` at most 1.15 times
`python -c "import sqlmodel"` (opening the database needs SQLModel; the rest should cost little).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PACK = "fractions-ratios"
LEARNER = "Bench"
HELP_TARGET = 0.15
NEXT_RATIO = 1.15


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one run of `command` takes, from start to exit; it must succeed."""
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def side_by_side(
    a: list[str], b: list[str], env: dict[str, str], rounds: int
) -> tuple[float, float, float]:
    """Median seconds of `a` and of `b`, run alternately, and the median of the ratios a / b."""
    times_a, times_b = [], []
    for _ in range(rounds):
        times_a.append(timed(a, env))
        times_b.append(timed(b, env))
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def main() -> None:
    """Measure both commands against their yardsticks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each command")
    rounds = parser.parse_args().rounds
    python = [sys.executable]
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TUTOR_HOME": home, "TUTOR_PACK_PATH": "", "NO_COLOR": "1"}
        for name in ("TUTOR_LEARNER", "TUTOR_PIN", "TUTOR_PASSPHRASE", "TUTOR_DB_URL"):
            env.pop(name, None)
        tutor = [*python, "-m", "tutor_tui"]
        subprocess.run(
            [*tutor, "learners", "add", LEARNER], env=env, check=True, stdout=subprocess.DEVNULL
        )
        # Warm the disk cache and the packs' cache, as a second run of a day would find them.
        timed([*tutor, "next", "--learner", LEARNER, "--pack", PACK], env)

        bare = [*python, "-c", "pass"]
        help_time, bare_time, help_ratio = side_by_side([*tutor, "--help"], bare, env, rounds)
        verdict = "ok" if help_time < HELP_TARGET else "over"
        print(
            f"tutor --help: {help_time:.3f} s (bare python {bare_time:.3f} s, ratio"
            f" {help_ratio:.2f}); target under {HELP_TARGET} s: {verdict}"
        )

        sqlmodel = [*python, "-c", "import sqlmodel"]
        command = [*tutor, "next", "--learner", LEARNER, "--pack", PACK]
        next_time, sql_time, ratio = side_by_side(command, sqlmodel, env, rounds)
        verdict = "ok" if ratio <= NEXT_RATIO else "over"
        print(
            f"tutor next: {next_time:.3f} s, import sqlmodel: {sql_time:.3f} s, median ratio"
            f" {ratio:.2f}; target at most {NEXT_RATIO}: {verdict}"
        )


if __name__ == "__main__":
    main()
