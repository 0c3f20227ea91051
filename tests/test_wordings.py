"""Targets and values as reports write them (issue 12, item 3): wordings, units, money."""

from __future__ import annotations

import pickle
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import (
    InvalidTargetError,
    InvalidValueError,
    Status,
    Target,
    UnitMismatchError,
    ValueTypeError,
    assess,
    classify,
    parse_number,
)
from kpirag.rules import Quantity, parse_quantity, unit_name
from kpirag.strategies._strategies import targets

G, A, R = Status.GREEN, Status.AMBER, Status.RED
untyped_target: Any = Target  # wrong calls on purpose
untyped_parse: Any = parse_quantity

# Every wording of the issue, and the canonical target it means.
WORDINGS = [
    ("A maximum of 30 weeks.", "<=30 weeks"),
    ("A minimum of 70%.", ">=70%"),
    ("Maximum of 30", "<=30"),
    ("Minimum of 30", ">=30"),
    ("30 or less", "<=30"),
    ("30 or fewer", "<=30"),
    ("30 or more", ">=30"),
    ("30 or lower", "<=30"),
    ("30 or higher", ">=30"),
    ("30 or above", ">=30"),
    ("30 or below", "<=30"),
    ("up to 30", "<=30"),
    ("no more than 30", "<=30"),
    ("not more than 30", "<=30"),
    ("no less than 30", ">=30"),
    ("not less than 30", ">=30"),
    ("at least 30", ">=30"),
    ("at most 30", "<=30"),
    ("more than 30", ">30"),
    ("fewer than 30", "<30"),
    ("below 30", "<30"),
    ("above 30", ">30"),
    ("under 30", "<30"),
    ("over 30", ">30"),
    ("30 weeks", ">=30 weeks"),
    ("1 week", ">=1 weeks"),
    ("30 days", ">=30 days"),
    ("30 hours", ">=30 hours"),
    ("30 minutes", ">=30 minutes"),
    ("up to 5pp", "<=5pp"),
    ("5 percentage points", ">=5pp"),
    ("12.5 per 1,000", ">=12.5 per 1,000"),
    ("below 40 per 100,000", "<40 per 100,000"),
    ("40 per 100000", ">=40 per 100,000"),
    ("A minimum of 85 jobs.", ">=85 jobs"),
    ("£118", ">=£118"),
    ("up to £1.2m", "<=£1200000"),
    ("£250k or less", "<=£250000"),
    ("£0.100m", ">=£100000"),
    ("(1,234)", ">=-1234"),
    ("between £5 and £10", "between £5 and £10"),
    ("between 5 and 10 weeks", "between 5 weeks and 10 weeks"),
    ("5 to 10 days", "between 5 days and 10 days"),
    ("95%-105%", "between 95% and 105%"),
    ("<43", "<43"),
    ("≥ 72%", ">=72%"),
    ("30 percent", ">=30%"),
    ("30 per cent", ">=30%"),
    ("30 ppt", ">=30pp"),
    ("30 hrs", ">=30 hours"),
    ("30 mins", ">=30 minutes"),
    ("£2bn", ">=£2000000000"),
    ("=<30", "<=30"),
    ("=>30", ">=30"),
    ("30 or over", ">=30"),
    ("30 or under", "<=30"),
    ("30 or greater", ">=30"),
    ("30\u201340", "between 30 and 40"),
    ("no fewer than 30", ">=30"),
    ("min 30", ">=30"),
    ("max 30", "<=30"),
    ("$5", ">=$5"),
    ("€5", ">=€5"),
    ("-£5", ">=-£5"),
    ("(£1,234)", ">=-£1234"),
    ("12 visits", ">=12 visits"),
    ("≤30", "<=30"),
]


