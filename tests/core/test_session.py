"""A session's summary as facts: its totals, its most-missed questions in words, its prompts on
one line, and the one thing to focus on next."""

from __future__ import annotations

from dataclasses import replace

import pytest
from testkit.sessions import (
    PACK,
    PACK_ID,
    QUESTIONS,
    answer,
    first,
    report,
    right,
    skill_questions,
    wrong,
)

from tutor_tui.core.content import (
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
)
from tutor_tui.core.planner import Activity
from tutor_tui.core.session import MOST_MISSED, PROMPT_CHARS

# Totals ----------------------------------------------------------------------------------------


def test_totals_count_right_partial_and_wrong_answers_and_the_time() -> None:
    skill, questions = skill_questions(0)
    multi = first(MultiQuestion, skill)
    attempts = [
        right(questions[0], 1),
        right(questions[1], 2),
        wrong(questions[0], 3),
        answer(multi, (multi.answers[0],), 0.5, 4),
    ]

    totals = report(attempts, minutes=25, minutes_planned=30).totals

    assert (totals.answers, totals.right, totals.partial, totals.wrong) == (4, 2, 1, 1)
    assert totals.accuracy == pytest.approx(0.5)
    assert totals.minutes == pytest.approx(25)
    assert totals.minutes_planned == 30


# Most-missed questions -------------------------------------------------------------------------


def test_missed_questions_are_ordered_by_misses_then_first_appearance() -> None:
    q = QUESTIONS[:4]
    attempts = [
        wrong(q[0], 1),  # q0: one miss, met first
        right(q[1], 2),  # q1: never missed
        wrong(q[2], 3),
        wrong(q[2], 4),  # q2: two misses
        wrong(q[3], 5),  # q3: one miss, met after q0
        right(q[0], 6),
    ]

    missed = report(attempts).most_missed

    assert [m.question_id for m in missed] == [q[2].id, q[0].id, q[3].id]
    assert [(m.asked, m.missed) for m in missed] == [(2, 2), (2, 1), (1, 1)]


def test_at_most_five_questions_are_listed_as_most_missed() -> None:
    attempts = [wrong(question, minute) for minute, question in enumerate(QUESTIONS[:8])]
    attempts.append(wrong(QUESTIONS[7], 9))

    missed = report(attempts).most_missed

    assert len(missed) == MOST_MISSED
    assert missed[0].question_id == QUESTIONS[7].id
    assert [m.question_id for m in missed[1:]] == [q.id for q in QUESTIONS[:4]]


def test_a_partly_right_answer_counts_as_a_miss_and_is_written_as_given() -> None:
    multi = first(MultiQuestion)
    picked = (multi.answers[0],)

    (missed,) = report([answer(multi, picked, 0.5)]).most_missed

    assert missed.wrong_answers[0].text == multi.answers[0]
    assert missed.correct_answer == ", ".join(multi.answers)


def test_answers_of_several_parts_read_as_words_not_as_the_command_lines_json() -> None:
    order = first(OrderQuestion)
    matching = first(MatchQuestion)
    cloze = next(q for q in QUESTIONS if isinstance(q, ClozeQuestion) and len(q.blanks) == 2)
    backwards = tuple(reversed(order.items))
    crossed = dict(
        zip(
            [p.left for p in matching.pairs],
            [p.right for p in matching.pairs][1:] + [matching.pairs[0].right],
            strict=True,
        )
    )
    attempts = [
        answer(order, backwards, 0.0, 1),
        answer(matching, crossed, 0.0, 2),
        answer(cloze, ("", "x"), 0.0, 3),
        answer(first(MultiQuestion), (), 0.0, 4),
    ]

    found = {q.question_id: q for q in report(attempts).most_missed}

    assert found[order.id].wrong_answers[0].text == " → ".join(backwards)
    assert found[order.id].correct_answer == " → ".join(order.items)
    assert found[matching.id].wrong_answers[0].text == "; ".join(
        f"{left} → {right}" for left, right in crossed.items()
    )
    assert found[cloze.id].wrong_answers[0].text == "(blank); x"
    assert found[first(MultiQuestion).id].wrong_answers[0].text == "(nothing)"
    for missed in found.values():
        assert not any(w.text.startswith(("[", "{")) for w in missed.wrong_answers)


