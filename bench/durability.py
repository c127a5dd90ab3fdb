"""Does an answer survive the program being killed? `kill -9` a plain study session, many times.

    python bench/durability.py [--rounds N] [--pack ID] [--seed S] [--most SECONDS]

Each round starts `tutor study --plain` for a new learner on one data home, answers every
question as soon as it is asked (through a pipe, as a script would), and kills the process with
SIGKILL at a random moment, up to `--most` seconds after its first prompt: while it writes an
answer, works out the next question or prints. An answer is *acknowledged* when its feedback
("Right.", "Partly right", "Not quite.") has reached the pipe: the learner saw it. After each
kill the answers stored are counted straight from the database file.

The rule the tutor keeps is that an answer is stored before its feedback is shown, so:

- lost (acknowledged, not stored) must be 0 in every round;
- stored without feedback may be 1 in a round (killed between storing and printing), never more.

At the end the database's own integrity check and `tutor doctor` must find nothing wrong. The
script prints each figure and exits with status 1 if a rule was broken.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# The verdict that opens an answer's feedback, after its symbol where one is shown.
FEEDBACK = re.compile(r"^(?:\S )?(Right\.|Partly right \(|Not quite\.)", re.MULTILINE)
NUMBERED = re.compile(r"^(\d+)\. ", re.MULTILINE)
PROMPT = "> "
# The longest the program may take to ask its first question, however loaded the machine.
STARTING = 60.0


def reply(screen: str, tries: int) -> str:
    """What a quick learner types at the prompt after `screen` (the text since the last one)."""
    if "Press Enter" in screen or "press Enter to start" in screen:
        return ""
    if tries:  # the last reply could not be read: a plain number, then text
        return ["1", "t", "x"][tries % 3]
    numbers = len(NUMBERED.findall(screen.rsplit("Question:", 1)[-1]))
    if "left=right" in screen:
        half = numbers // 2
        return ", ".join(f"{n}={n}" for n in range(1, half + 1))
    if "in the right order" in screen:
        return " ".join(str(n) for n in range(1, numbers + 1))
    if "t or f" in screen:
        return "t"
    fills = re.search(r"Type the (\d+) fills", screen)
    if fills:
        return "; ".join("x" for _ in range(int(fills.group(1))))
    if "Type what goes in the blank" in screen or "Type your answer" in screen:
        return "x"
    return "1"


@dataclass
class Round:
    """One session killed: answers acknowledged, and stored before and after it."""

    acknowledged: int
    before: int
    after: int

    @property
    def stored(self) -> int:
        return self.after - self.before

    @property
    def lost(self) -> int:
        return max(0, self.acknowledged - self.stored)

    @property
    def unseen(self) -> int:
        return max(0, self.stored - self.acknowledged)


def stored_answers(database: Path) -> int:
    """The answers in the log, read from the file as the killed program left it."""
    if not database.exists():
        return 0
    conn = sqlite3.connect(database, timeout=30)
    try:
        return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])
    finally:
        conn.close()


def session(command: list[str], env: dict[str, str], kill_at: float) -> int:
    """Run one study session, answering at once, until SIGKILL at `kill_at` seconds; return the
    answers whose feedback was read."""
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdin is not None and process.stdout is not None
    out = process.stdout.fileno()
    # The clock starts at the first prompt: how long the program takes to start is no matter.
    started = float("inf")
    seen, screen, tries, last = 0, "", 0, ""
    while True:
        left = min(started + kill_at - time.monotonic(), STARTING)
        if left <= 0:
            break
        ready, _, _ = select.select([out], [], [], left)
        if not ready:
            break
        chunk = os.read(out, 65536).decode("utf-8", "replace")
        if not chunk:
            break  # the session ended by itself (the pack is done)
        screen += chunk
        if not screen.endswith(PROMPT):
            continue
        started = min(started, time.monotonic())
        seen += len(FEEDBACK.findall(screen))
        tries = tries + 1 if "Try again." in screen and last else 0
        last = reply(screen, tries)
        screen = ""
        try:
            process.stdin.write((last + "\n").encode())
            process.stdin.flush()
        except BrokenPipeError:
            break
    # Feedback read in the last chunk, before any prompt after it, was seen too.
    seen += len(FEEDBACK.findall(screen))
    process.send_signal(signal.SIGKILL)
    process.wait()
    return seen


def run(rounds: int, pack: str, seed: int, most: float) -> list[Round]:
    """Kill `rounds` sessions at random moments; what each acknowledged and stored."""
    chooser = random.Random(seed)
    home = Path(tempfile.mkdtemp(prefix="tutor-durability-"))
    env = {**os.environ, "TUTOR_HOME": str(home)}
    for name in ("TUTOR_PACK_PATH", "PYTHONUNBUFFERED", "TUTOR_NOW"):
        env.pop(name, None)
    tutor = [sys.executable, "-m", "tutor_tui"]
    database = home / "tutor.db"
    found = []
    for number in range(1, rounds + 1):
        # A learner a round: one learner would master the pack, and the session would end.
        learner = f"Kim {number}"
        subprocess.run(
            [*tutor, "learners", "add", learner], env=env, check=True, capture_output=True
        )
        command = [*tutor, "study", "--plain", "--learner", learner, "--pack", pack]
        before = stored_answers(database)
        kill_at = chooser.uniform(0.0, most)
        acknowledged = session(command, env, kill_at)
        done = Round(acknowledged, before, stored_answers(database))
        found.append(done)
        print(
            f"round {number:3}: killed at {kill_at:4.1f} s, {done.acknowledged:3} acknowledged,"
            f" {done.stored:3} stored, {done.lost} lost, {done.unseen} stored unseen",
            flush=True,
        )
    check(database, env, tutor)
    return found


def check(database: Path, env: dict[str, str], tutor: list[str]) -> None:
    """The database's integrity check, then `tutor doctor`, on what the kills left."""
    conn = sqlite3.connect(database)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    doctor = subprocess.run([*tutor, "doctor"], env=env, capture_output=True, text=True)
    print(f"integrity check: {integrity}")
    print(f"tutor doctor (status {doctor.returncode}): {doctor.stdout.strip()}")
    if integrity != "ok" or doctor.returncode != 0:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--pack", default="fractions-ratios")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--most", type=float, default=4.0, help="latest kill, in seconds after the first prompt"
    )
    args = parser.parse_args()
    found = run(args.rounds, args.pack, args.seed, args.most)
    acknowledged = sum(r.acknowledged for r in found)
    stored = sum(r.stored for r in found)
    lost = sum(r.lost for r in found)
    unseen = max(r.unseen for r in found)
    print(
        f"{len(found)} kills: {acknowledged} answers acknowledged, {stored} stored,"
        f" {lost} lost; at most {unseen} stored unseen in a round"
    )
    if lost or unseen > 1:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
