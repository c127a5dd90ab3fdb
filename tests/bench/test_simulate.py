"""The simulation in bench/simulate.py gives the same figures for the same seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"

# One learner who knows half of a pack, under every policy, placement check included, cut short:
# what the run draws (the learner's id seeds their placement check) and what it iterates over.
RUN = """
import sys
from dataclasses import replace
sys.path.insert(0, sys.argv[1])
import simulate
from tutor_tui.packs.catalog import builtin_packs_home
home = sys.argv[2]
path = str(builtin_packs_home() / "fractions-ratios")
world = replace(simulate.World(), cap=60)
simulate._init({"home": home, "world": world, "seed": 3, "pack_paths": {"fractions-ratios": path},
                "planner_set": {}, "mastery_set": {}})
print(simulate.simulate_one(("fractions-ratios", "partial", 0)))
"""


def test_one_seed_gives_the_same_figures_under_any_hash_seed(tmp_path: Path) -> None:
    runs = []
    for hash_seed in ("0", "1"):
        home = tmp_path / hash_seed
        home.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        command = [sys.executable, "-c", RUN, str(BENCH), str(home)]
        runs.append(subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True))
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert "planner" in outputs[0]
    assert outputs[0] == outputs[1]
