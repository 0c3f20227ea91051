"""Profiles: how an annual target is spread over the periods of a year.

A linear profile expects a quarter of the annual figure each quarter; an
explicit profile can expect nothing in Q1 and more later. Weights are exact
fractions and must sum to exactly one whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag._validate import iterable
from kpirag.errors import InvalidProfileError, KpiragError
from kpirag.rules._target import Target
from kpirag.rules._values import Number, round_fraction, to_decimal, trim

__all__ = ["Profile"]

_PLACES = 12


def _weights(values: Sequence[Fraction | Number]) -> tuple[Fraction, ...]:
    result = []
    for position, value in enumerate(iterable(values, "profile weights"), start=1):
        if isinstance(value, Fraction):
            result.append(value)
            continue
        try:
            result.append(Fraction(to_decimal(value, field=f"profile weight {position}")))
        except KpiragError as exc:
            raise InvalidProfileError(str(exc)) from exc
    return tuple(result)


def _to_decimal(value: Fraction) -> Decimal:
    """Exact when the fraction terminates within 12 places, else rounded to 12 (documented)."""
    return trim(round_fraction(value, _PLACES, half_even=True))


@attrs.frozen
class Profile:
    """Shares of an annual target due in each period of the year, in order.

    ```pycon
    >>> Profile.linear(4).due(1)
    Fraction(1, 4)
    >>> Profile.percentages([0, 25, 25, 50]).due(2)
    Fraction(1, 4)
    >>> Profile.linear(4).target_for(Target.parse("79,333"), 1)
    Target.parse('>=19833.25')

    ```
    """

    weights: tuple[Fraction, ...] = attrs.field(converter=_weights)

    def __attrs_post_init__(self) -> None:
        if not self.weights:
            raise InvalidProfileError("Invalid profile weights (): expected at least one period")
        for position, weight in enumerate(self.weights, start=1):
            if weight < 0:
                raise InvalidProfileError(
                    f"Invalid profile weight {position}: {weight} is negative; expected a "
                    "share of zero or more"
                )
        total = sum(self.weights, Fraction(0))
        if total != 1:
            raise InvalidProfileError(
                f"Invalid profile weights {[str(w) for w in self.weights]}: they sum to "
                f"{total}, expected exactly 1 (the whole year)"
            )

    @classmethod
    def linear(cls, periods: int = 4) -> Profile:
        """An equal share each period (4 for quarters, 12 for months)."""
        if periods < 1:
            raise InvalidProfileError(f"Invalid periods {periods!r}: expected 1 or more")
        return cls([Fraction(1, periods)] * periods)

    @classmethod
    def percentages(cls, shares: Sequence[Number]) -> Profile:
        """Shares given as percentages that sum to 100: ``[0, 25, 25, 50]``."""
        return cls([Fraction(w) / 100 for w in _weights(shares)])

    @property
    def periods(self) -> int:
        """How many periods the year is split into."""
        return len(self.weights)

    def due(self, period: int, *, cumulative: bool = True) -> Fraction:
        """The share due by the end of ``period`` (1-based), or in it alone."""
        if not 1 <= period <= self.periods:
            raise InvalidProfileError(
                f"Invalid period {period!r}: expected 1 to {self.periods} for this profile"
            )
        if cumulative:
            return sum(self.weights[:period], Fraction(0))
        return self.weights[period - 1]

    def target_for(self, annual: Target, period: int, *, cumulative: bool = True) -> Target:
        """The annual target scaled to what is due by (or in) ``period``.

        Quarterly shares of a decimal target are exact; a share such as 1/12 that
        has no finite decimal is rounded half-even to 12 decimal places.
        """
        share = self.due(period, cumulative=cumulative)
        low, high = (_to_decimal(Fraction(bound) * share) for bound in annual.bounds)
        return attrs.evolve(annual, value=low, upper=high if annual.upper is not None else None)
