"""Privacy commands: `tutor class passphrase`, `tutor learners pin|remove|reset`.

Secrets are typed unseen at a terminal. Scripts give the current one in `TUTOR_PASSPHRASE` (or
`TUTOR_PIN`) and a new one on standard input. How they are kept and checked is
`tutor_tui.core.privacy`; who may do what is decided by the service (`Tutor.unlock_*`).
Like the other commands they import nothing heavy until they run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TextIO

import typer

from tutor_tui.cli.context import of
from tutor_tui.cli.options import YesOption, confirm
from tutor_tui.core.errors import TutorError

class_app = typer.Typer(help="Look after a class: the tutor passphrase.", no_args_is_help=True)

NameArgument = Annotated[str, typer.Argument(help="The learner's name.")]


# Erasing is remembered here, so imports leave the erased answers out; bundles do not carry it.
ONLY_HERE = (
    "Imports here will leave out what was erased. Other laptops still have it: do the same there."
)


def _new_secret(what: str, check: Callable[[str], str], stdin: TextIO) -> str:
    """A new secret: typed twice unseen at a terminal, else one line of standard input."""
    if stdin.isatty():
        import getpass

        try:
            first = check(getpass.getpass(f"New {what}: "))
            again = getpass.getpass(f"The new {what} again: ")
        except EOFError:  # ctrl+d at the prompt
            raise TutorError(f"no new {what} was typed; nothing was changed") from None
        if again != first:
            raise TutorError(f"the two {what}s differ; nothing was changed")
        return first
    line = stdin.readline()
    if not line:
        raise TutorError(f"no new {what}: type it at a terminal, or give it on standard input")
    return check(line.rstrip("\r\n"))


@class_app.command("passphrase")
def class_passphrase(
    ctx: typer.Context,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the passphrase.")] = False,
) -> None:
    """Set or change the tutor passphrase, which guards class reports and everyone's data."""
    from tutor_tui.core import privacy

    context = of(ctx)
    tutor = context.tutor
    current = None
    if tutor.has_passphrase():
        current = context.secret("Current tutor passphrase", "TUTOR_PASSPHRASE")
        if current is None:
            raise TutorError(
                "changing the passphrase needs the current one: type it at a terminal,"
                " or set TUTOR_PASSPHRASE"
            )
        tutor.unlock_class(current)  # checked before the new one is asked for
    elif clear:
        typer.echo("There is no tutor passphrase to remove.")
        return
    new = (
        None
        if clear
        else _new_secret("tutor passphrase", privacy.check_new_passphrase, context.stdin)
    )
    tutor.set_passphrase(new, current)
    if clear and tutor.pin_holders():
        typer.echo(
            "Removed the tutor passphrase. While some learner has a PIN, class reports, exporting"
            " everyone and imports are refused until one is set again."
        )
    elif clear:
        typer.echo(
            "Removed the tutor passphrase: class reports, exports and imports are open to anyone"
            " here."
        )
    else:
        typer.echo(
            "Set the tutor passphrase. It guards class reports, exporting everyone, imports, and"
            " removing or resetting learners, and opens any learner's profile."
        )


def learners_pin(
    ctx: typer.Context,
    name: NameArgument,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the PIN.")] = False,
) -> None:
    """Set, change or remove a learner's PIN, which guards their profile."""
    from tutor_tui.core import privacy

    context = of(ctx)
    tutor = context.tutor
    person = tutor.learner(name)
    passphrase = None
    if person.has_pin:
        # Checked before the new one is asked for.
        context.unlock_profile(person)
    elif clear:
        typer.echo(f"{person.name} has no PIN to remove.")
        return
    elif tutor.has_passphrase():
        # Else anyone could put a PIN on another's profile and lock them out of it.
        passphrase = context.secret("Tutor passphrase", "TUTOR_PASSPHRASE")
        if passphrase is None:
            raise TutorError(
                f"a first PIN for {person.name} needs the tutor passphrase: type it at a"
                " terminal, or set TUTOR_PASSPHRASE"
            )
        tutor.unlock_class(passphrase)  # checked before the new one is asked for
    new = None if clear else _new_secret("PIN", privacy.check_new_pin, context.stdin)
    # An opened profile is not checked again: that would only cost another slow hash.
    tutor.set_pin(person, new, passphrase, unlocked=True)
    if clear:
        typer.echo(f"Removed {person.name}'s PIN.")
    else:
        typer.echo(f"Set {person.name}'s PIN. The app asks for it when {person.name} is picked.")


def learners_remove(ctx: typer.Context, name: NameArgument, yes: YesOption = False) -> None:
    """Remove a learner and everything they did here, for good."""
    context = of(ctx)
    tutor = context.tutor
    person = context.open_for_change(name)
    confirm(
        f"Remove {person.name} and all their answers, goals and progress? This cannot be undone.",
        yes,
        context.stdin,
    )
    answers = tutor.erase_learner(person)
    typer.echo(f"Removed {person.name} and {answers} answer{'' if answers == 1 else 's'}.")
    typer.echo(ONLY_HERE)


def learners_reset(ctx: typer.Context, name: NameArgument, yes: YesOption = False) -> None:
    """Start a learner afresh: erase their answers, goals and progress, keep the profile."""
    context = of(ctx)
    tutor = context.tutor
    person = context.open_for_change(name)
    confirm(
        f"Erase all of {person.name}'s answers, goals and progress? This cannot be undone.",
        yes,
        context.stdin,
    )
    answers = tutor.erase_learner(person, keep_profile=True)
    typer.echo(
        f"Reset {person.name}: {answers} answer{'' if answers == 1 else 's'} erased;"
        " their name, group, settings and PIN stay."
    )
    typer.echo(ONLY_HERE)


__all__ = ["class_app", "learners_pin", "learners_remove", "learners_reset"]
