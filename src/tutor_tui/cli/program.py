"""The `tutor` program: the study app at once when run alone in a terminal, else the commands.

`tutor` alone in a terminal opens the app without loading the command line's parser, so that the
app's first paint waits for as little as it can. Either way, an error a user can cause ends in one
line and exit status 1, and no traceback reaches a user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TextIO, cast


def main() -> None:
    """Run the `tutor` program."""
    from tutor_tui.cli.context import Context

    context = Context()
    _refuse_undecodable(sys.argv[1:])
    if len(sys.argv) == 1 and context.full_terminal():
        run_guarded(context.run_app)
        return
    run_guarded(_run_commands)


def _run_commands() -> None:
    """Run the command line. A usage error is shown as Click shows it, with exit status 2, but
    literally: it may quote a value as given, and a control character in one (a file name's
    escape sequence) must not reach the terminal."""
    import typer

    from tutor_tui.cli.main import app

    # Click's base of usage errors (Typer carries its own Click, whose name it does not export).
    usage_errors: Any = next(
        kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "ClickException"
    )
    try:
        code = app(standalone_mode=False)
    except usage_errors as error:
        error.show(file=cast(TextIO, _Literal(sys.stderr)))
        sys.exit(error.exit_code)
    except typer.Abort:
        print("Aborted!", file=sys.stderr)
        sys.exit(1)
    # Out of standalone mode, a command's `typer.Exit(code)` comes back as its exit status.
    sys.exit(code if isinstance(code, int) else 0)


class _Literal:
    """A text stream that writes to another every character that could act on a terminal as
    its escape (`core.literal.printable`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        from tutor_tui.core.literal import printable

        return self.stream.write(printable(text))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        # So that Click writes an escape sequence as it is, to be shown as its escape, rather
        # than dropping it from a file name quoted.
        return True


def _refuse_undecodable(args: list[str]) -> None:
    """Exit 2 when an argument holds bytes that are not UTF-8 (Python keeps them as lone
    surrogates, which no name, answer or message can hold): a usage error, said in one line."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(arg).decode("utf-8", "backslashreplace")
            print(f"error: '{shown}' is not UTF-8 text; give it as UTF-8", file=sys.stderr)
            sys.exit(2)


def run_guarded(run: Callable[[], Any]) -> None:
    """Run `run`, turning errors a user can cause into one line and exit status 1."""
    from tutor_tui.core.errors import TutorError
    from tutor_tui.core.literal import printable_line

    try:
        run()
    except TutorError as error:
        # A message may quote a name, a file name or a value: it stays one line, shown literally.
        print(f"error: {printable_line(str(error))}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # the last line of defence: no traceback reaches a user
        said = printable_line(f"{type(error).__name__}: {error}")
        print(f"error: unexpected {said}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
