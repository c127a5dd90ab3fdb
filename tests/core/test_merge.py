"""The rules for merging a bundle, as values: which learner is whose, what wins, what is new."""

from __future__ import annotations

import hashlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tutor_tui.core import merge as rules
from tutor_tui.core.privacy import name_key, name_keys, new_name_salt

T = "2026-03-0{}T09:00:00.000000+00:00"


def learner(
    learner_id: str,
    name: str,
    group: str | None = None,
    group_at: str | None = None,
    settings: dict[str, Any] | None = None,
    settings_at: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "id": learner_id,
        "name": name,
        "created_at": T.format(1),
        "group": group,
        "settings": settings or {},
        "group_set_at": group_at,
        "settings_set_at": settings_at or {},
    }


# Learners -------------------------------------------------------------------------------------


def test_a_bundles_learner_is_the_one_here_with_the_same_id_and_name_else_the_same_name() -> None:
    here = [learner("1", "Ann"), learner("2", "Bo")]
    match = rules.match_learners(
        here, [learner("1", "Ann"), learner("9", "Bo"), learner("8", "Cy")]
    )
    assert match.ids == {"1": "1", "9": "2", "8": "8"}
    assert (match.matched, match.merged) == (["Ann"], ["Bo"])
    assert [row["name"] for row in match.created] == ["Cy"]
    assert match.set_aside == {}


def test_a_learner_carrying_anothers_id_under_another_name_is_set_aside() -> None:
    """A "Mallory" with Ann's id is not Ann: not merged into her, nor made a learner here."""
    here = [learner("1", "Ann")]
    match = rules.match_learners(here, [learner("1", "Mallory")])
    assert match.ids == {} and match.kept == {} and match.created == []
    assert match.set_aside == {"1": ("Mallory", rules.CARRIES_ANOTHERS_ID)}


def test_a_learner_matched_by_id_is_not_also_the_same_named_one() -> None:
    # Ann here (id 1) is in the bundle by her id; another "Ann" of the bundle is someone else.
    here = [learner("1", "Ann")]
    match = rules.match_learners(here, [learner("7", "Ann"), learner("1", "Ann")])
    assert match.ids == {"1": "1"} and match.created == []
    assert match.set_aside == {"7": ("Ann", rules.NAME_CLAIMED)}


def test_a_pin_guarded_learner_is_joined_by_name_only_when_allowed() -> None:
    here = [learner("1", "Ann")]
    refused = rules.match_learners(here, [learner("7", "Ann")], guarded={"1"})
    assert refused.ids == {} and refused.set_aside == {"7": ("Ann", rules.GUARDED_NAME)}
    allowed = rules.match_learners(here, [learner("7", "Ann")], guarded={"1"}, allow=True)
    assert allowed.ids == {"7": "1"} and allowed.guarded == ["Ann"]
    # By their own id, a guarded learner is themself.
    assert rules.match_learners(here, [learner("1", "Ann")], guarded={"1"}).ids == {"1": "1"}


def test_names_match_as_they_read_so_no_merge_leaves_two_learners_alike() -> None:
    """A bundle's "ann" or a Cyrillic "АNN" is Ann here, as `learners add` would say; two of the
    bundle's that read alike are not both made learners."""
    here = [learner("1", "Ann"), learner("2", "BO")]
    match = rules.match_learners(here, [learner("9", "ann"), learner("8", "\u0412\u041e")])
    assert match.ids == {"9": "1", "8": "2"} and match.merged == ["Ann", "BO"]
    assert rules.match_learners(here, [learner("1", "ANN")]).ids == {"1": "1"}
    twins = rules.match_learners([], [learner("7", "Cy"), learner("6", "cy")])
    assert [row["name"] for row in twins.created] == ["Cy"]
    assert twins.set_aside == {"6": ("cy", rules.NAME_CLAIMED)}
    guarded = rules.match_learners(here, [learner("9", "ANN")], guarded={"1"})
    assert guarded.set_aside == {"9": ("ANN", rules.GUARDED_NAME)}


def test_the_group_and_each_setting_set_later_win_and_one_side_only_is_kept() -> None:
    here = learner("1", "Ann", "A", T.format(2), {"theme": "dark", "x": 1}, {"theme": T.format(2)})
    there = learner("1", "Ann", "B", T.format(1), {"theme": "light"}, {"theme": T.format(3)})
    merged, taken = rules.merge_learner(here, there)
    assert (merged["group"], merged["group_set_at"]) == ("A", T.format(2))
    assert merged["settings"] == {"theme": "light", "x": 1}
    assert merged["settings_set_at"] == {"theme": T.format(3)}
    assert taken
    assert rules.merge_learner(merged, there) == (merged, False)


