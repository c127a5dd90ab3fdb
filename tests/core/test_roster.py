"""A roster: read trimmed with its groups, refused at the file and line of its first problem, in
any separator a spreadsheet writes, and planned as an import that adds only the new."""

from __future__ import annotations

import pytest

from tutor_tui.core.roster import (
    RosterEntry,
    RosterError,
    check_names_here,
    decode_roster,
    parse_roster,
    plan_import,
)

# Reading ----------------------------------------------------------------------------------------


def test_a_roster_is_read_trimmed_with_its_groups() -> None:
    text = (
        "\ufeff Name ,Group,email\n"
        "  Ana  Lopez ,7B,ana@example.org\n"
        '"Lopez, Ben", 7C \n'
        "\n"
        ",,\n"
        "Caro,,\n"
        "Jose\u0301\n"  # a decomposed accent: kept composed
    )
    entries = parse_roster(decode_roster(text.encode("utf-8"), "roster.csv"), "roster.csv")
    assert entries == [
        RosterEntry(2, "Ana Lopez", "7B"),
        RosterEntry(3, "Lopez, Ben", "7C"),
        RosterEntry(6, "Caro", None),
        RosterEntry(7, "Jos\u00e9", None),
    ]
    # Trailing empty cells, as spreadsheets write them, are nothing.
    assert parse_roster("name,group\nAna,7B,,\nBen,,\n", "r.csv") == [
        RosterEntry(2, "Ana", "7B"),
        RosterEntry(3, "Ben", None),
    ]
    # The group column is optional, and the BOM too.
    assert parse_roster("name\nAna\n", "r.csv") == [RosterEntry(2, "Ana", None)]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("Learner,group\nAna,7B\n", ["r.csv:1: the first line must be the header, with a 'name'"]),
        (
            "Ana\nBen\n",
            [
                "r.csv:1: the first line must be the header, with a 'name' column"
                " (and maybe 'group'); it has 'Ana'"
            ],
        ),
        ("", ["r.csv:1: the file is empty"]),
        ("\n\n", ["r.csv:1: the file is empty"]),
        ("name,group\nAna,7B\n ,7C\n", ["r.csv:3: the name is empty"]),
        ("name\nAna\n" + "x" * 81 + "\n", ["r.csv:3: the name is 81 characters long"]),
        ("name\nAn\x07a\n", ["r.csv:2: the name holds a character that cannot be shown (U+0007)"]),
        ('name\n"An\na"\n', ["r.csv:2: a cell runs on over several lines"]),
        # A quote not closed takes in the rest of the file: told at the line it opens on.
        (
            'name\r\nAna\r\n"Ben\r\nCaro\r\n',
            ['r.csv:3: a cell runs on over several lines: a double quote (")'],
        ),
        ("name\nAna\u202eZ\n", ["r.csv:2: the name holds a character that cannot be shown"]),
        ("name,group\nAna,7\x1bB\n", ["r.csv:2: the group holds a character"]),
        ("name\nAna\nBen\n Ana \n", ["r.csv:4: 'Ana' is already on line 2"]),
        # Names differing only in capitals or spaces are one learner written twice.
        (
            "name\nAna Lopez\nana  lopez\n",
            ["r.csv:3: 'ana lopez' is already on line 2 as 'Ana Lopez'"],
        ),
        ("name,group\nLopez, Ana,7B\n", ["r.csv:2: 3 cells but the header has 2 columns"]),
        ("name,name\nAna,Ana\n", ["r.csv:1: the header has the column 'name' twice"]),
        ("name,group\n", ["r.csv:2: no learners after the header"]),
        # Every problem is told at once, each with its line.
        (
            "name,group\n\nAna\n\n\nAna\n \t,7C\n",
            ["r.csv:6: 'Ana' is already on line 3", "r.csv:7: the name is empty"],
        ),
    ],
)
def test_a_roster_with_a_problem_is_refused_with_file_and_line(
    text: str, problems: list[str]
) -> None:
    with pytest.raises(RosterError) as refused:
        parse_roster(text, "r.csv")
    found = refused.value.problems
    assert len(found) == len(problems), found
    for line, start in zip(found, problems, strict=True):
        assert line.startswith(start), line


@pytest.mark.parametrize(
    "text",
    [
        "name;group\r\nLopez, Ana;7B\r\nBen;\r\n",  # as spreadsheets write CSV in much of Europe
        "Name\tGroup\nLopez, Ana\t7B\nBen\n",
        '"name";"group"\n"Lopez, Ana";"7B"\nBen\n',
    ],
)
def test_a_roster_separated_by_semicolons_or_tabs_is_read(text: str) -> None:
    assert parse_roster(text, "r.csv") == [
        RosterEntry(2, "Lopez, Ana", "7B"),
        RosterEntry(3, "Ben", None),
    ]


def test_a_new_name_differing_from_one_here_only_in_capitals_is_refused() -> None:
    entries = [
        RosterEntry(2, "Ana", "7B"),
        RosterEntry(3, "ben", None),
        RosterEntry(4, "Eli", None),
    ]
    check_names_here(entries[:1], ["Ana", "Ben"], "r.csv")  # the same learner: fine
    with pytest.raises(RosterError) as refused:
        check_names_here(entries, ["Ana", "Ben"], "r.csv")
    assert refused.value.problems == (
        "r.csv:3: 'ben' differs only in capitals from 'Ben', who is already here;"
        " write 'Ben' to mean that learner",
    )


def test_a_roster_that_is_not_utf8_is_refused_at_its_line() -> None:
    data = "name\nAna\nJos\u00e9\n".encode("latin-1")
    with pytest.raises(RosterError) as refused:
        decode_roster(data, "r.csv")
    assert refused.value.problems == (
        "r.csv:3: this is not UTF-8 text; save the file as CSV UTF-8",
    )


def test_an_import_plan_adds_the_new_and_keeps_who_is_here() -> None:
    entries = [
        RosterEntry(2, "Ana", "7B"),
        RosterEntry(3, "Ben", None),
        RosterEntry(4, "Caro", "7C"),
        RosterEntry(5, "Dee", "7C"),
    ]
    plan = plan_import(entries, {"Ben": "7B", "Caro": "7B", "Dee": "7C"})
    assert [e.name for e in plan.add] == ["Ana"]
    # Ben's line gives no group, Dee's the one she has: they stay as they are.
    assert [e.name for e in plan.already_here] == ["Ben", "Dee"]
    assert [(e.name, e.group, was) for e, was in plan.regroup] == [("Caro", "7C", "7B")]
