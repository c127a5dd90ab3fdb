"""Reciting answers shown never masters a skill through the commands: not with lucky guesses
elsewhere in the pack, and not with a clock set back so that a recital looks like first sight."""

from __future__ import annotations

import json

import pytest
from testkit.commands import Command

PACK = "python-foundations"
# Each question of Strings, with a wrong answer and (for three of them) the right one, recited.
STRINGS = {
    "str-concat-digits": ("6", "42"),
    "str-len-space": ("0", "11"),
    "str-repeat": ("x", "hahaha"),
    "str-index-second": ("x", None),
    "str-quote-kinds": ("false", None),
    "str-which-errors": ('["\\"7\\" * 2"]', None),
    "str-index-ends": ('["x", "x"]', None),
}

FRACTIONS = "fractions-ratios"
# Each question of What a fraction is, with a wrong answer and the right one.
FRACTION = {
    "wif-denominator-name": ("5", "7"),
    "wif-equal-parts": ("true", "false"),
    "wif-cloze-names": ('["x", "x"]', '["numerator", "denominator"]'),
    "wif-pizza-left": ("7/12", "5/12"),
    "wif-class-boys": ("13/30", "17/30"),
    "wif-equal-to-one-whole": ('["1/4"]', '["4/4", "9/9", "7/7"]'),
    "wif-order-unit-fractions": ('["1/2", "1/3", "1/5", "1/10"]', '["1/10", "1/5", "1/3", "1/2"]'),
    "wif-hour-minutes": ("1/4", "1/3"),
}

# The walks that guess and recite check the core's rules: the store's part of them (the counts of
# questions right at first sight) runs on both engines in tests/store/test_first_sight.py. An answer
# given with the clock set back is stamped by the store, and runs on both.
CORE_RULES = pytest.mark.sqlite_only


def standing(tutor_command: Command, skill: str, now: str, pack: str = PACK) -> dict[str, object]:
    ran = tutor_command("progress", "-l", "Gus", "-p", pack, "--json", TUTOR_NOW=now)
    [pack] = json.loads(ran.stdout)["packs"]
    [found] = [s for s in pack["skills"] if s["skill"] == skill]
    return dict(found["standing"])


def answer(
    tutor_command: Command, question: str, response: str, now: str, pack: str = PACK
) -> dict[str, object]:
    ran = tutor_command(
        "answer", "-l", "Gus", "-p", pack, "--json", "--", question, response, TUTOR_NOW=now
    )
    assert ran.code == 0, ran.stderr
    return dict(json.loads(ran.stdout))


@CORE_RULES
def test_lucky_guesses_elsewhere_do_not_make_recitals_count(tutor_command: Command) -> None:
    day = [f"2027-03-0{n}T10:00:00" for n in range(1, 7)]
    assert tutor_command("learners", "add", "Gus", TUTOR_NOW=day[0]).code == 0

    def recite(now: str) -> None:
        for question, (_, right) in FRACTION.items():
            assert not answer(tutor_command, question, right, now, FRACTIONS)["mastered"]

    # Every question of the first skill missed, then its answers shown recited on two days:
    # held below mastery for want of evidence, it opens the skills that require it alone.
    for question, (wrong, _) in FRACTION.items():
        assert not answer(tutor_command, question, wrong, day[0], FRACTIONS)["correct"]
    recite(day[1])
    recite(day[2])
    # Two true/false questions guessed right, on two of those skills.
    assert answer(tutor_command, "eq-add-same-number", "false", day[2], FRACTIONS)["correct"]
    assert answer(tutor_command, "mix-9-quarters-tf", "true", day[2], FRACTIONS)["correct"]
    recite(day[3])
    held = standing(tutor_command, "what-is-a-fraction", day[3], FRACTIONS)
    assert held["state"] == "learning" and held["distinct_right"] == 0, held
    # Typed answers right at first sight on those two skills, two each: the learner has shown
    # they answer unseen questions, and a missed question recalled a day later is evidence again.
    for question, right in (("eq-missing-top", "14"), ("mix-missing-top", "61")):
        assert answer(tutor_command, question, right, day[3], FRACTIONS)["correct"]
    recite(day[4])
    held = standing(tutor_command, "what-is-a-fraction", day[4], FRACTIONS)
    assert held["distinct_right"] == 0, held  # one typed answer on a skill may be a coin's toss
    for question, right in (("eq-missing-bottom", "56"), ("mix-pizza-quarters", "4 3/4")):
        assert answer(tutor_command, question, right, day[4], FRACTIONS)["correct"]
    assert answer(tutor_command, "wif-pizza-left", "5/12", day[5], FRACTIONS)["correct"]
    assert standing(tutor_command, "what-is-a-fraction", day[5], FRACTIONS)["distinct_right"] == 1


