"""The core and the learner model load without any interface, command-line or database library."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import tutor_tui.core
import tutor_tui.modeling

SHELL_AND_SQL = ["textual", "typer", "rich", "sqlalchemy", "sqlmodel"]

# Imports each module in turn in a fresh interpreter, and names what each one brought in first.
PROBE = """
import importlib, json, sys
forbidden, modules = json.loads(sys.argv[1])
brought = {}
for module in modules:
    importlib.import_module(module)
    loaded = {name.split(".")[0] for name in sys.modules}
    for library in forbidden:
        if library in loaded:
            brought.setdefault(library, module)
print(json.dumps(brought))
"""


def test_core_and_modeling_modules_import_no_shell_or_sql_library() -> None:
    modules = sorted(
        info.name
        for package in (tutor_tui.core, tutor_tui.modeling)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    )
    assert {"tutor_tui.core.grading", "tutor_tui.modeling.fitting"} <= set(modules)
    found = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps([SHELL_AND_SQL, modules])],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(found.stdout) == {}
