"""Anki packages (`.apkg`, `.colpkg`) as drafts: every card a question, every deck a unit.

A package is a zip, read through the shared safe-zip reader: its collection is the newest of
`collection.anki21b` (compressed with zstd), `collection.anki21` and `collection.anki2`, copied
(bounded) to a temporary file and opened read-only. Media are kept only where a field names them,
within a budget, under `media/` in the pack.

A card becomes a question by its template: the fields its front shows are the prompt, the
field its front types (`{{type:Back}}`) or else the first field its back adds is the answer; so
Basic, Basic and reversed, the optional reversed card and type-in all read as Anki shows them. A
cloze note becomes one cloze question per deletion number. A note type whose templates name no
such pair is read by its first two fields, and the report says so. Ids come from the notes' GUIDs
(with the template's number, or the deletion's), so a deck imported again keeps progress.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from tutor_tui.files.safezip import Limits, ZipRefused, open_zip, read_member
from tutor_tui.packs.formats import anki_template
from tutor_tui.packs.formats.anki_collection import Card, Collection, Note, NoteType, Template
from tutor_tui.packs.formats.anki_collection import protobuf_fields as _protobuf
from tutor_tui.packs.formats.cards import card as flashcard
from tutor_tui.packs.formats.cards import explained
from tutor_tui.packs.formats.cloze import cloze_questions
from tutor_tui.packs.formats.draft import (
    MAX_SOURCE,
    Draft,
    DraftQuestion,
    FormatError,
    Options,
    Review,
)
from tutor_tui.packs.formats.text import markdown_of, media_name, plain_of, stable_key

# What a package may hold: many media files, but bounded, as is the collection once unpacked.
LIMITS = Limits(members=100_000, unpacked=4 * 2**30, directory=100_000 * 1024, zip64=True)
MAX_COLLECTION = 256 * 2**20
# Media kept in the pack: each file at most the loader's 2 MiB, all of them at most 48 MiB.
MAX_MEDIA_FILE = 2 * 2**20
MAX_MEDIA = 48 * 2**20
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_ZSTD = b"\x28\xb5\x2f\xfd"
# A field named in a template: `{{Front}}`, `{{type:Back}}`, `{{cloze:Text}}`, `{{text:Extra}}`.
_TOKEN = re.compile(r"\{\{([^{}]+)\}\}")
# A card template's two sides, parsed.
_Parsed = tuple[list[anki_template.Node], list[anki_template.Node]]
# The rule Anki's standard backs draw between the question shown again and the answer, and any
# rule or line break that opens what the back adds.
_ANSWER_RULE = re.compile(r"<hr[^>]*\bid\s*=\s*[\"']?answer\b[^>]*>", re.IGNORECASE)
_LEADING_RULE = re.compile(r"^(?:\s|<hr[^>]*>|<br\s*/?>)*", re.IGNORECASE)
# What `{{FrontSide}}` stands for while a back is rendered: letters no field holds.
_FRONT_SIDE = "\x00front-side\x00"
# Anki's review kinds kept as history: learning, review, relearning, filtered.
_REVIEW_KINDS = {0, 1, 2, 3}


def read_anki(path: Path, data: bytes, options: Options) -> Draft:
    """An Anki package as a draft, with its media and its review log."""
    where = str(path)
    try:
        archive = open_zip(path, LIMITS)
    except ZipRefused as refused:
        raise FormatError(f"{where}: not a readable Anki package ({refused})") from None
    with archive, tempfile.TemporaryDirectory(prefix="tutor-anki-") as folder:
        infos = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        chosen = next((name for name in COLLECTIONS if name in infos), None)
        if chosen is None:
            raise FormatError(
                f"{where}: no Anki collection inside (collection.anki2, .anki21 or .anki21b)"
            )
        database = Path(folder) / "collection.db"
        database.write_bytes(_unpacked(archive, infos[chosen], where))
        collection = Collection(database, f"{where}:{chosen}")
        try:
            reader = _Reader(path, archive, infos, options)
            reader.read(collection)
        finally:
            collection.close()
        return reader.draft


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """A member's bytes, unpacked from zstd where they are so, at most MAX_COLLECTION of them."""
    try:
        data = read_member(archive, info, MAX_COLLECTION + 1)
    except ZipRefused as refused:
        raise FormatError(f"{where}: {refused}") from None
    if len(data) > MAX_COLLECTION:
        raise FormatError(f"{where}: {info.filename} is larger than {MAX_COLLECTION // 2**20} MiB")
    if not data.startswith(_ZSTD):
        return data
    return _unzstd(data, MAX_COLLECTION, f"{where}: {info.filename}")


