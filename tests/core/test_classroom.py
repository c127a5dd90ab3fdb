"""The class: a roster imported by the command whole or not at all, and the class report built
through the service, with its numbers, its stuck rule, goal standings and who needs help now, in
every format."""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import typer
from testkit import TutorFor
from testkit.sessions import PACK
from typer.testing import CliRunner

from tutor_tui.cli.classroom import learners_import, report_app
from tutor_tui.core import grading
from tutor_tui.core.classroom import (
    MEAN_RULE,
    STUCK_RULE,
    ClassReport,
    GoalFacts,
    HeatCell,
    LearnerFacts,
    PackInfo,
    SkillFacts,
    build_class_report,
    is_stuck,
)
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack
from tutor_tui.core.errors import NotFound
from tutor_tui.render.classroom import (
    BAND_LABELS,
    CSV_COLUMNS,
    HEAT_KEY,
    PLACED_BAND,
    band,
    heat_text,
    summary_cells,
    to_csv,
    to_html,
    to_json,
)
from tutor_tui.service.reports import class_report

PACK_ID = "fractions-ratios"
TITLE = "Fractions and Ratios"
HOSTILE = "<script>alert(1)</script>"
# Noon, so that the local day is the same day wherever the tests run.
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TODAY = START + timedelta(days=10)
FIRST_QUESTION = "wif-denominator-name"  # a choice question of the pack's first skill; "7" is right


@pytest.fixture(scope="module")
def catalog() -> Any:
    from tutor_tui.packs.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="module")
def packs(catalog: Any) -> dict[str, Pack]:
    return {pack_id: entry.result.pack for pack_id, entry in catalog.packs.items()}


def study(tutor: Any, learner: Any, clock: FixedClock, steps: int) -> None:
    """Follow the tutor for `steps` activities, every answer right, 40 seconds each."""
    for _ in range(steps):
        clock.at += timedelta(minutes=2)
        activity = tutor.next(learner, PACK_ID)
        if activity.kind == "done":
            return
        if activity.kind == "lesson":
            tutor.read_lesson(learner, PACK_ID, activity.skill_id)
            continue
        question = tutor.pack(PACK_ID).question(activity.question_id)
        tutor.answer(learner, PACK_ID, question.id, grading.correct_response(question), seconds=40)


def answer_first(tutor: Any, learner: Any, clock: FixedClock, rights: str) -> None:
    """Answer the first skill's choice question: "1" right, "0" wrong, in order."""
    for right in rights:
        clock.at += timedelta(minutes=1)
        tutor.answer(learner, PACK_ID, FIRST_QUESTION, "7" if right == "1" else "5", seconds=30)


def build_class(tutor: Any, clock: FixedClock) -> None:
    """Six learners in two groups, from 2 to 12 March 2026.

    7B: Ana studies well on three days; Ben tried the first skill 8 times and still finds it
    hard; Eli missed it 3 times in a row. 7C: Caro set a goal due in three weeks and has been away
    10 days; Dee set a goal due in a week that her plan cannot reach; Gus set a goal due in three
    weeks and has not begun. (Ten days away, each moving the finish two days at most, put a goal
    behind only where its slack was less than twenty days.)
    """
    add = tutor.store.add_learner
    ana, ben, eli = (add(name, START, "7B") for name in ("Ana", "Ben", "Eli"))
    caro, dee, gus = (add(name, START, "7C") for name in ("Caro", "Dee", "Gus"))
    for day in range(3):
        clock.at = START + timedelta(days=day)
        study(tutor, ana, clock, 15)
    clock.at = START + timedelta(days=3)
    answer_first(tutor, ben, clock, "00100100")
    clock.at = START + timedelta(days=8)
    answer_first(tutor, eli, clock, "000")
    clock.at = START
    tutor.set_goal(caro, PACK_ID, date(2026, 3, 23), 30)
    tutor.set_goal(gus, PACK_ID, date(2026, 3, 23), 20)
    study(tutor, caro, clock, 5)
    clock.at = START + timedelta(days=9)
    tutor.set_goal(dee, PACK_ID, date(2026, 3, 16), 5)
    study(tutor, dee, clock, 6)
    clock.at = TODAY


