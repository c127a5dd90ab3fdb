"""Charts for the HTML pages: the geometry of a line chart of mastery over time, for its template.

The numbers are worked out here and written as the SVG wants them; the markup is the template's
(`templates/chart.svg`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from tutor_tui.core.progress import MasteryPoint

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 84, 16, 36
# At most this many days are named under the chart.
MOST_DAYS = 6


def mastery_chart(
    series: Sequence[MasteryPoint], day_label: Callable[[date], str]
) -> dict[str, Any]:
    """Where everything goes in a chart of the share of skills mastered, and mean mastery."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(series)

    def x(i: int) -> float:
        return LEFT + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(value: float) -> float:
        return TOP + (1 - min(1.0, max(0.0, value))) * plot_h

    chart: dict[str, Any] = {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": LEFT + plot_w,
        "grid": [
            {
                "y": f"{y(tick):.1f}",
                "label_y": f"{y(tick) + 4:.1f}",
                "label": f"{round(100 * tick)}%",
            }
            for tick in (0, 0.25, 0.5, 0.75, 1.0)
        ],
        "days": [],
        "lines": None,
        "end": None,
    }
    if not n:
        return chart
    chart["days"] = [
        {
            "x": f"{x(i):.1f}",
            "anchor": "start"
            if n > 1 and i == 0
            else ("end" if n > 1 and i == n - 1 else "middle"),
            "label": day_label(series[i].day),
        }
        for i in _tick_indices(n)
    ]
    shares = [p.share_mastered for p in series]
    line = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(shares))
    if n > 1:
        chart["lines"] = {
            "area": f"{x(0):.1f},{y(0):.1f} {line} {x(n - 1):.1f},{y(0):.1f}",
            "mean": " ".join(f"{x(i):.1f},{y(p.mean_mastery):.1f}" for i, p in enumerate(series)),
            "mastered": line,
        }
    last = series[-1]
    chart["end"] = {
        "x": f"{x(n - 1):.1f}",
        "y": f"{y(shares[-1]):.1f}",
        "text_x": f"{x(n - 1) + 8:.1f}",
        "text_y": f"{y(shares[-1]) + 4:.1f}",
        "words": f"{last.mastered} of {last.skills}",
    }
    return chart


def _tick_indices(n: int, most: int = MOST_DAYS) -> list[int]:
    if n <= most:
        return list(range(n))
    return sorted({round(k * (n - 1) / (most - 1)) for k in range(most)})
