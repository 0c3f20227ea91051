"""Targets as reports write them, parsed into comparison rules.

``Target.parse("<43")`` is met below 43; ``Target.parse("72%")`` (higher is
better by default) is met at 72% and above; ``Target.parse("95%-105%")`` is met
inside the range, ends included. ``str(target)`` is a canonical form that
parses back to an equal target.
"""

from __future__ import annotations

import enum
import functools
import re
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from kpirag._validate import because, flag, wrong_type
from kpirag.errors import InvalidTargetError, InvalidValueError, KpiragError
from kpirag.rules._values import (
    MAX_TEXT,
    Number,
    format_decimal,
    parse_number,
    read_fraction,
    to_decimal,
)

__all__ = ["Better", "Direction", "Operator", "Target"]


class Direction(enum.Enum):
    """Which way is better: a higher value or a lower one."""

    HIGHER = "higher"
    LOWER = "lower"

    @property
    def flipped(self) -> Direction:
        """The opposite direction."""
        return Direction.LOWER if self is Direction.HIGHER else Direction.HIGHER

    @classmethod
    def parse(cls, text: Better) -> Direction:
        """Read ``"higher"`` or ``"lower"`` (or a ``Direction``)."""
        if isinstance(text, Direction):
            return text
        if not isinstance(text, str):
            raise wrong_type("better", text, "'higher' or 'lower'")
        wanted = text.strip().casefold()
        for member in cls:
            if wanted == member.value:
                return member
        raise InvalidTargetError(field="better", value=text, expected="'higher' or 'lower'")


Better: TypeAlias = Direction | Literal["higher", "lower"]
"""What the ``better`` arguments accept."""


