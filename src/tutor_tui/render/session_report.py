"""A session's summary written out, for the tutor to print or save: text, Markdown or HTML.

`to_text`, `to_markdown` and `to_html` (or `render` by name) turn a `SessionReport` (the facts,
`tutor_tui.core.session`) into text. Prompts, titles and answers are the author's and the
learner's words, so each format escapes every one of them.
"""

from __future__ import annotations

import textwrap

from tutor_tui.core.progress import duration
from tutor_tui.core.session import MissedQuestion, SessionReport, SessionTotals, SkillCovered
from tutor_tui.core.words import noun_for, percent, plural
from tutor_tui.render.portfolio import md

__all__ = ["FORMATS", "render", "to_html", "to_markdown", "to_text"]

FORMATS = ("text", "markdown", "html")
# The plain-text report fits a terminal this wide.
WIDTH = 80
NO_ANSWERS = "No answers in this session."


# Words shared by the formats -------------------------------------------------------------------


def _time_words(totals: SessionTotals) -> str:
    """ "25 min studied (30 min planned)"."""
    planned = (
        f" ({duration(60 * totals.minutes_planned)} planned)" if totals.minutes_planned else ""
    )
    return f"{duration(60 * totals.minutes)} studied{planned}"


def _answer_words(totals: SessionTotals) -> str:
    """ "12 answers: 8 right, 2 partly right, 2 wrong (67% right)", or that there were none."""
    if not totals.answers:
        return NO_ANSWERS
    return (
        f"{plural(totals.answers, 'answer')}: {totals.right} right, "
        f"{totals.partial} partly right, {totals.wrong} wrong "
        f"({percent(totals.accuracy)} right)."
    )


def _mastery_words(skill: SkillCovered) -> str:
    """ "10% → 96%", with "new" for a skill not seen before the session."""
    start = "new" if skill.before is None else percent(skill.before)
    return f"{start} → {percent(skill.after)}"


def _flag(skill: SkillCovered) -> str:
    """What the session did to a skill's mastery, if anything: gained it, or let it slip."""
    if skill.mastered_this_session:
        return "mastered this session"
    if skill.lost:
        return "slipped this session, to practise again"
    if skill.placed:
        return "placed out this session"
    if skill.sent_back:
        return "placed out before, back to practice"
    return ""


def _lost_words(report: SessionReport) -> str:
    return "Slipped this session, to practise again: " + ", ".join(report.lost_this_session) + "."


def _placement_words(report: SessionReport) -> list[str]:
    """The sentences on what the session did to placements: skills placed out, skills sent
    back to practice, each named."""
    words = []
    if report.placed_out:
        words.append(
            "Placed out this session, to confirm in a short check later: "
            + ", ".join(report.placed_out)
            + "."
        )
    if report.sent_back:
        words.append("Back to practice, no longer placed out: " + ", ".join(report.sent_back) + ".")
    return words


def _miss_words(question: MissedQuestion) -> str:
    return f"asked {_times(question.asked)}, missed {question.missed}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _no_misses(report: SessionReport) -> str:
    return NO_ANSWERS if not report.totals.answers else "None: every answer was right."


# Plain text ------------------------------------------------------------------------------------


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def to_text(report: SessionReport) -> str:
    """The report as plain lines for a terminal: no colour, at most 80 columns."""
    r = report
    out = [*_wrap(r.title), ""]
    out += _wrap(f"Time: {r.when}, {_time_words(r.totals)}.")
    out += _wrap(_answer_words(r.totals))
    if r.skills_asked:
        out += _wrap("Skills chosen: " + ", ".join(r.skills_asked) + ".")
    if r.mastered_this_session:
        out += _wrap("Mastered this session: " + ", ".join(r.mastered_this_session) + ".")
    if r.lost_this_session:
        out += _wrap(_lost_words(r))
    for words in _placement_words(r):
        out += _wrap(words)
    out += ["", "Skills covered"]
    if not r.skills:
        out += _wrap(NO_ANSWERS, "  ")
    for skill in r.skills:
        flag = _flag(skill)
        flag = f", {flag}" if flag else ""
        out += _wrap(
            f"- {skill.title}: {skill.right} of {skill.answers} right, "
            f"mastery {_mastery_words(skill)}{flag}",
            "  ",
            "    ",
        )
    out += ["", "Most-missed questions"]
    if not r.most_missed:
        out += _wrap(_no_misses(r), "  ")
    for number, q in enumerate(r.most_missed, 1):
        lead = f"  {number}. "
        more = " " * len(lead)
        out += _wrap(f"{q.prompt} ({q.skill_title})", lead, more)
        out += _wrap(f"{_miss_words(q).capitalize()}.", more)
        if q.wrong_answers:
            out += _wrap("Answers given:", more)
            for wrong in q.wrong_answers:
                out += _wrap(f"- {wrong.text} ({_times(wrong.times)})", more + "  ", more + "    ")
        if q.correct_answer is not None:
            out += _wrap(f"Right answer: {q.correct_answer}", more, more + "  ")
        elif not q.known:
            out += _wrap("No longer in the pack.", more)
    out += ["", "Next"]
    out += _wrap(r.next_focus, "  ")
    return "\n".join(out) + "\n"