@pytest.fixture(scope="module")
def school(packs: dict[str, Pack]) -> Any:
    """A tutor holding the class, built once for the module: the shared fixtures are built anew
    for every test, and the class is the slowest thing here to build."""
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    clock = FixedClock(START)
    tutor = Tutor(Store.open("sqlite://"), packs, clock)
    build_class(tutor, clock)
    return tutor


@pytest.fixture(scope="module")
def report(school: Any) -> ClassReport:
    return class_report(school)


def standing(report: ClassReport, name: str) -> Any:
    return next(learner for learner in report.learners if learner.name == name)


# Roster: the command ----------------------------------------------------------------------------


@pytest.fixture
def command(catalog: Any, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """`tutor learners import` and `tutor report class` on a stand-in app, as `main` wires them."""
    from tutor_tui.cli.context import Context

    monkeypatch.setattr(Context, "catalog", catalog)
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    monkeypatch.setenv("TUTOR_NOW", TODAY.isoformat())
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

    @app.callback()
    def _root() -> None:
        """A stand-in for the tutor's app."""

    learners = typer.Typer()
    learners.command("import")(learners_import)
    app.add_typer(learners, name="learners")
    app.add_typer(report_app, name="report")
    return app


def run(app: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=True)


def run_main(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str
) -> tuple[int, str, str]:
    """Through `program.main`, as the `tutor` script runs: (exit status, stdout, stderr)."""
    from tutor_tui.cli import main as cli
    from tutor_tui.cli import program

    monkeypatch.setattr(cli, "app", app)
    monkeypatch.setattr(sys, "argv", ["tutor", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        program.main()
    out = capsys.readouterr()
    return exited.value.code, out.out, out.err  # type: ignore[return-value]


def stored(packs: dict[str, Pack]) -> dict[str, str | None]:
    from tutor_tui.store.database import Store

    store = Store.open()
    try:
        return {learner.name: learner.group for learner in store.learners()}
    finally:
        store.close()


def test_importing_a_roster_adds_its_learners_once(
    command: typer.Typer, packs: dict[str, Pack], tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\ufeffname,group\nAna,7B\nBen,\nCaro,7C\n".encode())
    result = run(command, "learners", "import", str(roster))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Added Ana (group 7B).",
        "Added Ben.",
        "Added Caro (group 7C).",
        "Added 3 learners.",
    ]
    assert stored(packs) == {"Ana": "7B", "Ben": None, "Caro": "7C"}
    # Again, with Caro moved and one new learner: no one is added twice.
    roster.write_text("name,group\nAna,7B\nCaro,7D\nDee,7D\n", encoding="utf-8")
    result = run(command, "learners", "import", str(roster))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Added Dee (group 7D).",
        "Already here: Ana.",
        "Already here: Caro, moved from group 7C to group 7D.",
        "Added 1 learner; 2 already here.",
    ]
    assert stored(packs) == {"Ana": "7B", "Ben": None, "Caro": "7D", "Dee": "7D"}
    roster.write_text("name\nAna\n", encoding="utf-8")
    assert run(command, "learners", "import", str(roster)).stdout.splitlines() == [
        "Already here: Ana.",
        "No one new: the learner is already here.",
    ]


def test_a_refused_roster_adds_no_one(
    command: typer.Typer,
    packs: dict[str, Pack],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,group\nAna,7B\nBen,7B\n,7C\nAna,7C\n", encoding="utf-8")
    code, out, err = run_main(command, monkeypatch, capsys, "learners", "import", str(roster))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{roster}:4: the name is empty",
        f"{roster}:5: 'Ana' is already on line 2",
        "Nothing was added: fix the file and import it again.",
    ]
    assert stored(packs) == {}
    code, out, err = run_main(
        command, monkeypatch, capsys, "learners", "import", str(tmp_path / "missing.csv")
    )
    assert code == 1 and err.startswith("error: cannot read ") and len(err.splitlines()) == 1
    code, out, err = run_main(command, monkeypatch, capsys, "learners", "import", str(tmp_path))
    assert code == 1 and err.startswith("error: cannot read ") and len(err.splitlines()) == 1
    # A file far too big for a roster (or an endless one) is not read whole.
    big = tmp_path / "big.csv"
    big.write_bytes(b"name\n" + b"x" * (16 * 2**20))
    code, out, err = run_main(command, monkeypatch, capsys, "learners", "import", str(big))
    assert code == 1
    assert err == f"error: cannot read {big}: it is larger than 16 MiB, which is no roster\n"
    # One learner already here, written in other capitals: the whole file is refused.
    roster.write_text("name\nAna\n", encoding="utf-8")
    assert run(command, "learners", "import", str(roster)).exit_code == 0
    roster.write_text("name,group\nBen,7B\nANA,7B\n", encoding="utf-8")
    code, out, err = run_main(command, monkeypatch, capsys, "learners", "import", str(roster))
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith(f"{roster}:3: 'ANA' differs only in capitals from 'Ana'")
    assert stored(packs) == {"Ana": None}


# The report's contents --------------------------------------------------------------------------


def test_mastery_and_time_agree_with_the_service(school: Any, report: ClassReport) -> None:
    pack = school.pack(PACK_ID)
    assert [learner.name for learner in report.learners] == [
        "Ana", "Ben", "Caro", "Dee", "Eli", "Gus",
    ]  # fmt: skip
    assert [p.id for p in report.packs] == [PACK_ID]
    for learner in report.learners:
        person = school.learner(learner.name)
        skills = school.skill_reports(person, pack)
        [record] = learner.packs
        assert record.mastered == learner.mastered == sum(1 for s in skills if s.mastered)
        assert learner.skills_total == len(pack.skills)
        mean = sum(s.progress.p_known for s in skills) / len(pack.skills)
        assert learner.mean_mastery == pytest.approx(mean)
        answers, seconds = school.totals(person).get(PACK_ID, (0, 0.0))
        assert (learner.answers, learner.seconds) == (answers, seconds)
    ana = standing(report, "Ana")
    assert ana.mastered >= 5 and ana.seconds == 40 * ana.answers
    assert ana.last_active is not None and ana.days_away == 8
    gus = standing(report, "Gus")
    assert (gus.mastered, gus.answers, gus.last_active, gus.days_away) == (0, 0, None, None)


def test_the_stuck_rule() -> None:
    def facts(attempts: int, misses: int, p_known: float, mastered: bool = False) -> SkillFacts:
        return SkillFacts("s", p_known, mastered, attempts, misses, started=True)

    assert is_stuck(facts(6, 0, 0.49))
    assert not is_stuck(facts(5, 0, 0.2))  # too few tries yet
    assert not is_stuck(facts(6, 0, 0.5))  # growing
    assert is_stuck(facts(3, 3, 0.9))  # three misses in a row, whatever the estimate
    assert not is_stuck(facts(3, 2, 0.1))
    assert not is_stuck(facts(20, 5, 0.2, mastered=True))  # mastered is never stuck
    assert "6 or more tries" in STUCK_RULE and "3 or more misses in a row" in STUCK_RULE


def test_placed_out_reads_as_placed_out_in_every_format() -> None:
    info = PackInfo("p", "P", (("s0", "Zero"), ("s1", "One"), ("s2", "Two")))
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    skills = [
        SkillFacts("s0", 0.95, False, 0, 4, True, "placed out"),  # misses never make it stuck
        SkillFacts("s1", 0.97, True, 5, 0, True, "mastered"),
        SkillFacts("s2", 0.1, False, state="new"),
    ]
    found = build_class_report([LearnerFacts("Ann", None, {"p": skills})], [info], now, tz=UTC)
    [ann] = found.learners
    assert (ann.mastered, ann.placed_out, ann.skills_total, ann.stuck) == (1, 1, 3, ())
    assert ann.mean_mastery == pytest.approx((0.95 + 0.97 + 0.1) / 3)
    placed, mastered, new = found.heat_maps[0].rows[0]
    assert (heat_text(placed), heat_text(mastered), heat_text(new)) == ("95»", "97✓", "–")
    assert band(placed) == PLACED_BAND != band(mastered)
    assert "» placed out" in HEAT_KEY and "placed out (»)" in BAND_LABELS
    assert summary_cells(ann)[2:5] == ("1 of 3", "1", "67%")
    row = dict(zip(CSV_COLUMNS, list(csv.reader(io.StringIO(to_csv(found))))[1], strict=True))
    assert (row["skills_mastered"], row["skills_placed_out"]) == ("1", "1")
    [learner] = json.loads(to_json(found))["learners"]
    assert (learner["skills_mastered"], learner["skills_placed_out"]) == (1, 1)
    assert learner["packs"][0]["skills_placed_out"] == 1
    assert learner["packs"][0]["states"] == {"s0": "placed out", "s1": "mastered", "s2": "new"}
    page = to_html(found)
    assert "95%, placed out" in page and 'class="cell b5"' in page and "placed out (»)" in page
    assert html.escape(MEAN_RULE) in page


def test_stuck_skills_in_the_report(report: ClassReport) -> None:
    [ben] = standing(report, "Ben").stuck
    assert (ben.skill_id, ben.attempts, ben.misses_in_a_row) == ("what-is-a-fraction", 8, 2)
    assert ben.p_known < 0.5 and ben.title == "What a fraction is"
    [eli] = standing(report, "Eli").stuck
    assert (eli.attempts, eli.misses_in_a_row) == (3, 3)
    assert eli.evidence() == "3 misses in a row"
    assert all(not standing(report, n).stuck for n in ("Ana", "Caro", "Dee", "Gus"))


def test_goal_status_follows_the_forecast(school: Any, report: ClassReport) -> None:
    for name in ("Caro", "Dee", "Gus"):
        person = school.learner(name)
        forecast = school.forecast(person, school.active_goal(person, PACK_ID))
        goal = standing(report, name).goal
        assert goal is not None and goal.status == forecast.status == "behind"
        assert goal.due_by == forecast.due_by
        assert goal.change == forecast.change  # why it moved since yesterday, as --json gives it
    dee = standing(report, "Dee").goal
    assert dee is not None and dee.days is not None and dee.days < 0
    assert dee.words() == f"behind by {-dee.days} days"
    assert standing(report, "Ana").goal is None

    # Every status, from plain facts: pace's "done" reads "reached".
    info = PackInfo("p", "P", (("s", "S"),))
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    cases = {
        "done": ("reached", "reached"),
        "ahead": ("ahead", "ahead by 4 days"),
        "on track": ("on track", "on track"),
        "behind": ("behind", "behind by 4 days"),
    }
    for status, (shown, words) in cases.items():
        days = {"ahead": 4, "behind": -4}.get(status, 0)
        goal_facts = GoalFacts("p", status, days, date(2026, 4, 1), date(2026, 3, 1), now.date())
        facts = LearnerFacts("A", None, {"p": [SkillFacts("s", 0.3, False, 2, 0, True)]},
                             goals={"p": goal_facts}, last_active=now)  # fmt: skip
        [learner] = build_class_report([facts], [info], now, tz=UTC).learners
        assert learner.goal is not None
        assert (learner.goal.status, learner.goal.words()) == (shown, words)


def test_who_needs_help_now_in_order_and_kind_words(school: Any, report: ClassReport) -> None:
    dee = school.learner("Dee")
    behind = -school.forecast(dee, school.active_goal(dee, PACK_ID)).days
    assert [(h.name, h.reasons) for h in report.needs_help] == [
        ("Ben", ("could use a hand with What a fraction is (8 tries, 6% mastery)",)),
        ("Eli", ("could use a hand with What a fraction is (3 misses in a row)",)),
        ("Dee", (f"behind on the {TITLE} goal by about {behind} days",)),
        ("Caro", (f"has not studied for 10 days, with a goal in {TITLE}",)),
        ("Gus", (f"has not started yet, with a goal in {TITLE} set 10 days ago",)),
    ]
    assert standing(report, "Ben").help == report.needs_help[0].reasons
    assert standing(report, "Ana").help == ()


def test_a_learner_with_several_reasons_is_listed_once_with_all() -> None:
    info = PackInfo("p", "P", tuple((f"s{i}", f"Skill {i}") for i in range(3)))
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    stuck = [SkillFacts(f"s{i}", 0.2, False, 7, 0, True) for i in range(2)]
    goal = GoalFacts("p", "behind", -6, date(2026, 3, 20), date(2026, 3, 1), date(2026, 3, 26))
    facts = LearnerFacts("Ann", "A", {"p": stuck}, goals={"p": goal}, last_active=now)
    away = replace(facts, name="Bo", skills={}, last_active=now - timedelta(days=5))
    found = build_class_report([away, facts], [info], now, tz=UTC)
    assert [(h.name, h.reasons) for h in found.needs_help] == [
        ("Ann", ("could use a hand with Skill 0 (7 tries, 20% mastery) and 1 other skill",
                 "behind on the P goal by about 6 days")),
        # Away with a goal: that says it; not also "behind".
        ("Bo", ("has not studied for 5 days, with a goal in P",)),
    ]  # fmt: skip


def test_the_heat_map_reads_without_colour(report: ClassReport) -> None:
    [heat] = report.heat_maps
    assert heat.pack.id == PACK_ID and len(heat.pack.skills) == len(PACK.skills)
    # Everyone studies the pack (Gus by his goal alone), so everyone has a row.
    assert heat.learners == ("Ana", "Ben", "Caro", "Dee", "Eli", "Gus")
    rows = dict(zip(heat.learners, heat.rows, strict=True))
    assert heat_text(rows["Ben"][0]) == "6!" and band(rows["Ben"][0]) == 0
    assert all(heat_text(cell) == "–" and band(cell) is None for cell in rows["Gus"])
    assert heat_text(rows["Ana"][0]).endswith("✓") and band(rows["Ana"][0]) == 4
    assert [heat_text(HeatCell(p)) for p in (0.0, 0.249, 0.5, 0.94)] == ["0", "25", "50", "94"]
    assert [band(HeatCell(p)) for p in (0.0, 0.249, 0.5, 0.94)] == [0, 0, 2, 3]


# Filters ----------------------------------------------------------------------------------------


def test_a_group_limits_the_report(school: Any) -> None:
    found = class_report(school, group="7C")
    assert [learner.name for learner in found.learners] == ["Caro", "Dee", "Gus"]
    assert [h.name for h in found.needs_help] == ["Dee", "Caro", "Gus"]
    assert found.title() == "Class report · group 7C"
    with pytest.raises(NotFound, match=r"no group '7A'; the groups are: 7B, 7C"):
        class_report(school, group="7A")
    with pytest.raises(NotFound, match="no pack 'nope'"):
        class_report(school, pack="nope")


def test_a_pack_no_one_studies_shows_everyone_not_begun(school: Any) -> None:
    found = class_report(school, group="7B", pack="git-essentials")
    [heat] = found.heat_maps
    assert heat.learners == ("Ana", "Ben", "Eli")
    assert all(heat_text(cell) == "–" for row in heat.rows for cell in row)
    assert all(
        learner.skills_total == 0 and learner.mean_mastery is None for learner in found.learners
    )
    assert found.needs_help == () and found.title() == "Class report · group 7B · Git Essentials"


# Formats ----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_learner(report: ClassReport) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(report))))
    assert tuple(rows[0]) == CSV_COLUMNS
    found = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert list(found) == ["Ana", "Ben", "Caro", "Dee", "Eli", "Gus"]
    assert found["Ben"]["stuck_skills"] == "What a fraction is"
    assert found["Ben"]["needs_help"].startswith("could use a hand with What a fraction is")
    assert (
        found["Ana"]["skills_total"] == str(len(PACK.skills))
        and found["Ana"]["goal_status"] == "none"
    )
    assert found["Ana"]["last_active"] == "2026-03-04" and found["Ana"]["days_away"] == "8"
    assert found["Gus"]["last_active"] == "" and found["Gus"]["goal_status"] == "behind"
    assert float(found["Ana"]["minutes_studied"]) == round(standing(report, "Ana").seconds / 60, 1)


def test_csv_keeps_a_name_from_becoming_a_formula() -> None:
    now = datetime(2026, 3, 10, 12, tzinfo=UTC)
    facts = LearnerFacts('=HYPERLINK("x")', "+7B", {})
    [_, row] = list(csv.reader(io.StringIO(to_csv(build_class_report([facts], [], now)))))
    assert row[:2] == ['\'=HYPERLINK("x")', "'+7B"]


def test_json_shape(report: ClassReport) -> None:
    data = json.loads(to_json(report))
    assert (data["format"], data["version"], data["group"], data["pack"]) == (
        "tutor-class-report", 1, None, None,
    )  # fmt: skip
    assert data["generated"] == TODAY.isoformat()
    assert data["rules"] == {"stuck": STUCK_RULE, "inactive_days": 3, "mean_mastery": MEAN_RULE}
    assert [p["pack"] for p in data["packs"]] == [PACK_ID] and len(
        data["packs"][0]["skills"]
    ) == len(PACK.skills)
    ben = next(learner for learner in data["learners"] if learner["name"] == "Ben")
    assert set(ben) == {
        "name", "group", "skills_mastered", "skills_total", "skills_placed_out", "mean_mastery",
        "seconds", "answers", "goal", "last_active", "days_away", "stuck", "needs_help", "packs",
    }  # fmt: skip
    assert ben["packs"][0]["states"]["what-is-a-fraction"] == "learning"
    assert ben["stuck"][0]["skill"] == "what-is-a-fraction" and ben["stuck"][0]["attempts"] == 8
    mastery = ben["packs"][0]["mastery"]
    assert mastery["what-is-a-fraction"] == pytest.approx(0.06, abs=0.01)
    assert mastery["equivalent-fractions"] is None
    dee = next(learner for learner in data["learners"] if learner["name"] == "Dee")
    assert dee["goal"]["status"] == "behind" and dee["goal"]["days_behind"] > 0
    assert dee["goal"]["change"] == standing(report, "Dee").goal.change is not None
    assert [h["name"] for h in data["needs_help"]] == ["Ben", "Eli", "Dee", "Caro", "Gus"]


class Tags(HTMLParser):
    """The tags and attributes of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_everything_and_fetches_nothing(
    packs: dict[str, Pack], tutor_for: TutorFor, clock: FixedClock
) -> None:
    hostile_packs = dict(packs)
    hostile_packs[PACK_ID] = replace(packs[PACK_ID], title='Fractions "&" <b>Ratios</b>')
    clock.at = START
    tutor = tutor_for(hostile_packs)
    group = '"><img src=x onerror=alert(1)>'
    learner = tutor.store.add_learner(HOSTILE, START, group)
    answer_first(tutor, learner, clock, "000")
    page = to_html(class_report(tutor, group=group))
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Fractions &quot;&amp;&quot; &lt;b&gt;Ratios&lt;/b&gt;" in page
    lowered = page.lower()
    for outside in ("http:", "https:", "//", "url(", "@import", "<link", "src=", "javascript:"):
        assert outside not in lowered.replace("&lt;img src=x", ""), outside
    parsed = Tags()
    parsed.feed(page)
    assert parsed.tags <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p",
        "section", "ol", "li", "span", "div", "table", "thead", "tbody", "tr", "th", "td", "ul",
        "footer",
    }  # fmt: skip
    assert not any(a.startswith("on") for a in parsed.attributes)
    assert HOSTILE in "".join(parsed.text)


def test_html_shows_the_class(report: ClassReport) -> None:
    page = to_html(report)
    parsed = Tags()
    parsed.feed(page)
    text = "".join(parsed.text)
    assert "Who needs help now" in text and "Ben" in text and "What a fraction is" in text
    assert "6!" in text and "–" in text  # the cells' numbers and marks, not colour alone
    assert 'class="cell b0 stuck"' in page


# The command ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def class_database(packs: dict[str, Pack], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding the class, built once for the module's commands to read copies of.

    Not the shared fixtures: the command opens the data home's database itself.
    """
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    path = tmp_path_factory.mktemp("class") / "tutor.db"
    clock = FixedClock(START)
    store = Store.open(f"sqlite:///{path}")
    build_class(Tutor(store, packs, clock), clock)
    store.close()
    return path


@pytest.fixture
def filled(command: typer.Typer, class_database: Path, tutor_home: Path) -> typer.Typer:
    """The stand-in app over the data home's database, a copy of the class's."""
    shutil.copyfile(class_database, tutor_home / "tutor.db")
    return command


@pytest.mark.parametrize(
    ("args", "name", "check"),
    [
        ([], "class.csv", lambda text: text.startswith("name,group,")),
        ([], "class.JSON", lambda text: json.loads(text)["format"] == "tutor-class-report"),
        ([], "class.html", lambda text: text.startswith("<!DOCTYPE html>")),
        ([], "class.txt", lambda text: "Who needs help now" in text and "Ben" in text),
        (["--format", "csv"], "class.out", lambda text: text.startswith("name,group,")),
    ],
)
def test_the_command_writes_each_format(
    filled: typer.Typer, tmp_path: Path, args: list[str], name: str, check: Any
) -> None:
    target = tmp_path / name
    result = run(filled, "report", "class", "-o", str(target), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}\n"
    assert check(target.read_text(encoding="utf-8"))


def test_the_command_prints_a_table_or_a_format(filled: typer.Typer) -> None:
    result = run(filled, "report", "class", "--group", "7B", "--pack", PACK_ID)
    assert result.exit_code == 0, result.output
    assert "Class report · group 7B · Fractions and Ratios" in result.stdout
    assert "1. Ben: could use a hand with What a fraction is" in result.stdout
    assert "Caro" not in result.stdout and " 1 What a fraction is" in result.stdout
    result = run(filled, "report", "class", "-f", "json", "-g", "7C")
    assert [learner["name"] for learner in json.loads(result.stdout)["learners"]] == [
        "Caro", "Dee", "Gus",
    ]  # fmt: skip


def test_command_errors(
    filled: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    for args, start in [
        (["--group", "7A"], "error: no group '7A'; the groups are: 7B, 7C"),
        (["--pack", "nope"], "error: no pack 'nope'"),
    ]:
        code, out, err = run_main(filled, monkeypatch, capsys, "report", "class", *args)
        assert code == 1 and out == "" and err.startswith(start) and len(err.splitlines()) == 1
    result = run(filled, "report", "class", "-o", str(tmp_path / "class.pdf"))
    assert result.exit_code == 2 and "end it in .txt, .csv, .json or .html" in result.output
    result = run(filled, "report", "class", "--format", "pdf")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []
