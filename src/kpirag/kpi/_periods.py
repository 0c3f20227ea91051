"""Reporting periods: years with a configurable start month, quarters and months.

The UK financial year starts in April, so ``Q1 2017/18`` is April to June 2017.
Calendar and academic years are presets. Labels parse back to equal periods.
Dates given as text are read day first (``30/09/17`` is 30 September 2017).
This is the only module that uses dateutil.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import ClassVar, TypeAlias

import attrs
from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from kpirag._validate import instance, integer, of, text, whole, within
from kpirag.errors import InvalidPeriodError, ValueTypeError

__all__ = [
    "PERIOD_FORMS",
    "Month",
    "Period",
    "Quarter",
    "Year",
    "YearConvention",
    "add_months",
    "parse_date",
    "parse_period",
    "read_period",
]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months (31 Jan + 1 month is 28 or 29 Feb).

    ```pycon
    >>> add_months(dt.date(2017, 1, 31), 1)
    datetime.date(2017, 2, 28)

    ```
    """
    instance(day, dt.date, field="day")
    whole(months, "months", low=-_MONTHS, high=_MONTHS, error=InvalidPeriodError)
    try:
        return day + relativedelta(months=months)
    except (ValueError, OverflowError) as exc:  # past the year 9999 or before year 1
        raise InvalidPeriodError(
            "the date falls outside the years 1 to 9999", field="months", value=months
        ) from exc


_MONTHS = 12 * 10_000
"""The most months ``add_months`` moves a date (beyond it no date exists)."""


