"""``risk_heatmap``: a risk matrix coloured by rating, each open risk in its cell by code."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Rectangle

from kpirag._validate import instance
from kpirag.plot._read import PlacedRisk, Position, cells, place_risks
from kpirag.plot._style import (
    SMALL,
    Palette,
    annotate,
    finish,
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
from kpirag.risk import RiskMatrix, RiskRegister

__all__ = ["risk_heatmap"]

_SIZE = (7.5, 5.6)
_LINE = 1.3  # line spacing of the codes in a cell, in font sizes
_CORNER = 16.0  # points kept free at the top of a cell for its score and rating
_ARROW = "#333333"


def _place_codes(
    ax: Axes,
    risks: list[PlacedRisk],
    cell_height: float,
) -> tuple[dict[str, tuple[float, float]], list[PlacedRisk]]:
    """Write each placed risk's code in its cell, one a line.

    Returns where each code was written, and the risks a full cell could not list.
    """
    by_cell: dict[tuple[int, int], list[PlacedRisk]] = {}
    for risk in risks:
        if risk.cell is not None:
            by_cell.setdefault(risk.cell, []).append(risk)
    step = SMALL * _LINE / cell_height  # one line, in cell units
    top = 1 - _CORNER / cell_height
    fits = max(1, int((cell_height - _CORNER) // (SMALL * _LINE)))  # codes a cell shows
    anchors: dict[str, tuple[float, float]] = {}
    hidden: list[PlacedRisk] = []
    for (row, column), here in by_cell.items():
        more = len(here) > fits  # then a '+n more' line takes the place of the last that fit
        shown = fits - 1 if more else len(here)
        lines: list[tuple[str, list[PlacedRisk], dict[str, object]]] = [
            (risk.code, [risk], {"gid": "kpirag-risk-code", "bbox": halo(0.2)})
            for risk in here[:shown]
        ]
        if more:  # the rest on one line, their arrows starting there
            more_style: dict[str, object] = {"gid": "kpirag-risk-more", "fontstyle": "italic"}
            lines.append((f"+{len(here) - shown} more", here[shown:], more_style))
            hidden += here[shown:]
        for index, (text, listed, style) in enumerate(lines):
            y = row + top - step * (index + 0.5)
            write(ax, column + 0.5, y, text, ha="center", va="center", zorder=3, **style)
            anchors.update((risk.code, (column + 0.5, y)) for risk in listed)
    return anchors, hidden


def _note(
    ax: Axes, unplaced: list[PlacedRisk], hidden: list[PlacedRisk], matrix: RiskMatrix
) -> None:
    """Under the chart, name the risks it could not show in a cell."""
    lines = []
    if unplaced:
        by_score: dict[int | None, list[str]] = {}
        for risk in unplaced:
            by_score.setdefault(risk.score, []).append(risk.code)
        listed = "; ".join(f"{score}: {', '.join(codes)}" for score, codes in by_score.items())
        lines += textwrap.wrap(
            f"Recorded by score alone, which several cells give (score: codes): {listed}", 95
        )
    if hidden:
        listed = "; ".join(
            f"{risk.code} ({matrix.likelihood.levels[risk.cell[0]].label}, "
            f"{matrix.impact.levels[risk.cell[1]].label})"
            for risk in hidden
            if risk.cell is not None
        )
        lines += textwrap.wrap(f"Also in cells too full to list: {listed}", 95)
    if not lines:
        return
    annotate(
        ax,
        "\n".join(lines),
        (0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -6),
        ha="left",
        va="top",
        gid="kpirag-risk-note",
    )


def _arrows(ax: Axes, risks: list[PlacedRisk], anchors: dict[str, tuple[float, float]]) -> int:
    drawn = 0
    for risk in risks:
        if risk.cell is None or risk.target_cell is None or risk.target_cell == risk.cell:
            continue
        row, column = risk.target_cell
        end = (column + 0.5, row + 0.5)
        ax.plot(
            *end,
            marker="o",
            markersize=9,
            markerfacecolor="none",
            markeredgecolor=_ARROW,
            markeredgewidth=1.5,
            zorder=4,
            gid="kpirag-risk-target",
        )
        ax.add_patch(
            FancyArrowPatch(
                anchors[risk.code],
                end,
                arrowstyle="-|>",
                mutation_scale=12,
                connectionstyle="arc3,rad=0.15",
                color=_ARROW,
                linewidth=1.3,
                shrinkA=14,
                shrinkB=6,
                zorder=4,
                gid="kpirag-risk-arrow",
            )
        )
        drawn += 1
    return drawn


@text_as_text
def risk_heatmap(
    register: RiskRegister,
    *,
    positions: Mapping[str, Position] | None = None,
    targets: Mapping[str, Position] | None = None,
    arrows: bool = False,
    ax: Axes | None = None,
    palette: Palette = "scale",
    title: str | None = None,
    legend: bool = True,
) -> Axes:
    """The register's matrix, each cell coloured by its rating band, each open risk in its cell.

    Likelihood runs up, impact across, both labelled with their level names.
    Each cell shows its score and rating (so the band never depends on colour)
    and the codes of its risks, one a line. A risk recorded by score alone is
    placed when only one cell gives that score; the others are listed under the
    chart, unless ``positions`` places them.

    Args:
        register: the risk register (its open risks are drawn).
        positions: (likelihood, impact) by risk code, for risks recorded by score alone.
        targets: target (likelihood, impact) by risk code, for the arrows.
        arrows: draw an arrow from each risk to its target cell (a ``targets``
            entry, or the one cell of its target score).
        ax: the Axes to draw on; a new figure when ``None``.
        palette: ``"scale"`` (the bands' own colours), ``"colorblind"``, or a
            mapping of status label to colour.
        title: the chart's title; by default the matrix's name.
        legend: draw the legend of rating bands.

    Returns:
        The Axes drawn on.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> register = RiskRegister(RiskMatrix.city_of_london(), [
    ...     Risk("R1", "Lone working", likelihood="Unlikely", impact="Extreme", target_score=8),
    ...     Risk("R2", "Fire risk assessments", likelihood="Possible", impact="Major"),
    ... ])
    >>> ax = risk_heatmap(register, arrows=True, ax=Figure().add_subplot())
    >>> len(ax.patches), [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-code"]
    (16, ['R1', 'R2'])

    ```
    """
    instance(register, RiskRegister, field="register", expected="a RiskRegister")
    matrix = register.matrix
    placed = place_risks(register, positions, targets)
    ax = new_axes(ax, _SIZE)
    grid = cells(matrix)
    styles = status_styles([band.status for band in matrix.bands], palette)
    rows, columns = len(matrix.likelihood.levels), len(matrix.impact.levels)
    for cell in grid:
        style = styles[cell.rating]
        ax.add_patch(
            Rectangle(
                (cell.column, cell.row),
                1,
                1,
                facecolor=style.fill,
                edgecolor="white",
                linewidth=2,
                zorder=1,
                gid=f"kpirag-cell-{cell.rating.label}",
            )
        )
        write(
            ax,
            cell.column + 0.97,
            cell.row + 0.96,
            f"{cell.score} {cell.rating.abbreviation or cell.rating.label}",
            ha="right",
            va="top",
            zorder=2,
            gid="kpirag-cell-score",
        )
    ax.set_xlim(0, columns)
    ax.set_ylim(0, rows)
    ax.set_xticks(
        [c + 0.5 for c in range(columns)],
        [visible(f"{lvl.label}\n({lvl.value})") for lvl in matrix.impact.levels],
        fontsize=SMALL + 1,
    )
    ax.set_yticks(
        [r + 0.5 for r in range(rows)],
        [visible(f"{lvl.label} ({lvl.value})") for lvl in matrix.likelihood.levels],
        fontsize=SMALL + 1,
    )
    ax.tick_params(length=0)
    ax.set_xlabel(visible(matrix.impact.name.capitalize()), fontsize=SMALL + 1)
    ax.set_ylabel(visible(matrix.likelihood.name.capitalize()), fontsize=SMALL + 1)
    finish(ax, matrix.name if title is None else title, hide=ax.spines.keys())
    if legend:
        handles = [
            patch_handle(
                styles[band.status],
                f"{band.status.label} ({band.low}\u2013{band.high})"
                if band.low != band.high
                else f"{band.status.label} ({band.low})",
            )
            for band in matrix.bands
        ]
        side_legend(ax, handles, "Rating (score)")
    figure = laid_out(ax)
    height = ax.get_window_extent().height * (72 / figure.dpi) / rows  # a cell's, in points
    anchors, hidden = _place_codes(ax, placed, height)
    _note(ax, [risk for risk in placed if risk.cell is None], hidden, matrix)
    if arrows:
        _arrows(ax, placed, anchors)
    return ax
