"""Charts of kpirag's objects, drawn with matplotlib.

Needs the ``plot`` extra: ``pip install 'kpirag[plot]'``; ``import kpirag``
never imports matplotlib. Each function takes kpirag objects, draws on the
``ax`` it is given (or on a new figure), and returns the Axes, like seaborn's
axes-level functions; none calls ``plt.show()`` or changes matplotlib's global
settings. Status is never shown by colour alone: points have a shape per
status, bars and cells a hatch or a label, and ``palette="colorblind"`` swaps
the scale's colours for the Okabe-Ito set.

- ``spc_chart``: an XmR chart the NHS "Making Data Count" way, with its variation and
  assurance icons.
- ``trend_chart``: a KPI over periods, against its target and tolerance bands.
- ``risk_heatmap``: a risk matrix coloured by rating, with each risk in its cell.
- ``status_summary``: stacked bars of statuses by theme (or any grouping).
- ``budget_variance``: variance by budget line, adverse and favourable, with thresholds.
- ``ipr_chart``: one metric of an integrated performance report: its XmR chart with its
  target trajectory, reference line, events and provisional figures; ``ipr_charts`` draws
  them all and ``board_pack`` writes the standalone board pack.

For a report's HTML document, ``figure_svg`` turns a figure into SVG text and
``report_charts`` draws a quarterly report's charts as ``kpirag.report.Chart``
objects (``Report(title, tables, charts).to_html(standalone=True)``).
In a notebook, ``spc_html``, ``series_html`` and ``register_html`` give a chart drawn small above
its figures (``kpirag.report.html_of``).
"""

from __future__ import annotations

try:
    import matplotlib as mpl  # only to fail early with a clear message
except ImportError as exc:  # pragma: no cover - exercised in an environment without matplotlib
    raise ImportError(
        "kpirag.plot needs matplotlib; install it with: pip install 'kpirag[plot]'"
    ) from exc

from kpirag.plot._budget import budget_variance
from kpirag.plot._heatmap import risk_heatmap
from kpirag.plot._ipr import board_pack, ipr_chart, ipr_charts
from kpirag.plot._notebook import register_html, series_html, spc_html
from kpirag.plot._report import figure_svg, report_charts
from kpirag.plot._spc import SPC_COLOURS, SPCPalette, spc_chart, spc_colours
from kpirag.plot._style import Palette, StatusStyle, status_styles
from kpirag.plot._summary import status_summary
from kpirag.plot._trend import trend_chart

del mpl

__all__ = [
    "SPC_COLOURS",
    "Palette",
    "SPCPalette",
    "StatusStyle",
    "board_pack",
    "budget_variance",
    "figure_svg",
    "ipr_chart",
    "ipr_charts",
    "register_html",
    "report_charts",
    "risk_heatmap",
    "series_html",
    "spc_chart",
    "spc_colours",
    "spc_html",
    "status_styles",
    "status_summary",
    "trend_chart",
]
