"""Periods and dates: kpirag.kpi._periods."""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    Distribution,
    InvalidPeriodError,
    KpiragError,
    Month,
    Quarter,
    ValueTypeError,
    Year,
    YearConvention,
    parse_date,
    parse_period,
)
from kpirag.kpi import add_months, read_period


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2017/18", dt.date(2017, 4, 1), dt.date(2018, 3, 31)),
        ("Q1 2017/18", dt.date(2017, 4, 1), dt.date(2017, 6, 30)),
        ("Q4 2017/18", dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
        ("Apr 2017", dt.date(2017, 4, 1), dt.date(2017, 4, 30)),
        ("Feb 2016", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("Q1 2017-18", dt.date(2017, 4, 1), dt.date(2017, 6, 30)),
        ("2017/2018", dt.date(2017, 4, 1), dt.date(2018, 3, 31)),
    ],
)
def test_uk_financial_labels(label: str, start: dt.date, end: dt.date) -> None:
    """UK financial year labels parse to April-based periods."""
    period = parse_period(label)
    assert (period.start, period.end) == (start, end)
    assert parse_period(str(period)) == period


def test_other_conventions() -> None:
    """Calendar and academic years are presets."""
    calendar = YearConvention.calendar()
    assert parse_period("2017", convention=calendar).end == dt.date(2017, 12, 31)
    assert parse_period("Q1 2017", convention=calendar).end == dt.date(2017, 3, 31)
    academic = YearConvention.academic()
    assert parse_period("2017/18", convention=academic).start == dt.date(2017, 9, 1)


@pytest.mark.parametrize("label", ["", "Q5 2017/18", "2017/19", "2017", "Q1", "Foo 2017", "18/19"])
def test_bad_labels(label: str) -> None:
    """Labels that do not parse raise InvalidPeriodError naming the label."""
    with pytest.raises(InvalidPeriodError, match="Invalid period"):
        parse_period(label)


