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
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PACK = "fractions-ratios"
LEARNER = "Bench"
HELP_TARGET = 0.15
NEXT_RATIO = 1.15


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds one run of `command` takes from start to exit, and the processor time it used.

    The processor time (user and system) is told too because it depends less on what else the
    machine is doing than the time on the clock does. The command must succeed.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Figures:
    """Two commands run alternately: the median of each one's times and of their ratios."""

    def __init__(self, a: list[str], b: list[str], env: dict[str, str], rounds: int) -> None:
        runs = [(timed(a, env), timed(b, env)) for _ in range(rounds)]
        self.a = statistics.median(one[0] for one, _ in runs)
        self.b = statistics.median(other[0] for _, other in runs)
        self.ratio = statistics.median(one[0] / other[0] for one, other in runs)
        self.a_cpu = statistics.median(one[1] for one, _ in runs)
        self.b_cpu = statistics.median(other[1] for _, other in runs)
        self.cpu_ratio = statistics.median(one[1] / max(other[1], 1e-3) for one, other in runs)


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
        shown = Figures([*tutor, "--help"], bare, env, rounds)
        verdict = "ok" if shown.a < HELP_TARGET else "over"
        print(
            f"tutor --help: {shown.a:.3f} s (processor {shown.a_cpu:.3f} s); bare python"
            f" {shown.b:.3f} s (processor {shown.b_cpu:.3f} s); target under {HELP_TARGET} s:"
            f" {verdict}"
        )

        sqlmodel = [*python, "-c", "import sqlmodel"]
        command = [*tutor, "next", "--learner", LEARNER, "--pack", PACK]
        shown = Figures(command, sqlmodel, env, rounds)
        verdict = "ok" if shown.ratio <= NEXT_RATIO else "over"
        print(
            f"tutor next: {shown.a:.3f} s (processor {shown.a_cpu:.3f} s); import sqlmodel:"
            f" {shown.b:.3f} s (processor {shown.b_cpu:.3f} s); median ratio {shown.ratio:.2f}"
            f" (processor {shown.cpu_ratio:.2f}); target at most {NEXT_RATIO}: {verdict}"
        )


if __name__ == "__main__":
    main()
