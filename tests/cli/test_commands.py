"""The command line end to end: a learner walked to mastery, reviews weeks later, a learner who
keeps missing, and bad input that changes nothing."""

from __future__ import annotations

import json
import os
import shlex
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from testkit.commands import Command
from typer.testing import CliRunner

from tutor_tui.cli.main import app
from tutor_tui.core import grading, planner
from tutor_tui.core.clock import FixedClock
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    TrueFalseQuestion,
)
from tutor_tui.packs.catalog import builtin_packs_home
from tutor_tui.packs.loader import load_pack
from tutor_tui.service.tutor import Tutor
from tutor_tui.store.database import Store

PACK_ID = "fractions-ratios"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEXT_KEYS = {"kind", "pack", "skill", "question", "type", "prompt", "choices", "reason"}
ANSWER_KEYS = {"correct", "score", "expected", "explanation", "skill", "mastery", "mastered"}


@pytest.fixture(scope="module")
def pack() -> Pack:
    result = load_pack(builtin_packs_home() / PACK_ID)
    assert result.pack is not None
    return result.pack


class Cli:
    """Runs `tutor` in-process with TUTOR_HOME and TUTOR_NOW set; `fail` goes through `main()`."""

    def __init__(
        self,
        home: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        db_url: str | None = None,
    ) -> None:
        self.home = home
        # The database: `tutor.db` in the data home, or (on a server) this one.
        self.db_url = db_url
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        self.runner = CliRunner()
        self.at = START

    def env(self) -> dict[str, str]:
        server = {"TUTOR_DB_URL": self.db_url} if self.db_url else {}
        return {"TUTOR_HOME": str(self.home), "TUTOR_NOW": self.at.isoformat(), **server}

    def sql(self, statement: str) -> list[Any]:
        """The rows a query finds in the database, as a tool outside the tutor reads them."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.db_url or f"sqlite:///{self.home / 'tutor.db'}")
        try:
            with engine.connect() as conn:
                return list(conn.execute(text(statement)))
        finally:
            engine.dispose()

    def __call__(self, *args: str) -> str:
        """Run a command that must succeed; its standard output."""
        result = self.runner.invoke(app, list(args), env=self.env(), catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json"))

    def fail(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        """Run through `main()`, as the `tutor` script does: (exit status, stdout, stderr)."""
        ran = Command(self.monkeypatch, self.capsys)(*args, **{**self.env(), **(env or {})})
        return ran.code, ran.stdout, ran.stderr

    def counts(self) -> dict[str, int]:
        return {
            table: self.sql(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("learners", "attempts", "lesson_views", "skill_states", "question_states")
        }

    def mastered(self, learner: str) -> set[str]:
        report = self.json("progress", "--learner", learner, "--pack", PACK_ID)
        [entry] = report["packs"]
        return {s["skill"] for s in entry["skills"] if s["mastered"]}


@pytest.fixture
def cli(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    built_in_catalog: Any,
    engine: str,
    db_url: str,
) -> Cli:
    """The command line on a fresh data home, on each engine."""
    import typer.main
    import typer.testing

    from tutor_tui.cli.context import Context

    # Speed only: the same packs and the same click command for every run in a test, instead of
    # fingerprinting every pack file and rebuilding the command each time. The subprocess tests
    # below run the program unaided.
    monkeypatch.setattr(Context, "catalog", built_in_catalog)
    command = typer.main.get_command(app)
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: command)
    home = tmp_path / "home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.delenv("TUTOR_DB_URL", raising=False)
    monkeypatch.delenv("TUTOR_LEARNER", raising=False)
    return Cli(home, monkeypatch, capsys, None if engine == "sqlite" else db_url)


def right(question: AnyQuestion) -> str:
    return grading.format_response(question, grading.correct_response(question))


def wrong(question: AnyQuestion) -> str:
    """A response in the command line's encoding that scores 0."""
    match question:
        case ChoiceQuestion():
            text = next(c for c in question.choices if c != question.answer)
        case TrueFalseQuestion():
            text = "false" if question.answer else "true"
        case NumericQuestion():
            text = str(int(question.answer) + 1000)
        case ShortQuestion():
            text = "zzz not it"
        case MultiQuestion():
            text = json.dumps([c for c in question.choices if c not in question.answers][:1])
        case OrderQuestion():
            text = json.dumps(list(reversed(question.items)))
        case MatchQuestion():
            rights = [p.right for p in question.pairs]
            text = json.dumps(
                {p.left: r for p, r in zip(question.pairs, rights[1:] + rights[:1], strict=True)}
            )
        case ClozeQuestion():
            text = json.dumps(["zzz"] * len(question.blanks))
    assert grading.grade(question, grading.parse_response(question, text)).score == 0.0, question.id
    return text


def _one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


# The walk -------------------------------------------------------------------------------------


def test_a_learner_is_walked_to_mastery_and_reviews_come_due_weeks_later(
    cli: Cli, pack: Pack
) -> None:
    assert cli("learners", "add", "Ann").strip() == "Added Ann."
    assert cli("learners", "list").split() == ["Ann"]
    [listed] = cli.json("learners", "list")
    assert listed["created_at"] == START.isoformat()  # TUTOR_NOW, not the system clock

    offered: list[str] = []
    for _step in range(300):
        cli.at += timedelta(minutes=2)
        activity = cli.json("next", "--learner", "Ann", "--pack", PACK_ID)
        assert NEXT_KEYS <= set(activity)
        assert activity["reason"].strip() and activity["pack"] == PACK_ID
        if activity["kind"] == "done":
            break
        assert activity["kind"] in ("lesson", "question"), activity
        skill = pack.skill(activity["skill"])
        # What is mastered changes only with answers to the skill offered, so it needs reading
        # again only when another skill is offered.
        if not offered or offered[-1] != skill.id:
            mastered = cli.mastered("Ann")
            assert set(skill.requires) <= mastered, (skill.id, mastered)
            assert skill.id not in mastered
        if activity["kind"] == "lesson":
            shown = cli.json("lesson", "--learner", "Ann", "--pack", PACK_ID, skill.id)
            assert shown["skill"] == skill.id and shown["lesson"]
        else:
            question = pack.question(activity["question"])
            assert question.skill == skill.id and activity["type"] == question.type
            feedback = cli.json(
                "answer", "--learner", "Ann", "--pack", PACK_ID, question.id, right(question)
            )
            assert ANSWER_KEYS <= set(feedback)
            assert feedback["correct"] is True and feedback["score"] == 1.0
            assert feedback["skill"] == skill.id
        if not offered or offered[-1] != skill.id:
            offered.append(skill.id)
    else:
        pytest.fail("the walk never finished")

    assert cli.mastered("Ann") == {s.id for s in pack.skills}
    assert "Next review" in activity["reason"]
    # Every skill was taken up, each after everything it requires.
    assert sorted(offered) == sorted(s.id for s in pack.skills)
    for n, skill_id in enumerate(offered):
        assert set(pack.skill(skill_id).requires) <= set(offered[:n])
    assert cli("doctor").strip() == "The database is healthy."
    counts = cli.counts()
    assert "(0 skill states changed)" in cli("doctor", "--rebuild")
    assert cli.counts() == counts

    # Thirty days later reviews are due.
    cli.at += timedelta(days=30)
    review = cli.json("next", "--learner", "Ann", "--pack", PACK_ID)
    assert review["kind"] == "review", review
    assert review["reason"].startswith("Review")
    due_today = review["reviews_due_today"]
    assert due_today >= 2 and f"{due_today} reviews are due" in review["reason"]
    assert f"Reviews due today: {due_today}" in cli("next", "--learner", "Ann", "--pack", PACK_ID)
    report = cli.json("progress", "--learner", "Ann", "--pack", PACK_ID)
    statuses = {s["skill"]: s["status"] for s in report["packs"][0]["skills"]}
    assert statuses[review["skill"]] == "review due"

    # A right review keeps mastery; a wrong one lowers it and the skill is practised again.
    question = pack.question(review["question"])
    kept = cli.json("answer", "--learner", "Ann", "--pack", PACK_ID, question.id, right(question))
    assert kept["mastered"] is True and kept["kind"] == "review"
    second = cli.json("next", "--learner", "Ann", "--pack", PACK_ID)
    assert second["kind"] == "review" and second["skill"] != review["skill"]  # interleaved
    earlier = next(s for s in report["packs"][0]["skills"] if s["skill"] == second["skill"])
    slipped = cli.json(
        "answer",
        "--learner",
        "Ann",
        "--pack",
        PACK_ID,
        second["question"],
        wrong(pack.question(second["question"])),
    )
    assert slipped["correct"] is False
    assert slipped["mastery"] < earlier["mastery"]
    assert slipped["mastered"] is False
    assert second["skill"] not in cli.mastered("Ann")
    # Another review or so (at most three in a row now that there is learning to do), then
    # the slipped skill is practised again.
    for _step in range(planner.REVIEWS_IN_A_ROW + 1):
        cli.at += timedelta(minutes=2)
        activity = cli.json("next", "--learner", "Ann", "--pack", PACK_ID)
        if activity["kind"] != "review":
            break
        question = pack.question(activity["question"])
        cli("answer", "--learner", "Ann", "--pack", PACK_ID, question.id, right(question))
    assert (activity["kind"], activity["skill"]) == ("question", second["skill"]), activity
    assert activity["reason"].startswith("Practice")
    assert cli("doctor").strip() == "The database is healthy."


# The rules walked here are the core's; the store's part of them (first-sight counts, the late
# path) runs on both engines in tests/store. One walk, above, goes through the server too.
@pytest.mark.sqlite_only
def test_a_learner_who_keeps_answering_wrong_is_not_moved_on(cli: Cli, pack: Pack) -> None:
    cli("learners", "add", "Bo")
    roots = {s.id for s in pack.skills if not s.requires}
    kinds = set()
    for _step in range(30):
        cli.at += timedelta(minutes=1)
        activity = cli.json("next", "--learner", "Bo", "--pack", PACK_ID)
        kinds.add(activity["kind"])
        assert activity["skill"] in roots, activity
        if activity["kind"] == "lesson":
            cli("lesson", "--learner", "Bo", "--pack", PACK_ID, activity["skill"])
        else:
            assert activity["kind"] == "question"
            question = pack.question(activity["question"])
            feedback = cli.json(
                "answer", "--learner", "Bo", "--pack", PACK_ID, question.id, wrong(question)
            )
            assert feedback["correct"] is False and feedback["mastered"] is False
    assert kinds == {"lesson", "question"}
    assert cli.mastered("Bo") == set()
    report = cli.json("progress", "--learner", "Bo", "--pack", PACK_ID)
    assert report["answers"] > 15
    # Remediation was offered: the lesson read again.
    assert cli.counts()["lesson_views"] >= 2


@pytest.mark.sqlite_only
def test_answering_only_questions_already_seen_never_masters_a_skill(cli: Cli, pack: Pack) -> None:
    cli("learners", "add", "Cy")
    first = pack.skills[0]
    seen = first.questions[:3]
    for question in seen:  # missed once each: the feedback shows the answers
        cli.at += timedelta(minutes=1)
        cli("answer", "--learner", "Cy", "--pack", PACK_ID, question.id, wrong(question))
    for n in range(24):  # then those three, right, over and over
        cli.at += timedelta(minutes=1)
        question = seen[n % len(seen)]
        feedback = cli.json(
            "answer", "--learner", "Cy", "--pack", PACK_ID, question.id, right(question)
        )
        assert feedback["mastered"] is False, n
    # The same one question, right three times, is not mastery either.
    cli("learners", "add", "Di")
    for _ in range(3):
        cli.at += timedelta(minutes=1)
        cli("answer", "--learner", "Di", "--pack", PACK_ID, seen[0].id, right(seen[0]))
    for name in ("Cy", "Di"):
        [entry] = cli.json("progress", "--learner", name, "--pack", PACK_ID)["packs"]
        standing = next(s for s in entry["skills"] if s["skill"] == first.id)
        assert standing["mastered"] is False and standing["status"] == "in progress", standing
    [entry] = cli.json("progress", "--learner", "Di", "--pack", PACK_ID)["packs"]
    why = next(s for s in entry["skills"] if s["skill"] == first.id)["why"]
    assert "on 1 distinct question (needs" in why, why


@pytest.mark.sqlite_only
def test_reciting_missed_answers_masters_nothing_until_an_unseen_one_is_answered_right(
    cli: Cli, pack: Pack
) -> None:
    # Every question of the first skill missed on purpose, its answers read, then recited the
    # next days: memory of answers read, however long the gap.
    cli("learners", "add", "Eve")
    first = pack.skills[0]
    threshold = first.mastery.threshold

    def recite(day: int) -> dict[str, Any]:
        cli.at = START + timedelta(days=day)
        for question in first.questions:
            cli.at += timedelta(minutes=1)
            feedback = cli.json(
                "answer", "--learner", "Eve", "--pack", PACK_ID, question.id, right(question)
            )
        return feedback

    for question in first.questions:
        cli.at += timedelta(minutes=1)
        cli("answer", "--learner", "Eve", "--pack", PACK_ID, question.id, wrong(question))
    for day in (1, 2):
        feedback = recite(day)
        assert feedback["mastered"] is False and feedback["mastery"] < threshold, feedback
    assert cli.mastered("Eve") == set()
    # Questions of another skill right at first sight may be lucky guesses: still nothing. Two
    # of a second other skill as well show the learner answers what they had not seen: from
    # then on, recalling the first skill's answers a day later tests the skill. Both skills
    # require only the first, which opens them once held below mastery with every question seen.
    above = [s for s in pack.skills if s.requires == (first.id,)]
    for day, other_skill in ((3, above[0]), (4, above[1])):
        typed = [q for q in other_skill.questions if q.id not in other_skill.mastery.guessable]
        for other in typed[:2]:
            cli("answer", "--learner", "Eve", "--pack", PACK_ID, other.id, right(other))
        recite(day)
        assert (first.id in cli.mastered("Eve")) is (day == 4)
    # The derived state is what the log implies, answer by answer as a rebuild replays it.
    assert "differs" not in cli("doctor")


# Bad input ------------------------------------------------------------------------------------


