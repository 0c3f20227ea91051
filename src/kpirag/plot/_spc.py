"""``spc_chart``: an XmR chart drawn the NHS "Making Data Count" way, with its two icons."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal, TypeAlias

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox
from matplotlib.text import Annotation
from matplotlib.textpath import text_to_path
from matplotlib.transforms import offset_copy

from kpirag._validate import instance
from kpirag.errors import InvalidChartError
from kpirag.plot._icons import ICONS_HEIGHT, IconSpec, assurance_spec, icons_box, variation_spec
from kpirag.plot._style import (
    MARKER_EDGE,
    SMALL,
    TEXT_COLOUR,
    annotate,
    check_colour,
    check_palette,
    finish,
    marker_handle,
    new_axes,
    side_legend,
    text_as_text,
)
from kpirag.report import visible
from kpirag.spc import PointType, SPCPoint, XmRChart

__all__ = ["SPC_COLOURS", "SPCPalette", "point_style", "spc_chart", "spc_colours"]

SPCPalette: TypeAlias = Literal["mdc", "colorblind"] | Mapping[str, str]
"""What ``spc_chart``'s ``palette`` accepts: a named palette or colours by point type."""

# NHSRplotthedots' ptd_spc_colours(), the Making Data Count colours; the grey is darkened
# from #a6a6a6 so that points and lines keep a 3:1 contrast with white (WCAG 1.4.11).
SPC_COLOURS = {
    "common_cause": "#858585",
    "special_cause_improvement": "#00b0f0",
    "special_cause_concern": "#e46c0a",
    "special_cause_neutral": "#490092",
}
"""The Making Data Count colour of each kind of point, by its palette key."""

# Okabe & Ito: blue, orange and reddish purple stay apart under colour vision deficiencies.
_COLORBLIND = {
    "common_cause": "#858585",
    "special_cause_improvement": "#0072B2",
    "special_cause_concern": "#E69F00",
    "special_cause_neutral": "#CC79A7",
}
_NAMED = {"mdc": SPC_COLOURS, "colorblind": _COLORBLIND}

_KEY = {
    PointType.COMMON_CAUSE: "common_cause",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "special_cause_improvement",
    PointType.SPECIAL_CAUSE_CONCERN: "special_cause_concern",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "special_cause_neutral",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "special_cause_neutral",
}
# A shape per type, so a point's type never rests on colour: good news a plus, bad news a
# cross, neither a triangle pointing the way the point went.
_MARKER = {
    PointType.COMMON_CAUSE: "o",
    PointType.SPECIAL_CAUSE_IMPROVEMENT: "P",
    PointType.SPECIAL_CAUSE_CONCERN: "X",
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: "^",
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: "v",
}
_SIZE = (8.4, 4.4)
_MEAN_INK = "#000000"
_LIMIT_INK = "#595959"
_TARGET_INK = "#de1b1b"
_MAX_TICKS = 12
_LABEL_GAP = 12.0  # points between the centres of two line labels
_MARGIN = 14.0  # points between the line labels and the icons and legend
_LONG = 10**15  # a level this large is labelled, and the y axis counted, in powers of ten


def spc_colours(palette: object = "mdc") -> dict[str, str]:
    """The colour of each kind of point under ``palette``.

    ``"mdc"`` gives the Making Data Count colours (improvement blue, concern
    orange, neither purple, common cause grey), ``"colorblind"`` the
    Okabe-Ito ones; a mapping replaces some of the MDC colours by key.

    ```pycon
    >>> spc_colours()["special_cause_improvement"]
    '#00b0f0'
    >>> spc_colours({"special_cause_concern": "red"})["special_cause_concern"]
    'red'

    ```

    Raises:
        InvalidChartError: an unknown palette name or key, or a colour matplotlib does not know.
        ValueTypeError: a palette that is neither a name nor a mapping.
    """
    palette = check_palette(palette, ("mdc", "colorblind"))
    if isinstance(palette, str):
        return dict(_NAMED[palette])
    colours = dict(SPC_COLOURS)
    for key, colour in palette.items():
        if key not in SPC_COLOURS:
            raise InvalidChartError(
                field="palette key", value=key, expected=f"one of {sorted(SPC_COLOURS)}"
            )
        check_colour(colour)
        colours[key] = colour
    return colours


