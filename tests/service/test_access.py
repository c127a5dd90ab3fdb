"""PINs and the tutor passphrase: what they guard, how they are kept, how wrong tries are slowed."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit import TutorFor
from testkit.commands import Command
from testkit.databases import shared_url
from testkit.engine import T0

from tutor_tui.core import privacy
from tutor_tui.core.clock import FixedClock, SystemClock
from tutor_tui.core.content import ChoiceQuestion, Mastery, Pack, Skill, Unit
from tutor_tui.core.errors import TutorError
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store

QUESTION = ChoiceQuestion(
    id="a1", skill="a", prompt="A?", choices=("right", "wrong"), answer="right", shuffle=False
)
PACK = Pack(
    id="p",
    title="P",
    version="1.0.0",
    units=(Unit(id="u", title="U", skills=("a",)),),
    skills=(Skill(id="a", title="A", unit="u", mastery=Mastery(), questions=(QUESTION,)),),
)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cheaper scrypt for speed: the cost is written into each hash, so checks still work."""
    monkeypatch.setattr(privacy, "SCRYPT_N", 2**10)


def laptop(url: str) -> Tutor:
    """One run of the program on the database at `url`, with a clock of its own."""
    clock = FixedClock(T0)
    return wire_tutor(Store.open(url), {PACK.id: PACK}, clock, guard_clock=clock)


def later(tutor: Tutor, seconds: float) -> None:
    tutor.clock.at += timedelta(seconds=seconds)  # type: ignore[attr-defined]


# Keeping secrets ---------------------------------------------------------------------------------


def test_a_secret_is_kept_as_a_salted_slow_hash() -> None:
    kept = privacy.hash_secret("4821")
    again = privacy.hash_secret("4821")
    assert kept.startswith("scrypt$") and "4821" not in kept
    assert kept != again  # a fresh salt each time
    assert privacy.verify_secret("4821", kept) and privacy.verify_secret("4821", again)
    assert not privacy.verify_secret("4822", kept)


def test_the_real_cost_is_a_slow_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    _, n, r, p, _, _ = privacy.hash_secret("4821").split("$")
    assert int(n) * int(r) * 128 >= 16 * 2**20  # at least 16 MiB of memory per guess


@pytest.mark.parametrize(
    "kept", ["", "plain", "scrypt$x$8$1$AAAA$AAAA", "md5$1$2$3$4$5", "scrypt$2$8$1$!!$!!"]
)
def test_a_damaged_kept_value_matches_nothing(kept: str) -> None:
    assert not privacy.verify_secret("4821", kept)


@settings(max_examples=15, deadline=None)
@given(secret=st.text(min_size=1, max_size=40), other=st.text(min_size=1, max_size=40))
def test_any_secret_matches_its_own_hash_only(secret: str, other: str) -> None:
    kept = privacy.hash_secret(secret)
    assert privacy.verify_secret(secret, kept)
    assert privacy.verify_secret(other, kept) == (other == secret)


@pytest.mark.parametrize("pin", ["1234", "12345678", "0000"])
def test_a_pin_is_four_to_eight_digits(pin: str) -> None:
    assert privacy.check_new_pin(pin) == pin


# " 1234 " is refused, not trimmed: typed back the same way to open the profile, it would not match.
@pytest.mark.parametrize(
    "pin", ["123", "123456789", "12a4", "١٢٣٤", "１２３４", "", "12 34", " 1234 ", "1234\n"]
)
def test_other_pins_are_refused(pin: str) -> None:
    with pytest.raises(TutorError, match="4 to 8 digits"):
        privacy.check_new_pin(pin)


def test_a_passphrase_is_at_least_eight_characters() -> None:
    assert privacy.check_new_passphrase("correct horse") == "correct horse"
    for short in ("short", "        x", ""):
        with pytest.raises(TutorError, match="at least 8"):
            privacy.check_new_passphrase(short)


@pytest.mark.parametrize(
    ("passphrase", "problem"),
    [
        ("x" * 129, "at most 128 characters"),
        ("\udcff\udcfecorrect horse", "bytes that are not UTF-8"),  # undecodable stdin bytes
        ("correct\x00horse", "control characters"),
        ("correct\thorse", "control characters"),
        ("correct horse\x1b[2J", "control characters"),
    ],
)
def test_a_passphrase_that_cannot_be_typed_back_is_refused(passphrase: str, problem: str) -> None:
    with pytest.raises(TutorError, match=problem):
        privacy.check_new_passphrase(passphrase)


