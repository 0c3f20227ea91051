"""Targets as reports write them, parsed into comparison rules.

``Target.parse("<43")`` is met below 43; ``Target.parse("72%")`` (higher is
better by default) is met at 72% and above; ``Target.parse("95%-105%")`` is met
inside the range, ends included. ``str(target)`` is a canonical form that
parses back to an equal target.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from kpirag._validate import _ChoiceType, because, flag, member, wrong_type
from kpirag.errors import InvalidTargetError, KpiragError, UnitMismatchError
from kpirag.rules._values import (
    EXACT,
    UNIT_PATTERN,
    Number,
    Quantity,
    exact_number,
    format_decimal,
    parse_quantity,
    rounded,
    short_text,
    to_decimal,
    trim,
    unit_name,
    with_unit,
    worked_out,
)

__all__ = ["Better", "Direction", "Operator", "Target"]


class Direction(enum.Enum, metaclass=_ChoiceType):
    """Which way is better: a higher value or a lower one."""

    HIGHER = "higher"
    LOWER = "lower"

    @classmethod
    def _missing_(cls, value: object) -> Direction:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        return cls.parse(value)  # type: ignore[arg-type]

    @property
    def flipped(self) -> Direction:
        """The opposite direction."""
        return Direction.LOWER if self is Direction.HIGHER else Direction.HIGHER

    @classmethod
    def parse(cls, text: Better) -> Direction:
        """Read ``"higher"`` or ``"lower"`` (or a ``Direction``)."""
        return member(cls, text, "better", "'higher' or 'lower'", InvalidTargetError)


Better: TypeAlias = Direction | Literal["higher", "lower"]
"""What the ``better`` arguments accept."""


class Operator(enum.Enum, metaclass=_ChoiceType):
    """How a value is compared with a target."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    BETWEEN = "between"

    @classmethod
    def _missing_(cls, value: object) -> Operator:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        expected = "one of '>=', '>', '<=', '<', 'between'"
        return member(cls, value, "operator", expected, InvalidTargetError)

    @property
    def direction(self) -> Direction | None:
        """The better direction, or ``None`` for a two-sided range."""
        if self in {Operator.AT_LEAST, Operator.MORE_THAN}:
            return Direction.HIGHER
        if self in {Operator.AT_MOST, Operator.LESS_THAN}:
            return Direction.LOWER
        return None

    @property
    def strict(self) -> bool:
        """Whether a value equal to the target misses it (``<`` and ``>``)."""
        return self in {Operator.MORE_THAN, Operator.LESS_THAN}


_OPERATORS: dict[str, Operator] = {
    ">=": Operator.AT_LEAST,
    "=>": Operator.AT_LEAST,
    "\u2265": Operator.AT_LEAST,
    "at least": Operator.AT_LEAST,
    "no less than": Operator.AT_LEAST,
    "not less than": Operator.AT_LEAST,
    "no fewer than": Operator.AT_LEAST,
    "not fewer than": Operator.AT_LEAST,
    "minimum of": Operator.AT_LEAST,
    "min of": Operator.AT_LEAST,
    "minimum": Operator.AT_LEAST,
    "min": Operator.AT_LEAST,
    ">": Operator.MORE_THAN,
    "more than": Operator.MORE_THAN,
    "greater than": Operator.MORE_THAN,
    "above": Operator.MORE_THAN,
    "over": Operator.MORE_THAN,
    "<=": Operator.AT_MOST,
    "=<": Operator.AT_MOST,
    "\u2264": Operator.AT_MOST,
    "at most": Operator.AT_MOST,
    "no more than": Operator.AT_MOST,
    "not more than": Operator.AT_MOST,
    "up to": Operator.AT_MOST,
    "maximum of": Operator.AT_MOST,
    "max of": Operator.AT_MOST,
    "maximum": Operator.AT_MOST,
    "max": Operator.AT_MOST,
    "<": Operator.LESS_THAN,
    "less than": Operator.LESS_THAN,
    "fewer than": Operator.LESS_THAN,
    "below": Operator.LESS_THAN,
    "under": Operator.LESS_THAN,
}