def point_style(point_type: PointType, colours: Mapping[str, str]) -> tuple[str, str]:
    """A point type's (colour, marker)."""
    return colours[_KEY[point_type]], _MARKER[point_type]


def _show(number: Fraction, places: int = 2) -> str:
    """``number`` rounded half away from zero for a label, without trailing zeros.

    A number of ``_LONG`` or more shows six significant digits (``1.23457E+300``).
    """
    exact = Decimal(number.numerator) / Decimal(number.denominator)
    if abs(number) >= _LONG:
        digits, _, power = f"{exact:.6E}".partition("E")
        return f"{digits.rstrip('0').rstrip('.')}E{power}"
    text = f"{exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _groups(chart: XmRChart) -> list[list[SPCPoint]]:
    found: dict[int, list[SPCPoint]] = {}
    for point in chart.points:
        found.setdefault(point.group, []).append(point)
    return [found[number] for number in sorted(found)]


class _Height:
    """Where a level goes on the y axis: its value, or for huge charts its value in ``10**power``.

    A float cannot hold a level past about ``1.8E+308``, and the range of levels
    near it overflows: such a chart is drawn counting in a power of ten, which
    the y axis names (a multiplication sign and ``1E+300``).
    """

    def __init__(self, levels: list[Fraction]) -> None:
        biggest = max(abs(level) for level in levels)
        self.power = len(str(int(biggest))) - 1 if biggest >= _LONG else 0
        self.unit = Fraction(10) ** self.power

    def __call__(self, level: Fraction) -> float:
        return float(level / self.unit)


def _levels(chart: XmRChart, *, target: bool, two_sigma: bool) -> list[Fraction]:
    """Every level the chart draws: its values, limits (2-sigma lines too) and target."""
    levels = [p.value for p in chart.points]
    for limits in chart.groups:
        if limits is not None:
            levels += [limits.lower, limits.upper]
            if two_sigma:
                levels += [limits.lower_two_sigma, limits.upper_two_sigma]
    if target and chart.target is not None:
        levels.append(chart.target)
    return levels


def _hline(ax: Axes, first: int, last: int, level: float, gid: str, **style: object) -> None:
    """A horizontal line from the group's first point to its last, at ``level``."""
    pad = 0.4 if first == last else 0.0
    ax.add_line(Line2D([first - pad, last + pad], [level] * 2, gid=gid, **style))  # type: ignore[arg-type]


def _draw_lines(ax: Axes, chart: XmRChart, y: _Height, *, two_sigma: bool) -> None:
    """Each group's mean, process limits and (if asked) 2-sigma lines; markers at recalculations."""
    for group in _groups(chart):
        first, last = group[0].position, group[-1].position
        number = group[0].group
        limits = chart.groups[number]
        mean = limits.mean if limits is not None else group[0].mean
        if mean is not None:
            _hline(ax, first, last, y(mean), f"kpirag-spc-mean-{number}", color=_MEAN_INK, lw=1.3)
        if limits is not None:
            dashed, dotted = (1.2, (0, (5, 3))), (0.8, (0, (1, 2)))
            lines = [("upper", limits.upper, dashed), ("lower", limits.lower, dashed)]
            if two_sigma:
                lines += [
                    ("upper-two-sigma", limits.upper_two_sigma, dotted),
                    ("lower-two-sigma", limits.lower_two_sigma, dotted),
                ]
            for name, level, (width, dashes) in lines:
                gid = f"kpirag-spc-{name}-{number}"
                _hline(ax, first, last, y(level), gid, color=_LIMIT_INK, lw=width, linestyle=dashes)
        else:
            annotate(
                ax,
                "Run chart: too few points for limits",
                ((first + last) / 2, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, -4),
                ha="center",
                va="top",
                fontstyle="italic",
                gid="kpirag-spc-run-chart",
            )
        if number > 0:
            ax.axvline(
                first - 0.5,
                color=TEXT_COLOUR,
                lw=0.9,
                linestyle=(0, (1, 1.5)),
                gid="kpirag-spc-recalculation",
            )
            annotate(
                ax,
                "Limits recalculated",
                (first - 0.5, 0.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, 4),
                rotation=90,
                ha="left",
                va="bottom",
                gid="kpirag-spc-recalculation-label",
            )