def test_bad_input_exits_1_with_one_line_and_records_nothing(cli: Cli, pack: Pack) -> None:
    cli("learners", "add", "Ann")
    first = pack.skills[0]
    cli("lesson", "--learner", "Ann", "--pack", PACK_ID, first.id)
    cli(
        "answer",
        "--learner",
        "Ann",
        "--pack",
        PACK_ID,
        first.questions[0].id,
        right(first.questions[0]),
    )
    numeric = next(q for q in pack.questions() if isinstance(q, NumericQuestion))
    multi = next(q for q in pack.questions() if isinstance(q, MultiQuestion))
    match = next(q for q in pack.questions() if isinstance(q, MatchQuestion))
    choice = next(q for q in pack.questions() if isinstance(q, ChoiceQuestion))
    truefalse = next(q for q in pack.questions() if isinstance(q, TrueFalseQuestion))
    locked = next(s for s in pack.skills if s.requires)
    before = cli.counts()
    cases: list[tuple[tuple[str, ...], str]] = [
        (("next", "--learner", "Nobody", "--pack", PACK_ID), "no learner named 'Nobody'"),
        (("next", "--learner", "Ann", "--pack", "no-such-pack"), "no pack 'no-such-pack'"),
        (
            ("next", "--learner", "Ann", "--pack", PACK_ID, "--skill", "no-such-skill"),
            "no skill 'no-such-skill'",
        ),
        (("next", "--learner", "Ann", "--pack", PACK_ID, "--skill", locked.id), "mastered first"),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, locked.questions[0].id, "1"),
            f"cannot answer '{locked.questions[0].id}' yet",
        ),
        (("lesson", "--learner", "Ann", "--pack", PACK_ID, locked.id), "mastered first"),
        (
            ("lesson", "--learner", "Ann", "--pack", PACK_ID, "no-such-skill"),
            "no skill 'no-such-skill'",
        ),
        (
            ("lesson", "--learner", "Nobody", "--pack", PACK_ID, first.id),
            "no learner named 'Nobody'",
        ),
        (
            ("lesson", "--learner", "Ann", "--pack", "no-such-pack", first.id),
            "no pack 'no-such-pack'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, "no-such-question", "3"),
            "no question 'no-such-question'",
        ),
        (
            ("answer", "--learner", "Nobody", "--pack", PACK_ID, choice.id, choice.answer),
            "no learner named 'Nobody'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", "no-such-pack", choice.id, choice.answer),
            "no pack 'no-such-pack'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, numeric.id, "three"),
            f"cannot read the answer to '{numeric.id}'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, multi.id, '["unclosed'),
            f"cannot read the answer to '{multi.id}'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, multi.id, "not json"),
            f"cannot read the answer to '{multi.id}'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, match.id, '["a list"]'),
            f"cannot read the answer to '{match.id}'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, choice.id, "no such choice at all"),
            f"cannot read the answer to '{choice.id}'",
        ),
        (
            ("answer", "--learner", "Ann", "--pack", PACK_ID, truefalse.id, "maybe"),
            f"cannot read the answer to '{truefalse.id}'",
        ),
        (("progress", "--learner", "Nobody"), "no learner named 'Nobody'"),
        (("progress", "--learner", "Ann", "--pack", "no-such-pack"), "no pack 'no-such-pack'"),
        (("learners", "add", "Ann"), "a learner named 'Ann' already exists"),
        (("learners", "add", "   "), "name"),
    ]
    for args, message in cases:
        code, out, err = cli.fail(*args)
        assert code == 1, (args, out, err)
        assert message in _one_error_line(err), (args, err)
        assert cli.counts() == before, args
    code, _, err = cli.fail(
        "next", "--learner", "Ann", "--pack", PACK_ID, env={"TUTOR_NOW": "next tuesday"}
    )
    assert code == 1 and "TUTOR_NOW" in _one_error_line(err)
    assert cli.counts() == before
    assert cli("doctor").strip() == "The database is healthy."


def test_a_negative_number_is_an_answer_not_an_option(cli: Cli) -> None:
    cli("learners", "add", "Neg")
    found = cli.json(
        "answer", "--learner", "Neg", "--pack", "python-foundations", "num-negative-floor", "-3"
    )
    assert found["correct"] is True and cli.counts()["attempts"] == 1


def test_tutor_now_stamps_what_each_command_records(cli: Cli, pack: Pack) -> None:
    cli("learners", "add", "Ann")
    first = pack.skills[0]
    cli.at = START + timedelta(days=3, hours=2)
    cli("lesson", "--learner", "Ann", "--pack", PACK_ID, first.id)
    cli.at = START + timedelta(days=5)
    cli(
        "answer",
        "--learner",
        "Ann",
        "--pack",
        PACK_ID,
        first.questions[0].id,
        right(first.questions[0]),
    )
    [(created,)] = cli.sql("SELECT created_at FROM learners")
    [(viewed,)] = cli.sql("SELECT viewed_at FROM lesson_views")
    [(answered,)] = cli.sql("SELECT answered_at FROM attempts")
    assert datetime.fromisoformat(created) == START
    assert datetime.fromisoformat(viewed) == START + timedelta(days=3, hours=2)
    assert datetime.fromisoformat(answered) == START + timedelta(days=5)


@pytest.mark.sqlite_only
def test_a_damaged_database_is_one_line(cli: Cli) -> None:
    cli.home.mkdir()
    (cli.home / "tutor.db").write_bytes(os.urandom(8192))
    code, _, err = cli.fail("learners", "list")
    assert code == 1
    assert "cannot open the database" in _one_error_line(err)


