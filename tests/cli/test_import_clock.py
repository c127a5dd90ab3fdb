"""`tutor import` of a placement check taken on a computer whose clock read behind."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from testkit.commands import Command

from tutor_tui.core.clock import FixedClock
from tutor_tui.core.grading.graders import correct_response
from tutor_tui.files.bundle import write_bundle
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PY = "python-foundations"
NOW = "2027-02-07T09:00:00"


def _laptop(catalog: Any, at: datetime) -> Tutor:
    return Tutor(Store.open("sqlite://"), {PY: catalog.get(PY)}, FixedClock(at))


def _export(tutor: Tutor, path: Path) -> str:
    write_bundle(path, tutor.store.export_rows(), tutor.now())
    return str(path)


@pytest.mark.sqlite_only  # two data homes, each its own database
def test_a_check_dated_before_the_practice_here_masters_nothing_in_either_order(
    tutor_command: Command, built_in_catalog: Any, tmp_path: Path
) -> None:
    """Sam said "I don't know" to every question of Numbers and recited their answers the next
    day; a check on another computer, its clock a day behind, under his name, he answered right
    (he had learned the answers). Both bundles imported at the tutor's, in either order: Numbers
    stays unmastered, and the import says which skills placed do not count."""
    practice = _laptop(built_in_catalog, datetime(2027, 2, 1, 10, 0, tzinfo=UTC))
    sam = practice.add_learner("Sam")
    numbers = built_in_catalog.get(PY).skill("numbers").questions
    for day in range(2):
        for question in numbers:
            practice.clock.at += timedelta(minutes=1)  # type: ignore[attr-defined]
            right = correct_response(question) if day else None
            practice.answer(sam, PY, question.id, right, seconds=20)
        practice.clock.at += timedelta(days=1)  # type: ignore[attr-defined]
    check = _laptop(built_in_catalog, datetime(2027, 1, 31, 8, 0, tzinfo=UTC))
    run = check.start_placement(check.add_learner("Sam"), built_in_catalog.get(PY))
    while (shown := run.next_question()) is not None:
        check.clock.at += timedelta(minutes=1)  # type: ignore[attr-defined]
        run.answer(shown.question.id, correct_response(shown.question), seconds=10.0)
    _, placed = run.finish()
    assert "numbers" in placed
    bundles = [_export(check, tmp_path / "check.zip"), _export(practice, tmp_path / "sam.zip")]
    standings = []
    for order, bundle_list in enumerate((bundles, bundles[::-1])):
        home = {"TUTOR_HOME": str(tmp_path / f"home{order}"), "TUTOR_NOW": NOW}
        said = [tutor_command("import", bundle, **home) for bundle in bundle_list]
        assert all(ran.code == 0 for ran in said), said
        # Numbers, placed and practised: the import that met both says it is not placed out.
        told = said[1].stdout.splitlines()
        assert (
            "1 of the skills placed does not count as placed out: the learner practised it,"
            " and practice, not a check, says where it stands."
            if order
            else "1 skill placed out here before no longer counts as placed out: the bundle holds"
            " the learner's practice on it, which says where it stands."
        ) in told, told
        ran = tutor_command("progress", "--learner", "Sam", "--pack", PY, "--json", **home)
        skills = json.loads(ran.stdout)["packs"][0]["skills"]
        standings.append({s["skill"]: (s["status"], s["mastered"]) for s in skills})
    assert standings[0]["numbers"] in (("held", False), ("in progress", False))
    assert standings[0] == standings[1]
