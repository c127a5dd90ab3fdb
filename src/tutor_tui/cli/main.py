"""The `tutor` command line.

Commands delegate at once to the domain and the store. Heavy modules (the pack loader, the
database layer, the Textual app) are imported inside the commands that need them, so that
`tutor --help` and `tutor packs list` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.cli.common import JsonFlag
from tutor_tui.cli.common import console as _console
from tutor_tui.cli.common import print_json as _print_json
from tutor_tui.core.errors import TutorError
from tutor_tui.core.words import plural

if TYPE_CHECKING:
    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.packs.catalog import Catalog
    from tutor_tui.service.tutor import Tutor

app = typer.Typer(
    name="tutor",
    help="A self-paced personal tutor for the terminal.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
packs_app = typer.Typer(help="List, check, show and create content packs.", no_args_is_help=True)
learners_app = typer.Typer(
    help="Add, list, import, guard with a PIN, reset and remove learners.", no_args_is_help=True
)

LearnerOption = Annotated[
    str, typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER")
]
PackOption = Annotated[str, typer.Option("--pack", "-p", help="The pack's id.")]


def _catalog() -> Catalog:
    from tutor_tui.packs.catalog import load_catalog

    return load_catalog()


def _tutor() -> Tutor:
    """The service, wired to the store, the packs and the clock (`TUTOR_NOW` honoured)."""
    from tutor_tui.service.wiring import installed_packs, open_tutor

    return open_tutor(packs=installed_packs(_catalog()))


def _pack(pack_id: str) -> Pack:
    catalog = _catalog()
    pack = catalog.get(pack_id)
    if pack is None:
        known = ", ".join(sorted(catalog.packs)) or "none"
        raise TutorError(f"no pack '{pack_id}'; the packs are: {known}")
    return pack


def _secret(prompt: str, *env: str) -> str | None:
    """A secret from the first of the `env` variables set, else typed unseen at a terminal."""
    import os

    for name in env:
        if os.environ.get(name):
            return os.environ[name]
    if not sys.stdin.isatty():
        return None
    import getpass

    try:
        return getpass.getpass(f"{prompt}: ") or None
    except EOFError:
        return None


def _open_learner(tutor: Tutor, name: str) -> Learner:
    """The learner named, once their PIN (or the tutor passphrase) is given, if they have one."""
    person = tutor.learner(name)
    if person.has_pin:
        secret = _secret(
            f"PIN for {person.name} (or the tutor passphrase)", "TUTOR_PIN", "TUTOR_PASSPHRASE"
        )
        if secret is None:
            raise TutorError(
                f"{person.name}'s profile is guarded by a PIN:"
                " type it at a terminal, or set TUTOR_PIN"
            )
        tutor.unlock_learner(person, secret)
    return person


def _unlock_class(tutor: Tutor) -> None:
    """Allow what shows or changes everyone's data: the tutor passphrase, when one is set."""
    secret = None
    if tutor.has_passphrase():
        secret = _secret("Tutor passphrase", "TUTOR_PASSPHRASE")
        if secret is None:
            raise TutorError(
                "this needs the tutor passphrase: type it at a terminal, or set TUTOR_PASSPHRASE"
            )
    tutor.unlock_class(secret)


def _full_terminal() -> bool:
    """Whether the full-screen app can draw here: both ends a terminal, and not a dumb one."""
    import os

    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _plain_streams(*streams: Any) -> None:
    """Let a terminal that cannot show a character replace it, not end with a traceback."""
    for stream in streams:
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def _run_app(learner: str | None = None, pack: str | None = None, **options: Any) -> Any:
    """Run the study app on the real data home (opened by the app, off its first paint)."""
    from tutor_tui.ui.app import TutorApp

    app = TutorApp(options.pop("connect", _tutor), learner, pack, **options)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
    return app


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """A self-paced personal tutor for the terminal.

    Run `tutor` alone to open the study app (in a terminal), or to see the packs and the
    commands (when its output goes to a file or a pipe).
    """
    if ctx.invoked_subcommand is None:
        if _full_terminal():
            _run_app()
            return
        _show_packs(_catalog())
        typer.echo("")
        typer.echo(ctx.get_help())


