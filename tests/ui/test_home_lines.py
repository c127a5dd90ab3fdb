"""Home counts skills placed out beside those mastered, as `tutor progress` does."""

from __future__ import annotations

from testkit import TutorFor
from testkit.engine import diamond

from tutor_tui.ui.screens.home import HomeData, HomeScreen


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
    shown = HomeScreen(data)._pack_option(line).prompt
    assert f"0/{len(pack.skills)} mastered · 2 placed out" in str(shown)
