"""A learner's settings: what the tutor can use, from a bundle or from a damaged row."""

from __future__ import annotations

import json

import pytest

from tutor_tui.core import settings


@pytest.mark.parametrize(
    ("values", "wrong"),
    [
        ({"desired_retention": 0.01}, "desired_retention must be a number from 0.7 to 0.97"),
        ({"desired_retention": True}, "desired_retention must be a number"),
        ({"session_minutes": 5.5}, "session_minutes must be a whole number from 1 to 1440"),
        ({"daily_review_cap": 10**9}, "daily_review_cap must be a whole number from 0 to 100000"),
        ({"theme": "x" * 81}, "theme must be text of at most 80 characters"),
        ({"from_a_newer_tutor": "x" * 5_000_000}, "the settings take 5000026 bytes"),
        ([1, 2], "the settings are not a set of named values"),
    ],
)
def test_a_setting_the_tutor_cannot_use_is_named(values: object, wrong: str) -> None:
    assert settings.problems(values)[0].startswith(wrong)


def test_settings_the_tutor_can_use_pass() -> None:
    good = {"desired_retention": 0.85, "session_minutes": 30, "theme": "light", "new_one": [1]}
    assert settings.problems(good) == []
    assert settings.read(json.dumps(good)) == (good, [])


def test_stored_settings_that_cannot_be_used_give_way_to_the_defaults() -> None:
    assert settings.read("{not json") == ({}, ["the settings cannot be read (not JSON)"])
    kept, found = settings.read('{"desired_retention": 0.01, "theme": "dark"}')
    assert kept == {"theme": "dark"} and found[0].startswith("desired_retention")
    assert settings.read("[" * 100_000)[0] == {}
    assert settings.read(None) == ({}, [])
