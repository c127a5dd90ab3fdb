"""A draft written out as a pack folder the loader accepts, whole or not at all.

Every question is checked against the pack format's own schema before it is written; one that
breaks it is reported as skipped with the schema's reason, never written to fail later. The folder
is written beside its target, loaded back with the pack loader, and only then takes the target's
place, so a failed import leaves the target as it was.

Ids are made from what the source keeps stable (an Anki GUID, a GIFT question's name, a card's
front), so importing an updated file again keeps every learner's progress: a learner's history
follows a question's id.
"""

from __future__ import annotations

import re
import secrets
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tutor_tui.core.errors import TutorError
from tutor_tui.packs.formats.draft import Draft, DraftQuestion, DraftSkill, Skipped
from tutor_tui.packs.formats.text import clean, digest, slug, text_key, title_of

# The mark an imported pack's manifest carries (a tool's key, which the loader leaves alone): a
# folder holding it may be replaced by a new import of the same material.
IMPORTED_KEY = "x-imported-from"
# A skill holds at most this many questions; a larger deck is cut into parts, in its order.
SKILL_SIZE = 100
# A unit file is kept well under the loader's 2 MiB for one file.
UNIT_BYTES = 1_500_000


@dataclass
class WriteReport:
    """What was written: the pack, its size, the kinds of question, what was skipped."""

    pack_id: str
    title: str
    path: Path
    units: int
    skills: int
    kinds: dict[str, int]
    media: int
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The source's keys to the ids they were given, for replaying a history.
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def questions(self) -> int:
        """How many questions were written."""
        return sum(self.kinds.values())

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        return {
            "pack_id": self.pack_id,
            "title": self.title,
            "path": str(self.path),
            "units": self.units,
            "skills": self.skills,
            "questions": self.questions,
            "kinds": self.kinds,
            "media": self.media,
            "skipped": [{"where": s.where, "why": s.why} for s in self.skipped],
            "notes": self.notes,
        }


def previous_import(folder: Path) -> dict[str, Any] | None:
    """The manifest of a pack imported into `folder` before, or None when there is none."""
    import yaml

    try:
        manifest = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return manifest if isinstance(manifest, dict) and IMPORTED_KEY in manifest else None


def write_pack(
    draft: Draft, target: Path, sources: list[str], pack_id: str | None, title: str | None
) -> WriteReport:
    """Write `draft` as a pack into `target`: a new or empty folder, or a pack imported before."""
    previous = _check_target(target)
    title = _named(title or draft.title or (previous or {}).get("title")) or title_of(
        Path(sources[0])
    )
    pack_id = pack_id or (previous or {}).get("id") or slug(title) or slug(Path(sources[0]).stem)
    if len(pack_id) < 2:
        pack_id = "imported-pack"
    report = WriteReport(pack_id, title, target, 0, 0, {}, len(draft.media))
    report.skipped, report.notes = list(draft.skipped), list(draft.notes)
    files = _unit_files(draft, report)
    if not report.kinds:
        # What the writer refused lost a question for sure; a reader's note may be about a part
        # left out of a question that was then refused for another reason, told first.
        told = report.skipped[len(draft.skipped) :] + report.skipped[: len(draft.skipped)]
        first = f" ({told[0]}" if told else ""
        more = len(report.skipped) - 1
        first += (f"; and {more} more" if more > 0 else "") + (")" if first else "")
        raise TutorError(
            f"nothing to import from {', '.join(sources)}: no question could be read{first}"
        )
    # Told in the order of the files and of their places, not of who found what when.
    report.skipped.sort(key=_place_order)
    version = _next_version((previous or {}).get("version"))
    manifest = {
        "format": 1,
        "id": pack_id,
        "title": title,
        "version": version,
        "description": f"Imported from {', '.join(Path(s).name for s in sources)}.",
        "units": [name for name in files if name.startswith("units/")],
        IMPORTED_KEY: [Path(s).name for s in sources],
    }
    files["pack.yaml"] = _dump(manifest)
    payload: dict[str, bytes] = {name: text.encode() for name, text in files.items()}
    del files
    payload.update({f"media/{name}": data for name, data in draft.media.items()})
    _write_folder(target, payload, manifest)
    return report


def _check_target(target: Path) -> dict[str, Any] | None:
    if target.is_symlink():
        raise TutorError(f"cannot write the pack to {target}: it is a link; name the folder itself")
    if target.exists() and not target.is_dir():
        raise TutorError(f"cannot write the pack to {target}: it is a file")
    if target.is_dir() and any(target.iterdir()):
        previous = previous_import(target)
        if previous is None:
            raise TutorError(
                f"cannot write the pack to {target}: the folder is not empty and holds no pack "
                "imported before; choose a new folder"
            )
        return previous
    if not target.parent.is_dir():
        raise TutorError(f"cannot write the pack to {target}: there is no folder {target.parent}")
    return None


def _named(title: Any) -> str:
    """A title from a source or the command line, fit for a pack: one line, nothing unsafe."""
    return " ".join(clean(str(title)).split())[:200] if title else ""