def _draw_points(
    ax: Axes, chart: XmRChart, y: _Height, colours: Mapping[str, str]
) -> list[PointType]:
    """The value line through every point, each point marked by type; ghosted points hollow."""
    ax.plot(
        [p.position for p in chart.points],
        [y(p.value) for p in chart.points],
        color=colours["common_cause"],
        lw=1.4,
        zorder=3,
        gid="kpirag-spc-values",
    )
    shown = []
    for point_type in PointType:
        mine = [p for p in chart.points if p.point_type is point_type]
        if not mine:
            continue
        colour, marker = point_style(point_type, colours)
        special = point_type is not PointType.COMMON_CAUSE
        ax.plot(
            [p.position for p in mine],
            [y(p.value) for p in mine],
            linestyle="",
            marker=marker,
            markersize=9 if special else 5.5,
            markerfacecolor=colour,
            markeredgecolor=MARKER_EDGE if special else colour,
            markeredgewidth=0.7,
            zorder=4 if special else 3.5,
            label=point_type.label,
            gid=f"kpirag-spc-points-{point_type.value}",
        )
        shown.append(point_type)
    ghosts = [p for p in chart.points if p.ghosted]
    if ghosts:
        ax.plot(
            [p.position for p in ghosts],
            [y(p.value) for p in ghosts],
            linestyle="",
            marker="o",
            markersize=7,
            markerfacecolor="white",
            markeredgecolor=TEXT_COLOUR,
            markeredgewidth=1.2,
            zorder=4,
            label="Ghosted: left out of the limits",
            gid="kpirag-spc-points-ghosted",
        )
    return shown


def _y_range(chart: XmRChart, y: _Height, *, target: bool, two_sigma: bool) -> tuple[float, float]:
    levels = [y(level) for level in _levels(chart, target=target, two_sigma=two_sigma)]
    low, high = min(levels), max(levels)
    pad = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
    return low - pad, high + pad * 1.6  # room at the top for the run chart note


def _ticks(ax: Axes, chart: XmRChart) -> None:
    labels = [str(p.position + 1) if p.period is None else str(p.period) for p in chart.points]
    step = math.ceil(len(labels) / _MAX_TICKS)
    positions = list(range(0, len(labels), step))
    turned: dict[str, Any] = {}
    if max(len(labels[i]) for i in positions) * len(positions) > 60:  # noqa: PLR2004 - too wide
        turned = {"rotation": 45, "horizontalalignment": "right", "rotation_mode": "anchor"}
    # The labels' looks go with them (asking the axis for its labels would lay them out now).
    ax.set_xticks(positions, [visible(labels[i]) for i in positions], fontsize=SMALL, **turned)
    ax.tick_params(axis="y", labelsize=SMALL)
    ax.set_xlabel("Period" if chart.points[0].period is not None else "Point", fontsize=SMALL + 1)


def _right_labels(ax: Axes, chart: XmRChart, y: _Height, *, target: bool) -> float:
    """Name and value the last group's lines on the right, rounded for display only.

    Labels of lines too close to read apart (a target on a limit) are moved
    apart, each joined to its line by a short stroke. Returns the labels'
    width in points.
    """
    last = chart.points[-1]
    found: list[tuple[float, str]] = []
    limits = chart.groups[last.group]
    if limits is not None:
        found += [
            (y(limits.upper), f"Upper limit {_show(limits.upper)}"),
            (y(limits.lower), f"Lower limit {_show(limits.lower)}"),
        ]
    if last.mean is not None:
        found.append((y(last.mean), f"Mean {_show(last.mean)}"))
    if target and chart.target is not None:
        found.append((y(chart.target), f"Target {_show(chart.target)}"))
    found.sort()
    labels = [
        annotate(
            ax,
            text,
            (1.0, y),
            xycoords=ax.get_yaxis_transform(),
            xytext=(8, 0),
            ha="left",
            va="center",
            gid="kpirag-spc-line-label",
            arrowprops={
                "arrowstyle": "-",
                "color": TEXT_COLOUR,
                "lw": 0.7,
                "shrinkA": 0,
                "shrinkB": 0,
                "relpos": (0.0, 0.5),
            },
        )
        for y, text in found
    ]
    ax.add_artist(_Spreader(ax, [y for y, _ in found], labels))
    figure = ax.get_figure(root=True)
    assert figure is not None  # noqa: S101 - an Axes drawn on always has a figure
    # A text's width needs no layout (a draw would lay the whole figure out again).
    widest = max(
        (
            text_to_path.get_text_width_height_descent(
                label.get_text(), label.get_fontproperties(), ismath=False
            )[0]
            for label in labels
        ),
        default=0.0,
    )
    return widest + 8


