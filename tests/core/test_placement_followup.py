"""What a miss after a placement check sends back: the skill missed and what requires it, and
what was placed out on their word alone; never a skill on the strength of an answer of its own,
and never so as to leave a skill placed out above one sent back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.engine import pack_of, skill, typed_pack

from tutor_tui.core.content import Pack
from tutor_tui.core.placement_followup import sends_back_above, sent_back, taken_back

# The shape of Fractions where a check went wrong: w <- e <- s <- r <- p <- i, and m <- p.
CHAIN = pack_of(
    skill("w"),
    skill("e", ("w",)),
    skill("s", ("e",)),
    skill("m", ("w",)),
    skill("r", ("s",)),
    skill("p", ("r", "m")),
    skill("i", ("p",)),
    pack_id="chain",
)
PLACED = {"w", "e", "s", "m", "r", "p", "i"}
# Right in the check on s, m, p and i, and on w in its later check: r and e were inferred.
RIGHT = [("s1", 1.0), ("m1", 1.0), ("p1", 1.0), ("i1", 1.0), ("w2", 1.0)]


def test_a_miss_sends_back_what_requires_the_skill_not_what_it_requires() -> None:
    # Failing r says the learner does not know p and i; nothing against s, e, w or m, which s
    # still stands on by its own right answer.
    assert sent_back(CHAIN, [*RIGHT, ("r1", 0.0)], "r", PLACED) == ["p", "i"]


def test_what_was_inferred_only_from_a_skill_sent_back_goes_back_unless_it_was_answered() -> None:
    # m was placed out only because p, which requires it, was answered right.
    answers = [("p1", 1.0), ("i1", 1.0), ("r1", 0.0)]
    assert sent_back(CHAIN, answers, "r", {"m", "r", "p", "i"}) == ["m", "p", "i"]
    # A right answer of its own, in its later check or in practice, keeps it.
    assert sent_back(CHAIN, [*answers, ("m3", 1.0)], "r", {"m", "r", "p", "i"}) == ["p", "i"]
    # A right answer outweighed by misses on the same skill is no ground to stand on.
    weak = [*answers, ("m3", 1.0), ("m2", 0.0), ("m1", 0.0)]
    assert sent_back(CHAIN, weak, "r", {"m", "r", "p", "i"}) == ["m", "p", "i"]


def test_a_skill_standing_above_keeps_what_it_requires() -> None:
    # e has no answer of its own, but s above it stands on its own: e stays with it.
    assert sent_back(CHAIN, [("s1", 1.0), ("i1", 1.0)], "r", {"w", "e", "s", "r"}) == []
    # Without s's answer, e and w were placed out on i's word alone (through r): they go back.
    assert sent_back(CHAIN, [("i1", 1.0)], "r", {"w", "e", "s", "r", "p", "i"}) == [
        "w",
        "e",
        "s",
        "p",
        "i",
    ]
    # A skill confirmed (mastered) above them stands, and so does what it requires.
    assert sent_back(CHAIN, [("i1", 1.0)], "r", {"w", "e", "r", "p", "i"}, confirmed={"s"}) == [
        "p",
        "i",
    ]


def test_a_check_taken_again_takes_back_only_what_its_answers_speak_against() -> None:
    # An earlier check answered s and m right; w and e were placed out under s.
    earlier = [("s1", 1.0), ("m1", 1.0)]
    doubted = {"w", "e", "s", "m"}
    # A miss on p, which requires m and s, says nothing against them: each stands on its own
    # answer, and w and e under s.
    assert taken_back(CHAIN, [*earlier, ("p2", 0.0)], doubted, set()) == []
    # A miss on s itself takes it back, and e, placed out on its word alone; m stays on its own
    # answer, and w under m.
    assert taken_back(CHAIN, [*earlier, ("s2", 0.0)], doubted, set()) == ["e", "s"]
    # A miss on w: failing a skill implies not knowing what requires it, answered or not.
    assert taken_back(CHAIN, [*earlier, ("w2", 0.0)], doubted, set()) == ["w", "e", "s", "m"]
    # A skill standing above (placed out by this check, or confirmed) keeps what it requires.
    assert taken_back(CHAIN, [("p2", 0.0)], {"w", "e"}, {"s"}) == []
    assert taken_back(CHAIN, [("p2", 0.0)], {"w", "e"}, set()) == ["w", "e"]


def test_only_a_miss_that_would_settle_its_skill_in_a_check_sends_back_what_rests_on_it() -> None:
    typed = typed_pack({"a": (), "b": ("a",)})
    # A typed answer missed: luck would have answered it right one time in twenty.
    assert sends_back_above(typed, "a1", 0.0)
    # The same question, where the pack says luck answers it half the time; a two-way choice.
    assert not sends_back_above(typed, "a1", 0.0, luck=0.5)
    assert not sends_back_above(CHAIN, "w1", 0.0)
    # "I don't know" is no lucky miss, whatever luck answers the question.
    assert sends_back_above(typed, "a1", 0.0, luck=0.5, declined=True)
    assert sends_back_above(CHAIN, "w1", 0.0, declined=True)
    # Half right says less than wrong; a question the pack no longer has, nothing.
    assert not sends_back_above(typed, "a1", 0.5)
    assert not sends_back_above(typed, "gone1", 0.0)


def test_nothing_outside_the_placed_or_the_pack() -> None:
    assert sent_back(CHAIN, RIGHT, "r", {"r"}) == []
    assert sent_back(CHAIN, RIGHT, "gone", PLACED) == []
    # Answers to questions the pack no longer has are left out.
    assert sent_back(CHAIN, [("old1", 1.0)], "r", {"w", "r"}) == ["w"]


@st.composite
def graphs(draw: st.DrawFn) -> Pack:
    """A pack of up to seven skills, each requiring some of those before it."""
    count = draw(st.integers(2, 7))
    skills = []
    for n in range(count):
        before = [f"k{j}" for j in range(n)]
        requires = draw(st.lists(st.sampled_from(before), unique=True, max_size=2)) if n else []
        skills.append(skill(f"k{n}", tuple(requires)))
    return pack_of(*skills, pack_id="random")


@settings(max_examples=60, deadline=None)
@given(graphs(), st.data())
def test_after_any_check_answers_what_stays_placed_is_closed_and_no_right_answer_is_lost(
    pack: Pack, data: st.DataObject
) -> None:
    ids = [s.id for s in pack.skills]
    # Placed out by a check: a set closed under prerequisites, some of it answered right.
    top = data.draw(st.sets(st.sampled_from(ids)))
    placed = set(top).union(*(pack.prerequisites(s) for s in top))
    answers = [(f"{s}1", 1.0) for s in sorted(placed) if data.draw(st.booleans())]
    confirmed: set[str] = set()
    for _ in range(data.draw(st.integers(1, 6))):
        if not placed:
            break
        target = data.draw(st.sampled_from(sorted(placed)))
        question = f"{target}{data.draw(st.integers(1, 3))}"
        if data.draw(st.booleans()):  # a right answer in its later check
            answers.append((question, 1.0))
            if data.draw(st.booleans()):
                placed.discard(target)
                confirmed.add(target)
            continue
        answers.append((question, 0.0))
        placed.discard(target)  # the miss sends the skill itself back
        back = set(sent_back(pack, answers, target, placed, confirmed=confirmed))
        assert back <= placed
        shown: dict[str, int] = {}
        for question_id, score in answers:
            shown[question_id[:-1]] = shown.get(question_id[:-1], 0) + (1 if score else -1)
        for skill_id in back - pack.descendants(target):
            # Sent back below the miss: nothing of its own for it, nothing standing above it.
            assert shown.get(skill_id, 0) <= 0
            assert not pack.descendants(skill_id) & (placed - back | confirmed)
        placed -= back
        # Failing a skill implies not knowing what requires it.
        assert not placed & pack.descendants(target)
        # What stays placed out stays closed under prerequisites.
        for skill_id in placed:
            assert pack.prerequisites(skill_id) <= placed | confirmed
