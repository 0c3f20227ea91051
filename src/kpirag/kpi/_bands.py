"""Bands: ordered, labelled intervals that partition an axis.

Bands are data. Construction fails unless each band starts exactly where the
previous one ends, with the shared edge belonging to exactly one of them. The
duration bands of a Child Protection Plan report are the preset
``Bands.durations``, measured in calendar months with dateutil's
``relativedelta`` (month arithmetic, not days divided by 30).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from kpirag._validate import as_tuple, brief, counted, flag, iterable, short_number, text
from kpirag.errors import AggregateError, InvalidBandsError, KpiragError
from kpirag.kpi._periods import add_months, parse_date
from kpirag.rules import Number, format_decimal, to_decimal

__all__ = ["Band", "Bands"]


def _optional(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="band edge")


@attrs.frozen
class Band:
    """One interval of an axis, with its label.

    Attributes:
        label: how reports name the band, e.g. ``"3 months or less"``.
        lower: the lower edge, or ``None`` for no lower limit.
        upper: the upper edge, or ``None`` for no upper limit.
        lower_closed: whether a value equal to ``lower`` is in the band.
        upper_closed: whether a value equal to ``upper`` is in the band.
    """

    label: str = attrs.field(validator=text)
    lower: Decimal | None = attrs.field(default=None, converter=_optional)
    upper: Decimal | None = attrs.field(default=None, converter=_optional)
    lower_closed: bool = attrs.field(default=True, validator=flag)
    upper_closed: bool = attrs.field(default=False, validator=flag)

    def __repr__(self) -> str:
        low = "" if self.lower is None else short_number(self.lower)
        high = "" if self.upper is None else short_number(self.upper)
        opening, closing = "[("[not self.lower_closed], "])"[not self.upper_closed]
        return f"Band({brief(self.label)}, {opening}{low}, {high}{closing})"

    def __attrs_post_init__(self) -> None:
        if not self.label.strip():
            raise InvalidBandsError(field="band label", value=self.label, expected="a name")
        if self.lower is not None and self.upper is not None:
            empty = self.upper < self.lower or (
                self.upper == self.lower and not (self.lower_closed and self.upper_closed)
            )
            if empty:
                raise InvalidBandsError(
                    f"from {self.lower} to {self.upper} is empty", field="band", value=self.label
                )

    def __contains__(self, value: object) -> bool:
        number = to_decimal(value)
        if self.lower is not None and (
            number < self.lower or (number == self.lower and not self.lower_closed)
        ):
            return False
        return not (
            self.upper is not None
            and (number > self.upper or (number == self.upper and not self.upper_closed))
        )


def _bands(bands: Iterable[Band]) -> tuple[Band, ...]:
    return as_tuple(bands, Band, "bands")


@attrs.frozen
class Bands:
    """Bands that partition an axis, in order.

    ```pycon
    >>> bands = Bands.durations()
    >>> [band.label for band in bands.bands][:2]
    ['3 months or less', 'More than 3 months, up to 6 months']
    >>> bands.label_of(6)
    'More than 3 months, up to 6 months'
    >>> bands.label_of(12)
    '1 year but less than 2 years'

    ```
    """

    bands: tuple[Band, ...] = attrs.field(converter=_bands)
    unit: str = attrs.field(default="", validator=text)

    def __repr__(self) -> str:
        first, last = brief(self.bands[0].label, 30), brief(self.bands[-1].label, 30)
        unit = f", {brief(self.unit, 20)}" if self.unit else ""
        return f"Bands({counted(len(self.bands), 'band')}: {first} to {last}{unit})"

    def __attrs_post_init__(self) -> None:
        if not self.bands:
            raise InvalidBandsError(field="bands", value=(), expected="at least one band")
        labels = [band.label for band in self.bands]
        if len(set(labels)) != len(labels):
            raise InvalidBandsError("labels must be unique", field="bands", value=labels)
        for inner in self.bands[1:]:
            if inner.lower is None:
                raise InvalidBandsError(
                    "only the first band may have no lower edge", field="band", value=inner.label
                )
        for inner in self.bands[:-1]:
            if inner.upper is None:
                raise InvalidBandsError(
                    "only the last band may have no upper edge", field="band", value=inner.label
                )
        for below, above in zip(self.bands, self.bands[1:], strict=False):
            if below.upper != above.lower:
                kind = "a gap" if below.upper < above.lower else "an overlap"  # type: ignore[operator]
                raise InvalidBandsError(
                    f"{kind} between {below.upper} and {above.lower}; "
                    "each band must start where the last ends",
                    field="bands",
                    value=(below.label, above.label),
                )
            if below.upper_closed == above.lower_closed:
                owner = "both" if below.upper_closed else "neither"
                raise InvalidBandsError(
                    f"the edge {below.upper} belongs to {owner}; it must belong to exactly one",
                    field="bands",
                    value=(below.label, above.label),
                )

    @property
    def labels(self) -> tuple[str, ...]:
        """The band labels, in order."""
        return tuple(band.label for band in self.bands)

    def index(self, label: str) -> int:
        """The position of the band called ``label``."""
        try:
            return self.labels.index(label)
        except ValueError:
            raise InvalidBandsError(
                field="band", value=label, expected=f"one of {list(self.labels)}"
            ) from None

    def locate(self, value: Number) -> int:
        """The position of the band holding ``value``."""
        for position, band in enumerate(self.bands):
            if value in band:
                return position
        # In no band: the bands leave no gap, so it lies below the first or above the last.
        number, first = to_decimal(value), self.bands[0]
        raise InvalidBandsError(
            f"below the first band {first.label!r}"
            if first.lower is not None and number <= first.lower
            else f"above the last band {self.bands[-1].label!r}",
            field="value",
            value=format_decimal(number),
        )

    def label_of(self, value: Number) -> str:
        """The label of the band holding ``value``."""
        return self.bands[self.locate(value)].label

    def locate_duration(self, start: dt.date | str, as_of: dt.date | str) -> int:
        """The band of the time from ``start`` to ``as_of``, edges read as whole months.

        A case is in a band with upper edge ``n`` months when ``as_of`` is on or
        before ``start`` plus ``n`` calendar months (before, for an open edge).
        """
        begin = parse_date(start, field="start date")
        end = parse_date(as_of, field="as-of date")
        if begin > end:
            raise InvalidBandsError(
                f"after the as-of date {end.isoformat()}",
                field="start date",
                value=begin.isoformat(),
            )
        for position, band in enumerate(self.bands):
            if band.upper is None:
                return position
            months = band.upper
            if months != months.to_integral_value():
                raise InvalidBandsError(
                    f"duration edges must be whole months, got {months}",
                    field="band",
                    value=band.label,
                )
            edge = add_months(begin, int(months))
            if end < edge or (end == edge and band.upper_closed):
                return position
        raise AssertionError("unreachable: the last band has no upper edge")  # pragma: no cover

    def count(self, values: Iterable[Number]) -> tuple[int, ...]:
        """How many of ``values`` fall in each band."""
        counts = [0] * len(self.bands)
        for value in iterable(values, "values"):
            counts[self.locate(value)] += 1
        return tuple(counts)

    def count_durations(
        self, starts: Iterable[dt.date | str], as_of: dt.date | str
    ) -> tuple[int, ...]:
        """How many cases, from their start dates, fall in each duration band at ``as_of``."""
        day = parse_date(as_of, field="as-of date")  # once: one error for a bad date, cases or not
        counts = [0] * len(self.bands)
        errors: list[KpiragError] = []
        for line, start in enumerate(iterable(starts, "start dates"), start=1):
            try:
                counts[self.locate_duration(start, day)] += 1
            except KpiragError as exc:
                exc.subject = f"case {line}" if exc.subject is None else exc.subject
                errors.append(exc)
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise AggregateError(errors)
        return tuple(counts)

    @classmethod
    def durations(cls) -> Bands:
        """Time on a plan, in months: the bands of the Children in Need and CPP measures."""
        return cls(
            (
                Band("3 months or less", 0, 3, upper_closed=True),
                Band(
                    "More than 3 months, up to 6 months",
                    3,
                    6,
                    lower_closed=False,
                    upper_closed=True,
                ),
                Band("More than 6 months but less than 1 year", 6, 12, lower_closed=False),
                Band("1 year but less than 2 years", 12, 24),
                Band("2 years +", 24, None),
            ),
            unit="months",
        )