def test_an_answer_given_with_the_clock_set_back_follows_the_last(
    tutor_command: Command,
) -> None:
    assert tutor_command("learners", "add", "Gus", TUTOR_NOW="2027-01-10T10:00:00").code == 0
    assert not answer(tutor_command, "num-remainder", "3", "2027-01-10T10:10:00")["correct"]
    # Ten minutes earlier by the clock: the answer shown a moment ago, recited.
    recited = answer(tutor_command, "num-remainder", "2", "2027-01-10T10:00:30")
    assert recited["correct"] and not recited["mastered"]
    held = standing(tutor_command, "numbers", "2027-01-10T10:20:00")
    assert held["distinct_right"] == 0 and held["mastered_at"] is None, held
    assert held["last_seen"] > "2027-01-10T10:10:00", held


@CORE_RULES
def test_one_lucky_guess_on_a_skill_does_not_make_its_recitals_count(
    tutor_command: Command,
) -> None:
    day0, day1 = "2027-03-01T10:00:00", "2027-03-02T10:00:00"
    assert tutor_command("learners", "add", "Gus", TUTOR_NOW=day0).code == 0
    # A true/false guessed right; every other question of Numbers missed, its answer shown.
    assert answer(tutor_command, "num-caret-power", "false", day0)["correct"]
    missed = {"num-floor-div": "4", "num-remainder": "3", "num-slash-float": "3"}
    missed |= {"num-precedence": "40", "num-negative-floor": "-2"}
    for question, wrong in missed.items():
        assert not answer(tutor_command, question, wrong, day0)["correct"]
    # The next day, the answers shown recited: a coin's toss does not make them count.
    recited = {"num-floor-div": "1", "num-remainder": "2", "num-slash-float": "2"}
    recited |= {"num-precedence": "41", "num-negative-floor": "-3"}
    for question, right in recited.items():
        assert not answer(tutor_command, question, right, day1)["mastered"], question
    held = standing(tutor_command, "numbers", day1)
    assert held["state"] == "learning" and held["distinct_right"] == 1, held


@CORE_RULES
def test_two_lucky_guesses_and_recitals_over_days_master_nothing(tutor_command: Command) -> None:
    day0 = "2027-02-01T10:00:00"
    assert tutor_command("learners", "add", "Gus", TUTOR_NOW=day0).code == 0
    # A choice of four and a true/false guessed right (one in eight): two distinct questions.
    assert answer(tutor_command, "str-concat-digits", "42", day0)["correct"]
    assert answer(tutor_command, "str-quote-kinds", "true", day0)["correct"]
    recited = {
        "str-len-space": "11",
        "str-repeat": "hahaha",
        "str-index-second": "y",
        "str-which-errors": '["\\"7\\" + 2", "\\"7\\" - \\"2\\""]',
        "str-index-ends": '["0", "-1"]',
    }
    for question in recited:
        assert not answer(tutor_command, question, STRINGS[question][0], day0)["correct"]
    # The answers shown, recited on three days: a right answer counted again weakly once every
    # question was answered right must not carry two guesses to mastery.
    for day in ("2027-02-02", "2027-02-03", "2027-02-04"):
        for minute, (question, right) in enumerate(recited.items()):
            feedback = answer(tutor_command, question, right, f"{day}T10:0{minute}:00")
            assert feedback["correct"] and not feedback["mastered"], (day, question)
    held = standing(tutor_command, "strings", "2027-02-04T11:00:00")
    assert held["state"] == "learning" and held["p_known"] < 0.95, held
