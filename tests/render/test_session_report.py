"""The session summary: built from one session's answers, rendered as text, Markdown and HTML with
every prompt, title and answer escaped, and never thrown by answers the pack no longer knows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor_tui.core import grading
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    MatchQuestion,
    MultiQuestion,
    OrderQuestion,
    Pack,
    Skill,
    TrueFalseQuestion,
)
from tutor_tui.core.learner import Attempt
from tutor_tui.core.planner import Activity
from tutor_tui.core.session import (
    ALL_MASTERED,
    MOST_MISSED,
    PROMPT_CHARS,
    SessionReport,
    build_session_report,
)
from tutor_tui.packs.catalog import builtin_packs_home
from tutor_tui.packs.loader import load_pack
from tutor_tui.render.session_report import FORMATS, render, to_html, to_markdown, to_text

PACK_ID = "fractions-ratios"
HOSTILE = "<script>alert(1)</script>"
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
Q = TypeVar("Q")


def _load() -> Pack:
    pack = load_pack(builtin_packs_home() / PACK_ID).pack
    assert pack is not None
    return pack


# Loaded once, at import: the hypothesis strategies below draw from its questions.
PACK = _load()
QUESTIONS: list[AnyQuestion] = list(PACK.questions())


def first(kind: type[Q], skill: Skill | None = None) -> Q:
    """The first question of a type, in a skill or anywhere in the pack."""
    found = skill.questions if skill else QUESTIONS
    return next(q for q in found if isinstance(q, kind))


def answer(
    question: AnyQuestion | str,
    response: Any,
    score: float,
    minute: int = 0,
    *,
    skill_id: str | None = None,
) -> Attempt:
    """One answer in the session, `minute` minutes after it began."""
    question_id = question if isinstance(question, str) else question.id
    skill = skill_id or ("gone-skill" if isinstance(question, str) else question.skill)
    return Attempt(
        id=f"a-{question_id}-{minute}",
        learner_id="ada",
        pack_id=PACK_ID,
        pack_version=PACK.version,
        question_id=question_id,
        skill_id=skill,
        response=response,
        score=score,
        hints_used=0,
        seconds=20.0,
        at=START + timedelta(minutes=minute),
    )


def right(question: AnyQuestion, minute: int = 0) -> Attempt:
    """A fully right answer to `question`."""
    return answer(question, grading.correct_response(question), 1.0, minute)


def wrong(question: AnyQuestion, minute: int = 0) -> Attempt:
    """A wrong answer to `question` (a wrong choice, or the opposite of true or false)."""
    if isinstance(question, ChoiceQuestion):
        response: Any = next(c for c in question.choices if c != question.answer)
    elif isinstance(question, TrueFalseQuestion):
        response = not question.answer
    else:
        response = "no idea"
    return answer(question, response, 0.0, minute)


def report(
    attempts: Sequence[Attempt],
    *,
    pack: Pack = PACK,
    before: dict[str, float] | None = None,
    after: dict[str, float] | None = None,
    mastered_after: Sequence[str] = (),
    mastered_before: Sequence[str] = (),
    next_activity: Activity | None = None,
    minutes: float = 25,
    minutes_planned: int | None = 30,
    skills_asked: Sequence[str] = (),
    learner: str = "Ada",
) -> SessionReport:
    return build_session_report(
        pack,
        learner,
        attempts,
        before or {},
        after or {},
        mastered_after,
        mastered_before,
        next_activity,
        START,
        START + timedelta(minutes=minutes),
        minutes_planned,
        skills_asked,
    )


def skill_questions(index: int) -> tuple[Skill, list[AnyQuestion]]:
    skill = PACK.skills[index]
    return skill, list(skill.questions)


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


def test_the_title_names_the_learner_the_pack_and_the_day() -> None:
    found = report([right(QUESTIONS[0])])

    assert found.title == f"Session summary · Ada · {PACK.title} · 2 March 2026"
    assert found.when == "09:00–09:25"
    for fmt in FORMATS:
        assert "Session summary · Ada" in render(found, fmt)


def test_a_session_without_answers_still_makes_a_sensible_summary() -> None:
    next_up = Activity("lesson", PACK_ID, PACK.skills[0].id, None, "New skill: start here")

    empty = report([], next_activity=next_up, minutes=3)

    assert empty.totals.answers == 0
    assert empty.totals.accuracy is None
    assert empty.skills == () and empty.most_missed == ()
    assert PACK.skills[0].title in empty.next_focus
    for fmt in FORMATS:
        assert "No answers in this session" in render(empty, fmt)
    assert "3 min studied" in to_text(empty)


def test_a_session_of_a_few_seconds_is_not_said_to_last_0_minutes() -> None:
    brief = report([right(QUESTIONS[0])], minutes=0.3)

    assert "under 1 min studied (30 min planned)" in to_text(brief)
    for shown in (to_text(brief), to_html(brief), to_markdown(brief)):
        assert not re.search(r"\b0 min", shown)


# Skills covered --------------------------------------------------------------------------------


def test_skills_are_listed_in_the_order_first_met_with_mastery_before_and_after() -> None:
    first_skill, first_questions = skill_questions(0)
    second_skill, second_questions = skill_questions(1)
    attempts = [
        right(second_questions[0], 1),
        right(first_questions[0], 2),
        wrong(second_questions[1], 3),
        right(first_questions[1], 4),
    ]

    found = report(
        attempts,
        before={second_skill.id: 0.42},
        after={first_skill.id: 0.97, second_skill.id: 0.55},
        mastered_after=[first_skill.id],
    )

    assert [s.skill_id for s in found.skills] == [second_skill.id, first_skill.id]
    second, first_ = found.skills
    assert (second.title, second.answers, second.right) == (second_skill.title, 2, 1)
    assert (second.before, second.after) == (0.42, 0.55)
    assert first_.before is None and first_.after == 0.97
    text = to_text(found)
    assert "mastery 42% → 55%" in text
    assert "mastery new → 97%" in text


def test_a_skill_is_flagged_mastered_only_if_it_was_not_mastered_before() -> None:
    a, b, c = PACK.skills[0], PACK.skills[1], PACK.skills[2]
    attempts = [right(a.questions[0]), right(b.questions[0]), right(c.questions[0])]

    found = report(attempts, mastered_after=[a.id, b.id], mastered_before=[b.id])

    flags = {s.skill_id: (s.mastered, s.mastered_this_session) for s in found.skills}
    assert flags == {a.id: (True, True), b.id: (True, False), c.id: (False, False)}
    assert found.mastered_this_session == (a.title,)
    rows = [line for line in to_markdown(found).splitlines() if line.startswith("| ")]
    assert [row.endswith("| yes |") for row in rows[1:]] == [True, False, False]
    assert "mastered this session" in to_html(found)


def test_a_mastery_that_is_not_a_number_is_shown_as_unknown() -> None:
    skill = PACK.skills[0]

    found = report([right(skill.questions[0])], before={skill.id: float("nan")})

    assert "mastery – → –" in to_text(found)


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


def test_wrong_answers_are_grouped_with_counts_and_the_right_answer_is_shown() -> None:
    choice = first(ChoiceQuestion)
    wrongs = [c for c in choice.choices if c != choice.answer]
    attempts = [
        answer(choice, wrongs[-1], 0.0, 1),
        answer(choice, wrongs[0], 0.0, 2),
        answer(choice, wrongs[0], 0.0, 3),
        right(choice, 4),
    ]

    (missed,) = report(attempts).most_missed

    assert [(w.text, w.times) for w in missed.wrong_answers] == [(wrongs[0], 2), (wrongs[-1], 1)]
    assert missed.correct_answer == choice.answer
    assert missed.skill_title == PACK.skill(choice.skill).title
    text = to_text(report(attempts))
    assert f"- {wrongs[0]} (2 times)" in text
    assert f"- {wrongs[-1]} (once)" in text
    assert f"Right answer: {choice.answer}" in text


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


def test_a_prompt_of_a_few_lines_is_shown_whole() -> None:
    # Cut at 80 characters, "... What fraction of the class are boys?" lost its question.
    question = next(
        q
        for q in QUESTIONS
        if isinstance(q, ChoiceQuestion) and 100 < len(q.prompt) < 200 and "\n" not in q.prompt
    )

    (missed,) = report([wrong(question)]).most_missed

    assert missed.prompt == question.prompt
    assert question.prompt in " ".join(to_text(report([wrong(question)])).split())


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


@pytest.mark.parametrize(
    "next_up",
    [None, Activity("done", PACK_ID, None, None, "Everything is mastered")],
    ids=["nothing-next", "done"],
)
def test_with_nothing_left_to_do_the_focus_says_so(next_up: Activity | None) -> None:
    a = PACK.skills[0]

    found = report([right(a.questions[0])], mastered_after=[a.id], next_activity=next_up)

    assert found.next_focus == ALL_MASTERED
    assert ALL_MASTERED in to_text(found)


# Answers the pack no longer knows --------------------------------------------------------------


def test_answers_to_questions_and_skills_the_pack_no_longer_has_are_kept() -> None:
    attempts = [
        answer("retired-question", ["a", "b"], 0.0, 1, skill_id="retired-skill"),
        answer("retired-question", {"x": "y"}, 0.0, 2, skill_id="retired-skill"),
        right(QUESTIONS[0], 3),
    ]

    found = report(attempts)

    assert found.totals.answers == 3 and found.totals.right == 1
    assert found.skills[0].skill_id == "retired-skill"
    assert found.skills[0].title == "retired-skill"
    (missed,) = found.most_missed
    assert (missed.prompt, missed.skill_title, missed.known) == (
        "retired-question",
        "retired-skill",
        False,
    )
    assert missed.correct_answer is None
    assert [w.text for w in missed.wrong_answers] == ['["a", "b"]', '{"x": "y"}']
    # A skill the pack no longer has is not one to keep practising.
    assert "retired-skill" not in found.next_focus
    for fmt in FORMATS:
        assert "retired-question" in render(found, fmt)


def test_a_response_that_no_longer_fits_its_question_is_shown_as_stored() -> None:
    choice = first(ChoiceQuestion)

    (missed,) = report([answer(choice, 42, 0.0)]).most_missed

    assert missed.wrong_answers[0].text == "42"
    assert missed.correct_answer == choice.answer


# Escaping --------------------------------------------------------------------------------------


def test_html_escapes_hostile_answers_and_content() -> None:
    short = next(q for q in QUESTIONS if q.type == "short")
    pack = replace(PACK, title=f"Fractions {HOSTILE}")
    attempts = [answer(short, HOSTILE, 0.0), answer(short, 'x" onmouseover="alert(2)', 0.0)]

    page = to_html(report(attempts, pack=pack, learner=f"Ada {HOSTILE}"))

    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # title, heading, answer
    assert 'x" onmouseover' not in page
    assert "x&quot; onmouseover=&quot;alert(2)" in page


def test_the_html_page_is_self_contained_and_printable() -> None:
    page = to_html(report([wrong(QUESTIONS[0]), right(QUESTIONS[1])]))

    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page
    assert not re.search(r"<script|<link|https?://|src=|@import", page)


def test_markdown_escapes_what_markdown_would_misread_in_answers() -> None:
    short = next(q for q in QUESTIONS if q.type == "short")
    typed = "# a | b `c` *d* _e_"

    page = to_markdown(report([answer(short, typed, 0.0)]))

    line = next(line for line in page.splitlines() if "Answered:" in line)
    assert r"\# a \| b \`c\` \*d\* \_e\_" in line
    assert not re.search(r"(?<!\\)[|`*_#]", line.split("Answered:", 1)[1])


def test_markdown_escapes_pipes_in_table_cells() -> None:
    skill = PACK.skills[0]
    changed = replace(skill, title="Halves | quarters")
    pack = replace(PACK, skills=(changed, *PACK.skills[1:]))

    page = to_markdown(report([right(skill.questions[0])], pack=pack))

    row = next(line for line in page.splitlines() if "Halves" in line)
    assert r"Halves \| quarters" in row
    assert len(re.findall(r"(?<!\\)\|", row)) == 6  # five columns


def test_text_stays_within_80_columns_and_prints_no_control_codes() -> None:
    short = next(q for q in QUESTIONS if q.type == "short")
    typed = "\x1b[31mred\x1b[0m " + "x" * 200 + "\nsecond line"

    text = to_text(report([answer(short, typed, 0.0)], learner="Ada\x1b[2J"))

    assert "\x1b" not in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_render_picks_the_format_by_name() -> None:
    found = report([wrong(QUESTIONS[0])])

    assert render(found, "text") == to_text(found)
    assert render(found, "markdown") == to_markdown(found)
    assert render(found, "html") == to_html(found)
    with pytest.raises(ValueError, match="json"):
        render(found, "json")


# Properties ------------------------------------------------------------------------------------

RESPONSES = st.one_of(
    st.text(max_size=12),
    st.booleans(),
    st.integers(-5, 50),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
)
ANSWERS = st.tuples(
    st.one_of(st.sampled_from(QUESTIONS), st.just("retired-question")),
    RESPONSES,
    st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.0, 1.0)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(ANSWERS, max_size=25),
    st.lists(st.sampled_from([s.id for s in PACK.skills]), max_size=4),
)
def test_any_session_adds_up_and_renders(
    given_answers: list[tuple[AnyQuestion | str, Any, float]], mastered: list[str]
) -> None:
    attempts = [
        answer(question, response, score, minute)
        for minute, (question, response, score) in enumerate(given_answers)
    ]

    found = report(attempts, mastered_after=mastered, after=dict.fromkeys(mastered, 0.96))

    totals = found.totals
    assert totals.answers == len(attempts)
    assert totals.right + totals.partial + totals.wrong == totals.answers
    assert min(totals.right, totals.partial, totals.wrong) >= 0
    assert sum(s.answers for s in found.skills) == len(attempts)
    misses = [m.missed for m in found.most_missed]
    assert misses == sorted(misses, reverse=True)
    assert len(found.most_missed) <= MOST_MISSED
    assert all(m.missed >= 1 and m.missed <= m.asked for m in found.most_missed)
    for fmt in FORMATS:
        assert render(found, fmt).strip()