def test_containment_and_order() -> None:
    """Periods contain their dates and sort in time order."""
    year = Year(2017)
    q1, q2 = year.quarter(1), year.quarter(2)
    assert dt.date(2017, 6, 30) in q1
    assert dt.date(2017, 7, 1) not in q1
    assert q1 < q2
    assert Month(year, 1) < Month(year, 2)
    assert YearConvention().year_of(dt.date(2018, 3, 31)) == year
    assert [q.label for q in year.quarters] == [f"Q{n} 2017/18" for n in range(1, 5)]
    assert pickle.loads(pickle.dumps(q1)) == q1


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Quarter(Year(2017), 5), "quarter number"),
        (lambda: Month(Year(2017), 13), "month index"),
        (lambda: YearConvention(13), "start_month"),
    ],
)
def test_bad_fields(build: object, message: str) -> None:
    """Out-of-range quarters, months and start months are our error."""
    with pytest.raises(InvalidPeriodError, match=message):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30/09/17", dt.date(2017, 9, 30)),
        ("01/09/19", dt.date(2019, 9, 1)),
        ("1 Sep 2019", dt.date(2019, 9, 1)),
        ("2017-09-30", dt.date(2017, 9, 30)),
        (dt.date(2017, 1, 2), dt.date(2017, 1, 2)),
        (dt.datetime(2017, 1, 2, 3, 4, tzinfo=dt.UTC), dt.date(2017, 1, 2)),
    ],
)
def test_parse_date_day_first(text: str | dt.date, expected: dt.date) -> None:
    """Dates are read day first."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/02/17", "2017-02-30", "Sept", "September 2017", "", "tomorrow", "32/01/17",
        "11111111111111111111111111111m", "1" * 5000, "30 Sep 2017 " * 10,
    ],
)  # fmt: skip
def test_parse_date_rejects(text: str) -> None:
    """Impossible or partial dates raise InvalidPeriodError."""
    with pytest.raises(InvalidPeriodError, match="Invalid date"):
        parse_date(text)


@given(st.text(max_size=20))
def test_parse_raises_only_ours(text: str) -> None:
    """Law: arbitrary text gives a date, a period, or our error."""
    for parse in (parse_date, parse_period):
        with contextlib.suppress(InvalidPeriodError):
            parse(text)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_period("30/04/17"), "Invalid period '30/04/17': a date is not a reporting period; give a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"),
        (lambda: parse_period("soon"), "Invalid period 'soon': expected a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"),
        (lambda: parse_date("soon"), "Invalid date 'soon': not a date in a form kpirag reads; expected a real date such as '30/09/17'"),
        (lambda: parse_date("31/02/17"), "Invalid date '31/02/17': day is out of range for month; expected a real date such as '30/09/17'"),
    ],
)  # fmt: skip
def test_a_date_given_as_a_period_and_a_word_given_as_a_date_are_told_apart(
    call: Callable[[], object], message: str
) -> None:
    """A date where a period is wanted is called a date; text that is no date says so."""
    with pytest.raises(InvalidPeriodError) as caught:
        call()
    assert str(caught.value) == message


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


def test_duration_counts_need_bands() -> None:
    """Counting cases by duration without Bands is refused naming the bands argument."""
    with pytest.raises(ValueTypeError) as caught:
        Distribution.from_dates(_junk(1), [], as_of="2024-01-01", band="x")
    assert caught.value.field == "bands"


@pytest.mark.parametrize(
    ("day", "months", "error", "message"),
    [
        (dt.date(9999, 12, 1), 1, InvalidPeriodError, "Invalid months 1: the date falls outside the years 1 to 9999"),
        (dt.date(1, 1, 1), -1, InvalidPeriodError, "Invalid months -1: the date falls outside the years 1 to 9999"),
        ("x", 1, ValueTypeError, "Invalid day 'x': expected date"),
        (dt.date(2000, 1, 1), 10**9, InvalidPeriodError, "Invalid months 1000000000: expected a whole number from -120000 to 120000"),
    ],
)  # fmt: skip
def test_add_months_past_the_calendar_names_the_months(
    day: object, months: int, error: type[Exception], message: str
) -> None:
    """Moving a date past year 9999 or before year 1, or by absurd months, names the argument."""
    with pytest.raises(error) as caught:
        add_months(_junk(day), months)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: parse_date("30/09/17", field=_junk(5)), ValueTypeError, "Invalid field 5: expected str"),
        (lambda: parse_date(_junk(5)), ValueTypeError, "Invalid date 5: expected a date or date text"),
        (lambda: parse_date(_junk(5), field="as of"), ValueTypeError, "Invalid as of 5: expected a date or date text"),
        (lambda: parse_date("1" * 65), InvalidPeriodError, "Invalid date '11111111111111111111111111111111111111111111111111111111111111111': expected a date of at most 64 characters"),
        (lambda: parse_date("Sep 2017"), InvalidPeriodError, "Invalid date 'Sep 2017': expected a day, a month and a year"),
        (lambda: parse_date("September 2017", field="start"), InvalidPeriodError, "Invalid start 'September 2017': expected a day, a month and a year"),
        (lambda: parse_date("31/02/17", field="start"), InvalidPeriodError, "Invalid start '31/02/17': day is out of range for month; expected a real date such as '30/09/17'"),
        (lambda: parse_date("2017-13-01"), InvalidPeriodError, "Invalid date '2017-13-01': month must be in 1..12; expected a real date such as '30/09/17'"),
        (lambda: parse_date("1/1/99999"), InvalidPeriodError, "Invalid date '1/1/99999': digits that are not day/month/year; expected a real date such as '30/09/17'"),
        (lambda: parse_date("1/13/17"), InvalidPeriodError, "Invalid date '1/13/17': month must be in 1..12; expected a real date such as '30/09/17'"),
        (lambda: parse_period("x" * 65), InvalidPeriodError, "Invalid period 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx': expected a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"),
        (lambda: parse_period(_junk(5)), ValueTypeError, "Invalid period 5: expected a period or a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"),
        (lambda: parse_period("2017/18", convention=_junk(5)), ValueTypeError, "Invalid convention 5: expected YearConvention"),
        (lambda: parse_period("Foo 2017"), InvalidPeriodError, "Invalid period 'Foo 2017': unknown month 'Foo'"),
        (lambda: parse_period("Sept 2017"), InvalidPeriodError, "Invalid period 'Sept 2017': unknown month 'Sept'"),
        (lambda: parse_period("2017"), InvalidPeriodError, "Invalid period '2017': a UK financial year spans two years, e.g. '2017/18'"),
        (lambda: parse_period("2017/19"), InvalidPeriodError, "Invalid period '2017/19': expected '2017/18' for a UK financial year"),
        (lambda: parse_period("2017/18", convention=YearConvention.calendar()), InvalidPeriodError, "Invalid period '2017/18': expected '2017' for a Calendar year"),
        (lambda: parse_period("2011-12"), InvalidPeriodError, "Invalid period '2011-12': ambiguous: the UK financial year 2011/12 or the month Dec 2011; write '2011/12' or 'Dec 2011'"),
        (lambda: parse_period("Q5 2017/18"), InvalidPeriodError, "Invalid period 'Q5 2017/18': expected a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04'"),
        (lambda: Quarter(Year(2017), 5), InvalidPeriodError, "Invalid quarter number 5: expected 1 to 4"),
        (lambda: Quarter(Year(2017), 0), InvalidPeriodError, "Invalid quarter number 0: expected 1 to 4"),
        (lambda: Month(Year(2017), 13), InvalidPeriodError, "Invalid month index 13: expected 1 to 12"),
        (lambda: Month(Year(2017), 0), InvalidPeriodError, "Invalid month index 0: expected 1 to 12"),
        (lambda: YearConvention(13), InvalidPeriodError, "Invalid start_month 13: expected 1 to 12"),
        (lambda: YearConvention(0), InvalidPeriodError, "Invalid start_month 0: expected 1 to 12"),
        (lambda: read_period(_junk(5)), ValueTypeError, "Invalid period 5: expected a period, a period label or a date"),
        (lambda: read_period("soon"), InvalidPeriodError, "Invalid period 'soon': expected a label such as '2017/18', 'Q1 2017/18', 'Apr 2017' or '2017-04', or a date"),
        (lambda: read_period("2011-12"), InvalidPeriodError, "Invalid period '2011-12': ambiguous: the UK financial year 2011/12 or the month Dec 2011; write '2011/12' or 'Dec 2011'"),
    ],
)  # fmt: skip
def test_every_date_and_period_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a date, a period label, a quarter, a month or a year start is whole."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        ("1/2/", "date", "Invalid date '1/2/': digits that are not day/month/year; expected a real date such as '30/09/17'"),
        ("-1", "start", "Invalid start '-1': digits that are not day/month/year; expected a real date such as '30/09/17'"),
        ("2017 09", "date", "Invalid date '2017 09': digits that are not day/month/year; expected a real date such as '30/09/17'"),
    ],
)  # fmt: skip
def test_defect_parse_date_hides_why_digits_are_not_a_date(
    text: str, field: str, message: str
) -> None:
    """Digits in no date form are refused saying so, not with the vaguer 'not a date'."""
    with pytest.raises(InvalidPeriodError) as caught:
        parse_date(text, field=field)
    assert str(caught.value) == message
    assert (caught.value.field, caught.value.value) == (field, text)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: YearConvention().label(2017), "2017/18"),
        (lambda: YearConvention().label(1999), "1999/00"),
        (lambda: YearConvention.calendar().label(2024), "2024"),
        (lambda: YearConvention().label(0), "Invalid start year 0: expected a whole number from 1 to 9998"),
        (lambda: YearConvention().label(9999), "Invalid start year 9999: expected a whole number from 1 to 9998"),
        (lambda: YearConvention().label(_junk("x")), "Invalid start year 'x': expected a whole number"),
    ],
)  # fmt: skip
def test_a_year_label_or_its_refusal(call: Callable[[], str], expected: str) -> None:
    """A split year is labelled 2017/18, a calendar year 2024; a start year past 1-9998 is named."""
    try:
        shown = call()
    except KpiragError as exc:
        shown = str(exc)
    assert shown == expected
