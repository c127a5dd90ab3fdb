"""What a rebuild changed in where learners stand, compared skill by skill."""

from __future__ import annotations

from dataclasses import replace

from testkit.engine import PARAMS, T0, mastered, typed_pack

from tutor_tui.core.learner import SkillProgress
from tutor_tui.core.standing_change import Shift, shifts


def test_a_rebuild_says_which_skills_it_took_back_gave_and_unplaced() -> None:
    """Lu had Numbers mastered under the old rules; the same answers, replayed under new ones,
    leave it in progress at 91%, and no line said so."""
    learning = SkillProgress("a", 0.91, attempts=3, correct=3, last_seen=T0)
    placed = replace(mastered("c"), mastered_at=None, placed_at=T0)
    before = {
        ("lu", "p", "a"): mastered("a"),
        ("lu", "p", "b"): SkillProgress("b", 0.1),
        ("lu", "p", "c"): placed,
        ("lu", "q", "a"): mastered("a"),
        ("bo", "p", "a"): mastered("a"),
    }
    after = {
        ("lu", "p", "a"): learning,
        ("lu", "p", "b"): mastered("b"),
        ("lu", "p", "c"): SkillProgress("c", 0.3, attempts=1, last_seen=T0),
        ("lu", "q", "a"): mastered("a"),
        ("bo", "p", "a"): replace(mastered("a"), p_known=0.97),
    }
    found = shifts(before, after, lambda pack, skill: PARAMS)
    assert found == [Shift("lu", "p", lost=("a",), gained=("b",), unplaced=("c",))]
    assert shifts(before, before, lambda pack, skill: PARAMS) == []
    # A skill no longer in the state at all was not begun; one new in it may be mastered.
    assert shifts({("lu", "p", "a"): mastered("a")}, {}, lambda p, s: PARAMS) == [
        Shift("lu", "p", lost=("a",))
    ]
    pack = typed_pack({"a": (), "b": ("a",)})
    assert found[0].words(pack) == "no longer mastered: A; no longer placed out: c; now mastered: B"
    assert found[0].words(None) == "no longer mastered: a; no longer placed out: c; now mastered: b"


def test_changes_kept_until_shown_join_and_cancel() -> None:
    """Two rebuilds before the learner's home shows them: a skill taken back, then given back,
    has not changed."""
    first = Shift("lu", "p", lost=("a", "b"), gained=("c",))
    later = Shift("lu", "p", lost=("c",), gained=("a",), unplaced=("d",))
    assert first.merged(later) == Shift("lu", "p", lost=("b",), unplaced=("d",))
    assert not Shift("lu", "p") and first
    assert Shift.from_dict(first.to_dict()) == first
