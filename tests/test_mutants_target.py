"""Targets where mutation testing found the suite silent: kpirag.rules._target.

Objects are built inside each test, never in a parametrize table or at module
level, so that a mutant of a constructor is exercised (see docs/testing.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest

from kpirag import (
    Direction,
    InvalidTargetError,
    InvalidValueError,
    KpiragError,
    Operator,
    Target,
    UnitMismatchError,
    ValueTypeError,
)
from kpirag.rules._values import MAX_TEXT

NUMBER = "expected a number such as '46', '2,000', '69%' or '(1,230)'"
A_TARGET = (
    "expected a target such as '<43', '>=72%', 'at least 30', '30 or less', "
    "'A maximum of 30 weeks.' or '95%-105%' (every accepted form: docs/targets-and-tolerances.md)"
)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            43,
            ValueTypeError,
            "Invalid target 43: expected target text such as '<43' or '72%', not int",
        ),
        ("abc", InvalidTargetError, f"Invalid target 'abc': {A_TARGET}"),
        ("(5", InvalidTargetError, f"Invalid target '(5': {NUMBER}"),
        ("<= (5", InvalidTargetError, f"Invalid target '<= (5': {NUMBER}"),
        ("(5-10", InvalidTargetError, f"Invalid target '(5-10': {NUMBER}"),
        ("5-(10", InvalidTargetError, f"Invalid target '5-(10': {NUMBER}"),
    ],
)
def test_error_messages(text: object, error: type[Exception], message: str) -> None:
    """Text that is not a target raises our error naming the whole text; a non-text by its type."""
    with pytest.raises(error) as caught:
        Target.parse(text)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_between_is_not_a_percentage_by_default() -> None:
    """Target.between(low, high) is a plain range unless percent=True is given."""
    assert str(Target.between(5, 10)) == "between 5 and 10"
    assert Target.between(5, 10).percent is False
    assert str(Target.between(5, 10, percent=True)) == "between 5% and 10%"


def test_parse_returns_the_same_object_for_the_same_text() -> None:
    """Target.parse answers repeated text from its cache: the very same immutable object."""
    first = Target.parse("<= 43%")
    assert Target.parse("<= 43%") is first
    assert Target.parse("<= 43%", better="lower") is not first


@pytest.mark.parametrize(
    ("text", "better", "operator"),
    [
        ("5", None, Operator.AT_LEAST),
        ("5", "lower", Operator.AT_MOST),
        ("<5", "lower", Operator.LESS_THAN),
    ],
)
def test_a_subclass_parses_to_itself(text: str, better: str | None, operator: Operator) -> None:
    """A subclass of Target parses (uncached) to an instance of the subclass, honouring better."""

    class Goal(Target):
        pass

    parsed = Goal.parse(text, better=better)  # type: ignore[arg-type]
    assert type(parsed) is Goal
    assert parsed.operator is operator
    with pytest.raises(InvalidTargetError, match=r"^Invalid target 'x': expected a target such as"):
        Goal.parse("x")


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: Target(Operator.BETWEEN, 1, "x"),
            InvalidValueError,
            f"Invalid target upper value 'x': {NUMBER}",
        ),
        (
            lambda: Target(Operator.BETWEEN, "x", 1),
            InvalidValueError,
            f"Invalid target value 'x': {NUMBER}",
        ),
    ],
)
def test_field_error_messages(
    build: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A target built from bad fields raises our error naming the field."""
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


def test_reversed_range_message() -> None:
    """A range whose lower end exceeds its upper end is refused, naming both ends as numbers."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.between(10, 5)
    assert caught.value.value == (10, 5)
    assert str(caught.value) == (
        "Invalid target range (10, 5): the lower end must not exceed the upper end"
    )


def test_reversed_range_is_refused_with_its_ends() -> None:
    """A range whose lower end exceeds its upper end is refused; the error carries both ends."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.between(10, 5)
    assert caught.value.field == "target range"
    assert caught.value.value == (Decimal(10), Decimal(5))
    assert caught.value.reason == "the lower end must not exceed the upper end"


# -- Direction and the better argument ------------------------------------------------------------

UNIT_WORDS = "a unit such as 'weeks', 'pp', '£' or 'per 1,000'"


@pytest.mark.parametrize(
    ("text", "direction"),
    [("higher", Direction.HIGHER), (" Lower ", Direction.LOWER), ("LOWER", Direction.LOWER)],
)
def test_direction_parse_reads_either_word(text: str, direction: Direction) -> None:
    """Direction.parse reads 'higher' and 'lower' in any case, around spaces."""
    assert Direction.parse(text) is direction  # type: ignore[arg-type]
    assert Direction.parse(direction) is direction


