"""Plain mode: the study loop on lines of text, driven as a learner at a keyboard would drive it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from testkit import TutorFor
from testkit.commands import Command
from testkit.engine import T0

from tutor_tui.core.content import (
    QUESTION_TYPES,
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
    Unit,
)
from tutor_tui.core.errors import NotFound, TutorError
from tutor_tui.core.grading import correct_response
from tutor_tui.core.learner import Learner
from tutor_tui.core.planner import Activity
from tutor_tui.packs.catalog import load_catalog
from tutor_tui.plain.lines import COMMANDS, ESCAPE
from tutor_tui.plain.study import run_plain
from tutor_tui.service.study import Study
from tutor_tui.service.tutor import Presented, Tutor
from tutor_tui.service.wiring import open_tutor

PACK = "fractions-ratios"
# Seconds the fake timer moves on for every line the learner types.
PER_LINE = 5.0
ESCAPE_CODE = "\x1b"


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """The built-in packs, loaded once for the module from an empty data home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TUTOR_HOME", str(tmp_path_factory.mktemp("home")))
        patch.delenv("TUTOR_PACK_PATH", raising=False)
        catalog = load_catalog()
    found = {pack_id: entry.result.pack for pack_id, entry in catalog.packs.items()}
    assert PACK in found
    return found  # type: ignore[return-value]