def _next_version(previous: Any) -> str:
    """1.0.0 for a first import; the previous version's next patch for a new import of it."""
    parts = str(previous or "").split(".")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{parts[0]}.{parts[1]}.{int(parts[2]) + 1}"
    return "1.0.0"


def _unit_files(draft: Draft, report: WriteReport) -> dict[str, str]:
    """Each unit's YAML by file name, every question checked and given its id.

    The questions go through one at a time, from the draft to YAML, and the draft's are let go
    skill by skill: a deck of 300,000 cards is never held at once as drafts, as checked questions
    and as YAML.
    """
    from itertools import islice

    from tutor_tui.packs.formats.cards import backs_of, settle_cards

    taken = {"unit": _Ids(), "skill": _Ids(), "question": _Ids()}
    every = [q for unit in draft.units for s in unit.skills for q in s.questions]
    _distinct_keys(every)
    everywhere = backs_of(every)
    files: dict[str, str] = {}
    for unit in draft.units:
        skills: list[str] = []
        for skill in unit.skills:
            settled = settle_cards(skill.questions, everywhere, report.skipped)
            questions = _questions(settled, taken["question"], report)
            part = 0
            while chunk := list(islice(questions, SKILL_SIZE)):
                part += 1
                named = _named(skill.title) or "Questions"
                named = named if part == 1 else f"{named} ({part})"
                skills.append(_dump([_skill(named, skill, chunk, taken["skill"])]))
            skill.questions = []
        for part, items in enumerate(_fitting(skills), 1):
            named = _named(unit.title) or "Imported"
            named = named if part == 1 else f"{named} ({part})"
            unit_id = taken["unit"].unique(text_key(named, "unit", limit=48))
            # The skills' YAML, made once to measure them, is the unit file's list as it is:
            # PyYAML writes a list under a key at the key's own indent.
            head = _dump({"id": unit_id, "title": named})
            files[f"units/{unit_id}.yaml"] = head + "skills:\n" + "".join(items)
            report.units += 1
            report.skills += len(items)
    return files


def _skill(
    title: str, skill: DraftSkill, questions: list[dict[str, Any]], taken: _Ids
) -> dict[str, Any]:
    made: dict[str, Any] = {"id": taken.unique(text_key(title, "skill", limit=48)), "title": title}
    if skill.lesson:
        made["lesson"] = skill.lesson
    made["questions"] = questions
    return made


def _distinct_keys(questions: list[DraftQuestion]) -> None:
    """Questions that share a key told apart by what they hold, not numbered by their place.

    Fronts that slug alike (`I` and `i`), two files that both name a question `Q1`: numbered in
    file order, a card added at the top would take over the next one's progress. Each such key
    gets a short hash of the question's text; where the texts are the same too (one front, two
    backs), another of its answer. Only questions the same in both are numbered, by place.
    """
    for parts in (("prompt", "text"), ("answer", "answers")):
        counts = Counter(question.key for question in questions)
        for question in questions:
            if counts[question.key] > 1:
                held = [str(question.fields.get(part) or "") for part in parts]
                question.key = f"{question.key}-{digest(*held)[:6]}"


def _questions(
    drafts: Iterable[DraftQuestion], taken: _Ids, report: WriteReport
) -> Iterator[dict[str, Any]]:
    """The questions that keep the pack format, with their ids, as they come; the others
    reported."""
    from pydantic import ValidationError

    from tutor_tui.packs.schema import QUESTION_NODES

    for draft in drafts:
        ident = taken.unique(draft.key, hold=False)
        question = {"id": ident, "type": draft.type, **draft.fields}
        node_type = QUESTION_NODES.get(draft.type)
        if node_type is None:
            report.skipped.append(Skipped(draft.where, f"no question type '{draft.type}'"))
            continue
        try:
            broken = [rule.message for rule in node_type.model_validate(question).rules()]
        except ValidationError as error:
            first = error.errors()[0]
            place = ".".join(str(part) for part in first["loc"])
            broken = [_said(first, place)]
        if broken:
            report.skipped.append(Skipped(draft.where, f"not a valid {draft.type}: {broken[0]}"))
            continue
        taken.hold(ident)
        report.ids[draft.key] = ident
        report.kinds[draft.type] = report.kinds.get(draft.type, 0) + 1
        yield question


def _said(error: Any, place: str) -> str:
    """A schema's complaint about a question in the tutor's words where it is a common one."""
    most = (error.get("ctx") or {}).get("max_length")
    if error["type"] == "too_long" and isinstance(error.get("input"), list) and most:
        return f"{len(error['input'])} {place}; a question here has at most {most}"
    return f"{place}: {error['msg']}"


# A place in a report: a file and its line (`FILE:LINE`), or a Moodle question (`FILE question N`).
_PLACE = re.compile(r"(.*?)(?::| question )(\d+)")


def _place_order(skipped: Skipped) -> tuple[str, float]:
    # What is about a whole file comes after what is about its places.
    found = _PLACE.match(skipped.where)
    return (found.group(1), int(found.group(2))) if found else (skipped.where, float("inf"))


