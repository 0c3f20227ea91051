"""Reading numbers exactly: kpirag.rules._values."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import InvalidValueError, KpiragError, ValueTypeError, format_decimal, to_decimal
from kpirag.rules._values import parse_number, round_fraction, trim


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (0, Decimal(0)),
        (46, Decimal(46)),
        (-3, Decimal(-3)),
        (0.1, Decimal("0.1")),
        (0.72, Decimal("0.72")),
        (47.3, Decimal("47.3")),
        (1e-7, Decimal("1E-7")),
        (Decimal("2.70"), Decimal("2.7")),
        ("46", Decimal(46)),
        ("2,000", Decimal(2000)),
        ("79,333", Decimal(79333)),
        ("69%", Decimal(69)),
        ("66.7 %", Decimal("66.7")),
        (" 0.09 ", Decimal("0.09")),
        ("(1,230)", Decimal(-1230)),
        ("-1,230", Decimal(-1230)),
        ("\u22121,230", Decimal(-1230)),
        ("£2,174", Decimal(2174)),
        (".5", Decimal("0.5")),
        (Fraction(1, 8), Decimal("0.125")),
        (Fraction(-3, 4), Decimal("-0.75")),
    ],
)
def test_to_decimal_reads_exactly(given: object, expected: Decimal) -> None:
    """Ints, floats (as printed), Decimals, fractions and report text become exact Decimals."""
    result = to_decimal(given)
    assert result == expected
    assert type(result) is Decimal


@pytest.mark.parametrize(
    ("given", "error"),
    [
        (True, ValueTypeError),
        (False, ValueTypeError),
        (None, ValueTypeError),
        ([1], ValueTypeError),
        (object(), ValueTypeError),
        (float("nan"), InvalidValueError),
        (float("inf"), InvalidValueError),
        (float("-inf"), InvalidValueError),
        (Decimal("NaN"), InvalidValueError),
        (Decimal("sNaN"), InvalidValueError),
        (Decimal("Infinity"), InvalidValueError),
        ("", InvalidValueError),
        ("   ", InvalidValueError),
        ("abc", InvalidValueError),
        ("nan", InvalidValueError),
        ("inf", InvalidValueError),
        ("1,23", InvalidValueError),
        ("1e5", InvalidValueError),
        ("(12", InvalidValueError),
        ("(-12)", InvalidValueError),
        ("12%%", InvalidValueError),
        (Fraction(1, 3), InvalidValueError),
    ],
)
def test_to_decimal_rejects(given: object, error: type[KpiragError]) -> None:
    """Bools, None, NaN, infinities and non-numeric text raise our error, naming the field."""
    with pytest.raises(error, match=r"Invalid amount"):
        to_decimal(given, field="amount")


def test_errors_refine_builtins() -> None:
    """Each error is both a KpiragError and the builtin it refines."""
    assert issubclass(InvalidValueError, ValueError)
    assert issubclass(ValueTypeError, TypeError)
    assert issubclass(InvalidValueError, KpiragError)


def test_integral_types_other_than_int() -> None:
    """Integer types that are not int (NumPy's, say) are read through __index__."""

    class Count(int):
        pass

    assert to_decimal(Count(7)) == Decimal(7)


def test_parse_number_reports_percent() -> None:
    """parse_number says whether the text carried a percent sign."""
    assert parse_number("72%") == (Decimal(72), True)
    assert parse_number("72") == (Decimal(72), False)


@pytest.mark.parametrize(
    ("number", "places", "grouping", "expected"),
    [
        (Decimal("1E+1"), None, False, "10"),
        (Decimal("6.976"), 1, False, "7.0"),
        (Decimal("0.05"), 1, False, "0.1"),
        (Decimal("-0.04"), 1, False, "0.0"),
        (Decimal(-1230), None, True, "-1,230"),
        (Decimal(79333), 0, True, "79,333"),
        (Decimal("1E+40"), 2, False, "1" + "0" * 40 + ".00"),
    ],
)
def test_format_decimal(number: Decimal, places: int | None, grouping: bool, expected: str) -> None:
    """Display never uses scientific notation, rounds half up and never shows -0."""
    assert format_decimal(number, places, grouping=grouping) == expected


def test_trim_keeps_value_and_plain_exponent() -> None:
    """trim drops trailing fractional zeros but never makes a whole number scientific."""
    assert str(trim(Decimal("4.30"))) == "4.3"
    assert str(trim(Decimal("4300.00"))) == "4300"
    assert trim(Decimal("0.000")) == 0


@pytest.mark.parametrize(
    ("value", "places", "half_even", "expected"),
    [
        (Fraction(800, 9), 0, False, "89"),
        (Fraction(800, 9), 1, False, "88.9"),
        (Fraction(1, 8), 2, False, "0.13"),
        (Fraction(1, 8), 2, True, "0.12"),
        (Fraction(3, 8), 2, True, "0.38"),
        (Fraction(-1, 8), 2, False, "-0.13"),
        (Fraction(-2, 3), 0, False, "-1"),
        (Fraction(79333, 4), 12, True, "19833.25"),
        # Just below a half: rounding to 60 digits first would make it 0.125 and then 0.13.
        (Fraction(125 * 10**61 - 1, 10**64), 2, False, "0.12"),
        (Fraction(10**80, 3), 2, False, "3" * 80 + ".33"),
    ],
)
def test_round_fraction(value: Fraction, places: int, half_even: bool, expected: str) -> None:
    """Fractions are rounded once, exactly, half away from zero or half to even."""
    assert round_fraction(value, places, half_even=half_even) == Decimal(expected)


@given(st.fractions(max_denominator=10**6), st.integers(min_value=0, max_value=6))
def test_round_fraction_is_nearest(value: Fraction, places: int) -> None:
    """Law: the result is within half a unit of the last place of the exact value."""
    result = Fraction(round_fraction(value, places))
    assert abs(result - value) <= Fraction(1, 2 * 10**places)
    assert result * 10**places == int(result * 10**places)
