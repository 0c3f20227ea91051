"""One reader per concept: numbers, periods, figures with unit words, KPI definitions.

Every door (Python objects, files, frames, SPC, the command line) reads a
number, a period, a unit word or a definition column with the same reader, so
the same text is accepted or refused the same way everywhere.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from kpirag import rules, spc
from kpirag.errors import InvalidSeriesError, KpiragError


def test_defect_spc_to_fraction_thousands_separator() -> None:
    """``"2,000"`` is a number for ``spc.to_fraction`` as it is for ``to_decimal``."""
    assert rules.to_decimal("2,000") == Decimal(2000)
    assert spc.to_fraction("2,000") == Fraction(2000)


_NUMBER_TEXTS = [
    ("46", Fraction(46)),
    (" 4.6 ", Fraction(23, 5)),
    ("2,000", Fraction(2000)),
    ("79,333.5", Fraction(158667, 2)),
    ("(1,230)", Fraction(-1230)),
    ("\u221212", Fraction(-12)),
    ("69%", Fraction(69)),
    ("£1.2m", Fraction(1_200_000)),
    ("1" + "0" * 150, Fraction(10**150)),
    ("0." + "0" * 999 + "1", Fraction(1, 10**1000)),
    ("abc", None),
    ("1/3", None),
    ("1e3", None),
    ("NaN", None),
    ("Infinity", None),
    ("2,00", None),
    ("1." + "1" * 100, None),
    ("0." + "0" * 1000 + "1", None),
    ("1" * 2501, None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), _NUMBER_TEXTS)
def test_rules_and_spc_read_the_same_number_text(text: str, expected: Fraction | None) -> None:
    """``to_decimal`` and ``spc.to_fraction`` accept and refuse the same text, alike."""
    if expected is None:
        with pytest.raises(KpiragError) as by_rules:
            rules.to_decimal(text)
        with pytest.raises(InvalidSeriesError) as by_spc:
            spc.to_fraction(text, position=4)
        assert by_spc.value.position == 4
        assert by_spc.value.value == text
        assert str(by_spc.value).split(": ", 1)[1] == str(by_rules.value).split(": ", 1)[1]
    else:
        assert Fraction(rules.to_decimal(text)) == expected
        assert spc.to_fraction(text) == expected
        assert rules.to_fraction(text) == expected


@pytest.mark.parametrize(
    "value",
    [Decimal("1E+1001"), Decimal("1E-1001"), 10**1200, Fraction(1, 10**1200), True, None, [1]],
    ids=["1E+1001", "1E-1001", "10**1200", "1/10**1200", "True", "None", "list"],
)
def test_rules_and_spc_share_the_number_limits(value: object) -> None:
    """Both readers refuse a number beyond the limits of ``kpirag.rules``, for the same reason."""
    with pytest.raises(KpiragError) as by_rules:
        rules.to_fraction(value)
    with pytest.raises(InvalidSeriesError) as by_spc:
        spc.to_fraction(value)
    assert (by_spc.value.expected, by_spc.value.reason) == (
        by_rules.value.expected,
        by_rules.value.reason,
    )


def test_number_limits_are_defined_once() -> None:
    """``MAX_DIGITS`` and ``MAX_EXPONENT`` are assigned in ``kpirag.rules`` and nowhere else."""
    source = Path(rules.__file__).parent.parent
    assigned = sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"^(MAX_DIGITS|MAX_EXPONENT)\b.*=", path.read_text("utf-8"), re.MULTILINE)
    )
    assert assigned == ["rules/_values.py"]