@pytest.mark.parametrize(("text", "canonical"), WORDINGS)
def test_every_wording_is_accepted(text: str, canonical: str) -> None:
    """Each wording parses, in any case and with or without a trailing full stop, and round-trips."""
    for variant in (text, text.upper(), text.lower(), text.rstrip(".") + ".", f"  {text}  "):
        target = Target.parse(variant)
        assert str(target) == canonical, variant
        assert Target.parse(str(target)) == target


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("at leest 30", "at least 30"),
        ("30 or lesss", "30 or less"),
        ("maximun of 30", "maximum of 30"),
        ("upto 30", "up to 30"),
        ("no mor than 75%", "no more than 75%"),
        ("30 weeks weeks", "30 weeks"),
        ("A maximum of of 30 weeks.", "a maximum of 30"),
        ("30 or fewr", "30 or fewer"),
        ("not mor than 30", "not more than 30"),
    ],
)
def test_near_misses_suggest_the_closest_form(text: str, suggestion: str) -> None:
    """A near-miss is refused with a message naming the docs page and the closest accepted form."""
    with pytest.raises(InvalidTargetError) as info:
        Target.parse(text)
    message = str(info.value)
    assert message.startswith(f"Invalid target {text!r}: expected a target such as")
    assert "docs/targets-and-tolerances.md" in message
    assert message.endswith(f"did you mean {suggestion!r}?")
    assert (info.value.field, info.value.value) == ("target", text)


@pytest.mark.parametrize(
    "text",
    ["", "Annual", "tbc", "30 or", "or less 30", "30 or less or more", "at least 30 or more", "£30 weeks", "5 weeks to 10 days", "1.2m", "30%%", "30 apples pears"],
)  # fmt: skip
def test_other_text_is_refused_with_the_docs_page(text: str) -> None:
    """Text that is not a target is our error, and the message points to the table of forms."""
    with pytest.raises(InvalidTargetError, match=f"Invalid target {text!r}") as info:
        Target.parse(text)
    assert info.value.field == "target"


@pytest.mark.parametrize(
    ("text", "number", "unit", "percent"),
    [
        ("30 weeks", "30", "weeks", False),
        ("30 Weeks.", "30", "weeks", False),
        ("1 day", "1", "days", False),
        ("2 hrs", "2", "hours", False),
        ("5pp", "5", "pp", False),
        ("5 percentage point", "5", "pp", False),
        ("69%", "69", None, True),
        ("69 per cent", "69", None, True),
        ("12 per 1000", "12", "per 1,000", False),
        ("£118", "118", "£", False),
        ("£1.2m", "1200000", "£", False),
        ("£250k", "250000", "£", False),
        ("£0.100m", "100000", "£", False),
        ("-£5", "-5", "£", False),
        ("(1,234)", "-1234", None, False),
        ("(£1,234)", "-1234", "£", False),
        ("103 jobs", "103", "jobs", False),
        ("46", "46", None, False),
    ],
)
def test_parse_quantity(text: str, number: str, unit: str | None, percent: bool) -> None:
    """parse_quantity keeps the unit, canonical, with the exact number."""
    quantity = parse_quantity(text)
    assert quantity == Quantity(Decimal(number), unit, percent)
    assert parse_quantity(str(quantity)) == quantity
    assert pickle.loads(pickle.dumps(quantity)) == quantity


def test_money_scales_in_parse_number() -> None:
    """parse_number reads money with k, m and bn exactly, and drops the currency sign."""
    assert parse_number("£1.2m") == (Decimal(1200000), False)
    assert parse_number("£0.100m") == (Decimal(100000), False)
    assert parse_number("£2bn") == (Decimal(2000000000), False)
    assert parse_number("£1.2345k") == (Decimal("1234.5"), False)
    with pytest.raises(InvalidValueError, match="scale money amounts only"):
        parse_number("1.2m")
    with pytest.raises(InvalidValueError):
        parse_number("30 weeks")