def test_a_passphrase_may_be_any_language_up_to_the_app_fields_length() -> None:
    for passphrase in ("pässwörd ü", "пароль учителя", "先生のパスワード", "y" * 128):
        assert privacy.check_new_passphrase(passphrase) == passphrase
        assert privacy.verify_secret(passphrase, privacy.hash_secret(passphrase))


def test_wrong_tries_wait_longer_and_longer_up_to_five_minutes() -> None:
    waits = []
    failures = privacy.Failures()
    for _ in range(14):
        failures = failures.after_wrong(T0)
        waits.append(failures.wait(T0).total_seconds())
    assert waits[:2] == [0, 0]
    assert waits[2:7] == [2, 4, 8, 16, 32]
    assert max(waits) == 300 and waits[-1] == 300
    assert failures.wait(T0 + timedelta(minutes=5)) == timedelta(0)
    assert privacy.Failures.from_text(failures.to_text()) == failures
    assert privacy.Failures.from_text("garbage here") == privacy.Failures()


def test_the_passphrase_waits_at_most_a_minute_and_wrong_tries_are_forgiven_in_time() -> None:
    """Failing the passphrase on purpose every few minutes never locks the tutor out for longer
    than a minute after it; half an hour without a wrong try and the count starts again."""
    longest = privacy.longest_wait("passphrase")
    failures = privacy.Failures(longest=longest)
    at = T0
    for _ in range(50):
        at += timedelta(minutes=3)
        failures = failures.after_wrong(at)
        assert failures.wait(at) <= timedelta(minutes=1)
    assert failures.wait(at + timedelta(minutes=1)) == timedelta(0)
    assert failures.after_wrong(at + timedelta(minutes=30)).count == 1
    # A count kept absurdly high, by an older tutor or a damaged row, still waits its longest.
    assert privacy.Failures(10**6, T0).wait(T0) == privacy.LONGEST_WAIT
    assert privacy.Failures.from_text("12 2026-01-01T00:00:00") == privacy.Failures()


def test_a_first_pin_needs_the_passphrase_when_one_is_set(tutor_for: TutorFor) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ana = tutor.add_learner("Ana")
    tutor.set_passphrase("correct horse", None)
    for current in (None, "wrong guess"):
        with pytest.raises((privacy.SecretNeeded, privacy.WrongSecret)):
            tutor.set_pin(ana, "4821", current, unlocked=True)
    assert not tutor.learner("Ana").has_pin
    assert tutor.set_pin(ana, "4821", "correct horse").has_pin


def test_each_secret_given_counts_only_against_what_it_guards(run: Run, tutor_home: Path) -> None:
    """TUTOR_PIN wrong beside the right TUTOR_PASSPHRASE opens the profile; a wrong passphrase
    counts against the passphrase, not against Ana's profile."""
    run("learners", "add", "Ana")
    run("class", "passphrase", stdin="correct horse\n")
    code, _, err = run("learners", "pin", "Ana", stdin="4821\n")
    assert code == 1 and "a first PIN for Ana needs the tutor passphrase" in err
    code, _, err = run("learners", "pin", "Ana", stdin="4821\n", TUTOR_PASSPHRASE="nope nope")
    assert code == 1 and "wrong tutor passphrase" in err
    assert run("learners", "pin", "Ana", stdin="4821\n", TUTOR_PASSPHRASE="correct horse")[0] == 0
    both = {"TUTOR_PIN": "0000", "TUTOR_PASSPHRASE": "correct horse"}
    assert run("progress", "-l", "Ana", **both)[0] == 0
    for _ in range(4):
        code, _, err = run("progress", "-l", "Ana", TUTOR_PASSPHRASE="wrong wrong")
        assert code == 1
    conn = sqlite3.connect(tutor_home / "tutor.db")
    try:
        kept = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'failures:%'"))
    finally:
        conn.close()
    assert kept["failures:passphrase"].startswith("3 ")  # the fourth try had to wait
    assert kept[next(key for key in kept if key.startswith("failures:learner:"))].startswith("1 ")


def test_a_clock_set_back_never_makes_the_wait_longer_than_the_rule() -> None:
    failures = privacy.Failures(4, T0)
    assert failures.wait(T0 - timedelta(days=1)) == timedelta(seconds=4)


