"""Reading numbers exactly: kpirag.rules._values."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    InvalidValueError,
    KpiragError,
    Status,
    Target,
    Tolerance,
    ValueTypeError,
    assess,
    classify,
    format_decimal,
    to_decimal,
)
from kpirag.rules import MAX_DIGITS, MAX_EXPONENT, MAX_TEXT, parse_quantity, unit_name
from kpirag.rules import _target as _target_module
from kpirag.rules import _values as _values_module
from kpirag.rules._values import parse_number, round_fraction, trim

untyped: Any = _values_module  # calls with wrong types on purpose


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


# -- limits: numbers are bounded where they enter (issue 10, item 7) -----------------------


@pytest.mark.parametrize(
    "given",
    [
        Decimal("1e999999999"),
        Decimal("-1e-999999999"),
        Decimal("1E+1001"),
        Decimal("1E-1001"),
        Decimal("0E-5000"),
        Decimal("1." + "0" * 1000 + "1"),
        Decimal("1" * 101),
        10**1001,
        -(10**5000),
        int("1" * 101),
        "1" * 101,
        "0." + "0" * 1000 + "1",
        "0" * 2600 + "1",  # a valid number, but past MAX_TEXT characters
        Fraction(1, 3 * 2**300000),
        Fraction(1, 10**1001),
        Fraction(10**1001),
        Fraction(1, 2**400),  # a finite decimal, but of 400 digits
    ],
    ids=lambda given: type(given).__name__,
)
def test_numbers_beyond_the_limits_are_refused(given: object) -> None:
    """More than 100 significant digits or an exponent beyond +/-1000 is our error, at once."""
    with pytest.raises(InvalidValueError, match="Invalid amount") as info:
        to_decimal(given, field="amount")
    assert info.value.field == "amount"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (Decimal("1E+1000"), Decimal("1E+1000")),
        (Decimal("1E-1000"), Decimal("1E-1000")),
        (Decimal("1" * 100), Decimal("1" * 100)),
        (Decimal("1" * 100 + "0" * 50), Decimal("1" * 100 + "0" * 50)),  # trailing zeros are free
        (10**1000, Decimal(10**1000)),
        ("9" * 100, Decimal("9" * 100)),
        (Fraction(1, 2**100), Decimal(f"{5**100}E-100")),
        (1.7976931348623157e308, Decimal("1.7976931348623157E+308")),
        (5e-324, Decimal("5E-324")),
    ],
)
def test_numbers_at_the_limits_are_read(given: object, expected: Decimal) -> None:
    """Numbers at the limits, and every finite float, are read exactly."""
    with localcontext() as context:
        context.prec = 400
        assert to_decimal(given) == expected


def test_limits_are_documented_constants() -> None:
    """The limits are public constants: 100 digits, exponent 1000, text 2,500 characters."""
    assert (MAX_DIGITS, MAX_EXPONENT, MAX_TEXT) == (100, 1000, 2500)


def test_classify_and_assess_refuse_huge_numbers_fast() -> None:
    """The issue's resource probes are our error (they took seconds and gigabytes before)."""
    with pytest.raises(InvalidValueError, match="Invalid target value"):
        classify(0, Target.at_least(Decimal("1e999999999")), "10%")
    with pytest.raises(InvalidValueError, match="Invalid value"):
        assess(Decimal("1e-999999999"), ">=1", "10%")
    with pytest.raises(InvalidValueError):
        to_decimal(Fraction(1, 3 * 2**300000))
    with pytest.raises(InvalidValueError):
        classify(Fraction(1, 3 * 2**300000), ">=1", "10%")


