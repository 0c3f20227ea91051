"""A series as a table gives it: points in any order, checked as a whole, then charted.

A long table (a file, a data frame) gives an SPC series one row per point:
its period, value and the marks that shape the chart (a target, which way is
better, where limits are recalculated, ghosted points, the end of a fixed
baseline). ``check_points`` puts one series' points in time order and finds
every way they do not fit together (two kinds of period, a period given
twice, two directions, every point ghosted, a baseline that cannot be); each
problem names the point it is on, so a loader can say which line or cell.
``chart_points`` draws the chart from checked points with ``xmr``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction

import attrs

from kpirag.errors import FieldProblem, InvalidSeriesError, RecordError
from kpirag.spc._chart import XmRChart, xmr
from kpirag.spc._numbers import to_fraction
from kpirag.spc._settings import SPCSettings
from kpirag.spc._types import Improvement

__all__ = ["SeriesPoint", "chart_points", "check_points"]


def _period(value: object) -> Hashable:
    expected = "a period, a date or another hashable label"
    if isinstance(value, bool) or value is None:
        raise InvalidSeriesError("period", value, expected)
    try:
        hash(value)
    except TypeError:
        raise InvalidSeriesError("period", value, expected) from None
    return value


def _value(value: object) -> Fraction:
    return to_fraction(value, field="value")


def _target(value: object) -> Fraction | None:
    return None if value is None else to_fraction(value, field="target")


def _improvement(value: object) -> Improvement | None:
    return None if value is None else Improvement.parse(value, field="improvement")


def _label(value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise InvalidSeriesError("label", value, "text or None")
    return value


@attrs.frozen(repr=False)
class SeriesPoint:
    """One point of a series as a table gives it, before the series is charted.

    Attributes:
        period: when: a period object that orders with the series' others
            (``kpirag.kpi.Month``, ``Quarter``, ``Year`` or a ``datetime.date``).
        value: the measure, exactly.
        label: the period as the chart shows it (``2024-04``); the period itself when ``None``.
        target: the target the assurance icon compares with; the latest given counts.
        improvement: which way is better; one per series (increase when none is given).
        recalculate: a new limit group starts here.
        ghost: shown, but left out of the limits and the rules.
        baseline_end: the last point of a fixed baseline.

    ```pycon
    >>> import datetime as dt
    >>> SeriesPoint(dt.date(2024, 4, 30), "71.2")
    <SeriesPoint 2024-04-30: 71.2>

    ```
    """

    period: Hashable = attrs.field(converter=_period)
    value: Fraction = attrs.field(converter=_value)
    label: str | None = attrs.field(default=None, converter=_label, kw_only=True)
    target: Fraction | None = attrs.field(default=None, converter=_target, kw_only=True)
    improvement: Improvement | None = attrs.field(
        default=None, converter=_improvement, kw_only=True
    )
    recalculate: bool = attrs.field(default=False, converter=bool, kw_only=True)
    ghost: bool = attrs.field(default=False, converter=bool, kw_only=True)
    baseline_end: bool = attrs.field(default=False, converter=bool, kw_only=True)

    @property
    def shown(self) -> Hashable:
        """The period as the chart labels it: ``label``, or the period."""
        return self.period if self.label is None else self.label

    def __repr__(self) -> str:
        marks = [name for name in ("recalculate", "ghost", "baseline_end") if getattr(self, name)]
        value = self.value
        number = str(value.numerator) if value.denominator == 1 else f"{float(value):.6g}"
        return f"<SeriesPoint {self.shown}: {number}{''.join(f' {m}' for m in marks)}>"


def _point_number(position: int) -> str:
    return f"point {position + 1}"


def _kind(period: Hashable) -> str:
    return "date" if isinstance(period, dt.date) else type(period).__name__.lower()


class _Found:
    """The problems of one series, each on the point (by its given position) it concerns."""

    def __init__(self, points: Sequence[SeriesPoint], where: Callable[[int], str]) -> None:
        self.points = points
        self.where = where
        self.items: list[FieldProblem] = []

    def add(self, position: int, column: str, message: str) -> None:
        point = self.points[position]
        shown = {
            "period": point.shown,
            "improvement": point.improvement,
            "ghost": "1" if point.ghost else "",
            "baseline_end": "1" if point.baseline_end else "",
        }[column]
        value = "" if shown is None else str(shown)
        self.items.append(FieldProblem(column, value, message, row=position))


def check_points(
    points: Sequence[SeriesPoint], *, where: Callable[[int], str] = _point_number
) -> tuple[SeriesPoint, ...]:
    """One series' points in time order, once they are known to make one chart.

    Args:
        points: the series' points, in any order.
        where: words for a point by its position in ``points`` (``"line 7"``),
            for problems that name another point; ``"point 1"`` by default.

    Raises:
        RecordError: every problem, each a ``FieldProblem`` whose ``row`` is the
            position in ``points`` of the point it is on: periods of two kinds,
            a period given twice, two directions of improvement, every point
            ghosted, or a baseline that cannot be (a second end, an end on a
            ghosted point or after a recalculation, fewer than 2 points).
        InvalidSeriesError: no points, or a point that is not a ``SeriesPoint``.

    ```pycon
    >>> import datetime as dt
    >>> days = [SeriesPoint(dt.date(2024, 5, d), v) for d, v in [(2, 7), (1, 5), (1, 6)]]
    >>> check_points(days)
    Traceback (most recent call last):
    ...
    kpirag.errors.RecordError: column 'period' ('2024-05-01'): duplicate period (first at point 2)
    >>> check_points(days[:2])
    (<SeriesPoint 2024-05-01: 5>, <SeriesPoint 2024-05-02: 7>)

    ```
    """
    given: object = points
    if isinstance(given, str) or not isinstance(given, Sequence) or not given:
        raise InvalidSeriesError("points", points, "a non-empty sequence of SeriesPoint")
    for position, point in enumerate(points):
        if not isinstance(point, SeriesPoint):
            raise InvalidSeriesError("points", point, "a SeriesPoint", position)
    found = _Found(points, where)
    _check_periods(found)
    directions = [n for n, point in enumerate(points) if point.improvement is not None]
    for position in directions[1:]:
        if points[position].improvement is not points[directions[0]].improvement:
            found.add(
                position, "improvement",
                f"this series' improvement is {points[directions[0]].improvement} "
                f"({where(directions[0])})",
            )  # fmt: skip
    if found.items:
        raise RecordError(found.items)
    try:
        order = sorted(range(len(points)), key=lambda n: points[n].period)  # type: ignore[arg-type,return-value]
    except TypeError:
        raise InvalidSeriesError("periods", points[0].period, "periods in an order") from None
    if all(points[n].ghost for n in order):
        found.add(
            order[0], "ghost", "every point of the series is ghosted: at least one must count"
        )
    _check_baseline(found, order)
    if found.items:
        raise RecordError(found.items)
    return tuple(points[n] for n in order)


def _check_periods(found: _Found) -> None:
    points, where = found.points, found.where
    first = points[0]
    seen: dict[Hashable, int] = {}
    for position, point in enumerate(points):
        if type(point.period) is not type(first.period):
            found.add(
                position, "period",
                f"a {_kind(point.period)} in a series of {_kind(first.period)}s ({where(0)}): "
                "a series' periods are all of one kind",
            )  # fmt: skip
        elif point.period in seen:
            found.add(
                position, "period", f"duplicate period (first at {where(seen[point.period])})"
            )
        else:
            seen[point.period] = position


def _check_baseline(found: _Found, order: list[int]) -> None:
    points, where = found.points, found.where
    ends = [place for place, n in enumerate(order) if points[n].baseline_end]
    for place in ends[1:]:
        found.add(
            order[place], "baseline_end",
            f"a second baseline_end (the first is at {where(order[ends[0]])}): a series "
            "has one fixed baseline",
        )  # fmt: skip
    if not ends:
        return
    end = order[ends[0]]
    before = [points[n] for n in order[: ends[0] + 1]]
    if points[end].ghost:
        found.add(end, "baseline_end", "the baseline cannot end on a ghosted point")
    elif any(point.recalculate for point in before[1:]):
        found.add(
            end, "baseline_end",
            "the baseline must end in the first limit group, before any recalculation",
        )  # fmt: skip
    elif sum(1 for point in before if not point.ghost) < 2:  # noqa: PLR2004
        found.add(end, "baseline_end", "a baseline needs at least 2 points that are not ghosted")


def chart_points(
    points: Sequence[SeriesPoint],
    *,
    settings: SPCSettings | None = None,
    where: Callable[[int], str] = _point_number,
) -> XmRChart:
    """The XmR chart of one series' points, given in any order (see ``check_points``).

    The chart is ``xmr`` over the points in time order, labelled by their
    periods: the latest target given, the series' improvement (``increase``
    when none is given), a new limit group at each ``recalculate``, ghosted
    points, and a fixed baseline ending at ``baseline_end``.

    Raises:
        RecordError: the points do not make one series (see ``check_points``).

    Warns:
        SPCWarning: a group has trial limits or too few points for limits.

    ```pycon
    >>> values = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    >>> chart_points([SeriesPoint(n, v) for n, v in enumerate(values)]).points[4].point_type.label
    'Special cause improvement'

    ```
    """
    ordered = check_points(points, where=where)
    targets = [point.target for point in ordered if point.target is not None]
    directions = [point.improvement for point in ordered if point.improvement is not None]
    baseline = None
    for place, point in enumerate(ordered):
        if point.baseline_end:
            baseline = sum(1 for p in ordered[: place + 1] if not p.ghost)
            break
    return xmr(
        [point.value for point in ordered],
        periods=[point.shown for point in ordered],
        improvement=directions[0] if directions else Improvement.INCREASE,
        target=targets[-1] if targets else None,
        recalculate=[point.shown for point in ordered if point.recalculate],
        ghost=[point.shown for point in ordered if point.ghost],
        baseline=baseline,
        settings=settings,
    )
