"""Profiles: how an annual target is spread over the periods of a year.

A linear profile expects a quarter of the annual figure each quarter; an
explicit profile can expect nothing in Q1 and more later. Weights are exact
fractions and must sum to exactly one whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import attrs

from kpirag._validate import instance, iterable, whole
from kpirag.errors import InvalidProfileError, KpiragError
from kpirag.rules import Number, Target, to_decimal

__all__ = ["MAX_PERIODS", "Profile"]

MAX_PERIODS = 366
"""The most periods a profile may split a year into (one a day)."""


def _weights(values: Sequence[Fraction | Number]) -> tuple[Fraction, ...]:
    result = []
    for position, value in enumerate(iterable(values, "profile weights"), start=1):
        if position > MAX_PERIODS:
            raise InvalidProfileError(
                field="profile weights",
                value=f"{position} or more weights",
                expected=f"at most {MAX_PERIODS} periods",
            )
        if isinstance(value, Fraction):
            result.append(value)
            continue
        try:
            result.append(Fraction(to_decimal(value, field=f"profile weight {position}")))
        except KpiragError as exc:
            raise InvalidProfileError(
                exc.reason, field=exc.field, value=exc.value, expected=exc.expected
            ) from exc
    return tuple(result)


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
            raise InvalidProfileError(
                field="profile weights", value=(), expected="at least one period"
            )
        for position, weight in enumerate(self.weights, start=1):
            if weight < 0:
                raise InvalidProfileError(
                    f"{weight} is negative; expected a share of zero or more",
                    field=f"profile weight {position}",
                )
        total = sum(self.weights, Fraction(0))
        if total != 1:
            raise InvalidProfileError(
                f"they sum to {total}, expected exactly 1 (the whole year)",
                field="profile weights",
                value=[str(w) for w in self.weights],
            )

    @classmethod
    def linear(cls, periods: int = 4) -> Profile:
        """An equal share each period (4 for quarters, 12 for months; at most ``MAX_PERIODS``)."""
        count = whole(periods, "periods", low=1, high=MAX_PERIODS, error=InvalidProfileError)
        return cls([Fraction(1, count)] * count)

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
        whole(period, "period", low=1, high=self.periods, error=InvalidProfileError)
        instance(cumulative, bool, field="cumulative")
        if cumulative:
            return sum(self.weights[:period], Fraction(0))
        return self.weights[period - 1]

    def target_for(self, annual: Target, period: int, *, cumulative: bool = True) -> Target:
        """The annual target scaled to what is due by (or in) ``period``.

        Every share with a finite decimal is exact (a quarter, a fifth, any
        percentage profile); a share with none, such as a twelfth of 2,000, is
        rounded half-even to 12 significant digits and at least 12 decimal places.
        """
        instance(annual, Target, field="annual target")
        return annual.scaled(self.due(period, cumulative=cumulative))
