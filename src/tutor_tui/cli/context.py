"""What every command shares, carried on Typer's context: the service, the streams, secrets.

A command takes `ctx: typer.Context` and calls `of(ctx)` for the `Context`; the service is built
the first time a command asks for it (`context.tutor`), so `tutor --help` and the pack commands
never open the database. Tests hand a command line their own service or packs by setting the
`tutor` or `catalog` attribute of the class.
"""

from __future__ import annotations

import atexit
import os
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any, TextIO

from tutor_tui.core.errors import TutorError
from tutor_tui.core.literal import printable_line

if TYPE_CHECKING:
    import typer

    from tutor_tui.core.content import Pack
    from tutor_tui.core.learner import Learner
    from tutor_tui.core.standing_change import Rebuilt
    from tutor_tui.packs.catalog import Catalog
    from tutor_tui.service.tutor import Tutor


class Context:
    """The application object of one run of the command line."""

    def __init__(self) -> None:
        # The streams of the moment the command runs: a test's runner swaps them before that.
        self.stdin: TextIO = sys.stdin
        self.stdout: TextIO = sys.stdout
        self.stderr: TextIO = sys.stderr

    @cached_property
    def catalog(self) -> Catalog:
        """Every pack found here (built-in, installed, on TUTOR_PACK_PATH), loaded once."""
        from tutor_tui.packs.catalog import load_catalog

        return load_catalog()

    @cached_property
    def tutor(self) -> Tutor:
        """The service on the data home, its packs and its clock (`TUTOR_NOW` honoured)."""
        from tutor_tui.service.wiring import installed_packs, open_tutor

        tutor = open_tutor(packs=installed_packs(self.catalog))
        if tutor.cannot_save is not None:
            # Everything can be read; say so before a command finds it cannot write.
            said = printable_line(tutor.cannot_save)
            self.stderr.write(f"note: {said}: changes cannot be saved\n")
        if tutor.rebuilt_on_open is not None:
            # This version reckons mastery from the same answers by new rules. Whoever runs this
            # command hears how many learners it moved, never whom or which skills: each learner
            # is told on their home or by their own command, once let in (`open_learner`).
            for line in tutor.standing_lines(tutor.rebuilt_on_open, named=False):
                said = printable_line(line)
                self.stderr.write(
                    "note: this version reckons mastery from the same answers by new rules."
                    f" {said}\n"
                )
        # Said once the command has printed what it could.
        atexit.register(_tell_left_out, tutor.left_out)
        return tutor

    def pack(self, pack_id: str) -> Pack:
        """The pack with this id, without opening the database; TutorError naming the others."""
        pack = self.catalog.get(pack_id)
        if pack is None:
            known = ", ".join(sorted(self.catalog.packs)) or "none"
            raise TutorError(f"no pack '{pack_id}'; the packs are: {known}")
        return pack

    # Secrets -----------------------------------------------------------------------------------

    def secret(self, prompt: str, *env: str) -> str | None:
        """A secret from the first of the `env` variables set, else typed unseen at a terminal."""
        for name in env:
            if os.environ.get(name):
                return os.environ[name]
        if not self.stdin.isatty():
            return None
        import getpass

        try:
            return getpass.getpass(f"{prompt}: ") or None
        except EOFError:
            return None

    def open_learner(self, name: str, notes: bool = True) -> Learner:
        """The learner named, once their PIN (or the passphrase) is given, where they have one.

        What rebuilds changed in where they stand is told them then, once, on standard error,
        as their home tells it; not with `notes` off (the app is about to show their home)."""
        tutor = self.tutor
        person = tutor.learner(name)
        self.unlock_profile(person)
        if notes:
            for line in tutor.standing_notice(person):
                self.stderr.write(f"note: {printable_line(line)}\n")
        return person

    def standing_for_all(self, tutor: Tutor, rebuilt: Rebuilt) -> list[str]:
        """What a command over every learner says a rebuild changed in where they stand: by
        name where everyone's data may be shown (no PIN, or TUTOR_PASSPHRASE given), else how
        many learners, each told on their own home or command."""
        passphrase = os.environ.get("TUTOR_PASSPHRASE") or None
        named = not rebuilt.shifts or tutor.may_show_class(passphrase)
        return [printable_line(line) for line in tutor.standing_lines(rebuilt, named)]

    def unlock_profile(self, person: Learner) -> None:
        """Open a learner's profile guarded by a PIN: TUTOR_PIN, TUTOR_PASSPHRASE, or typed.

        Each variable counts wrong tries only against what it guards: TUTOR_PIN against the
        profile, TUTOR_PASSPHRASE against the passphrase (see `Tutor.unlock_learner`).
        """
        if not person.has_pin:
            return
        pin = os.environ.get("TUTOR_PIN") or None
        passphrase = os.environ.get("TUTOR_PASSPHRASE") or None
        if pin is None and passphrase is None:
            pin = self.secret(f"PIN for {person.name} (or the tutor passphrase)")
            if pin is None:
                raise TutorError(
                    f"{person.name}'s profile is guarded by a PIN:"
                    " type it at a terminal, or set TUTOR_PIN"
                )
        self.tutor.unlock_learner(person, pin, passphrase)

    def open_for_change(self, name: str) -> Learner:
        """The learner named, once a change to them is allowed (passphrase if set, else PIN)."""
        tutor = self.tutor
        person = tutor.learner(name)
        secret = None
        if tutor.has_passphrase():
            secret = self.secret("Tutor passphrase", "TUTOR_PASSPHRASE")
        elif person.has_pin:
            secret = self.secret(f"PIN for {person.name}", "TUTOR_PIN")
        if secret is None and (tutor.has_passphrase() or person.has_pin):
            raise TutorError(
                f"changing {person.name}'s profile needs the tutor passphrase"
                + ("" if tutor.has_passphrase() else " or their PIN")
                + ": type it at a terminal, or set TUTOR_PASSPHRASE"
            )
        tutor.unlock_changes(person, secret)
        return person

    def unlock_class(self) -> str | None:
        """Allow what shows or changes everyone's data: the tutor passphrase, when one is set.

        Returns the passphrase given (None when none is set).
        """
        secret = None
        if self.tutor.has_passphrase():
            secret = self.secret("Tutor passphrase", "TUTOR_PASSPHRASE")
            if secret is None:
                raise TutorError(
                    "this needs the tutor passphrase: type it at a terminal,"
                    " or set TUTOR_PASSPHRASE"
                )
        self.tutor.unlock_class(secret)
        return secret

    # The terminal ------------------------------------------------------------------------------

    def full_terminal(self) -> bool:
        """Whether the full-screen app can draw here: both ends a terminal, and not a dumb one."""
        return self.stdin.isatty() and self.stdout.isatty() and os.environ.get("TERM") != "dumb"

    def plain_streams(self, *streams: TextIO) -> None:
        """Let a terminal that cannot show a character replace it, not end with a traceback."""
        for stream in streams:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")

    def run_app(self, learner: str | None = None, pack: str | None = None, **options: Any) -> Any:
        """Run the study app; it opens the service itself, off its first paint."""
        from tutor_tui.ui.app import TutorApp

        app = TutorApp(lambda: self.tutor, learner, pack, **options)
        app.run()
        if app.return_code:
            raise SystemExit(app.return_code)
        return app

    def print_json(self, value: Any) -> None:
        """Print a value as indented JSON for scripts, keeping non-ASCII text as it is."""
        import json

        self.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")

    def console(self) -> Any:
        """A Rich console on standard output (see `console_on`)."""
        return console_on(self.stdout)


def console_on(stream: TextIO) -> Any:
    """A Rich console for tables that prints every string literally: no markup (a name may hold
    square brackets), no emoji codes, no guesswork highlighting of numbers and paths. Styles come
    only from `Text` built here, never from the text shown."""
    from rich.console import Console

    return Console(file=stream, highlight=False, markup=False, emoji=False)


def _tell_left_out(left_out: dict[str, int]) -> None:
    """Say how many rows of the log could not be read, and were left out, if any were."""
    count = sum(left_out.values())
    if count:
        rows = f"{count} row{'' if count == 1 else 's'}"
        sys.stderr.write(
            f"note: {rows} of the answer log cannot be read and were left out; run: tutor doctor\n"
        )


def of(ctx: typer.Context) -> Context:
    """The run's `Context`, made on first use (a command may run without the root callback)."""
    return ctx.ensure_object(Context)