@pytest.mark.parametrize(
    ("build", "error", "value", "message"),
    [
        (
            lambda: Direction.parse(5),  # type: ignore[arg-type]
            ValueTypeError,
            5,
            "Invalid better 5: expected 'higher' or 'lower', not int",
        ),
        (
            lambda: Direction.parse("up"),  # type: ignore[arg-type]
            InvalidTargetError,
            "up",
            "Invalid better 'up': expected 'higher' or 'lower'",
        ),
        (
            lambda: Target.parse("5", better="up"),  # type: ignore[arg-type]
            InvalidTargetError,
            "up",
            "Invalid better 'up': expected 'higher' or 'lower'",
        ),
    ],
)
def test_direction_errors(
    build: Callable[[], object], error: type[KpiragError], value: object, message: str
) -> None:
    """A better that is not 'higher' or 'lower' is refused, naming the field 'better'."""
    with pytest.raises(error) as caught:
        build()
    assert type(caught.value) is error
    assert caught.value.field == "better"
    assert caught.value.value == value
    assert caught.value.expected == "'higher' or 'lower'"
    assert str(caught.value) == message


# -- fields: operator, value, upper, unit ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        (">=", Operator.AT_LEAST),
        (" > ", Operator.MORE_THAN),
        ("<=", Operator.AT_MOST),
        ("<", Operator.LESS_THAN),
        ("Between", Operator.BETWEEN),
    ],
)
def test_operator_field_reads_its_symbol(text: str, operator: Operator) -> None:
    """An operator given as text is read by its symbol, ignoring case and spaces."""
    upper = 6 if operator is Operator.BETWEEN else None
    assert Target(text, 5, upper).operator is operator


@pytest.mark.parametrize(
    ("build", "error", "field", "value", "expected", "message"),
    [
        (
            lambda: Target("~", 5),
            InvalidTargetError,
            "target operator",
            "~",
            "an Operator or one of '>=', '>', '<=', '<', 'between'",
            (
                "Invalid target operator '~': "
                "expected an Operator or one of '>=', '>', '<=', '<', 'between'"
            ),
        ),
        (
            lambda: Target(5, 5),
            ValueTypeError,
            "target operator",
            5,
            "an Operator",
            "Invalid target operator 5: expected an Operator, not int",
        ),
        (
            lambda: Target(Operator.AT_LEAST, "x"),
            InvalidValueError,
            "target value",
            "x",
            NUMBER.removeprefix("expected "),
            f"Invalid target value 'x': {NUMBER}",
        ),
        (
            lambda: Target(Operator.BETWEEN, 1, "x"),
            InvalidValueError,
            "target upper value",
            "x",
            NUMBER.removeprefix("expected "),
            f"Invalid target upper value 'x': {NUMBER}",
        ),
        (
            lambda: Target(Operator.AT_LEAST, 5, unit=5),  # type: ignore[arg-type]
            ValueTypeError,
            "target unit",
            5,
            UNIT_WORDS,
            f"Invalid target unit 5: expected {UNIT_WORDS}, not int",
        ),
        (
            lambda: Target(Operator.AT_LEAST, 5, unit="a b c"),
            InvalidValueError,
            "target unit",
            "a b c",
            "a unit such as 'weeks', 'pp', '£', 'per 1,000' or one word",
            (
                "Invalid target unit 'a b c': "
                "expected a unit such as 'weeks', 'pp', '£', 'per 1,000' or one word"
            ),
        ),
        (
            lambda: Target(Operator.AT_LEAST, 5, percent=True, unit="weeks"),
            InvalidTargetError,
            "target unit",
            "weeks",
            None,
            "Invalid target unit 'weeks': a percentage target has no other unit",
        ),
        (
            lambda: Target(Operator.BETWEEN, 5),
            InvalidTargetError,
            "target upper",
            None,
            None,
            "Invalid target upper None: a range needs an upper end (lower is 5)",
        ),
        (
            lambda: Target(Operator.AT_LEAST, 5, 6),
            InvalidTargetError,
            "target upper",
            Decimal(6),
            None,
            "Invalid target upper 6: only a 'between' target has an upper end",
        ),
        (
            lambda: Target.parse("5").format_number("x"),  # type: ignore[arg-type]
            InvalidValueError,
            "number",
            "x",
            NUMBER.removeprefix("expected "),
            f"Invalid number 'x': {NUMBER}",
        ),
        (
            lambda: Target.parse("5", unit=5),  # type: ignore[arg-type]
            ValueTypeError,
            "unit",
            5,
            UNIT_WORDS,
            f"Invalid unit 5: expected {UNIT_WORDS}, not int",
        ),
        (
            lambda: Target.parse(43),  # type: ignore[arg-type]
            ValueTypeError,
            "target",
            43,
            "target text such as '<43' or '72%'",
            "Invalid target 43: expected target text such as '<43' or '72%', not int",
        ),
    ],
)
def test_field_errors_carry_their_data(
    build: Callable[[], object],
    error: type[KpiragError],
    field: str,
    value: object,
    expected: str | None,
    message: str,
) -> None:
    """Each refused field raises our error with its field, value, expectation and message."""
    with pytest.raises(error) as caught:
        build()
    assert type(caught.value) is error
    assert caught.value.field == field
    assert caught.value.has_value
    assert caught.value.value == value
    assert caught.value.expected == expected
    assert str(caught.value) == message


