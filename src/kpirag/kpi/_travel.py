"""Direction of travel: is this period's figure better than the last?"""

from __future__ import annotations

from fractions import Fraction

from kpirag._validate import Choice
from kpirag.rules._target import Direction, Target
from kpirag.rules._values import Number, to_decimal

__all__ = ["Travel", "travel"]


class Travel(Choice):
    """How a figure moved against a previous one, taking polarity into account."""

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"

    def __str__(self) -> str:
        return self.value


def _exact(value: Number | Fraction, field: str) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(to_decimal(value, field=field))


def travel(
    current: Number | Fraction, previous: Number | Fraction, better: Direction | Target
) -> Travel:
    """Compare ``current`` with ``previous`` where ``better`` says which way is better.

    For a two-sided range target, nearer the range is better.

    ```pycon
    >>> travel(46, 54, Direction.LOWER)
    <Travel.IMPROVED: 'improved'>
    >>> travel(46, 54, Direction.HIGHER)
    <Travel.WORSE: 'worse'>

    ```
    """
    now = _exact(current, "current value")
    before = _exact(previous, "previous value")
    if isinstance(better, Target):
        if better.better is None:
            low, high = better.bounds
            bottom, top = Fraction(low), Fraction(high)
            now = -max(bottom - now, now - top, Fraction(0))
            before = -max(bottom - before, before - top, Fraction(0))
            direction = Direction.HIGHER
        else:
            direction = better.better
    else:
        direction = Direction.parse(better)
    if now == before:
        return Travel.UNCHANGED
    up = now > before
    return Travel.IMPROVED if up == (direction is Direction.HIGHER) else Travel.WORSE
