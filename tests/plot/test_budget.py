"""budget_variance: variances by line, adverse and favourable, thresholds at their limits."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from kpirag import (
    BudgetLine,
    BudgetRule,
    BudgetTable,
    InvalidChartError,
    LineKind,
    Status,
    ValueTypeError,
)
from kpirag.plot import budget_variance


def xs(line: Line2D) -> list[float]:
    """The line's x data as floats."""
    return [float(v) for v in np.asarray(line.get_xdata(), dtype=float)]


def ys(line: Line2D) -> list[float]:
    """The line's y data as floats."""
    return [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]


def bars(ax: Axes) -> list[tuple[str, float]]:
    """(adverse or favourable, width) of each bar, top first."""
    found = [
        (p.get_y(), str(p.get_gid()).removeprefix("kpirag-variance-"), float(p.get_width()))
        for p in ax.patches
        if isinstance(p, Rectangle) and str(p.get_gid()).startswith("kpirag-variance-")
    ]
    return [(kind, width) for _, kind, width in sorted(found)]


def labels(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-variance-label"]


def test_q1_budget(q1: ModuleType, save: Callable[[Axes, str], str]) -> None:
    """Local and central risk, each with its total; adverse red and hatched, favourable green."""
    ax = budget_variance(q1.budget())
    assert bars(ax) == [
        ("adverse", 119.0),
        ("favourable", -94.0),
        ("favourable", -19.0),
        ("adverse", 6.0),
        ("adverse", 88.0),
        ("adverse", 40.0),  # central risk net income: a smaller income is adverse
        ("adverse", 128.0),
    ]
    assert labels(ax)[:4] == ["+119 ADV (1.7%)", "-94 FAV (-4.3%)", "on budget", "-19 FAV (-2.3%)"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Local risk"
    assert ticks.count("Total") == 2
    assert ticks.index("Central risk") == 9
    for patch in ax.patches:
        status = Status.RED if patch.get_gid() == "kpirag-variance-adverse" else Status.GREEN
        assert patch.get_facecolor() == to_rgba(status.colour)
        assert bool(patch.get_hatch()) is (status is Status.RED)
    assert "Variance, £'000" in ax.get_xlabel()
    assert 'id="kpirag-variance-adverse' in save(ax, "budget-q1")


def test_labels_fit_inside_the_axes(q1: ModuleType) -> None:
    """Every bar's label lies inside the axes, however long."""
    ax = budget_variance(q1.budget())
    figure = ax.get_figure(root=True)
    assert figure is not None
    figure.draw_without_rendering()
    frame = ax.get_window_extent()
    for text in ax.texts:
        box = text.get_window_extent()
        assert frame.x0 - 0.5 <= box.x0
        assert box.x1 <= frame.x1 + 0.5


def test_percentage_thresholds_are_lines_across(q1: ModuleType) -> None:
    """In percent of budget, a percentage rule's limits are one line each, at 2 and 5."""
    ax = budget_variance(q1.budget(), rule=BudgetRule.percentage(amber=2, red=5), value="percent")
    lines = {str(line.get_gid()): xs(line) for line in ax.get_lines() if line.get_gid()}
    assert list(lines["kpirag-threshold-amber"]) == [2.0, 2.0]
    assert list(lines["kpirag-threshold-red"]) == [5.0, 5.0]
    assert labels(ax)[0] == "+1.7% ADV (+119)"


def test_amount_thresholds_are_marked_on_each_bar() -> None:
    """In amounts, each line's limits differ, so each bar gets its own marks at its limits."""
    table = BudgetTable([BudgetLine("A", 1000, 1030), BudgetLine("B", 200, 190)])
    rule = BudgetRule.percentage(amber=2, red=5, flag_underspends=True)
    ax = budget_variance(table, rule=rule, group=None, totals=False)
    marks = sorted(
        (round(float(ys(line)[0]) + 0.42), str(line.get_gid()), float(xs(line)[0]))
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("kpirag-threshold")
    )
    assert marks == [
        (0, "kpirag-threshold-amber", -20.0),
        (0, "kpirag-threshold-amber", 20.0),
        (0, "kpirag-threshold-red", -50.0),
        (0, "kpirag-threshold-red", 50.0),
        (1, "kpirag-threshold-amber", -4.0),
        (1, "kpirag-threshold-amber", 4.0),
        (1, "kpirag-threshold-red", -10.0),
        (1, "kpirag-threshold-red", 10.0),
    ]


def test_income_lines_are_adverse_below_zero() -> None:
    """On an income line a lower projection is adverse, and its limits sit below zero."""
    table = BudgetTable([BudgetLine("Fees", 500, 450, kind=LineKind.INCOME)])
    ax = budget_variance(table, rule=BudgetRule.absolute(amber=10, red=40), group=None)
    assert bars(ax) == [("adverse", -50.0)]
    limits = sorted(
        float(xs(line)[0])
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("kpirag-threshold")
    )
    assert limits == [-40.0, -10.0]


def test_lines_are_grouped_by_category_unless_told(q1: ModuleType) -> None:
    """The default grouping is the lines' category."""
    shown = [t.get_text() for t in budget_variance(q1.budget()).get_yticklabels()]
    by_category = budget_variance(q1.budget(), group="category").get_yticklabels()
    assert shown == [t.get_text() for t in by_category]
    by_nothing = budget_variance(q1.budget(), group=None).get_yticklabels()
    assert shown != [t.get_text() for t in by_nothing]


def test_grouping_by_a_function_and_repeated_names(q1: ModuleType) -> None:
    """Lines can be grouped by any function; a repeated name gets its category."""
    ax = budget_variance(
        q1.budget(), group=lambda line: "Housing" if "Hous" in line.name else "Other"
    )
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Other"
    assert "People (Local risk)" in ticks
    assert "Total" not in ticks


def test_percent_of_a_zero_budget() -> None:
    """A percentage of a zero budget cannot be drawn; the bar says so."""
    ax = budget_variance(BudgetTable([BudgetLine("New", 0, 10)]), value="percent", group=None)
    assert bars(ax) == []
    assert labels(ax) == ["n/a (no budget)"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"value": "pounds"}, InvalidChartError),
        ({"group": "division"}, InvalidChartError),
        ({"group": 3}, ValueTypeError),
        ({"rule": "5%"}, ValueTypeError),
    ],
)
def test_bad_arguments(q1: ModuleType, kwargs: dict[str, object], error: type[Exception]) -> None:
    """Bad arguments raise our errors."""
    with pytest.raises(error):
        budget_variance(q1.budget(), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueTypeError):
        budget_variance([])  # type: ignore[arg-type]
