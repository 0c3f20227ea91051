"""``trend_chart``: a KPI over periods against its target and tolerance bands."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable
from decimal import Decimal

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter
from matplotlib.transforms import offset_copy

from kpirag.kpi import KPI
from kpirag.plot._read import Band, Rule, TrendPoint, bands, trend_points
from kpirag.plot._style import (
    MARKER_EDGE,
    SMALL,
    TEXT_COLOUR,
    Palette,
    annotate,
    finish,
    halo,
    marker_handle,
    new_axes,
    side_legend,
    status_styles,
    text_as_text,
    write,
)
from kpirag.report import visible
from kpirag.rules import Operator, Status, Target, format_decimal

__all__ = ["trend_chart"]

_SIZE = (7.0, 4.2)
_TARGET_COLOUR = "#1a1a1a"
_LINE_COLOUR = "#595959"


def _number(target: Target | None, value: Decimal, places: int = 1) -> str:
    exponent = value.as_tuple().exponent
    shown = (
        format_decimal(value, places)
        if isinstance(exponent, int) and exponent < -places
        else format_decimal(value, grouping=True)
    )
    return shown + ("%" if target is not None and target.percent else "")


def _runs(points: list[TrendPoint]) -> list[tuple[int, int, Target, list[Band]]]:
    """Runs of periods judged against one target and scheme: (first, last, target, bands).

    A period with no value takes its neighbour's target, so a gap in the data
    is not a gap in the bands (its own target may be the unprofiled one).
    """
    judged = [(p.target, p.scheme) for p in points if p.value is not None and p.target]
    fill = judged[0] if judged else (points[0].target, points[0].scheme)
    keys = []
    for point in points:
        if point.value is not None and point.target is not None:
            fill = (point.target, point.scheme)
        keys.append(fill)
    runs = []
    index = 0
    for (target, scheme), group in itertools.groupby(keys):
        count = len(list(group))
        if target is not None:
            runs.append((index, index + count - 1, target, bands(target, scheme)))
        index += count
    return runs


def _limits(
    points: list[TrendPoint], runs: list[tuple[int, int, Target, list[Band]]]
) -> tuple[float, float]:
    """A y range holding every value, target and tolerance edge, with room for labels."""
    numbers = [float(p.value) for p in points if p.value is not None]
    for _, _, _, found in runs:
        numbers += [float(b.low) for b in found if b.low is not None]
    if not numbers:
        return 0.0, 1.0
    low, high = min(numbers), max(numbers)
    pad = (high - low) * 0.2 or max(abs(high) * 0.1, 1.0)
    bottom = low - pad
    if low >= 0 > bottom:
        bottom = 0 - pad * 0.25  # a count or a share never goes below zero
    return bottom, high + pad


def _target_lines(ax: Axes, first: int, last: int, target: Target) -> None:
    levels = target.bounds if target.operator is Operator.BETWEEN else (target.value,)
    for level in dict.fromkeys(levels):
        ax.add_line(
            Line2D(
                [first - 0.5, last + 0.5],
                [float(level)] * 2,
                color=_TARGET_COLOUR,
                linewidth=1.6,
                zorder=2,
                gid="kpirag-target",
            )
        )


def _draw_bands(
    ax: Axes,
    runs: list[tuple[int, int, Target, list[Band]]],
    limits: tuple[float, float],
    palette: Palette,
) -> None:
    statuses = [band.status for _, _, _, found in runs for band in found]
    styles = status_styles(statuses, palette)
    bottom, top = limits
    for first, last, target, found in runs:
        for band in found:
            low = bottom if band.low is None else float(band.low)
            high = top if band.high is None else float(band.high)
            style = styles[band.status]
            ax.add_patch(
                Rectangle(
                    (first - 0.5, low),
                    last - first + 1,
                    high - low,
                    facecolor=style.fill,
                    edgecolor="none",
                    hatch=None,
                    zorder=0,
                    gid=f"kpirag-band-{band.status.label}",
                    label=f"_band {band.status.label}",
                )
            )
            # Name the band beside it, right of the axes, so it never depends on colour.
            if last == runs[-1][1] and high - low >= (top - bottom) * 0.12:
                write(
                    ax,
                    1.02,
                    (low + high) / 2,
                    band.status.label,
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="center",
                    fontstyle="italic",
                    gid="kpirag-band-label",
                )
            if band.low is not None and band.low not in target.bounds:
                ax.add_line(
                    Line2D(
                        [first - 0.5, last + 0.5],
                        [low] * 2,
                        color=_LINE_COLOUR,
                        linewidth=0.8,
                        linestyle=(0, (4, 3)),
                        zorder=1,
                        gid="kpirag-edge",
                    )
                )
        _target_lines(ax, first, last, target)


def _draw_points(
    ax: Axes, points: list[TrendPoint], palette: Palette, *, values: bool, bottom: float
) -> list[Status]:
    xs = list(range(len(points)))
    rated = [(x, p) for x, p in zip(xs, points, strict=True) if p.value is not None]
    ax.plot(
        [x for x, _ in rated],
        [float(p.value) for _, p in rated if p.value is not None],
        color=_LINE_COLOUR,
        linewidth=1.2,
        zorder=3,
        gid="kpirag-trend-line",
    )
    styles = status_styles([p.status for _, p in rated], palette)
    shown = []
    for status in sorted(styles, key=lambda s: (not s.rated, s.severity)):
        mine = [(x, p) for x, p in rated if p.status == status]
        style = styles[status]
        ax.plot(
            [x for x, _ in mine],
            [float(p.value) for _, p in mine if p.value is not None],
            linestyle="",
            marker=style.marker or "o",
            markersize=10,
            markerfacecolor=style.ink,
            markeredgecolor=MARKER_EDGE,
            markeredgewidth=0.8,
            zorder=4,
            label=str(status),
            gid=f"kpirag-points-{status.label}",
        )
        shown.append(status)
    for x, point in zip(xs, points, strict=True):
        if point.value is None:
            write(ax, x, bottom, "N/A", ha="center", va="bottom", color=_LINE_COLOUR)
        elif values:
            annotate(
                ax,
                _number(point.target, point.value),
                (x, float(point.value)),
                xytext=(0, 9),
                ha="center",
                va="bottom",
                zorder=5,
                bbox=halo(0.15, alpha=0.8),
            )
    return shown


def _legend(ax: Axes, shown: list[Status], target: Target | None, palette: Palette) -> None:
    styles = status_styles(shown, palette)
    handles: list[Line2D | Patch] = []
    if target is not None:
        shown_target = str(target).replace(">=", "\u2265").replace("<=", "\u2264")
        label = f"Target {shown_target}"
        handles.append(Line2D([], [], color=_TARGET_COLOUR, linewidth=1.6, label=label))
    handles += [
        marker_handle(str(s), styles[s].marker or "o", 9, styles[s].ink, MARKER_EDGE) for s in shown
    ]
    side_legend(
        ax,
        handles,
        "Status",
        anchor=(1.0, 1.0),
        transform=offset_copy(ax.transAxes, ax.get_figure(root=True), x=60, units="points"),
    )


@text_as_text
def trend_chart(
    source: KPI | Target | str,
    points: Iterable[object],
    *,
    rule: Rule | None = None,
    part: str | None = None,
    ax: Axes | None = None,
    palette: Palette = "scale",
    title: str | None = None,
    values: bool = True,
    legend: bool = True,
) -> Axes:
    """A KPI over periods, against its target with the tolerance bands shaded.

    The bands are the classifier's own: each is shaded in its status's colour
    and named inside, and cut at the exact edges (67.5 for a 75% target under
    a 10% tolerance; above the target when lower is better). Each period's
    point is marked with its status by colour and by shape.

    Args:
        source: the KPI (its scheme and profile apply), or a ``Target`` or target text.
        points: ``(period, value)`` pairs (values as numbers, text such as
            ``"69%"`` or measures; ``None`` for no data), ``(period, KPIResult)``
            pairs, or ``Evaluation`` s of the KPI's framework, in time order.
            A period is anything with a label (a ``Quarter``, ``"Q1"``).
        rule: the scheme or tolerance; by default the KPI's own, else the City
            of London rule (Amber within 10%). Results carry their own.
        part: the part of a composite KPI to chart.
        ax: the Axes to draw on; a new figure when ``None``.
        palette: ``"scale"`` (the statuses' own colours), ``"colorblind"``, or
            a mapping of status label to colour.
        title: the chart's title; by default the KPI's id and title.
        values: label each point with its value.
        legend: draw the legend of statuses and the target.

    Returns:
        The Axes drawn on.

    Raises:
        InvalidChartError: no points, or a composite KPI without ``part``.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().add_subplot()
    >>> ax = trend_chart("75%", [("Q1", "72%"), ("Q2", "69%"), ("Q3", "66%")], ax=ax)
    >>> [patch.get_gid() for patch in ax.patches]
    ['kpirag-band-Red', 'kpirag-band-Amber', 'kpirag-band-Green']
    >>> ax.patches[1].get_y(), ax.patches[1].get_height()
    (67.5, 7.5)

    ```
    """
    kpi, found = trend_points(source, points, rule=rule, part=part)
    ax = new_axes(ax, _SIZE)
    runs = _runs(found)
    bottom, top = _limits(found, runs)
    _draw_bands(ax, runs, (bottom, top), palette)
    shown = _draw_points(ax, found, palette, values=values, bottom=bottom)
    ax.set_xlim(-0.5, len(found) - 0.5)
    ax.set_ylim(bottom, top)
    labels = [p.label for p in found]
    if len(found) * max(map(len, labels)) > 36:  # noqa: PLR2004 - too long to sit side by side
        labels = ["\n".join(textwrap.wrap(label, 8)) for label in labels]
    ax.set_xticks(range(len(found)), [visible(label) for label in labels], fontsize=SMALL + 1)
    if len(found) > 8:  # noqa: PLR2004 - more labels than fit side by side even wrapped
        ax.tick_params(axis="x", labelrotation=45)
    last = runs[-1][2] if runs else None
    if last is not None and last.percent:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:g}%"))
    if runs:
        # The exact edges of the latest bands, labelled on the right.
        edges = [b.low for b in runs[-1][3] if b.low is not None]
        right = ax.secondary_yaxis("right")
        right.set_ticks([float(e) for e in edges], labels=[_number(last, e) for e in edges])
        right.tick_params(labelsize=SMALL, colors=TEXT_COLOUR)
    heading = title
    if heading is None and kpi is not None:
        heading = f"{kpi.id} {kpi.title}"
    finish(ax, heading, wrap=70)
    if legend:
        _legend(ax, shown, last, palette)
    return ax
