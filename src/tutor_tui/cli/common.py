"""What every command module shares and that needs nothing heavy: the `--json` flag, printing
JSON, and a console for tables. The command modules import it at their top without a cycle
through `cli.py`, which imports them."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def print_json(value: Any) -> None:
    """Print a value as indented JSON for scripts, keeping non-ASCII text as it is."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def console() -> Any:
    """A Rich console for tables, without the guesswork highlighting of numbers and paths."""
    from rich.console import Console

    return Console(highlight=False)
