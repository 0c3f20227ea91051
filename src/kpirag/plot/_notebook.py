"""Charts in a notebook: an SPC chart or a series as a small inline SVG above its figures.

``kpirag.report.html_of`` shows an object's figures as HTML without
matplotlib; these functions (for an SPC chart, a KPI series and a risk
register) draw the chart too, small, and put it at the top
of the same fragment (``html_of(obj, figure=svg)``), so a notebook shows the
chart with its limits, icons and reading below it.
"""

from __future__ import annotations

from kpirag._validate import instance
from kpirag.kpi import Series
from kpirag.plot._heatmap import _SIZE as _HEATMAP_SIZE
from kpirag.plot._heatmap import risk_heatmap
from kpirag.plot._report import figure_svg
from kpirag.plot._spc import spc_chart
from kpirag.plot._style import figure_axes
from kpirag.plot._trend import trend_chart
from kpirag.report import html_of
from kpirag.risk import RiskRegister
from kpirag.spc import XmRChart

__all__ = ["HEATMAP_SIZE", "NOTEBOOK_SIZE", "register_html", "series_html", "spc_html"]

NOTEBOOK_SIZE = (8.4, 3.0)
"""The size, in inches, of a chart drawn for a notebook (about 800 by 290 pixels at 96 dpi)."""

HEATMAP_SIZE = _HEATMAP_SIZE
"""The size, in inches, of a risk matrix in a notebook: its usual size (its codes need it)."""


def spc_html(chart: XmRChart) -> str:
    """An XmR chart as HTML for a notebook: drawn small, then its limits, icons and reading.

    The drawing is ``spc_chart`` (with its icons, without a legend), as
    sanitised inline SVG; below it is ``kpirag.report.html_of(chart)``.

    ```pycon
    >>> from kpirag.spc import xmr
    >>> fragment = spc_html(xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3))
    >>> fragment.count("<svg"), "Hit or miss target" in fragment, "<script" in fragment
    (1, True, False)

    ```
    """
    instance(chart, XmRChart, field="chart", expected="an XmRChart from kpirag.spc.xmr")
    ax = spc_chart(chart, ax=figure_axes(NOTEBOOK_SIZE), legend=False)
    return html_of(chart, figure=figure_svg(ax))


def series_html(series: Series) -> str:
    """A KPI series as HTML for a notebook: its trend against the target, then its figures.

    The drawing is ``trend_chart`` of every period with a figure (the
    tolerance bands shaded, each point marked with its status), as sanitised
    inline SVG; below it is ``kpirag.report.html_of(series)``. A series
    without any figure, a composite KPI's or one without a target shows the
    figures only.

    ```pycon
    >>> from kpirag.kpi import KPI
    >>> series = Series.of(KPI("1.5", "Seen in 2 weeks", ">=90%"), {"Q1 2024/25": "88%"})
    >>> fragment = series_html(series)
    >>> fragment.count("<svg"), "Amber" in fragment
    (1, True)

    ```
    """
    instance(series, Series, field="series", expected="a kpirag.kpi.Series")
    points = [
        (period, series.evaluate(period))
        for period, observation in series.entries
        if observation.value is not None
    ]
    if not points or series.kpi.parts or series.kpi.target is None:
        return html_of(series)
    ax = trend_chart(series.kpi, points, ax=figure_axes(NOTEBOOK_SIZE), title="", legend=False)
    return html_of(series, figure=figure_svg(ax))


def register_html(register: RiskRegister) -> str:
    """A risk register as HTML for a notebook: its heat map, then its counts and table.

    The drawing is ``risk_heatmap`` (each open risk placed by code, each cell
    labelled with its score and rating), as sanitised inline SVG; below it is
    ``kpirag.report.html_of(register)``.

    ```pycon
    >>> from kpirag.risk import Risk, RiskMatrix
    >>> register = RiskRegister(RiskMatrix.city_of_london(), [Risk("R1", "Lone working", score=16)])
    >>> fragment = register_html(register)
    >>> fragment.count("<svg"), "Lone working" in fragment
    (1, True)

    ```
    """
    instance(register, RiskRegister, field="register", expected="a kpirag.risk.RiskRegister")
    ax = risk_heatmap(register, ax=figure_axes(HEATMAP_SIZE), title="")
    return html_of(register, figure=figure_svg(ax))
