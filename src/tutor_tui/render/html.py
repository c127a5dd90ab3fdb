"""HTML pages from Jinja2 templates: one base page and one stylesheet, each report a child template.

The templates are package data in `templates/`. Autoescape is on, and every value a template shows
is escaped as `html.escape` does (quotes included, so a value is safe inside an attribute too):
names, titles and answers are people's words, never markup. Jinja2 is imported only when a page
is written, so that no other command pays for it.
"""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def page(template: str, **values: Any) -> str:
    """The page a report's template makes of `values`."""
    return _environment().get_template(template).render(**values)


def _escaped(value: Any) -> Any:
    """A value as the page shows it: escaped once, with the same entities as `html.escape`."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


@cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tutor_tui.render", "templates"),
        autoescape=True,
        # markupsafe writes a quote as &#34;; the reports have always written &quot;.
        finalize=_escaped,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
