"""Direction of travel against a previous figure: for trend-aware schemes and every report.

The one implementation: ``kpirag.kpi.travel`` and ``Travel`` are its older names.

```pycon
>>> Trend.of(46, 54, Target.parse("<43"))
<Trend.IMPROVED: 'improved'>
>>> Trend.of(46, 54, Target.parse(">=43"))
<Trend.WORSE: 'worse'>

```
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from kpirag._validate import Choice, member, wrong_type
from kpirag.errors import InvalidSchemeError
from kpirag.rules._target import Direction, Target
from kpirag.rules._values import exact_number

__all__ = ["Trend"]


class Trend(Choice):
    """How a figure moved against the previous one, polarity taken into account.

    ``IMPROVED`` means better in the target's direction (lower for ``<43``,
    higher for ``>=75%``, nearer the range for a range); ``UNCHANGED`` means
    exactly equal (equally far from a range).
    """

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSE = "worse"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: Trend | str) -> Trend:
        """Read ``"improved"``, ``"unchanged"`` or ``"worse"`` (any case), or a ``Trend``."""
        expected = "'improved', 'unchanged' or 'worse'"
        return member(cls, text, "trend", expected, InvalidSchemeError)

    @classmethod
    def of(
        cls,
        current: Decimal | Fraction | int,
        previous: Decimal | Fraction | int,
        target: Target | Direction,
    ) -> Trend:
        """How ``current`` moved against ``previous`` for ``target``, compared exactly.

        ``target`` may be just the direction that is better; for a range target,
        nearer the range is better.
        """
        if not isinstance(target, Target | Direction):
            raise wrong_type("target", target, "a Target or a Direction")
        now = Fraction(exact_number(current, "current"))
        before = Fraction(exact_number(previous, "previous"))
        better = target if isinstance(target, Direction) else target.better
        if isinstance(target, Target) and better is None:
            low, high = (Fraction(bound) for bound in target.bounds)
            # Nearer the range is better: compare the (negated) distances from it.
            now = -max(low - now, now - high, Fraction(0))
            before = -max(low - before, before - high, Fraction(0))
        if now == before:
            return cls.UNCHANGED
        up = now > before
        return cls.IMPROVED if up == (better is not Direction.LOWER) else cls.WORSE

    def against(self, previous: str) -> str:
        """This trend in words against the previous figure shown as ``previous``."""
        if not isinstance(previous, str):
            raise wrong_type("previous", previous, "the previous figure as text")
        if self is Trend.IMPROVED:
            return f"improved on the previous {previous}"
        if self is Trend.UNCHANGED:
            return f"unchanged from the previous {previous}"
        return f"worse than the previous {previous}"
