"""The integrated performance report: a board's metrics read once, for every view.

A trust's or council's metric list (``Metric``: domain, owner, direction,
target, SPC settings, data quality, due lag) and its figures
(``MetricValue``: each period's figure, target and reference line) go into
``build``, which judges every period against its own target, draws every
chart and reads the latest period: RAG status and explanation, variation and
assurance icons, direction of travel, data-quality and freshness flags, and a
narrative. The summary table, the charts, the frames, the board pack and the
command line all read the ``IPR`` it returns.

```pycon
>>> from kpirag.ipr import Metric, MetricValue, build
>>> metric = Metric("RTT", "Waiting under 18 weeks", "Planned care", unit="percent",
...                 improvement="increase", owner="Chief Operating Officer")
>>> values = [MetricValue("RTT", "2025-01", "58.1%", target="60%"),
...           MetricValue("RTT", "2025-02", "59.0%", target="61%")]
>>> report = build([metric], values, as_of="2025-03-31").metric("RTT")
>>> report.result.explanation
'Amber: 59.0% misses >=61% by 2.0 points (3.3%), within the 10% tolerance (Amber down to 54.9%)'
>>> [str(point.target) for point in report.points]
['>=60%', '>=61%']

```
"""

from __future__ import annotations

from kpirag.ipr import _build, _metric
from kpirag.ipr._build import *  # noqa: F403 - the names its __all__ lists
from kpirag.ipr._metric import *  # noqa: F403 - the names its __all__ lists

__all__ = sorted(_build.__all__ + _metric.__all__)  # noqa: PLE0605 - the modules' own lists
