"""The direction of travel of float figures as column expressions.

``Trend.of`` compares a figure with the previous one exactly, as the decimals they
print as. For two finite floats the engine's float comparison gives the same answer:
a float reads back from its decimal, and rounding to a float keeps order, so
``x < y`` as floats exactly when their decimals are so ordered, and equal floats
have equal decimals. Against a target end ``b`` (a Decimal) a float ``x`` different
from ``float(b)`` is on the same side of ``b`` as of ``float(b)``; equal to it, the
float cannot tell, and the row goes the exact way.

For a range target (nearer the range is better, ``Trend.of``) two figures outside on
the same side compare as themselves, a figure inside beats one outside, and two inside
are unchanged. Every other row goes the exact way once per distinct (KPI, figure,
previous) (``fallback``): a figure or previous equal to a target end's float copy, two
figures on either side of the range (their distances are differences the floats
would round), and a previous figure that is not finite (the exact way refuses it).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import narwhals as nw

from kpirag.frames._explain import _T, _c
from kpirag.rules import Classifier, Direction, Trend

__all__ = ["travel_floats"]

_HIGHER, _LOWER, _RANGE = 1, 2, 3
"""How a rule's figures compare (``_t_kind``): 0 is a KPI with no target, or unknown."""
_MARGIN = 1e-12
"""Relative size past which a float sum's difference from the ends' sum decides: a float
is within 2**-53 of its decimal, relatively, and one addition rounds as much again."""
_TINY = 1e-300
"""Absolute size added to the margin: below 2**-1022 floats are spaced absolutely."""
_MOVED = {1: Trend.IMPROVED, 0: Trend.UNCHANGED, -1: Trend.WORSE}
_TREND_CODE = {moved: list(Trend).index(trend) + 1 for moved, trend in _MOVED.items()}
"""The trend code of each comparison: ``_TREND_CODE[0] - moved`` (tests/frames/test_travel.py)."""
_NONE = {"travel": nw.lit(None).cast(nw.String), f"{_T}trend": nw.lit(0)}


def _rule_columns(classifier: Classifier | None) -> tuple[float | int, ...]:
    """A rule's travel columns (``_COLUMNS``).

    How its figures compare, whether it is trend-aware, its target's ends as floats,
    each end's float where a float equal to it cannot tell its side (NaN where it can:
    the end is that float's decimal), and the sum of its ends (the exact sum's float).
    """
    if classifier is None:
        return 0, 0, 0.0, 0.0, math.nan, math.nan, 0.0
    target = classifier.target
    better = target.better
    kind = (
        _HIGHER if better is Direction.HIGHER else _LOWER if better is Direction.LOWER else _RANGE
    )
    ends = [float(end) for end in target.bounds]
    ties = [
        math.nan if math.isfinite(copy) and Decimal(repr(copy)) == end else copy
        for copy, end in zip(ends, target.bounds, strict=True)
    ]
    both = math.inf  # an end past floats: no figure is across the range from another
    if all(map(math.isfinite, ends)):
        total = Fraction(target.bounds[0]) + Fraction(target.bounds[1])
        try:
            both = float(total)
        except OverflowError:  # no float sum is near it: every row across goes the exact way
            both = math.inf if total > 0 else -math.inf
    return kind, int(classifier.trend_aware), *ends, *ties, both


_COLUMNS = {
    "tkind": nw.Int64,
    "taware": nw.Int64,
    "tlow": nw.Float64,
    "thigh": nw.Float64,
    "tlowtie": nw.Float64,
    "thightie": nw.Float64,
    "tsum": nw.Float64,
}


def _side(x: Any) -> tuple[Any, Any]:  # noqa: ANN401 - narwhals expressions
    """-1 below the target's range, 1 above, 0 inside or on an end; and where it cannot tell.

    A float cannot tell its side when it equals an end's float copy that is not the end.
    """
    low, high = _c("tlow"), _c("thigh")
    side = (x > high).cast(nw.Int64) - (x < low).cast(nw.Int64)
    return side, (x == _c("tlowtie")) | (x == _c("thightie"))


