"""Targets: kpirag.rules._target."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal

import pytest

from kpirag import Direction, InvalidTargetError, Operator, Target, ValueTypeError


@pytest.mark.parametrize(
    ("text", "better", "operator", "value", "percent", "canonical"),
    [
        # Every target written in the Q1 2017/18 report, and the examples.
        ("<10", None, Operator.LESS_THAN, "10", False, "<10"),
        ("<43", None, Operator.LESS_THAN, "43", False, "<43"),
        ("<= 10", None, Operator.AT_MOST, "10", False, "<=10"),
        (">=72%", None, Operator.AT_LEAST, "72", True, ">=72%"),
        ("72%", None, Operator.AT_LEAST, "72", True, ">=72%"),
        ("100%", None, Operator.AT_LEAST, "100", True, ">=100%"),
        ("75%", "higher", Operator.AT_LEAST, "75", True, ">=75%"),
        ("69", None, Operator.AT_LEAST, "69", False, ">=69"),
        ("0", "lower", Operator.AT_MOST, "0", False, "<=0"),
        ("0%", "lower", Operator.AT_MOST, "0", True, "<=0%"),
        ("2,000", None, Operator.AT_LEAST, "2000", False, ">=2000"),
        ("79,333", None, Operator.AT_LEAST, "79333", False, ">=79333"),
        ("116", None, Operator.AT_LEAST, "116", False, ">=116"),
        ("> 5", None, Operator.MORE_THAN, "5", False, ">5"),
        ("\u2265 0.8", None, Operator.AT_LEAST, "0.8", False, ">=0.8"),
        ("\u2264 1", None, Operator.AT_MOST, "1", False, "<=1"),
        ("at least 3", None, Operator.AT_LEAST, "3", False, ">=3"),
        ("fewer than 43", "lower", Operator.LESS_THAN, "43", False, "<43"),
        ("No more than 5%", None, Operator.AT_MOST, "5", True, "<=5%"),
        ("-5", "lower", Operator.AT_MOST, "-5", False, "<=-5"),
        ("<-1,230", None, Operator.LESS_THAN, "-1230", False, "<-1230"),
        ("  >=  0.09  ", None, Operator.AT_LEAST, "0.09", False, ">=0.09"),
    ],
)
def test_parse_one_sided(
    text: str, better: str | None, operator: Operator, value: str, percent: bool, canonical: str
) -> None:
    """Report targets parse to an operator, value and unit, with a canonical str."""
    target = Target.parse(text, better=better)  # type: ignore[arg-type]
    assert target.operator is operator
    assert target.value == Decimal(value)
    assert target.percent is percent
    assert target.upper is None
    assert str(target) == canonical
    assert Target.parse(str(target)) == target


@pytest.mark.parametrize(
    ("text", "low", "high", "percent"),
    [
        ("95%-105%", "95", "105", True),
        ("95-105%", "95", "105", True),
        ("between 5 and 10", "5", "10", False),
        ("Between 5 AND 10", "5", "10", False),
        ("5 to 10", "5", "10", False),
        ("5 \u2013 10", "5", "10", False),
        ("-10--5", "-10", "-5", False),
        ("between -3 and 3", "-3", "3", False),
        ("7-7", "7", "7", False),
    ],
)
def test_parse_ranges(text: str, low: str, high: str, percent: bool) -> None:
    """Two-sided ranges parse with both ends included."""
    target = Target.parse(text)
    assert target.operator is Operator.BETWEEN
    assert target.bounds == (Decimal(low), Decimal(high))
    assert target.percent is percent
    assert target.better is None
    assert Target.parse(str(target)) == target


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a target such as"),
        ("Annual", "expected a target such as"),
        ("Working with provider to set target", "expected a target such as"),
        ("<=x%", "expected a target such as"),
        ("<", "expected a target such as"),
        ("<<5", "expected a target such as"),
        ("1,23", "expected a target such as"),
        ("10-5", "must not exceed"),
        ("95%-105", "lower end is a percentage"),
        ("5 and", "expected a target such as"),
        ("nan", "expected a target such as"),
        ("inf", "expected a target such as"),
    ],
)
def test_parse_rejects(text: str, message: str) -> None:
    """Malformed target text raises InvalidTargetError naming the text."""
    with pytest.raises(InvalidTargetError, match=message) as info:
        Target.parse(text)
    assert repr(text) in str(info.value)


def test_parse_rejects_contradicting_better() -> None:
    """An explicit operator that contradicts better= is an error, not silently ignored."""
    with pytest.raises(InvalidTargetError, match="higher is better, but better='lower'"):
        Target.parse(">=5", better="lower")
    assert Target.parse(">=5", better="higher").better is Direction.HIGHER
    with pytest.raises(InvalidTargetError, match="expected 'higher' or 'lower'"):
        Target.parse("5", better="up")  # type: ignore[arg-type]


def test_parse_rejects_non_text() -> None:
    """Only text parses; a wrong type is a ValueTypeError carrying field and value."""
    with pytest.raises(ValueTypeError, match="expected target text") as info:
        Target.parse(43)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("target", 43)


def test_field_constructors() -> None:
    """Targets can be built from fields and named constructors."""
    assert Target(Operator.LESS_THAN, Decimal(43)) == Target.parse("<43")
    assert Target.at_least(72, percent=True) == Target.parse("72%")
    assert Target.at_most("0") == Target.parse("0", better="lower")
    assert Target.more_than(5.5) == Target.parse(">5.5")
    assert Target.less_than(10) == Target.parse("<10")
    assert Target.between(95, 105, percent=True) == Target.parse("95%-105%")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Target(Operator.BETWEEN, 5), "needs an upper end"),
        (lambda: Target(Operator.AT_LEAST, 5, 10), "only a 'between' target"),
        (lambda: Target.between(10, 5), "must not exceed"),
        (lambda: Target("=", 5), "expected an Operator or one of '>='"),
    ],
)
def test_invalid_fields(build: object, message: str) -> None:
    """Inconsistent fields cannot make a target."""
    with pytest.raises(InvalidTargetError, match=message):
        build()  # type: ignore[operator]


def test_operator_as_text_and_wrong_type() -> None:
    """The operator field takes an Operator or its text; another type is a ValueTypeError."""
    assert Target(">=", 5) == Target.at_least(5)
    with pytest.raises(ValueTypeError, match="Invalid target operator 5: expected an Operator"):
        Target(5, 5)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Target.at_most(5, percent=True),
        lambda: Target.less_than(5, percent=True),
        lambda: Target.more_than(5, percent=True),
        lambda: Target.at_least(5, percent=True),
        lambda: Target.between(5, 6, percent=True),
        lambda: Target.at_most(5, percent=True).mirrored(),
        lambda: Target.between(5, 6, percent=True).mirrored(),
        lambda: Target.less_than(5, percent=True).mirrored(),
    ],
)
def test_constructors_keep_percent(build: Callable[[], Target]) -> None:
    """Every named constructor and mirrored() keep percent=True."""
    assert build().percent is True


def test_invalid_field_value() -> None:
    """A non-numeric target value names the field."""
    with pytest.raises(ValueError, match="Invalid target value"):
        Target.at_least(float("nan"))


@pytest.mark.parametrize(
    ("text", "value", "met"),
    [
        ("<43", 42.99, True),
        ("<43", 43, False),
        ("<=10", 10, True),
        (">5", 5, False),
        (">5", "5.0001", True),
        (">=69", 69, True),
        ("95%-105%", 95, True),
        ("95%-105%", "105%", True),
        ("95%-105%", 105.01, False),
        ("95%-105%", 94.99, False),
    ],
)
def test_is_met(text: str, value: object, met: bool) -> None:
    """is_met applies the operator exactly, ends of ranges included."""
    assert Target.parse(text).is_met(value) is met  # type: ignore[arg-type]


def test_mirrored() -> None:
    """Mirroring negates the axis and flips the direction."""
    assert Target.parse(">=5").mirrored() == Target.parse("<=-5")
    assert Target.parse("<43").mirrored() == Target.parse(">-43")
    assert Target.parse("between 1 and 3").mirrored() == Target.parse("between -3 and -1")
    assert Target.parse("<43").better is Direction.LOWER
    assert Direction.LOWER.flipped is Direction.HIGHER


def test_equal_targets_hash_equal_and_pickle() -> None:
    """Equal targets hash alike (whatever the Decimal's exponent) and pickle."""
    assert hash(Target.parse("2000")) == hash(Target.at_least(Decimal("2E+3")))
    target = Target.parse("95%-105%")
    assert pickle.loads(pickle.dumps(target)) == target
    assert repr(target) == "Target.parse('between 95% and 105%')"