def test_round_fraction_half_even_at_a_tie() -> None:
    """7/200 is 0.035 exactly: half to even gives 0.04, half away from zero 0.04, 0.025 -> 0.02."""
    assert round_fraction(Fraction(7, 200), 2, half_even=True) == Decimal("0.04")
    assert round_fraction(Fraction(5, 200), 2, half_even=True) == Decimal("0.02")
    assert round_fraction(Fraction(5, 200), 2) == Decimal("0.03")
    assert round_fraction(Fraction(1234, 10), -1) == Decimal(120)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: round_fraction(Fraction(1, 3), 2**63), InvalidValueError),
        (lambda: untyped.round_fraction(Fraction(1, 3), 1.5), ValueTypeError),
        (lambda: untyped.round_fraction(Fraction(1, 3), None), ValueTypeError),
        (lambda: untyped.round_fraction(Fraction(1, 3), 2, half_even=1), ValueTypeError),
        (lambda: format_decimal(Decimal(1), 10**6), InvalidValueError),
        (lambda: untyped.format_decimal(None), ValueTypeError),
        (lambda: untyped.format_decimal(Decimal(1), grouping="yes"), ValueTypeError),
        (lambda: untyped.trim(None), ValueTypeError),
        (lambda: untyped.parse_number(5), ValueTypeError),
    ],
)
def test_helpers_check_their_arguments(call: Callable[[], object], error: type[Exception]) -> None:
    """The number helpers reject wrong types and absurd place counts with our errors."""
    with pytest.raises(error):
        call()


# -- every parser is linear (issue 10, item 8) ----------------------------------------------


class _Recorder:
    """A compiled pattern that records the length of every string it is run on."""

    def __init__(self, pattern: re.Pattern[str], lengths: list[int]) -> None:
        self._pattern = pattern
        self._lengths = lengths

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._pattern, name)
        if not callable(method):
            return method

        def recorded(string: str, *args: Any, **kwargs: Any) -> Any:
            self._lengths.append(len(string))
            return method(string, *args, **kwargs)

        return recorded


PARSERS: dict[str, Callable[[str], object]] = {
    "parse_number": parse_number,
    "parse_quantity": parse_quantity,
    "parse_quantity with a unit": lambda text: parse_quantity(text, unit="jobs"),
    "unit_name": unit_name,
    "to_decimal": to_decimal,
    "Target.parse": Target.parse,
    "Tolerance.parse": Tolerance.parse,
    "Status.parse": Status.parse,
    "classify value": lambda text: classify(text, "<43", "10%"),
    "classify target": lambda text: classify(1, text, "10%"),
    "classify tolerance": lambda text: classify(1, "<43", text),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "5" + " " * n + "x",
        lambda n: " " * n + "x",
        lambda n: "1" * n,
        lambda n: "1," * n,
        lambda n: "between " + " " * n + "5",
        lambda n: "5" + " " * n + "pt",
        lambda n: "percentage" + " " * n,
        lambda n: "(" * n,
        lambda n: "a maximum of" + " " * n + "30 weeks.",
        lambda n: "30" + " " * n + "or less",
        lambda n: "30 or" + " " * n + "less",
        lambda n: "30 per " + "1," * n + "000",
        lambda n: "£" + "1" * n + "m",
        lambda n: "30 " + "x" * n,
        lambda n: "30 " + "x " * n,
        lambda n: "at leest " * n + "30",
        lambda n: "per" + " " * n + "1000",
    ],
)
def test_parsers_run_regexes_on_bounded_text(
    name: str, shape: Callable[[int], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting, not timing: whatever the input's length, no regex sees more than MAX_TEXT.

    Together with patterns that have no nested or adjacent unbounded repeats (the
    ratio check in benchmarks/bench_parsers.py measures that), parsing is linear:
    one strip, then at most a constant amount of regex work.
    """
    lengths: list[int] = []
    for module, attribute in [
        (_values_module, "_NUMBER"),
        (_values_module, "_QUANTITY"),
        (_values_module, "_UNIT_TEXT"),
        (_target_module, "_TARGET"),
        (_target_module, "_FIRST_NUMBER"),
    ]:
        monkeypatch.setattr(module, attribute, _Recorder(getattr(module, attribute), lengths))
    _target_module._parse_cached.cache_clear()
    parse = PARSERS[name]
    for n in (10, 1_000, 100_000):
        with contextlib.suppress(KpiragError):
            parse(shape(n))
    assert all(length <= MAX_TEXT for length in lengths), max(lengths)
    _target_module._parse_cached.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,000.", Decimal(1000)), ("1.5.", Decimal("1.5")), ("12,000. ", Decimal(12000))],
)
def test_parse_quantity_ignores_a_trailing_full_stop_after_any_number(
    text: str, expected: Decimal
) -> None:
    """A full stop ending a sentence is ignored after a grouped or decimal number too."""
    assert parse_quantity(text).number == expected
