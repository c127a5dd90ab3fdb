"""The HTML pages: one base page and one stylesheet, every value escaped, Jinja2 loaded late."""

from __future__ import annotations

import subprocess
import sys

from tutor_tui.render.html import page

HOSTILE = "<script>alert('x')</script> & \"quoted\""


def test_every_value_is_escaped_as_html_escape_does() -> None:
    shown = page("session.html", **_session_values(HOSTILE))
    assert "<script>" not in shown
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quoted&quot;" in shown


def test_each_page_is_the_base_page_with_the_one_stylesheet() -> None:
    shown = page("session.html", **_session_values("Ada"))
    assert shown.startswith("<!DOCTYPE html>\n") and shown.endswith("</html>\n")
    assert shown.count("<style>") == 1 and ".class-report main" in shown
    assert '<body class="session">' in shown
    assert "Made with tutor-tui" in shown


def test_a_narrow_screen_shows_the_tiles_of_every_page_in_two_columns() -> None:
    """A page's own tile columns must not outrank the narrow screen's two."""
    shown = page("session.html", **_session_values("Ada"))
    narrow = shown.split("@media (max-width: 560px) {", 1)[1].split("}\n}", 1)[0]
    rule = next(line for line in narrow.splitlines() if "grid-template-columns" in line)
    assert ".tiles" in rule and ".portfolio .tiles" in rule


def test_jinja_is_imported_only_when_a_page_is_written() -> None:
    code = (
        "import sys\n"
        "import tutor_tui.render.portfolio, tutor_tui.render.session_report\n"
        "import tutor_tui.render.classroom\n"
        "print('jinja2' in sys.modules)\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"


def _session_values(title: str) -> dict[str, object]:
    from types import SimpleNamespace

    report = SimpleNamespace(
        title=title, when="2 March 2026", skills=[], most_missed=[], next_focus="Rest."
    )
    return {
        "title": title,
        "page_class": "session",
        "r": report,
        "chosen": "",
        "changes": [title],
        "answer_words": "No answers.",
        "tiles": [],
        "no_answers": "No answers in this session.",
        "no_misses": "Nothing missed.",
        "mastery_words": str,
        "miss_words": str,
        "times": str,
    }