def travel_floats(  # noqa: PLR0917 - one call site, each argument a different kind
    frame: Any,  # noqa: ANN401
    rule_of: dict[str, int],
    classifiers: list[Classifier | None],
    ids: str,
    value: str,
    previous: str,
    rated: Any,  # noqa: ANN401 - rows with a finite figure and a previous one
    fallback: Callable[[Any, Any], Any],
    names: list[str],
    small: Callable[[dict[str, list[object]]], Any],
) -> Any:  # noqa: ANN401
    """``frame`` with ``names``: ``travel`` (if named) and ``__kpirag_trend``, of float figures.

    Also ``__kpirag_kpi``, each row's KPI's place in ``rule_of`` (null for an unknown one).

    ``ids`` is a text column; a row whose KPI is unknown or has no target has no travel
    and trend code 0, as the exact way gives it. The trend code is the index of the
    trend in ``Trend`` plus one for a trend-aware rule, 0 otherwise.
    ``fallback(frame, rows)`` adds the ``names`` columns worked out the exact way for
    ``rows``; it is called only when some row needs it (lazy frames: always). ``small``
    makes a frame of a few rows on ``frame``'s engine.
    """
    per_kpi = [(kpi_id, _rule_columns(classifiers[rule])) for kpi_id, rule in rule_of.items()]
    data: dict[str, list[object]] = {ids: [kpi_id for kpi_id, _ in per_kpi]}
    data |= {f"{_T}{name}": [row[i] for _, row in per_kpi] for i, name in enumerate(_COLUMNS)}
    data[f"{_T}kpi"] = list(range(len(per_kpi)))  # kept: the rules are joined on it
    table = small(data).with_columns(
        nw.col(ids).cast(nw.String),
        _c("kpi").cast(nw.Int64),
        *(_c(name).cast(t) for name, t in _COLUMNS.items()),
    )
    # An unknown KPI has no row: kind 0, as one with no target.
    frame = frame.join(table, on=ids, how="left")
    x, q = nw.col(value), nw.col(previous)
    schema = frame.collect_schema()
    if schema[value] != nw.Float64:  # a float32 is read as its float64 value
        x = x.cast(nw.Float64)
    if schema[previous] != nw.Float64:
        q = q.cast(nw.Float64)
    side_x, on_x = _side(x)
    side_q, on_q = _side(q)
    # Eager engines work out a shared part as often as it is used: each is a column first.
    frame = frame.with_columns(
        _c("tkind").fill_null(0).alias(f"{_T}tkind"),
        ((x > q).cast(nw.Int64) - (x < q).cast(nw.Int64)).alias(f"{_T}tup"),  # 1 higher
        side_x.alias(f"{_T}tsx"),
        side_q.alias(f"{_T}tsq"),
        (on_x | on_q).alias(f"{_T}ton"),
    )
    kind, up, side_x, side_q, total = _c("tkind"), _c("tup"), _c("tsx"), _c("tsq"), _c("tsum")
    outside = (side_x != 0) & (side_q != 0)
    # 1 better, 0 the same, -1 worse: Trend.of's comparison.
    # On either side of a range, the figure nearer it is the one whose distance is less:
    # x below and q above, x is nearer when x + q > low + high. The float sum is within
    # a few units in the last place of the decimals' exact sum (each float is within half
    # of one of its decimal), so a difference from the ends' sum much larger than that
    # decides; a smaller one goes the exact way.
    both = x + q
    margin = (x.abs() + q.abs() + total.abs()) * _MARGIN + _TINY
    across = (both - total).abs() > margin
    moved = (
        nw.when(kind == _HIGHER)
        .then(up)
        .when(kind == _LOWER)
        .then(nw.lit(0) - up)
        .when(outside & (side_x == side_q))
        .then((nw.lit(0) - side_x) * up)  # the same side: nearer is better
        .when(outside)
        .then(nw.when(both > total).then(nw.lit(0) - side_x).otherwise(side_x))
        .otherwise((side_x == 0).cast(nw.Int64) - (side_q == 0).cast(nw.Int64))
    )
    finite = (q > -math.inf) & (q < math.inf)
    decided = (kind != _RANGE) | ~(_c("ton") | (outside & (side_x != side_q) & ~across))
    frame = frame.with_columns(
        (rated & (kind != 0) & finite & decided).fill_null(value=False).alias(f"{_T}tvec"),
        moved.alias(f"{_T}tmoved"),
    )
    vec, code = _c("tvec"), _c("tmoved")
    vector = {
        "travel": code.replace_strict(
            {k: str(t) for k, t in _MOVED.items()}, default=nw.lit(None), return_dtype=nw.String
        ),
        # The trend's number: its index in Trend plus one, for a trend-aware rule.
        f"{_T}trend": (nw.lit(_TREND_CODE[0]) - code) * _c("taware"),
    }
    rows = rated & (kind != 0) & ~vec
    if isinstance(frame, nw.DataFrame) and not frame.select(rows.any()).item():
        columns = [
            # A row with no travel has none, and trend code 0 (as ``_join_rules`` fills it).
            nw.when(vec).then(vector[name]).otherwise(_NONE[name])
            for name in names
        ]
    else:
        frame = fallback(frame, rows)
        columns = [nw.when(vec).then(vector[name]).otherwise(nw.col(name)) for name in names]
    frame = frame.with_columns(expr.alias(name) for expr, name in zip(columns, names, strict=True))
    temporary = [*_COLUMNS, "tup", "tsx", "tsq", "ton", "tvec", "tmoved"]
    return frame.drop([f"{_T}{name}" for name in temporary])
