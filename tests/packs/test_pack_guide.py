"""The examples of the author guide are valid: a teacher copying one gets a working question."""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Collection
from pathlib import Path

from tutor_tui.core.content import QUESTION_TYPES
from tutor_tui.files import safezip
from tutor_tui.packs.loader import load_pack
from tutor_tui.packs.source import _LIMITS, _ZIP_REFUSALS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def test_every_example_of_the_guide_loads(tmp_path: Path) -> None:
    manifests = [block for block in BLOCKS if block.startswith("format: 1\n")]
    units = [block for block in BLOCKS if block.startswith("id: ") and "skills:" in block]
    questions = [block for block in BLOCKS if block.startswith("- id: ")]
    assert len(manifests) == 1 and len(units) == 1
    # The manifest lists two unit files: the guide's unit, and one holding every question example.
    (tmp_path / "units").mkdir()
    (tmp_path / "pack.yaml").write_text(manifests[0], encoding="utf-8")
    (tmp_path / "units" / "02-adding.yaml").write_text(units[0], encoding="utf-8")
    examples = "id: examples\ntitle: Examples\nskills:\n  - id: examples\n    title: Examples\n"
    examples += "    lesson: The guide's examples.\n    questions:\n"
    examples += "".join(textwrap.indent(block, " " * 6) for block in questions)
    (tmp_path / "units" / "01-basics.yaml").write_text(examples, encoding="utf-8")

    result = load_pack(tmp_path)

    assert result.errors == [], "\n".join(map(str, result.errors))
    assert result.pack is not None
    assert set(result.pack.question_types()) == set(QUESTION_TYPES)
    # Every question example has its explanation; the short unit example may draw warnings.
    assert [p for p in result.warnings if "01-basics" in p.file] == []


# Words inside messages, not messages of their own, and errors no pack can cause.
NOT_MESSAGES = {
    "a whole number",
    "true or false",
    "a map of keys and values",
    "the number",
    "this value",
    "not valid YAML",
    "no question type for",
}


# The zip refusals a pack's author is told in the pack source's own words, not in the zip reader's:
# those whose wording has no `{0.why}`, and "size", which a pack's archive, having no bound on its
# packed size, never meets.
REWORDED = {kind for kind, told in _ZIP_REFUSALS.items() if "{0.why}" not in told}
REWORDED |= {"size"} if _LIMITS.packed is None else set()


def message_openings(module: Path, reworded: Collection[str] = ()) -> set[str]:
    """The fixed words that open each text in `module`, up to the first name put into it.

    The `why` of a `ZipRefused` of a kind in `reworded` is left out: its caller never shows it.
    """
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    skipped = docstrings | {
        id(node.args[1])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "ZipRefused"
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in reworded
    }
    # The pieces of an f-string after its first are the middles of messages, not openings.
    pieces = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or id(node) in pieces:
            continue
        if isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            text = first.value if isinstance(first, ast.Constant) else ""
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        opening = re.split(r"['{]", str(text))[0].strip()
        if len(opening) >= 10 and opening[0].islower() and " " in opening:
            found.add(opening)
    return found - NOT_MESSAGES


def test_the_guide_explains_every_message_of_the_loader() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    modules = Path(load_pack.__code__.co_filename).parent
    openings: set[str] = set()
    for name in (
        "loader.py",
        "reader.py",
        "faults.py",
        "build.py",
        "schema.py",
        "yamltree.py",
        "source.py",
    ):
        openings |= message_openings(modules / name)
    # The zip reader's refusals reach the author through the pack's source, most in their words.
    openings |= message_openings(Path(safezip.__file__), REWORDED)
    assert len(openings) > 20
    missing = sorted(opening for opening in openings if opening not in guide)
    assert missing == [], "the guide's table of messages lacks these"