class Keyboard(io.StringIO):
    """A learner at the keyboard: sees each activity the loop is given, and types lines for it.

    `decide(activity, shown)` returns the lines to type for a new activity, or None to end the
    input there; `first` are the lines typed before any activity. Every line typed moves the
    fake `timer` on by PER_LINE seconds.
    """

    def __init__(
        self,
        tutor: Tutor,
        person: Learner,
        decide: Callable[[Activity, Presented | None], list[str] | None],
        monkeypatch: pytest.MonkeyPatch,
        first: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.tutor = tutor
        self.person = person
        self.decide = decide
        self.activities: list[Activity] = []
        self.answered = 0
        # Lines typed before the first activity: the answer to the offer of a placement check.
        self.queue: list[str] = list(first)
        self.seen = 0
        self.time = 1000.0
        # What the store held when each line was typed, to see that bad input stores nothing.
        self.stored_at_line: list[tuple[str, int]] = []
        real_next = tutor.next

        def spy(*args: object, **kwargs: object) -> Activity:
            activity = real_next(*args, **kwargs)  # type: ignore[arg-type]
            self.activities.append(activity)
            return activity

        monkeypatch.setattr(tutor, "next", spy)

    def timer(self) -> float:
        """The fake clock that answers are timed by."""
        return self.time

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if not self.queue and self.seen < len(self.activities):
            self.seen = len(self.activities)
            activity = self.activities[-1]
            shown = None
            if activity.question_id is not None:
                pack = self.tutor.pack(activity.pack_id)
                shown = self.tutor.present(self.person, pack, pack.question(activity.question_id))
            lines = self.decide(activity, shown)
            if lines is None:
                return ""
            self.queue = list(lines)
        if not self.queue:
            return ""
        line = self.queue.pop(0)
        self.time += PER_LINE
        self.stored_at_line.append((line, len(self.tutor.store.attempts(self.person.id))))
        return line + "\n"


def right_answer(shown: Presented) -> str:
    """A fully right answer, typed in the friendly form plain mode asks for."""
    question = shown.question
    match question:
        case ChoiceQuestion():
            typed = str(shown.choices.index(question.answer) + 1)
        case MultiQuestion():
            typed = " ".join(str(shown.choices.index(a) + 1) for a in question.answers)
        case TrueFalseQuestion():
            typed = "t" if question.answer else "f"
        case OrderQuestion():
            typed = " ".join(str(shown.choices.index(item) + 1) for item in question.items)
        case MatchQuestion():
            typed = ", ".join(
                f"{n}={shown.choices.index(pair.right) + 1}"
                for n, pair in enumerate(question.pairs, 1)
            )
        case ClozeQuestion():
            typed = "; ".join(correct_response(question))  # type: ignore[arg-type]
        case _:
            typed = str(correct_response(question))
    return ESCAPE + typed if typed.strip() in COMMANDS else typed


def wrong_answer(shown: Presented) -> str:
    """An answer that scores nothing."""
    question = shown.question
    numbers = range(1, len(shown.choices) + 1)
    match question:
        case ChoiceQuestion():
            return str(next(n for n in numbers if shown.choices[n - 1] != question.answer))
        case MultiQuestion():
            return str(next(n for n in numbers if shown.choices[n - 1] not in question.answers))
        case TrueFalseQuestion():
            return "f" if question.answer else "t"
        case OrderQuestion():
            return " ".join(str(shown.choices.index(item) + 1) for item in reversed(question.items))
        case MatchQuestion():
            count = len(question.pairs)
            rights = [pair.right for pair in question.pairs]
            return ", ".join(
                f"{n}={shown.choices.index(rights[n % count]) + 1}" for n in range(1, count + 1)
            )
        case ClozeQuestion():
            return "; ".join("zzz" for _ in question.blanks)
        case NumericQuestion():
            return "987654"
    return "zzz"


def lines_of(output: io.StringIO) -> list[str]:
    return output.getvalue().splitlines()


def test_a_session_reads_a_lesson_answers_asks_for_help_and_stops_at_end_of_input(
    packs: dict[str, Pack], monkeypatch: pytest.MonkeyPatch, tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Ada")
    plan = {"questions": 0, "garbage": False, "done": False}
    first: dict[str, str] = {}

    def decide(activity: Activity, shown: Presented | None) -> list[str] | None:
        if activity.kind == "lesson":
            return [""]
        assert shown is not None
        if plan["done"] or plan["questions"] >= 20:
            return None
        plan["questions"] += 1
        if plan["questions"] == 1:
            first["reason"] = activity.reason
            return ["?", "h", right_answer(shown)]
        if plan["questions"] == 2:
            return [wrong_answer(shown)]
        if isinstance(shown.question, NumericQuestion) and not plan["garbage"]:
            plan["garbage"] = plan["done"] = True
            return ["abc", right_answer(shown)]
        return [right_answer(shown)]

    keyboard = Keyboard(tutor, person, decide, monkeypatch, first=("",))  # Enter: no check
    output = io.StringIO()
    summary = run_plain(tutor, "Ada", PACK, keyboard, output, timer=keyboard.timer)
    said = lines_of(output)
    text = output.getvalue()

    assert said[0] == (
        "Studying Fractions and Ratios as Ada. "
        "Type q to stop, h for a hint, ? for why this was picked, n for I don't know."
    )
    # The lesson: its reason, its title, its text, and a wait for Enter; recorded as read.
    assert "Lesson: What a fraction is" in said
    assert "End of the lesson. Press Enter to practise." in said
    state = tutor.store.learner_state(person, PACK, T0)
    assert state.skills["what-is-a-fraction"].lesson_seen_at == T0

    # `?` repeats the reason, `h` gives the first hint.
    assert "> ?" in said and f"Why: {first['reason']}" in said
    assert any(line.startswith("Hint 1 of ") for line in said)
    assert plan["garbage"], "no numeric question came up"
    # Garbage gets the grading message and the question again, with nothing stored.
    garbage = said.index("> abc")
    assert said[garbage + 1].startswith("'abc' is not a number")
    assert said[garbage + 2].startswith("> ")
    typed = [line for line, _ in keyboard.stored_at_line]
    at = typed.index("abc")
    assert keyboard.stored_at_line[at][1] == keyboard.stored_at_line[at + 1][1]

    # Every answer is stored, in order, with its hints, its time and the session.
    attempts = tutor.store.attempts(person.id)
    assert len(attempts) == plan["questions"] == summary.answers
    assert [a.hints_used for a in attempts] == [1] + [0] * (len(attempts) - 1)
    assert [a.score for a in attempts][:2] == [1.0, 0.0]
    assert all(a.score == 1.0 for a in attempts[2:])
    assert attempts[0].seconds == 3 * PER_LINE  # ?, h and the answer
    assert attempts[1].seconds == PER_LINE
    assert attempts[-1].seconds == 2 * PER_LINE  # abc, then the answer
    assert len({a.session_id for a in attempts}) == 1 and attempts[0].session_id is not None

    # Feedback in words, after each answer.
    assert said.count("Right.") == len(attempts) - 1
    assert said.count("Not quite.") == 1
    # The marks of the parts, if the question has several, then the whole answer.
    after = said[said.index("Not quite.") + 1 :]
    assert next(line for line in after if not line.endswith(("✓", "✗"))).startswith("Expected: ")
    assert any(re.fullmatch(r"What a fraction is: \d+% mastery", line) for line in said)

    # End of input ends the session with its summary, then the one mistake to learn from.
    summed_up = said.index("Session summary:") + 1
    assert said[summed_up : summed_up + len(summary.lines())] == summary.lines()
    assert said[summed_up + len(summary.lines()) + 1 :][:2] == [
        "Your mistakes, to learn from:",
        "",
    ]
    assert sum(line.startswith("Your answer: ") for line in said) == 1
    assert summary.right == len(attempts) - 1
    assert ESCAPE_CODE not in text
    assert not re.search("[\u2500-\u257f]", text), "box drawing"


def test_stopping_at_a_lesson_keeps_it_read(packs: dict[str, Pack], tutor_for: TutorFor) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Ben")
    output = io.StringIO()
    summary = run_plain(tutor, person, PACK, io.StringIO("\nq\n"), output)
    assert summary.answers == 0
    assert output.getvalue().endswith("Session summary:\nNo answers this time\n")
    state = tutor.store.learner_state(person, PACK, T0)
    assert state.skills["what-is-a-fraction"].lesson_seen_at == T0


def test_ctrl_c_ends_the_session_cleanly(packs: dict[str, Pack], tutor_for: TutorFor) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Cy")
    typed = iter(["\n", "\n", "1\n"])  # no check, the lesson read, an answer

    class Interrupted(io.StringIO):
        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            for line in typed:
                return line
            raise KeyboardInterrupt

    output = io.StringIO()
    summary = run_plain(tutor, person, PACK, Interrupted(), output)
    assert summary.answers == 1 == len(tutor.store.attempts(person.id))
    said = output.getvalue()
    # The interrupted prompt's line is finished before the summary starts; a wrong answer is
    # reviewed after it.
    summed_up = "> \n\nSession summary:\n" + "".join(f"{line}\n" for line in summary.lines())
    after = said[said.index(summed_up) + len(summed_up) :]
    assert after == "" if summary.right else after.startswith("\nYour mistakes, to learn from:\n")


OFFER = (
    "New to Fractions and Ratios? Type y for a short check of what you already know "
    "(at most 15 questions), or press Enter to start from the beginning."
)


def test_a_fresh_pack_offers_the_check_once_and_enter_starts_from_the_beginning(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Bo")
    output = io.StringIO()
    run_plain(tutor, person, PACK, io.StringIO("maybe\n\nq\n"), output)
    said = lines_of(output)
    assert said[2] == OFFER
    assert said[3:5] == [
        "> maybe",
        "Type y for the check, or press Enter to start from the beginning.",
    ]
    assert said[5] == "> "
    assert "Lesson: What a fraction is" in said  # the beginning
    assert tutor.store.attempts(person.id) == []

    # The lesson was read: the pack is no longer fresh, and the offer is not made again.
    again = io.StringIO()
    run_plain(tutor, person, PACK, io.StringIO("q\n"), again)
    assert OFFER not in lines_of(again)


def test_end_of_input_at_the_offer_ends_with_the_summary_and_stores_nothing(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Cal")
    output = io.StringIO()
    summary = run_plain(tutor, person, PACK, io.StringIO(""), output)
    assert summary.answers == 0
    assert output.getvalue().endswith(f"{OFFER}\n> \n\nSession summary:\nNo answers this time\n")
    assert tutor.store.learner_state(person, PACK, T0).skills == {}


def test_y_runs_the_check_places_what_it_found_and_study_goes_on_after_it(
    packs: dict[str, Pack], monkeypatch: pytest.MonkeyPatch, tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Dee")
    shown: list[Presented] = []
    present = Study.present
    # Every question shown, the placement check's too, is presented by the service's study part.
    monkeypatch.setattr(Study, "present", lambda *a: shown.append(present(*a)) or shown[-1])

    class Expert(io.StringIO):
        """Types y, then the right answer to every question the check asks."""

        def __init__(self) -> None:
            super().__init__()
            self.typed: list[str] = []

        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            line = right_answer(shown[-1]) if self.typed else "y"
            self.typed.append(line)
            return line + "\n"

    output = io.StringIO()
    summary = run_plain(tutor, person, PACK, Expert(), output)
    said = lines_of(output)
    text = output.getvalue()

    assert said[2:4] == [OFFER, "> y"]
    assert said[5].startswith("Placement check of Fractions and Ratios for Dee: at most 15")
    attempts = tutor.store.attempts(person.id)
    assert 0 < len(attempts) <= 15 and {a.kind for a in attempts} == {"placement"}
    # The answers belong to the session: its summary counts them.
    assert all(a.score == 1.0 and a.session_id is not None for a in attempts)
    assert summary.answers == len(attempts)
    # Right answers only: every skill is settled as known, and placed out.
    pack = packs[PACK]
    titles = ", ".join(skill.title for skill in pack.skills)
    at = said.index(f"Placement: {len(attempts)} questions (every skill settled).")
    assert said[at + 1 : at + 5] == [
        f"Placed out (skipped until a short check later confirms them): {titles}.",
        "To learn: none.",
        "Not settled (taught as usual): none.",
        f"{len(pack.skills)} skills placed out: skipped until a short check later confirms them.",
    ]
    assert all(report.status == "placed out" for report in tutor.skill_reports(person, pack))
    # Then studying goes on after what was placed out: here, nothing is left to learn today.
    assert said[at + 6].startswith("Done: every skill is mastered or placed out.")
    assert said[at + 7 : at + 9] == ["", "Session summary:"]
    assert ESCAPE_CODE not in text
    assert not re.search("[\u2500-\u257f]", text), "box drawing"


def test_unknown_learner_and_pack_are_errors_a_person_can_read(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    tutor.add_learner("Di")
    with pytest.raises(NotFound, match="no learner named 'nobody'"):
        run_plain(tutor, "nobody", PACK, io.StringIO(), io.StringIO())
    with pytest.raises(NotFound, match="no pack 'nope'"):
        run_plain(tutor, "Di", "nope", io.StringIO(), io.StringIO())


def one_question_pack(question: AnyQuestion, pack_id: str = "one") -> Pack:
    """A pack of one skill without a lesson, so that its question is asked first."""
    skill = Skill(id="only", title="Only skill", questions=(replace(question, skill="only"),))
    return Pack(
        id=pack_id,
        title="One question",
        version="1.0.0",
        units=(Unit(id="u", title="U", skills=("only",)),),
        skills=(skill,),
    )


def first_of_each_type(pack: Pack) -> Iterator[AnyQuestion]:
    for kind in QUESTION_TYPES:
        yield next(q for q in pack.questions() if q.type == kind)


def answer_once(
    tutor: Tutor, person: Learner, pack_id: str, typed: Callable[[Presented], list[str]]
) -> str:
    """Run plain mode on a one-question pack, typing `typed(shown)`; the transcript."""
    pack = tutor.pack(pack_id)
    shown = tutor.present(person, pack, pack.skills[0].questions[0])
    output = io.StringIO()
    run_plain(
        tutor, person, pack_id, io.StringIO("".join(f"{line}\n" for line in typed(shown))), output
    )
    return output.getvalue()


@pytest.mark.parametrize("kind", QUESTION_TYPES)
def test_every_question_type_can_be_answered_right(
    packs: dict[str, Pack], kind: str, tutor_for: TutorFor
) -> None:
    question = next(q for q in first_of_each_type(packs[PACK]) if q.type == kind)
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Eve")
    said = answer_once(tutor, person, "one", lambda shown: [right_answer(shown)]).splitlines()
    assert "Right." in said, "\n".join(said)
    assert [a.score for a in tutor.store.attempts(person.id)] == [1.0]
    # Each type says how to answer it, on the line before the first prompt.
    assert said[[i for i, line in enumerate(said) if line.startswith("> ")][0] - 1].startswith(
        ("Type", "Pick", "True or false", "Match")
    )


def test_every_built_in_question_can_be_answered_right(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    # Every question, of every built-in pack, each in a pack of its own on one store.
    questions = [q for pack in packs.values() for q in pack.questions()]
    single = {f"q{n}": one_question_pack(q, f"q{n}") for n, q in enumerate(questions)}
    tutor = tutor_for(single)
    person = tutor.add_learner("Fay")
    wrong = []
    for pack_id, pack in single.items():
        said = answer_once(tutor, person, pack_id, lambda shown: [right_answer(shown)])
        if "\nRight.\n" not in said:
            wrong.append(f"{pack.skills[0].questions[0].id}:\n{said}")
    assert not wrong, "\n".join(wrong[:3])
    assert len(tutor.store.attempts(person.id)) == len(questions)


def test_the_cloze_text_names_its_blanks_in_words(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    question = next(q for q in packs[PACK].questions() if q.id == "wif-cloze-names")
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Gus")
    said = answer_once(tutor, person, "one", lambda shown: ["numerator"]).splitlines()
    assert (
        "Question: In the fraction 2/9, the top number 2 is called the (blank 1) and the bottom "
        "number 9 "
        "is called the (blank 2)."
    ) in said
    assert "Type the 2 fills in order, separated by ;, like a; b." in said
    # One fill for two blanks cannot be read: the message, and nothing stored.
    assert any(line.startswith("Expected 2 fills, one per blank, but got 1") for line in said)
    assert tutor.store.attempts(person.id) == []


def test_hints_run_out_and_a_command_letter_can_be_an_answer(tutor_for: TutorFor) -> None:
    question = ShortQuestion(
        id="letter",
        skill="only",
        prompt="Which letter stands for quit?",
        answers=("q",),
        hints=("It is the first letter of quit.",),
    )
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Hal")
    said = answer_once(tutor, person, "one", lambda shown: ["h", "h", "\\q"]).splitlines()
    assert "Hint 1 of 1: It is the first letter of quit." in said
    assert "No more hints: that was the last one." in said
    assert "Right." in said
    [attempt] = tutor.store.attempts(person.id)
    assert attempt.hints_used == 1 and attempt.response == "q"


def test_a_question_without_hints_says_so(tutor_for: TutorFor) -> None:
    question = NumericQuestion(
        id="n", skill="only", prompt="How many legs has a cat?", answer=4, unit="legs"
    )
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Ida")
    said = answer_once(tutor, person, "one", lambda shown: ["h", "4 legs"]).splitlines()
    assert "Type a number in legs, like 3, 0.5 or 1/2." in said
    assert "There are no hints for this question." in said
    assert "Right." in said
    assert tutor.store.attempts(person.id)[0].hints_used == 0


# The study command ---------------------------------------------------------------------------


@pytest.fixture
def command(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Command:
    """`tutor ARGS` run in this process through `main()`, with learner "x" added."""
    monkeypatch.delenv("TUTOR_LEARNER", raising=False)
    open_tutor(packs={}).add_learner("x")
    return Command(monkeypatch, capsys)


def test_the_study_command_runs_plain_mode_on_piped_input(command: Command) -> None:
    study = ("study", "--learner", "x", "--pack", PACK)

    # No check, the lesson, one answer (right or not), then the end of the input.
    done = command(*study, "--plain", stdin="\n\n1\n")
    assert done.code == 0, done.stderr
    assert "Studying Fractions and Ratios as x." in done.stdout
    summary = done.stdout.split("Session summary:\n", 1)[1].splitlines()
    assert re.fullmatch(r"1 answers?, [01] right \(\d+%\)", summary[0])
    assert ESCAPE_CODE not in done.stdout

    # Without --plain and without a terminal, plain mode it is, with a note saying so.
    piped = command(*study, stdin="q\n")
    assert piped.code == 0, piped.stderr
    assert "studying in plain mode" in piped.stderr
    assert "Session summary:" in piped.stdout


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("--learner", "nobody", "--pack", PACK), 1, "error: no learner named 'nobody'"),
        (("--learner", "x", "--pack", "nope"), 1, "error: no pack 'nope'"),
        (("--pack", PACK), 2, "Invalid value for '--learner': required in plain mode"),
        (("--learner", "x"), 2, "Invalid value for '--pack': required in plain mode"),
    ],
)
def test_the_study_command_refuses_what_it_cannot_do(
    args: tuple[str, ...], status: int, message: str, command: Command
) -> None:
    refused = command("study", "--plain", *args)
    assert refused.code == status
    assert message in refused.stderr


def test_an_answer_the_database_could_not_take_is_said_and_can_be_typed_again(
    packs: dict[str, Pack], tutor_for: TutorFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Di")
    answer = tutor.answer
    failures = iter([TutorError("nothing was saved: the database server cannot be reached")])

    def out_of_reach(*args: object, **kwargs: object) -> object:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return answer(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tutor, "answer", out_of_reach)
    output = io.StringIO()
    run_plain(tutor, person, PACK, io.StringIO("\n\n1\n1\nq\n"), output)
    said = output.getvalue()
    assert "Nothing was saved: the database server cannot be reached." in said
    assert "Type the answer again to retry." in said
    # Typed again, the answer is graded and stored once.
    assert len(tutor.store.attempts(person.id)) == 1


def test_an_answer_piped_ahead_of_an_unexpected_lesson_answers_the_question_after_it(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    # The first skill of the pack, its lesson and its first choice question alone.
    first = packs[PACK].skills[0]
    choice = next(q for q in first.questions if isinstance(q, ChoiceQuestion))
    pack = replace(one_question_pack(choice), skills=(replace(first, questions=(choice,)),))
    pack = replace(pack, units=(replace(pack.units[0], skills=(first.id,)),))
    tutor = tutor_for({pack.id: pack})
    person = tutor.add_learner("Cy")
    # A script that did not foresee the lesson: Enter at the offer, then an answer at once.
    output = io.StringIO()
    run_plain(tutor, person, pack.id, io.StringIO("\n1\nq\n"), output)
    said = lines_of(output)
    assert said.index("End of the lesson. Press Enter to practise.") < said.index("> 1")
    [attempt] = tutor.store.attempts(person.id)
    question = pack.question(attempt.question_id)
    assert isinstance(question, ChoiceQuestion) and attempt.response in question.choices
    # The line is said again at the question it answers, the one before the attempt's feedback.
    asked = said.index("Type the number of your answer.")
    assert said[asked + 1] == "> 1"


def test_markdown_is_said_without_its_marks_and_code_is_indented(tutor_for: TutorFor) -> None:
    from tutor_tui.render.markdown import plain_text

    assert plain_text("**Green** and `git add`, *not* __red__.") == "Green and git add, not red."
    assert plain_text("Run:\n\n```sh\ngit log\n```") == "Run:\n\n    git log"
    assert plain_text("- a\n- b") == "- a\n- b"


def test_a_choice_is_one_line_shown_as_written_but_for_its_inline_marks() -> None:
    # Read as blocks, a choice `>` was an empty quote, `* star` a list item, `# of items` a
    # heading: one line holds no block, so only emphasis, code and links are read.
    from tutor_tui.render.markdown import inline_runs, line_text

    for written in (">", "* star", "# of items", "1. first", "---", "- dash", "    four"):
        assert line_text(written) == written
    assert inline_runs("**a** `b`") == [("a", "strong"), (" ", None), ("b", "code")]
    assert line_text("[site](https://example.org) *it*") == "site (https://example.org) it"


def test_n_is_i_dont_know_and_the_mistakes_follow_the_summary(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    tutor = tutor_for(packs)
    person = tutor.add_learner("Ed")
    output = io.StringIO()
    run_plain(tutor, person, PACK, io.StringIO("\n\nn\nq\n"), output)
    said = lines_of(output)
    [attempt] = tutor.store.attempts(person.id)
    assert (attempt.response, attempt.score) == (None, 0.0)
    assert said[said.index("> n") + 1] == "Not known yet: here is the answer."
    review = said[said.index("Your mistakes, to learn from:") :]
    assert review[2] == "Mistake 1 of 1." and review[3].startswith("Question: ")
    # After the question, and how to type an answer to it where it says so.
    answered = review.index("Your answer: I don't know")
    assert answered <= 5 and review[answered + 1].startswith("Right: ")


@pytest.mark.parametrize("kind", ["choice", "multi", "order", "match", "cloze"])
def test_each_part_of_a_wrong_answer_is_marked_words_first(
    packs: dict[str, Pack], kind: str, tutor_for: TutorFor
) -> None:
    question = next(q for q in first_of_each_type(packs[PACK]) if q.type == kind)
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Kit")
    said = answer_once(tutor, person, "one", lambda shown: [wrong_answer(shown)]).splitlines()
    verdict = next(n for n, line in enumerate(said) if line.startswith(("Not quite", "Partly")))
    expected = next(n for n, line in enumerate(said) if line.startswith("Expected: "))
    marks = said[verdict + 1 : expected]
    parts = {"choice": 2, "multi": None, "order": 3, "match": 3, "cloze": 2}[kind] or 1
    assert len(marks) >= parts, "\n".join(said)
    # Each mark: the part, its verdict in words, and only then a sign, never a sign alone.
    for mark in marks:
        words = r"(right|picked, right|picked, wrong|missed, it is right|in place|it goes at \d+"
        words += "|your answer, wrong|the right answer"
        assert re.search(words + r"|wrong, it (goes with|is) .+) [✓✗]$", mark), mark
    assert any(mark.endswith("✗") for mark in marks)


def test_a_part_ending_in_a_full_stop_stays_apart_from_its_mark(tutor_for: TutorFor) -> None:
    question = ChoiceQuestion(
        id="c", skill="only", prompt="What happens?", choices=("It stops.", "It runs."),
        answer="It runs.", shuffle=False,
    )  # fmt: skip
    tutor = tutor_for({"one": one_question_pack(question)})
    said = answer_once(tutor, tutor.add_learner("Jo"), "one", lambda shown: ["1"]).splitlines()
    assert said[said.index("Not quite.") + 1 :][:3] == [
        "1. It stops. — your answer, wrong ✗",
        "2. It runs. — the right answer ✓",
        "Expected: It runs.",
    ]


def test_the_day_goal_is_met_once_and_the_minutes_go_towards_it(tutor_for: TutorFor) -> None:
    question = ChoiceQuestion(id="c", skill="only", prompt="Two?", choices=("2", "3"), answer="2")
    tutor = tutor_for({"one": one_question_pack(question)})
    person = tutor.add_learner("Lu")
    tutor.set_goal(person, "one", T0.date().replace(year=T0.year + 1), 5)
    ticks = iter(range(0, 10_000, 50))  # every question shown, and answered, 50 seconds on
    output = io.StringIO()
    answers = "".join(f"{shown}\n" for shown in ["1"] * 6)
    run_plain(tutor, person, "one", io.StringIO(answers), output, timer=lambda: next(ticks))
    said = lines_of(output)
    progress = [line for line in said if line.startswith("Today's goal")]
    # 50 seconds an answer: the 6th reaches 5 minutes, and says so once, before its minutes.
    assert progress[-2:] == [
        "Today's goal of 5 minutes is met. Well done! ⚑",
        "Today's goal: 5 of 5 minutes, met.",
    ], "\n".join(said)
    assert progress[0] == "Today's goal: 1 of 5 minutes."
    assert sum("is met" in line for line in said) == 1
    # More study that day does not say it again.
    output = io.StringIO()
    run_plain(tutor, person, "one", io.StringIO("1\n1\n"), output, timer=lambda: next(ticks))
    assert not any("is met" in line for line in lines_of(output))


def test_what_another_thread_says_comes_on_its_own_line_at_the_prompt_or_before_the_next() -> None:
    from tutor_tui.plain.lines import Lines

    output = io.StringIO()

    class Typing(io.StringIO):
        """The learner at the prompt when the school server goes out of reach."""

        def readline(self, size: int | None = -1) -> str:
            lines.interject("The server is gone.")
            return super().readline()

    lines = Lines(Typing("1/2\n"), output, echo=False)
    lines.interject("Said before the prompt.")  # not at a prompt: kept for the next one
    assert output.getvalue() == ""
    assert lines.ask() == "1/2"
    assert output.getvalue() == "Said before the prompt.\n> \nThe server is gone.\n> "


def test_plain_mode_says_once_what_a_rebuild_changed_in_where_the_learner_stands(
    packs: dict[str, Pack], tutor_for: TutorFor
) -> None:
    """Plain mode is the learner's home too: a mastery a rebuild took back is said there, once."""
    import json

    from tutor_tui.core.standing_change import NOTICE_KEY, Shift

    tutor = tutor_for(packs)
    person = tutor.add_learner("Di")
    lost = Shift(person.id, PACK, lost=("what-is-a-fraction",))
    tutor.store.set_meta(f"{NOTICE_KEY}{person.id}", json.dumps([lost.to_dict()]))
    first, again = io.StringIO(), io.StringIO()
    run_plain(tutor, person, PACK, io.StringIO("q\n"), first)
    said = first.getvalue().splitlines()[1]
    assert said.startswith("Fractions and Ratios: no longer mastered: What a fraction is (")
    run_plain(tutor, person, PACK, io.StringIO("q\n"), again)
    assert "no longer mastered" not in again.getvalue()
