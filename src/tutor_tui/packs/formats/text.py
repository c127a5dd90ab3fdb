"""Text from other programs made fit for a pack: decoded, cleaned, HTML made Markdown, ids made.

HTML becomes Markdown through markdownify, the well-kept converter; an answer a learner types
becomes plain text the same way, with no Markdown markup. Images and sounds cannot show in every
terminal, so each is named in the text (`(image: media/cat.png)`), and kept in the pack folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from tutor_tui.core.literal import printable_line
from tutor_tui.packs.formats.draft import Draft, FormatError
from tutor_tui.packs.reader import without_unsafe

# Anki's sound reference, `[sound:name.mp3]`, kept in a field's text rather than as HTML.
SOUND = re.compile(r"\[sound:([^\]\n]+)\]")
# Written by the GIFT export right after answers that end a missing word's text: GIFT reads such
# answers as a short answer's, and an invisible character after them keeps the gap a gap.
WORD_JOINER = "\u2060"
# An image a text names: Markdown's `![alt](file)`, Obsidian's `![[file]]`, HTML's `<img src=...>`.
IMAGE = re.compile(
    r"!\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))[^)\n]*\)"
    r"|!\[\[([^\]|\n]+)[^\]\n]*\]\]"
    r"|<img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))",
    re.IGNORECASE,
)
# How an import names a media file it kept, in a pack's text: `(image: media/cat.png)`.
MEDIA_REFERENCE = re.compile(r"\((image|sound): media/([A-Za-z0-9._-]+)\)")
# The marks Markdown reads inside a line: a backslash before each shows it as written.
_INLINE = re.compile(r"([\\`*_\[\]<>&~|])")
# What makes a line a heading, a quote, a list item, a rule or a fence in CommonMark: its mark
# (group 2), after any space (group 1). A backslash before the mark shows it as written.
_LINE_START = re.compile(
    r"^([ \t]*\d{0,9})"
    r"((?<=\d)[.)](?=[ \t]|$)|(?<![\d])(?:#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|=+[ \t]*$"
    r"|-[ \t-]*$|```|~~~))",
    re.MULTILINE,
)
# What a file linked to is, by the ending of its name: how the text names it.
_KINDS = {
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp"), "image"),
    **dict.fromkeys(("mp3", "ogg", "oga", "wav", "m4a", "aac", "flac", "opus"), "sound"),
}
# What a media file's name in a pack may hold: anything else becomes '-'.
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")

# How a media file a field names is told in the text: the file's name in the pack, or None when
# the file was not kept.
MediaNamer = Callable[[str], str | None]


def decode(data: bytes, where: str) -> str:
    """The text of a file: UTF-8 (a byte-order mark allowed), or UTF-16 with its mark.

    FormatError naming the first byte that is not UTF-8: a file in another encoding is refused
    rather than guessed at, as a wrong guess would change every accented letter.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _lines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise FormatError(f"{where}: not readable as UTF-16 text") from None
    try:
        return _lines(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(
            f"{where}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save the file as UTF-8 and import it again"
        ) from None


def _lines(text: str) -> str:
    """Text with Windows' and old Macs' line ends made new lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean(text: str) -> str:
    """`text` without the characters a pack may not hold, and without space at its ends."""
    return without_unsafe(text).strip()


def shown(text: str, limit: int = 60) -> str:
    """A piece of source text to quote in a message on one line: escaped and shortened."""
    one = printable_line(text.strip())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def slug(text: str, limit: int = 48) -> str:
    """A readable id made of `text`: lower-case ASCII letters, digits and '-'; '' when none."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode().lower()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return made[:limit].rstrip("-")


def text_key(text: str, empty: str, whole: str | None = None, limit: int = 40) -> str:
    """An id for something the source names only by its text (a card's front, a category):
    its slug, with a short hash of the whole text where the slug drops letters (`N-이에요` is not
    just `n`), or `EMPTY-HASH` when no ASCII is left. It depends on the text alone, never on its
    place among others, so that a learner's progress stays on the right card however the source
    is reordered; texts whose slugs still meet are told apart by the writer. The hash is of
    `whole` where given: the source's text as it was before it was made plain."""
    made = slug(text, limit)
    hashed = digest(text if whole is None else whole)
    if not made:
        return f"{empty}-{hashed}"
    return f"{made}-{hashed[:6]}" if _drops_letters(text) else made


def _drops_letters(text: str) -> bool:
    """Whether a slug of `text` loses some of its letters or digits: not accents, which fold to
    ASCII letters, but whole letters of another script."""
    folded = unicodedata.normalize("NFKD", text)
    return any(not char.isascii() and unicodedata.category(char)[0] in "LN" for char in folded)


def title_of(path: Path) -> str:
    """A title made of a file's name: `spanish_verbs.csv` is 'Spanish verbs'."""
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return (words[:1].upper() + words[1:]) if words else "Imported"


def readable_id(text: str) -> str:
    """An id made of a name: the name itself when it is one already (a round trip keeps it)."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", text):
        return text
    return slug(text)


def name_key(name: str) -> str:
    """An id made of a name the source gives (a question's): the name itself when it is one
    already, else its slug, with a hash of the name where the slug drops letters; '' for none."""
    made = readable_id(name)
    return text_key(name.strip(), "q", limit=48) if made and not name.isascii() else made


def stable_key(text: str) -> str:
    """An id for a source's own identifier (an Anki GUID): itself when it is a readable id."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,47}", text):
        return text
    return "h" + hashlib.sha256(text.encode()).hexdigest()[:16]


def media_name(name: str) -> str:
    """The name a media file gets in the pack's `media/` folder: safe on every system."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    safe = _UNSAFE_NAME.sub("-", unicodedata.normalize("NFKD", base)).strip(".-")
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    if not safe or safe != name:
        # Two names made the same by the cleaning stay apart.
        stem, dot, ext = safe.rpartition(".")
        safe = f"{stem or safe or 'file'}-{digest}{dot}{ext if stem else ''}"
    return safe[-100:]


@cache
def _converter_class() -> Any:
    """markdownify's converter, with images named as text: made once, on first use."""
    from markdownify import MarkdownConverter

    class Converter(MarkdownConverter):
        """Names an image in the text, as the namer it is given keeps it."""

        namer: MediaNamer | None = None
        # Plain text, for answers: no markup, and an image named only where a namer is given.
        plain = False

        def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
            if self.plain and self.namer is None:
                return ""
            return _media_text("image", str(el.attrs.get("src") or ""), self.namer)

        def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
            href = str(el.attrs.get("href") or "")
            if self.namer is None or not href.startswith("@@PLUGINFILE@@/"):
                return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]  # not in stub
            # A link to a file the question carries (a sound to play, most often) names the
            # file, as a picture is named: the link itself would lead nowhere in a pack.
            ending = href.lower().rpartition(".")[2]
            kind = _KINDS.get(ending, "file")
            return f"{text} {_media_text(kind, href, self.namer)}".strip()

        def escape(self, text: str, parent_tags: Any) -> str:
            escaped = str(super().escape(text, parent_tags))  # type: ignore[misc]  # not in stub
            if self.plain:
                return escaped
            # Text is text in HTML wherever it stands: `# 1` is not a heading there, and a
            # backtick no code span, inside which the escapes of `_` and `*` would show.
            return escaped_line_starts(escaped.replace("`", "\\`"))

    return Converter


def _converter(namer: MediaNamer | None, plain: bool) -> Any:
    """A converter to Markdown, or for answers, to plain text without any markup.

    Made once for each kind, as making one costs more than converting a card's field; the namer
    is set for each field, as an import converts one field at a time.
    """
    made = _converter_made(plain)
    made.namer = namer
    return made


@cache
def _converter_made(plain: bool) -> Any:
    if plain:
        made = _converter_class()(
            convert=["br", "p", "div", "li", "img"],
            escape_asterisks=False,
            escape_underscores=False,
            escape_misc=False,
            bullets="-",
        )
        made.plain = True
    else:
        made = _converter_class()(heading_style="ATX", bullets="-", escape_misc=False)
    return made


def _media_text(kind: str, reference: str, namer: MediaNamer | None) -> str:
    name = namer(reference) if namer is not None else None
    if name:
        return f"({kind}: media/{name})"
    # Moodle names a question's own files `@@PLUGINFILE@@/name`: the name is what tells it.
    return f"({kind}: {shown(reference.removeprefix('@@PLUGINFILE@@/'), 40)}, not kept)"


def unkept(draft: Draft, where: str, source: str) -> MediaNamer:
    """A namer for text whose pictures and sounds `source` cannot carry (a GIFT file, a text
    export): it keeps none, and reports each once."""
    told: set[str] = set()

    def named(reference: str) -> None:
        if reference not in told:
            told.add(reference)
            name = shown(reference.removeprefix("@@PLUGINFILE@@/"), 40)
            draft.skip(where, f"the file '{name}' it shows is not kept: {source} carries none")

    return named


def _converted(converter: Any, html: str) -> str:
    """`html` converted, without the parser's warning that a field of one URL or file name looks
    like one: such a field is text, and the warning would only clutter the report."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The input passed in on this line looks more")
        return str(converter.convert(html))


def markdown_of(html: str, namer: MediaNamer | None = None) -> str:
    """An HTML field as Markdown, its images and sounds named, fit for a pack."""
    if html.isprintable() and "  " not in html and not any(mark in html for mark in "<&[*_`"):
        # One line with no tag, entity, sound or mark Markdown would escape, and no run of spaces
        # to fold: converting gives the text itself, and parsing it would only cost time.
        return clean(html)
    text = SOUND.sub(lambda found: _media_text("sound", found.group(1), namer), html)
    converted = _converted(_converter(namer, plain=False), text)
    return clean(re.sub(r"\n{3,}", "\n\n", converted))


def markdown_of_text(text: str) -> str:
    """Plain text as Markdown that shows it as written: `2*3*4` is not read as emphasis, a line
    `# 1` is not a heading. Runs of spaces are one, as a web page shows plain text; each line
    ends in a line break, and blank lines part paragraphs."""
    paragraphs = re.split(r"\n\s*\n", clean(text))
    lines = [
        [escaped_line_starts(_INLINE.sub(r"\\\1", " ".join(line.split()))) for line in lines]
        for lines in (paragraph.split("\n") for paragraph in paragraphs)
    ]
    return "\n\n".join("  \n".join(filter(None, part)) for part in lines if any(part))


def markdown_of_line(text: str) -> str:
    """Plain text on one line (a choice, an item to order or match) as Markdown that shows it as
    written: `__init__` is not bold, `2*3*4` not emphasis. The media it names stay as named."""
    out, at = [], 0
    for found in MEDIA_REFERENCE.finditer(text):
        out += [_INLINE.sub(r"\\\1", text[at : found.start()]), found.group(0)]
        at = found.end()
    return escaped_line_starts("".join([*out, _INLINE.sub(r"\\\1", text[at:])]))


def escaped_line_starts(text: str) -> str:
    """Markdown text whose lines do not start a heading, quote, list, rule or code block: what
    starts a line in `text` is shown as written."""
    return _LINE_START.sub(lambda found: found.group(1) + "\\" + found.group(2), text)


def plain_of(html: str, namer: MediaNamer | None = None) -> str:
    """An HTML field as plain text on one line: what a learner would type as an answer. With a
    namer, its pictures are named (`(image: media/fr.png)`): a choice may be a picture."""
    if not any(mark in html for mark in "<&["):
        # No tag, entity or sound: the text is plain already, and parsing it would only cost time.
        return " ".join(clean(html).split())
    text = SOUND.sub("", html)
    converted = _converted(_converter(namer, plain=True), text)
    return " ".join(clean(converted).split())


def category_levels(path: str) -> list[str]:
    """The names in a Moodle category path, outermost first, without its context and `top`:
    `$course$/top/Input//Output/Files` is `Input/Output`, `Files`, as Moodle writes a '/' in a
    name as '//'."""
    names = [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]
    names = [name for name in names if name]
    while names and names[0].startswith("$") and names[0].endswith("$"):
        names.pop(0)
    return names[1:] if names[:1] == ["top"] else names


def category_path(*names: str) -> str:
    """A Moodle category path in a course, of names that may hold '/'."""
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in names)])


def plain_of_markdown(text: str) -> str:
    """Markdown as plain text on one line, as it shows: what a learner would type as an answer.

    Text with math (`$x^2$`) is kept as written: Markdown would read its backslashes as escapes.
    """
    if "$" in text or not any(mark in text for mark in "*_`[<&"):
        return " ".join(clean(text).split())
    from markdown_it import MarkdownIt

    return plain_of(MarkdownIt("commonmark").render(text))


def report_images(draft: Draft, where: str, source: str, *texts: str, html: bool = True) -> None:
    """Report each picture the texts name, in Markdown or HTML, for a file that cannot carry it
    (`source`: 'a GIFT file'), as `unkept` reports those a converter meets; the text keeps naming
    it. Without `html`, only Markdown's pictures are: the converter meets the HTML ones."""
    namer = unkept(draft, where, source)
    for text in texts:
        for found in IMAGE.finditer(text):
            if html or not found.group(0).startswith("<"):
                namer(next(group for group in found.groups() if group is not None))


def digest(*parts: str) -> str:
    """A short, stable hash of some text: for ids, and for picking the same way every time."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


def truth_explanation(explanation: str, if_true: str, if_false: str) -> str:
    """A true-false question's explanation with its feedback for each answer, each labelled.

    The pack format has no per-answer feedback for true-false questions and shows the explanation
    after either answer, so each answer's feedback goes there under the answer it is for.
    """
    said = [
        f"If you answered {word}: {text}"
        for word, text in (("true", if_true), ("false", if_false))
        if text
    ]
    return "\n\n".join([explanation, *said] if explanation else said)