@app.command("study")
def study(
    learner: Annotated[
        str | None,
        typer.Option("--learner", "-l", help="The learner's name.", envvar="TUTOR_LEARNER"),
    ] = None,
    pack: Annotated[str | None, typer.Option("--pack", "-p", help="The pack's id.")] = None,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="Study on plain lines of text, for screen readers, simple terminals and piped "
            "input. Type q to stop, h for a hint, ? for why; \\q, \\h or \\? to answer that "
            "letter.",
        ),
    ] = False,
) -> None:
    """Study a pack: lessons, questions and reviews, one after another, until you stop."""
    if not plain:
        # The app needs a terminal it can draw on; piped input or a dumb terminal gets plain mode.
        if _full_terminal():
            _run_app(learner, pack)
            return
        typer.echo(
            "note: the full-screen app cannot start (input or output is not a full terminal);"
            " studying in plain mode",
            err=True,
        )
    if not learner:
        raise typer.BadParameter("required in plain mode", param_hint="'--learner'")
    if not pack:
        raise typer.BadParameter("required in plain mode", param_hint="'--pack'")
    from tutor_tui.plain.study import run_plain

    _plain_streams(sys.stdin, sys.stdout)
    tutor = _tutor()
    run_plain(tutor, _open_learner(tutor, learner), pack, sys.stdin, sys.stdout)


# Packs --------------------------------------------------------------------------------------


def _pack_summary(pack: Pack, path: str, origin: str) -> dict[str, Any]:
    return {
        "id": pack.id,
        "title": pack.title,
        "version": pack.version,
        "path": path,
        "source": origin,
        "skills": len(pack.skills),
        "lessons": pack.lesson_count(),
        "questions": sum(len(skill.questions) for skill in pack.skills),
        "question_types": pack.question_types(),
    }


def _show_packs(catalog: Catalog) -> None:
    from rich.table import Table

    console = _console()
    if not catalog.packs:
        console.print("No packs found. Add a folder of packs to TUTOR_PACK_PATH.")
    else:
        table = Table(title="Content packs", title_justify="left")
        for column in ("id", "title", "version", "skills", "questions", "source"):
            table.add_column(
                column,
                justify="right" if column in ("skills", "questions") else "left",
                no_wrap=column in ("id", "version"),
            )
        for pack_id, entry in catalog.packs.items():
            pack = entry.result.pack
            assert pack is not None
            questions = sum(len(skill.questions) for skill in pack.skills)
            table.add_row(
                pack_id,
                pack.title,
                pack.version,
                str(len(pack.skills)),
                str(questions),
                entry.found.origin,
            )
        console.print(table)
    for entry in catalog.broken:
        console.print(
            f"[yellow]not loaded:[/] {entry.found.path} has errors; "
            f"run `tutor packs validate {entry.found.path}`"
        )
    for loser, winner in catalog.shadowed:
        console.print(
            f"[yellow]shadowed:[/] {loser.found.path} has the id of {winner.found.path}, "
            "which was found first"
        )


@packs_app.command("list")
def packs_list(as_json: JsonFlag = False) -> None:
    """List the packs the tutor can use."""
    catalog = _catalog()
    if as_json:
        _print_json(
            [
                _pack_summary(entry.result.pack, str(entry.found.path), entry.found.origin)  # type: ignore[arg-type]
                for entry in catalog.packs.values()
            ]
        )
        return
    _show_packs(catalog)


@packs_app.command("validate")
def packs_validate(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help="Pack folders or .zip files.")
    ],
    as_json: JsonFlag = False,
) -> None:
    """Check packs against the content-pack format; exit 1 if any is invalid."""
    from tutor_tui.packs.loader import load_pack

    results = [load_pack(path) for path in paths]
    if as_json:
        _print_json(
            [
                {
                    "path": result.path,
                    "ok": result.ok,
                    "errors": [problem.to_dict() for problem in result.errors],
                    "warnings": [problem.to_dict() for problem in result.warnings],
                }
                for result in results
            ]
        )
    else:
        for result in results:
            for problem in result.errors + result.warnings:
                typer.echo(str(problem))
            errors, warnings = len(result.errors), len(result.warnings)
            counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
            if result.ok and result.pack is not None:
                pack = result.pack
                questions = sum(len(skill.questions) for skill in pack.skills)
                typer.echo(
                    f"ok: {result.path}: {pack.id} {pack.version}, {len(pack.skills)} skills, "
                    f"{questions} questions ({plural(warnings, 'warning')})"
                )
            else:
                typer.echo(f"invalid: {result.path}: {counts}")
    if not all(result.ok for result in results):
        raise typer.Exit(1)


