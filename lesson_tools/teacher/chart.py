"""A bar chart as inline SVG, for the gradebook report.

Ten bars need no plotly: as SVG the report stays one small file that works offline and prints,
without inlining plotly.js (megabytes) or paying for plotly's figure building per report.
"""

from __future__ import annotations

import html
import itertools
import math

from lesson_utils.figures.palette import GRID, PALETTE

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 50, 60


def bar_chart(labels: list[str], values: list[int], title: str, x_title: str, y_title: str, unit: str) -> str:
    """Bars with a count above each, gridlines on whole-number ticks, and a tooltip per bar."""
    e = html.escape
    step = _tick_step(max(values, default=0))
    top = max(step, math.ceil(max(values, default=0) / step) * step)
    width, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = width / max(len(labels), 1)

    def y(value: float) -> float:
        return TOP + height * (1 - value / top)

    parts = [f'<text x="{LEFT}" y="30" font-size="20">{e(title)}</text>']
    for tick in range(0, top + 1, step):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 8}" y="{y(tick) + 5:.1f}" text-anchor="end">{tick}</text>'
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        middle = LEFT + slot * (i + 0.5)
        parts.append(
            f'<rect x="{middle - slot * 0.4:.1f}" y="{y(value):.1f}" width="{slot * 0.8:.1f}" '
            f'height="{y(0) - y(value):.1f}" fill="{PALETTE[0]}"><title>{e(label)}: {value} {e(unit)}'
            f'</title></rect><text x="{middle:.1f}" y="{y(0) + 20:.1f}" text-anchor="middle" font-size="13">'
            f"{e(label)}</text>"
        )
        if value:
            parts.append(f'<text x="{middle:.1f}" y="{y(value) - 6:.1f}" text-anchor="middle">{value}</text>')
    parts.append(
        f'<text x="{LEFT + width / 2:.1f}" y="{HEIGHT - 12}" text-anchor="middle">{e(x_title)}</text>'
        f'<text transform="translate(20 {TOP + height / 2:.1f}) rotate(-90)" text-anchor="middle">'
        f"{e(y_title)}</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'style="max-width: {WIDTH}px" role="img" aria-label="{e(title)}" font-size="15" fill="#222">'
        + "".join(parts)
        + "</svg>"
    )


def _tick_step(highest: int) -> int:
    """1, 2, 5, 10, 20, ...: the smallest step that divides the axis into at most eight."""
    return next(step for step in (m * 10**k for k in itertools.count() for m in (1, 2, 5)) if highest <= 8 * step)
