"""Anki's card templates rendered as Anki renders them: a card's question and answer as HTML.

Anki's template language looks like Mustache but is not: `{{Field}}` is put in as it is (no
escaping), `{{#Field}}...{{/Field}}` shows its text when the field is not empty (spaces, `<br>`
and `<div>` alone count as empty), `{{^Field}}...{{/Field}}` when it is, and `filter:Field` runs
filters from right to left (`text`, `hint`, `type`, `cloze`, `furigana`, `kana`, `kanji`, `tts`;
one Anki does not know is left to add-ons and changes nothing). A Mustache library would escape
the fields, read dots in names as paths and `{{&...}}`, `{{>...}}` as its own, so this follows
Anki's own renderer (its `template.rs`) instead. `{{FrontSide}}` on the back is the rendered front.

Where Anki would show an error on the card (a field the note type has not, a section never
closed or closed twice), `TemplateError` says which.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# A tag: what is between `{{` and `}}`, as Anki reads it (its content may not hold a brace).
_TAG = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# What counts as an empty field for a section: spaces, line breaks and `<br>`/`<div>` tags.
_EMPTY = re.compile(r"^(?:\s|</?(?:br|div)\s?/?>)*$", re.IGNORECASE)
# Ruby text, `漢字[かんじ]`, as the furigana filters read it.
_RUBY = re.compile(r" ?([^ >]+?)\[(.+?)\]")
_HTML_TAG = re.compile(r"<[^>]*>")
# Sections deeper than this are no template a person wrote.
MAX_DEPTH = 50
# A side longer than this, once rendered, is no card: a template naming a field a thousand times
# would otherwise make a field's worth of text a thousand times over.
MAX_RENDERED = 200_000


class TemplateError(ValueError):
    """A template Anki itself could not render."""


class TooLong(TemplateError):
    """A card whose side, rendered, passes MAX_RENDERED: the fault of its note's fields."""


@dataclass
class _Tag:
    """A replacement: a field with its filters, outermost first."""

    name: str
    filters: list[str]


@dataclass
class _Section:
    """A conditional section: its field, whether it is negated, and what it holds."""

    name: str
    negated: bool
    body: list[str | _Tag | _Section] = field(default_factory=list)


Node = str | _Tag | _Section


def parse(template: str) -> list[Node]:
    """A template's text, replacements and sections; TemplateError where Anki's would fail."""
    root: list[Node] = []
    stack: list[_Section] = []
    at = 0
    for match in _TAG.finditer(template):
        (stack[-1].body if stack else root).append(template[at : match.start()])
        at = match.end()
        inner = match.group(1).strip()
        into = stack[-1].body if stack else root
        if inner[:1] in ("#", "^"):
            if len(stack) >= MAX_DEPTH:
                raise TemplateError(f"sections nested more than {MAX_DEPTH} deep")
            section = _Section(inner[1:].strip(), inner[0] == "^")
            into.append(section)
            stack.append(section)
        elif inner[:1] == "/":
            name = inner[1:].strip()
            if not stack or stack[-1].name != name:
                raise TemplateError(f"'{{{{/{name}}}}}' closes no open '{{{{#{name}}}}}'")
            stack.pop()
        elif inner:
            *filters, name = inner.split(":")
            into.append(_Tag(name.strip(), [f.strip() for f in filters]))
    if stack:
        raise TemplateError(f"'{{{{#{stack[-1].name}}}}}' is never closed")
    root.append(template[at:])
    return root


@dataclass
class Card:
    """What a card's template is rendered with: the note's fields and the card's own names."""

    fields: dict[str, str]
    specials: dict[str, str] = field(default_factory=dict)
    # What the `cloze` filter puts in: the field as it is (its deletions read afterwards), or
    # nothing (the answer side, whose deletions the question side already has).
    cloze: Callable[[str], str] = lambda text: text
    # Filled while rendering: the hints (`hint:`) and the fields typed (`type:`), in order.
    hints: list[str] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)
    # How much has been rendered so far, held under MAX_RENDERED.
    size: int = 0

    def grown(self, text: str) -> str:
        """`text`, counted against the card's bound: TemplateError past it."""
        self.size += len(text)
        if self.size > MAX_RENDERED:
            raise TooLong(f"it renders to more than {MAX_RENDERED:,} characters")
        return text


def render(nodes: list[Node], card: Card, front_side: str = "") -> str:
    """The HTML a parsed template shows for a card; `front_side` is `{{FrontSide}}`."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(card.grown(node))
        elif isinstance(node, _Section):
            if node.name not in card.fields and node.name not in card.specials:
                raise TemplateError(f"it names a field '{node.name}' the note type has not")
            value = card.fields.get(node.name, card.specials.get(node.name, ""))
            if bool(_EMPTY.match(value)) == node.negated:
                out.append(render(node.body, card, front_side))
        elif node.name == "FrontSide":
            out.append(card.grown(front_side))
        elif node.name in card.fields or node.name in card.specials:
            value = card.fields.get(node.name, card.specials.get(node.name, ""))
            out.append(card.grown(_filtered(value, node, card)))
        else:
            raise TemplateError(f"it names a field '{node.name}' the note type has not")
    return "".join(out)


def _filtered(value: str, tag: _Tag, card: Card) -> str:
    """A field through its filters, innermost (rightmost) first, as Anki applies them."""
    for name in reversed(tag.filters):
        kind = name.split(" ", 1)[0].lower()
        if kind == "type":
            # The tutor asks for the typed answer itself: the box is not part of the text.
            card.typed.append(tag.name)
            return ""
        if kind == "hint":
            if not _EMPTY.match(value):
                card.hints.append(value)
            return ""
        if kind in ("cloze", "cloze-only"):
            value = card.cloze(value)
        elif kind == "text":
            value = html.escape(html.unescape(_HTML_TAG.sub("", value)), quote=False)
        elif kind == "kanji":
            value = _RUBY.sub(r"\1", value)
        elif kind == "kana":
            value = _RUBY.sub(r"\2", value)
        elif kind == "furigana":
            value = _RUBY.sub(r"\1(\2)", value)
        # `tts` reads the text aloud and shows it; a filter of an add-on is not run here.
    return value