# One run of the real program ------------------------------------------------------------------


def _tutor(home: Path, *args: str, now: datetime = START) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TUTOR_")} | {
        "TUTOR_HOME": str(home),
        "TUTOR_NOW": now.isoformat(),
    }
    return subprocess.run(
        [sys.executable, "-m", "tutor_tui", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_real_program_end_to_end(tmp_path: Path, pack: Pack) -> None:
    home = tmp_path / "home"
    assert _tutor(home, "learners", "add", "Ann").returncode == 0
    shown = _tutor(home, "next", "--learner", "Ann", "--pack", PACK_ID, "--json")
    assert shown.returncode == 0, shown.stderr
    activity = json.loads(shown.stdout)
    assert (activity["kind"], activity["skill"]) == ("lesson", pack.skills[0].id)
    numeric = next(q for q in pack.skills[0].questions if isinstance(q, NumericQuestion))
    bad = _tutor(home, "answer", "--learner", "Ann", "--pack", PACK_ID, numeric.id, "three")
    assert bad.returncode == 1
    assert _one_error_line(bad.stderr).startswith(
        f"error: cannot read the answer to '{numeric.id}'"
    )
    assert bad.stdout == ""
    right = _tutor(
        home, "answer", "--learner", "Ann", "--pack", PACK_ID, numeric.id, str(numeric.answer)
    )
    assert right.returncode == 0, right.stderr
    # Once the program has ended, tutor.db alone holds every answer: a copy of it is a backup.
    assert sorted(p.name for p in home.iterdir() if p.name.startswith("tutor.db")) == ["tutor.db"]
    conn = sqlite3.connect(home / "tutor.db")
    try:
        assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1
    finally:
        conn.close()


def test_answer_takes_a_choice_by_its_number_in_the_current_pack_and_prints_no_marks(
    cli: Cli,
) -> None:
    # Git's first question has choices in words, with Markdown in its explanation.
    pack = load_pack(builtin_packs_home() / "git-essentials").pack
    assert pack is not None
    cli("learners", "add", "Ann")
    code, _, err = cli.fail("answer", "--learner", "Ann", "any", "1")
    assert code == 1 and err == "error: Ann has not studied a pack yet: give one with --pack ID\n"

    cli("next", "--learner", "Ann", "--pack", pack.id)  # the pack is now Ann's current one
    first = pack.skills[0]
    cli("lesson", "--learner", "Ann", first.id)
    question = next(q for q in first.questions if isinstance(q, ChoiceQuestion))
    # Its choices in the order Ann is shown them, as `tutor next` numbers them.
    store = Store.open(cli.db_url or f"sqlite:///{cli.home / 'tutor.db'}")
    try:
        tutor = Tutor(store, {pack.id: pack}, FixedClock(cli.at))
        shown = tutor.present(tutor.learner("Ann"), pack, question).choices
    finally:
        store.close()
    number = shown.index(question.answer) + 1
    said = cli("answer", "--learner", "Ann", question.id, str(number))
    assert said.startswith("✓ Right.\n")
    assert "**" not in said and "`" not in said

    code, _, err = cli.fail("answer", "--learner", "Ann", question.id, "99")
    assert code == 1 and "'99' is not a number from 1 to" in err


def test_the_commands_it_suggests_run_as_printed_for_a_name_with_a_space_or_bracket(
    cli: Cli, pack: Pack
) -> None:
    name = "Ana [/i] Lopez"
    cli("learners", "add", name)
    lines = cli("next", "--learner", name, "--pack", PACK_ID).splitlines()
    [read] = [line for line in lines if line.startswith("Read it with: tutor ")]
    words = shlex.split(read.removeprefix("Read it with: tutor "))
    assert words[:3] == ["lesson", "--learner", name]
    assert cli(*words).strip()  # the lesson, for that learner
    [goals] = [
        line for line in cli("goals", "list", "--learner", name).splitlines() if "tutor " in line
    ]
    assert shlex.split(goals.split("tutor ", 1)[1])[:4] == ["goals", "set", "--learner", name]