@packs_app.command("show")
def packs_show(
    pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")],
) -> None:
    """Show a pack's skills as a tree of what each one leads to."""
    from rich.tree import Tree

    pack = _pack(pack_id)
    console = _console()
    root = Tree(f"[bold]{pack.title}[/] ({pack.id} {pack.version})")
    shown: set[str] = set()

    def label(skill_id: str) -> str:
        skill = pack.skill(skill_id)
        lesson = "lesson" if skill.lesson else "no lesson"
        minutes = f", {skill.minutes} min" if skill.minutes else ""
        questions = f"{len(skill.questions)} questions{minutes}"
        return f"{skill.title} [dim]({skill.id}: {lesson}, {questions})[/]"

    def grow(branch: Tree, skill_id: str) -> None:
        if skill_id in shown:
            branch.add(f"[dim]↪ {pack.skill(skill_id).title} (shown above)[/]")
            return
        shown.add(skill_id)
        skill = pack.skill(skill_id)
        text = label(skill_id)
        if len(skill.requires) > 1:
            needs = ", ".join(pack.skill(r).title for r in skill.requires)
            text += f" [dim]needs {needs}[/]"
        node = branch.add(text)
        for child in pack.dependents[skill_id]:
            grow(node, child)

    for skill in pack.skills:
        if not skill.requires:
            grow(root, skill.id)
    console.print(root)


@packs_app.command("new")
def packs_new(folder: Annotated[Path, typer.Argument(metavar="DIR", help="A new folder.")]) -> None:
    """Write a starter pack with one question of each type, to copy from."""
    from tutor_tui.packs.starter import write_starter_pack

    write_starter_pack(folder)
    typer.echo(f"Wrote a starter pack to {folder}. Check it with: tutor packs validate {folder}")


# Learners and the learning loop ------------------------------------------------------------


@learners_app.command("add")
def learners_add(
    name: Annotated[str, typer.Argument(help="The learner's name, as they will pick it.")],
) -> None:
    """Add a learner."""
    learner = _tutor().add_learner(name)
    typer.echo(f"Added {learner.name}.")


@learners_app.command("list")
def learners_list(as_json: JsonFlag = False) -> None:
    """List the learners."""
    tutor = _tutor()
    learners = tutor.learners()
    if as_json:
        _print_json(
            [
                {
                    "id": one.id,
                    "name": one.name,
                    "group": one.group,
                    "created_at": one.created_at.isoformat(),
                }
                for one in learners
            ]
        )
        return
    if not learners:
        typer.echo("No learners yet. Add one with: tutor learners add NAME")
    for learner in learners:
        typer.echo(learner.name)


def _activity_dict(tutor: Tutor, learner: Any, activity: Any) -> dict[str, Any]:
    result: dict[str, Any] = {
        "kind": activity.kind,
        "pack": activity.pack_id,
        "skill": activity.skill_id,
        "question": activity.question_id,
        "type": None,
        "prompt": None,
        "choices": None,
        "reason": activity.reason,
    }
    pack = tutor.pack(activity.pack_id)
    if activity.question_id is not None:
        shown = tutor.present(learner, pack, pack.question(activity.question_id))
        result["type"] = shown.question.type
        result["prompt"] = shown.prompt
        result["choices"] = list(shown.choices) or None
        if shown.lefts:
            result["lefts"] = list(shown.lefts)
        if shown.question.hints:
            result["hints"] = len(shown.question.hints)
    elif activity.kind == "lesson":
        skill = pack.skill(activity.skill_id)
        result["title"] = skill.title
        result["prompt"] = skill.lesson
    return result


