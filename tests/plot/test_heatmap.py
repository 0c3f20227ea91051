"""risk_heatmap: cells coloured by band, level names on the axes, risks in their cells."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle

from kpirag import (
    InvalidChartError,
    InvalidRiskError,
    Risk,
    RiskMatrix,
    RiskRegister,
    Status,
    ValueTypeError,
)
from kpirag.plot import risk_heatmap


def xs(line: Line2D) -> list[float]:
    """The line's x data as floats."""
    return [float(v) for v in np.asarray(line.get_xdata(), dtype=float)]


def ys(line: Line2D) -> list[float]:
    """The line's y data as floats."""
    return [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]


def cell_patches(ax: Axes) -> list[Rectangle]:
    return [
        p
        for p in ax.patches
        if isinstance(p, Rectangle) and str(p.get_gid()).startswith("kpirag-cell-")
    ]


def codes(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-code"]


def crowded() -> RiskRegister:
    """Six risks in one cell, two in another, arrows to unique target cells."""
    crowd = [Risk(f"DCCS HS 00{n}", "t", likelihood="Unlikely", impact="Major") for n in range(6)]
    return RiskRegister(
        RiskMatrix.city_of_london(),
        [
            *crowd,
            Risk("ED 001", "t", likelihood="Possible", impact="Major", target_score=6),
            Risk("HS 004", "t", likelihood="Possible", impact="Major", target_score=12),
            Risk("LW 1", "t", likelihood="Likely", impact="Major", target_score=6),
        ],
    )


def test_q1_register(q1: ModuleType, save: Callable[[Axes, str], str]) -> None:
    """4x4 cells coloured by their band; the risks a score places, by code; the rest listed."""
    register = q1.risk_register()
    ax = risk_heatmap(register)
    patches = cell_patches(ax)
    assert len(patches) == 16
    colour = {s.label: to_rgba(s.colour) for s in (Status.GREEN, Status.AMBER, Status.RED)}
    for patch in patches:
        label = str(patch.get_gid()).removeprefix("kpirag-cell-")
        assert patch.get_facecolor() == colour[label]
    scores = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-cell-score"]
    assert sorted(scores) == sorted(
        ["1 G", "2 G", "3 G", "4 G", "2 G", "4 G", "6 A", "8 A", "4 G", "8 A", "12 A", "16 R",
         "8 A", "16 R", "24 R", "32 R"]
    )  # fmt: skip
    # 12 and 6 come from one cell each; 16, 8 and 4 from several, so those risks are listed.
    assert sorted(codes(ax)) == ["DCCS ED 001", "DCCS ED 002", "DCCS HS 002", "DCCS HS 004"]
    (note,) = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-note"]
    for code in ("DCCS HS 003", "CR13", "DCCS 001", "DCCS CL 001", "DCCS CP 002", "DCCS HS 001"):
        assert code in note
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Minor\n(1)",
        "Serious\n(2)",
        "Major\n(4)",
        "Extreme\n(8)",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Rare (1)",
        "Unlikely (2)",
        "Possible (3)",
        "Likely (4)",
    ]
    assert ax.get_xlabel() == "Impact"
    assert ax.get_ylabel() == "Likelihood"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "Green (1\u20134)",
        "Amber (6\u201312)",
        "Red (16\u201332)",
    ]
    assert 'id="kpirag-cell-Red' in save(ax, "heatmap-q1")


def test_cells_are_where_their_scores_are(q1: ModuleType) -> None:
    """The cell at likelihood row r and impact column c has the score of those levels."""
    ax = risk_heatmap(q1.risk_register())
    matrix = RiskMatrix.city_of_london()
    for patch in cell_patches(ax):
        row, column = int(patch.get_y()), int(patch.get_x())
        score = matrix.likelihood.levels[row].value * matrix.impact.levels[column].value
        assert patch.get_gid() == f"kpirag-cell-{matrix.rating(score).label}"


def test_many_risks_in_a_cell_do_not_overlap() -> None:
    """Codes in one cell are stacked without overlapping, and each stays inside its cell."""
    ax = risk_heatmap(crowded())
    figure = ax.get_figure(root=True)
    assert figure is not None
    figure.draw_without_rendering()
    boxes = [
        t.get_window_extent()
        for t in ax.texts
        if t.get_gid() in {"kpirag-risk-code", "kpirag-risk-more"}
    ]
    for first, second in itertools.combinations(boxes, 2):
        assert not first.overlaps(second)
    cell = next(
        p for p in cell_patches(ax) if (int(p.get_y()), int(p.get_x())) == (1, 2)
    ).get_window_extent()
    for box in boxes:
        assert cell.x0 <= box.x0
        assert box.x1 <= cell.x1