# Markdown --------------------------------------------------------------------------------------


def to_markdown(report: SessionReport) -> str:
    """The report as Markdown: headings, a table of skills, a list of the most-missed questions."""
    r = report
    out = [
        f"# {md(r.title)}",
        "",
        "## Totals",
        "",
        f"- Time: {r.when}, {_time_words(r.totals)}",
        f"- {md(_answer_words(r.totals))}",
    ]
    if r.skills_asked:
        out.append("- Skills chosen: " + ", ".join(md(t) for t in r.skills_asked))
    if r.mastered_this_session:
        out.append("- Mastered this session: " + ", ".join(md(t) for t in r.mastered_this_session))
    if r.lost_this_session:
        out.append(f"- {md(_lost_words(r))}")
    out += [f"- {md(words)}" for words in _placement_words(r)]
    out += ["", "## Skills covered", ""]
    if r.skills:
        out += [
            "| Skill | Answers | Right | Mastery | This session |",
            "|---|---:|---:|---|---|",
        ]
        out += [
            f"| {md(s.title)} | {s.answers} | {s.right} | {_mastery_words(s)} | {_flag(s)} |"
            for s in r.skills
        ]
    else:
        out.append(NO_ANSWERS)
    out += ["", "## Most-missed questions", ""]
    if not r.most_missed:
        out.append(md(_no_misses(r)))
    for number, q in enumerate(r.most_missed, 1):
        out.append(f"{number}. {md(q.prompt)} ({md(q.skill_title)}): {_miss_words(q)}")
        for wrong in q.wrong_answers:
            out.append(f"   - Answered: {md(wrong.text)} ({_times(wrong.times)})")
        if q.correct_answer is not None:
            out.append(f"   - Right answer: {md(q.correct_answer)}")
        elif not q.known:
            out.append("   - No longer in the pack.")
    out += ["", "## Next", "", md(r.next_focus), ""]
    return "\n".join(out)


# HTML ------------------------------------------------------------------------------------------


def to_html(report: SessionReport) -> str:
    """The report as one self-contained, printable HTML page."""
    from tutor_tui.render.html import page

    r = report
    t = r.totals
    planned = f" of {duration(60 * t.minutes_planned)} planned" if t.minutes_planned else ""
    return page(
        "session.html",
        title=r.title,
        page_class="session",
        r=r,
        chosen=", ".join(r.skills_asked),
        changes=_placement_words(r),
        answer_words=_answer_words(t),
        tiles=[
            (duration(60 * t.minutes), f"studied{planned}"),
            (str(t.answers), noun_for(t.answers, "answer")),
            (percent(t.accuracy), "answers right"),
            (str(len(r.mastered_this_session)), "skills mastered this session"),
        ],
        no_answers=NO_ANSWERS,
        no_misses=_no_misses(r),
        mastery_words=_mastery_words,
        flag=_flag,
        miss_words=_miss_words,
        times=_times,
    )


def render(report: SessionReport, fmt: str) -> str:
    """The report in one of FORMATS; ValueError for any other."""
    if fmt == "text":
        return to_text(report)
    if fmt == "markdown":
        return to_markdown(report)
    if fmt == "html":
        return to_html(report)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
