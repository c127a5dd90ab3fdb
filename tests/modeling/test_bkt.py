"""Fitting knowledge tracing per skill: recovers known numbers, keeps safeguards."""

from __future__ import annotations

import pytest
from testkit.simulate import simulate

from tutor_tui.core.content import Mastery
from tutor_tui.modeling.bkt import GUESS_MAX, SLIP_MAX, clip_mastery, fit_skills

TRUE = {
    "fractions": Mastery(prior=0.3, learn=0.15, slip=0.1, guess=0.2),
    "decimals": Mastery(prior=0.5, learn=0.05, slip=0.05, guess=0.3),
}


def fit(rows: list[tuple[str, str, int]], defaults: Mastery, **options: int) -> dict:
    skills = list(dict.fromkeys(skill for _, skill, _ in rows))
    learners: dict[str, int] = {}
    fits = fit_skills(
        [learners.setdefault(learner, len(learners)) for learner, _, _ in rows],
        [skills.index(skill) for _, skill, _ in rows],
        [float(correct) for _, _, correct in rows],
        [defaults] * len(skills),
        **options,
    )
    return dict(zip(skills, fits, strict=True))


def test_recovers_the_numbers_that_made_the_data() -> None:
    rows = simulate(TRUE, learners=1500, answers_per_skill=10, seed=11)
    fits = fit(rows, Mastery())
    for skill, truth in TRUE.items():
        got = fits[skill].mastery
        assert fits[skill].fitted
        assert fits[skill].answers == 15000
        for name in ("prior", "learn", "slip", "guess"):
            assert getattr(got, name) == pytest.approx(getattr(truth, name), abs=0.05), name


def test_thin_skills_keep_the_pack_values() -> None:
    pack = Mastery(threshold=0.9, prior=0.2, learn=0.3, slip=0.12, guess=0.22)
    rows = simulate(TRUE, learners=2, answers_per_skill=5)
    fits = fit(rows, pack, min_answers=30)
    assert all(f.mastery == pack and not f.fitted and f.answers == 10 for f in fits.values())


def test_fitted_numbers_stay_in_sane_ranges() -> None:
    # Learners who always answer right and never wrong: the likelihood would push guess to 1.
    rows = [(f"L{n}", "easy", 1) for n in range(100) for _ in range(5)]
    rows += [(f"L{n}", "hard", n % 2) for n in range(100) for _ in range(5)]
    for result in fit(rows, Mastery()).values():
        m = result.mastery
        assert 0.01 <= m.prior <= 0.99 and 0.01 <= m.learn <= 0.99
        assert 0.01 <= m.guess <= GUESS_MAX < 0.5 and 0.01 <= m.slip <= SLIP_MAX < 0.5


def test_thresholds_come_from_the_defaults() -> None:
    rows = simulate(TRUE, learners=50, answers_per_skill=4)
    fits = fit(rows, Mastery(threshold=0.8))
    assert {f.mastery.threshold for f in fits.values()} == {0.8}


def test_clip_mastery_moves_numbers_into_range() -> None:
    clipped = clip_mastery(Mastery(prior=0.0, learn=1.0, slip=0.7, guess=0.6))
    assert (clipped.prior, clipped.learn) == (0.01, 0.99)
    assert (clipped.slip, clipped.guess) == (SLIP_MAX, GUESS_MAX)


def test_no_answers_gives_the_defaults() -> None:
    assert fit_skills([], [], [], [Mastery()])[0].mastery == Mastery()