def test_a_value_set_at_no_known_time_loses_to_one_set_at_a_time() -> None:
    assert max(("old", None), ("new", T.format(1)), key=rules.set_later) == ("new", T.format(1))
    # Of one instant, a value beats none, whichever comes first.
    assert max((None, T.format(1)), ("A", T.format(1)), key=rules.set_later)[0] == "A"
    assert max(("A", T.format(1)), (None, T.format(1)), key=rules.set_later)[0] == "A"


versions = st.builds(
    learner,
    st.just("1"),
    st.just("Ann"),
    st.sampled_from([None, "A", "B"]),
    st.sampled_from([None, T.format(1), T.format(2)]),
    st.dictionaries(st.sampled_from(["theme", "x"]), st.sampled_from(["a", "b", 1]), max_size=2),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(versions, min_size=2, max_size=4), st.randoms())
def test_a_learner_merged_from_many_versions_is_the_same_in_any_order(
    found: list[dict[str, Any]], rng: Any
) -> None:
    def fold(order: list[dict[str, Any]]) -> dict[str, Any]:
        merged = order[0]
        for other in order[1:]:
            merged, _ = rules.merge_learner(merged, other)
        return merged

    shuffled = list(found)
    rng.shuffle(shuffled)
    assert fold(found) == fold(shuffled)
    once = fold(found)
    assert rules.merge_learner(once, found[0]) == (once, False)


# Goals and study sessions ---------------------------------------------------------------------


def goal(goal_id: str, created: int, status: str = "active", closed: int | None = None) -> dict:
    return {
        "id": goal_id,
        "learner_id": "L",
        "pack_id": "p",
        "skills": [],
        "created_at": T.format(created),
        "status": status,
        "closed_at": None if closed is None else T.format(closed),
    }


def merged_into(here: list[dict], bundle: list[dict]) -> list[dict]:
    """The goals here after merging a bundle's, as the store writes what the rules say."""
    result = rules.merge_goals(here, bundle)
    changed = {row["id"]: row for row in result.changed}
    rows = [{**row, **changed.get(row["id"], {})} for row in here] + result.fresh
    return sorted(rows, key=lambda row: row["id"])


def test_a_goal_closed_on_either_side_is_closed_and_done_beats_dropped() -> None:
    here = [goal("g1", 1), goal("g2", 1, "dropped", 3)]
    bundle = [goal("g1", 1, "done", 4), goal("g2", 1, "done", 5)]
    result = rules.merge_goals(here, bundle)
    assert result.fresh == []
    assert {row["id"]: row["status"] for row in result.changed} == {"g1": "done", "g2": "done"}


def test_a_goal_with_a_newer_one_in_its_pack_is_dropped_when_that_was_set() -> None:
    result = rules.merge_goals([goal("g1", 1)], [goal("g2", 2)])
    assert result.changed == [{"id": "g1", "status": "dropped", "closed_at": T.format(2)}]
    assert [row["status"] for row in result.fresh] == ["active"]


goal_versions = st.lists(
    st.tuples(
        st.sampled_from(["g1", "g2", "g3"]),
        st.sampled_from([("active", None), ("done", 5), ("dropped", 6), ("done", 7)]),
    ),
    max_size=4,
)


def laptop_goals(found: list[tuple[str, tuple[str, int | None]]]) -> list[dict]:
    created = {"g1": 1, "g2": 2, "g3": 3}
    by_id = {goal_id: goal(goal_id, created[goal_id], *status) for goal_id, status in found}
    return list(by_id.values())


@settings(max_examples=80, deadline=None)
@given(goal_versions, goal_versions)
def test_goals_merged_either_way_round_agree_and_a_second_merge_changes_nothing(
    first: list, second: list
) -> None:
    one, two = laptop_goals(first), laptop_goals(second)
    assert merged_into(merged_into([], one), two) == merged_into(merged_into([], two), one)
    both = merged_into(merged_into([], one), two)
    again = rules.merge_goals(both, two)
    assert (again.fresh, again.changed) == ([], [])


def test_a_session_here_takes_the_later_end() -> None:
    here = {"s1": None, "s2": T.format(5), "s3": T.format(5)}
    sessions = [
        {"id": "s1", "ended_at": T.format(2)},
        {"id": "s2", "ended_at": T.format(4)},
        {"id": "s3", "ended_at": T.format(6)},
        {"id": "s4", "ended_at": T.format(6)},  # not here: added, not ended
    ]
    assert rules.session_endings(here, sessions) == [
        {"id": "s1", "ended_at": T.format(2)},
        {"id": "s3", "ended_at": T.format(6)},
    ]


# Events ---------------------------------------------------------------------------------------


def answer(answer_id: str, score: float = 1.0, at: str = T.format(1), who: str = "L") -> dict:
    return {"id": answer_id, "learner_id": who, "score": score, "answered_at": at, "response": [1]}


def test_only_events_not_here_are_new() -> None:
    assert rules.fresh({"a"}, [answer("a"), answer("b")]) == [answer("b")]