@app.command("next")
def next_(
    learner: LearnerOption,
    pack: PackOption,
    skill: Annotated[
        str | None, typer.Option("--skill", help="Study this skill next (it must be ready).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show what the learner should do next in a pack, and why."""
    tutor = _tutor()
    person = _open_learner(tutor, learner)
    activity = tutor.next(person, pack, focus=skill)
    shown = _activity_dict(tutor, person, activity)
    if as_json:
        _print_json(shown)
        return
    typer.echo(activity.reason)
    if activity.kind == "lesson":
        typer.echo(
            f"Read it with: tutor lesson --learner {person.name} --pack {pack} {activity.skill_id}"
        )
    elif activity.question_id is not None:
        typer.echo("")
        typer.echo(f"[{activity.question_id}] ({shown['type']})")
        typer.echo(shown["prompt"])
        for number, choice in enumerate(shown["choices"] or [], 1):
            typer.echo(f"  {number}. {choice}")
        if shown.get("lefts"):
            typer.echo("Match each of: " + "; ".join(shown["lefts"]))


@app.command("lesson")
def lesson(
    learner: LearnerOption,
    pack: PackOption,
    skill: Annotated[str, typer.Argument(help="The skill's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Print a skill's lesson and record it as read."""
    tutor = _tutor()
    person = _open_learner(tutor, learner)
    read = tutor.read_lesson(person, pack, skill)
    if as_json:
        _print_json({"pack": pack, "skill": read.id, "title": read.title, "lesson": read.lesson})
        return
    from rich.markdown import Markdown

    console = _console()
    console.print(f"[bold]{read.title}[/]")
    console.print(Markdown(read.lesson or ""))


# A negative number is an answer, not an unknown option: `tutor answer ... temp-drop -4`.
@app.command("answer", context_settings={"ignore_unknown_options": True})
def answer(
    learner: LearnerOption,
    pack: PackOption,
    question: Annotated[str, typer.Argument(help="The question's id.")],
    response: Annotated[
        str,
        typer.Argument(
            help="The answer: text for choice, short and numeric; true or false; a JSON array "
            "for multi, order and cloze; a JSON object from left to right for match."
        ),
    ],
    hints: Annotated[int, typer.Option("--hints", min=0, help="Hints used.")] = 0,
    seconds: Annotated[
        float | None, typer.Option("--seconds", min=0, help="Seconds taken to answer.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Grade an answer, record it, and show the feedback."""
    from tutor_tui.core import grading

    tutor = _tutor()
    person = _open_learner(tutor, learner)
    the_pack = tutor.pack(pack)
    the_question = tutor.question(the_pack, question)
    try:
        parsed = grading.parse_response(the_question, response)
    except grading.ResponseError as error:
        raise TutorError(f"cannot read the answer to '{question}': {error}") from None
    feedback = tutor.answer(person, pack, question, parsed, hints_used=hints, seconds=seconds)
    if as_json:
        _print_json(feedback.to_dict())
        return
    result = feedback.grade
    if result.correct:
        typer.echo("✓ Right.")
    elif result.score > 0:
        typer.echo(f"◐ Partly right ({round(100 * result.score)}%). Expected: {result.expected}")
    else:
        typer.echo(f"✗ Not quite. Expected: {result.expected}")
    if result.feedback:
        typer.echo(result.feedback)
    if feedback.question.explanation:
        typer.echo(feedback.question.explanation.strip())
    if feedback.newly_mastered:
        typer.echo(f"You have mastered {feedback.skill.title}.")
    else:
        typer.echo(f"{feedback.skill.title}: {round(100 * feedback.progress.p_known)}% mastery")


@app.command("progress")
def progress(
    learner: LearnerOption,
    pack: Annotated[str | None, typer.Option("--pack", "-p", help="Only this pack.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show a learner's mastery, answers and reviews, skill by skill."""
    tutor = _tutor()
    person = _open_learner(tutor, learner)
    pack_ids = [tutor.pack(pack).id] if pack else sorted(tutor.packs)
    totals = tutor.totals(person)
    report: dict[str, Any] = {"learner": person.name, "packs": []}
    for pack_id in pack_ids:
        the_pack = tutor.pack(pack_id)
        answers, spent = totals.get(pack_id, (0, 0.0))
        skills = []
        for item in tutor.skill_reports(person, the_pack):
            due = item.progress.due
            skills.append(
                {
                    "skill": item.skill.id,
                    "title": item.skill.title,
                    "status": item.status,
                    "mastery": round(item.progress.p_known, 4),
                    "mastered": item.mastered,
                    "attempts": item.progress.attempts,
                    "correct": item.progress.correct,
                    "next_review": due.isoformat() if due else None,
                    "why": tutor.explain(person, the_pack, item.skill.id),
                }
            )
        goal = tutor.active_goal(person, pack_id)
        report["packs"].append(
            {
                "pack": pack_id,
                "title": the_pack.title,
                "goal": _goal_dict(tutor, person, goal) if goal else None,
                "catch_up": tutor.catch_up(person, pack_id),
                "mastered": sum(1 for s in skills if s["mastered"]),
                "skills_total": len(skills),
                "answers": answers,
                "seconds": round(spent, 1),
                "skills": skills,
            }
        )
    report["answers"] = sum(p["answers"] for p in report["packs"])
    report["seconds"] = round(sum(p["seconds"] for p in report["packs"]), 1)
    if as_json:
        _print_json(report)
        return
    _show_progress(report)
    from tutor_tui.core import progress as pictures
    from tutor_tui.service.reports import gather_overview

    packs = [tutor.pack(pack_id) for pack_id in pack_ids if totals.get(pack_id)]
    if packs:
        typer.echo("")
        for line in pictures.overview_lines(gather_overview(tutor, person, packs)):
            typer.echo(line)


def _show_progress(report: dict[str, Any]) -> None:
    from rich.table import Table

    console = _console()
    for entry in report["packs"]:
        if not entry["answers"] and not pack_started(entry) and not entry["goal"]:
            continue
        table = Table(
            title=(
                f"{entry['title']}: {entry['mastered']} of {entry['skills_total']} skills mastered"
            ),
            title_justify="left",
        )
        for column in ("skill", "status", "mastery", "answers", "right", "next review"):
            table.add_column(column)
        for skill in entry["skills"]:
            bar = _bar(skill["mastery"])
            due = (skill["next_review"] or "")[:10]
            table.add_row(
                skill["title"],
                skill["status"],
                bar,
                str(skill["attempts"]),
                str(skill["correct"]),
                due,
            )
        console.print(table)
        if entry["goal"]:
            console.print(f"Goal: {entry['goal']['description']}")
            console.print(entry["goal"]["forecast"]["summary"], markup=False)
        if entry["catch_up"]:
            console.print(entry["catch_up"])
    minutes = round(report["seconds"] / 60)
    console.print(
        f"{plural(report['answers'], 'answer')} in all, {plural(minutes, 'minute')} of answering."
    )


def pack_started(entry: dict[str, Any]) -> bool:
    """Whether the learner has begun a pack."""
    return any(s["status"] not in ("locked", "ready") for s in entry["skills"])


def _bar(value: float, width: int = 10) -> str:
    filled = round(value * width)
    return "█" * filled + "░" * (width - filled) + f" {round(100 * value):3d}%"


@app.command("doctor")
def doctor(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Recompute derived state from the attempt log.")
    ] = False,
) -> None:
    """Check the database; with --rebuild, recompute everything derived from the attempt log."""
    tutor = _tutor()
    if rebuild:
        changed = tutor.rebuild()
        typer.echo(
            f"Rebuilt the derived state from the attempt log ({changed} skill states changed)."
        )
    problems = tutor.check()
    if problems:
        for problem in problems:
            typer.echo(f"problem: {problem}")
        raise typer.Exit(1)
    typer.echo("The database is healthy.")


# Goals -------------------------------------------------------------------------------------

goals_app = typer.Typer(help="Set and follow a learner's goals.", no_args_is_help=True)
app.add_typer(goals_app, name="goals")


def _goal_dict(tutor: Tutor, person: Any, goal: Any) -> dict[str, Any]:
    pack = tutor.pack(goal.pack_id)
    result: dict[str, Any] = {
        "id": goal.id,
        "pack": goal.pack_id,
        "skills": list(goal.skills),
        "by": goal.due_by.isoformat(),
        "daily_minutes": goal.daily_minutes,
        "status": goal.status,
        "created_at": goal.created_at.isoformat(),
        "description": goal.describe(pack),
    }
    if goal.status == "active":
        forecast = tutor.forecast(person, goal)
        result["forecast"] = {**forecast.to_dict(), "summary": forecast.summary()}
    return result


@goals_app.command("set")
def goals_set(
    learner: LearnerOption,
    pack: PackOption,
    by: Annotated[str, typer.Option("--by", help="The date to reach it, like 2026-12-20.")],
    daily: Annotated[int, typer.Option("--daily", help="Minutes a day, 5 to 240.")],
    skills: Annotated[
        str | None, typer.Option("--skills", help="Only these skills, by id, separated by commas.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Set a goal: a pack (or some of its skills), a date, and minutes a day."""
    from tutor_tui.core.pace import parse_date

    due_by = parse_date(by)
    tutor = _tutor()
    person = _open_learner(tutor, learner)
    wanted = tuple(s.strip() for s in (skills or "").split(",") if s.strip())
    goal, warning = tutor.set_goal(person, pack, due_by, daily, wanted)
    if as_json:
        _print_json({**_goal_dict(tutor, person, goal), "warning": warning})
        return
    typer.echo(f"Goal set: {goal.describe(tutor.pack(goal.pack_id))}.")
    if warning:
        typer.echo(f"warning: {warning}")
    typer.echo(tutor.forecast(person, goal).summary())


@goals_app.command("list")
def goals_list(
    learner: LearnerOption,
    all_goals: Annotated[
        bool, typer.Option("--all", help="Include goals done or dropped.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List a learner's goals, with whether each is on track."""
    tutor = _tutor()
    person = _open_learner(tutor, learner)
    # A goal in a pack not on this computer (it came in a bundle) cannot be forecast here.
    goals = [
        goal
        for goal in tutor.goals(person)
        if (all_goals or goal.status == "active") and goal.pack_id in tutor.packs
    ]
    shown = [_goal_dict(tutor, person, goal) for goal in goals]
    if as_json:
        _print_json(shown)
        return
    if not shown:
        typer.echo(
            f"No goals yet. Set one with: tutor goals set --learner {person.name}"
            " --pack ID --by DATE --daily MINUTES"
        )
    for goal, item in zip(goals, shown, strict=True):
        line = f"{item['description']} [{goal.status}]"
        if goal.status == "active":
            line += "\n  " + item["forecast"]["summary"]
        typer.echo(line)


@goals_app.command("done")
def goals_done(learner: LearnerOption, pack: PackOption) -> None:
    """Mark the learner's goal in a pack as done."""
    tutor = _tutor()
    goal = tutor.close_goal(_open_learner(tutor, learner), pack, "done")
    typer.echo(f"Marked done: {goal.describe(tutor.pack(goal.pack_id))}.")


@goals_app.command("drop")
def goals_drop(learner: LearnerOption, pack: PackOption) -> None:
    """Drop the learner's goal in a pack."""
    tutor = _tutor()
    goal = tutor.close_goal(_open_learner(tutor, learner), pack, "dropped")
    typer.echo(f"Dropped: {goal.describe(tutor.pack(goal.pack_id))}.")


# The rest of the commands, in the order `tutor --help` lists them after those above. Each
# module imports only Typer until its command runs.

from tutor_tui.cli.classroom import learners_import, report_app  # noqa: E402
from tutor_tui.cli.model import app as model_app  # noqa: E402
from tutor_tui.cli.packs import packs_export, packs_install, packs_remove  # noqa: E402
from tutor_tui.cli.placement import placement  # noqa: E402
from tutor_tui.cli.portfolio import portfolio  # noqa: E402
from tutor_tui.cli.privacy import (  # noqa: E402
    class_app,
    learners_pin,
    learners_remove,
    learners_reset,
)
from tutor_tui.cli.session import session  # noqa: E402
from tutor_tui.cli.sync import export, import_  # noqa: E402

app.command("placement")(placement)
app.command("session")(session)
app.command("portfolio")(portfolio)
app.command("export")(export)
app.command("import")(import_)
app.add_typer(report_app, name="report")
app.add_typer(class_app, name="class")
learners_app.command("import")(learners_import)
learners_app.command("pin")(learners_pin)
learners_app.command("remove")(learners_remove)
learners_app.command("reset")(learners_reset)
app.add_typer(learners_app, name="learners")
packs_app.command("install")(packs_install)
packs_app.command("remove")(packs_remove)
packs_app.command("export")(packs_export)
app.add_typer(packs_app, name="packs")
app.add_typer(model_app, name="model")


def main() -> None:
    """Run the command line, turning errors a user can cause into one line and exit status 1."""
    try:
        # Standalone mode prints usage errors with exit status 2, as a command line should.
        app()
    except TutorError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence: no traceback reaches a user
        typer.echo(f"error: unexpected {type(error).__name__}: {error}", err=True)
        sys.exit(1)
