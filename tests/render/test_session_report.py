"""The session summary rendered as text, Markdown and HTML: every title, skill and answer shown,
every prompt and answer escaped, and answers the pack no longer knows shown as stored."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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

from tutor_tui.core import held
from tutor_tui.core.content import AnyQuestion, ChoiceQuestion
from tutor_tui.core.planner import Activity
from tutor_tui.core.session import ALL_MASTERED, MOST_MISSED, sitting_report
from tutor_tui.render.session_report import FORMATS, render, to_html, to_markdown, to_text

HOSTILE = "<script>alert(1)</script>"


# Totals ----------------------------------------------------------------------------------------


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

    found = report(attempts, mastered_after=[a.id, b.id], mastered_before=[b.id, c.id])

    flags = {s.skill_id: (s.mastered, s.mastered_this_session, s.lost) for s in found.skills}
    assert flags == {
        a.id: (True, True, False),
        b.id: (True, False, False),
        c.id: (False, False, True),
    }
    assert found.mastered_this_session == (a.title,)
    assert found.lost_this_session == (c.title,)
    rows = [line for line in to_markdown(found).splitlines() if line.startswith("| ")]
    assert [row.endswith("| mastered this session |") for row in rows[1:]] == [True, False, False]
    assert rows[3].endswith("| slipped this session, to practise again |")
    assert "mastered this session" in to_html(found)
    assert f"Slipped this session, to practise again: {c.title}." in to_text(found)


def test_a_sitting_over_two_packs_is_one_report() -> None:
    a, b = PACK.skills[0], PACK.skills[1]
    one = report([right(a.questions[0]), wrong(a.questions[1])], mastered_after=[a.id])
    two = report([wrong(b.questions[0])], mastered_before=[b.id], minutes=40)
    two = replace(two, pack_title="Other", started_at=one.ended_at, next_focus="Next: B.")
    both = sitting_report([one, two])
    assert both.pack_title == f"{PACK.title}, Other"
    assert (both.totals.answers, both.totals.right, both.totals.minutes) == (3, 1, 40)
    assert both.mastered_this_session == (a.title,) and both.lost_this_session == (b.title,)
    assert [q.question_id for q in both.most_missed] == [a.questions[1].id, b.questions[0].id]
    assert both.next_focus == "Next: B."
    assert sitting_report([one]) == one


def test_a_mastery_that_is_not_a_number_is_shown_as_unknown() -> None:
    skill = PACK.skills[0]

    found = report([right(skill.questions[0])], before={skill.id: float("nan")})

    assert "mastery – → –" in to_text(found)


# Most-missed questions -------------------------------------------------------------------------


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


# What to do next -------------------------------------------------------------------------------


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


def test_with_only_held_skills_left_the_focus_does_not_call_them_mastered() -> None:
    a = PACK.skills[0]
    reason = held.done([a.title])
    next_up = Activity("done", PACK_ID, None, None, reason)

    found = report([right(a.questions[0])], next_activity=next_up)

    assert found.next_focus == f"{reason}." and ALL_MASTERED not in to_text(found)


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
