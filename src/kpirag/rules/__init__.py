"""The exact rule engine: values, targets, tolerances, statuses, scales, schemes, classification.

It imports nothing else of kpirag but ``kpirag.errors``.
"""

from __future__ import annotations

from kpirag.rules._axis import (
    EdgeTable,
    Region,
    TargetSide,
)
from kpirag.rules._classification import (
    Assessment,
    Classifier,
    Edge,
    Recipe,
    Recipes,
    Rule,
    assess,
    classify,
    classify_many,
)
from kpirag.rules._plain import read_scale
from kpirag.rules._scheme import (
    EdgeSide,
    Scheme,
    Step,
)
from kpirag.rules._status import (
    Scale,
    Status,
    worst,
)
from kpirag.rules._target import (
    Better,
    Direction,
    Operator,
    Target,
)
from kpirag.rules._tolerance import (
    Tolerance,
    ToleranceKind,
)
from kpirag.rules._trend import Trend
from kpirag.rules._values import (
    CURRENCIES,
    EXACT,
    MAX_DIGITS,
    MAX_EXPONENT,
    MAX_TEXT,
    Number,
    Quantity,
    format_decimal,
    parse_number,
    parse_quantity,
    round_fraction,
    to_decimal,
    to_fraction,
    trim,
    unit_name,
    with_unit,
)

__all__ = [
    "CURRENCIES",
    "EXACT",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_TEXT",
    "Assessment",
    "Better",
    "Classifier",
    "Direction",
    "Edge",
    "EdgeSide",
    "EdgeTable",
    "Number",
    "Operator",
    "Quantity",
    "Recipe",
    "Recipes",
    "Region",
    "Rule",
    "Scale",
    "Scheme",
    "Status",
    "Step",
    "Target",
    "TargetSide",
    "Tolerance",
    "ToleranceKind",
    "Trend",
    "assess",
    "classify",
    "classify_many",
    "format_decimal",
    "parse_number",
    "parse_quantity",
    "read_scale",
    "round_fraction",
    "to_decimal",
    "to_fraction",
    "trim",
    "unit_name",
    "with_unit",
    "worst",
]
