"""How fast the study app starts: first paint, and the learner's data on screen.

Runs `tutor` in a pseudo-terminal of 80x24, as a person would, with a data home that holds one
learner, and reads what the app draws:

- first paint: the first frame of the app (its loading screen or the learner picker);
- data shown: the learner's name on screen, which needs the database opened and read.

    python bench/startup.py [--runs N]

Targets: first paint within 0.4 s of the command, the learner's data within 0.9 s.
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

FIRST_PAINT = (b"Opening your", b"Who is studying")
DATA = b"Benchmark"


def measure(home: str, timeout: float = 10.0) -> tuple[float, float]:
    """Seconds from the command to the first paint, and to the learner's name on screen."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TUTOR_HOME": home, "TERM": "xterm-256color", "TUTOR_PACK_PATH": ""}
    env.pop("NO_COLOR", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor_tui"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        start_new_session=True,
    )
    os.close(child)
    seen = b""
    first = data = None
    try:
        while time.perf_counter() - start < timeout and data is None:
            ready, _, _ = select.select([main], [], [], 0.01)
            if not ready:
                continue
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            seen += chunk
            now = time.perf_counter() - start
            if first is None and any(marker in seen for marker in FIRST_PAINT):
                first = now
            if DATA in seen:
                data = now
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=5)
        os.close(main)
    if first is None or data is None:
        raise SystemExit(f"the app did not show what was expected; it printed:\n{seen[-2000:]!r}")
    return first, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TUTOR_HOME": home, "TUTOR_PACK_PATH": ""}
        subprocess.run(
            [sys.executable, "-m", "tutor_tui", "learners", "add", "Benchmark"],
            env=env,
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, "-m", "tutor_tui", "packs", "list"],
            env=env,
            check=True,
            capture_output=True,
        )
        measure(home)  # warm the file cache, as any second start would be
        firsts, datas = [], []
        for _ in range(args.runs):
            first, data = measure(home)
            firsts.append(first)
            datas.append(data)
    print(f"{args.runs} runs in an 80x24 pseudo-terminal")
    print(
        f"first paint:        median {statistics.median(firsts):.3f} s,"
        f" max {max(firsts):.3f} s (target < 0.4 s)"
    )
    print(
        f"learner data shown: median {statistics.median(datas):.3f} s,"
        f" max {max(datas):.3f} s (target < 0.9 s)"
    )


if __name__ == "__main__":
    main()
