"""What a new version of a pack changes: versions ordered as semantic versioning orders them."""

from __future__ import annotations

import pytest

from tutor_tui.packs import reports


@pytest.mark.parametrize(
    ("version", "earlier"),
    [
        ("1.0.0", "1.0.0-rc.1"),
        ("1.0.0-rc.2", "1.0.0-rc.1"),
        ("1.0.0-rc.10", "1.0.0-rc.9"),
        ("1.0.0-beta", "1.0.0-alpha.1"),
        ("1.10.0", "1.9.9"),
        ("2.0.0", "1.99.99"),
    ],
)
def test_versions_are_ordered_as_semver_orders_them(version: str, earlier: str) -> None:
    assert reports.direction_of(earlier, version) == "upgrade"
    assert reports.direction_of(version, earlier) == "downgrade"
    assert reports.direction_of(version, version + "+build.5") == "same"