def test_a_prompt_is_shown_on_one_short_line() -> None:
    long_prompt = "What is\n\n  this?   " + "very " * 80 + "long"
    question = replace(first(ChoiceQuestion), prompt=long_prompt)
    skill = PACK.skill(question.skill)
    changed = replace(skill, questions=(question, *skill.questions[1:]))
    pack = replace(PACK, skills=tuple(changed if s is skill else s for s in PACK.skills))

    (missed,) = report([wrong(question)], pack=pack).most_missed

    assert missed.prompt.startswith("What is this? very very")
    assert "\n" not in missed.prompt and "  " not in missed.prompt
    assert missed.prompt.endswith("…") and len(missed.prompt) <= PROMPT_CHARS


def test_a_prompt_loses_the_markdown_marks_a_line_cannot_show() -> None:
    marked = "What is **left** of `x // 2` and __this__, at 3 * 4?\n```python\nprint(x)\n```"
    question = replace(first(ChoiceQuestion), prompt=marked)
    skill = PACK.skill(question.skill)
    changed = replace(skill, questions=(question, *skill.questions[1:]))
    pack = replace(PACK, skills=tuple(changed if s is skill else s for s in PACK.skills))

    (missed,) = report([wrong(question)], pack=pack).most_missed

    assert missed.prompt == "What is left of x // 2 and this, at 3 * 4? print(x)"


# What to do next -------------------------------------------------------------------------------


def test_the_focus_is_the_unmastered_skill_missed_most() -> None:
    a, b, c = PACK.skills[0], PACK.skills[1], PACK.skills[2]
    attempts = [
        wrong(a.questions[0], 1),
        right(a.questions[1], 2),
        wrong(b.questions[0], 3),
        wrong(b.questions[1], 4),
        right(b.questions[2], 5),
        # The most misses of all, but mastered by the end: nothing to keep practising.
        *(wrong(c.questions[0], 6 + i) for i in range(3)),
        right(c.questions[1], 9),
    ]
    next_up = Activity("question", PACK_ID, a.id, a.questions[0].id, "Practice: go on")

    found = report(attempts, mastered_after=[c.id], next_activity=next_up)

    assert found.next_focus == f"Keep practising {b.title}: 2 of 3 answers missed today."


def test_equal_misses_make_the_skill_met_first_the_focus() -> None:
    a, b = PACK.skills[0], PACK.skills[1]

    found = report([wrong(b.questions[0], 1), wrong(a.questions[0], 2)])

    assert found.next_focus == f"Keep practising {b.title}: 1 of 1 answer missed today."


def test_without_misses_the_focus_is_what_the_tutor_would_do_next() -> None:
    a, b = PACK.skills[0], PACK.skills[1]
    next_up = Activity(
        "question", PACK_ID, b.id, b.questions[0].id, f"Practice: {b.title}, 40% mastered so far"
    )

    found = report([right(a.questions[0])], next_activity=next_up)

    assert found.next_focus == f"Next — Practice: {b.title}, 40% mastered so far."


def test_a_next_step_whose_reason_does_not_name_its_skill_names_it() -> None:
    a, b = PACK.skills[0], PACK.skills[1]
    next_up = Activity("question", PACK_ID, b.id, b.questions[0].id, "Practice: go on")

    found = report([right(a.questions[0])], next_activity=next_up)

    assert found.next_focus == f"Next: {b.title} (Practice: go on)."


# Answers the pack no longer knows --------------------------------------------------------------


def test_a_response_that_no_longer_fits_its_question_is_shown_as_stored() -> None:
    choice = first(ChoiceQuestion)

    (missed,) = report([answer(choice, 42, 0.0)]).most_missed

    assert missed.wrong_answers[0].text == "42"
    assert missed.correct_answer == choice.answer


def test_i_dont_know_reads_as_words_not_as_null() -> None:
    for question in (first(ChoiceQuestion), first(MultiQuestion), first(ClozeQuestion)):
        (missed,) = report([answer(question, None, 0.0)]).most_missed
        assert [w.text for w in missed.wrong_answers] == ["I don't know"]
