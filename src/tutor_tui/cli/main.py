"""The `tutor` command line: the Typer app put together from the command modules.

A command's module is imported, and its options built, only when that command runs; `--help`
lists the commands from their docstrings alone. The service is built by the run's `Context` when a
command first needs it. So `tutor --help` and the pack commands start fast, and never open the
database.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from tutor_tui.cli.context import of

# Every command and group, in the order `tutor --help` lists them: its module in this package,
# the name of its function or Typer app there, and its context settings.
COMMANDS: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "study": ("study", "study", None),
    "next": ("study", "next_", None),
    "lesson": ("study", "lesson", None),
    # A negative number is an answer, not an unknown option: `tutor answer ... temp-drop -4`.
    "answer": ("study", "answer", {"ignore_unknown_options": True}),
    "progress": ("progress", "progress", None),
    "doctor": ("doctor", "doctor", None),
    "placement": ("placement", "placement", None),
    "session": ("session", "session", None),
    "portfolio": ("portfolio", "portfolio", None),
    "export": ("sync", "export", None),
    "import": ("sync", "import_", None),
    "goals": ("progress", "goals_app", None),
    "report": ("classroom", "report_app", None),
    "class": ("privacy", "class_app", None),
    "learners": ("learners", "learners_app", None),
    "packs": ("packs", "packs_app", None),
    "model": ("model", "app", None),
    "server": ("server", "server_app", None),
}


def _found(name: str) -> Any:
    """The function or Typer app of the command `name`, its module imported."""
    module, attribute, _ = COMMANDS[name]
    return getattr(import_module(f"tutor_tui.cli.{module}"), attribute)


def _build(name: str) -> Any:
    """The command `name` as Typer builds it under the root app, with the root's settings."""
    found = _found(name)
    holder = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
    )
    if isinstance(found, typer.Typer):
        holder.add_typer(found, name=name)
    else:
        holder.command(name, context_settings=COMMANDS[name][2])(found)
    return typer.main.get_group(holder).commands[name]


class _Commands(MutableMapping[str, Any]):
    """The root's commands by name, each built when it is first looked up."""

    def __init__(self) -> None:
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in COMMANDS:
                raise KeyError(name)
            self.built[name] = _build(name)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self.built

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self.built})

    def __len__(self) -> int:
        return len({**dict.fromkeys(COMMANDS), **self.built})


class _Root(TyperGroup):
    """The root group: its commands are built one by one, as they are needed."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        """The commands' names, without building any."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands by the first line of their help, without building their options."""
        listed: dict[str, Any] = {}
        for name in self.list_commands(ctx):
            found = _found(name)
            text = found.info.help if isinstance(found, typer.Typer) else found.__doc__
            listed[name] = TyperCommand(name, help=inspect.cleandoc(text or ""))
        TyperGroup(name=self.name, commands=listed).format_commands(ctx, formatter)


app = typer.Typer(
    name="tutor",
    cls=_Root,
    help="A self-paced personal tutor for the terminal.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context) -> None:
    """A self-paced personal tutor for the terminal.

    Run `tutor` alone to open the study app (in a terminal), or to see the packs and the
    commands (when its output goes to a file or a pipe).
    """
    context = of(ctx)
    if ctx.invoked_subcommand is None:
        if context.full_terminal():
            context.run_app()
            return
        from tutor_tui.cli.packs import show_packs

        show_packs(context.catalog, context.console())
        typer.echo("")
        typer.echo(ctx.get_help())
