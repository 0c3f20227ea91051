"""An integrated performance report's charts: each metric's XmR chart with its targets and events.

``ipr_chart`` draws one metric of a ``kpirag.ipr.IPR``: the XmR chart
``spc_chart`` draws (limits, point types, icons), and on it the metric's
own lines: the target as a step per period when it changes (a trajectory),
the reference line, dashed, each dated event as a numbered dotted line, and a
ring round each provisional figure. ``ipr_charts`` draws every metric as SVG
text, and ``board_pack`` writes the whole standalone board pack with them
(``kpirag.report.ipr_html``).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from kpirag._validate import instance
from kpirag.errors import InvalidChartError
from kpirag.ipr import IPR, IPRPoint, MetricReport
from kpirag.plot._report import _SPC_WIDTH, figure_svg
from kpirag.plot._spc import _SIZE, SPCPalette, _Height, _levels, drawn_chart
from kpirag.plot._style import (
    PLAIN_TEXT,
    SMALL,
    TEXT_COLOUR,
    figure_axes,
    new_axes,
    plain_texts,
    text_as_text,
)
from kpirag.report import ipr_html, visible
from kpirag.rules import Operator, Target

__all__ = ["board_pack", "ipr_chart", "ipr_charts"]

_TARGET_INK = "#de1b1b"
_REFERENCE_INK = "#1d4f91"
_EVENT_INK = "#5b6770"


def _goal(target: Target | None) -> Fraction | None:
    if target is None or target.operator is Operator.BETWEEN or target.value is None:
        return None
    return Fraction(target.value)


def _range(target: Target | None) -> tuple[Fraction, Fraction] | None:
    """A range target's two ends, or ``None``."""
    if target is None or target.operator is not Operator.BETWEEN or target.upper is None:
        return None
    return Fraction(target.value), Fraction(target.upper)


def _steps(ax: Axes, levels: Sequence[float | None], **style: object) -> bool:
    """A level per point as a step a point wide, broken where there is none; whether any drawn."""
    xs: list[float] = []
    ys: list[float] = []
    for position, level in enumerate(levels):
        if level is None:
            xs.append(float("nan"))
            ys.append(float("nan"))
            continue
        xs += [position - 0.5, position + 0.5]
        ys += [level, level]
    if all(level is None for level in levels):
        return False
    ax.add_line(Line2D(xs, ys, **style))  # type: ignore[arg-type]
    return True


def _drawn(
    report: MetricReport,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    palette: SPCPalette = "mdc",
    legend: bool = True,
    fresh: bool = False,
) -> Axes:
    """``ipr_chart``'s drawing; ``fresh``: ``ax`` is a new figure's, every text on it ours."""
    instance(report, MetricReport, field="report", expected="a MetricReport from an IPR")
    instance(title, str, type(None), field="title", expected="text or None")
    chart = report.chart
    if chart is None:
        raise InvalidChartError(
            field="report", value=report.metric.id, expected="a metric with at least one figure"
        )
    figures: list[IPRPoint] = [point for point in report.points if point.value is not None]
    goals = [_goal(point.target) for point in figures]
    constant = len(set(goals)) == 1 and goals[-1] == chart.target
    steps = not constant and any(goal is not None for goal in goals)
    ranges = [_range(point.target) for point in figures]
    ranged = any(pair is not None for pair in ranges)
    references = [point.reference for point in figures]
    where = {point.period: n for n, point in enumerate(figures)}
    events = [(n, where[note.period]) for n, note in enumerate(report.metric.annotations, 1)
              if note.period in where]  # fmt: skip
    ringed = [n for n, point in enumerate(figures) if point.provisional]
    dashes = (0, (6, 3))
    extra = [
        *([Line2D([], [], color=_TARGET_INK, lw=1.6, label="Target (by period)")] if steps else []),
        *(
            [Line2D([], [], color=_TARGET_INK, lw=1.3, linestyle="-.", label="Target range")]
            if ranged
            else []
        ),
        *(
            [Line2D([], [], color=_REFERENCE_INK, lw=1.3, linestyle=dashes, label="Reference")]
            if any(level is not None for level in references)
            else []
        ),
        *(
            [Line2D([], [], color=_EVENT_INK, lw=1.0, linestyle=":", label="Event (numbered)")]
            if events
            else []
        ),
        *(
            [Line2D([], [], marker="o", markersize=10, markerfacecolor="none",
                    markeredgecolor=TEXT_COLOUR, linestyle="none", label="Provisional")]
            if ringed
            else []
        ),
    ]  # fmt: skip
    ax = drawn_chart(
        chart,
        ax=ax if fresh and ax is not None else new_axes(ax, (_SPC_WIDTH, _SIZE[1])),
        title=f"{report.metric.id}: {report.metric.title}" if title is None else title,
        target=constant,
        icons=True,
        two_sigma=False,
        palette=palette,
        legend=legend,
        extra=extra,
        prepared=True,
    )
    y = _Height(_levels(chart, target=constant, two_sigma=True))
    shown: list[float] = []
    if steps:
        levels = [None if goal is None else y(goal) for goal in goals]
        _steps(ax, levels, color=_TARGET_INK, lw=1.6, zorder=2, gid="kpirag-ipr-target")
        shown += [level for level in levels if level is not None]
    for side in (0, 1):
        edges = [None if pair is None else y(pair[side]) for pair in ranges]
        style = {"color": _TARGET_INK, "lw": 1.3, "linestyle": "-.", "zorder": 2}
        if _steps(ax, edges, gid="kpirag-ipr-target-range", **style):
            shown += [level for level in edges if level is not None]
    lines = [None if level is None else y(level) for level in references]
    style = {"color": _REFERENCE_INK, "lw": 1.3, "linestyle": dashes, "zorder": 2}
    if _steps(ax, lines, gid="kpirag-ipr-reference", **style):
        shown += [level for level in lines if level is not None]
    top = blended_transform_factory(ax.transData, ax.transAxes)
    for number, position in events:
        ax.axvline(position, color=_EVENT_INK, lw=1.0, linestyle=":", zorder=1,
                   gid="kpirag-ipr-event")  # fmt: skip
        ax.text(position, 1.0, visible(str(number)), transform=top, ha="center", va="bottom",
                fontsize=SMALL, color=_EVENT_INK, gid="kpirag-ipr-event-label")  # fmt: skip
    if ringed:
        ax.scatter(
            ringed,
            [y(figures[n].value) for n in ringed],  # type: ignore[arg-type]
            s=170, facecolors="none", edgecolors=TEXT_COLOUR, linewidths=1.0, zorder=5,
            gid="kpirag-ipr-provisional",
        )  # fmt: skip
    if shown:
        low, high = ax.get_ylim()
        pad = (high - low) * 0.05
        ax.set_ylim(min(low, min(shown) - pad), max(high, max(shown) + pad))
    return ax