def _unzstd(data: bytes, limit: int, where: str) -> bytes:
    import zstandard

    try:
        with zstandard.ZstdDecompressor().stream_reader(data) as stream:
            parts, size = [], 0
            while chunk := stream.read(1 << 20):
                parts.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise FormatError(f"{where}: unpacks to more than {limit // 2**20} MiB")
    except zstandard.ZstdError as error:
        raise FormatError(f"{where}: damaged ({error})") from None
    return b"".join(parts)


class _Reader:
    """One package's collection turned into a draft."""

    def __init__(
        self,
        path: Path,
        archive: zipfile.ZipFile,
        infos: dict[str, zipfile.ZipInfo],
        options: Options,
    ) -> None:
        self.path = path
        self.archive = archive
        self.infos = infos
        self.options = options
        self.draft = Draft()
        self.media_members = self._media_map()
        self.media_size = 0
        self.kept: dict[str, str | None] = {}
        self.read_as: dict[str, str] = {}
        self.templates: dict[tuple[int, int], _Parsed | anki_template.TemplateError] = {}

    def read(self, collection: Collection) -> None:
        """Every card of the collection as a question, and its reviews as history."""
        kinds, decks, notes = collection.note_types(), collection.decks(), collection.notes()
        keys: dict[int, str] = {}
        done: set[int] = set()
        for card in collection.cards():
            note = notes.get(card.note_id)
            kind = note and kinds.get(note.type_id)
            if note is None or not kind:
                self.draft.skip(
                    f"{self.path.name} card {card.id}", "its note or note type is missing"
                )
                continue
            deck = decks.get(card.deck_id) or "Default"
            unit = " › ".join(part.strip() for part in deck.split("::") if part.strip())
            skill = (
                note.tags[0].replace("::", " › ")
                if self.options.tags_as_skills and note.tags
                else unit
            )
            if kind.cloze:
                keys[card.id] = f"{stable_key(note.guid)}-c{card.ord + 1}"
                if note.id not in done:
                    done.add(note.id)
                    self._cloze(note, kind, unit, skill, deck)
                continue
            question = self._card(note, kind, card, deck)
            if question is not None:
                keys[card.id] = question.key
                self.draft.add(unit, skill, question)
        tops = {unit.title.split(" › ")[0] for unit in self.draft.units}
        if len(tops) == 1:
            self.draft.title = tops.pop()
        for name, how in sorted(self.read_as.items()):
            self.draft.notes.append(f"Note type '{name}' was read {how}.")
        self.draft.history = [
            Review(keys[r.card_id], r.at_ms, r.ease, r.took_ms)
            for r in collection.reviews()
            if r.card_id in keys and 1 <= r.ease <= 4 and r.kind in _REVIEW_KINDS
        ]

    def _where(self, note: Note) -> str:
        return f"{self.path.name} note {note.id}"

    def _cloze(self, note: Note, kind: NoteType, unit: str, skill: str, deck: str) -> None:
        front = next(iter(kind.templates.values())).front if kind.templates else ""
        named = [n for f, n in _references(front) if "cloze" in f and n in kind.fields]
        at = kind.fields.index(named[0]) if named else 0
        text = note.fields[at] if at < len(note.fields) else ""
        if "image-occlusion:" in text:
            self.draft.skip(self._where(note), "an image occlusion, which a terminal cannot show")
            return
        extra = next((v for i, v in enumerate(note.fields) if i != at and v.strip()), "")
        template = next(iter(kind.templates.values()), None)
        # The question is the front as Anki shows it, its deletions kept to be read as blanks;
        # the explanation is what the back adds, without the deletions again.
        shown = template and self._rendered(note, kind, template, deck, 0, self._where(note))
        if shown:
            text, extra, _ = shown
        for question in cloze_questions(
            self.draft, stable_key(note.guid), text, extra, self._where(note), self._media
        ):
            self.draft.add(unit, skill, question)

    def _rendered(
        self, note: Note, kind: NoteType, template: Template, deck: str, card_id: int, where: str
    ) -> tuple[str, str, list[str]] | None:
        """A card's front and what its back adds, as HTML Anki shows, and the front's hints;
        None, said in the report, when Anki could not render them either."""
        values = dict(zip(kind.fields, note.fields, strict=False))
        values.update({name: "" for name in kind.fields[len(note.fields) :]})
        specials = {
            "Tags": " ".join(note.tags),
            "Type": kind.name,
            "Deck": deck,
            "Subdeck": deck.split("::")[-1],
            "Card": template.name,
            "CardFlag": "",
            "CardID": str(card_id),
        }
        # A template is parsed once for all its cards, and a fault of its own is said once.
        named = f"{self.path.name} note type '{kind.name}' card '{template.name}'"
        parsed = self.templates.get((kind.id, template.ord))
        if parsed is None:
            try:
                parsed = anki_template.parse(template.front), anki_template.parse(template.back)
            except anki_template.TemplateError as error:
                parsed = error
            self.templates[kind.id, template.ord] = parsed
        try:
            if isinstance(parsed, anki_template.TemplateError):
                raise parsed
            card = anki_template.Card(values, specials)
            question = anki_template.render(parsed[0], card)
            answer_card = anki_template.Card(values, specials, cloze=lambda _: "")
            answer = anki_template.render(parsed[1], answer_card, _FRONT_SIDE)
        except anki_template.TemplateError as error:
            # Only the length of a rendered side is the note's own fault; the rest, the template's.
            place = where if _card_bound(error) else named
            self.draft.skip(
                place, f"the card template cannot be rendered ({error}); read by its fields"
            )
            return None
        # What the back adds is the answer: past the front shown again (`{{FrontSide}}`, or the
        # front's fields again above Anki's `<hr id=answer>`), and past the rule below it.
        if _FRONT_SIDE in answer:
            answer = answer.split(_FRONT_SIDE)[-1]
        else:
            answer = _ANSWER_RULE.split(answer, 1)[-1]
        return question, _LEADING_RULE.sub("", answer), card.hints

    def _card(self, note: Note, kind: NoteType, card: Card, deck: str) -> DraftQuestion | None:
        where = self._where(note) + (f" card {card.ord + 1}" if card.ord else "")
        template = kind.templates.get(card.ord)
        sides = _sides(template.front, template.back, kind.fields) if template else None
        if sides is None:
            if len(kind.fields) < 2:
                self.draft.skip(where, f"note type '{kind.name}' has fewer than two fields")
                return None
            sides = (kind.fields[0], kind.fields[1], False)
            self.read_as[kind.name] = (
                f"by its first two fields, {kind.fields[0]} → {kind.fields[1]}"
            )
        elif not kind.name.lower().startswith("basic"):
            self.read_as[kind.name] = f"by its templates, {sides[0]} → {sides[1]}"
        if any(len(value) > MAX_SOURCE for value in note.fields):
            self.draft.skip(where, f"a field is longer than {MAX_SOURCE} characters")
            return None
        values = dict(zip(kind.fields, note.fields, strict=False))
        answer = plain_of(values.get(sides[1], ""))
        shown = template and self._rendered(note, kind, template, deck, card.id, where)
        if shown:
            prompt = markdown_of(shown[0], self._media)
            back = markdown_of(shown[1], self._media)
            hints = [text for hint in shown[2] if (text := markdown_of(hint, self._media))]
            extra = ""
        else:
            prompt, back, extra, hints = self._by_fields(values, sides, template)
        if not prompt or not answer:
            self.draft.skip(where, "the card's front or back is empty")
            return None
        key = stable_key(note.guid) + (f"-{card.ord}" if card.ord else "")
        if sides[2]:
            fields: dict[str, Any] = {"prompt": prompt, "answers": [answer]}
            said = explained(answer, back, extra)
            if said:
                fields["explanation"] = said
            if hints:
                fields["hints"] = hints
            return DraftQuestion(key, "short", fields, where)
        # A card that may be picked has no hints: its hint is told after the answer.
        extra = "\n\n".join(part for part in (extra, *hints) if part)
        return flashcard(key, prompt, answer, back, where, extra)

    def _by_fields(
        self, values: dict[str, str], sides: tuple[str, str, bool], template: Template | None
    ) -> tuple[str, str, str, list[str]]:
        """A card's prompt, back, what else the back shows and hints, read from the fields its
        template names (where it cannot be rendered) or its first two."""
        shown_after = [n for _, n in _references(template.back)] if template else []
        extra = "\n\n".join(
            text
            for name in dict.fromkeys(shown_after)
            if name in values and name not in sides[:2]
            if (text := markdown_of(values[name], self._media))
        )
        front = _references(template.front) if template else []
        shown_before = [n for f, n in front if not {"type", "hint"} & set(f)]
        hints = [
            text
            for name in dict.fromkeys(n for f, n in front if "hint" in f)
            if name in values and name not in sides[:2]
            if (text := markdown_of(values[name], self._media))
        ]
        prompt = "\n\n".join(
            text
            for name in dict.fromkeys([sides[0], *shown_before])
            if name in values and name != sides[1]
            if (text := markdown_of(values[name], self._media))
        )
        return prompt, markdown_of(values.get(sides[1], ""), self._media), extra, hints

    def _media_map(self) -> dict[str, str]:
        """The package's media: each file's name in the notes, to its member in the zip."""
        info = self.infos.get("media")
        if info is None:
            return {}
        where = f"{self.path}: media"
        try:
            raw = read_member(self.archive, info, 64 * 2**20)
        except ZipRefused:
            self.draft.notes.append("The package's list of media is damaged: no media were kept.")
            return {}
        if raw.startswith(_ZSTD):
            try:
                entries = _protobuf(_unzstd(raw, 64 * 2**20, where))
                found = {}
                for index, (_, entry) in enumerate(entries):
                    if isinstance(entry, bytes):
                        name = dict(_protobuf(entry)).get(1)
                        if isinstance(name, bytes):
                            found[name.decode("utf-8", "replace")] = str(index)
                return found
            except (ValueError, FormatError):
                self.draft.notes.append(
                    "The package's list of media is damaged: no media were kept."
                )
                return {}
        import json

        try:
            listed = json.loads(raw or b"{}")
        except ValueError:
            self.draft.notes.append("The package's list of media is damaged: no media were kept.")
            return {}
        return (
            {str(name): str(member) for member, name in listed.items()}
            if isinstance(listed, dict)
            else {}
        )

    def _media(self, reference: str) -> str | None:
        """Keep the media file a field names; its name in the pack, or None when not kept."""
        name = unquote(reference)
        if name not in self.kept:
            self.kept[name] = self._keep(name)
        return self.kept[name]

    def _keep(self, name: str) -> str | None:
        member = self.media_members.get(name)
        info = self.infos.get(member) if member is not None else None
        if info is None:
            self.draft.skip(
                f"{self.path.name} media '{name}'", "named by a note, not in the package"
            )
            return None
        try:
            data = read_member(self.archive, info, MAX_MEDIA_FILE + 1)
            if data.startswith(_ZSTD):
                data = _unzstd(data, MAX_MEDIA_FILE, name)
        except (ZipRefused, FormatError):
            self.draft.skip(f"{self.path.name} media '{name}'", "damaged, not kept")
            return None
        if len(data) > MAX_MEDIA_FILE or self.media_size + len(data) > MAX_MEDIA:
            self.draft.skip(f"{self.path.name} media '{name}'", "too large to keep in a pack")
            return None
        self.media_size += len(data)
        kept = media_name(name)
        self.draft.media[kept] = data
        return kept


def _card_bound(error: anki_template.TemplateError) -> bool:
    """Whether a template's fault is one note's: its fields rendered too long."""
    return isinstance(error, anki_template.TooLong)


def _references(template: str) -> list[tuple[list[str], str]]:
    """The fields a template names, each with its filters (`type`, `cloze`, `text`...)."""
    found = []
    for token in _TOKEN.findall(template):
        token = token.strip()
        if not token or token[0] in "#^/!":
            continue
        *filters, name = (part.strip() for part in token.split(":"))
        found.append(([f.lower() for f in filters], name))
    return found


def _sides(front: str, back: str, fields: list[str]) -> tuple[str, str, bool] | None:
    """The prompt's field, the answer's field and whether it is typed; None when not told."""
    shown = [
        name
        for filters, name in _references(front)
        if name in fields and not {"type", "hint"} & set(filters)
    ]
    typed = [name for filters, name in _references(front) if name in fields and "type" in filters]
    added = [name for filters, name in _references(back) if name in fields and name not in shown]
    if not shown or not (typed or added):
        return None
    return shown[0], (typed or added)[0], bool(typed)
