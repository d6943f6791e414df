"""Charts as data, and drawn as static SVG: no script, no network, readable printed in black and white.

A :class:`Chart` is categories along the x axis and one or more series of values over them (a histogram's
bins, years, rule codes). :func:`chart_svg` draws it as an inline ``<svg>`` for the pages; the researchers'
matplotlib drawing reads the same record, so a page and a notebook show the same chart.

Series are told apart by dash pattern and marker shape as well as by shade, so a chart printed in grey
still reads; every bar and point carries its value in a ``<title>`` for a screen's hover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from typing import Final, Literal

import attrs

__all__ = ["Chart", "ChartSeries", "chart_style", "chart_svg", "charts_html"]

ChartKind = Literal["bars", "lines"]


@attrs.frozen
class ChartSeries:
    """One series of a chart: its name and a value per category (``None`` where there is none)."""

    name: str
    values: tuple[float | None, ...]


@attrs.frozen
class Chart:
    """A chart: categories along x, series of values over them, titles, and a note on what it leaves out.

    Attributes:
        kind: ``bars`` (a bar per category, side by side per series) or ``lines`` (a line per series).
        title: What the chart shows.
        categories: The labels along the x axis, in order.
        series: The series, each with a value per category.
        x_label: The x axis's label.
        y_label: The y axis's label.
        note: What the reader should know: how many values, what was left out (small samples, groups
            too small).
        percent: Whether values are shares (0 to 1) shown as percentages.

    .. versionadded:: 0.1.0
    """

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    x_label: str = ""
    y_label: str = ""
    note: str = ""
    percent: bool = False

    @property
    def empty(self) -> bool:
        """Whether there is no value to draw."""
        return not any(v is not None for s in self.series for v in s.values)


_WIDTH: Final = 720
_HEIGHT: Final = 300
_LEFT: Final = 64
_RIGHT: Final = 16
_TOP: Final = 40
_BOTTOM: Final = 72
# Dark to light greys and dash patterns: series stay apart on a black-and-white printer.
_SHADES: Final = ("#222", "#777", "#aaa", "#444", "#999", "#555")
_DASHES: Final = ("", "6 3", "2 3", "10 3 2 3", "1 2", "8 2")
_MARKERS: Final = ("circle", "square", "triangle", "diamond", "circle", "square")


def _nice_top(value: float) -> float:
    """The top of the y axis: the value rounded up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop's last step always fits


def _shown(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%" if value * 100 == round(value * 100) else f"{value * 100:.1f}%"
    return f"{value:.0f}" if value == round(value) else f"{value:.2f}"


def chart_svg(chart: Chart) -> str:
    """The chart as an inline SVG figure (with its title and note as HTML around it)."""
    e = html.escape
    values = [v for s in chart.series for v in s.values if v is not None]
    if chart.percent and (not values or max(values) <= 1):
        top = 1.0
    else:  # four steps of 1, 2 or 5 times a power of ten; whole steps for counts
        step = _nice_top(max(values, default=0) / 4)
        top = 4 * (step if chart.percent else max(1.0, math.ceil(step)))
    plot_width = _WIDTH - _LEFT - _RIGHT
    plot_height = _HEIGHT - _TOP - _BOTTOM
    count = max(len(chart.categories), 1)
    step = plot_width / count

    def y(value: float) -> float:
        return _TOP + plot_height * (1 - value / top)

    out = [
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'font-family="sans-serif" font-size="12">',
        f"<title>{e(chart.title)}</title>",
        f'<rect x="0" y="0" width="{_WIDTH}" height="{_HEIGHT}" fill="#fff"/>',
    ]
    for tick in range(5):
        value = top * tick / 4
        height = y(value)
        out.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{height:.1f}" y2="{height:.1f}" '
            f'stroke="#ccc" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{_LEFT - 6}" y="{height + 4:.1f}" text-anchor="end">'
            f"{e(_shown(value, chart.percent))}</text>"
        )
    rotate = count > 12 or max((len(c) for c in chart.categories), default=0) * 7 > step
    for number, category in enumerate(chart.categories):
        x = _LEFT + step * (number + 0.5)
        base = _TOP + plot_height + 14
        if rotate:
            out.append(
                f'<text x="{x:.1f}" y="{base:.1f}" text-anchor="end" '
                f'transform="rotate(-35 {x:.1f} {base:.1f})">{e(category)}</text>'
            )
        else:
            out.append(f'<text x="{x:.1f}" y="{base:.1f}" text-anchor="middle">{e(category)}</text>')
    out.append(
        f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        'stroke="#000" stroke-width="1"/>'
    )
    if chart.kind == "bars":
        out += _bars(chart, step, y)
    else:
        out += _lines(chart, step, y)
    if chart.y_label:
        out.append(
            f'<text x="14" y="{_TOP + plot_height / 2:.1f}" text-anchor="middle" '
            f'transform="rotate(-90 14 {_TOP + plot_height / 2:.1f})">{e(chart.y_label)}</text>'
        )
    if chart.x_label:
        out.append(
            f'<text x="{_LEFT + plot_width / 2:.1f}" y="{_HEIGHT - 6}" text-anchor="middle">'
            f"{e(chart.x_label)}</text>"
        )
    out += _legend(chart)
    if chart.empty:
        out.append(
            f'<text x="{_LEFT + plot_width / 2:.1f}" y="{_TOP + plot_height / 2:.1f}" '
            'text-anchor="middle">∅</text>'
        )
    out.append("</svg>")
    note = f'<figcaption class="note">{e(chart.note)}</figcaption>' if chart.note else ""
    return f'<figure class="chart"><h3>{e(chart.title)}</h3>{"".join(out)}{note}</figure>'