@text_as_text
def ipr_chart(
    report: MetricReport,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    palette: SPCPalette = "mdc",
    legend: bool = True,
) -> Axes:
    """One metric's XmR chart, with its target trajectory, reference line, events and flags.

    A target that is the same for every point is the chart's target line; a
    target that changes is drawn as a step per period, and a range target as
    its two ends. The reference line is
    dashed blue, each event a dotted line numbered as the report lists them,
    and each provisional figure is ringed.

    Raises:
        ValueTypeError: ``report`` is not a ``MetricReport``.
        InvalidChartError: the metric has no figure to chart.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> from kpirag.ipr import Metric, MetricValue, build
    >>> metric = Metric("RTT", "Under 18 weeks", "Planned care", improvement="increase",
    ...                 unit="percent", annotations={"2025-02": "Validation sprint"})
    >>> values = [MetricValue("RTT", f"2025-{m:02}", 58 + m / 2, target=59 + m // 2)
    ...           for m in range(1, 7)]
    >>> report = build([metric], values, as_of="2025-07-31").metric("RTT")
    >>> ax = ipr_chart(report, ax=Figure().add_subplot())
    >>> sorted({line.get_gid() for line in ax.lines if line.get_gid().startswith("kpirag-ipr")})
    ['kpirag-ipr-event', 'kpirag-ipr-target']

    ```
    """
    return _drawn(report, ax=ax, title=title, palette=palette, legend=legend)


def ipr_charts(ipr: IPR, *, palette: SPCPalette = "mdc") -> dict[str, str]:
    """Every charted metric's ``ipr_chart`` as SVG text, by metric id (for ``ipr_html``)."""
    instance(ipr, IPR, field="ipr", expected="an IPR from kpirag.ipr.build")
    charts = {}
    for report in ipr.metrics:
        if report.chart is not None:
            ax = figure_axes((_SPC_WIDTH, _SIZE[1]))
            with mpl.rc_context(PLAIN_TEXT):  # as text_as_text draws: a fresh figure's texts
                _drawn(report, ax=ax, palette=palette, fresh=True)  # are all ours
            plain_texts(ax, {})
            charts[report.metric.id] = figure_svg(ax)
    return charts


def board_pack(
    ipr: IPR, *, title: str = "Integrated performance report", palette: SPCPalette = "mdc"
) -> str:
    """The board pack as one standalone HTML document, every metric's chart drawn.

    ``kpirag.report.ipr_html`` with ``ipr_charts``: the summary, the metrics
    that need attention, then a section per domain; prints on A4 landscape.
    """
    instance(title, str, field="title", expected="text")
    return ipr_html(ipr, charts=ipr_charts(ipr, palette=palette), title=title)
