"""The `tutor` command line.

Commands delegate at once to the domain and the store. Heavy modules (the pack loader, the
database layer, the Textual app) are imported inside the commands that need them, so that
`tutor --help` and `tutor packs list` start fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tutor_tui.errors import TutorError

if TYPE_CHECKING:
    from tutor_tui.packs.catalog import Catalog
    from tutor_tui.packs.model import Pack

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
app.add_typer(packs_app, name="packs")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _catalog() -> Catalog:
    from tutor_tui.packs.catalog import load_catalog

    return load_catalog()


def _pack(pack_id: str) -> Pack:
    catalog = _catalog()
    pack = catalog.get(pack_id)
    if pack is None:
        known = ", ".join(sorted(catalog.packs)) or "none"
        raise TutorError(f"no pack '{pack_id}'; the packs are: {known}")
    return pack


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """A self-paced personal tutor for the terminal.

    Run `tutor` alone to see the packs and the commands.
    """
    if ctx.invoked_subcommand is None:
        _show_packs(_catalog())
        typer.echo("")
        typer.echo(ctx.get_help())


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
            table.add_column(column, justify="right" if column in ("skills", "questions") else "left")
        for pack_id, entry in catalog.packs.items():
            pack = entry.result.pack
            assert pack is not None
            questions = sum(len(skill.questions) for skill in pack.skills)
            table.add_row(
                pack_id, pack.title, pack.version, str(len(pack.skills)), str(questions),
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
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help="Pack folders or .zip files.")],
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
            counts = f"{len(result.errors)} errors, {len(result.warnings)} warnings"
            if result.ok and result.pack is not None:
                pack = result.pack
                questions = sum(len(skill.questions) for skill in pack.skills)
                typer.echo(
                    f"ok: {result.path}: {pack.id} {pack.version}, {len(pack.skills)} skills, "
                    f"{questions} questions ({len(result.warnings)} warnings)"
                )
            else:
                typer.echo(f"invalid: {result.path}: {counts}")
    if not all(result.ok for result in results):
        raise typer.Exit(1)


@packs_app.command("show")
def packs_show(pack_id: Annotated[str, typer.Argument(metavar="ID", help="The pack's id.")]) -> None:
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
        return f"{skill.title} [dim]({skill.id}: {lesson}, {len(skill.questions)} questions{minutes})[/]"

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
