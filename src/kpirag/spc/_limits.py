"""Process limits of an XmR chart, exactly.

mean = the mean of the values; moving ranges = |x[i] - x[i-1]|; mR-bar = their
mean, after screening out large moving ranges when the settings say so;
process limits = mean +/- ``limit_factor`` x mR-bar; 2-sigma lines at two
thirds of that distance.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag._validate import counted, instance, short_number
from kpirag.errors import InvalidSeriesError
from kpirag.spc._numbers import exacts, round_half_up
from kpirag.spc._settings import SPCSettings

__all__ = ["ProcessLimits", "moving_ranges", "process_limits"]


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


def moving_ranges(values: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """The absolute differences between consecutive values, one fewer than the values.

    ```pycon
    >>> moving_ranges([Fraction(1), Fraction(3), Fraction(2)])
    (Fraction(2, 1), Fraction(1, 1))

    ```
    """
    values = exacts(values, "values")
    return tuple(abs(after - before) for before, after in itertools.pairwise(values))


@attrs.frozen
class ProcessLimits:
    """One group's centre line, process limits and 2-sigma lines, as exact fractions.

    Attributes:
        mean: the centre line.
        mr_bar: the mean moving range the limits are drawn from (after screening).
        lower: the lower process limit, mean - limit_factor x mR-bar.
        upper: the upper process limit.
        lower_two_sigma: the lower 2-sigma line, two thirds of the way to ``lower``.
        upper_two_sigma: the upper 2-sigma line.
        points: how many values the limits were computed from.
        screened: how many moving ranges screening left out.
    """

    mean: Fraction
    mr_bar: Fraction
    lower: Fraction
    upper: Fraction
    lower_two_sigma: Fraction
    upper_two_sigma: Fraction
    points: int
    screened: int = 0

    def __repr__(self) -> str:
        lines = ", ".join(
            f"{name} {short_number(getattr(self, name))}" for name in ("mean", "lower", "upper")
        )
        return f"ProcessLimits({lines}, from {counted(self.points, 'point')})"

    def rounded(self, places: int = 2) -> dict[str, Decimal]:
        """The lines rounded half away from zero to ``places`` decimal places, for display only.

        ```pycon
        >>> limits = process_limits([Fraction(n) for n in (1, 2, 1, 2, 10, 1, 2, 1)])
        >>> limits.rounded(1)["upper"], limits.rounded(1)["mean"], limits.rounded(1)["lower"]
        (Decimal('10.9'), Decimal('2.5'), Decimal('-5.9'))

        ```
        """
        lines = ("mean", "mr_bar", "lower", "upper", "lower_two_sigma", "upper_two_sigma")
        return {line: round_half_up(getattr(self, line), places) for line in lines}


def _screen(
    values: Sequence[Fraction], ranges: Sequence[Fraction], settings: SPCSettings
) -> tuple[Fraction, Fraction, int]:
    """Mean, mR-bar and the count of moving ranges dropped, after screening."""
    mean = _mean(values)
    mr_bar = _mean(ranges)
    # With mR-bar 0 every moving range is 0: nothing is an outlier (NHSR would divide 0 by 0).
    if not settings.screening or mr_bar == 0:
        return mean, mr_bar, 0
    cap = settings.screening_factor * mr_bar
    kept = [mr <= cap if settings.screening_inclusive else mr < cap for mr in ranges]
    screened = kept.count(False)
    if screened == 0:
        return mean, mr_bar, 0
    mr_bar = _mean([mr for mr, keep in zip(ranges, kept, strict=True) if keep])
    if settings.screening_recomputes_mean:
        # ranges[i] leads to values[i + 1]; the first value has no moving range and is kept.
        leading = [values[0]]
        leading += [value for value, keep in zip(values[1:], kept, strict=True) if keep]
        mean = _mean(leading)
    return mean, mr_bar, screened


def process_limits(
    values: Sequence[Fraction], settings: SPCSettings | None = None
) -> ProcessLimits:
    """The process limits drawn from ``values`` (at least two) under ``settings``.

    Args:
        values: the values the limits are computed from, in time order.
        settings: screening, the limit factor; NHSRplotthedots' by default.

    Raises:
        InvalidSeriesError: fewer than two values.

    ```pycon
    >>> limits = process_limits([Fraction(n) for n in range(1, 11)])
    >>> limits.mean, limits.mr_bar, limits.lower, limits.upper
    (Fraction(11, 2), Fraction(1, 1), Fraction(71, 25), Fraction(204, 25))

    ```
    """
    settings = SPCSettings.nhsr() if settings is None else settings
    instance(settings, SPCSettings, field="settings")
    values = exacts(values, "values")
    if len(values) < 2:  # noqa: PLR2004 (a moving range needs two values)
        raise InvalidSeriesError("values", values, "at least two values to draw limits from")
    mean, mr_bar, screened = _screen(values, moving_ranges(values), settings)
    width = settings.limit_factor * mr_bar
    near = settings.two_sigma_factor * mr_bar
    return ProcessLimits(
        mean=mean,
        mr_bar=mr_bar,
        lower=mean - width,
        upper=mean + width,
        lower_two_sigma=mean - near,
        upper_two_sigma=mean + near,
        points=len(values),
        screened=screened,
    )