def test_a_full_cell_says_how_many_more_and_lists_them() -> None:
    """When a cell cannot list every code, it says '+n more' and the note names them."""
    ax = risk_heatmap(crowded(), ax=None)
    more = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-more"]
    listed = [c for c in codes(ax) if c.startswith("DCCS HS")]
    if more:
        (text,) = more
        hidden = int(text.split()[0].lstrip("+"))
        assert len(listed) + hidden == 6
        (note,) = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-note"]
        assert note.count("(Unlikely, Major)") == hidden
    else:
        assert len(listed) == 6


def test_arrows_point_from_each_risk_to_its_target_cell() -> None:
    """arrows=True draws one arrow per risk whose target cell is known and elsewhere."""
    ax = risk_heatmap(crowded(), arrows=True)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2  # ED 001 and LW 1 aim at 6 (one cell); HS 004 is at its target
    ends = [
        [xs(line)[0], ys(line)[0]]
        for line in ax.get_lines()
        if line.get_gid() == "kpirag-risk-target"
    ]
    assert ends == [[1.5, 2.5], [1.5, 2.5]]  # Serious x Possible
    assert not any(isinstance(p, FancyArrowPatch) for p in risk_heatmap(crowded()).patches)


def test_positions_and_targets_place_score_only_risks(q1: ModuleType) -> None:
    """Positions given for risks recorded by score place them; targets draw their arrows."""
    ax = risk_heatmap(
        q1.risk_register(),
        positions={"DCCS HS 003": ("Likely", "Major")},
        targets={"DCCS HS 003": ("Unlikely", "Major")},
        arrows=True,
    )
    assert "DCCS HS 003" in codes(ax)
    assert sum(isinstance(p, FancyArrowPatch) for p in ax.patches) == 1
    with pytest.raises(InvalidChartError, match="score is 16"):
        risk_heatmap(q1.risk_register(), positions={"DCCS HS 003": ("Rare", "Minor")})
    with pytest.raises(InvalidChartError, match="positions"):
        risk_heatmap(q1.risk_register(), positions={"NOPE": (1, 1)})
    with pytest.raises(InvalidRiskError):
        risk_heatmap(q1.risk_register(), positions={"DCCS HS 003": ("Often", "Major")})
    with pytest.raises(ValueTypeError):
        risk_heatmap(q1.risk_register(), positions={"DCCS HS 003": (None, "Major")})  # type: ignore[dict-item]


def test_five_by_five_and_colorblind() -> None:
    """Any matrix: the NHS 5x5 has 25 cells in four bands, labelled with its level names."""
    register = RiskRegister(RiskMatrix.nhs_5x5(), [Risk("A", "a", likelihood=5, impact=5)])
    ax = risk_heatmap(register, palette="colorblind", title="Board risks")
    assert len(cell_patches(ax)) == 25
    assert {str(p.get_gid()) for p in cell_patches(ax)} == {
        "kpirag-cell-Low",
        "kpirag-cell-Moderate",
        "kpirag-cell-High",
        "kpirag-cell-Extreme",
    }
    assert len({p.get_facecolor() for p in cell_patches(ax)}) == 4
    assert ax.get_xlabel() == "Consequence"
    assert ax.get_title(loc="left") == "Board risks"
    assert codes(ax) == ["A"]


def test_not_a_register() -> None:
    """Anything but a register is refused with our type error."""
    with pytest.raises(ValueTypeError):
        risk_heatmap(RiskMatrix.city_of_london())  # type: ignore[arg-type]


def test_the_note_of_hidden_codes_wraps_at_95_characters() -> None:
    """The note listing codes hidden from full cells wraps at 95 characters a line."""
    import textwrap  # noqa: PLC0415 - beside its one use

    risks = [Risk(f"HS {n}", "x", likelihood="Likely", impact="Major") for n in range(31)]
    ax = risk_heatmap(RiskRegister(RiskMatrix.city_of_london(), risks))
    (note,) = [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-risk-note"]
    lines = note.splitlines()
    text = " ".join(lines)
    assert text.startswith("Also in cells too full to list: ")
    assert textwrap.wrap(text, 95) != textwrap.wrap(text, 96)  # the data tells the widths apart
    assert lines == textwrap.wrap(text, 95)
