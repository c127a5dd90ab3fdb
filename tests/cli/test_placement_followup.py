"""Through the commands: what a missed check sends back on Fractions, and "I don't know" in a
placement check stored as a miss."""

from __future__ import annotations

import json
import re

import pytest
from testkit.commands import Command

PACK = "fractions-ratios"
# A check found these known: Simplifying fractions and Proportion answered right, the rest
# inferred (What a fraction is and Equivalent fractions from Simplifying, Ratios from Proportion).
PLACED = (
    "what-is-a-fraction",
    "equivalent-fractions",
    "simplifying-fractions",
    "ratios",
    "proportion",
    "inverse-proportion",
)


def states(tutor_command: Command, name: str) -> dict[str, str]:
    """Each skill's standing, as `tutor progress --json` says, for the skills not new."""
    ran = tutor_command("progress", "--learner", name, "--pack", PACK, "--json")
    assert ran.code == 0, ran.stderr
    skills = json.loads(ran.stdout)["packs"][0]["skills"]
    return {s["skill"]: s["standing"]["state"] for s in skills if s["standing"]["state"] != "new"}


def test_a_missed_check_sends_back_what_requires_the_skill_and_keeps_what_it_requires(
    tutor_command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor_tui.cli.context import Context

    monkeypatch.setenv("TUTOR_NOW", "2027-03-01T10:00:00")
    assert tutor_command("learners", "add", "Eve").code == 0
    tutor = Context().tutor
    eve = tutor.learner("Eve")
    tutor.answer(eve, PACK, "simp-6-8", "5/7", kind="placement")
    tutor.answer(eve, PACK, "prop-car-per-hour", "50", kind="placement")
    tutor.place(eve, PACK, dict.fromkeys(PLACED, 0.95))

    monkeypatch.setenv("TUTOR_NOW", "2027-03-05T10:00:00")
    base = ("answer", "--learner", "Eve", "--pack", PACK)
    right = tutor_command(*base, "wif-pizza-left", "5/12", "--json")
    assert json.loads(right.stdout)["correct"] and json.loads(right.stdout)["sent_back"] == []
    monkeypatch.setenv("TUTOR_NOW", "2027-03-05T10:01:00")
    miss = json.loads(tutor_command(*base, "ratio-three-part", "zzqq", "--json").stdout)
    # Failing Ratios says the learner does not know what requires it; nothing against what it
    # requires, which Simplifying fractions, answered right, still stands on.
    assert miss["correct"] is False
    assert miss["sent_back"] == ["ratios", "proportion", "inverse-proportion"]
    assert states(tutor_command, "Eve") == {
        "what-is-a-fraction": "placed out",
        "equivalent-fractions": "placed out",
        "simplifying-fractions": "placed out",
        "ratios": "learning",
    }


def test_i_dont_know_in_a_placement_check_is_stored_as_a_miss(
    tutor_command: Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor_tui.cli.context import Context

    assert tutor_command("learners", "add", "Zed").code == 0
    ran = tutor_command(
        "placement", "--learner", "Zed", "--pack", PACK, "--max-questions", "3", stdin="n\n" * 3
    )
    assert ran.code == 0, ran.stderr
    # The check may settle every skill before its third question (its order is the learner's
    # own): each question it asked is one miss stored.
    asked = re.findall(r"^Question \d+, on ", ran.stdout, flags=re.MULTILINE)
    assert 1 <= len(asked) <= 3, ran.stdout
    tutor = Context().tutor
    attempts = tutor.attempts(tutor.learner("Zed"), PACK)
    assert [(a.kind, a.score) for a in attempts] == [("placement", 0.0)] * len(asked)
