"""Markdown from packs, for shells that do not draw it: as plain text, or as styled runs.

Packs write prompts, choices, hints, explanations and lessons in Markdown. The app draws blocks
with Textual's Markdown widget; where a shell prints lines (plain mode, the command line) the text
goes out without its marks (`plain_text`), so that a screen reader does not read asterisks and
backticks aloud; where a shell shows one line of it (a choice, an item, a partner, an expected
answer) only its inline marks are read, never a block (`inline_runs`, `line_text`), so a choice
`>` or `* star` shows as written. One parser (markdown-it, CommonMark, as Textual
uses) reads it all, so every shell reads an author's text alike.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

# How a run of an inline line is set: as code, emphasised, strong, or as it is (None).
Emphasis = Literal["code", "em", "strong"] | None
# A code block in plain text: indented, as in Markdown itself, and readable as a block aloud.
CODE_INDENT = "    "


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _tree(source: str) -> SyntaxTreeNode:
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(_parser().parse(source))


def plain_text(source: str) -> str:
    """Markdown as plain text: no emphasis marks or backticks, code blocks indented, list items
    with `-` or their numbers, a link followed by its address."""
    return "\n\n".join(filter(None, (_block(node) for node in _tree(source).children)))


def _block(node: SyntaxTreeNode) -> str:
    kind = node.type
    if kind in ("paragraph", "heading"):
        return "".join(_inline(child) for child in node.children)
    if kind in ("fence", "code_block"):
        return "\n".join(CODE_INDENT + line for line in node.content.rstrip("\n").split("\n"))
    if kind in ("bullet_list", "ordered_list"):
        first = int(str(node.attrs.get("start", 1)))
        items = []
        for number, item in enumerate(node.children, first):
            mark = f"{number}. " if kind == "ordered_list" else "- "
            body = "\n".join(filter(None, (_block(child) for child in item.children)))
            items.append(_hang(mark, body))
        return "\n".join(items)
    if kind == "blockquote":
        body = "\n\n".join(filter(None, (_block(child) for child in node.children)))
        return _hang("  ", body, "  ")
    if kind == "hr":
        return ""
    return node.content.rstrip("\n")


def _hang(mark: str, body: str, rest: str | None = None) -> str:
    """`body` with `mark` before its first line and the others indented under it."""
    indent = " " * len(mark) if rest is None else rest
    lines = body.split("\n")
    return "\n".join([mark + lines[0], *[(indent + line if line else line) for line in lines[1:]]])


def _inline(node: SyntaxTreeNode) -> str:
    return "".join(text for text, _ in _runs(node, None))


def inline_runs(source: str) -> list[tuple[str, Emphasis]]:
    """One line of Markdown (a choice, an item, a partner, an expected answer) as runs of text
    with their emphasis; line breaks become spaces.

    Only inline marks are read (emphasis, code, links): a line is no block, so a choice `>`, `*
    star`, `# of items`, `1. first` or `---` shows as written, not as an empty quote, a list
    item, a heading or a rule.
    """
    from markdown_it.tree import SyntaxTreeNode

    tree = SyntaxTreeNode(_parser().parseInline(source))
    runs = [run for node in tree.children for run in _runs(node, None)]
    return [(text.replace("\n", " "), emphasis) for text, emphasis in runs if text]


def line_text(source: str) -> str:
    """One line of Markdown (a choice, an item, a partner) as plain text: its inline marks gone,
    and nothing read as a block, as `inline_runs` reads it."""
    return "".join(text for text, _ in inline_runs(source))


def _runs(node: SyntaxTreeNode, emphasis: Emphasis) -> list[tuple[str, Emphasis]]:
    kind = node.type
    if kind in ("text", "html_inline"):
        return [(node.content, emphasis)]
    if kind == "code_inline":
        return [(node.content, "code")]
    if kind in ("softbreak", "hardbreak"):
        return [("\n", None)]
    if kind == "inline":
        return [run for child in node.children for run in _runs(child, emphasis)]
    inner: Emphasis = "strong" if kind == "strong" else "em" if kind == "em" else emphasis
    runs = [run for child in node.children for run in _runs(child, inner)]
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        if href and href != "".join(text for text, _ in runs):
            runs.append((f" ({href})", emphasis))
    return runs
