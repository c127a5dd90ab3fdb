"""Markdown cards: the hashcards and Obsidian layouts, with headings as skills."""

from __future__ import annotations

from pathlib import Path

from testkit.imports import GOLDEN, imported, matches_golden


def test_both_layouts_in_one_file(tmp_path: Path) -> None:
    pack, report = imported([GOLDEN / "cards.md"], tmp_path / "pack")
    matches_golden(pack, "cards.expected.json")
    assert [skill.title for skill in pack.skills] == ["Capitals", "Obsidian cards"]
    assert [str(s) for s in report.skipped] == [
        f"{GOLDEN / 'cards.md'}:12: an answer with no question before it"
    ]


def test_braces_and_bars_are_not_taken_for_blanks(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("C: A set {{x}} holds [x].\n\nC: Either [a|b] or [c].\n", encoding="utf-8")
    pack, report = imported([notes], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["either-a-b-or-c-c2"]
    assert [s.why for s in report.skipped] == [
        "the text holds '{{' or '}}', which read as blanks",
        "an answer holding '|', which a blank cannot",
    ]


def test_a_huge_line_of_deletions_is_skipped_at_once(tmp_path: Path) -> None:
    notes = tmp_path / "bomb.md"
    notes.write_text("Q: fine\nA: yes\n\n" + "==a== " * 100_000 + "\n", encoding="utf-8")
    pack, report = imported([notes], tmp_path / "pack")
    assert [q.id for q in pack.questions()] == ["fine"]
    assert [s.why for s in report.skipped] == ["a cloze text longer than 10000 characters"]