class _Spreader(Artist):
    """Moves the line labels apart when the chart is drawn, once its layout is final.

    Drawn before the labels (its z-order is lowest), it reads the axes' height
    in points and sets each label's offset, so labels of lines too close to
    read apart are spread ``_LABEL_GAP`` points apart without drawing the
    figure an extra time to measure it.
    """

    def __init__(self, ax: Axes, levels: list[float], labels: list[Annotation]) -> None:
        super().__init__()
        self._ax, self._levels, self._labels = ax, levels, labels
        self.set_zorder(-1_000)
        self.set_in_layout(False)
        self.set_gid("kpirag-spc-label-spreader")

    def draw(self, renderer: RendererBase) -> None:
        """Set each label's offset from the axes' drawn height (it draws nothing itself)."""
        low, high = self._ax.get_ylim()
        figure = self._ax.get_figure(root=True)
        dpi = 72.0 if figure is None else figure.dpi
        per_unit = self._ax.get_window_extent(renderer).height * 72 / dpi / (high - low)
        placed = _spread(self._levels, _LABEL_GAP / per_unit, low, high)
        for label, level, at in zip(self._labels, self._levels, placed, strict=True):
            label.xyann = (8, (at - level) * per_unit)


def _spread(levels: list[float], gap: float, low: float, high: float) -> list[float]:
    """``levels`` (ascending) moved apart to at least ``gap``, kept inside ``low`` to ``high``."""
    placed = list(levels)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    if placed and placed[-1] > high:
        placed[-1] = high
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - gap)
    return [max(level, low) for level in placed]


def _legend(
    ax: Axes,
    chart: XmRChart,
    shown: list[PointType],
    colours: Mapping[str, str],
    *,
    target: bool,
    two_sigma: bool,
    offset: float,
    below: float,
    extra: Sequence[Artist] = (),
) -> None:
    handles: list[Artist] = [Line2D([], [], color=_MEAN_INK, lw=1.3, label="Mean")]
    if any(limits is not None for limits in chart.groups):
        handles.append(
            Line2D([], [], color=_LIMIT_INK, lw=1.2, linestyle=(0, (5, 3)), label="Process limits")
        )
        if two_sigma:
            handles.append(
                Line2D(
                    [], [], color=_LIMIT_INK, lw=0.8, linestyle=(0, (1, 2)), label="2-sigma lines"
                )
            )
    if target and chart.target is not None:
        handles.append(Line2D([], [], color=_TARGET_INK, lw=1.6, label="Target"))
    for point_type in shown:
        colour, marker = point_style(point_type, colours)
        special = point_type is not PointType.COMMON_CAUSE
        edge = MARKER_EDGE if special else colour
        handles.append(marker_handle(point_type.label, marker, 8 if special else 5.5, colour, edge))
    if any(p.ghosted for p in chart.points):
        handles.append(marker_handle("Ghosted (left out)", "o", 7, "white", TEXT_COLOUR))
    handles.extend(extra)
    figure = ax.get_figure(root=True)
    shift = offset_copy(ax.transAxes, figure, x=offset, y=-below, units="points")
    side_legend(ax, handles, None, anchor=(1.0, 1.0), transform=shift)


