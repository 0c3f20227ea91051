"""``status_summary``: stacked bars of statuses by theme (or any grouping), counts labelled."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from kpirag.plot._read import summaries
from kpirag.plot._style import (
    SMALL,
    Palette,
    annotate,
    finish,
    fit_labels,
    halo,
    laid_out,
    new_axes,
    patch_handle,
    side_legend,
    status_styles,
    text_as_text,
    write,
)
from kpirag.report import visible
from kpirag.rules import Status

__all__ = ["status_summary"]


def _order(status: Status) -> tuple[bool, str, int]:
    """Rated statuses best first, scale by scale, then not rated."""
    return (not status.rated, status.scale, status.severity)


def _label_counts(
    ax: Axes, segments: list[tuple[int, float, int, Status]], totals: list[int]
) -> None:
    """Each segment's count inside it when it fits, else after the bar; each bar's total."""
    figure = laid_out(ax)
    unit = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
    unit *= 72 / figure.dpi  # points per item
    squeezed: dict[int, list[str]] = {}
    for position, middle, count, status in segments:
        text = str(count)
        if unit * count >= SMALL * 0.65 * len(text) + 8:
            write(
                ax,
                middle,
                position,
                text,
                ha="center",
                va="center",
                gid="kpirag-status-count",
                bbox=halo(0.15),
            )
        else:  # too narrow to hold its count: say it after the bar instead
            squeezed.setdefault(position, []).append(
                f"{status.abbreviation or status.label} {count}"
            )
    for position, total in enumerate(totals):
        extra = f" ({', '.join(squeezed[position])})" if position in squeezed else ""
        annotate(
            ax,
            f"{total}{extra}",
            (total, position),
            xytext=(4, 0),
            ha="left",
            va="center",
            gid="kpirag-status-total",
        )
    fit_labels(ax, "kpirag-status-total")


@text_as_text
def status_summary(
    data: object,
    *,
    by: Callable[[object], str] | None = None,
    ax: Axes | None = None,
    palette: Palette = "scale",
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Stacked bars of how many items have each status, one bar per group.

    Each segment is filled in its status's colour, hatched with its status's
    pattern and labelled with its count; the bar's total is written at its end.

    Args:
        data: an ``Evaluation`` (one bar per theme unless ``by`` is given), a
            ``RiskRegister`` (its open risks by rating), a ``Summary``, a
            mapping of group name to ``Summary`` (or to statuses or items with
            a ``.status``), or items with a ``.status``.
        by: a function naming each item's group (a result's theme, owner, ...).
        ax: the Axes to draw on; a new figure when ``None``.
        palette: ``"scale"``, ``"colorblind"`` or a mapping of status label to colour.
        title: the chart's title.
        legend: draw the legend of statuses.

    Returns:
        The Axes drawn on.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> counts = {"Safe": [Status.GREEN] * 3 + [Status.AMBER] * 2 + [Status.RED]}
    >>> ax = status_summary(counts, ax=Figure().add_subplot())
    >>> [(p.get_label(), float(p.get_width())) for p in ax.patches]
    [('Green', 3.0), ('Amber', 2.0), ('Red', 1.0)]

    ```
    """
    groups = summaries(data, by)
    ax = new_axes(ax, (7.5, max(2.4, 1.4 + 0.6 * len(groups))))
    present = sorted({s for _, summary in groups for s, _ in summary.entries}, key=_order)
    styles = status_styles(present, palette)
    positions = list(range(len(groups)))
    starts = [0] * len(groups)
    segments = []
    for status in present:
        counts = [summary.count(status) for _, summary in groups]
        style = styles[status]
        bars = ax.barh(
            positions,
            counts,
            left=starts,
            height=0.6,
            color=style.fill,
            edgecolor=style.line,
            hatch=style.hatch or None,
            linewidth=1,
            label=str(status),
            gid=f"kpirag-status-{status.label}",
        )
        for bar, count, start, position in zip(bars, counts, starts, positions, strict=True):
            bar.set_label(str(status))  # each segment names its status
            if count:
                segments.append((position, start + count / 2, count, status))
        starts = [start + count for start, count in zip(starts, counts, strict=True)]
    totals = [summary.total for _, summary in groups]
    widest = max(totals, default=0) or 1
    ax.set_xlim(0, widest * 1.12)
    ax.set_yticks(
        positions,
        ["\n".join(textwrap.wrap(visible(name), 24)) for name, _ in groups],
        fontsize=SMALL + 1,
    )
    ax.invert_yaxis()  # the first group on top, as a table lists it
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.set_xlabel("Count", fontsize=SMALL + 1)
    finish(ax, title, hide=("top", "right"))
    if legend:
        handles = [patch_handle(styles[s], str(s), styles[s].hatch or None) for s in present]
        side_legend(ax, handles, "Status")
    _label_counts(ax, segments, totals)
    return ax
