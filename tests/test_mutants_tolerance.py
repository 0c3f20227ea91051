"""Tolerances where mutation testing found the suite silent: kpirag.rules._tolerance.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from kpirag import (
    InvalidToleranceError,
    InvalidValueError,
    KpiragError,
    Tolerance,
    ToleranceKind,
    ValueTypeError,
)
from kpirag.rules._values import MAX_TEXT

NUMBER = "expected a number such as '46', '2,000', '69%' or '(1,230)'"


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Tolerance.relative("x%"),
            InvalidToleranceError,
            f"Invalid relative tolerance 'x%': {NUMBER}",
        ),
        (
            lambda: Tolerance.absolute("x pt"),
            InvalidToleranceError,
            f"Invalid absolute tolerance 'x': {NUMBER}",
        ),
        (
            lambda: Tolerance(ToleranceKind.ABSOLUTE, "abc"),
            InvalidValueError,
            f"Invalid tolerance amount 'abc': {NUMBER}",
        ),
        (
            lambda: Tolerance.parse(10),  # type: ignore[arg-type]
            ValueTypeError,
            "Invalid tolerance 10: expected text such as '10%', '5pt' or 'none', not int",
        ),
        (
            lambda: Tolerance.parse("5"),
            InvalidToleranceError,
            "Invalid tolerance '5': expected a relative tolerance such as '10%', an absolute one such as '5pt', or 'none'",
        ),
        (
            lambda: Tolerance.parse("x%"),
            InvalidToleranceError,
            f"Invalid tolerance 'x%': {NUMBER}",
        ),
    ],
)
def test_error_messages(build: Callable[[], object], error: type[Exception], message: str) -> None:
    """A rejected tolerance raises our error whose whole message names the field and value."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


def test_a_none_tolerance_with_an_amount_is_refused() -> None:
    """Tolerance("none", 5) is refused; the error names the field and carries the amount."""
    with pytest.raises(InvalidToleranceError) as caught:
        Tolerance(ToleranceKind.NONE, 5)
    assert caught.value.field == "tolerance amount"
    assert caught.value.value == Decimal(5)
    assert caught.value.reason == "a 'none' tolerance has no amount"


def test_a_none_tolerance_with_an_amount_message() -> None:
    """The message names the amount as the number it is."""
    with pytest.raises(InvalidToleranceError) as caught:
        Tolerance(ToleranceKind.NONE, 5)
    assert str(caught.value) == "Invalid tolerance amount 5: a 'none' tolerance has no amount"


@pytest.mark.parametrize("text", ["no tolerance", " No Tolerance ", "NONE", "0"])
def test_every_spelling_of_none(text: str) -> None:
    """Each documented spelling of 'no tolerance', in any case, parses to Tolerance.none()."""
    assert Tolerance.parse(text) == Tolerance.none()


@pytest.mark.parametrize(
    ("percent", "reference", "allowance"),
    [
        # 31 significant digits: the default 28-digit context would round the product.
        ("10", "1234567890123456789012345678901", "123456789012345678901234567890.1"),
        ("33.33", "123456789012345678901234567", "41148147777814814777781481.1811"),
    ],
)
def test_relative_allowance_is_exact_past_28_digits(
    percent: str, reference: str, allowance: str
) -> None:
    """A relative allowance is computed exactly, however many digits the target has."""
    tolerance = Tolerance.relative(percent)
    assert tolerance.allowance(Decimal(reference)) == Decimal(allowance)


# -- kind and amount ------------------------------------------------------------------------------

LIMITS = (
    "a number with at most 100 significant digits, "
    "between 1E-1000 and 1E+1000 in size (see docs/exactness.md)"
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("none", ToleranceKind.NONE),
        (" Relative ", ToleranceKind.RELATIVE),
        ("ABSOLUTE", ToleranceKind.ABSOLUTE),
    ],
)
def test_kind_reads_its_name(text: str, kind: ToleranceKind) -> None:
    """A kind given as text is read by its name, ignoring case and spaces."""
    amount = 0 if kind is ToleranceKind.NONE else 5
    assert Tolerance(text, amount).kind is kind