def test_a_percent_unit_makes_a_percentage_target() -> None:
    """unit='%' is read as percent=True with no unit."""
    target = Target(Operator.AT_LEAST, 5, unit="%")
    assert target.unit is None
    assert target.percent is True
    assert str(target) == ">=5%"


@pytest.mark.parametrize(
    ("percent", "unit", "shown"),
    [(False, "weeks", ">=5 weeks"), (True, None, ">=5%"), (False, None, ">=5")],
)
def test_a_unit_or_a_percentage_alone_is_accepted(
    percent: bool, unit: str | None, shown: str
) -> None:
    """A target may have a unit or be a percentage (not both)."""
    target = Target(Operator.AT_LEAST, 5, percent=percent, unit=unit)
    assert (target.percent, target.unit) == (percent, unit)
    assert str(target) == shown


def test_a_range_may_be_a_single_point() -> None:
    """Target.between(5, 5) is a range whose ends are equal: met at 5 only."""
    target = Target.between(5, 5)
    assert target.bounds == (Decimal(5), Decimal(5))
    assert target.is_met(5)
    assert not target.is_met("5.1")


# -- named constructors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "operator", "symbol"),
    [
        ("at_least", Operator.AT_LEAST, ">="),
        ("more_than", Operator.MORE_THAN, ">"),
        ("at_most", Operator.AT_MOST, "<="),
        ("less_than", Operator.LESS_THAN, "<"),
    ],
)
def test_named_constructors(name: str, operator: Operator, symbol: str) -> None:
    """Each named constructor sets its operator, is no percentage by default, keeps percent/unit."""
    build = getattr(Target, name)
    plain = build(5)
    assert plain.operator is operator
    assert plain.value == Decimal(5)
    assert plain.percent is False
    assert plain.unit is None
    assert str(plain) == f"{symbol}5"
    assert str(build("7.5", percent=True)) == f"{symbol}7.5%"
    with_unit = build(5, unit="Weeks")
    assert (with_unit.unit, with_unit.percent) == ("weeks", False)
    assert str(with_unit) == f"{symbol}5 weeks"


def test_between_keeps_ends_percent_and_unit() -> None:
    """Target.between(low, high) keeps both ends, and its percent and unit."""
    plain = Target.between(5, 10)
    assert (plain.operator, plain.value, plain.upper) == (Operator.BETWEEN, Decimal(5), Decimal(10))
    assert (plain.percent, plain.unit) == (False, None)
    assert str(Target.between(5, 10, unit="days")) == "between 5 days and 10 days"
    assert Target.between(5, 10, unit="days").unit == "days"


@pytest.mark.parametrize("name", ["at_least", "more_than", "at_most", "less_than"])
def test_named_constructors_of_a_subclass(name: str) -> None:
    """A named constructor called on a subclass builds the subclass."""

    class Goal(Target):
        pass

    assert type(getattr(Goal, name)(5)) is Goal
    assert type(Goal.between(5, 6)) is Goal


