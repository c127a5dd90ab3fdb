"""How long the test suite takes: this checkout against another, run in turn.

Runs the README's test command (`pytest`, with the settings in pyproject.toml) in this checkout and
in the one given with `--base`, alternately (base, this, this, base, base, this, ...), so that
both meet the same load on the machine, each time from a clean start: the caches a fresh clone
lacks (compiled modules, mypy's, ruff's, import-linter's and Hypothesis's) are removed first.
With `--pg` both run on a throwaway PostgreSQL cluster (`.ci/postgres`), as `.ci/run` does.

    python bench/suite.py --base ../other-checkout [--rounds N] [--pg] [-- PYTEST-ARGS]

For each run it prints the time on the clock, the processor time of pytest and everything it
started (its workers, mypy, ruff) and, with `--pg`, of the PostgreSQL server, and the tests'
summary line; then each side's medians and the
median of the per-round ratios (this over base). A busy machine stretches the time on the clock;
the processor time and the ratio show less of it. Target: the whole suite under 60 s on two
cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
# What a fresh clone does not have: removed before every run, in both checkouts.
CACHES = (".mypy_cache", ".ruff_cache", ".import_linter_cache", ".hypothesis", ".pytest_cache")


def clean(checkout: Path) -> None:
    """Remove what an earlier run left that a fresh clone lacks."""
    for name in CACHES:
        shutil.rmtree(checkout / name, ignore_errors=True)
    for folder in ("src", "tests", "bench"):
        for cache in (checkout / folder).rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)


def server_seconds(cluster: Path | None) -> float:
    """The processor seconds the PostgreSQL server and its ended connections have used so far
    (Linux's /proc); 0 without a cluster."""
    if cluster is None:
        return 0.0
    pid = (cluster / "pg" / "data" / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # utime, stime, cutime, cstime: the 14th to 17th fields, counted from the state (the 3rd).
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def run(
    checkout: Path, args: list[str], env: dict[str, str], cluster: Path | None
) -> tuple[float, float, str]:
    """One run of the suite in `checkout`: seconds on the clock, processor seconds (with the
    server's), and the summary line pytest printed last."""
    clean(checkout)
    env = {**env, "PYTHONPATH": str(checkout / "src")}
    server = server_seconds(cluster)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    cpu += server_seconds(cluster) - server
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else done.stderr.strip()[-200:]
    if done.returncode not in (0, 1):
        summary = f"exit {done.returncode}: {summary}"
    return wall, cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the checkout to compare with")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each (default 2)")
    parser.add_argument("--pg", action="store_true", help="on a throwaway PostgreSQL as well")
    parser.add_argument("pytest_args", nargs="*", help="after --: passed on to pytest")
    options = parser.parse_args()
    sides = {"base": options.base.resolve(), "this": HERE}
    env = dict(os.environ)
    env.pop("TUTOR_TEST_PG_URL", None)
    # A fresh clone's first run writes the modules it compiles, and every later process of the run
    # (its workers, the programs the tests start) reads them: with this set, each compiled them all
    # again, which weighed the tests that start the program more than a fresh clone does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cluster = Path(tempfile.mkdtemp(prefix="tutor-bench-pg-")) if options.pg else None
    try:
        if cluster is not None:
            # As root the cluster belongs to the `postgres` user, who must reach its folder.
            cluster.chmod(0o755)
            start = [str(HERE / ".ci" / "postgres"), "start", str(cluster / "pg")]
            started = subprocess.run(start, capture_output=True, text=True)
            if started.returncode:
                sys.exit(f"error: PostgreSQL did not start: {started.stderr.strip()}")
            env["TUTOR_TEST_PG_URL"] = started.stdout.strip()
        compare(sides, options.rounds, options.pytest_args, env, cluster)
    finally:
        if cluster is not None:
            stop = [str(HERE / ".ci" / "postgres"), "stop", str(cluster / "pg")]
            subprocess.run(stop, capture_output=True, check=False)
            shutil.rmtree(cluster, ignore_errors=True)


def compare(
    sides: dict[str, Path], rounds: int, args: list[str], env: dict[str, str], cluster: Path | None
) -> None:
    """Run both sides in turn, `rounds` times each; print every run, the medians and ratios."""
    walls: dict[str, list[float]] = {name: [] for name in sides}
    cpus: dict[str, list[float]] = {name: [] for name in sides}
    for number in range(rounds):
        # Each round swaps who goes first, so that neither always meets a warmer machine.
        order = ["base", "this"] if number % 2 == 0 else ["this", "base"]
        for name in order:
            wall, cpu, summary = run(sides[name], args, env, cluster)
            walls[name].append(wall)
            cpus[name].append(cpu)
            print(f"round {number + 1} {name:4}: {wall:6.1f} s, {cpu:6.1f} s processor  {summary}")
            sys.stdout.flush()
    for name in sides:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:4}: median {wall:6.1f} s on the clock, {cpu:6.1f} s processor")
    wall_ratio = statistics.median(t / b for t, b in zip(walls["this"], walls["base"], strict=True))
    cpu_ratio = statistics.median(t / b for t, b in zip(cpus["this"], cpus["base"], strict=True))
    print(f"this / base: {wall_ratio:.2f} on the clock, {cpu_ratio:.2f} processor (medians)")


if __name__ == "__main__":
    main()
