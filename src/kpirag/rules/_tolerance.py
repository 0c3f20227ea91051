"""Tolerances: how far a value may miss its target and still be within a band.

A relative tolerance is a percentage of the target (10% of 43 is 4.3); an
absolute tolerance is a number of the target's own units (5 percentage points
of a 75% target). The edge is inclusive: a value that misses by exactly the
allowance is within the tolerance. A relative tolerance around a zero target
allows nothing, so a zero target has no band.
"""

from __future__ import annotations

import enum
from decimal import Decimal, localcontext

import attrs

from kpirag._validate import _ChoiceType, because, member, wrong_type
from kpirag.errors import InvalidToleranceError, InvalidValueError, KpiragError
from kpirag.rules._values import (
    EXACT,
    Number,
    format_decimal,
    parse_number,
    short_text,
    to_decimal,
    trim,
    worked_out,
)

__all__ = ["Tolerance", "ToleranceKind"]


class ToleranceKind(enum.Enum, metaclass=_ChoiceType):
    """How a tolerance's amount is read."""

    NONE = "none"
    RELATIVE = "relative"
    ABSOLUTE = "absolute"

    @classmethod
    def _missing_(cls, value: object) -> ToleranceKind:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        return _kind(value)


_ABSOLUTE_UNITS = (
    "percentage points",
    "percentage point",
    "points",
    "point",
    "units",
    "unit",
    "pts",
    "ppt",
    "pt",
    "pp",
)
"""Unit words that make tolerance text absolute, longest first (matched at the end of the
text with ``str.endswith`` after collapsing spaces: linear, no regex to backtrack)."""

_NONE_WORDS = frozenset({"none", "no tolerance", "0"})


def _kind(value: object) -> ToleranceKind:
    expected = "'none', 'relative' or 'absolute'"
    return member(
        ToleranceKind,
        value,
        "tolerance kind",
        expected,
        InvalidToleranceError,
        of_type="a ToleranceKind",
    )


def _amount(value: Number) -> Decimal:
    return to_decimal(value, field="tolerance amount")


def _not_negative(_instance: object, _attribute: object, amount: Decimal) -> None:
    if amount < 0:
        raise InvalidToleranceError(field="tolerance amount", value=amount, expected="zero or more")


def _unit_at_end(text: str) -> str | None:
    """The absolute unit word ``text`` ends with (``"5 pts"`` gives ``"pts"``), or ``None``."""
    folded = " ".join(text.casefold().split())
    return next((unit for unit in _ABSOLUTE_UNITS if folded.endswith(unit)), None)


def _without_suffix(text: str) -> str:
    """Absolute tolerance text without its unit word (``"5 pts"`` becomes ``"5"``)."""
    collapsed = " ".join(text.split())
    unit = _unit_at_end(collapsed)
    return collapsed if unit is None else collapsed[: -len(unit)].rstrip()


@attrs.frozen(repr=False, cache_hash=True)
class Tolerance:
    """How far a value may miss its target and stay within a band.

    Attributes:
        kind: how ``amount`` is read (``"relative"``, ``"absolute"`` or
            ``"none"`` are accepted as text too).
        amount: a percentage of the target (relative) or a number of the
            target's units (absolute); zero or more, and zero for ``none``.

    ```pycon
    >>> Tolerance.relative("10%").allowance(Decimal(43))
    Decimal('4.3')
    >>> Tolerance.absolute(5).allowance(Decimal(75))
    Decimal('5')
    >>> Tolerance.parse("5pt")
    Tolerance.parse('5pt')
    >>> Tolerance("relative", 10) == Tolerance.relative(10)
    True

    ```
    """

    kind: ToleranceKind = attrs.field(converter=_kind)
    amount: Decimal = attrs.field(default=Decimal(0), converter=_amount, validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        if self.kind is ToleranceKind.NONE and self.amount != 0:
            raise InvalidToleranceError(
                "a 'none' tolerance has no amount", field="tolerance amount", value=self.amount
            )

    @classmethod
    def relative(cls, percent: Number) -> Tolerance:
        """A percentage of the target: ``relative("10%")`` or ``relative(10)`` is 10%.

        Note that ``relative(0.1)`` is a tenth of one percent, not 10%.
        """
        return cls._of(ToleranceKind.RELATIVE, percent)

    @classmethod
    def absolute(cls, amount: Number) -> Tolerance:
        """A number of the target's units: ``absolute(5)`` on a 75% target is 5 points."""
        return cls._of(ToleranceKind.ABSOLUTE, amount)

    @classmethod
    def _of(cls, kind: ToleranceKind, amount: Number) -> Tolerance:
        """A tolerance of ``kind``; text is read as a number (an absolute one without its unit)."""
        try:
            if isinstance(amount, str):
                text = _without_suffix(amount) if kind is ToleranceKind.ABSOLUTE else amount
                amount = parse_number(text, field=f"{kind.value} tolerance")[0]
            return cls(kind, amount)
        except InvalidValueError as exc:
            raise InvalidToleranceError(
                exc.reason, field=exc.field, value=exc.value, expected=exc.expected
            ) from exc

    @classmethod
    def none(cls) -> Tolerance:
        """No tolerance: a value either meets its target or misses it."""
        return cls(ToleranceKind.NONE)

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """Read ``"10%"`` (relative), ``"5pt"`` or ``"5 points"`` (absolute), or ``"none"``.

        A bare number is ambiguous and rejected. Parsing takes time linear in the
        text's length.

        Raises:
            ValueTypeError: ``text`` is not text.
            InvalidToleranceError: the text is not a tolerance.
        """
        if not isinstance(text, str):
            raise wrong_type("tolerance", text, "text such as '10%', '5pt' or 'none'")
        stripped = short_text(text, "tolerance", InvalidToleranceError)
        if stripped.casefold() in _NONE_WORDS:
            return cls.none()
        try:
            if stripped.endswith("%"):
                return cls.relative(stripped)
            if _unit_at_end(stripped) is not None:
                return cls.absolute(stripped)
        except KpiragError as exc:
            raise InvalidToleranceError(because(exc), field="tolerance", value=text) from exc
        raise InvalidToleranceError(
            field="tolerance",
            value=text,
            expected="a relative tolerance such as '10%', an absolute one such as '5pt', or 'none'",
        )

    def allowance(self, reference: Decimal) -> Decimal:
        """How far a value may miss ``reference`` (a target value) and stay within.

        Worked out exactly: it may pass the input limits (1E-1000% of 1 is 1E-1002).
        """
        reference = worked_out(reference, "reference")
        if self.kind is ToleranceKind.RELATIVE:
            with localcontext(EXACT):
                return trim(abs(reference) * self.amount.scaleb(-2))
        if self.kind is ToleranceKind.ABSOLUTE:
            return self.amount
        return Decimal(0)

    def same_kind_as(self, other: Tolerance) -> bool:
        """Whether the two amounts are comparable (both relative or both absolute)."""
        if not isinstance(other, Tolerance):
            raise wrong_type("other", other, "a Tolerance")
        return self.kind is other.kind

    def __str__(self) -> str:
        if self.kind is ToleranceKind.RELATIVE:
            return f"{format_decimal(self.amount)}%"
        if self.kind is ToleranceKind.ABSOLUTE:
            return f"{format_decimal(self.amount)}pt"
        return "none"

    def __repr__(self) -> str:
        return f"Tolerance.parse({str(self)!r})"
