"""``budget_variance``: each budget line's variance, adverse and favourable, with thresholds."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kpirag.budget import BudgetLine, BudgetRule, BudgetTable
from kpirag.plot._read import VarianceBar, variance_groups
from kpirag.plot._style import (
    SMALL,
    TEXT_COLOUR,
    Palette,
    StatusStyle,
    annotate,
    finish,
    fit_labels,
    halo,
    new_axes,
    patch_handle,
    side_legend,
    status_styles,
    text_as_text,
)
from kpirag.report import visible
from kpirag.rules import Status, format_decimal

__all__ = ["budget_variance"]

_HATCH_ADVERSE = "xx"
_THRESHOLD_STYLES: dict[str, tuple[float, tuple[float, ...]]] = {
    "amber": (0, (4, 2)),
    "red": (0, ()),  # solid
}


def _label(bar: VarianceBar, value: str) -> str:
    line = bar.line
    if bar.amount is None:
        return "n/a (no budget)"
    if line.variance.is_zero():
        return "on budget"
    amount = format_decimal(line.variance, grouping=True)
    amount = amount if amount.startswith("-") else f"+{amount}"
    pct = line.variance_pct
    if value == "percent":
        shown = format_decimal(bar.amount, 1)
        shown = shown if shown.startswith("-") else f"+{shown}"
        return f"{shown}% {line.label} ({amount})"
    share = "" if pct is None else f" ({format_decimal(pct, 1)}%)"
    return f"{amount} {line.label}{share}"


def _layout(
    groups: list[tuple[str, list[VarianceBar]]],
) -> tuple[list[tuple[float, VarianceBar]], list[tuple[float, str]]]:
    """A y position for each bar, and for each group's heading (when there are groups)."""
    bars: list[tuple[float, VarianceBar]] = []
    headings: list[tuple[float, str]] = []
    y = 0.0
    for name, members in groups:
        if name:
            headings.append((y, name))
            y += 1
        for bar in members:
            bars.append((y, bar))
            y += 1
        y += 0.5
    return bars, headings


def _thresholds(
    ax: Axes,
    bars: list[tuple[float, VarianceBar]],
    rule: BudgetRule,
    styles: dict[Status, StatusStyle],
) -> None:
    """The amber and red limits on each bar's adverse side (both sides when underspends count)."""
    colours = {"amber": styles[Status.AMBER].line, "red": styles[Status.RED].line}
    marks: dict[str, set[tuple[Decimal, int]]] = {"amber": set(), "red": set()}
    for _, bar in bars:
        if bar.limits is not None:
            for which, limit in zip(("amber", "red"), bar.limits, strict=True):
                marks[which].add((limit, bar.adverse_sign))
    sides = (1, -1) if rule.flag_underspends else (1,)
    for which in ("amber", "red"):
        style = {
            "color": colours[which],
            "linestyle": _THRESHOLD_STYLES[which],
            "zorder": 3,
            "gid": f"kpirag-threshold-{which}",
        }
        if len(marks[which]) == 1:  # one limit for every line: a line across the chart
            ((limit, sign),) = marks[which]
            for side in sides:
                ax.axvline(float(limit) * sign * side, linewidth=1.3, **style)  # type: ignore[arg-type]
            continue
        for y, bar in bars:
            if bar.limits is None:
                continue
            limit = bar.limits[0 if which == "amber" else 1]
            for side in sides:
                x = float(limit) * bar.adverse_sign * side
                ax.plot([x, x], [y - 0.42, y + 0.42], linewidth=1.6, **style)  # type: ignore[arg-type]


def _extent(bars: list[tuple[float, VarianceBar]]) -> tuple[float, float]:
    numbers = [0.0]
    for _, bar in bars:
        if bar.amount is not None:
            numbers.append(float(bar.amount))
        if bar.limits is not None:
            numbers += [float(limit) * bar.adverse_sign for limit in bar.limits]
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    return low - span * 0.08, high + span * 0.08


