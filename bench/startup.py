"""How fast the study app paints, against a bare Textual app showing one Static, side by side.

Runs `tutor` and a bare Textual app in a pseudo-terminal of 80x24, as a person would, in fresh
processes and in turn (tutor, bare, tutor, bare, ...), so that both meet the same machine load.
The tutor's data home holds one learner. For each it reads what is drawn:

- first paint: the first frame (the tutor's loading screen or learner picker; the bare app's text);
- data shown (the tutor only): the learner's name on screen, which needs the database read.

    python bench/startup.py [--rounds N]

It prints both medians of the first paint and the median of the ratios (tutor over bare) of the
rounds. Target: the tutor's first paint at most 1.3 times the bare app's.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

TUTOR = [sys.executable, "-m", "tutor_tui"]
TUTOR_PAINT = (b"Opening your", b"Who is studying")
TUTOR_DATA = b"Benchmark"
# The bare app: Textual's App with one Static, nothing of the tutor's.
BARE = [
    sys.executable,
    "-c",
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Static('Bare Textual app')\n"
    "Bare().run()\n",
]
BARE_PAINT = (b"Bare Textual app",)


def measure(
    command: list[str], env: dict[str, str], paint: tuple[bytes, ...], data: bytes | None = None
) -> tuple[float, float | None]:
    """Seconds from the command to its first paint, and to `data` on screen (if given)."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=child, stdout=child, stderr=child, env=env, start_new_session=True
    )
    os.close(child)
    seen = b""
    first = shown = None
    try:
        while time.perf_counter() - start < 10.0:
            ready, _, _ = select.select([main], [], [], 0.005)
            if not ready:
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            seen += chunk
            now = time.perf_counter() - start
            if first is None and any(marker in seen for marker in paint):
                first = now
            if data is not None and shown is None and data in seen:
                shown = now
            if first is not None and (data is None or shown is not None):
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=5)
        os.close(main)
    if first is None or (data is not None and shown is None):
        raise SystemExit(f"{command[-1][:40]!r} did not show what was expected:\n{seen[-2000:]!r}")
    return first, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TUTOR_HOME": home, "TUTOR_PACK_PATH": "", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        for setup in (["learners", "add", "Benchmark"], ["packs", "list"]):
            subprocess.run([*TUTOR, *setup], env=env, check=True, capture_output=True)
        # Warm the file cache, as any second start would be.
        measure(TUTOR, env, TUTOR_PAINT, TUTOR_DATA)
        measure(BARE, env, BARE_PAINT)
        tutor, bare, datas, ratios = [], [], [], []
        for _ in range(args.rounds):
            first, shown = measure(TUTOR, env, TUTOR_PAINT, TUTOR_DATA)
            plain, _ = measure(BARE, env, BARE_PAINT)
            tutor.append(first)
            bare.append(plain)
            datas.append(shown or 0.0)
            ratios.append(first / plain)
    print(f"{args.rounds} rounds in an 80x24 pseudo-terminal, tutor and bare app in turn")
    print(f"bare Textual app, first paint: median {statistics.median(bare):.3f} s")
    print(f"tutor, first paint:            median {statistics.median(tutor):.3f} s")
    print(f"tutor, learner data shown:     median {statistics.median(datas):.3f} s")
    print(f"ratio tutor / bare, per round: median {statistics.median(ratios):.2f} (target <= 1.3)")


if __name__ == "__main__":
    main()
