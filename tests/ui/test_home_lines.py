"""Home counts skills placed out beside those mastered, as `tutor progress` does."""

from __future__ import annotations

from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.core.activity import Activity
from tutor_tui.ui.screens.home import HomeData, PackLine, pack_rows


def test_a_pack_line_counts_skills_placed_out_apart_from_those_mastered(
    tutor_for: TutorFor,
) -> None:
    pack = diamond()
    tutor = tutor_for({pack.id: pack})
    ada = tutor.add_learner("Ada")
    tutor.place(ada, pack.id, {skill.id: 0.97 for skill in pack.skills[:2]})
    data = HomeData.gather(tutor, ada, pack.id)
    line = data.current
    assert (line.mastered, line.placed_out) == (0, 2)
    [shown] = pack_rows(data.packs, pack.id, None)
    assert f"0/{len(pack.skills)} mastered · 2 placed out" in str(shown)


def test_pack_rows_fit_the_list_rather_than_wrap() -> None:
    activity = Activity("done", "f", None, None, "Done")
    busy = PackLine("f", "Fractions and Ratios", 0, 17, 0.0, activity, 3, 8, 8)
    quiet = PackLine("p", "Python Foundations", 5, 17, 0.3, activity)
    lines = [busy, quiet]
    full = [str(row) for row in pack_rows(lines, "f", None)]
    assert full[0] == (
        "Fractions and Ratios ░░░░░░░░░░   0%  0/17 mastered · 8 placed out  ↻ 3 due"
        "  » 8 to check  ◀ studying"
    )
    # An 80-column terminal leaves the list's rows about 72 cells: the full row wrapped there.
    # The bar goes first, from every row, so that the columns stay in line; the counts stay.
    assert [str(row) for row in pack_rows(lines, "f", 76)] == [
        "Fractions and Ratios 0/17 mastered · 8 placed out  ↻ 3 due  » 8 to check  ◀",
        "Python Foundations   5/17 mastered",
    ]
    # Narrower: what is due as its mark and number, then the titles cut.
    assert [str(row) for row in pack_rows(lines, "f", 72)] == [
        "Fractions and Ratios 0/17 mastered · 8 placed out  ↻ 3  » 8  ◀",
        "Python Foundations   5/17 mastered",
    ]
    assert [str(row) for row in pack_rows(lines, "f", 50)] == [
        "Fractio… 0/17 mastered · 8 placed out  ↻ 3  » 8  ◀",
        "Python … 5/17 mastered",
    ]


def test_home_says_once_what_a_rebuild_changed_in_where_the_learner_stands(
    tutor_for: TutorFor,
) -> None:
    """A rebuild under new rules took back a mastery: the learner's next home says which, by the
    skill's title, and the one after it says nothing more."""
    from dataclasses import replace

    from tutor_tui.service.tutor import Tutor

    pack = diamond()
    tutor = tutor_for({pack.id: pack})
    ada = tutor.add_learner("Ada")
    for question in pack.skill("a").questions:
        tutor.answer(ada, pack.id, question.id, "right")
    assert tutor.skill_reports(ada, pack)[0].mastered
    assert HomeData.gather(tutor, ada, pack.id).standing == ()
    # The same answers, read by rules that ask for more distinct questions than a has.
    needs = len(pack.skill("a").questions) + 1
    strict = replace(
        pack,
        skills=tuple(
            replace(s, mastery=replace(s.mastery, min_distinct=needs)) if s.id == "a" else s
            for s in pack.skills
        ),
    )
    later = Tutor(tutor.store, {pack.id: strict}, tutor.clock)
    assert later.rebuild().shifts
    [said] = HomeData.gather(later, ada, pack.id).standing
    assert said.startswith(f"{pack.title}: no longer mastered: {pack.skill('a').title} (")
    # Kept until the learner has read it (closed the dialog that shows it), then forgotten.
    assert HomeData.gather(later, ada, pack.id).standing == (said,)
    later.standing_read(ada)
    assert HomeData.gather(later, ada, pack.id).standing == ()