_AFTER: dict[str, Operator] = {
    "or less": Operator.AT_MOST,
    "or fewer": Operator.AT_MOST,
    "or lower": Operator.AT_MOST,
    "or below": Operator.AT_MOST,
    "or under": Operator.AT_MOST,
    "or more": Operator.AT_LEAST,
    "or greater": Operator.AT_LEAST,
    "or higher": Operator.AT_LEAST,
    "or above": Operator.AT_LEAST,
    "or over": Operator.AT_LEAST,
}
"""Operator words written after the number: ``30 or less``."""

_NUM = (
    r"[-+\u2212]?\(?[£$€]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?:bn|m|k)(?![^\W\d_]))?\)?\s?%?"
)
_UNIT = UNIT_PATTERN.replace("(?P<unit>", "(?:")


def _words(phrases: Iterable[str]) -> str:
    return "|".join(
        re.escape(phrase).replace(r"\ ", r"\s") for phrase in sorted(phrases, key=len, reverse=True)
    )


_TARGET = re.compile(
    rf"""
    \s*(?:
        (?:between\s+)?(?P<low>{_NUM})(?:\s?(?P<low_unit>{_UNIT}))?
        \s*(?:-|\u2013|\bto\b|\band\b)\s*
        (?P<high>{_NUM})(?:\s?(?P<high_unit>{_UNIT}))?
      | (?:an?\s)?(?P<op>{_words(_OPERATORS)})?\s*
        (?P<value>{_NUM})(?:\s?(?P<unit>{_UNIT}))?
        (?:\s(?P<after>{_words(_AFTER)}))?
    )\s*
    """,
    re.VERBOSE | re.IGNORECASE,
)

_EXAMPLES = (
    "<30", "<=30", ">30", ">=30", "30", "30%", "at least 30", "at most 30", "no less than 30",
    "not less than 30", "no more than 30", "not more than 30", "more than 30", "less than 30",
    "fewer than 30", "greater than 30", "above 30", "below 30", "over 30", "under 30",
    "up to 30", "minimum 30", "maximum 30", "minimum of 30", "maximum of 30",
    "a minimum of 30", "a maximum of 30", "30 or less", "30 or fewer", "30 or more",
    "30 or lower", "30 or higher", "30 or above", "30 or below", "between 30 and 40", "30-40",
    "30 to 40", "30 weeks", "30 days", "30 hours", "30 minutes", "30pp",
    "30 percentage points", "30 per 1,000", "30 per 100,000", "£30", "£1.2m", "£250k", "(30)",
)  # fmt: skip
"""One canonical example of every accepted form (the table in docs/targets-and-tolerances.md)."""

_FIRST_NUMBER = re.compile(r"[£$€]?\d[\d,]*(?:\.\d+)?%?")
_DOCS = "docs/targets-and-tolerances.md"


def _closest_form(text: str) -> str | None:
    """The accepted form nearest ``text``, written with its number, or ``None``."""
    folded = " ".join(text.casefold().split()).removesuffix(".")
    if not folded or len(folded) > 60:  # noqa: PLR2004 - a target is short; difflib is quadratic
        return None
    found = _FIRST_NUMBER.search(folded)
    number = found.group() if found else "30"
    forms = {example.replace("30", number, 1): example for example in _EXAMPLES}
    close = difflib.get_close_matches(folded, list(forms), n=1, cutoff=0.6)
    return close[0] if close else None


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, direction: Direction | None, unit: str | None = None) -> Target:
    """Target text parsed once: targets are immutable, and files repeat the same few."""
    return Target._parse(text, direction, unit)  # noqa: SLF001 - the cache serves Target.parse


def _operator(value: object) -> Operator:
    expected = "an Operator or one of " + ", ".join(repr(op.value) for op in Operator)
    return member(
        Operator, value, "target operator", expected, InvalidTargetError, of_type="an Operator"
    )


def _decimal_field(value: Number) -> Decimal:
    return to_decimal(value, field="target value")


def _optional_decimal(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="target upper value")


def _optional_unit(value: str | None) -> str | None:
    return None if value is None else unit_name(value, "target unit")


