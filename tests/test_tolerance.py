"""Tolerances: kpirag.rules._tolerance."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest

from kpirag import InvalidToleranceError, Tolerance, ToleranceKind, ValueTypeError


@pytest.mark.parametrize(
    ("tolerance", "reference", "allowance"),
    [
        (Tolerance.relative("10%"), "43", "4.3"),
        (Tolerance.relative(10), "75", "7.5"),
        (Tolerance.relative("10"), "-1230", "123"),
        (Tolerance.relative(Decimal("12.5")), "8", "1"),
        (Tolerance.relative("10%"), "0", "0"),
        (Tolerance.absolute(5), "75", "5"),
        (Tolerance.absolute("5pt"), "0", "5"),
        (Tolerance.absolute("2.5 points"), "10", "2.5"),
        (Tolerance.none(), "43", "0"),
    ],
)
def test_allowance(tolerance: Tolerance, reference: str, allowance: str) -> None:
    """Relative tolerances scale with the target's size; absolute ones do not."""
    assert tolerance.allowance(Decimal(reference)) == Decimal(allowance)


@pytest.mark.parametrize(
    ("text", "kind", "amount", "canonical"),
    [
        ("10%", ToleranceKind.RELATIVE, "10", "10%"),
        (" 12.5 % ", ToleranceKind.RELATIVE, "12.5", "12.5%"),
        ("5pt", ToleranceKind.ABSOLUTE, "5", "5pt"),
        ("5 pts", ToleranceKind.ABSOLUTE, "5", "5pt"),
        ("5pp", ToleranceKind.ABSOLUTE, "5", "5pt"),
        ("2 percentage points", ToleranceKind.ABSOLUTE, "2", "2pt"),
        ("3 units", ToleranceKind.ABSOLUTE, "3", "3pt"),
        ("none", ToleranceKind.NONE, "0", "none"),
        ("None", ToleranceKind.NONE, "0", "none"),
        ("0", ToleranceKind.NONE, "0", "none"),
    ],
)
def test_parse(text: str, kind: ToleranceKind, amount: str, canonical: str) -> None:
    """Tolerance text parses, and its canonical str parses back equal."""
    tolerance = Tolerance.parse(text)
    assert tolerance.kind is kind
    assert tolerance.amount == Decimal(amount)
    assert str(tolerance) == canonical
    assert Tolerance.parse(str(tolerance)) == tolerance


@pytest.mark.parametrize("text", ["", "5", "ten percent", "-10%", "x%", "-5pt", "5 miles", "nan%"])
def test_parse_rejects(text: str) -> None:
    """Malformed or ambiguous tolerance text raises InvalidToleranceError."""
    with pytest.raises(InvalidToleranceError, match="Invalid"):
        Tolerance.parse(text)


def test_parse_rejects_non_text() -> None:
    """Only text parses; a wrong type is a ValueTypeError carrying field and value."""
    with pytest.raises(ValueTypeError, match="expected text") as info:
        Tolerance.parse(10)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("tolerance", 10)


def test_kind_as_text() -> None:
    """The kind field takes a ToleranceKind or its text, any case."""
    assert Tolerance("Relative", 10) == Tolerance.relative(10)
    assert Tolerance(" none ") == Tolerance.none()


def test_parse_is_linear_on_long_spaces() -> None:
    """A number, many spaces and junk is refused; the unit search has no leading \\s*."""
    with pytest.raises(InvalidToleranceError):
        Tolerance.parse("5" + " " * 2_000 + "x")
    assert Tolerance.parse("5" + " " * 2_000 + "pt") == Tolerance.absolute(5)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Tolerance.relative(-1), "expected zero or more"),
        (lambda: Tolerance.absolute("-5"), "expected zero or more"),
        (lambda: Tolerance(ToleranceKind.NONE, 5), "has no amount"),
        (lambda: Tolerance("sideways", 5), "expected 'none', 'relative' or 'absolute'"),
        (lambda: Tolerance(5, 5), "expected a ToleranceKind"),
        (lambda: Tolerance.relative(float("nan")), "finite"),
        (lambda: Tolerance.relative(True), "not a bool"),
    ],
)
def test_invalid(build: object, message: str) -> None:
    """Negative amounts, NaN and bools are rejected with our error."""
    wrong_type = "bool" in message or "ToleranceKind" in message
    with pytest.raises(TypeError if wrong_type else ValueError, match=message):
        build()  # type: ignore[operator]


def test_pickles() -> None:
    """Tolerances pickle equal."""
    tolerance = Tolerance.relative("10%")
    assert pickle.loads(pickle.dumps(tolerance)) == tolerance
    assert repr(tolerance) == "Tolerance.parse('10%')"
