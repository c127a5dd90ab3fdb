"""The portfolio: built from a learner's record, rendered to HTML, Markdown and JSON with every name
escaped and nothing fetched from elsewhere, and written by `tutor portfolio`."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer
from testkit import TutorFor
from testkit.portfolios import PACK_ID, START, built, walk
from typer.testing import CliRunner

from tutor_tui.cli.portfolio import portfolio
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import Pack
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.learner import Learner
from tutor_tui.core.pace import Goal
from tutor_tui.core.portfolio import MasteredSkill, PackRecord, Portfolio, build_portfolio
from tutor_tui.core.progress import MasteryPoint, day_span
from tutor_tui.render.charts import mastery_chart
from tutor_tui.render.html import page
from tutor_tui.render.portfolio import md, short_date, to_html, to_json, to_markdown
from tutor_tui.service.reports import goal_dict, learner_goals
from tutor_tui.service.tutor import Tutor

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def catalog() -> Any:
    from tutor_tui.packs.catalog import load_catalog

    return load_catalog()


@pytest.fixture(scope="module")
def packs(catalog: Any) -> dict[str, Pack]:
    found = {pack_id: entry.result.pack for pack_id, entry in catalog.packs.items()}
    # A pack title is the author's words: it may hold anything.
    found[PACK_ID] = replace(found[PACK_ID], title="Fractions & Ratios <i>")
    return found


@pytest.fixture
def walked(
    packs: dict[str, Pack], tutor_for: TutorFor, clock: FixedClock
) -> tuple[Tutor, Learner, FixedClock]:
    """A learner named like an attack who studied four days, seen two days after."""
    tutor = tutor_for(packs)
    learner = tutor.add_learner(HOSTILE)
    walk(tutor, learner, clock)
    clock.at = START + timedelta(days=6)
    return tutor, learner, clock


# Building ----------------------------------------------------------------------------------------


def test_an_empty_record_still_renders(packs: dict[str, Pack]) -> None:
    empty = build_portfolio(
        "Bo",
        date(2026, 3, 2),
        packs=[packs[PACK_ID]],
        skills={},
        attempts=[],
        params_for=lambda p, s: packs[PACK_ID].skill(s).mastery,
    )
    assert empty.answers == 0 and empty.accuracy is None and empty.mastered_count == 0
    assert "Just getting started" in to_html(empty)
    assert "No skill mastered yet" in to_markdown(empty)
    assert json.loads(to_json(empty))["summary"]["accuracy"] is None
    bare = Portfolio("Bo", date(2026, 3, 2), packs=())
    assert "No packs started yet." in to_html(bare) and "No answers yet." in to_html(bare)


# HTML --------------------------------------------------------------------------------------------

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p",
    "span", "div", "section", "figure", "figcaption", "svg", "desc", "line", "text", "polyline",
    "polygon", "circle", "details", "summary", "table", "thead", "tbody", "tr", "th", "td",
    "footer",
}  # fmt: skip


class Collector(HTMLParser):
    """Every tag and attribute, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_self_contained(page: str) -> Collector:
    lowered = page.lower()
    for reference in ("<script", "src=", "href=", "http:", "https:", "url(", "@import", "//"):
        assert reference not in lowered, reference
    parsed = Collector()
    parsed.feed(page)
    assert set(parsed.tags) <= ALLOWED_TAGS, set(parsed.tags) - ALLOWED_TAGS
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    return parsed


def test_html_escapes_names_and_titles_and_fetches_nothing(
    walked: tuple[Tutor, Learner, FixedClock],
) -> None:
    tutor, learner, _ = walked
    goals = [
        {"pack": PACK_ID, "pack_title": 'Fractions & "Ratios"', "skills": ["a"],
         "skill_titles": ["<b>bold</b>"], "by": "2026-04-30", "daily_minutes": 15},
    ]  # fmt: skip
    page = to_html(built(tutor, learner, goals))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    parsed = assert_self_contained(page)
    assert HOSTILE not in page and "<i>" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Fractions &amp; Ratios &lt;i&gt;" in page
    assert "Fractions &amp; &quot;Ratios&quot;" in page
    # Every & in the page starts an entity: nothing of the user's is left raw.
    assert not re.findall(r"&(?!amp;|lt;|gt;|quot;|#x27;)", page)
    text = "".join(parsed.text)
    assert f"Learning portfolio: {HOSTILE}" in text  # shown to the reader as written
    assert "Fractions & Ratios <i>" in text and "30 April 2026" in text and "15 min" in text
    assert "Goals" in text and "Skills mastered" in text and "Time studied" in text
    assert parsed.tags.count("svg") >= 1 and "polyline" in parsed.tags


def svg_chart(series: list[MasteryPoint]) -> str:
    """The portfolio page's chart alone, drawn by the template the page includes."""
    return page("chart.svg", chart=mastery_chart(series, short_date), caption="")