@pytest.mark.parametrize(
    ("build", "error", "field", "value", "expected", "reason", "message"),
    [
        (
            lambda: Tolerance("weird", 5),
            InvalidToleranceError,
            "tolerance kind",
            "weird",
            "'none', 'relative' or 'absolute'",
            None,
            "Invalid tolerance kind 'weird': expected 'none', 'relative' or 'absolute'",
        ),
        (
            lambda: Tolerance(5, 5),
            ValueTypeError,
            "tolerance kind",
            5,
            "a ToleranceKind",
            "expected a ToleranceKind, not int",
            "Invalid tolerance kind 5: expected a ToleranceKind, not int",
        ),
        (
            lambda: Tolerance(ToleranceKind.RELATIVE, "x"),
            InvalidValueError,
            "tolerance amount",
            "x",
            NUMBER.removeprefix("expected "),
            None,
            f"Invalid tolerance amount 'x': {NUMBER}",
        ),
        (
            lambda: Tolerance(ToleranceKind.RELATIVE, -1),
            InvalidToleranceError,
            "tolerance amount",
            Decimal(-1),
            "zero or more",
            None,
            "Invalid tolerance amount -1: expected zero or more",
        ),
        (
            lambda: Tolerance(ToleranceKind.NONE, 1),
            InvalidToleranceError,
            "tolerance amount",
            Decimal(1),
            None,
            "a 'none' tolerance has no amount",
            "Invalid tolerance amount 1: a 'none' tolerance has no amount",
        ),
        (
            lambda: Tolerance.relative(Decimal("NaN")),
            InvalidToleranceError,
            "tolerance amount",
            Decimal("NaN"),
            "a finite number, not NaN or infinity",
            None,
            "Invalid tolerance amount NaN: expected a finite number, not NaN or infinity",
        ),
        (
            lambda: Tolerance.relative("x%"),
            InvalidToleranceError,
            "relative tolerance",
            "x%",
            NUMBER.removeprefix("expected "),
            None,
            f"Invalid relative tolerance 'x%': {NUMBER}",
        ),
        (
            lambda: Tolerance.absolute("x pt"),
            InvalidToleranceError,
            "absolute tolerance",
            "x",
            NUMBER.removeprefix("expected "),
            None,
            f"Invalid absolute tolerance 'x': {NUMBER}",
        ),
        (
            lambda: Tolerance.absolute(Decimal("-Infinity")),
            InvalidToleranceError,
            "tolerance amount",
            Decimal("-Infinity"),
            "a finite number, not NaN or infinity",
            None,
            "Invalid tolerance amount -Infinity: expected a finite number, not NaN or infinity",
        ),
        (
            lambda: Tolerance.relative(5).allowance("x"),  # type: ignore[arg-type]
            InvalidValueError,
            "reference",
            "x",
            NUMBER.removeprefix("expected "),
            None,
            f"Invalid reference 'x': {NUMBER}",
        ),
        (
            lambda: Tolerance.relative(5).same_kind_as(5),  # type: ignore[arg-type]
            ValueTypeError,
            "other",
            5,
            "a Tolerance",
            "expected a Tolerance, not int",
            "Invalid other 5: expected a Tolerance, not int",
        ),
        (
            lambda: Tolerance.parse(10),  # type: ignore[arg-type]
            ValueTypeError,
            "tolerance",
            10,
            "text such as '10%', '5pt' or 'none'",
            "expected text such as '10%', '5pt' or 'none', not int",
            "Invalid tolerance 10: expected text such as '10%', '5pt' or 'none', not int",
        ),
        (
            lambda: Tolerance.parse("5"),
            InvalidToleranceError,
            "tolerance",
            "5",
            "a relative tolerance such as '10%', an absolute one such as '5pt', or 'none'",
            None,
            (
                "Invalid tolerance '5': expected a relative tolerance such as '10%', "
                "an absolute one such as '5pt', or 'none'"
            ),
        ),
        (
            lambda: Tolerance.parse(" x% "),
            InvalidToleranceError,
            "tolerance",
            " x% ",
            None,
            NUMBER,
            f"Invalid tolerance ' x% ': {NUMBER}",
        ),
        (
            lambda: Tolerance.parse("x pt"),
            InvalidToleranceError,
            "tolerance",
            "x pt",
            None,
            NUMBER,
            f"Invalid tolerance 'x pt': {NUMBER}",
        ),
        (
            lambda: Tolerance.parse("-5%"),
            InvalidToleranceError,
            "tolerance",
            "-5%",
            None,
            "expected zero or more",
            "Invalid tolerance '-5%': expected zero or more",
        ),
    ],
)
def test_errors_carry_their_data(
    build: Callable[[], object],
    error: type[KpiragError],
    field: str,
    value: object,
    expected: str | None,
    reason: str | None,
    message: str,
) -> None:
    """Each refusal raises our error with its field, value, expectation, reason and message."""
    with pytest.raises(error) as caught:
        build()
    assert type(caught.value) is error
    assert caught.value.field == field
    assert caught.value.has_value
    assert str(caught.value.value) == str(value)
    assert type(caught.value.value) is type(value)
    assert caught.value.expected == expected
    assert caught.value.reason == reason
    assert str(caught.value) == message


@pytest.mark.parametrize("name", ["relative", "absolute"])
def test_too_long_amount_text_keeps_every_detail(name: str) -> None:
    """relative()/absolute() re-raise a refused number as InvalidToleranceError with its data."""
    text = "5" * (MAX_TEXT + 1)
    with pytest.raises(InvalidToleranceError) as caught:
        getattr(Tolerance, name)(text)
    assert caught.value.field == f"{name} tolerance"
    assert caught.value.value == text
    assert caught.value.expected == LIMITS
    assert caught.value.reason == f"longer than {MAX_TEXT} characters"
    assert isinstance(caught.value.__cause__, InvalidValueError)


