"""`tutor placement`: a short adaptive check of what a learner already knows in a pack.

The check itself is `tutor_tui.core.placement` (pure), driven by the service's one placement
driver (`Tutor.start_placement`) and asked on lines of text as plain mode asks it
(`tutor_tui.plain.placement`). Each answer is stored, kind "placement", before the next question,
so stopping at any moment loses nothing answered. No answer is marked during the check:
placement measures, it does not teach.

At the end it prints a table of every skill (placed out, to learn or not settled, how sure, the
evidence) and what it changes. With `--json` the conversation goes to standard error and only the
result, as JSON, to standard output, so that `tutor placement --json < answers > result.json`
works.

The skills placed out are recorded (`Tutor.place`): facts of the log, so that the study plan
skips them until a short check later confirms them.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import LearnerOption, PackOption

if TYPE_CHECKING:
    from tutor_tui.core.placement import PlacementResult
    from tutor_tui.service.tutor import Tutor


def placement(
    ctx: typer.Context,
    learner: LearnerOption,
    pack: PackOption,
    max_questions: Annotated[
        int | None,
        typer.Option(
            "--max-questions",
            min=1,
            max=200,
            help="Ask at most this many questions (default: 12; more in a pack of over 14 skills).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON (the questions go to stderr).")
    ] = False,
) -> None:
    """Find out what you already know in a pack, so that you can skip it: a few questions."""
    from tutor_tui.plain.placement import run_placement

    context = of(ctx)
    tutor = context.tutor
    person = context.open_learner(learner)
    the_pack = tutor.pack(pack)
    context.plain_streams(context.stdin, context.stdout, context.stderr)
    talk = context.stderr if as_json else context.stdout
    result, placed = run_placement(
        tutor, person, the_pack.id, context.stdin, talk, max_questions=max_questions
    )
    if as_json:
        report = result.to_dict(the_pack)
        report["learner"] = person.name
        report["placed"] = placed
        context.print_json(report)
        return
    show_result(tutor, result, placed, talk)


def show_result(tutor: Tutor, result: PlacementResult, placed: list[str], output: TextIO) -> None:
    """The result as a table of skills, then what it changes."""
    from rich.table import Table

    from tutor_tui.cli.context import console_on

    pack = tutor.pack(result.pack_id)
    console = console_on(output)  # markup off: titles are shown as they are
    console.print()
    console.print(result.summary())
    table = Table(title=f"{pack.title}: what you know", title_justify="left")
    for column in ("skill", "verdict", "sure", "evidence"):
        table.add_column(column, justify="right" if column == "sure" else "left")
    for skill in result.skills:
        sure = skill.belief if skill.verdict == "known" else 1 - skill.belief
        shown = f"{round(100 * sure)}%" if skill.verdict != "unsure" else "–"
        said = [
            e.describe(pack)
            for e in skill.evidence
            if e.relation != "needed by" or not skill.inferred_from
        ]
        if skill.inferred_from:
            # Placed out by the prerequisite logic, below the bar its own answers would need:
            # its percentage would understate what placed it out, and say nothing of the graph.
            titles = ", ".join(pack.skill(s).title for s in skill.inferred_from)
            shown, said = "inferred", [f"inferred from {titles}", *said]
        if moved := result.moved(skill.skill_id, pack):
            said = [moved, *said]
        table.add_row(
            pack.skill(skill.skill_id).title,
            result.means(skill),
            shown,
            _evidence_text(said) or "no answer bears on it",
        )
    console.print(table)
    console.print(result.outcome(placed))
    output.flush()


def _evidence_text(said: list[str], most: int = 3) -> str:
    """Evidence in few words: the same thing said once with its count, at most `most` things."""
    counts = Counter(said)
    parts = [f"{n}× {text}" if n > 1 else text for text, n in counts.items()]
    if len(parts) > most:
        parts = [*parts[:most], f"and {len(parts) - most} more"]
    return "; ".join(parts)
