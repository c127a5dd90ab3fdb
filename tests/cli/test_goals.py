"""`tutor goals` and the goal in `tutor progress`: set, listed, done; bad input changes nothing."""

from __future__ import annotations

import json

from testkit.commands import Command

NOW = {"TUTOR_NOW": "2026-11-23T10:00:00+00:00"}
PACK = "fractions-ratios"


def test_goal_commands_from_outside(tutor_command: Command) -> None:
    assert tutor_command("learners", "add", "ada", **NOW).code == 0
    bad = [
        ("--by", "2026-11-01", "--daily", "20"),
        ("--by", "someday", "--daily", "20"),
        ("--by", "2026-12-20", "--daily", "300"),
    ]
    for args in bad:
        result = tutor_command("goals", "set", "-l", "ada", "-p", PACK, *args)
        assert result.code == 1
        assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    listed = tutor_command("goals", "list", "-l", "ada", "--json")
    assert json.loads(listed.stdout) == []  # nothing saved by the refusals
    made = tutor_command(
        "goals", "set", "-l", "ada", "-p", PACK, "--by", "2026-12-20", "--daily", "20", "--json"
    )
    assert made.code == 0, made.stderr
    goal = json.loads(made.stdout)
    assert goal["forecast"]["status"] in ("ahead", "on track")
    progress = json.loads(tutor_command("progress", "-l", "ada", "--json").stdout)
    packs = {p["pack"]: p for p in progress["packs"]}
    assert packs[PACK]["goal"]["forecast"]["due_by"] == "2026-12-20"
    assert tutor_command("goals", "done", "-l", "ada", "-p", PACK).code == 0
    assert tutor_command("goals", "drop", "-l", "ada", "-p", PACK).code == 1
