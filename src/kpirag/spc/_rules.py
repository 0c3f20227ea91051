"""The special-cause rules, each a small pure function over a sequence.

Each rule returns one flag per point: ``1`` for a signal high (above the mean,
above a line, or rising), ``-1`` for a signal low, ``0`` for none. The rules
split the way NHSRplotthedots' ``R/ptd_calculate_point_type.R`` splits them:
a rule finds the points that complete a pattern, and ``backfill`` spreads each
such flag over the whole pattern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from kpirag._validate import instance, whole
from kpirag.errors import InvalidSeriesError
from kpirag.spc._numbers import exact, exacts, signs
from kpirag.spc._types import Conflict, Improvement, PointType, Rule

__all__ = [
    "backfill",
    "classify",
    "outside_limits",
    "shift",
    "sides",
    "trend",
    "two_in_three",
]


def _sign(number: Fraction) -> int:
    return (number > 0) - (number < 0)


def sides(values: Sequence[Fraction], mean: Fraction) -> tuple[int, ...]:
    """Each value's side of the mean: ``1`` above, ``-1`` below, ``0`` exactly on it.

    ```pycon
    >>> sides([Fraction(1), Fraction(2), Fraction(3)], Fraction(2))
    (-1, 0, 1)

    ```
    """
    values, mean = exacts(values, "values"), exact(mean, "mean")
    return tuple(_sign(value - mean) for value in values)


def outside_limits(values: Sequence[Fraction], lower: Fraction, upper: Fraction) -> tuple[int, ...]:
    """``1`` for a value strictly above ``upper``, ``-1`` strictly below ``lower``, else ``0``.

    With the process limits this is the single-point rule; with the 2-sigma
    lines it finds the points two-in-three counts.

    ```pycon
    >>> outside_limits([Fraction(5), Fraction(4), Fraction(-1)], Fraction(0), Fraction(4))
    (1, 0, -1)

    ```
    """
    values = exacts(values, "values")
    lower, upper = exact(lower, "lower"), exact(upper, "upper")
    return tuple(1 if value > upper else -1 if value < lower else 0 for value in values)


def backfill(ends: Sequence[int], length: int) -> tuple[int, ...]:
    """Spread each non-zero flag over its point and the ``length - 1`` points before it.

    Where two patterns overlap, the later one's flag wins (NHSR labels a point
    shared by a rising and a falling trend by the trend to its right).

    ```pycon
    >>> backfill([0, 0, 0, 1, 0], 3)
    (0, 1, 1, 1, 0)

    ```
    """
    ends, length = signs(ends, "ends"), whole(length, "length", low=0)
    # A point takes the flag of the latest end among it and the ``length - 1``
    # points after it: one pass to find each place's latest end, one to read it.
    latest: list[int | None] = []
    for end, flag in enumerate(ends):
        latest.append(end if flag else latest[-1] if latest else None)
    last = len(ends) - 1
    flags = []
    for point in range(len(ends)):
        reach = point + length - 1
        found = latest[min(last, reach)] if reach >= point else None
        flags.append(0 if found is None or found < point else ends[found])
    return tuple(flags)


def shift(sides: Sequence[int], length: int = 7, *, whole_run: bool = True) -> tuple[int, ...]:
    """Runs of ``length`` or more points strictly on one side of the mean.

    A point on the mean (side ``0``) breaks the run.

    Args:
        sides: each point's side of the mean, as ``sides`` gives it.
        length: the shortest run that signals.
        whole_run: flag every point of the run; with ``False``, only the
            points that complete ``length`` in a row (NHSR's
            ``ptd_seven_point_one_side_mean``).

    ```pycon
    >>> shift([1, 1, 0, 1, 1, 1, -1], 3)
    (0, 0, 0, 1, 1, 1, 0)

    ```
    """
    sides, length = signs(sides, "sides"), whole(length, "length", low=0)
    ends: list[int] = []
    run = 0
    previous = 0
    for side in sides:
        run = run + 1 if side != 0 and side == previous else int(side != 0)
        previous = side
        ends.append(side if run >= length else 0)
    return backfill(ends, length) if whole_run else tuple(ends)


def trend(
    values: Sequence[Fraction], length: int = 7, *, whole_run: bool = True
) -> tuple[int, ...]:
    """Runs of ``length`` or more points, each strictly above (``1``) or below (``-1``) the last.

    A tie breaks the trend. A trend is judged by its slope, not by its side of
    the mean.

    Args:
        values: the points' values.
        length: the fewest points (``length - 1`` steps) that signal.
        whole_run: flag every point of the trend; with ``False``, only the
            points that complete one (NHSR's ``ptd_seven_point_trend``).

    ```pycon
    >>> trend([Fraction(n) for n in (1, 2, 3, 3, 2, 1, 0)], 3)
    (1, 1, 1, -1, -1, -1, -1)

    ```
    """
    values, length = exacts(values, "values"), whole(length, "length", low=0)
    ends: list[int] = []
    steps = 0
    previous = 0
    for before, value in zip((None, *values), values, strict=False):
        step = 0 if before is None else _sign(value - before)
        steps = steps + 1 if step != 0 and step == previous else int(step != 0)
        previous = step
        ends.append(step if steps >= length - 1 else 0)
    return backfill(ends, length) if whole_run else tuple(ends)


def two_in_three(
    beyond: Sequence[int], sides: Sequence[int] | None = None, *, whole_window: bool = False
) -> tuple[int, ...]:
    """Two or three of three consecutive points beyond the same 2-sigma line.

    Args:
        beyond: each point's position against the 2-sigma lines: ``1`` beyond
            the upper line, ``-1`` beyond the lower, ``0`` between (which
            points count is the caller's choice, see ``TwoInThree``).
        sides: each point's side of the mean; when given, all three points of
            the window must be strictly on the side of the line (NHSR, MDC).
            ``None`` lets the third point be anywhere, and lets the first two
            points of a series signal alone (the Power BI visual).
        whole_window: flag every point of a signalling window, not only the
            points beyond the line (NHSR's ``ptd_two_in_three`` before
            ``ptd_part_of_two_in_three``; the Power BI ``highlight_series``).

    ```pycon
    >>> two_in_three([1, 0, 1, 0], [1, 1, 1, 1])
    (1, 0, 1, 0)
    >>> two_in_three([1, 0, 1, 0], [1, -1, 1, 1])
    (0, 0, 0, 0)
    >>> two_in_three([1, 0, 1, 0], None)
    (1, 0, 1, 0)

    ```
    """
    beyond = signs(beyond, "beyond")
    sides = None if sides is None else signs(sides, "sides")
    if sides is not None and len(sides) != len(beyond):
        raise InvalidSeriesError("sides", sides, f"one side for each of the {len(beyond)} points")
    flags = [0] * len(beyond)
    for end in range(len(beyond)):
        window = range(max(0, end - 2), end + 1)
        total = sum(beyond[point] for point in window)
        if abs(total) < 2:  # noqa: PLR2004 (two of three)
            continue
        side = 1 if total > 0 else -1
        if sides is not None and (
            len(window) < 3 or any(sides[point] != side for point in window)  # noqa: PLR2004
        ):
            continue
        for point in window:
            if flags[point] == 0 and (whole_window or beyond[point] == side):
                flags[point] = side
    return tuple(flags)


def classify(
    signals: Mapping[Rule, int],
    improvement: Improvement = Improvement.INCREASE,
    conflict: Conflict = Conflict.PRECEDENCE,
) -> tuple[PointType, Rule | None]:
    """A point's type and the rule that decided it, from each rule's flag for the point.

    Rules are tried in ``Rule`` order (outside limits, trend, two-in-three,
    shift); the first that fired decides, unless ``conflict`` says that
    improvement (or concern) wins whenever some rule shows it.

    ```pycon
    >>> classify({Rule.SHIFT: -1, Rule.TREND: 1})
    (<PointType.SPECIAL_CAUSE_IMPROVEMENT: 'special_cause_improvement'>, <Rule.TREND: 'trend'>)
    >>> classify({Rule.SHIFT: -1, Rule.TREND: 1}, conflict=Conflict.CONCERN)[0].label
    'Special cause concern'

    ```
    """
    signals = instance(signals, Mapping, field="signals", expected="a mapping of rules to flags")
    improvement = Improvement.parse(improvement, field="improvement")
    conflict = Conflict.parse(conflict, field="conflict")
    fired = [(rule, signals[rule]) for rule in Rule if signals.get(rule, 0) != 0]
    if not fired:
        return PointType.COMMON_CAUSE, None
    wanted = {
        Conflict.IMPROVEMENT: PointType.SPECIAL_CAUSE_IMPROVEMENT,
        Conflict.CONCERN: PointType.SPECIAL_CAUSE_CONCERN,
    }.get(conflict)
    for rule, direction in fired:
        if PointType.of(direction, improvement) is wanted:
            return wanted, rule
    rule, direction = fired[0]
    return PointType.of(direction, improvement), rule
