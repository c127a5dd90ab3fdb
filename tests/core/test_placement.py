"""Placement: beliefs move the right way along the graph, the check stops when sure, and the
command asks, records kind "placement" answers and prints what it found."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from testkit import TutorFor
from typer.testing import CliRunner

from tutor_tui.cli.context import Context
from tutor_tui.core import placement
from tutor_tui.core.content import (
    AnyQuestion,
    ChoiceQuestion,
    ClozeQuestion,
    Mastery,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Pack,
    Pair,
    ShortQuestion,
    Skill,
    TrueFalseQuestion,
    Unit,
)
from tutor_tui.core.errors import NotFound
from tutor_tui.core.knowledge_states import doubt, graph_tests
from tutor_tui.core.placement import Placement
from tutor_tui.service.tutor import Tutor

# Packs ------------------------------------------------------------------------------------------


def short(question_id: str, skill_id: str, difficulty: int = 3) -> ShortQuestion:
    """A typed question (guess rate 0.05) whose answer is `yes`."""
    return ShortQuestion(
        id=question_id,
        skill=skill_id,
        prompt=f"{question_id}?",
        answers=("yes",),
        difficulty=difficulty,
    )


def choice(question_id: str, skill_id: str) -> ChoiceQuestion:
    """A four-way choice, shown unshuffled: typing 1 is right, 2 is wrong."""
    return ChoiceQuestion(
        id=question_id,
        skill=skill_id,
        prompt=f"{question_id}?",
        choices=("right", "wrong", "other", "none"),
        answer="right",
        shuffle=False,
    )


def make_pack(
    graph: dict[str, tuple[str, ...]],
    questions: int = 3,
    make: Callable[[str, str], AnyQuestion] = short,
    pack_id: str = "graph",
) -> Pack:
    """A pack with these skills and prerequisites, in this order, `questions` of each."""
    skills = tuple(
        Skill(
            id=skill_id,
            title=skill_id.upper(),
            unit="u",
            requires=requires,
            mastery=Mastery(),
            questions=tuple(make(f"{skill_id}{n}", skill_id) for n in range(1, questions + 1)),
        )
        for skill_id, requires in graph.items()
    )
    return Pack(
        id=pack_id,
        title=pack_id.title(),
        version="1.0.0",
        units=(Unit(id="u", title="U", skills=tuple(graph)),),
        skills=skills,
    )


DIAMOND = {"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c")}
# A diamond with a tail, and a skill on its own.
KITE = {"a": (), "b": ("a",), "c": ("a",), "d": ("b", "c"), "e": ("d",), "f": ()}


def begin(pack: Pack, seed: int = 1, **options: Any) -> tuple[Placement, np.random.Generator]:
    rng = np.random.default_rng(seed)
    return placement.start(pack, rng, **options), rng


def answer(check: Placement, skill_id: str, score: float, rng: np.random.Generator) -> Placement:
    """`check` after an answer with this score to the next unasked question of `skill_id`."""
    asked = check.asked()
    question = next(q for q in check.pack.skill(skill_id).questions if q.id not in asked)
    return check.observe(question.id, score, rng)


def run(check: Placement, knows: Iterable[str], rng: np.random.Generator) -> Placement:
    """A learner who answers every question on what they know right, and the rest wrong."""
    known = set(knows)
    while (question := check.next_question()) is not None:
        check = check.observe(question.id, 1.0 if question.skill in known else 0.0, rng)
    return check


def is_down_set(pack: Pack, skills: Iterable[str]) -> bool:
    held = set(skills)
    return all(set(pack.skill(s).requires) <= held for s in held)


# Beliefs ----------------------------------------------------------------------------------------


def test_the_prior_is_neutral_at_the_roots_and_needs_what_lies_below() -> None:
    check, _ = begin(make_pack(KITE), particles=20000)
    beliefs = check.beliefs()
    # Known with readiness r when its prerequisites are: 1 / (number below it + 2).
    expected = {"a": 1 / 2, "b": 1 / 3, "c": 1 / 3, "d": 1 / 5, "e": 1 / 6, "f": 1 / 2}
    for skill_id, value in expected.items():
        assert beliefs[skill_id] == pytest.approx(value, abs=0.02)


def test_a_right_answer_raises_the_skill_and_all_its_prerequisites() -> None:
    check, rng = begin(make_pack(KITE))
    before = check.beliefs()
    after = answer(check, "d", 1.0, rng).beliefs()
    for skill_id in ("a", "b", "c", "d"):
        assert after[skill_id] > before[skill_id] + 0.2, skill_id
    # What requires d is now possible, so it rises too, but less.
    assert before["e"] < after["e"] < after["d"]
    # A skill on its own rises only through the learner's readiness, and stays unsure.
    assert before["f"] < after["f"] < placement.CONFIDENT


def test_a_wrong_answer_lowers_the_skill_and_all_its_descendants() -> None:
    check, rng = begin(make_pack(KITE))
    before = check.beliefs()
    after = answer(check, "b", 0.0, rng).beliefs()
    for skill_id in ("b", "d", "e"):
        assert after[skill_id] < before[skill_id] - 0.1, skill_id
        assert after[skill_id] <= 0.1
    # Not knowing b makes its prerequisite a bit less likely: weaker than the drop of b itself.
    assert after["a"] < before["a"]
    assert before["a"] - after["a"] < before["b"] - after["b"]
    # c does not need b: it moves only through what they share.
    assert after["c"] > 0.15


def test_a_guess_is_weaker_evidence_than_a_typed_answer() -> None:
    graph = {"a": (), "b": ("a",)}
    tf = make_pack(
        graph,
        make=lambda q, s: TrueFalseQuestion(id=q, skill=s, prompt="?", answer=True),
    )
    typed = make_pack(graph)
    guessable, rng = begin(tf)
    guessable = answer(guessable, "b", 1.0, rng)
    sure, rng = begin(typed)
    sure = answer(sure, "b", 1.0, rng)
    assert guessable.beliefs()["b"] < sure.beliefs()["b"]


def test_a_partial_score_lies_between_wrong_and_right() -> None:
    pack = make_pack(DIAMOND)
    values = []
    for score in (0.0, 0.5, 1.0):
        check, rng = begin(pack)
        values.append(answer(check, "b", score, rng).beliefs()["b"])
    assert values[0] < values[1] < values[2]


def _exact_posterior(pack: Pack, answers: list[tuple[str, float]]) -> dict[str, float]:
    """The posterior by listing every knowledge state: the model, without sampling."""
    ids = [s.id for s in pack.skills]
    totals = dict.fromkeys(ids, 0.0)
    mass = 0.0
    for bits in itertools.product((False, True), repeat=len(ids)):
        known = {s for s, b in zip(ids, bits, strict=True) if b}
        if not is_down_set(pack, known):
            continue
        ready_unknown = sum(
            1 for s in ids if s not in known and set(pack.skill(s).requires) <= known
        )
        k = len(known)
        # The prior with readiness integrated out: k! u! / (k + u + 1)!
        weight = (
            math.factorial(k)
            * math.factorial(ready_unknown)
            / math.factorial(k + ready_unknown + 1)
        )
        for skill_id, score in answers:
            slip, guess = 0.1, 0.05
            if skill_id in known:
                weight *= (1 - slip) ** score * slip ** (1 - score)
            else:
                weight *= guess**score * (1 - guess) ** (1 - score)
        mass += weight
        for s in known:
            totals[s] += weight
    return {s: totals[s] / mass for s in ids}


def test_the_sampled_beliefs_match_the_exact_posterior() -> None:
    pack = make_pack(KITE)
    answers = [("d", 0.0), ("b", 1.0), ("e", 0.0), ("c", 1.0), ("f", 0.5), ("a", 1.0)]
    check, rng = begin(pack, particles=20000, max_questions=20)
    for skill_id, score in answers:
        check = answer(check, skill_id, score, rng)
    exact = _exact_posterior(pack, answers)
    for skill_id, value in check.beliefs().items():
        assert value == pytest.approx(exact[skill_id], abs=0.02), skill_id


def test_guess_rates_follow_the_question_type() -> None:
    assert placement.guess_rate(choice("q", "a")) == 0.25
    assert placement.guess_rate(TrueFalseQuestion(id="q", answer=True)) == 0.5
    assert placement.guess_rate(short("q", "a")) == 0.05
    assert placement.guess_rate(NumericQuestion(id="q", answer=1.0)) == 0.05
    assert placement.guess_rate(ClozeQuestion(id="q", text="{{x}}")) == 0.05
    multi = MultiQuestion(id="q", choices=("a", "b"), answers=("a",))
    assert placement.guess_rate(multi) == pytest.approx(1 / 3)
    assert placement.guess_rate(OrderQuestion(id="q", items=("a", "b"))) == 0.5
    pairs = tuple(Pair(str(k), str(k)) for k in range(5))
    assert placement.guess_rate(MatchQuestion(id="q", pairs=pairs)) == 0.05


# Choosing and stopping --------------------------------------------------------------------------


def test_it_asks_where_an_answer_settles_most() -> None:
    # In a chain, the middle splits the possibilities best; the ends settle least.
    chain = make_pack({"a": (), "b": ("a",), "c": ("b",), "d": ("c",), "e": ("d",)})
    check, _ = begin(chain)
    first = check.next_question()
    assert first is not None and first.skill in {"b", "c"}


def test_it_prefers_moderate_and_hard_to_guess_questions() -> None:
    def mixed(question_id: str, skill_id: str) -> AnyQuestion:
        n = int(question_id[-1])
        if n == 1:
            return short(question_id, skill_id, difficulty=5)
        if n == 2:
            return TrueFalseQuestion(id=question_id, skill=skill_id, answer=True, difficulty=3)
        return short(question_id, skill_id, difficulty=3)

    check, _ = begin(make_pack({"a": ()}, questions=3, make=mixed))
    question = check.next_question()
    assert question is not None and question.id == "a3"


CHAIN = dict(zip("abcdefgh", [(), *[(skill,) for skill in "abcdefg"]], strict=True))


def test_a_learner_who_knows_everything_is_placed_without_asking_everything() -> None:
    # Once answers have borne the graph out, it places out what they do not ask.
    check, rng = begin(make_pack(CHAIN))
    check = run(check, "abcdefgh", rng)
    result = check.result()
    assert result.stopped == "confident"
    assert len(result.answers) < len(CHAIN)
    assert result.skipped() == list("abcdefgh")
    check, rng = begin(make_pack(DIAMOND))
    result = run(check, "abcd", rng).result()
    assert result.stopped == "confident"
    assert result.skipped() == ["a", "b", "c", "d"]


def test_a_learner_who_knows_nothing_is_placed_quickly() -> None:
    check, rng = begin(make_pack(DIAMOND))
    check = run(check, "", rng)
    result = check.result()
    assert result.stopped == "confident"
    assert len(result.answers) <= 2
    assert result.ids("not known") == ["a", "b", "c", "d"]
    assert result.skipped() == []


def test_a_learner_who_knows_the_bottom_half_is_placed() -> None:
    pack = make_pack(KITE)
    check, rng = begin(pack)
    result = run(check, {"a", "b", "c", "f"}, rng).result()
    assert result.stopped == "confident"
    assert result.ids("known") == ["a", "b", "c", "f"]
    assert result.ids("not known") == ["d", "e"]


def test_it_stops_when_confident_and_asks_nothing_more() -> None:
    check, rng = begin(make_pack(DIAMOND))
    check = answer(check, "a", 0.0, rng)
    assert check.stop_reason() == "confident"
    assert check.done()
    assert check.next_question() is None


def test_the_cap_is_respected() -> None:
    # Answers that contradict the graph (right on d, wrong on a) keep it unsure.
    pack = make_pack(KITE, questions=6)
    check, rng = begin(pack, max_questions=3)
    flip = itertools.cycle((1.0, 0.0))
    while (question := check.next_question()) is not None:
        check = check.observe(question.id, next(flip), rng)
    assert len(check.answers) == 3
    assert check.stop_reason() in ("cap", "confident")
    unsure, rng = begin(pack, max_questions=2)
    unsure = answer(unsure, "d", 1.0, rng)
    unsure = answer(unsure, "a", 0.0, rng)
    assert unsure.stop_reason() == "cap"
    assert unsure.next_question() is None
    assert "unsure" in {s.verdict for s in unsure.result().skills}


def test_it_never_asks_the_same_question_twice() -> None:
    pack = make_pack(KITE, questions=4)
    check, rng = begin(pack, max_questions=24, confident=0.999)
    flip = itertools.cycle((1.0, 0.0, 0.0))
    seen: list[str] = []
    while (question := check.next_question()) is not None:
        seen.append(question.id)
        check = check.observe(question.id, next(flip), rng)
    assert len(seen) == len(set(seen)) and len(seen) > 6
    with pytest.raises(ValueError, match="already asked"):
        check.observe(seen[0], 1.0, rng)


def test_it_stops_when_every_question_is_asked() -> None:
    check, rng = begin(make_pack({"a": ()}, questions=2), confident=0.999)
    check = answer(check, "a", 1.0, rng)
    check = answer(check, "a", 0.0, rng)
    assert check.stop_reason() == "nothing to ask"


def test_the_learner_may_stop_and_keep_what_was_found() -> None:
    check, rng = begin(make_pack(DIAMOND))
    check = answer(check, "a", 0.0, rng).stop()
    result = check.result()
    assert result.stopped == "stopped"
    assert check.next_question() is None
    assert result.ids("not known") == ["a", "b", "c", "d"]


def test_the_result_names_its_evidence() -> None:
    pack = make_pack(KITE)
    check, rng = begin(pack)
    check = answer(check, "d", 1.0, rng)
    check = answer(check, "e", 0.0, rng)
    verdicts = {s.skill_id: s for s in check.result().skills}
    assert [e.describe(pack) for e in verdicts["a"].evidence] == ["right on D, which needs it"]
    assert [e.describe(pack) for e in verdicts["d"].evidence] == ["right on it"]
    assert [e.relation for e in verdicts["e"].evidence] == ["asked"]
    assert verdicts["f"].evidence == ()
    data = json.loads(json.dumps(check.result().to_dict(pack)))
    assert data["questions"] == 2 and data["stopped"] == ""
    assert sorted(data["known"] + data["not_known"] + data["unsure"]) == sorted(KITE)
    assert data["skills"][0] == {
        "skill": "a",
        "title": "A",
        "verdict": verdicts["a"].verdict,
        "means": placement.VERDICT_WORDS[verdicts["a"].verdict],
        "belief": round(verdicts["a"].belief, 4),
        "inferred_from": list(verdicts["a"].inferred_from),
        "evidence": ["right on D, which needs it"],
    }


def test_a_pack_without_questions_or_skills_ends_at_once() -> None:
    bare, _ = begin(make_pack(DIAMOND, questions=0))
    assert bare.next_question() is None
    assert bare.result().stopped == "nothing to ask"
    empty, _ = begin(make_pack({}))
    assert empty.result().stopped == "confident" and empty.result().skills == ()


# Honest settling ---------------------------------------------------------------------------------


def test_readiness_never_places_out_a_skill_no_answer_bears_on() -> None:
    # Everything linked to f answered right: the sample now believes f likely known too, but no
    # answer bears on f, so f is not settled: it stays as it was, and is taught.
    check, rng = begin(make_pack(KITE), max_questions=20)
    for skill_id in ("a", "b", "c", "d", "e"):
        check = answer(check, skill_id, 1.0, rng)
    assert check.beliefs()["f"] > 0.7
    verdicts = {s.skill_id: s.verdict for s in check.result().skills}
    assert verdicts == {"a": "known", "b": "known", "c": "known", "d": "known", "e": "known"} | {
        "f": "unsure"
    }
    question = check.next_question()
    assert question is not None and question.skill == "f"


def test_what_a_right_answer_requires_is_placed_out_only_once_answers_test_the_graph() -> None:
    pack = make_pack(KITE)
    check, rng = begin(pack, max_questions=20)
    # A learner may know a skill without what it requires (an island): one right answer
    # places out its own skill, not what lies below it.
    once = answer(check, "d", 1.0, rng)
    assert once.result().ids("known") == ["d"]
    # Answers below answers right test the graph (d below e, b and c below d): three tests
    # passed, it places out the skill not asked.
    tested = answer(answer(answer(once, "e", 1.0, rng), "b", 1.0, rng), "c", 1.0, rng)
    assert once.result().ids("known") == ["d"]
    assert tested.result().ids("known") == ["a", "b", "c", "d", "e"]
    # A contradiction (right on e, wrong on b, which e needs) leaves only direct evidence.
    off = answer(answer(check, "e", 1.0, rng), "b", 0.0, rng)
    assert off.result().ids("known") == []
    assert off.next_question() is not None
    # A right answer to a four-way choice is a guess one time in four: it settles nothing.
    guessable = make_pack(KITE, make=choice)
    check, rng = begin(guessable)
    assert answer(check, "d", 1.0, rng).result().ids("known") == []


def test_answers_that_contradict_the_graph_settle_neither_side() -> None:
    check, rng = begin(make_pack(KITE), max_questions=20)
    check = answer(answer(check, "d", 1.0, rng), "d", 1.0, rng)
    check = answer(answer(check, "b", 0.0, rng), "b", 0.0, rng)
    verdicts = {s.skill_id: s.verdict for s in check.result().skills}
    # Right on d twice, wrong on b (which d requires) twice: neither is settled. The graph is
    # contradicted, so nothing is settled through it: a and e wait for answers of their own.
    assert verdicts["b"] == verdicts["d"] == "unsure"
    assert verdicts["a"] == verdicts["e"] == "unsure"


def test_earlier_answers_are_evidence_and_never_asked_again() -> None:
    pack = make_pack(KITE)
    rng = np.random.default_rng(3)
    check = placement.start(pack, rng, max_questions=2, earlier=[("d1", 1.0), ("gone", 1.0)])
    assert check.carried == 1 and check.asked_now == 0
    assert check.result().ids("known") == ["d"]
    while (question := check.next_question()) is not None:
        assert question.id != "d1"
        check = check.observe(question.id, 0.0, rng)
    result = check.result()
    assert result.asked == 2 and result.carried == 1
    assert result.summary().startswith("Placement: 2 questions, with 1 answer from earlier")
    assert result.to_dict(pack)["questions"] == 2


# Properties -------------------------------------------------------------------------------------


@st.composite
def graphs(draw: st.DrawFn) -> dict[str, tuple[str, ...]]:
    """A random prerequisite graph: each skill may require some of the skills before it."""
    count = draw(st.integers(1, 7))
    graph: dict[str, tuple[str, ...]] = {}
    for k in range(count):
        earlier = list(graph)
        requires = (
            draw(st.lists(st.sampled_from(earlier), max_size=3, unique=True)) if earlier else []
        )
        graph[f"s{k}"] = tuple(requires)
    return graph


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    graph=graphs(),
    scores=st.lists(st.sampled_from((0.0, 0.25, 1.0)), max_size=8),
    seed=st.integers(0, 2**32 - 1),
)
def test_beliefs_stay_in_range_and_verdicts_follow_the_graph_while_answers_do(
    graph: dict[str, tuple[str, ...]], scores: list[float], seed: int
) -> None:
    pack = make_pack(graph, questions=2)
    check, rng = begin(pack, seed=seed, particles=300, max_questions=len(scores))
    for score in scores:
        question = check.next_question()
        if question is None:
            break
        check = check.observe(question.id, score, rng)
        beliefs = check.beliefs()
        assert all(0.0 <= b <= 1.0 for b in beliefs.values())
        # Whoever knows a skill knows what it requires: beliefs never rise along the graph.
        for skill in pack.skills:
            for required in skill.requires:
                assert beliefs[required] >= beliefs[skill.id] - 1e-12
    result = check.result()
    known, not_known = result.ids("known"), result.ids("not known")
    # The graph is trusted only as far as the answers bear it out: the verdicts follow it while
    # no answer contradicts it.
    llr = check.evidence_llr
    if not graph_tests(check.graph, llr)[1] and doubt(check.graph, llr) <= 1 - check.place_out:
        assert is_down_set(pack, known)
    if not graph_tests(check.graph, llr)[1]:
        assert all(set(pack.descendants(s)) <= set(not_known) for s in not_known)
    if result.stopped == "confident":
        assert set(known) | set(not_known) == set(graph)
    # Placed out only on direct evidence or the prerequisite logic: every skill placed out was
    # answered, or is required by a skill that was answered, with more right than wrong.
    witnesses = {a.skill_id for a in result.answers if a.score > 0.5}
    for skill_id in known:
        assert witnesses & ({skill_id} | pack.descendants(skill_id)), skill_id


# The command ------------------------------------------------------------------------------------


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch, tutor_for: TutorFor) -> Tutor:
    """A tutor of the diamond in choice questions, with learner ada; the command line's context
    returns it."""
    pack = make_pack(DIAMOND, make=choice, pack_id="diamond")
    tutor = tutor_for({pack.id: pack})
    tutor.add_learner("ada")
    monkeypatch.setattr(Context, "tutor", tutor)
    return tutor


def command() -> typer.Typer:
    """A throwaway app with the placement command, registered as the lead will register it."""
    from tutor_tui.cli.placement import placement as placement_command

    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """Tests."""

    app.command("placement")(placement_command)
    return app


def invoke(*args: str, input: str) -> Any:
    base = ["placement", "--learner", "ada", "--pack", "diamond"]
    return CliRunner().invoke(command(), [*base, *args], input=input, catch_exceptions=False)


def test_a_skill_lost_under_what_the_learner_knows_is_asked_before_it_is_skipped() -> None:
    # Placed out by the graph alone (four right answers above it bear the graph out), "b"
    # would be skipped: the check has questions to spare and asks it, and the wrong answer
    # keeps it to learn.
    for seed in range(1, 4):
        check, rng = begin(make_pack(CHAIN), seed=seed)
        result = run(check, "acdefgh", rng).result()
        assert "b" in {a.skill_id for a in result.answers}
        assert "b" not in result.skipped()


def test_the_command_asks_records_placement_answers_and_prints_the_table(
    service: Tutor,
) -> None:
    result = invoke(input="1\n" * 20)
    assert result.exit_code == 0, result.output
    attempts = service.store.attempts()
    # A right answer to a four-way choice is weak evidence: each top skill takes a few.
    assert 1 <= len(attempts) <= 6
    assert {a.kind for a in attempts} == {"placement"}
    assert all(a.score == 1.0 for a in attempts)
    out = result.stdout
    assert "Question 1, on " in out and "Type the number of your answer." in out
    assert "1. right" in out and "> 1" in out
    assert "every skill settled" in out
    for title in ("A", "B", "C", "D"):
        assert f"│ {title} " in out
    assert out.count("│ placed out ") == 4
    assert "4 skills placed out: skipped until a short check later confirms them." in out


def test_the_command_places_a_learner_who_knows_nothing(service: Tutor) -> None:
    result = invoke(input="2\n" * 20)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("│ to learn ") == 4
    assert "Nothing is placed out" in result.stdout
    assert {a.score for a in service.store.attempts()} == {0.0}


def test_a_bad_answer_is_asked_again_and_stores_nothing(service: Tutor) -> None:
    result = invoke(input="9\nhello\n1\n" + "1\n" * 10)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Try again.") == 2
    assert all(a.response == "right" for a in service.store.attempts())


def test_q_stops_and_the_end_of_input_ends_cleanly(service: Tutor) -> None:
    stopped = invoke(input="q\n")
    assert stopped.exit_code == 0
    assert "stopped early" in stopped.stdout
    assert "No answers, so nothing is placed out." in stopped.stdout
    # One right answer is not enough to be sure; then the input ends.
    ended = invoke(input="1\n")
    assert ended.exit_code == 0
    assert len(service.store.attempts()) == 1
    assert "stopped early" in ended.stdout


def test_n_says_i_do_not_know_as_in_plain_study_and_stores_a_miss(service: Tutor) -> None:
    result = invoke(input="n\n" * 20)
    assert result.exit_code == 0, result.output
    assert "Type q to stop, n for I don't know." in result.stdout
    # Not knowing counts against the skill, and is stored as a wrong answer is.
    missed = service.store.attempts()
    assert missed and {(a.kind, a.score, a.response) for a in missed} == {("placement", 0.0, None)}
    assert result.stdout.count("│ to learn ") == 4
    # \n answers the letter n: not a choice here, so it is asked again (of a learner new to it).
    service.add_learner("bea")
    escaped = invoke("--learner", "bea", input="\\n\n1\n" * 10)
    assert "Try again." in escaped.stdout
    assert {a.response for a in service.store.attempts()[len(missed) :]} == {"right"}


def test_json_goes_to_stdout_and_the_questions_to_stderr(service: Tutor) -> None:
    result = invoke("--json", input="1\n" * 20)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["learner"] == "ada" and data["pack"] == "diamond"
    assert data["known"] == data["placed"] == ["a", "b", "c", "d"]
    assert data["questions"] == len(data["answers"]) == len(service.store.attempts())
    assert {s["verdict"] for s in data["skills"]} == {"known"}
    assert "Question 1" in result.stderr


def test_the_question_cap_is_an_option(service: Tutor) -> None:
    result = invoke("--max-questions", "1", "--json", input="1\n0\n1\n")
    assert json.loads(result.stdout)["questions"] == 1
    assert len(service.store.attempts()) == 1


def test_an_unknown_learner_is_a_clear_error(service: Tutor) -> None:
    app = command()
    result = CliRunner().invoke(
        app, ["placement", "--learner", "nobody", "--pack", "diamond"], input=""
    )
    assert isinstance(result.exception, NotFound)


def test_placed_skills_are_placed_out_and_a_rebuild_gives_the_same_state(service: Tutor) -> None:
    tutor = service
    result = invoke(input="1\n" * 20)
    assert "4 skills placed out" in result.stdout
    ada = tutor.learner("ada")
    pack = tutor.pack("diamond")
    reports = tutor.skill_reports(ada, pack)
    assert all(r.known and not r.mastered and r.status == "placed out" for r in reports)
    assert tutor.next(ada, "diamond").kind in ("review", "done")
    assert tutor.check() == []
    assert tutor.rebuild().changed == 0


def test_the_table_says_repeated_evidence_once_with_its_count() -> None:
    from tutor_tui.cli.placement import _evidence_text

    said = ["right on it", "right on B, which needs it", "right on B, which needs it"]
    assert _evidence_text(said) == "right on it; 2× right on B, which needs it"
    assert _evidence_text(["1", "2", "3", "4", "5"]) == "1; 2; 3; and 2 more"
    assert _evidence_text([]) == ""