def test_svg_chart_copes_with_one_day_and_many() -> None:
    one = svg_chart([MasteryPoint(date(2026, 3, 2), 1, 1, 0.5, 2, 3)])
    assert "<circle" in one and "1 of 2" in one and "<polyline" not in one
    many = [
        MasteryPoint(d, n // 10, n // 10, n / 400, 40, 1)
        for n, d in enumerate(day_span(date(2025, 1, 1), date(2025, 12, 31)))
    ]
    chart = svg_chart(many)
    assert chart.count('<text class="axis"') == 5 + 6  # five levels, six dates
    assert "36 of 40" in chart


# Markdown and JSON -------------------------------------------------------------------------------


def test_markdown_keeps_user_text_literal(walked: tuple[Tutor, Learner, FixedClock]) -> None:
    tutor, learner, _ = walked
    goal = {"pack": "x|y", "skills": ["a"], "skill_titles": ["a"], "status": "active"}
    text = to_markdown(built(tutor, learner, [goal]))
    assert HOSTILE not in text and "<i>" not in text
    assert text.startswith("# Learning portfolio: \\<script\\>alert(1)\\</script\\>\n")
    assert "### Fractions \\& Ratios \\<i\\>" in text
    assert "| x\\|y | a | – | – | active |" in text
    assert "## Mastery over time\n\n```text\n" in text
    assert md("a_b *c* [d](e) `f`\nnext") == "a\\_b \\*c\\* \\[d\\](e) \\`f\\` next"


def test_json_holds_the_whole_record(walked: tuple[Tutor, Learner, FixedClock]) -> None:
    tutor, learner, _ = walked
    found = built(tutor, learner, [{"pack": PACK_ID, "by": date(2026, 4, 30), "daily_minutes": 10}])
    data = json.loads(to_json(found))
    assert data["format"] == "tutor-portfolio" and data["version"] == 1
    assert data["learner"] == HOSTILE and data["generated"] == "2026-03-08"
    assert data["summary"]["answers"] == found.answers and data["summary"]["accuracy"] == 1.0
    assert data["goals"][0]["by"] == "2026-04-30" and data["goals"][0]["skills"] == []
    [pack] = data["packs"]
    assert pack["title"] == "Fractions & Ratios <i>"
    assert len(pack["mastered"]) == found.mastered_count
    assert {"skill", "title", "mastered_at", "mastered_on", "current"} <= set(pack["mastered"][0])
    assert data["mastery_over_time"][-1]["mastered"] == found.mastered_count


def test_a_slipped_skill_is_listed_with_a_kind_note_and_not_counted() -> None:
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    record = PackRecord(
        "p", "P", 3, (MasteredSkill("a", "A", at, at.date(), current=False),), 3, 2, 90.0, ("B",)
    )
    found = Portfolio("Ann", date(2026, 3, 9), packs=(record,))
    assert found.mastered_count == 0
    page, text = to_html(found), to_markdown(found)
    assert "slipped since: practising again" in page and "slipped since" in text
    assert "0 of 3 mastered, 1 placed out" in page and "0 of 3 skills mastered." in text
    assert (
        "to be confirmed in a short check: B." in page
        and "to be confirmed in a short check: B." in text
    )


# Goals -------------------------------------------------------------------------------------------


def test_goals_carry_titles_and_survive_a_skill_the_pack_no_longer_has(
    packs: dict[str, Pack],
) -> None:
    skill = packs[PACK_ID].skills[0]
    made = datetime(2026, 3, 1, tzinfo=UTC)
    goal = Goal("g", "L1", PACK_ID, (skill.id, "gone"), date(2026, 4, 30), 20, made)
    assert goal_dict(goal, packs) == {
        "pack": PACK_ID,
        "pack_title": "Fractions & Ratios <i>",
        "skills": [skill.id, "gone"],
        "skill_titles": [skill.title, "gone"],
        "by": "2026-04-30",
        "daily_minutes": 20,
        "status": "active",
    }
    elsewhere = Goal("h", "L1", "nope", ("s",), date(2026, 5, 1), 10, made, status="done")
    assert goal_dict(elsewhere, packs)["pack_title"] is None
    learner = SimpleNamespace(id="L1")
    service = SimpleNamespace(goals=lambda who: [goal] if who is learner else [], packs=packs)
    assert [g["pack"] for g in learner_goals(service, learner)] == [PACK_ID]  # type: ignore[arg-type]


# The command -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def studied_database(catalog: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file where Ann studied two days, built once for the module's commands.

    Not the shared fixtures: the command opens the data home's database itself, so the study
    must be stored in a file, not in the test's in-memory store.
    """
    from tutor_tui.service.tutor import Tutor
    from tutor_tui.store.database import Store

    path = tmp_path_factory.mktemp("studied") / "tutor.db"
    clock = FixedClock(START)
    store = Store.open(f"sqlite:///{path}")
    tutor = Tutor(store, {k: e.result.pack for k, e in catalog.packs.items()}, clock)
    walk(tutor, tutor.add_learner("Ann"), clock, days=2, steps=10)
    store.close()
    return path


@pytest.fixture
def command(
    monkeypatch: pytest.MonkeyPatch, catalog: Any, tutor_home: Path, studied_database: Path
) -> typer.Typer:
    """`tutor portfolio` on a throwaway app, over a copy of Ann's study in the data home."""
    from tutor_tui.cli.context import Context

    monkeypatch.setattr(Context, "catalog", catalog)
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    monkeypatch.delenv("TUTOR_LEARNER", raising=False)
    shutil.copyfile(studied_database, tutor_home / "tutor.db")
    monkeypatch.setenv("TUTOR_NOW", (START + timedelta(days=3)).isoformat())
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

    @app.callback()
    def _root() -> None:
        """A stand-in for the tutor's app."""

    app.command("portfolio")(portfolio)
    return app


def run(app: typer.Typer, *args: str) -> Any:
    return CliRunner().invoke(app, ["portfolio", *args], catch_exceptions=True)


def run_main(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch, capsys: Any, *args: str
) -> tuple[int, str]:
    """Through `program.main`, as the `tutor` script runs: (exit status, standard error)."""
    from tutor_tui.cli import main as cli
    from tutor_tui.cli import program

    monkeypatch.setattr(cli, "app", app)
    monkeypatch.setattr(sys, "argv", ["tutor", "portfolio", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        program.main()
    return exited.value.code, capsys.readouterr().err  # type: ignore[return-value]


@pytest.mark.parametrize("name", ["me.html", "me.HTM", "me.md", "me.json"])
def test_the_command_writes_each_format(command: typer.Typer, tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    result = run(command, "--learner", "Ann", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}\n"
    text = target.read_text(encoding="utf-8")
    if name.lower().endswith(("html", "htm")):
        assert_self_contained(text)
        assert "Ann" in text and "Fractions and Ratios" in text and "<svg" in text
    elif name.endswith(".md"):
        assert text.startswith("# Learning portfolio: Ann\n") and "### Fractions and Ratios" in text
    else:
        data = json.loads(text)
        assert data["learner"] == "Ann" and data["generated"] == "2026-03-05"
        assert [p["pack"] for p in data["packs"]] == [PACK_ID]
        assert data["summary"]["skills_mastered"] > 0 and data["summary"]["seconds"] > 0
    assert os.listdir(tmp_path) == [name]  # no temporary file left behind


def test_the_command_replaces_a_file_and_leaves_it_private(
    command: typer.Typer, tmp_path: Path
) -> None:
    target = tmp_path / "me.json"
    target.write_text("old")
    target.chmod(0o644)
    assert run(command, "-l", "Ann", "-o", str(target), "--pack", PACK_ID).exit_code == 0
    assert json.loads(target.read_text())["learner"] == "Ann"
    # A portfolio is personal: the file there is replaced by one its owner alone reads.
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_command_takes_one_pack(command: typer.Typer, tmp_path: Path) -> None:
    target = tmp_path / "me.json"
    assert run(command, "-l", "Ann", "-o", str(target), "-p", "git-essentials").exit_code == 0
    data = json.loads(target.read_text())
    assert [p["pack"] for p in data["packs"]] == ["git-essentials"]
    assert data["summary"]["answers"] == 0 and data["packs"][0]["mastered"] == []


def test_an_unknown_extension_is_a_usage_error(command: typer.Typer, tmp_path: Path) -> None:
    for name in ("me.txt", "me", "me.html.bak"):
        result = run(command, "--learner", "Ann", "-o", str(tmp_path / name))
        assert result.exit_code == 2, result.output
        assert "end it in .html, .md or .json" in result.output
    assert os.listdir(tmp_path) == []


def test_errors_a_person_can_cause_are_one_line_and_exit_1(
    command: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    (tmp_path / "a-file").write_text("")
    (tmp_path / "a-folder.html").mkdir()
    cases = [
        (["-l", "Nobody", "-o", str(tmp_path / "x.html")], "error: no learner named 'Nobody'"),
        (["-l", "Ann", "-o", str(tmp_path / "x.html"), "-p", "nope"], "error: no pack 'nope'"),
        (["-l", "Ann", "-o", str(tmp_path / "missing" / "x.html")], "error: cannot write"),
        (["-l", "Ann", "-o", str(tmp_path / "a-file" / "x.html")], "error: cannot write"),
        (["-l", "Ann", "-o", str(tmp_path / "a-folder.html")], "error: cannot write"),
    ]
    for args, start in cases:
        code, err = run_main(command, monkeypatch, capsys, *args)
        assert code == 1, (args, err)
        assert len(err.splitlines()) == 1 and err.startswith(start), err
    assert sorted(os.listdir(tmp_path)) == ["a-file", "a-folder.html"]
    result = run(command, "-l", "Nobody", "-o", str(tmp_path / "x.md"))
    assert isinstance(result.exception, NotFound) and isinstance(result.exception, TutorError)


def test_a_usage_error_through_main_exits_2(
    command: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    code, err = run_main(command, monkeypatch, capsys, "-l", "Ann", "-o", str(tmp_path / "me.pdf"))
    assert code == 2 and "end it in .html, .md or .json" in err