@text_as_text
def spc_chart(
    chart: XmRChart,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    target: bool = True,
    icons: bool = True,
    two_sigma: bool = False,
    palette: SPCPalette = "mdc",
    legend: bool = True,
) -> Axes:
    """An XmR chart in the NHS "Making Data Count" style, with its variation and assurance icons.

    The values are joined by a line; each group's mean is solid and its process
    limits dashed, drawn exactly where the chart computed them (labels on the
    right are rounded, the lines are not). Special-cause points are coloured by
    type (improvement blue, concern orange, neither purple, common cause grey)
    and shaped by type (a plus, a cross, a triangle, a dot), ghosted points are
    hollow, and a recalculation breaks the lines and is marked. A group with
    too few points for limits is drawn as a run chart. The icons, drawn by
    kpirag, sit top right with their meaning in words.

    Args:
        chart: an ``XmRChart`` from ``kpirag.spc.xmr``.
        ax: the Axes to draw on; a new figure when ``None``.
        title: the chart's title.
        target: draw the chart's target line (when it has a target).
        icons: draw the variation and assurance icons.
        two_sigma: draw the 2-sigma lines as well.
        palette: ``"mdc"`` (the Making Data Count colours), ``"colorblind"``
            (Okabe-Ito), or a mapping from ``"common_cause"``,
            ``"special_cause_improvement"``, ``"special_cause_concern"`` or
            ``"special_cause_neutral"`` to a colour.
        legend: draw the legend of lines and point types.

    Returns:
        The Axes drawn on.

    Raises:
        ValueTypeError: ``chart`` is not an ``XmRChart``.
        InvalidChartError: an unknown palette.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> from kpirag.spc import xmr
    >>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
    >>> ax = spc_chart(chart, ax=Figure().add_subplot())
    >>> [(line.get_gid(), round(line.get_ydata()[0], 2)) for line in ax.lines[:3]]
    [('kpirag-spc-mean-0', 1.94), ('kpirag-spc-upper-0', 4.6), ('kpirag-spc-lower-0', -0.72)]
    >>> sorted(text.get_text() for text in ax.texts if text.get_gid() == "kpirag-spc-line-label")
    ['Lower limit -0.72', 'Mean 1.94', 'Target 3', 'Upper limit 4.6']

    ```
    """
    instance(chart, XmRChart, field="chart", expected="an XmRChart from kpirag.spc.xmr")
    return drawn_chart(
        chart, ax=ax, title=title, target=target, icons=icons, two_sigma=two_sigma,
        palette=palette, legend=legend,
    )  # fmt: skip


def drawn_chart(
    chart: XmRChart,
    *,
    ax: Axes | None,
    title: str | None,
    target: bool,
    icons: bool,
    two_sigma: bool,
    palette: SPCPalette,
    legend: bool,
    extra: Sequence[Artist] = (),
    prepared: bool = False,
) -> Axes:
    """``spc_chart``'s drawing, with ``extra`` legend entries after its own (for ``ipr_chart``).

    ``prepared``: ``ax`` is already ``new_axes``' (or a fresh figure's), not to be checked again.
    """
    colours = spc_colours(palette)
    ax = ax if prepared and ax is not None else new_axes(ax, _SIZE)
    y = _Height(_levels(chart, target=target, two_sigma=True))
    _draw_lines(ax, chart, y, two_sigma=two_sigma)
    if target and chart.target is not None:
        ax.axhline(y(chart.target), color=_TARGET_INK, lw=1.6, zorder=2, gid="kpirag-spc-target")
    shown = _draw_points(ax, chart, y, colours)
    ax.set_xlim(-0.6, len(chart.points) - 0.4)
    ax.set_ylim(*_y_range(chart, y, target=target, two_sigma=two_sigma))
    if y.power:
        ax.set_ylabel(f"\N{MULTIPLICATION SIGN} 1E+{y.power}", fontsize=SMALL + 1)
    _ticks(ax, chart)
    offset = _right_labels(ax, chart, y, target=target) + _MARGIN
    finish(ax, title, wrap=80)
    below = 0.0
    if icons:
        specs: list[IconSpec] = [
            variation_spec(chart.variation),
            assurance_spec(chart.assurance, chart.improvement),
        ]
        box = AnnotationBbox(
            icons_box(specs, colours),
            (1.0, 1.0),
            xycoords=offset_copy(ax.transAxes, ax.get_figure(root=True), x=offset, units="points"),
            box_alignment=(0.0, 1.0),
            frameon=False,
            pad=0,
            annotation_clip=False,
        )
        box.set_gid("kpirag-spc-icons")
        ax.add_artist(box)
        below = ICONS_HEIGHT + 8
    if legend:
        _legend(
            ax,
            chart,
            shown,
            colours,
            target=target,
            two_sigma=two_sigma,
            offset=offset,
            below=below,
            extra=extra,
        )
    return ax
