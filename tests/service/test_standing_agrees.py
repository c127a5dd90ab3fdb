"""Every view of a learner's standing agrees: the progress screen and `tutor progress`, the
portfolio's card and chart, the progress overview, the class report (its table, heat map and
JSON), an answer's JSON and a session's summary, on random histories of answers, placements and
days away: skills mastered, and skills placed out, which none counts as mastered."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import TutorFor
from testkit.engine import T0, diamond, typed_pack

from tutor_tui.cli.progress import progress_report
from tutor_tui.core.clock import FixedClock
from tutor_tui.render.classroom import report_values
from tutor_tui.service.reports import class_report, gather_overview, gather_portfolio
from tutor_tui.service.tutor import Tutor
from tutor_tui.service.wiring import wire_tutor
from tutor_tui.store.database import Store

PACK = diamond()
QUESTIONS = [q.id for skill in PACK.skills for q in skill.questions]
STEPS = st.one_of(
    st.tuples(st.just("answer"), st.sampled_from(QUESTIONS), st.booleans()),
    st.tuples(st.just("wait"), st.sampled_from([1, 30, 60 * 13, 60 * 24 * 9]), st.none()),
    st.tuples(st.just("place"), st.sampled_from([s.id for s in PACK.skills]), st.none()),
)


def counts(tutor: Tutor) -> dict[str, tuple[int, int | None]]:
    """Skills mastered and skills placed out, as each view counts them (None: not shown)."""
    ann = tutor.learner("Ann")
    reports = tutor.skill_reports(ann, PACK)
    portfolio = gather_portfolio(tutor, ann, [PACK])
    [record] = portfolio.packs
    summary = portfolio.to_dict()["summary"]
    report = class_report(tutor)
    [learner] = report.learners
    [data] = report_values(report)["learners"]
    cells = [cell for heat in report.heat_maps for row in heat.rows for cell in row]
    [pack] = progress_report(tutor, ann, [PACK.id])["packs"]
    return {
        "progress screen": (
            sum(r.mastered for r in reports),
            sum(r.status == "placed out" for r in reports),
        ),
        "tutor progress": (pack["mastered"], pack["placed_out"]),
        "portfolio card": (record.mastered_count, len(record.placed_out)),
        "portfolio JSON": (summary["skills_mastered"], summary["skills_placed_out"]),
        "portfolio chart": (portfolio.series[-1].mastered, None),
        "overview chart": (gather_overview(tutor, ann, [PACK]).mastery[-1].mastered, None),
        "class report": (learner.mastered, learner.placed_out),
        "class report JSON": (data["skills_mastered"], data["skills_placed_out"]),
        "heat map": (
            sum(c.mastered for c in cells) if learner.studied else 0,
            sum(c.placed_out for c in cells) if learner.studied else 0,
        ),
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEPS, max_size=30))
def test_every_view_counts_the_same_skills_mastered(
    steps: list[tuple[str, str | int, bool | None]],
) -> None:
    clock = FixedClock(T0)
    store = Store.open("sqlite://")
    try:
        tutor = wire_tutor(store, {PACK.id: PACK}, clock, guard_clock=clock)
        ann = tutor.add_learner("Ann")
        session = tutor.begin_session(ann, PACK.id)
        for kind, what, right in steps:
            clock.at += timedelta(minutes=1)
            if kind == "answer":
                feedback = tutor.answer(
                    ann, PACK.id, str(what), "right" if right else "wrong", session=session
                ).to_dict()
                # `tutor answer --json` says mastered exactly when `tutor progress --json` does.
                [pack] = progress_report(tutor, ann, [PACK.id])["packs"]
                [skill] = [s for s in pack["skills"] if s["skill"] == feedback["skill"]]
                assert feedback["mastered"] == skill["mastered"], (feedback, skill["standing"])
            elif kind == "wait":
                clock.at += timedelta(minutes=int(what))
            else:
                tutor.place(ann, PACK.id, {str(what): 0.97})
        found = counts(tutor)
        assert len({mastered for mastered, _ in found.values()}) == 1, found
        # Reviews and checks of skills placed out due today, counted apart, alike on the
        # progress screen's forecast and in what `tutor next` and home say is due.
        overview = gather_overview(tutor, ann, [PACK])
        due = tutor.next(ann, PACK.id)
        today = (overview.forecast[0].reviews, overview.checks[0].reviews if overview.checks else 0)
        assert today == (due.reviews_due, due.checks_due), (overview, due)
        assert len({placed for _, placed in found.values() if placed is not None}) == 1, found
        # The session began with nothing mastered: what it gained less what it lost is the count.
        summary = tutor.end_session(session)
        gained = sum(a.mastered for a in summary.advanced)
        lost = sum(a.lost for a in summary.advanced)
        assert gained - lost == found["progress screen"][0], summary
        assert tutor.check() == []
    finally:
        store.close()


def test_a_sitting_sums_up_every_pack_it_went_through(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    other = diamond()
    other = replace(other, id="other", title="Other")
    tutor = tutor_for({PACK.id: PACK, other.id: other})
    ann = tutor.add_learner("Ann")
    session = tutor.begin_session(ann, PACK.id)
    for question in ("a1", "a2", "a3"):
        clock.at += timedelta(minutes=1)
        tutor.answer(ann, PACK.id, question, "right", session=session)
    moved = tutor.move_session(session, other.id)
    assert moved.earlier == (session,) and moved.pack_id == other.id
    clock.at += timedelta(minutes=1)
    tutor.answer(ann, other.id, "b1", "wrong", session=moved)
    summary = tutor.end_session(moved)
    assert (summary.answers, summary.right) == (4, 3)
    assert "Mastered: A" in summary.lines()
    assert summary.seconds == 4 * 60
    # The tutor's report says the same, over both packs.
    report = tutor.session_report(moved, summary.at)
    assert (report.totals.answers, report.totals.right) == (4, 3)
    assert report.totals.minutes == 4
    assert report.pack_title == f"{PACK.title}, Other"
    assert report.mastered_this_session == ("A",)
    assert [s.title for s in report.skills] == ["A", "B"]
    # The next sitting: misses in review let A slip, and the summary says so.
    clock.at += timedelta(days=30)
    again = tutor.begin_session(ann, PACK.id)
    for question in ("a1", "a2", "a3"):
        clock.at += timedelta(minutes=1)
        tutor.answer(ann, PACK.id, question, "wrong", session=again)
    [slipped] = tutor.end_session(again).advanced
    assert slipped.lost and not slipped.mastered
    assert tutor.end_session(again).lines()[1].startswith("Slipped: A ")
    assert tutor.session_report(again).lost_this_session == ("A",)


def test_a_sitting_that_goes_back_to_a_pack_counts_each_skill_once(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    other = replace(diamond(), id="other", title="Other")
    tutor = tutor_for({PACK.id: PACK, other.id: other})
    ann = tutor.add_learner("Ann")
    session = tutor.begin_session(ann, PACK.id)
    for question in ("a1", "a2", "a3"):
        clock.at += timedelta(minutes=1)
        tutor.answer(ann, PACK.id, question, "right", session=session)
    away = tutor.move_session(session, other.id)
    clock.at += timedelta(minutes=1)
    tutor.answer(ann, other.id, "b1", "wrong", session=away)
    back = tutor.move_session(away, PACK.id)
    clock.at += timedelta(minutes=1)
    tutor.answer(ann, PACK.id, "a1", "right", session=back)
    summary = tutor.end_session(back)
    assert (summary.answers, summary.right) == (5, 4)
    # A was mastered in the first part; the second adds to it, not a line of its own.
    assert [a.title for a in summary.advanced].count("A") == 1
    assert "Mastered: A" in summary.lines()
    report = tutor.session_report(back, summary.at)
    assert (report.totals.answers, report.totals.right) == (5, 4)
    assert report.totals.minutes == 5
    assert [s.title for s in report.skills] == ["B", "A"]
    assert report.mastered_this_session == ("A",)
    # What next is the pack studied now.
    assert report.pack_id == PACK.id


def test_the_heat_map_leaves_blank_what_the_standing_says_is_not_begun(
    tutor_for: TutorFor, clock: FixedClock
) -> None:
    """A check placed Sam out of skills that a miss below them then sent back: never answered,
    the heat map showed their estimates ("33", "10") where progress said not begun."""
    pack = typed_pack({"a": (), "b": ("a",), "c": ("b",)})
    tutor = tutor_for({pack.id: pack})
    sam = tutor.add_learner("Sam")
    clock.at += timedelta(minutes=1)
    tutor.answer(sam, pack.id, "c1", "yes", kind="placement")
    tutor.place(sam, pack.id, {"a": 0.97, "b": 0.97, "c": 0.97})
    clock.at += timedelta(minutes=1)
    tutor.answer(sam, pack.id, "a1", "no")
    states = {r.skill.id: r.standing.state for r in tutor.skill_reports(sam, pack)}
    assert states["b"] == "new" and states["a"] == "learning"
    [heat] = class_report(tutor).heat_maps
    [row] = heat.rows
    shown = {skill: cell.p_known for (skill, _), cell in zip(heat.pack.skills, row, strict=True)}
    assert {s for s, p in shown.items() if p is None} == {
        s for s, st in states.items() if st == "new"
    }
