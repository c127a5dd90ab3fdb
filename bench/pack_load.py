"""How long the built-in packs take to load: cold (parsed and checked) and from the cache.

Each measurement runs in a fresh Python process, so that imports count as a user would feel
them, and times `load_catalog()` from the first import of the tutor to the packs in hand.

    python bench/pack_load.py [--runs N]

Targets: under 0.5 s cold and under 0.1 s from the cache, for the three built-in packs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

PROBE = """
import json, time
start = time.perf_counter()
from tutor_tui.packs.catalog import load_catalog
catalog = load_catalog()
elapsed = time.perf_counter() - start
questions = sum(len(s.questions) for e in catalog.packs.values() for s in e.result.pack.skills)
print(json.dumps({"seconds": elapsed, "packs": len(catalog.packs), "questions": questions}))
"""


def run(home: str) -> dict[str, float]:
    env = {**os.environ, "TUTOR_HOME": home, "TUTOR_PACK_PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cold: list[float] = []
    cached: list[float] = []
    info: dict[str, float] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            info = run(home)  # empty cache: parse and check everything
            cold.append(info["seconds"])
            cached.append(run(home)["seconds"])  # the same home: from the cache
    print(f"{int(info['packs'])} packs, {int(info['questions'])} questions, {args.runs} runs each")
    print(
        f"cold   median {statistics.median(cold):.3f} s   max {max(cold):.3f} s   (target < 0.5 s)"
    )
    print(
        f"cached median {statistics.median(cached):.3f} s   max {max(cached):.3f} s"
        "   (target < 0.1 s)"
    )


if __name__ == "__main__":
    main()