def _bars(chart: Chart, step: float, y: Callable[[float], float]) -> list[str]:
    e = html.escape
    out = []
    groups = max(len(chart.series), 1)
    width = step * 0.8 / groups
    for index, series in enumerate(chart.series):
        shade = _SHADES[index % len(_SHADES)]
        for number, value in enumerate(series.values):
            if value is None:
                continue
            x = _LEFT + step * number + step * 0.1 + width * index
            top = y(value)
            height = y(0) - top
            said = f"{series.name}: {chart.categories[number]}: {_shown(value, chart.percent)}"
            out.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{shade}" '
                f'stroke="#000" stroke-width="0.5"><title>{e(said)}</title></rect>'
            )
            if len(chart.categories) <= 20 and groups == 1:
                out.append(
                    f'<text x="{x + width / 2:.1f}" y="{top - 3:.1f}" text-anchor="middle" font-size="10">'
                    f"{e(_shown(value, chart.percent))}</text>"
                )
    return out


def _marker(kind: str, x: float, y: float, shade: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{shade}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x - 4:.1f},{y + 3.5:.1f} {x + 4:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" fill="{shade}"/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x - 4:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x + 4:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{shade}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{shade}"/>'


def _lines(chart: Chart, step: float, y: Callable[[float], float]) -> list[str]:
    e = html.escape
    out = []
    for index, series in enumerate(chart.series):
        shade, dash, marker = (
            _SHADES[index % len(_SHADES)],
            _DASHES[index % len(_DASHES)],
            _MARKERS[index % len(_MARKERS)],
        )
        points = [
            (_LEFT + step * (number + 0.5), y(value), value, number)
            for number, value in enumerate(series.values)
            if value is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{h:.1f}" for x, h, _, _ in points)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<polyline points="{path}" fill="none" stroke="{shade}" stroke-width="2"{dashes}/>')
        for x, h, value, number in points:
            said = f"{series.name}: {chart.categories[number]}: {_shown(value, chart.percent)}"
            out.append(f"<g><title>{e(said)}</title>{_marker(marker, x, h, shade)}</g>")
    return out


def _legend(chart: Chart) -> list[str]:
    if len(chart.series) < 2:
        return []
    e = html.escape
    out = []
    x = _LEFT
    for index, series in enumerate(chart.series):
        shade, dash, marker = (
            _SHADES[index % len(_SHADES)],
            _DASHES[index % len(_DASHES)],
            _MARKERS[index % len(_MARKERS)],
        )
        dashes = f' stroke-dasharray="{dash}"' if dash and chart.kind == "lines" else ""
        if chart.kind == "lines":
            out.append(
                f'<line x1="{x}" x2="{x + 24}" y1="16" y2="16" stroke="{shade}" stroke-width="2"{dashes}/>'
            )
            out.append(_marker(marker, x + 12, 16, shade))
        else:
            out.append(
                f'<rect x="{x}" y="10" width="14" height="12" fill="{shade}" '
                'stroke="#000" stroke-width="0.5"/>'
            )
        out.append(f'<text x="{x + 30}" y="20">{e(series.name)}</text>')
        x += 40 + 7 * len(series.name) + 6 * sum(1 for c in series.name if ord(c) > 0x2E80)
    return out


def chart_style() -> str:
    """The CSS of charts in a page, screen and print."""
    return _STYLE


_STYLE: Final = """
figure.chart { margin: 1rem 0; max-width: 48rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { width: 100%; height: auto; }
figure.chart h3 { margin: 0 0 0.3rem; font-size: 1rem; }
figure.chart .note { font-size: 0.85rem; color: #333; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(28rem, 1fr)); gap: 0 2rem; }
@media print { .charts { display: block; } figure.chart { max-width: 100%; } }
""".strip()


def charts_html(charts: Sequence[Chart], heading: str) -> str:
    """A section of charts for a page: its heading and each chart's figure."""
    figures = "".join(chart_svg(chart) for chart in charts)
    title = html.escape(heading)
    return f'<section class="charts-section"><h2>{title}</h2><div class="charts">{figures}</div></section>'