# Who may see and change what -------------------------------------------------------------------


def test_a_pin_guards_the_learner_and_the_passphrase_opens_it_too(tutor_for: TutorFor) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ana = tutor.add_learner("Ana")
    tutor.unlock_learner(ana, None)  # no PIN: open
    ana = tutor.set_pin(ana, "4821", None)
    assert tutor.learner("Ana").has_pin
    with pytest.raises(privacy.SecretNeeded):
        tutor.unlock_learner(ana, None)
    with pytest.raises(privacy.WrongSecret, match="wrong PIN for Ana"):
        tutor.unlock_learner(ana, "1111")
    tutor.unlock_learner(ana, "4821")
    tutor.set_passphrase("correct horse", None)
    tutor.unlock_learner(ana, "correct horse")


def test_wrong_tries_are_slowed_even_across_restarts(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    url = shared_url(engine, db_url, tmp_path)
    tutor = laptop(url)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", None)
    for _ in range(2):
        with pytest.raises(privacy.WrongSecret):
            tutor.unlock_learner(ana, "0000")
    with pytest.raises(privacy.WrongSecret, match="must wait 2 seconds"):
        tutor.unlock_learner(ana, "0000")
    # A new program on the same data: the count was kept, and even the right PIN must wait.
    again = laptop(url)
    with pytest.raises(privacy.TryLater, match="try again in 2 seconds"):
        again.unlock_learner(ana, "4821")
    later(again, 2)
    again.unlock_learner(ana, "4821")
    # The right PIN starts the count again: two more wrong tries cost nothing.
    for _ in range(2):
        with pytest.raises(privacy.WrongSecret, match="PIN for Ana$"):
            again.unlock_learner(ana, "0000")


def test_one_learners_wrong_tries_do_not_slow_another(tutor_for: TutorFor) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", None)
    ben = tutor.set_pin(tutor.add_learner("Ben"), "7777", None)
    for _ in range(5):
        with pytest.raises(TutorError):
            tutor.unlock_learner(ana, "0000")
    tutor.unlock_learner(ben, "7777")


def test_the_class_is_open_until_someone_has_a_pin_then_needs_a_passphrase(
    tutor_for: TutorFor,
) -> None:
    tutor = tutor_for({PACK.id: PACK})
    ana = tutor.add_learner("Ana")
    tutor.unlock_class(None)
    tutor.set_pin(ana, "4821", None)
    with pytest.raises(TutorError, match="Ana has a PIN; set a tutor passphrase first"):
        tutor.unlock_class(None)
    tutor.set_passphrase("correct horse", None)
    with pytest.raises(privacy.SecretNeeded):
        tutor.unlock_class(None)
    with pytest.raises(privacy.WrongSecret, match="wrong tutor passphrase"):
        tutor.unlock_class("4821")  # a learner's PIN is not the passphrase
    tutor.unlock_class("correct horse")


def test_changing_a_secret_needs_the_current_one(tutor_for: TutorFor) -> None:
    tutor = tutor_for({PACK.id: PACK})
    tutor.set_passphrase("correct horse", None)
    with pytest.raises(privacy.WrongSecret):
        tutor.set_passphrase("battery staple", "wrong guess")
    tutor.set_passphrase("battery staple", "correct horse")
    tutor.unlock_class("battery staple")
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", "battery staple")
    with pytest.raises(privacy.SecretNeeded):
        tutor.set_pin(ana, "1234", None)
    ana = tutor.set_pin(ana, None, "battery staple")  # a tutor resets a forgotten PIN
    assert not tutor.learner("Ana").has_pin


def test_erasing_a_learner_leaves_no_trace_and_resetting_keeps_the_profile(db_url: str) -> None:
    tutor = laptop(db_url)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", None)
    ben = tutor.add_learner("Ben")
    for person in (ana, ben):
        tutor.answer(person, PACK.id, "a1", "right")
        tutor.set_goal(person, PACK.id, (T0 + timedelta(days=30)).date(), 20)
    tutor.remember_learner(ana)
    assert tutor.erase_learner(ana, keep_profile=True) == 1
    kept = tutor.learner("Ana")
    assert kept.has_pin and tutor.totals(kept) == {} and tutor.goals(kept) == []
    assert tutor.erase_learner(kept) == 0
    assert [p.name for p in tutor.learners()] == ["Ben"] and tutor.last_learner() is None
    assert tutor.totals(ben)[PACK.id][0] == 1 and tutor.check() == []


def test_the_database_keeps_no_secret_and_only_its_owner_reads_it(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "data" / "tutor.db"
    tutor = laptop(f"sqlite:///{path}" if engine == "sqlite" else db_url)
    tutor.set_pin(tutor.add_learner("Ana"), "90421735", None)
    tutor.set_passphrase("a long tutor passphrase", None)
    if engine == "sqlite":
        tutor.store.close()
        raw = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
        assert path.stat().st_mode & 0o077 == 0
    else:  # every row of every table, as the server's owner could read them
        from sqlalchemy import select
        from sqlmodel import SQLModel

        import tutor_tui.store.tables  # noqa: F401  (the tutor's tables, in SQLModel's metadata)

        with tutor.store.db.read() as conn:
            tables = SQLModel.metadata.sorted_tables
            rows = [conn.execute(select(table)).all() for table in tables]
        tutor.store.close()
        raw = repr(rows).encode()
        assert b"scrypt$" in raw  # what is kept of them is there
    assert b"90421735" not in raw and b"a long tutor passphrase" not in raw


# The command line ------------------------------------------------------------------------------


class Run:
    """`tutor` through `main()`, as the script runs it: (exit status, stdout, stderr)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys

    def __call__(
        self, *args: str, stdin: str = "", tty: bool = False, **env: str
    ) -> tuple[int, str, str]:
        for name in ("TUTOR_PIN", "TUTOR_PASSPHRASE"):
            self.monkeypatch.delenv(name, raising=False)
        command = Command(self.monkeypatch, self.capsys)
        ran = command(*args, stdin=stdin, tty=tty, **{"TUTOR_NOW": T0.isoformat(), **env})
        return ran.code, ran.stdout, ran.stderr


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(monkeypatch, capsys)


def _rows(home: Path) -> dict[str, int]:
    conn = sqlite3.connect(home / "tutor.db")
    try:
        tables = ("learners", "attempts", "goals", "skill_states")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


def test_the_commands_ask_for_a_pin_and_the_passphrase(
    run: Run, tutor_home: Path, tmp_path: Path
) -> None:
    assert run("learners", "add", "Ana")[0] == 0
    assert run("learners", "add", "Ben")[0] == 0
    assert run("learners", "pin", "Ana", stdin="4821\n")[0] == 0
    assert (
        run(
            "answer",
            "-l",
            "Ana",
            "-p",
            "python-foundations",
            "num-remainder",
            "3",
            TUTOR_PIN="4821",
        )[0]
        == 0
    )
    before = _rows(tutor_home)

    code, out, err = run("progress", "-l", "Ana")
    assert (code, out) == (1, "")
    assert (
        err == "error: Ana's profile is guarded by a PIN: type it at a terminal, or set TUTOR_PIN\n"
    )
    code, out, err = run("progress", "-l", "Ana", TUTOR_PIN="0000")
    assert (code, out, err) == (1, "", "error: wrong PIN for Ana\n")
    assert run("progress", "-l", "Ana", TUTOR_PIN="4821")[0] == 0
    assert run("progress", "-l", "Ben")[0] == 0  # no PIN: open

    code, _, err = run("report", "class")
    assert code == 1 and "Ana has a PIN; set a tutor passphrase first" in err
    code, _, err = run("export", "--all", "-o", str(tmp_path / "all.zip"))
    assert code == 1 and not (tmp_path / "all.zip").exists()
    assert run("export", "--learner", "Ben", "-o", str(tmp_path / "ben.zip"))[0] == 0
    code, _, err = run("import", str(tmp_path / "ben.zip"))  # it could add to Ana's answers
    assert code == 1 and "Ana has a PIN; set a tutor passphrase first" in err
    assert run("class", "passphrase", stdin="correct horse\n")[0] == 0
    code, _, err = run("report", "class")
    assert (code, err) == (
        1,
        "error: this needs the tutor passphrase: type it at a terminal, or set TUTOR_PASSPHRASE\n",
    )
    code, out, _ = run("report", "class", TUTOR_PASSPHRASE="correct horse")
    assert code == 0 and "Ana" in out and "Ben" in out
    assert run("progress", "-l", "Ana", TUTOR_PASSPHRASE="correct horse")[0] == 0

    code, _, err = run("learners", "remove", "Ben", TUTOR_PASSPHRASE="correct horse")
    assert code == 2 and "--yes" in err
    code, _, err = run("learners", "remove", "Ben", "--yes", TUTOR_PIN="4821")
    assert code == 1 and "needs the tutor passphrase" in err
    assert _rows(tutor_home) == before  # every refusal changed nothing

    code, out, _ = run("learners", "reset", "Ana", "--yes", TUTOR_PASSPHRASE="correct horse")
    assert code == 0 and "Reset Ana: 1 answer erased" in out
    code, out, _ = run("learners", "remove", "Ben", "--yes", TUTOR_PASSPHRASE="correct horse")
    assert code == 0 and out.startswith("Removed Ben and 0 answers.\nImports here will leave out")
    assert _rows(tutor_home)["learners"] == 1 and _rows(tutor_home)["attempts"] == 0


def test_secrets_given_badly_are_refused_and_change_nothing(run: Run, tutor_home: Path) -> None:
    run("learners", "add", "Ana")
    code, _, err = run("learners", "pin", "Ana", stdin="12\n")
    assert (code, err) == (1, "error: a PIN must be 4 to 8 digits\n")
    code, _, err = run("learners", "pin", "Ana")
    assert code == 1 and "no new PIN" in err
    assert not Store.open(f"sqlite:///{tutor_home / 'tutor.db'}").learner("Ana").has_pin
    run("learners", "pin", "Ana", stdin="4821\n")
    code, _, err = run("learners", "pin", "Ana", "--clear", TUTOR_PIN="1111")
    assert (code, err) == (1, "error: wrong PIN for Ana\n")
    assert run("learners", "pin", "Ana", "--clear", TUTOR_PIN="4821")[0] == 0
    assert run("progress", "-l", "Ana")[0] == 0
    assert run("class", "passphrase", stdin="short\n")[0] == 1
    code, _, err = run("class", "passphrase", stdin="\udcff\udcfecorrect horse\n")
    assert (code, err) == (
        1,
        "error: a passphrase must be text: it holds bytes that are not UTF-8\n",
    )
    assert run("class", "passphrase", stdin="correct horse\n")[0] == 0
    code, _, err = run(
        "class", "passphrase", stdin="battery staple\n", TUTOR_PASSPHRASE="nope nope"
    )
    assert (code, err) == (1, "error: wrong tutor passphrase\n")
    code, _, err = run("class", "passphrase", stdin="battery staple\n")
    assert (code, err) == (
        1,
        "error: changing the passphrase needs the current one: type it at a terminal,"
        " or set TUTOR_PASSPHRASE\n",
    )
    assert (
        run("class", "passphrase", stdin="battery staple\n", TUTOR_PASSPHRASE="correct horse")[0]
        == 0
    )
    assert run("report", "class", TUTOR_PASSPHRASE="battery staple")[0] == 0


def test_removing_the_passphrase_says_what_is_then_open_and_what_refused(run: Run) -> None:
    run("learners", "add", "Ana")
    run("class", "passphrase", stdin="correct horse\n")
    run("learners", "pin", "Ana", stdin="4821\n", TUTOR_PASSPHRASE="correct horse")
    code, out, _ = run("class", "passphrase", "--clear", TUTOR_PASSPHRASE="correct horse")
    assert code == 0 and "refused until one is set again" in out
    code, _, err = run("report", "class")
    assert code == 1 and "Ana has a PIN; set a tutor passphrase first" in err
    run("learners", "pin", "Ana", "--clear", TUTOR_PIN="4821")
    run("class", "passphrase", stdin="correct horse\n")
    code, out, _ = run("class", "passphrase", "--clear", TUTOR_PASSPHRASE="correct horse")
    assert code == 0 and "open to anyone here" in out
    assert run("report", "class")[0] == 0


def test_at_a_terminal_a_new_pin_is_typed_twice_and_ctrl_d_changes_nothing(
    run: Run, tutor_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    run("learners", "add", "Ana")
    typed: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        if not typed:
            raise EOFError  # ctrl+d
        return typed.pop(0)

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    for keys, said in (
        ([], "error: no new PIN was typed; nothing was changed\n"),
        (["4821"], "error: no new PIN was typed; nothing was changed\n"),
        (["4821", "4812"], "error: the two PINs differ; nothing was changed\n"),
        (["48 21"], "error: a PIN must be 4 to 8 digits\n"),
    ):
        typed[:] = keys
        assert run("learners", "pin", "Ana", tty=True)[::2] == (1, said)
    assert not Store.open(f"sqlite:///{tutor_home / 'tutor.db'}").learner("Ana").has_pin
    typed[:] = ["4821", "4821"]
    assert run("learners", "pin", "Ana", tty=True)[0] == 0
    assert run("progress", "-l", "Ana", TUTOR_PIN="4821")[0] == 0


# Guessing stays slow: many programs at once, TUTOR_NOW, the passphrase at profiles -----------


def test_tries_made_at_once_by_many_programs_are_each_counted(
    engine: str, db_url: str, tmp_path: Path
) -> None:
    """Each program on the same data counts its try before the slow check: with eight at once,
    three are checked and the rest must wait, as if they had come one after another."""
    url = shared_url(engine, db_url, tmp_path)
    first = laptop(url)
    ana = first.set_pin(first.add_learner("Ana"), "4821", None)
    programs = [laptop(url) for _ in range(8)]
    start = threading.Barrier(len(programs))
    outcomes: list[str] = []

    def guess(tutor: Tutor) -> None:
        start.wait()
        try:
            tutor.unlock_learner(ana, "0000")
        except TutorError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess, args=(tutor,)) for tutor in programs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["TryLater"] * 5 + ["WrongSecret"] * 3


def test_moving_the_study_clock_does_not_skip_a_wait(store: Store) -> None:
    guard = FixedClock(T0)
    tutor = wire_tutor(store, {PACK.id: PACK}, FixedClock(T0), guard_clock=guard)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", None)
    for _ in range(3):
        with pytest.raises(privacy.WrongSecret):
            tutor.unlock_learner(ana, "0000")
    tutor.clock.at += timedelta(days=30)  # type: ignore[attr-defined]
    with pytest.raises(privacy.TryLater, match="PIN for Ana; try again in 2 seconds"):
        tutor.unlock_learner(ana, "4821")
    guard.at += timedelta(seconds=2)
    tutor.unlock_learner(ana, "4821")


def test_the_command_line_waits_by_the_computers_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor_tui.cli.context import Context

    monkeypatch.setenv("TUTOR_NOW", "2030-01-01T00:00:00")
    tutor = Context().tutor
    assert isinstance(tutor.clock, FixedClock)
    assert isinstance(tutor.guard_clock, SystemClock)


def test_the_passphrase_waiting_after_wrong_tries_opens_no_profile_either(
    tutor_for: TutorFor,
) -> None:
    """Wrong passphrases at a class command make it wait at every profile too; nonsense typed at
    a learner's profile slows that profile only, so a learner cannot lock the tutor out."""
    tutor = tutor_for({PACK.id: PACK})
    tutor.set_passphrase("correct horse", None)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", "correct horse")
    ben = tutor.set_pin(tutor.add_learner("Ben"), "7777", "correct horse")
    for _ in range(3):
        with pytest.raises(privacy.WrongSecret, match="wrong PIN for Ana"):
            tutor.unlock_learner(ana, "nonsense!")
    tutor.unlock_class("correct horse")  # the tutor is not locked out
    tutor.unlock_learner(ben, "correct horse")
    for _ in range(3):
        with pytest.raises(privacy.WrongSecret):
            tutor.unlock_class("still wrong")
    with pytest.raises(privacy.TryLater, match="tutor passphrase"):
        tutor.unlock_learner(ben, "correct horse")
    # A learner's own PIN is another matter: not locked out by the tutor's typing.
    tutor.unlock_learner(ben, "7777")


def test_a_passphrase_of_8_digits_from_before_still_opens_profiles(
    monkeypatch: pytest.MonkeyPatch, tutor_for: TutorFor
) -> None:
    """New passphrases may not look like a PIN, but one set before that rule still works."""
    tutor = tutor_for({PACK.id: PACK})
    monkeypatch.setattr(privacy, "check_new_passphrase", lambda passphrase: passphrase)
    tutor.set_passphrase("12345678", None)
    ana = tutor.set_pin(tutor.add_learner("Ana"), "4821", "12345678")
    tutor.unlock_learner(ana, "12345678")


def test_a_passphrase_cannot_have_the_shape_of_a_pin() -> None:
    with pytest.raises(TutorError, match="8 digits"):
        privacy.check_new_passphrase("12345678")
    assert privacy.check_new_passphrase("123456789") == "123456789"
