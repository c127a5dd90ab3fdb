"""A learner's group and settings, changed on two laptops, merge to the ones set last, in any
order; bundles of the first version, which carry no such times, still come in."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tutor_tui import sync
from tutor_tui.clock import FixedClock
from tutor_tui.packs.model import ChoiceQuestion, Mastery, Pack, Skill, Unit
from tutor_tui.store import Store
from tutor_tui.sync import read_bundle, write_bundle
from tutor_tui.tutor import Tutor

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PACK = Pack(
    id="p",
    title="P",
    version="1.0.0",
    units=(Unit(id="u", title="U", skills=("a",)),),
    skills=(
        Skill(
            id="a",
            title="A",
            unit="u",
            mastery=Mastery(),
            questions=(
                ChoiceQuestion(id="a1", skill="a", prompt="A?", choices=("y", "n"), answer="y"),
            ),
        ),
    ),
)


def laptop() -> Tutor:
    return Tutor(Store.open("sqlite://"), {PACK.id: PACK}, FixedClock(T0))


def later(tutor: Tutor, days: int) -> None:
    tutor.clock.at = T0 + timedelta(days=days)  # type: ignore[attr-defined]


def export(tutor: Tutor, path: Path) -> Path:
    write_bundle(path, tutor.store.export_rows(), tutor.now())
    return path


def test_the_group_and_settings_set_last_win_whichever_laptop_comes_first(tmp_path: Path) -> None:
    one, two = laptop(), laptop()
    for computer in (one, two):
        computer.store.import_roster([("Ana", "7A")], [], T0)
    later(two, 1)
    two.store.import_roster([], [("Ana", "7B")], two.now())  # moved on the second laptop
    later(one, 2)
    one.update_settings(one.learner("Ana"), desired_retention=0.8)  # set later, on the first
    later(two, 3)
    bundles = [export(one, tmp_path / "one.zip"), export(two, tmp_path / "two.zip")]
    for order in (bundles, bundles[::-1]):
        hub = laptop()
        hub.store.import_roster([("Ana", "7C")], [], T0)  # the tutor's own roster, older
        reports = [hub.store.merge(read_bundle(path), hub.params_for) for path in order]
        ana = hub.learner("Ana")
        assert (ana.group, ana.settings) == ("7B", {"desired_retention": 0.8})
        assert sum(report.updated["learners"] for report in reports) >= 1
        # And again changes nothing.
        assert not any(hub.store.merge(read_bundle(p), hub.params_for).changed for p in order)


def test_a_group_set_here_after_the_bundles_stays(tmp_path: Path) -> None:
    away = laptop()
    away.store.import_roster([("Ana", "7A")], [], T0)
    hub = laptop()
    later(hub, 5)
    hub.store.import_roster([("Ana", "7D")], [], hub.now())
    hub.store.merge(read_bundle(export(away, tmp_path / "away.zip")), hub.params_for)
    assert hub.learner("Ana").group == "7D"


def test_a_bundle_of_the_first_version_is_read(tmp_path: Path) -> None:
    """Written by an older tutor: version 1, learners without the times their group and settings
    were set. Its group is taken where there is none here."""
    away = laptop()
    away.store.import_roster([("Ana", "7A")], [], T0)
    path = export(away, tmp_path / "old.zip")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    learners = [json.loads(line) for line in members["learners.jsonl"].splitlines()]
    for row in learners:
        del row["group_set_at"], row["settings_set_at"]
    rows = {kind: [] for kind in sync.KINDS} | {"learners": learners}
    data = sync.encode(rows, T0)
    manifest = json.loads(data[sync.MANIFEST])
    manifest["version"] = 1
    data[sync.MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(tmp_path / "v1.zip", "w") as archive:
        for name, content in data.items():
            archive.writestr(name, content)
    hub = laptop()
    hub.add_learner("Ana")
    hub.store.merge(read_bundle(tmp_path / "v1.zip"), hub.params_for)
    assert hub.learner("Ana").group == "7A"


def test_an_event_here_already_with_other_content_refuses_the_whole_bundle(
    tmp_path: Path,
) -> None:
    """The same answer id with another score: a damaged or altered bundle. Taking either would
    make the log hang on which came first, so nothing of it is taken."""
    away = laptop()
    ana = away.add_learner("Ana")
    away.answer(ana, PACK.id, "a1", "y")
    path = export(away, tmp_path / "good.zip")
    hub = laptop()
    hub.store.merge(read_bundle(path), hub.params_for)
    rows = away.store.export_rows()
    rows["attempts"][0]["score"] = 0.0
    later(away, 1)
    away.add_learner("Ben")
    rows["learners"] = away.store.export_rows()["learners"]
    write_bundle(tmp_path / "altered.zip", rows, away.now())
    before = hub.store.export_rows()
    with pytest.raises(sync.BundleError, match="is here already with another score"):
        hub.store.merge(read_bundle(tmp_path / "altered.zip"), hub.params_for)
    assert hub.store.export_rows() == before  # Ben did not come in either
