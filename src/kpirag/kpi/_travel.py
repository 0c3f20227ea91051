"""Direction of travel: is this period's figure better than the last?

``rules.Trend`` is the one implementation (``kpirag.kpi.Travel`` is its older,
deprecated name); ``travel`` reads floats and text first.
"""

from __future__ import annotations

from fractions import Fraction

from kpirag.rules import Direction, Number, Target, Trend, to_decimal

__all__ = ["travel"]


def travel(
    current: Number | Fraction, previous: Number | Fraction, better: Direction | Target
) -> Trend:
    """Compare ``current`` with ``previous`` where ``better`` says which way is better.

    For a two-sided range target, nearer the range is better. Floats are read
    as the decimals they print as; the comparison is ``Trend.of``.

    ```pycon
    >>> travel(46, 54, Direction.LOWER)
    <Trend.IMPROVED: 'improved'>
    >>> travel(46, 54, Direction.HIGHER)
    <Trend.WORSE: 'worse'>

    ```
    """
    now = current if isinstance(current, Fraction) else to_decimal(current, field="current value")
    before = (
        previous if isinstance(previous, Fraction) else to_decimal(previous, field="previous value")
    )
    return Trend.of(now, before, better if isinstance(better, Target) else Direction.parse(better))
