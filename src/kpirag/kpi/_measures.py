"""Measures: what a KPI's figure is, before it meets its target.

- ``Figure``: a plain number (``46``, ``69%``).
- ``Cohort``: a numerator over a denominator, compared as a percentage
  (``8/9 (89%)``). A zero denominator is not rated ("no cases").
- ``Distribution``: cases counted into ordered ``Bands``,
  compared as one band's share (``0%`` in ``2 years +``).

Each measure gives ``comparable`` (the exact number compared with the
target, or ``None`` with a reason) and ``display`` (the figure as a report
shows it, rounded only for display).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from numbers import Integral
from typing import TypeAlias

import attrs

from kpirag._validate import brief, counted, flag, instance, iterable, of, shown, text, whole
from kpirag.errors import (
    InvalidBandsError,
    InvalidChoiceError,
    InvalidCountError,
    InvalidValueError,
    ValueTypeError,
)
from kpirag.kpi._bands import Bands
from kpirag.rules import (
    Number,
    Target,
    format_decimal,
    parse_quantity,
    round_fraction,
    to_decimal,
    unit_name,
    with_unit,
)

__all__ = [
    "MAX_COUNT",
    "MAX_PLACES",
    "Cohort",
    "Distribution",
    "Figure",
    "Measure",
    "check_unit",
]

MAX_COUNT = 10**15
"""Counts of cases (numerators, denominators, band counts) are below this."""

MAX_PLACES = 28
"""The most decimal places a figure or percentage is rounded to for display."""


def _places(places: object, default: int | None) -> int | None:
    """Decimal places for display: ``None`` (as given) or 0 to ``MAX_PLACES``."""
    if places is None:
        return default
    return whole(places, "places", low=0, high=MAX_PLACES)


def format_percent(share: Fraction, places: int = 1) -> str:
    """A share in percent units, rounded half up for display: ``33.3%``."""
    return f"{format_decimal(round_fraction(share, _places(places, 1) or 0))}%"


def _count(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral | Decimal | float | str):
        raise ValueTypeError(field=field, value=value, expected="a whole number")
    number = to_decimal(value, field=field)
    if number < 0:
        raise InvalidCountError("a count cannot be negative", field=field, value=value)
    if number >= MAX_COUNT:  # checked before any rounding: 1E+1000000 is refused at once
        raise InvalidCountError(
            field=field, value=value, expected=f"fewer than {MAX_COUNT:,} cases"
        )
    if number != number.to_integral_value():
        raise InvalidCountError(field=field, value=value, expected="a whole number of cases")
    return operator.index(int(number))


def _numerator(value: object) -> int:
    return _count(value, "numerator")


def _denominator(value: object) -> int:
    return _count(value, "denominator")


def _figure(value: Number) -> Decimal:
    return to_decimal(value, field="figure")


def _figure_unit(value: str | None) -> str | None:
    return None if value is None else unit_name(value, "figure unit")


@attrs.frozen(repr=False)
class Figure:
    """A plain number, with the unit it was written in: ``Figure("69%")`` is 69 in percent units.

    Attributes:
        value: the exact number.
        percent: whether it is a percentage.
        unit: the unit word it was written with (``"weeks"``, ``"jobs"``,
            ``"£"``), or ``None`` for a bare number, which is in its target's
            unit. A figure in another unit than its target's is a
            ``UnitMismatchError`` when it is evaluated.

    ```pycon
    >>> Figure("2,000").display()
    '2,000'
    >>> Figure.parse("67.4 weeks")
    Figure(value=Decimal('67.4'), percent=False, unit='weeks')

    ```
    """

    value: Decimal = attrs.field(converter=_figure)
    percent: bool = attrs.field(default=False, validator=flag)
    unit: str | None = attrs.field(default=None, kw_only=True, converter=_figure_unit)

    def __attrs_post_init__(self) -> None:
        if self.unit == "%":
            object.__setattr__(self, "unit", None)
            object.__setattr__(self, "percent", True)
        if self.percent and self.unit is not None:
            raise InvalidValueError(
                "a percentage has no other unit", field="figure unit", value=self.unit
            )

    def __repr__(self) -> str:
        unit = "" if self.unit is None else f", unit={self.unit!r}"
        return f"Figure(value={self.value!r}, percent={self.percent!r}{unit})"

    @classmethod
    def parse(cls, text: str) -> Figure:
        """Read ``"46"``, ``"69%"``, ``"2,000"`` or ``"67.4 weeks"``, keeping the sign or unit.

        The one reader of figures with units, ``kpirag.rules.parse_quantity``,
        as KPI files, the command line and ``classify`` read them.
        """
        quantity = parse_quantity(instance(text, str, field="figure"), field="figure")
        return cls(quantity.number, quantity.percent, unit=quantity.unit)

    def comparable(self) -> tuple[Decimal | Fraction | None, str | None]:
        """The number compared with the target, and no reason."""
        return self.value, None

    def display(self, places: int | None = None) -> str:
        """``46``, ``69%``, ``2,000``, ``67.4 weeks``; rounded to ``places`` when given."""
        shown = format_decimal(self.value, _places(places, None), grouping=True)
        return with_unit(shown, self.unit, percent=self.percent)


def check_unit(measure: Measure, target: Target) -> None:
    """Raise ``UnitMismatchError`` when a figure was written in another unit than its target's.

    A bare figure is in its target's unit; ``103 jobs`` meets ``>=85 jobs``
    and is refused against ``>=85 weeks`` or ``>=85``.
    """
    instance(target, Target, field="target")
    if isinstance(measure, Figure):
        target.check_unit(measure.unit, field="value", value=measure.display())


@attrs.frozen
class Cohort:
    """A numerator over a denominator, compared as a percentage.

    ```pycon
    >>> Cohort(8, 9).display(0)
    '8/9 (89%)'
    >>> Cohort(3, 7).display(1, style="count")
    '3 (42.9%)'
    >>> Cohort(0, 0).comparable()
    (None, 'no cases')

    ```
    """

    numerator: int = attrs.field(converter=_numerator)
    denominator: int = attrs.field(converter=_denominator)

    def __attrs_post_init__(self) -> None:
        if self.numerator > self.denominator:
            raise InvalidCountError(
                field="numerator",
                value=self.numerator,
                expected=f"at most its denominator {shown(self.denominator)}",
            )

    @property
    def share(self) -> Fraction | None:
        """The exact percentage (e.g. 800/9 for 8 of 9), or ``None`` with no cases."""
        if self.denominator == 0:
            return None
        return Fraction(100 * self.numerator, self.denominator)

    def comparable(self) -> tuple[Decimal | Fraction | None, str | None]:
        """The exact percentage, or ``None`` with the reason ``"no cases"``."""
        share = self.share
        return share, "no cases" if share is None else None

    def display(self, places: int | None = 0, *, style: str = "fraction") -> str:
        """``8/9 (89%)`` (``style="fraction"``) or ``3 (42.9%)`` (``style="count"``)."""
        given: object = style
        if not isinstance(given, str) or given not in {"fraction", "count"}:
            raise InvalidChoiceError(field="style", value=style, expected="'fraction' or 'count'")
        head = (
            f"{self.numerator}/{self.denominator}" if style == "fraction" else f"{self.numerator}"
        )
        share = self.share
        if share is None:
            return f"{head} (no cases)"
        return f"{head} ({format_percent(share, _places(places, 0) or 0)})"


def _counts(values: Iterable[object]) -> tuple[int, ...]:
    counted = enumerate(iterable(values, "counts"), 1)
    return tuple(_count(value, f"count {position}") for position, value in counted)


@attrs.frozen
class Distribution:
    """Cases counted into ordered bands, compared as one band's share.

    Attributes:
        bands: the bands (they partition their axis).
        counts: how many cases fall in each band, in band order.
        band: the label of the band whose share is compared with the target.
        total: an optional published total; it must equal the sum of ``counts``.

    ```pycon
    >>> cin = Distribution(Bands.durations(), (4, 1, 7, 0, 0), band="2 years +")
    >>> cin.display()
    '4 (33.3%), 1 (8.3%), 7 (58.3%), 0, 0'
    >>> cin.comparable()
    (Fraction(0, 1), None)

    ```
    """

    bands: Bands = attrs.field(validator=of(Bands))
    counts: tuple[int, ...] = attrs.field(converter=_counts)
    band: str = attrs.field(validator=text)
    total: int | None = attrs.field(default=None, validator=of(int, optional=True))

    def __repr__(self) -> str:
        cases, bands = counted(sum(self.counts), "case"), counted(len(self.counts), "band")
        return f"Distribution({cases} in {bands}, compared: {brief(self.band, 30)})"

    def __attrs_post_init__(self) -> None:
        if len(self.counts) != len(self.bands.bands):
            raise InvalidBandsError(
                f"{len(self.counts)} counts for {len(self.bands.bands)} bands",
                field="counts",
                value=list(self.counts),
            )
        self.bands.index(self.band)
        if self.total is not None and self.total != sum(self.counts):
            raise InvalidBandsError(
                f"the band counts {list(self.counts)} add up to {sum(self.counts)}",
                field="total",
                value=self.total,
            )

    @classmethod
    def from_dates(
        cls,
        bands: Bands,
        starts: Iterable[dt.date | str],
        *,
        as_of: dt.date | str,
        band: str,
    ) -> Distribution:
        """Count cases into duration bands from their start dates at ``as_of``."""
        instance(bands, Bands, field="bands")
        return cls(bands, bands.count_durations(starts, as_of), band)

    @property
    def cases(self) -> int:
        """The number of cases in all bands."""
        return sum(self.counts)

    def share(self, label: str) -> Fraction | None:
        """The exact percentage of cases in the band ``label`` (``None`` with no cases)."""
        position = self.bands.index(label)
        if self.cases == 0:
            return None
        return Fraction(100 * self.counts[position], self.cases)

    def comparable(self) -> tuple[Decimal | Fraction | None, str | None]:
        """The targeted band's share, or ``None`` with the reason ``"no cases"``."""
        share = self.share(self.band)
        return share, "no cases" if share is None else None

    def display(self, places: int | None = 1) -> str:
        """``4 (33.3%), 1 (8.3%), 7 (58.3%), 0, 0``: zero counts show no percentage."""
        places = _places(places, 1)
        parts = []
        for count in self.counts:
            if count == 0 or self.cases == 0:
                parts.append(str(count))
            else:
                share = Fraction(100 * count, self.cases)
                parts.append(f"{count} ({format_percent(share, places or 0)})")
        return ", ".join(parts)


Measure: TypeAlias = Figure | Cohort | Distribution
"""Any measure a KPI's figure can be."""