def _first_day(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``first`` (itself a first day).

    ``add_months`` for a period's bounds, without its checks: a year's start
    year is at most 9998, so its months' bounds are dates.
    """
    total = first.month - 1 + months
    return dt.date(first.year + total // 12, total % 12 + 1, 1)


# Two different fill-ins for parts a text may lack (naive: dates carry no time zone).
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2004, 2, 2))  # noqa: DTZ001


_LONGEST_DATE = 64
"""The longest date text read (``Saturday 30 September 2017`` is 26 characters)."""


def _day(year: int, month: int, day: int) -> dt.date:
    """The date, or our error saying which part does not exist (never ``datetime``'s text)."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _NoSuchDate("year is out of range")
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise _NoSuchDate("month must be in 1..12")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _NoSuchDate("day is out of range for month")
    return dt.date(year, month, day)


class _NoSuchDate(ValueError):  # noqa: N818 - internal: carries which part of a date is wrong
    """Year, month and day numbers that name no date; ``why`` says which part."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def _why(exc: Exception) -> str:
    """What went wrong, in words, from the error's kind (never its message)."""
    if isinstance(exc, _NoSuchDate):
        return exc.why
    if isinstance(exc, date_parser.ParserError):
        return "not a date in a form kpirag reads"
    return "not a date"


def _not_a_date(text: str, field: str, why: str) -> InvalidPeriodError:
    expected = "a real date such as '30/09/17'"
    return InvalidPeriodError(
        f"{why}; expected {expected}", field=field, value=text, expected=expected
    )


def parse_date(text: str | dt.date, *, field: str = "date") -> dt.date:
    """Read a date, day first: ``30/09/17``, ``30 Sep 2017``, ``2017-09-30``.

    A date that does not exist (``31/02/17``) or text that lacks a day, month or
    year raises ``InvalidPeriodError``.

    ```pycon
    >>> parse_date("30/09/17")
    datetime.date(2017, 9, 30)

    ```
    """
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    instance(field, str, field="field")
    if not isinstance(text, str):
        raise ValueTypeError(field=field, value=text, expected="a date or date text")
    if len(text) > _LONGEST_DATE:
        raise InvalidPeriodError(
            field=field, value=text, expected=f"a date of at most {_LONGEST_DATE} characters"
        )
    iso = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    numeric = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\s*", text)
    if not iso and not numeric and re.fullmatch(r"[\d\s/.-]*", text):
        # Outside the try below, whose ValueError handler would reword it as "not a date".
        raise _not_a_date(text, field, "digits that are not day/month/year")
    try:
        if iso:
            return _day(int(iso[1]), int(iso[2]), int(iso[3]))
        if numeric:
            # Day first, always; a two-digit year is 1970-2069 (the POSIX pivot).
            year = int(numeric[3])
            if len(numeric[3]) == 2:  # noqa: PLR2004
                year += 2000 if year < 70 else 1900  # noqa: PLR2004
            return _day(year, int(numeric[2]), int(numeric[1]))
        # Parse twice with different defaults: a component the text lacks shows up as a
        # difference, so partial dates are rejected rather than completed silently.
        first = date_parser.parse(text, dayfirst=True, default=_DEFAULTS[0])
        second = date_parser.parse(text, dayfirst=True, default=_DEFAULTS[1])
    except (ValueError, OverflowError, ArithmeticError) as exc:
        # dateutil raises decimal.InvalidOperation (an ArithmeticError) for '1111...1m'.
        raise _not_a_date(text, field, _why(exc)) from exc
    if first != second:
        raise InvalidPeriodError(field=field, value=text, expected="a day, a month and a year")
    return first.date()


@attrs.frozen
class YearConvention:
    """When a reporting year starts, and how its years are labelled.

    Attributes:
        start_month: the first month of the year (4 for the UK financial year).
        name: a short name, e.g. ``"UK financial year"``.
    """

    start_month: int = attrs.field(default=4, validator=integer)
    name: str = attrs.field(default="UK financial year", validator=text)

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:  # noqa: PLR2004
            raise InvalidPeriodError(
                field="start_month", value=self.start_month, expected="1 to 12"
            )

    @classmethod
    def uk_financial(cls) -> YearConvention:
        """April to March (the default)."""
        return cls(4, "UK financial year")

    @classmethod
    def calendar(cls) -> YearConvention:
        """January to December."""
        return cls(1, "Calendar year")

    @classmethod
    def academic(cls) -> YearConvention:
        """September to August."""
        return cls(9, "Academic year")

    def year_of(self, day: dt.date) -> Year:
        """The year containing ``day``."""
        instance(day, dt.date, field="day")
        start = day.year if day.month >= self.start_month else day.year - 1
        return Year(start, self)

    def label(self, start_year: int) -> str:
        """``2017/18`` for a split year, ``2017`` for a calendar year."""
        whole(start_year, "start year", low=1, high=9998)
        if self.start_month == 1:
            return str(start_year)
        return f"{start_year}/{(start_year + 1) % 100:02d}"


class _Span:
    """What every period shares: a label, and the dates from ``start`` to ``end``."""

    __slots__ = ()

    @property
    def start(self) -> dt.date:
        """The first day."""
        raise NotImplementedError

    @property
    def end(self) -> dt.date:
        """The last day."""
        raise NotImplementedError

    @property
    def label(self) -> str:
        """How reports write the period."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


@attrs.frozen(order=True)
class Year(_Span):
    """A reporting year, e.g. the financial year 2017/18 (April 2017 to March 2018)."""

    start_year: int = attrs.field(validator=within(1, 9998))
    convention: YearConvention = attrs.field(
        factory=YearConvention, order=False, validator=of(YearConvention)
    )

    @property
    def start(self) -> dt.date:
        """The first day."""
        return dt.date(self.start_year, self.convention.start_month, 1)

    @property
    def end(self) -> dt.date:
        """The last day."""
        return _first_day(self.start, 12) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        """``2017/18``."""
        return self.convention.label(self.start_year)

    def quarter(self, number: int) -> Quarter:
        """Quarter 1 to 4 of this year."""
        return Quarter(self, number)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        """The four quarters, in order."""
        return tuple(Quarter(self, number) for number in range(1, 5))


class _Months(_Span):
    """A run of whole months inside a year: a quarter (three) or a month (one)."""

    __slots__ = ()
    _length: ClassVar[int]

    @property
    def year(self) -> Year:
        """The year it belongs to."""
        raise NotImplementedError

    @property
    def index(self) -> int:
        """Its position in the year, from 1."""
        raise NotImplementedError

    @property
    def start(self) -> dt.date:
        """The first day."""
        return _first_day(self.year.start, self._length * (self.index - 1))

    @property
    def end(self) -> dt.date:
        """The last day."""
        return _first_day(self.year.start, self._length * self.index) - dt.timedelta(days=1)


@attrs.frozen(order=True)
class Quarter(_Months):
    """A quarter of a reporting year: ``Q1 2017/18`` is April to June 2017."""

    year: Year = attrs.field(validator=of(Year))
    number: int = attrs.field(validator=integer)
    _length: ClassVar[int] = 3

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.number <= 4:  # noqa: PLR2004
            raise InvalidPeriodError(field="quarter number", value=self.number, expected="1 to 4")

    @property
    def label(self) -> str:
        """``Q1 2017/18``."""
        return f"Q{self.number} {self.year.label}"

    @property
    def index(self) -> int:
        """The position in the year, 1 to 4."""
        return self.number


@attrs.frozen(order=True)
class Month(_Months):
    """A month of a reporting year; ``index`` 1 is the year's first month."""

    year: Year = attrs.field(validator=of(Year))
    index: int = attrs.field(validator=integer)
    _length: ClassVar[int] = 1

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.index <= 12:  # noqa: PLR2004
            raise InvalidPeriodError(field="month index", value=self.index, expected="1 to 12")

    @property
    def label(self) -> str:
        """``Apr 2017``."""
        return f"{calendar.month_abbr[self.start.month]} {self.start.year}"


_YEAR = r"(?P<year>\d{4})(?:\s*[/-]\s*(?P<next>\d{2}|\d{4}))?"
_PERIOD = re.compile(
    rf"""\s*(?:
        Q(?P<quarter>[1-4])\s+{_YEAR}
      | (?P<month>[A-Za-z]{{3,9}})\s+(?P<month_year>\d{{4}})
      | {_YEAR.replace("?P<year>", "?P<only_year>").replace("?P<next>", "?P<only_next>")}
    )\s*""",
    re.VERBOSE | re.IGNORECASE,
)
_ISO_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")


Period: TypeAlias = Year | Quarter | Month
"""Any reporting period: a year, a quarter or a month."""

PERIOD_FORMS = "a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"
"""The accepted period labels, in words (for messages that ask for a period)."""


def parse_period(text: str | Period, *, convention: YearConvention | None = None) -> Period:
    """Read a period label: the one reader every door uses.

    Financial (or calendar, or academic) years ``2017/18`` (also ``2017-18``),
    quarters ``Q1 2017/18``, months ``Apr 2017`` (or ``April 2017``) and ISO
    months ``2017-04``. A period given as an object is returned as it is, so
    every function that takes a period can take its label too. Text such as
    ``2011-12``, which is both a split year and an ISO month, is refused with
    the two ways to write it unambiguously. A date is not a reporting period
    here (``read_period`` takes dates, for series).

    ```pycon
    >>> parse_period("Q1 2017/18").start
    datetime.date(2017, 4, 1)
    >>> str(parse_period("2017/18")), str(parse_period("2023-04"))
    ('2017/18', 'Apr 2023')

    ```
    """
    if isinstance(text, Year | Quarter | Month):
        return text
    if convention is None:
        convention = YearConvention()
    instance(convention, YearConvention, field="convention")
    instance(text, str, field="period", expected=f"a period or {PERIOD_FORMS}")
    if len(text) > _LONGEST_DATE:
        raise InvalidPeriodError(field="period", value=text, expected=PERIOD_FORMS)
    iso = _ISO_MONTH.fullmatch(text)
    if iso is not None and 1 <= int(iso[2]) <= 12:  # noqa: PLR2004
        return _iso_month(text, int(iso[1]), int(iso[2]), convention)
    match = _PERIOD.fullmatch(text)
    if match is None:
        if _is_date(text):
            raise InvalidPeriodError(
                f"a date is not a reporting period; give {PERIOD_FORMS}",
                field="period",
                value=text,
            )
        raise InvalidPeriodError(field="period", value=text, expected=PERIOD_FORMS)
    if match["month"]:
        names = {name.casefold(): n for n, name in enumerate(calendar.month_abbr) if name}
        names |= {name.casefold(): n for n, name in enumerate(calendar.month_name) if name}
        number = names.get(match["month"].casefold())
        if number is None:
            raise InvalidPeriodError(
                f"unknown month {match['month']!r}", field="period", value=text
            )
        return _month(int(match["month_year"]), number, convention)
    start = int(match["year"] or match["only_year"])
    following = match["next"] or match["only_next"]
    year = Year(start, convention)
    split = convention.start_month != 1
    if split and following is None:
        raise InvalidPeriodError(
            f"a {convention.name} spans two years, e.g. '{convention.label(start)}'",
            field="period",
            value=text,
        )
    if following is not None and (not split or int(following) % 100 != (start + 1) % 100):
        raise InvalidPeriodError(
            field="period",
            value=text,
            expected=f"{convention.label(start)!r} for a {convention.name}",
        )
    if match["quarter"]:
        return Quarter(year, int(match["quarter"]))
    return year


def _month(year: int, number: int, convention: YearConvention) -> Month:
    """Calendar month ``number`` of ``year``, placed in its reporting year."""
    day = dt.date(year, number, 1)
    return Month(convention.year_of(day), (number - convention.start_month) % 12 + 1)


def _iso_month(text: str, year: int, number: int, convention: YearConvention) -> Month:
    """An ISO month, refused when it also reads as a split year (``2011-12``)."""
    if convention.start_month != 1 and number == (year + 1) % 100:
        raise InvalidPeriodError(
            f"ambiguous: the {convention.name} {convention.label(year)} or the month "
            f"{calendar.month_abbr[number]} {year}; write {convention.label(year)!r} "
            f"or '{calendar.month_abbr[number]} {year}'",
            field="period",
            value=text,
        )
    return _month(year, number, convention)


def _is_date(text: str) -> bool:
    try:
        parse_date(text, field="period")
    except InvalidPeriodError:
        return False
    return True


def read_period(
    value: Period | dt.date | str, *, convention: YearConvention | None = None
) -> Period | dt.date:
    """A period from a period object, a period label or a date: ``parse_period``, then dates.

    Labels are those ``parse_period`` reads (``Apr 2017``, ``2017-04``,
    ``Q1 2017/18``, ``2017/18``); anything else is read as a date, day first
    (``30/04/17``), as ``parse_date`` reads it. Series and SPC charts take
    their periods with it.

    Raises:
        InvalidPeriodError: neither a period label nor a date, or an ambiguous label.

    ```pycon
    >>> read_period("2024-03"), read_period("Q1 2024/25").label, read_period("31/03/24")
    (Month(year=Year(start_year=2023, ...), index=12), 'Q1 2024/25', datetime.date(2024, 3, 31))

    ```
    """
    if isinstance(value, Month | Quarter | Year | dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if not isinstance(value, str):
        raise ValueTypeError(
            field="period", value=value, expected="a period, a period label or a date"
        )
    try:
        return parse_period(value, convention=convention)
    except InvalidPeriodError as exc:
        if exc.reason is not None and exc.reason.startswith("ambiguous"):
            raise
    try:
        return parse_date(value, field="period")
    except InvalidPeriodError:
        raise InvalidPeriodError(
            field="period", value=value, expected=f"{PERIOD_FORMS}, or a date"
        ) from None