class Operator(enum.Enum):
    """How a value is compared with a target."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    BETWEEN = "between"

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
    "maximum": Operator.AT_MOST,
    "max": Operator.AT_MOST,
    "<": Operator.LESS_THAN,
    "less than": Operator.LESS_THAN,
    "fewer than": Operator.LESS_THAN,
    "below": Operator.LESS_THAN,
    "under": Operator.LESS_THAN,
}

_NUM = r"[-+\u2212]?\(?[£$€]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\)?\s?%?"
_OPERATOR_WORDS = "|".join(re.escape(word) for word in sorted(_OPERATORS, key=len, reverse=True))
_TARGET = re.compile(
    rf"""
    \s*(?:
        (?:between\s+)?(?P<low>{_NUM})\s*(?:-|\u2013|\bto\b|\band\b)\s*(?P<high>{_NUM})
      | (?P<op>{_OPERATOR_WORDS})?\s*(?P<value>{_NUM})
    )\s*
    """,
    re.VERBOSE | re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, direction: Direction | None) -> Target:
    """Target text parsed once: targets are immutable, and files repeat the same few."""
    return Target._parse(text, direction)  # noqa: SLF001 - the cache serves Target.parse


def _operator(value: object) -> Operator:
    if isinstance(value, Operator):
        return value
    if isinstance(value, str):
        for member in Operator:
            if value.strip().casefold() == member.value:
                return member
        raise InvalidTargetError(
            field="target operator",
            value=value,
            expected="an Operator or one of " + ", ".join(repr(op.value) for op in Operator),
        )
    raise wrong_type("target operator", value, "an Operator")


def _decimal_field(value: Number) -> Decimal:
    return to_decimal(value, field="target value")


def _optional_decimal(value: Number | None) -> Decimal | None:
    return None if value is None else to_decimal(value, field="target upper value")


@attrs.frozen(repr=False)
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

    ```pycon
    >>> Target.parse("<43")
    Target.parse('<43')
    >>> Target.parse("72%").is_met(72)
    True
    >>> str(Target.parse("2,000"))
    '>=2000'
    >>> Target.parse("0", better="lower")
    Target.parse('<=0')

    ```
    """

    operator: Operator = attrs.field(converter=_operator)
    value: Decimal = attrs.field(converter=_decimal_field)
    upper: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    percent: bool = attrs.field(default=False, validator=flag)

    def __attrs_post_init__(self) -> None:
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
    def at_least(cls, value: Number, *, percent: bool = False) -> Target:
        """Met at ``value`` and above (``>=``)."""
        return cls(Operator.AT_LEAST, value, percent=percent)

    @classmethod
    def more_than(cls, value: Number, *, percent: bool = False) -> Target:
        """Met strictly above ``value`` (``>``)."""
        return cls(Operator.MORE_THAN, value, percent=percent)

    @classmethod
    def at_most(cls, value: Number, *, percent: bool = False) -> Target:
        """Met at ``value`` and below (``<=``)."""
        return cls(Operator.AT_MOST, value, percent=percent)

    @classmethod
    def less_than(cls, value: Number, *, percent: bool = False) -> Target:
        """Met strictly below ``value`` (``<``)."""
        return cls(Operator.LESS_THAN, value, percent=percent)

    @classmethod
    def between(cls, low: Number, high: Number, *, percent: bool = False) -> Target:
        """Met from ``low`` to ``high``, both ends included."""
        return cls(Operator.BETWEEN, low, high, percent=percent)

    @classmethod
    def parse(cls, text: str, *, better: Better | None = None) -> Target:
        """Read a target as a report writes it.

        Understands an optional operator (``<``, ``<=``, ``>``, ``>=``, ``≤``,
        ``≥``, and words such as ``at least``, ``fewer than``), numbers with
        thousands separators and a percent sign, and two-sided ranges
        (``95%-105%``, ``between 5 and 10``, ``5 to 10``).

        Args:
            text: the target text.
            better: the direction for a bare number (``"higher"`` makes ``72%``
                mean ``>=72%``, ``"lower"`` makes ``0`` mean ``<=0``); defaults to
                higher. An explicit operator decides the direction itself, and a
                ``better`` that contradicts it is an error.

        Raises:
            InvalidTargetError: the text is not a target, or contradicts ``better``.
        """
        if not isinstance(text, str):
            raise wrong_type("target", text, "target text such as '<43' or '72%'")
        direction = None if better is None else Direction.parse(better)
        if cls is Target:
            return _parse_cached(text, direction)
        return cls._parse(text, direction)

    @classmethod
    def _parse(cls, text: str, direction: Direction | None) -> Target:
        # Collapsing runs of spaces first leaves the pattern no run to backtrack over, so
        # parsing is linear in the text's length (and text past MAX_TEXT is refused).
        stripped = text.strip()
        collapsed = " ".join(stripped.split()) if len(stripped) <= MAX_TEXT else ""
        match = _TARGET.fullmatch(collapsed) if collapsed else None
        if match is None:
            raise InvalidTargetError(
                field="target",
                value=text,
                expected="a number with an optional operator "
                "('<43', '>=72%', '2,000') or a range ('95%-105%', 'between 5 and 10')",
            )
        try:
            if match["low"] is not None:
                return cls._parse_range(text, match["low"], match["high"])
            number, percent = parse_number(match["value"], field="target")
        except InvalidValueError as exc:
            raise InvalidTargetError(because(exc), field="target", value=text) from exc
        if match["op"] is None:
            operator = Operator.AT_MOST if direction is Direction.LOWER else Operator.AT_LEAST
        else:
            operator = _OPERATORS[" ".join(match["op"].casefold().split())]
            if direction is not None and operator.direction is not direction:
                raise InvalidTargetError(
                    f"its operator means {direction.flipped.value} "
                    f"is better, but better={direction.value!r} was given",
                    field="target",
                    value=text,
                )
        return cls(operator, number, percent=percent)

    @classmethod
    def _parse_range(cls, text: str, low_text: str, high_text: str) -> Target:
        low, low_percent = parse_number(low_text, field="target")
        high, high_percent = parse_number(high_text, field="target")
        if low_percent and not high_percent:
            raise InvalidTargetError(
                "the lower end is a percentage but the upper is not", field="target", value=text
            )
        try:
            return cls.between(low, high, percent=high_percent)
        except KpiragError as exc:
            raise InvalidTargetError(because(exc), field="target", value=text) from exc

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
        """Show ``number`` in this target's unit (``75%`` or ``43``)."""
        number = to_decimal(number, field="number")
        return format_decimal(number) + ("%" if self.percent else "")

    def __str__(self) -> str:
        if self.operator is Operator.BETWEEN:
            low, high = self.bounds
            return f"between {self.format_number(low)} and {self.format_number(high)}"
        return f"{self.operator.value}{self.format_number(self.value)}"

    def __repr__(self) -> str:
        return f"Target.parse({str(self)!r})"

    def is_met(self, value: Number | Fraction) -> bool:
        """Whether ``value`` meets the target exactly (no tolerance).

        A ``Fraction`` is compared exactly, even one with no
        finite decimal form (such as 800/9, the percentage 8 of 9 make).
        """
        number = read_fraction(value) if isinstance(value, Fraction) else to_decimal(value)
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
            return Target.between(-high, -low, percent=self.percent)
        return Target(flip[self.operator], -self.value, percent=self.percent)