def test_declared_units() -> None:
    """A KPI's declared unit is taken by text without one, and text with another is refused."""
    assert Target.parse("A minimum of 85", unit="jobs") == Target.parse("A minimum of 85 jobs.")
    assert Target.parse("85 JOBS", unit="Jobs").unit == "jobs"
    with pytest.raises(InvalidTargetError, match="not the declared 'jobs'"):
        Target.parse("85 tonnes", unit="jobs")
    assert parse_quantity("103", unit="jobs") == Quantity(Decimal(103), "jobs")
    with pytest.raises(UnitMismatchError):
        parse_quantity("103 visits", unit="jobs")
    assert Target.parse("70", unit="%") == Target.parse("70%")


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("103 jobs", "A minimum of 85 jobs.", G),
        ("80 jobs", "A minimum of 85 jobs.", A),
        ("103", "A minimum of 85 jobs.", G),
        (103, "A minimum of 85 jobs.", G),
        ("33 weeks", "A maximum of 30 weeks.", A),
        ("34 WEEKS.", "A maximum of 30 weeks.", R),
        ("£130", "£118 or less", R),
        ("£0.12m", "up to £118k", A),
        ("(5)", "at least 0", R),
        ("64%", "A minimum of 70%.", A),
    ],
)
def test_values_with_units(value: object, target: str, expected: Status) -> None:
    """Values written with the target's unit (or none) classify as plain numbers."""
    assert classify(value, target, "10%") is expected


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("103 tonnes", "A minimum of 85 jobs."),
        ("103 jobs", "85"),
        ("30 days", "30 weeks"),
        ("$118", "£118"),
        ("5pp", "70%"),
        ("69%", "30 weeks"),
    ],
)
def test_a_value_in_another_unit_is_our_error(value: str, target: str) -> None:
    """A value whose unit differs from its target's is a UnitMismatchError naming both."""
    with pytest.raises(UnitMismatchError, match=re.escape(f"Invalid value {value!r}")) as info:
        classify(value, target, "10%")
    assert info.value.field == "value"


@pytest.mark.parametrize(
    ("value", "target", "explanation"),
    [
        ("33 weeks", "A maximum of 30 weeks.", "Amber: 33 weeks misses <=30 weeks by 3 weeks (10.0%), exactly on the 10% edge, which belongs to Amber (Amber up to and including 33 weeks)"),
        ("£130", "£118 or less", "Red: £130 misses <=£118 by £12 (10.2%), beyond the 10% tolerance (Amber up to £129.8)"),
        ("7 per 1,000", "5 per 1,000 or less", "Red: 7 per 1,000 misses <=5 per 1,000 by 2 per 1,000 (40.0%), beyond the 10% tolerance (Amber up to 5.5 per 1,000)"),
        ("103 jobs", "A minimum of 85 jobs.", "Green: 103 jobs meets >=85 jobs"),
    ],
)  # fmt: skip
def test_explanations_show_units(value: str, target: str, explanation: str) -> None:
    """Explanations show the unit on the value, the target, the gap and the edge."""
    assert assess(value, target, "10%").explanation == explanation


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: unit_name(5), ValueTypeError),
        (lambda: unit_name("two words"), InvalidValueError),
        (lambda: unit_name("3"), InvalidValueError),
        (lambda: Quantity(5, "weeks", True), InvalidValueError),
        (lambda: Target.at_least(5, percent=True, unit="weeks"), InvalidTargetError),
        (lambda: untyped_target.parse("5", unit=5), ValueTypeError),
        (lambda: untyped_parse(5), ValueTypeError),
        (lambda: parse_quantity("£5 weeks"), InvalidValueError),
        (lambda: parse_quantity("5% per cent"), InvalidValueError),
    ],
)
def test_bad_units(call: Any, error: type[Exception]) -> None:
    """Units that are not units, or that clash, are our errors."""
    with pytest.raises(error):
        call()


UNITS = st.sampled_from([None, "weeks", "days", "pp", "per 1,000", "£", "jobs", "tonnes"])


@settings(max_examples=200)
@given(targets(percent=False), UNITS)
def test_round_trip_with_units(target: Target, unit: str | None) -> None:
    """Law: Target.parse(str(t)) == t for targets with any unit."""
    with_unit = Target(target.operator, target.value, target.upper, unit=unit)
    assert Target.parse(str(with_unit)) == with_unit
    assert Target.parse(str(with_unit).upper()) == with_unit