def test_an_event_here_with_other_content_is_an_alteration() -> None:
    bundle = {"a": {**answer("a"), "response": [2]}}
    refusal = rules.alteration("attempts", [answer("a")], bundle)
    assert refusal is not None
    assert "answer a is here already with another response" in refusal


def test_the_same_event_spelled_or_graded_otherwise_or_under_another_learner_is_no_alteration() -> (
    None
):
    here = answer("a", at="2026-03-01T10:00:00.000000+01:00", who="L")
    there = answer("a", score=0.0, at=T.format(1), who="M")
    assert rules.alteration("attempts", [here], {"a": there}) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("abcdef"), unique=True), st.lists(st.sampled_from("abcdef")))
def test_merging_events_twice_adds_them_once(here: list[str], bundle_ids: list[str]) -> None:
    bundle = [answer(event_id) for event_id in dict.fromkeys(bundle_ids)]
    added = rules.fresh(set(here), bundle)
    after = set(here) | {row["id"] for row in added}
    assert rules.fresh(after, bundle) == []
    assert after == set(here) | set(bundle_ids)


# Erasures -------------------------------------------------------------------------------------


def test_a_learners_facts_up_to_their_erasure_here_are_left_out() -> None:
    rows = {kind: [] for kind in rules.KINDS} | {
        "learners": [learner("1", "Ann")],
        "attempts": [answer("a", at=T.format(1), who="1"), answer("b", at=T.format(3), who="1")],
    }
    erased = [rules.Erasure("1", name_key("Ann", new_name_salt()), T.format(2))]
    kept, left_out = rules.without_erased(rows, erased, here_ids=set(), here_names=set())
    assert [row["id"] for row in kept["attempts"]] == ["b"]
    assert [row["id"] for row in kept["learners"]] == ["1"]
    assert left_out == [("Ann", 1)]


def test_a_removed_learner_left_with_no_facts_is_not_made_again() -> None:
    rows = {kind: [] for kind in rules.KINDS} | {
        "learners": [learner("9", "Ann")],
        "attempts": [answer("a", at=T.format(1), who="9")],
    }
    # Erased here under another id, known by name: nothing of hers after the erasure.
    salt = new_name_salt()
    erased = [rules.Erasure("1", name_key("Ann", salt), T.format(2))]
    kept, left_out = rules.without_erased(rows, erased, set(), set(), salt)
    assert kept["learners"] == [] and kept["attempts"] == []
    assert left_out == [("Ann", 1)]
    kept, _ = rules.without_erased(rows, erased, set(), {"Ann"}, salt)
    assert [row["id"] for row in kept["learners"]] == ["9"]


def test_an_erasure_covers_the_names_that_read_as_the_erased_one() -> None:
    rows = {kind: [] for kind in rules.KINDS} | {
        "learners": [learner("9", "ANN")],
        "attempts": [answer("a", at=T.format(1), who="9")],
    }
    salt = new_name_salt()
    erased = [rules.Erasure("1", name_key("Ann", salt), T.format(2))]
    kept, left_out = rules.without_erased(rows, erased, set(), set(), salt)
    assert kept["learners"] == [] and left_out == [("ANN", 1)]
    kept, _ = rules.without_erased(rows, erased, set(), {"ann"}, salt)
    assert [row["id"] for row in kept["learners"]] == ["9"]


def test_an_erased_name_is_kept_salted_and_erasures_kept_before_still_hold() -> None:
    """The key of a name hangs on this database's salt: hashing a roster's names finds nothing;
    an erasure kept by an older tutor (a bare SHA-256) still leaves its learner out."""
    one, two = new_name_salt(), new_name_salt()
    assert name_key("Ann", one) != name_key("Ann", two)
    assert hashlib.sha256(b"tutor-tui learner name\0Ann").hexdigest() not in name_key("Ann", one)
    legacy = name_keys("Ann", None)[0]
    assert legacy in name_keys("Ann", one)
    rows = {kind: [] for kind in rules.KINDS} | {
        "learners": [learner("9", "Ann")],
        "attempts": [answer("a", at=T.format(1), who="9")],
    }
    erased = [rules.Erasure("1", legacy, T.format(2))]
    kept, left_out = rules.without_erased(rows, erased, set(), set(), one)
    assert kept["attempts"] == [] and left_out == [("Ann", 1)]


def test_without_erasures_a_bundle_is_kept_whole() -> None:
    rows = {kind: [] for kind in rules.KINDS} | {"learners": [learner("1", "Ann")]}
    assert rules.without_erased(rows, [], set(), set()) == (rows, [])


def test_counts_are_told_in_words() -> None:
    assert rules.count_words(1, "lesson_views") == "1 lesson read"
    assert rules.count_words(2, "attempts") == "2 answers"