@text_as_text
def budget_variance(
    table: BudgetTable,
    *,
    rule: BudgetRule | None = None,
    group: str | Callable[[BudgetLine], str] | None = "category",
    value: str = "amount",
    totals: bool = True,
    ax: Axes | None = None,
    palette: Palette = "scale",
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """Each budget line's variance (projected minus budget) as a bar, grouped by level.

    Adverse variances (an overspend, an income shortfall) are drawn in the
    palette's Red with a cross hatch, favourable ones in its Green, and every
    bar is labelled with its amount and ``ADV`` or ``FAV``, so colour is never
    needed to read it. With a ``rule``, its amber (dashed) and red (solid)
    limits are drawn on each line's adverse side: one line across the chart
    when every line has the same limit, a mark on each bar otherwise.

    Args:
        table: the budget table.
        rule: the RAG thresholds to draw, if any.
        group: what to group lines by: a ``BudgetLine`` attribute name
            (``"category"``, the default; use a level's attribute for a
            hierarchy), a function of the line, or ``None`` for one group.
        value: ``"amount"`` (in the table's unit) or ``"percent"`` (of the budget).
        totals: add each category's total (when grouping by category).
        ax: the Axes to draw on; a new figure when ``None``.
        palette: ``"scale"``, ``"colorblind"`` or a mapping of status label to colour.
        title: the chart's title.
        legend: draw the legend.

    Returns:
        The Axes drawn on.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> table = BudgetTable([
    ...     BudgetLine("People", 6974, 7093, "Local risk"),
    ...     BudgetLine("Housing", 843, 824, "Local risk"),
    ... ])
    >>> ax = budget_variance(table, ax=Figure().add_subplot())
    >>> [(p.get_gid(), float(p.get_width())) for p in ax.patches]  # People, Housing, the total
    [('kpirag-variance-adverse', 119.0),
     ('kpirag-variance-favourable', -19.0),
     ('kpirag-variance-adverse', 100.0)]

    ```
    """
    groups = variance_groups(table, rule=rule, group=group, value=value, totals=totals)
    bars, headings = _layout(groups)
    rows = len(bars) + len(headings)
    ax = new_axes(ax, (7.5, max(2.6, 1.4 + 0.32 * rows)))
    styles = status_styles([Status.GREEN, Status.AMBER, Status.RED], palette)
    adverse, favourable = styles[Status.RED], styles[Status.GREEN]
    for y, bar in bars:
        if bar.amount is not None and not bar.amount.is_zero():
            style = adverse if bar.line.adverse else favourable
            ax.barh(
                y,
                float(bar.amount),
                height=0.62,
                color=style.fill,
                edgecolor=style.line,
                hatch=_HATCH_ADVERSE if bar.line.adverse else None,
                linewidth=1.8 if bar.total else 1,
                gid="kpirag-variance-adverse" if bar.line.adverse else "kpirag-variance-favourable",
            )
        end = 0.0 if bar.amount is None else float(bar.amount)
        # A bar's label goes beyond its end; "on budget" goes on the favourable side of zero,
        # clear of the thresholds.
        left = end < 0 or (end == 0 and bar.adverse_sign > 0)
        annotate(
            ax,
            _label(bar, value),
            (end, y),
            xytext=(-4 if left else 4, 0),
            ha="right" if left else "left",
            va="center",
            fontweight="bold" if bar.total else "normal",
            zorder=4,  # over the threshold lines
            bbox=halo(0.1),
            gid="kpirag-variance-label",
        )
    if rule is not None:
        _thresholds(ax, bars, rule, styles)
    ax.axvline(0, color=TEXT_COLOUR, linewidth=0.8, zorder=2)
    slants: list[tuple[float, str, str, Literal["normal", "italic"]]] = [
        (y, bar.name, "bold" if bar.total else "normal", "normal") for y, bar in bars
    ]
    slants += [(y, name, "bold", "italic") for y, name in headings]
    rows_shown = sorted(slants)
    ticks = [y for y, _, _, _ in rows_shown]
    ax.set_yticks(ticks, [visible(name) for _, name, _, _ in rows_shown], fontsize=SMALL + 1)
    for tick, (_, _, weight, slant) in zip(ax.get_yticklabels(), rows_shown, strict=True):
        tick.set_fontweight(weight)
        tick.set_fontstyle(slant)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(max(ticks, default=0) + 0.7, -0.7)
    ax.set_xlim(*_extent(bars))
    unit = table.lines[0].unit if table.lines else ""
    ax.set_xlabel(
        "Variance, % of budget (projected minus budget)"
        if value == "percent"
        else f"Variance, {unit} (projected minus budget)",
        fontsize=SMALL + 1,
    )
    ax.tick_params(axis="x", labelsize=SMALL)
    finish(ax, title, hide=("top", "right", "left"))
    if legend:
        handles: list[Patch | Line2D] = [
            patch_handle(adverse, "Adverse (ADV)", _HATCH_ADVERSE),
            patch_handle(favourable, "Favourable (FAV)"),
        ]
        if rule is not None:
            handles += [
                Line2D(
                    [],
                    [],
                    color=styles[status].line,
                    linestyle=_THRESHOLD_STYLES[status.label.casefold()],
                    label=f"{status.label} threshold",
                )
                for status in (Status.AMBER, Status.RED)
            ]
        side_legend(ax, handles, None)
    fit_labels(ax, "kpirag-variance-label")
    return ax
