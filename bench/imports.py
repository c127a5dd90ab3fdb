"""How `tutor packs import` grows with the size of the file: is it linear, and how much memory.

Writes a spreadsheet of N cards (as Quizlet or a teacher would: a short typed answer on most rows,
a definition to pick among its neighbours on one in four, many fronts sharing their first words)
and an Anki deck of the same cards (with genanki), then imports each in a fresh process,
alternately with a file of 1,000 rows of the same kind, and prints the median of the ratios of the
time per row against the time per row at 1,000: 1.0 is linear, 300 at 300,000 rows is quadratic.
Times are the processor time of the importing process, from its first import of the tutor: on a
busy machine the time on the clock says more about the other programs.

    python bench/imports.py [--sizes 1000,5000,50000,300000] [--runs 3] [--timeout 900]
    python bench/imports.py --base OTHER/src      # the same against another checkout, by turns

With `--base`, each size is imported by the other checkout's code (`PYTHONPATH=OTHER/src`) and
by this one's, alternately, and the median of the ratios of their times is printed; a run that
passes `--timeout` counts as the timeout (the ratio is then at least what is shown).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"
PROBE = """
import json, resource, sys, time
from pathlib import Path
start = time.process_time()
from tutor_tui.packs.formats.importing import import_files
report, _ = import_files([Path(sys.argv[1])], Path(sys.argv[2]))
print(json.dumps({
    "seconds": time.process_time() - start,
    "questions": report.questions,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""
WORDS = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega"
).split()


def cards(rows: int) -> list[tuple[str, str]]:
    """The same `rows` cards each time: fronts with a common opening, backs short and long.

    A row is about 50 bytes, as in a word list, so that 300,000 rows stay under the 16 MiB an
    import reads of a text file.
    """
    draw = random.Random(rows)
    made = []
    for number in range(rows):
        words = " ".join(draw.choice(WORDS) for _ in range(2))
        # One front in twenty opens like many others, as "Translate into French: ..." decks do.
        opening = "Translate into Greek:" if number % 20 == 0 else ""
        front = f"{opening} {words} {number}".strip()
        if number % 4 == 0:
            back = " ".join(draw.choice(WORDS) for _ in range(draw.randint(9, 11)))
        else:
            back = f"{draw.choice(WORDS)} {number}"
        made.append((front, back))
    return made


def write_csv(rows: int, path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["front", "back"])
        writer.writerows(cards(rows))
    return path


def write_apkg(rows: int, path: Path) -> Path:
    import genanki  # type: ignore[import-untyped]  # genanki ships no types

    deck = genanki.Deck(2059400110, "Bench deck")
    for number, (front, back) in enumerate(cards(rows)):
        fields = [f"<div>{front}</div>", back if number % 2 else f"<b>{back}</b>"]
        deck.add_note(
            genanki.Note(model=genanki.BASIC_MODEL, fields=fields, guid=genanki.guid_for(number))
        )
    genanki.Package(deck).write_to_file(str(path))
    return path


def run(source: Path, file: Path, timeout: float) -> dict[str, float] | None:
    """One import in a fresh process with `source` first on the path; None past the timeout."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "PYTHONPATH": str(source), "TUTOR_HOME": home}
        try:
            out = subprocess.run(
                [sys.executable, "-c", PROBE, str(file), str(Path(home) / "pack")],
                env=env,
                capture_output=True,
                text=True,
                check=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return None
        except subprocess.CalledProcessError as failed:
            lines = failed.stderr.strip().splitlines() or ["no output"]
            raise SystemExit(f"{file.name}: the import failed: {lines[-1]}") from None
    found: dict[str, float] = json.loads(out.stdout)
    return found


def linear(sizes: list[int], runs: int, timeout: float, folder: Path) -> None:
    for kind, writer in (("csv", write_csv), ("apkg", write_apkg)):
        small = writer(1000, folder / f"1000.{kind}")
        for size in sizes:
            big = writer(size, folder / f"{size}.{kind}")
            ratios, seconds, memory = [], [], []
            for _ in range(runs):
                a = run(SOURCE, big, timeout)
                b = run(SOURCE, small, timeout)
                if a is None or b is None:
                    print(f"{kind} {size:>7} rows: over {timeout:.0f} s")
                    break
                ratios.append((a["seconds"] / size) / (b["seconds"] / 1000))
                seconds.append(a["seconds"])
                memory.append(a["rss_mb"])
            else:
                print(
                    f"{kind} {size:>7} rows: {statistics.median(seconds):7.1f} s, "
                    f"{1e6 * statistics.median(seconds) / size:6.0f} µs a row, "
                    f"per row x{statistics.median(ratios):.2f} of 1,000 rows, "
                    f"{max(memory):.0f} MB at most"
                )


def against(base: Path, sizes: list[int], runs: int, timeout: float, folder: Path) -> None:
    for kind, writer in (("csv", write_csv), ("apkg", write_apkg)):
        for size in sizes:
            file = writer(size, folder / f"{size}.{kind}")
            ratios, mine, theirs = [], [], []
            for _ in range(runs):
                a = run(base, file, timeout)
                b = run(SOURCE, file, timeout)
                a_s = a["seconds"] if a else timeout
                b_s = b["seconds"] if b else timeout
                theirs.append(a_s)
                mine.append(b_s)
                ratios.append(a_s / b_s)
                if a is None and b is None:
                    break
            over = ">" if timeout in theirs else ""
            print(
                f"{kind} {size:>7} rows: base {over}{statistics.median(theirs):.1f} s, "
                f"this {statistics.median(mine):.1f} s, "
                f"base/this median {over}{statistics.median(ratios):.1f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,50000,300000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--base", type=Path, help="another checkout's src folder to compare")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        if args.base:
            against(args.base.resolve(), sizes, args.runs, args.timeout, Path(folder))
        else:
            linear(sizes, args.runs, args.timeout, Path(folder))


if __name__ == "__main__":
    main()