@attrs.frozen(repr=False, cache_hash=True)
class Target:
    """A target and the rule for meeting it.

    Build one with ``parse`` from report text, with a named constructor
    (``at_least``, ``at_most``, ``less_than``, ``more_than``,
    ``between``), or from its fields.

    Attributes:
        operator: how a value is compared with the target.
        value: the target figure (the lower end of a range).
        upper: the upper end of a range; ``None`` unless ``operator`` is BETWEEN.
        percent: whether the target is a percentage (values are then in percent
            units: 69 means 69%).
        unit: the unit of the target and its values (``"weeks"``, ``"pp"``,
            ``"per 1,000"``, ``"£"``, or a KPI's own word such as ``"jobs"``),
            or ``None``. A value written with another unit is a
            ``UnitMismatchError``; a bare number is in the target's unit.

    ```pycon
    >>> Target.parse("<43")
    Target.parse('<43')
    >>> Target.parse("72%").is_met(72)
    True
    >>> str(Target.parse("2,000"))
    '>=2000'
    >>> Target.parse("0", better="lower")
    Target.parse('<=0')
    >>> Target.parse("A maximum of 30 weeks.")
    Target.parse('<=30 weeks')

    ```
    """

    operator: Operator = attrs.field(converter=_operator)
    value: Decimal = attrs.field(converter=_decimal_field)
    upper: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    percent: bool = attrs.field(default=False, validator=flag)
    unit: str | None = attrs.field(default=None, converter=_optional_unit, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.unit == "%":
            object.__setattr__(self, "unit", None)
            object.__setattr__(self, "percent", True)
        if self.percent and self.unit is not None:
            raise InvalidTargetError(
                "a percentage target has no other unit", field="target unit", value=self.unit
            )
        if self.operator is Operator.BETWEEN:
            if self.upper is None:
                raise InvalidTargetError(
                    f"a range needs an upper end (lower is {self.value})",
                    field="target upper",
                    value=None,
                )
            if self.upper < self.value:
                raise InvalidTargetError(
                    "the lower end must not exceed the upper end",
                    field="target range",
                    value=(self.value, self.upper),
                )
        elif self.upper is not None:
            raise InvalidTargetError(
                "only a 'between' target has an upper end",
                field="target upper",
                value=self.upper,
            )

    # -- constructors -------------------------------------------------------------

    @classmethod
    def at_least(cls, value: Number, *, percent: bool = False, unit: str | None = None) -> Target:
        """Met at ``value`` and above (``>=``)."""
        return cls(Operator.AT_LEAST, value, percent=percent, unit=unit)

    @classmethod
    def more_than(cls, value: Number, *, percent: bool = False, unit: str | None = None) -> Target:
        """Met strictly above ``value`` (``>``)."""
        return cls(Operator.MORE_THAN, value, percent=percent, unit=unit)

    @classmethod
    def at_most(cls, value: Number, *, percent: bool = False, unit: str | None = None) -> Target:
        """Met at ``value`` and below (``<=``)."""
        return cls(Operator.AT_MOST, value, percent=percent, unit=unit)

    @classmethod
    def less_than(cls, value: Number, *, percent: bool = False, unit: str | None = None) -> Target:
        """Met strictly below ``value`` (``<``)."""
        return cls(Operator.LESS_THAN, value, percent=percent, unit=unit)

    @classmethod
    def between(
        cls, low: Number, high: Number, *, percent: bool = False, unit: str | None = None
    ) -> Target:
        """Met from ``low`` to ``high``, both ends included."""
        return cls(Operator.BETWEEN, low, high, percent=percent, unit=unit)

    @classmethod
    def parse(cls, text: str, *, better: Better | None = None, unit: str | None = None) -> Target:
        """Read a target as a report writes it.

        Understands an optional operator before the number (``<``, ``<=``,
        ``>``, ``>=``, ``≤``, ``≥``, and words such as ``at least``, ``up to``,
        ``A maximum of``) or after it (``30 or less``, ``30 or more``), numbers
        with thousands separators, a percent sign, money (``£118``, ``£1.2m``,
        ``£250k``) and accounting brackets, a unit after the number
        (``weeks``, ``pp``, ``per 1,000``, a KPI's own word), and two-sided
        ranges (``95%-105%``, ``between 5 and 10``, ``5 to 10``). Case and a
        trailing full stop are ignored. Every accepted form is listed in
        docs/targets-and-tolerances.md. Parsing is linear in the text's length.

        Args:
            text: the target text.
            better: the direction for a bare number (``"higher"`` makes ``72%``
                mean ``>=72%``, ``"lower"`` makes ``0`` mean ``<=0``); defaults to
                higher. An explicit operator decides the direction itself, and a
                ``better`` that contradicts it is an error.
            unit: the unit the KPI declares (``"jobs"``): text without a unit
                takes it, and text with another unit is an error.

        Raises:
            InvalidTargetError: the text is not a target, or contradicts
                ``better`` or ``unit``; the message suggests the closest
                accepted form.
        """
        if not isinstance(text, str):
            raise wrong_type("target", text, "target text such as '<43' or '72%'")
        direction = None if better is None else Direction.parse(better)
        declared = None if unit is None else unit_name(unit, "unit")
        if cls is Target:
            return _parse_cached(text, direction, declared)
        return cls._parse(text, direction, declared)

    @classmethod
    def _parse(cls, text: str, direction: Direction | None, unit: str | None = None) -> Target:
        # Collapsing runs of spaces first leaves the pattern no run to backtrack over, so
        # parsing is linear in the text's length (and text past MAX_TEXT is refused).
        stripped = short_text(text, "target", InvalidTargetError)
        collapsed = " ".join(stripped.split()).removesuffix(".")
        match = _TARGET.fullmatch(collapsed) if collapsed else None
        if match is None:
            raise _not_a_target(text)
        try:
            if match["low"] is not None:
                return cls._parse_range(text, match, unit)
            quantity = _quantity(match["value"], match["unit"], unit)
        except KpiragError as exc:
            raise InvalidTargetError(because(exc), field="target", value=text) from exc
        if match["op"] is not None and match["after"] is not None:
            raise InvalidTargetError(
                "it has an operator both before and after the number", field="target", value=text
            )
        if match["op"] is not None:
            operator = _OPERATORS[" ".join(match["op"].casefold().split())]
        elif match["after"] is not None:
            operator = _AFTER[" ".join(match["after"].casefold().split())]
        else:
            operator = Operator.AT_MOST if direction is Direction.LOWER else Operator.AT_LEAST
        if direction is not None and operator.direction is not direction:
            raise InvalidTargetError(
                f"its operator means {direction.flipped.value} "
                f"is better, but better={direction.value!r} was given",
                field="target",
                value=text,
            )
        return cls(operator, quantity.number, percent=quantity.percent, unit=quantity.unit)

    @classmethod
    def _parse_range(cls, text: str, match: re.Match[str], unit: str | None) -> Target:
        low = _quantity(match["low"], match["low_unit"], None)
        high = _quantity(match["high"], match["high_unit"], unit)
        if low.percent and not high.percent:
            raise InvalidTargetError(
                "the lower end is a percentage but the upper is not", field="target", value=text
            )
        if low.unit is not None and low.unit != high.unit:
            raise InvalidTargetError(
                f"the ends have different units ({low.unit!r} and {high.unit!r})",
                field="target",
                value=text,
            )
        return cls.between(low.number, high.number, percent=high.percent, unit=high.unit)

    # -- reading ------------------------------------------------------------------

    @property
    def better(self) -> Direction | None:
        """Which way is better, or ``None`` for a two-sided range."""
        return self.operator.direction

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        """The lower and upper ends of a range, or the target value twice."""
        return self.value, self.upper if self.upper is not None else self.value

    def format_number(self, number: Decimal) -> str:
        """Show ``number`` in this target's unit (``75%``, ``43``, ``30 weeks``, ``£118``).

        ``number`` may be one kpirag worked out (an edge, a gap) past the input limits.
        """
        number = worked_out(number)
        return with_unit(format_decimal(number), self.unit, percent=self.percent)

    def __str__(self) -> str:
        if self.operator is Operator.BETWEEN:
            low, high = self.bounds
            return f"between {self.format_number(low)} and {self.format_number(high)}"
        return f"{self.operator.value}{self.format_number(self.value)}"

    def __repr__(self) -> str:
        return f"Target.parse({str(self)!r})"

    def check_unit(self, unit: str | None, *, field: str = "value", value: object = None) -> None:
        """Refuse a figure written in ``unit`` when that is not this target's unit.

        ``None`` (a bare number) is in the target's unit. ``value`` is the
        figure as written, for the error.

        Raises:
            UnitMismatchError: ``unit`` is another unit than the target's.

        ```pycon
        >>> Target.parse(">=85 jobs").check_unit("jobs")
        >>> Target.parse(">=85 jobs").check_unit("weeks", value="67 weeks")
        Traceback (most recent call last):
        ...
        kpirag.errors.UnitMismatchError: Invalid value '67 weeks': a figure in 'weeks'
            cannot be compared with the target >=85 jobs

        ```
        """
        if unit is not None and unit != self.unit:
            raise UnitMismatchError(
                f"a figure in {unit!r} cannot be compared with the target {self}",
                field=field,
                value=value,
                expected="a number in the target's unit"
                + ("" if self.unit is None else f" ({self.unit})"),
            )

    def is_met(self, value: Number | Fraction) -> bool:
        """Whether ``value`` meets the target exactly (no tolerance).

        A ``Fraction`` is compared exactly, even one with no
        finite decimal form (such as 800/9, the percentage 8 of 9 make).
        """
        given: object = value
        number = exact_number(given, "value") if isinstance(given, Decimal | Fraction) else None
        number = to_decimal(value) if number is None else number
        match self.operator:
            case Operator.AT_LEAST:
                return number >= self.value
            case Operator.MORE_THAN:
                return number > self.value
            case Operator.AT_MOST:
                return number <= self.value
            case Operator.LESS_THAN:
                return number < self.value
            case Operator.BETWEEN:
                low, high = self.bounds
                return low <= number <= high

    def scaled(self, share: Fraction) -> Target:
        """This target with its value (and a range's upper end) times ``share``: a profile's part.

        A product with a finite decimal form is exact, kept whole even past the
        input limits (the target was given within them; the product is worked
        out). One with none (a third of 2,000) is rounded half-even to 12
        significant digits, and at least 12 decimal places.

        ```pycon
        >>> Target.parse("79,333").scaled(Fraction(1, 4))
        Target.parse('>=19833.25')
        >>> Target.parse("2,000").scaled(Fraction(1, 3))
        Target.parse('>=666.666666666667')

        ```
        """
        if not isinstance(share, Fraction):
            raise wrong_type("share", share, "a Fraction")
        share = Fraction(exact_number(share, "share"))
        low, high = (_part(Fraction(bound) * share) for bound in self.bounds)
        if high < low:  # a negative share turns a range round
            low, high = high, low
        scaled = attrs.evolve(self)
        # Set after checking: a worked-out product may pass the limits a given value keeps to.
        object.__setattr__(scaled, "value", low)
        if self.upper is not None:
            object.__setattr__(scaled, "upper", high)
        return scaled

    def mirrored(self) -> Target:
        """The same rule on the negated axis: ``>=5`` becomes ``<=-5``.

        A value ``v`` against a target gets the same status as ``-v`` against
        the mirrored target.
        """
        flip = {
            Operator.AT_LEAST: Operator.AT_MOST,
            Operator.AT_MOST: Operator.AT_LEAST,
            Operator.MORE_THAN: Operator.LESS_THAN,
            Operator.LESS_THAN: Operator.MORE_THAN,
        }
        if self.operator is Operator.BETWEEN:
            low, high = self.bounds
            return Target.between(
                high.copy_negate(), low.copy_negate(), percent=self.percent, unit=self.unit
            )
        negated = self.value.copy_negate()  # exact: unary minus rounds to the caller's context
        return Target(flip[self.operator], negated, percent=self.percent, unit=self.unit)


_SHARE_DIGITS = 12
"""Significant digits (and at least decimal places) kept of a share with no finite decimal."""


def _part(value: Fraction) -> Decimal:
    """``value`` exact when it has a finite decimal, else rounded half-even (``Target.scaled``)."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator == 1:
        with localcontext(EXACT):
            return trim(Decimal(value.numerator) / Decimal(value.denominator))
    magnitude = abs(value)
    places = _SHARE_DIGITS
    while magnitude and magnitude < Fraction(1, 10 ** (places - _SHARE_DIGITS + 1)):
        places += 1
    return trim(rounded(value, places, half_even=True))


def _quantity(number: str, unit: str | None, declared: str | None) -> Quantity:
    """The number and unit a target pattern matched, read by ``parse_quantity``."""
    return parse_quantity(
        number if unit is None else f"{number} {unit}", unit=declared, field="target"
    )


def _not_a_target(text: str) -> InvalidTargetError:
    expected = (
        "a target such as '<43', '>=72%', 'at least 30', '30 or less', "
        f"'A maximum of 30 weeks.' or '95%-105%' (every accepted form: {_DOCS})"
    )
    closest = _closest_form(text)
    reason = None if closest is None else f"expected {expected}; did you mean {closest!r}?"
    return InvalidTargetError(reason, field="target", value=text, expected=expected)
