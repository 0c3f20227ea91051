"""Charts as SVG text for a report's HTML document: ``figure_svg`` and ``report_charts``.

``kpirag.report`` sits below this layer and never imports matplotlib, so a
report takes its charts as data (``kpirag.report.Chart``: SVG text, a title,
a text alternative and the table it goes with). These two functions make
that data from matplotlib figures.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from kpirag.budget import BudgetRule, BudgetTable
from kpirag.errors import ValueTypeError
from kpirag.kpi import Evaluation, Summary
from kpirag.plot._budget import _layout, budget_variance
from kpirag.plot._heatmap import _SIZE as HEATMAP_SIZE
from kpirag.plot._heatmap import risk_heatmap
from kpirag.plot._read import summaries, variance_groups
from kpirag.plot._spc import _SIZE as SPC_SIZE
from kpirag.plot._spc import spc_chart
from kpirag.plot._style import Palette, figure_axes
from kpirag.plot._summary import status_summary
from kpirag.report import Chart
from kpirag.risk import RiskRegister
from kpirag.rules import format_decimal
from kpirag.spc import XmRChart

__all__ = ["figure_svg", "report_charts"]

_WIDTH = 7.5  # inches: the width every kpirag chart is drawn at
_SPC_WIDTH = 11.0  # inches: an XmR chart, with its icons and legend beside the plot


def figure_svg(figure: Figure | SubFigure | Axes) -> str:
    """The figure (or the figure an Axes is on) as SVG text, the same on every run.

    Text is drawn as paths, so the chart looks the same whatever fonts the
    reader has; the date and the random ids matplotlib would add are left out.
    Wrap it in a ``kpirag.report.Chart`` to put it in a report.

    ```pycon
    >>> from matplotlib.figure import Figure
    >>> from kpirag import Status
    >>> from kpirag.plot import status_summary
    >>> ax = status_summary({"Safe": [Status.GREEN, Status.RED]}, ax=Figure().add_subplot())
    >>> svg = figure_svg(ax)
    >>> svg.startswith("<?xml"), "<svg" in svg, svg == figure_svg(ax.figure)
    (True, True, True)

    ```
    """
    if isinstance(figure, Axes | SubFigure):
        drawn = figure.get_figure(root=True)
    elif isinstance(figure, Figure):
        drawn = figure
    else:
        raise ValueTypeError(
            field="figure", value=figure, expected="a matplotlib Figure, SubFigure or Axes"
        )
    assert drawn is not None  # noqa: S101 - an Axes or SubFigure always has a root figure
    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "kpirag", "svg.fonttype": "path"}):
        drawn.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _counts(summary: Summary) -> str:
    parts = [f"{summary.count(status)} {status}" for status in summary.statuses]
    if summary.not_rated:
        parts.append(f"{summary.not_rated} not rated")
    return ", ".join(parts) or "none"


def _summary_chart(evaluation: Evaluation, palette: Palette, section: str) -> Chart:
    groups = summaries(evaluation)
    ax = figure_axes((_WIDTH, max(2.4, 1.4 + 0.6 * len(groups))))
    status_summary(evaluation, ax=ax, palette=palette, title="")
    described = "; ".join(f"{name or 'No theme'}: {_counts(found)}" for name, found in groups)
    return Chart(
        "KPI statuses by theme",
        figure_svg(ax),
        description=f"Stacked bars of KPI statuses by theme. {described}.",
        section=section,
    )


def _heatmap_chart(register: RiskRegister, palette: Palette, section: str) -> Chart:
    ax = risk_heatmap(
        register, ax=figure_axes((_WIDTH, HEATMAP_SIZE[1])), palette=palette, title=""
    )
    summary = register.summary()
    return Chart(
        f"Risk matrix ({register.matrix.name}): open risks by likelihood and impact",
        figure_svg(ax),
        description=(
            f"The {register.matrix.name} risk matrix coloured by rating, with each open risk "
            f"placed by code. Open risks: {_counts(summary)}."
        ),
        section=section,
    )


def _budget_chart(
    budget: BudgetTable, rule: BudgetRule | None, palette: Palette, section: str
) -> Chart:
    bars, headings = _layout(variance_groups(budget, rule=rule, group="category", totals=True))
    ax = figure_axes((_WIDTH, max(2.6, 1.4 + 0.32 * (len(bars) + len(headings)))))
    budget_variance(budget, rule=rule, ax=ax, palette=palette, title="")
    unit = budget.lines[0].unit if budget.lines else ""
    lines = "; ".join(
        f"{line.name}{f' ({line.category})' if line.category else ''}: "
        f"{format_decimal(line.variance, grouping=True)} {line.label}"
        for line in budget.lines
    )
    return Chart(
        f"Budget variance by line{f', {unit}' if unit else ''}: projected outturn less budget",
        figure_svg(ax),
        description=f"Variance of projected outturn from budget by line, {unit}: {lines}.",
        section=section,
    )


def _spc_chart(name: str, chart: XmRChart, section: str | None) -> Chart:
    # Wider than the other charts: the icons and the legend sit to the right of the plot.
    ax = spc_chart(chart, ax=figure_axes((_SPC_WIDTH, SPC_SIZE[1])), title="")
    icons = [chart.variation.label if chart.variation is not None else "no variation icon"]
    if chart.assurance.value != "none":
        icons.append(chart.assurance.label)
    return Chart(
        name,
        figure_svg(ax),
        description=(
            f"XmR chart of {name}: {len(chart.points)} points, {', '.join(icons)}. "
            f"{chart.reading()}."
        ),
        section=section,
    )


def report_charts(
    *,
    evaluation: Evaluation | None = None,
    register: RiskRegister | None = None,
    budget: BudgetTable | None = None,
    rule: BudgetRule | None = None,
    palette: Palette = "scale",
    sections: Iterable[str] = ("Status summary", "Risk register", "Budget monitoring"),
    spc: Mapping[str, XmRChart] | None = None,
    spc_section: str | None = None,
) -> list[Chart]:
    """The charts of a quarterly report, ready for ``Report(..., charts=...)``.

    Each chart's title is its caption on the page (the charts themselves are
    drawn without one). Draws, for what is given: the KPI statuses by theme (``status_summary``),
    the risk matrix with each open risk (``risk_heatmap``) and the budget
    variance by line (``budget_variance``, with ``rule``'s thresholds), and an
    XmR chart of each series in ``spc`` (``spc_chart``, captioned with the
    series' name). Each chart has a text description of what it shows and
    goes above the table named in ``sections`` (summary, risks, budget: the
    titles ``quarterly_report`` gives its tables); the XmR charts go above
    the table named ``spc_section``, or each in a section of its own after
    the tables when it is ``None``.

    ```pycon
    >>> from kpirag import KPI, Framework, Observation, Report, summary_table
    >>> evaluation = Framework([KPI("1", "a", "<43")]).evaluate([Observation("1", 46)])
    >>> charts = report_charts(evaluation=evaluation)
    >>> [(chart.title, chart.section) for chart in charts]
    [('KPI statuses by theme', 'Status summary')]
    >>> page = Report("Q1", [summary_table(evaluation.summary())], charts).to_html(standalone=True)
    >>> page.count("<svg")
    1

    ```
    """
    summary_section, risk_section, budget_section = _sections(sections)
    series = _series_charts(spc, spc_section)
    charts = []
    if evaluation is not None:
        charts.append(_summary_chart(evaluation, palette, summary_section))
    if register is not None:
        charts.append(_heatmap_chart(register, palette, risk_section))
    if budget is not None:
        charts.append(_budget_chart(budget, rule, palette, budget_section))
    if spc is not None:
        charts.extend(_spc_chart(name, chart, spc_section) for name, chart in series)
    return charts


def _series_charts(spc: object, section: object) -> tuple[tuple[str, XmRChart], ...]:
    """``spc``'s charts by name, and ``section`` checked, before anything is drawn."""
    if section is not None and not isinstance(section, str):
        raise ValueTypeError(field="spc_section", value=section, expected="a table title or None")
    if spc is None:
        return ()
    expected = "a mapping of series names to XmR charts"
    if not isinstance(spc, Mapping):
        raise ValueTypeError(field="spc", value=spc, expected=expected)
    pairs = tuple(spc.items())
    for name, chart in pairs:
        if not isinstance(name, str) or not isinstance(chart, XmRChart):
            raise ValueTypeError(field="spc", value=spc, expected=expected)
    return pairs


def _sections(sections: object) -> tuple[str, str, str]:
    expected = "three table titles: summary, risks, budget"
    if isinstance(sections, str) or not isinstance(sections, Iterable):
        raise ValueTypeError(field="sections", value=sections, expected=expected)
    names = tuple(sections)
    if len(names) != 3 or not all(isinstance(name, str) for name in names):  # noqa: PLR2004
        raise ValueTypeError(field="sections", value=sections, expected=expected)
    return names[0], names[1], names[2]
