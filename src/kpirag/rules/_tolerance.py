"""Tolerances: how far a value may miss its target and still be within a band.

A relative tolerance is a percentage of the target (10% of 43 is 4.3); an
absolute tolerance is a number of the target's own units (5 percentage points
of a 75% target). The edge is inclusive: a value that misses by exactly the
allowance is within the tolerance. A relative tolerance around a zero target
allows nothing, so a zero target has no band.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal, localcontext

import attrs

from kpirag.errors import InvalidToleranceError, InvalidValueError, KpiragError
from kpirag.rules._values import EXACT, Number, format_decimal, parse_number, to_decimal, trim

__all__ = ["Tolerance", "ToleranceKind"]


class ToleranceKind(enum.Enum):
    """How a tolerance's amount is read."""

    NONE = "none"
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


_ABSOLUTE_SUFFIX = re.compile(
    r"\s*(?:pt|pts|pp|ppt|points?|percentage\s+points?|units?)\s*$", re.IGNORECASE
)


def _amount(value: Number) -> Decimal:
    return to_decimal(value, field="tolerance amount")


@attrs.frozen(repr=False)
class Tolerance:
    """How far a value may miss its target and stay within a band.

    ```pycon
    >>> Tolerance.relative("10%").allowance(Decimal(43))
    Decimal('4.3')
    >>> Tolerance.absolute(5).allowance(Decimal(75))
    Decimal('5')
    >>> Tolerance.parse("5pt")
    Tolerance.parse('5pt')

    ```
    """

    kind: ToleranceKind
    amount: Decimal = attrs.field(default=Decimal(0), converter=_amount)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.kind, ToleranceKind):
            raise InvalidToleranceError(
                f"Invalid tolerance kind {self.kind!r}: expected a ToleranceKind"
            )
        if self.amount < 0:
            raise InvalidToleranceError(
                f"Invalid tolerance amount {format_decimal(self.amount)}: expected zero or more"
            )
        if self.kind is ToleranceKind.NONE and self.amount != 0:
            raise InvalidToleranceError(
                f"Invalid tolerance amount {format_decimal(self.amount)}: "
                "a 'none' tolerance has no amount"
            )

    @classmethod
    def relative(cls, percent: Number) -> Tolerance:
        """A percentage of the target: ``relative("10%")`` or ``relative(10)`` is 10%.

        Note that ``relative(0.1)`` is a tenth of one percent, not 10%.
        """
        if isinstance(percent, str):
            try:
                number, _ = parse_number(percent, field="relative tolerance")
            except InvalidValueError as exc:
                raise InvalidToleranceError(str(exc)) from exc
            return cls(ToleranceKind.RELATIVE, number)
        return cls(ToleranceKind.RELATIVE, percent)

    @classmethod
    def absolute(cls, amount: Number) -> Tolerance:
        """A number of the target's units: ``absolute(5)`` on a 75% target is 5 points."""
        if isinstance(amount, str):
            amount = _ABSOLUTE_SUFFIX.sub("", amount)
        try:
            return cls(ToleranceKind.ABSOLUTE, amount)
        except InvalidValueError as exc:
            raise InvalidToleranceError(str(exc)) from exc

    @classmethod
    def none(cls) -> Tolerance:
        """No tolerance: a value either meets its target or misses it."""
        return cls(ToleranceKind.NONE)

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """Read ``"10%"`` (relative), ``"5pt"`` or ``"5 points"`` (absolute), or ``"none"``.

        A bare number is ambiguous and rejected.
        """
        if not isinstance(text, str):
            raise InvalidToleranceError(
                f"Invalid tolerance {text!r} ({type(text).__name__}): expected text such as "
                "'10%', '5pt' or 'none'"
            )
        stripped = text.strip()
        if stripped.casefold() in {"none", "no tolerance", "0"}:
            return cls.none()
        try:
            if stripped.endswith("%"):
                return cls.relative(stripped)
            if _ABSOLUTE_SUFFIX.search(stripped):
                return cls.absolute(stripped)
        except KpiragError as exc:
            raise InvalidToleranceError(f"Invalid tolerance {text!r}: {exc}") from exc
        raise InvalidToleranceError(
            f"Invalid tolerance {text!r}: expected a relative tolerance such as '10%', "
            "an absolute one such as '5pt', or 'none'"
        )

    def allowance(self, reference: Decimal) -> Decimal:
        """How far a value may miss ``reference`` (a target value) and stay within."""
        if self.kind is ToleranceKind.RELATIVE:
            with localcontext(EXACT):
                return trim(abs(reference) * self.amount.scaleb(-2))
        if self.kind is ToleranceKind.ABSOLUTE:
            return self.amount
        return Decimal(0)

    def same_kind_as(self, other: Tolerance) -> bool:
        """Whether the two amounts are comparable (both relative or both absolute)."""
        return self.kind is other.kind

    def __str__(self) -> str:
        if self.kind is ToleranceKind.RELATIVE:
            return f"{format_decimal(self.amount)}%"
        if self.kind is ToleranceKind.ABSOLUTE:
            return f"{format_decimal(self.amount)}pt"
        return "none"

    def __repr__(self) -> str:
        return f"Tolerance.parse({str(self)!r})"
