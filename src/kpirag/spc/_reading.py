"""An XmR chart in plain words: what the last point shows, and what the target can expect."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from kpirag.spc._numbers import round_half_up
from kpirag.spc._types import Assurance, Improvement, Rule

if TYPE_CHECKING:
    from kpirag.spc._chart import SPCPoint, XmRChart

__all__ = ["describe", "show"]


def show(number: Fraction, places: int = 2) -> str:
    """``number`` rounded for display, without trailing zeros (``4.60`` shows as ``4.6``).

    ```pycon
    >>> show(Fraction(23, 5)), show(Fraction(6)), show(Fraction(-13, 18))
    ('4.6', '6', '-0.72')

    ```
    """
    text = f"{round_half_up(number, places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _side(point: SPCPoint) -> int:
    assert point.mean is not None  # noqa: S101 (a judged point has a mean)
    return (point.value > point.mean) - (point.value < point.mean)


def _run(points: list[SPCPoint]) -> int:
    """How many points, ending with the last, are on the last point's side of the mean."""
    side = _side(points[-1])
    count = 0
    for point in reversed(points):
        if _side(point) != side:
            break
        count += 1
    return count


def _climb(points: list[SPCPoint]) -> tuple[int, int]:
    """How many points, ending with the last, rise (1) or fall (-1) one after another."""
    values = [point.value for point in points]
    direction = (values[-1] > values[-2]) - (values[-1] < values[-2])
    count = 1
    for before, after in zip(reversed(values[:-1]), reversed(values), strict=False):
        if (after > before) - (after < before) != direction:
            break
        count += 1
    return count, direction


def _variation(chart: XmRChart) -> str:
    last = chart.last_point
    group = [p for p in chart.points if p.group == last.group and not p.ghosted]
    if chart.variation is None or last.point_type is None:
        limits_from = sum(1 for p in group if p.in_baseline)
        return (
            f"No process limits: the last group has {limits_from} points to draw them from, "
            f"fewer than {chart.settings.minimum_points}, so it is a run chart"
        )
    label = last.point_type.label
    high = _side(last) > 0
    if last.rule is None:
        return f"{label}: the last point shows no special cause"
    if last.rule is Rule.OUTSIDE_LIMITS:
        line = "above the upper" if high else "below the lower"
        return f"{label}: the last point is {line} process limit"
    if last.rule is Rule.SHIFT:
        return f"{label}: the last {_run(group)} points are {'above' if high else 'below'} the mean"
    if last.rule is Rule.TREND:
        count, direction = _climb(group)
        words = "rising, each above" if direction > 0 else "falling, each below"
        return f"{label}: the last {count} points are {words} the one before"
    window = group[-3:]
    if high:
        count = sum(
            1 for p in window if p.upper_two_sigma is not None and p.value > p.upper_two_sigma
        )
    else:
        count = sum(
            1 for p in window if p.lower_two_sigma is not None and p.value < p.lower_two_sigma
        )
    line = "upper" if high else "lower"
    return f"{label}: {count} of the last {len(window)} points are beyond the {line} 2-sigma line"


def _assurance(chart: XmRChart) -> str:
    target, limits = chart.target, chart.limits
    if target is None:
        return "no target, so no assurance icon"
    if chart.improvement is Improvement.NEUTRAL:
        return "no assurance icon for a neutral measure"
    if limits is None:
        return "no process limits, so no assurance icon"
    if target > limits.upper:
        place = "above the process limits"
    elif target < limits.lower:
        place = "below the process limits"
    elif target in {limits.lower, limits.upper}:
        place = f"on the {'upper' if target == limits.upper else 'lower'} process limit"
    else:
        place = "inside the process limits"
    outcome = {
        Assurance.CONSISTENT_PASS: "it will consistently be hit",
        Assurance.CONSISTENT_FAIL: "it will consistently be missed",
    }.get(chart.assurance, "it will be hit or miss")
    span = f"{show(limits.lower)} to {show(limits.upper)}"
    return f"target {show(target)} is {place} ({span}), so {outcome}"


def describe(chart: XmRChart) -> str:
    """The chart's reading: the variation icon's reason, then the assurance icon's."""
    return f"{_variation(chart)}; {_assurance(chart)}"
