"""The app's stylesheets parsed once a process, not once an app.

Textual keeps what it parsed of each CSS source in the app's own stylesheet, so every app a test
starts parses the tutor's CSS file and every widget's default CSS again: about a tenth of an app
test's processor time. The text of those sources and the theme's variables are all a parse reads,
and the rules it makes are only read afterwards (Textual's own cache hands the same ones to every
parse of one app), so `parse_once` keeps them for the whole process, keyed by everything the parse
reads: the source, where it came from, its standing, its scope and the variables. A source that
fails to parse is not kept: it fails again in each app, as before.
"""

from __future__ import annotations

from typing import Any

import pytest

_parsed: dict[tuple[Any, ...], Any] = {}


def parse_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every app's stylesheet take the rules parsed from the same source and variables
    by an app before it in this process."""
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules

    def parse_rules(
        stylesheet: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (
            css,
            read_from,
            is_default_rules,
            tie_breaker,
            scope,
            frozenset(stylesheet._variables.items()),
        )
        rules = _parsed.get(key)
        if rules is None:
            rules = _parsed[key] = parse(
                stylesheet, css, read_from, is_default_rules, tie_breaker, scope
            )
        return rules

    monkeypatch.setattr(Stylesheet, "_parse_rules", parse_rules)