def test_parse_refuses_text_past_the_limit() -> None:
    """Tolerance.parse refuses text longer than MAX_TEXT characters once stripped."""
    text = " " + "5" * MAX_TEXT + "% "
    with pytest.raises(InvalidToleranceError) as caught:
        Tolerance.parse(text)
    assert (caught.value.field, caught.value.value) == ("tolerance", text)
    assert caught.value.reason == f"longer than {MAX_TEXT} characters"
    assert caught.value.expected is None


def test_parse_accepts_text_of_exactly_the_limit() -> None:
    """Text of exactly MAX_TEXT characters once stripped is read (its spaces collapse)."""
    text = "5" + " " * (MAX_TEXT - 3) + "pt"
    assert len(text) == MAX_TEXT
    assert Tolerance.parse(f"  {text}  ") == Tolerance.absolute(5)


# -- constructors, parse and reading --------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "kind", "amount", "shown"),
    [
        (lambda: Tolerance.relative("10%"), ToleranceKind.RELATIVE, "10", "10%"),
        (lambda: Tolerance.relative(" 12.5 "), ToleranceKind.RELATIVE, "12.5", "12.5%"),
        (lambda: Tolerance.relative(0), ToleranceKind.RELATIVE, "0", "0%"),
        (lambda: Tolerance.relative("0.5%"), ToleranceKind.RELATIVE, "0.5", "0.5%"),
        (lambda: Tolerance.relative(Decimal(7)), ToleranceKind.RELATIVE, "7", "7%"),
        (lambda: Tolerance.absolute("5pt"), ToleranceKind.ABSOLUTE, "5", "5pt"),
        (lambda: Tolerance.absolute("150 pt"), ToleranceKind.ABSOLUTE, "150", "150pt"),
        (lambda: Tolerance.absolute("2.5"), ToleranceKind.ABSOLUTE, "2.5", "2.5pt"),
        (lambda: Tolerance.absolute(3), ToleranceKind.ABSOLUTE, "3", "3pt"),
        (Tolerance.none, ToleranceKind.NONE, "0", "none"),
        (lambda: Tolerance(ToleranceKind.NONE), ToleranceKind.NONE, "0", "none"),
        (lambda: Tolerance.parse("10%"), ToleranceKind.RELATIVE, "10", "10%"),
        (lambda: Tolerance.parse(" 7.5 % "), ToleranceKind.RELATIVE, "7.5", "7.5%"),
        (lambda: Tolerance.parse("5pt"), ToleranceKind.ABSOLUTE, "5", "5pt"),
        (lambda: Tolerance.parse("5 pt"), ToleranceKind.ABSOLUTE, "5", "5pt"),
        (lambda: Tolerance.parse("150 points"), ToleranceKind.ABSOLUTE, "150", "150pt"),
        (lambda: Tolerance.parse("5 Percentage  Points"), ToleranceKind.ABSOLUTE, "5", "5pt"),
        (lambda: Tolerance.parse("2 units"), ToleranceKind.ABSOLUTE, "2", "2pt"),
        (lambda: Tolerance.parse("none"), ToleranceKind.NONE, "0", "none"),
    ],
)
def test_constructors_and_parse(
    build: Callable[[], Tolerance], kind: ToleranceKind, amount: str, shown: str
) -> None:
    """Each way to build a tolerance gives its kind and amount, shown and repr'd canonically."""
    tolerance = build()
    assert tolerance.kind is kind
    assert tolerance.amount == Decimal(amount)
    assert str(tolerance) == shown
    assert repr(tolerance) == f"Tolerance.parse({shown!r})"
    assert Tolerance.parse(shown) == tolerance


@pytest.mark.parametrize(
    ("build", "reference", "allowance"),
    [
        (lambda: Tolerance.relative(10), "43", "4.3"),
        (lambda: Tolerance.relative(10), "-43", "4.3"),
        (lambda: Tolerance.relative("12.5"), "80", "10"),
        (lambda: Tolerance.relative(10), "0", "0"),
        (lambda: Tolerance.absolute(5), "75", "5"),
        (lambda: Tolerance.absolute("2.5 pt"), "-10", "2.5"),
        (Tolerance.none, "43", "0"),
    ],
)
def test_allowance(build: Callable[[], Tolerance], reference: str, allowance: str) -> None:
    """The allowance is a share of |reference| (relative), the amount (absolute), or 0 (none)."""
    got = build().allowance(Decimal(reference))
    assert got == Decimal(allowance)
    assert str(got) == allowance


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [("10%", "5%", True), ("5pt", "1pt", True), ("none", "none", True), ("10%", "5pt", False)],
)
def test_same_kind_as(first: str, second: str, same: bool) -> None:
    """same_kind_as is True exactly when both tolerances have the same kind."""
    assert Tolerance.parse(first).same_kind_as(Tolerance.parse(second)) is same
    assert Tolerance.parse(second).same_kind_as(Tolerance.parse(first)) is same