# -- parse ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "better", "unit", "shown"),
    [
        ("5", None, None, ">=5"),
        ("5", "higher", None, ">=5"),
        ("5", "lower", None, "<=5"),
        ("5", Direction.LOWER, None, "<=5"),
        ("5", None, "weeks", ">=5 weeks"),
        ("5", "lower", "Weeks", "<=5 weeks"),
        ("30 weeks", None, None, ">=30 weeks"),
        ("5%", None, None, ">=5%"),
        ("at least 30", None, None, ">=30"),
        ("at   Least 30", None, None, ">=30"),
        ("no more than 30", "lower", None, "<=30"),
        ("30 or less", None, None, "<=30"),
        (" 30  Or   Less ", None, None, "<=30"),
        ("30 or more", "higher", None, ">=30"),
        ("30.", None, None, ">=30"),
        ("A maximum of 30 weeks.", None, None, "<=30 weeks"),
        (".5", None, None, ">=0.5"),
        ("5-10", None, "weeks", "between 5 weeks and 10 weeks"),
        ("5-10 weeks", None, None, "between 5 weeks and 10 weeks"),
        ("5 weeks-10 weeks", None, None, "between 5 weeks and 10 weeks"),
        ("5%-10%", None, None, "between 5% and 10%"),
        ("5-10%", None, None, "between 5% and 10%"),
        ("£5-£10", None, None, "between £5 and £10"),
        ("between 5 and 10", None, None, "between 5 and 10"),
    ],
)
def test_parse_table(text: str, better: str | None, unit: str | None, shown: str) -> None:
    """Target.parse reads each form, honouring better and the declared unit."""
    target = Target.parse(text, better=better, unit=unit)  # type: ignore[arg-type]
    assert str(target) == shown
    assert repr(target) == f"Target.parse({shown!r})"
    assert Target.parse(shown) == target


@pytest.mark.parametrize(
    ("text", "better", "unit", "shown"),
    [
        ("5", "lower", "weeks", "<=5 weeks"),
        ("5", None, None, ">=5"),
        ("30 or less", None, None, "<=30"),
        ("5-10", None, "days", "between 5 days and 10 days"),
    ],
)
def test_parse_of_a_subclass_honours_better_and_unit(
    text: str, better: str | None, unit: str | None, shown: str
) -> None:
    """A subclass parses uncached with the same better and unit as Target."""

    class Goal(Target):
        pass

    target = Goal.parse(text, better=better, unit=unit)  # type: ignore[arg-type]
    assert type(target) is Goal
    assert str(target) == shown


def test_parse_accepts_text_up_to_the_length_limit() -> None:
    """Text of exactly MAX_TEXT characters (once stripped) is parsed; spaces collapse."""
    text = "<" + " " * (MAX_TEXT - 3) + "43"
    assert len(text) == MAX_TEXT
    assert Target.parse(text) == Target.less_than(43)


def test_parse_refuses_text_past_the_length_limit() -> None:
    """Text longer than MAX_TEXT characters once stripped is refused, even if it would read."""
    text = "<" + " " * MAX_TEXT + "43"
    with pytest.raises(InvalidTargetError) as caught:
        Target.parse(text)
    assert (caught.value.field, caught.value.value) == ("target", text)
    assert caught.value.reason == f"longer than {MAX_TEXT} characters"


def test_parse_refuses_a_number_past_the_limits() -> None:
    """A 2,500-digit number is read as a number and refused for its size, not as bad text."""
    text = "5" * MAX_TEXT
    with pytest.raises(InvalidTargetError) as caught:
        Target.parse(text)
    assert caught.value.field == "target"
    assert caught.value.value == text
    assert caught.value.reason == (
        "expected a number with at most 100 significant digits, "
        "between 1E-1000 and 1E+1000 in size (see docs/exactness.md)"
    )


