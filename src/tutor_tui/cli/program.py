"""The `tutor` program: the study app at once when run alone in a terminal, else the commands.

`tutor` alone in a terminal opens the app without loading the command line's parser, so that the
app's first paint waits for as little as it can. Either way, an error a user can cause ends in one
line and exit status 1, and no traceback reaches a user.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


def main() -> None:
    """Run the `tutor` program."""
    from tutor_tui.cli.context import Context

    context = Context()
    _refuse_undecodable(sys.argv[1:])
    if len(sys.argv) == 1 and context.full_terminal():
        run_guarded(context.run_app)
        return
    from tutor_tui.cli.main import app

    # Standalone mode prints usage errors with exit status 2, as a command line should.
    run_guarded(app)


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
