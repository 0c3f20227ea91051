"""Statistical process control: XmR charts read the NHS "Making Data Count" way.

An XmR chart draws process limits from a measure's own variation and flags
special causes: a point outside the limits, a shift, a trend, or two of three
points beyond a 2-sigma line. The last point gives the variation icon; the
target against the last limits gives the assurance icon. All arithmetic is
exact (``Fraction``); round only for display.

```pycon
>>> from kpirag.spc import xmr, SPCSettings
>>> chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
>>> chart.variation.label, chart.assurance.label
('Common cause', 'Hit or miss target')
>>> chart.limits.rounded(2)
{'mean': Decimal('1.94'), 'mr_bar': Decimal('1.00'), 'lower': Decimal('-0.72'),
 'upper': Decimal('4.60'), 'lower_two_sigma': Decimal('0.17'), 'upper_two_sigma': Decimal('3.72')}

```

Settings hold every choice on which the public tools differ; the presets
``SPCSettings.nhsr()``, ``SPCSettings.mdc_2023()`` and ``SPCSettings.powerbi()``
match NHSRplotthedots 0.2.2, NHS England's tools after November 2023, and the
Power BI SPC visual.
"""

from __future__ import annotations

from kpirag.spc._chart import SPCPoint, XmRChart, xmr
from kpirag.spc._icons import assurance
from kpirag.spc._limits import ProcessLimits, moving_ranges, process_limits
from kpirag.spc._numbers import to_fraction
from kpirag.spc._rules import (
    backfill,
    classify,
    outside_limits,
    shift,
    sides,
    trend,
    two_in_three,
)
from kpirag.spc._series import SeriesPoint, chart_points, check_points
from kpirag.spc._settings import SPCSettings
from kpirag.spc._types import (
    Assurance,
    Conflict,
    Improvement,
    PointType,
    Rule,
    TwoInThree,
    Variation,
)

__all__ = [
    "Assurance",
    "Conflict",
    "Improvement",
    "PointType",
    "ProcessLimits",
    "Rule",
    "SPCPoint",
    "SPCSettings",
    "SeriesPoint",
    "TwoInThree",
    "Variation",
    "XmRChart",
    "assurance",
    "backfill",
    "chart_points",
    "check_points",
    "classify",
    "moving_ranges",
    "outside_limits",
    "process_limits",
    "shift",
    "sides",
    "to_fraction",
    "trend",
    "two_in_three",
    "xmr",
]
