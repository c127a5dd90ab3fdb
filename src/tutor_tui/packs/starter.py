"""A small, valid pack with one question of each type, for authors to copy from."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from tutor_tui.core.errors import TutorError

PACK_YAML = """\
# The manifest. See the author guide for every key.
format: 1
id: {pack_id}
title: My First Pack
version: 0.1.0
description: |
  What a learner will be able to do after this pack, in a sentence or two.
language: en
authors: ["Your Name"]
license: CC-BY-4.0
units: [units/basics.yaml]
"""

UNIT_YAML = """\
# A unit: a group of skills. Skills list what they require; questions test one skill each.
id: basics
title: The basics
skills:
  - id: colours
    title: Primary colours
    minutes: 5
    lesson: |
      Painters' **primary colours** are red, yellow and blue. Mixing two of them gives a
      *secondary* colour: red and yellow make orange, yellow and blue make green, and blue and
      red make purple.
    questions:
      - id: mix-green
        type: choice
        prompt: Which two primary colours mix to make green?
        choices: ["yellow and blue", "red and blue", "red and yellow"]
        answer: "yellow and blue"
        feedback:
          "red and blue": "Red and blue make purple."
        hints: ["Think of spring leaves: a warm colour and a cool one."]
        explanation: Yellow and blue make green.
      - id: primaries
        type: multi
        prompt: Which of these are painters' primary colours?
        choices: [red, green, blue, yellow, orange]
        answers: [red, blue, yellow]
        explanation: Red, yellow and blue; green and orange are mixed from them.
      - id: orange-is-secondary
        type: truefalse
        prompt: Orange is a secondary colour.
        answer: true
        explanation: Orange is mixed from two primaries, red and yellow.
  - id: counting
    title: Counting colours
    requires: [colours]
    lesson_file: lessons/counting.md
    questions:
      - id: how-many-primaries
        type: numeric
        prompt: How many primary colours do painters use?
        answer: 3
        explanation: Red, yellow and blue.
      - id: name-the-mix
        type: short
        prompt: What colour do red and blue make?
        answers: [purple, violet]
        feedback:
          green: "Green comes from yellow and blue."
        explanation: Red and blue make purple (violet).
      - id: rainbow-order
        type: order
        prompt: Put these rainbow colours in order, from the outside of the bow inwards.
        items: [red, orange, yellow, green, blue]
        explanation: A rainbow runs red, orange, yellow, green, blue, indigo, violet.
      - id: pair-mixes
        type: match
        prompt: Match each mix to the colour it makes.
        pairs:
          - {{left: "red + yellow", right: orange}}
          - {{left: "yellow + blue", right: green}}
          - {{left: "blue + red", right: purple}}
        explanation: Each secondary colour is a mix of the two primaries beside it on the wheel.
      - id: fill-the-wheel
        type: cloze
        text: "Red and yellow make {{{{orange}}}}; blue and yellow make {{{{green}}}}."
        explanation: These are two of the three secondary colours.
"""

LESSON_MD = """\
# Counting colours

A lesson can live in its own Markdown file, like this one, named by `lesson_file`.

- three **primary** colours: red, yellow, blue
- three **secondary** colours: orange, green, purple
"""


def write_starter_pack(folder: Path) -> None:
    """Write a starter pack into `folder`, which must be a new folder (or an empty one).

    The pack is written in a folder beside it and moved into place whole, so that a failed write
    leaves nothing behind.
    """
    name = folder.name  # "" for "", "." and "/"
    if name in ("", "..") or name != name.strip() or not name.isprintable():
        raise TutorError(
            f"'{folder}' does not name a new folder; give one, as in: tutor packs new my-pack"
        )
    if os.path.lexists(folder) and (not folder.is_dir() or any(folder.iterdir())):
        raise TutorError(f"{folder}: already exists and is not empty; choose a new folder")
    pack_id = "".join(
        c if c.isascii() and c.isalnum() else "-" for c in folder.absolute().name.lower()
    ).strip("-")
    if len(pack_id) < 2 or not pack_id[0].isalnum():
        pack_id = "my-first-pack"
    staged = folder.parent / f".{name[:64]}.{secrets.token_hex(4)}.new"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        (staged / "units").mkdir(parents=True)
        (staged / "lessons").mkdir()
        (staged / "pack.yaml").write_text(PACK_YAML.format(pack_id=pack_id[:64]), encoding="utf-8")
        (staged / "units" / "basics.yaml").write_text(UNIT_YAML.format(), encoding="utf-8")
        (staged / "lessons" / "counting.md").write_text(LESSON_MD, encoding="utf-8")
        staged.rename(folder)  # over an empty folder too
    except OSError as error:
        shutil.rmtree(staged, ignore_errors=True)
        raise TutorError(f"{folder}: cannot write the pack: {error.strerror}") from None