class _Ids:
    """The ids of one kind given so far, and the next free one for an id wanted again."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        # For each id wanted before, a number below which every `wanted-N` is taken: ids are only
        # ever added, so the search for a free one goes on from there rather than from 2, and a
        # deck of thousands of cards with the same front is not quadratic.
        self._tried: dict[str, int] = {}

    def unique(self, wanted: str, hold: bool = True) -> str:
        """`wanted`, or `wanted-2`, `wanted-3`...: the first not taken; held as taken unless not."""
        number = self._tried.get(wanted, 1)
        made = wanted if number == 1 else f"{wanted}-{number}"
        while made in self.taken:
            number += 1
            made = f"{wanted}-{number}"
        self._tried[wanted] = number
        if hold:
            self.hold(made)
        return made

    def hold(self, made: str) -> None:
        """Take `made`, an id `unique` gave."""
        self.taken.add(made)


def _fitting(items: list[str]) -> list[list[str]]:
    """The unit's skills, YAML list items, in groups whose files stay under UNIT_BYTES."""
    groups: list[list[str]] = []
    size = UNIT_BYTES
    for item in items:
        grown = len(item.encode())
        if size + grown > UNIT_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(item)
        size += grown
    return groups


@cache
def _dumper() -> Any:
    """The YAML writer: libyaml's where PyYAML has it (many times faster), made once."""
    import yaml

    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[valid-type, misc]  # chosen at run time
        """Never writes an anchor or alias, which packs refuse."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    def text(dumper: Any, data: str) -> Any:
        style = "|" if "\n" in data else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, text)
    return Dumper


def _dump(value: Any) -> str:
    """YAML a person can edit: keys in the order given, long text as blocks, no aliases."""
    import yaml

    return yaml.dump(value, Dumper=_dumper(), allow_unicode=True, sort_keys=False, width=100)


def _write_folder(target: Path, files: dict[str, bytes], manifest: dict[str, Any]) -> None:
    """Write `files` into `target`, in place of what is there, once the pack loads back."""
    staged = target.parent / f".{target.name}.import-{secrets.token_hex(4)}"
    try:
        for name in list(files):
            path = staged / name
            path.parent.mkdir(parents=True, exist_ok=True)
            # Each file's bytes are let go once written: a large deck's YAML is not held twice.
            path.write_bytes(files.pop(name))
        problem = _load_problem(staged, manifest)
        if problem is not None:
            raise TutorError(f"the imported pack does not load ({problem}); nothing was written")
        _swap(staged, target)
    except OSError as error:
        raise TutorError(
            f"cannot write the pack to {target}: {error.strerror or error}; nothing was written"
        ) from None
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def _load_problem(staged: Path, manifest: dict[str, Any]) -> str | None:
    """The first reason the staged pack would not load, or None: the loader's own checks, run on
    one unit file at a time (a pack of that file and the manifest), so that memory stays that of
    one unit however large the deck (the whole of a 300,000-card deck loaded at once took over a
    gigabyte). What the loader checks across a pack is checked across the units here: the sizes
    of its files, and ids given once. An imported pack has no `requires` between skills."""
    import os
    import tempfile

    from tutor_tui.packs.loader import load_pack
    from tutor_tui.packs.reader import PackReader
    from tutor_tui.packs.source import PackSource

    sizes = PackReader(PackSource.open(staged))
    sizes.check_sizes()
    if sizes.result.errors:
        return str(sizes.result.errors[0]).removeprefix(f"{staged}/")
    seen: dict[str, set[str]] = {"unit": set(), "skill": set(), "question": set()}
    for unit in manifest["units"]:
        with tempfile.TemporaryDirectory(prefix=".check-", dir=staged.parent) as folder:
            check = Path(folder)
            (check / unit).parent.mkdir(parents=True)
            try:
                os.link(staged / unit, check / unit)
            except OSError:  # a file system without hard links: a copy does as well
                shutil.copyfile(staged / unit, check / unit)
            (check / "pack.yaml").write_text(_dump({**manifest, "units": [unit]}), "utf-8")
            loaded = load_pack(check, advise=False)
        if loaded.pack is None or loaded.errors:
            # Named as in the pack: the folder checked is gone.
            return str(loaded.errors[0]).removeprefix(f"{check}/") if loaded.errors else unit
        skills = loaded.pack.skills
        found = {
            "unit": [each.id for each in loaded.pack.units],
            "skill": [skill.id for skill in skills],
            "question": [question.id for skill in skills for question in skill.questions],
        }
        for kind, idents in found.items():
            for ident in idents:
                if ident in seen[kind]:
                    return f"{unit}: the {kind} id '{ident}' is given twice"
                seen[kind].add(ident)
    return None


def _swap(staged: Path, target: Path) -> None:
    if target.exists():
        old = target.parent / f".{target.name}.old-{secrets.token_hex(4)}"
        target.rename(old)
        try:
            staged.rename(target)
        except OSError:
            old.rename(target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        staged.rename(target)


__all__ = ["IMPORTED_KEY", "WriteReport", "previous_import", "write_pack"]