@pytest.mark.parametrize(
    ("build", "text", "reason", "cause", "cause_value"),
    [
        (
            lambda: Target.parse("5 weeks", unit="days"),
            "5 weeks",
            "its unit is 'weeks', not the declared 'days'",
            UnitMismatchError,
            None,
        ),
        (
            lambda: Target.parse("5 - 10 days", unit="weeks"),
            "5 - 10 days",
            "its unit is 'days', not the declared 'weeks'",
            UnitMismatchError,
            None,
        ),
        (
            lambda: Target.parse("5%-10"),
            "5%-10",
            "the lower end is a percentage but the upper is not",
            InvalidTargetError,
            "5%-10",
        ),
        (
            lambda: Target.parse("5 weeks - 10 days"),
            "5 weeks - 10 days",
            "the ends have different units ('weeks' and 'days')",
            InvalidTargetError,
            "5 weeks - 10 days",
        ),
        (
            lambda: Target.parse("at least 5 or more"),
            "at least 5 or more",
            "it has an operator both before and after the number",
            None,
            None,
        ),
        (
            lambda: Target.parse("<5", better="higher"),
            "<5",
            "its operator means lower is better, but better='higher' was given",
            None,
            None,
        ),
        (
            lambda: Target.parse(">5", better="lower"),
            ">5",
            "its operator means higher is better, but better='lower' was given",
            None,
            None,
        ),
    ],
)
def test_parse_errors(
    build: Callable[[], object],
    text: str,
    reason: str,
    cause: type[KpiragError] | None,
    cause_value: str | None,
) -> None:
    """Text that does not fit raises InvalidTargetError naming the whole text and why.

    An error found while reading a part of the text is kept as the cause, naming the target.
    """
    with pytest.raises(InvalidTargetError) as caught:
        build()
    assert type(caught.value) is InvalidTargetError
    assert (caught.value.field, caught.value.value) == ("target", text)
    assert caught.value.reason == reason
    assert caught.value.expected is None
    assert str(caught.value) == f"Invalid target {text!r}: {reason}"
    inner = caught.value.__cause__
    if cause is None:
        assert inner is None
    else:
        assert isinstance(inner, KpiragError)
        assert type(inner) is cause
        assert (inner.field, inner.has_value, inner.reason) == ("target", True, reason)
        if cause_value is not None:
            assert inner.value == cause_value


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("atleast 30", "at least 30"),
        ("atleast 45", "at least 45"),
        ("atleast", "at least 30"),
        ("abovl.", "above 30"),
        ("30 or  lesss", "30 or less"),
        ("1" * 42 + " percentage pointz", "1" * 42 + " percentage points"),
        ("1" * 51 + " or lesss", "1" * 51 + " or less"),
        ("1" * 43 + " percentage pointz", None),
        ("1" * 52 + " or lesss", None),
        ("abc", None),
        ("%", None),
    ],
)
def test_not_a_target_suggests_the_closest_form(text: str, suggestion: str | None) -> None:
    """Unreadable text names every form; text of up to 60 characters gets the closest one."""
    with pytest.raises(InvalidTargetError) as caught:
        Target.parse(text)
    assert (caught.value.field, caught.value.value) == ("target", text)
    assert caught.value.expected == A_TARGET.removeprefix("expected ")
    if suggestion is None:
        assert caught.value.reason is None
        assert str(caught.value) == f"Invalid target {text!r}: {A_TARGET}"
    else:
        assert caught.value.reason == f"{A_TARGET}; did you mean {suggestion!r}?"
        assert (
            str(caught.value)
            == f"Invalid target {text!r}: {A_TARGET}; did you mean {suggestion!r}?"
        )


# -- reading: is_met and mirrored -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "met"),
    [
        (">=5", 5, True),
        (">=5", "4.9", False),
        (">5", 5, False),
        (">5", 5.1, True),
        ("<=5", 5, True),
        ("<=5", "5.1", False),
        ("<5", 5, False),
        ("<5", 4.9, True),
        ("5-10", 5, True),
        ("5-10", 10, True),
        ("5-10", "4.9", False),
        ("5-10", "10.1", False),
        ("5-10", Decimal("7.5"), True),
    ],
)
def test_is_met_at_and_around_the_target(text: str, value: object, met: bool) -> None:
    """is_met compares exactly: the ends of >=, <= and ranges are met, of > and < are not."""
    assert Target.parse(text).is_met(value) is met  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "numerator", "denominator", "met"),
    [(">=88.8", 800, 9, True), (">=88.9", 800, 9, False), ("<=2.5", 5, 2, True)],
)
def test_is_met_reads_a_fraction_exactly(
    text: str, numerator: int, denominator: int, met: bool
) -> None:
    """A Fraction, even one with no finite decimal (800/9), is compared exactly."""
    assert Target.parse(text).is_met(Fraction(numerator, denominator)) is met


@pytest.mark.parametrize(
    ("text", "mirrored"),
    [
        (">=5", "<=-5"),
        ("<=5%", ">=-5%"),
        (">5 weeks", "<-5 weeks"),
        ("<5", ">-5"),
        ("5%-10%", "between -10% and -5%"),
        ("£5-£10", "between -£10 and -£5"),
        ("-2-3", "between -3 and 2"),
    ],
)
def test_mirrored_keeps_percent_and_unit(text: str, mirrored: str) -> None:
    """mirrored() negates the axis, flips the operator, and keeps percent and unit."""
    target = Target.parse(text).mirrored()
    assert str(target) == mirrored
    assert target.mirrored() == Target.parse(text)
