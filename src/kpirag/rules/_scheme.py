"""Classification schemes: which status a value gets for how far it misses its target.

A ``Scheme`` says which status a met target gets, then lists
``Step`` s of growing tolerance, each with its status, and the status for
a value beyond the last step. The standard scheme is Green while met, Amber
within the tolerance, Red beyond:

```pycon
>>> Scheme.standard(Tolerance.relative(10))
Scheme(met=Green, steps=[Amber within 10%], beyond=Red)

```

Schemes can use any ``Scale``, and several steps:

```pycon
>>> Scheme(
...     met=Status.GREEN,
...     steps=[
...         Step(Tolerance.relative(10), Status.GREEN),
...         Step(Tolerance.relative(20), Status.AMBER),
...     ],
...     beyond=Status.RED,
... )
Scheme(met=Green, steps=[Green within 10%, Amber within 20%], beyond=Red)

```
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from kpirag._validate import as_tuple, of, wrong_type
from kpirag.errors import InvalidSchemeError
from kpirag.rules._status import Status
from kpirag.rules._tolerance import Tolerance, ToleranceKind

__all__ = ["EdgeSide", "Scheme", "Step"]


class EdgeSide(enum.Enum):
    """Whether the value exactly on a band's edge belongs to that band.

    A step (or a budget threshold) states a band: "Amber within 10%" or "Red
    at 5% or more". ``INCLUSIVE`` puts the edge value in that band, which is
    the default everywhere ("within 10%" includes 10%). ``EXCLUSIVE`` puts it
    in the band beyond the edge: "Red: an overspend of 5% or more" makes the
    Amber step's 5% edge exclusive, so 5% exactly is Red.

    ```pycon
    >>> EdgeSide.parse("Exclusive")
    <EdgeSide.EXCLUSIVE: 'exclusive'>
    >>> EdgeSide.INCLUSIVE.holds(10, 10), EdgeSide.EXCLUSIVE.holds(10, 10)
    (True, False)

    ```
    """

    INCLUSIVE = "inclusive"
    EXCLUSIVE = "exclusive"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: EdgeSide | str) -> EdgeSide:
        """Read ``"inclusive"`` or ``"exclusive"`` (any case), or an ``EdgeSide``."""
        if isinstance(text, EdgeSide):
            return text
        if not isinstance(text, str):
            raise wrong_type("edge side", text, "'inclusive' or 'exclusive'")
        wanted = text.strip().casefold()
        for member in cls:
            if wanted == member.value:
                return member
        raise InvalidSchemeError(
            field="edge side", value=text, expected="'inclusive' or 'exclusive'"
        )

    def holds(self, distance: Decimal | Fraction | int, limit: Decimal | Fraction | int) -> bool:
        """Whether ``distance`` is inside a band that reaches ``limit`` with this edge side."""
        for name, number in (("distance", distance), ("limit", limit)):
            if isinstance(number, bool) or not isinstance(number, Decimal | Fraction | int):
                raise wrong_type(name, number, "an int, Decimal or Fraction")
        return distance <= limit if self is EdgeSide.INCLUSIVE else distance < limit


def _edge_side(value: EdgeSide | str) -> EdgeSide:
    return EdgeSide.parse(value)


@attrs.frozen(repr=False)
class Step:
    """A band of shortfall: missing the target by no more than ``within`` gives ``status``.

    Attributes:
        within: how far a value may miss its target and be in this step.
        status: the status of a value in this step.
        edge_side: whether a value missing by exactly ``within`` is in this step
            (``INCLUSIVE``, the default) or beyond it (``EXCLUSIVE``); text is
            accepted too.

    ```pycon
    >>> Step(Tolerance.relative(5), Status.AMBER, edge_side="exclusive")
    Amber within 5% (edge exclusive)

    ```
    """

    within: Tolerance = attrs.field(validator=of(Tolerance))
    status: Status = attrs.field(validator=of(Status))
    edge_side: EdgeSide = attrs.field(
        default=EdgeSide.INCLUSIVE, converter=_edge_side, kw_only=True
    )

    def __repr__(self) -> str:
        text = f"{self.status} within {self.within}"
        if self.edge_side is EdgeSide.EXCLUSIVE:
            text += " (edge exclusive)"
        return text


def _rated(_instance: object, attribute: attrs.Attribute[Status], status: object) -> None:
    if not isinstance(status, Status):
        raise wrong_type(f"scheme {attribute.name} status", status, "a rated Status")
    if not status.rated:
        raise InvalidSchemeError(
            field=f"scheme {attribute.name} status", value=status, expected="a rated Status"
        )


def _steps(steps: Iterable[Step]) -> tuple[Step, ...]:
    return as_tuple(steps, Step, "steps")


@attrs.frozen(repr=False)
class Scheme:
    """Maps how far a value misses its target to a status.

    Attributes:
        met: the status of a value that meets its target.
        steps: bands of growing tolerance, each with its status; a value that
            misses by no more than a step's allowance gets the first such
            step's status. Steps are all relative or all absolute, with strictly
            growing amounts and statuses that never get better.
        beyond: the status of a value beyond every step.
    """

    met: Status = attrs.field(default=Status.GREEN, validator=_rated)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)
    beyond: Status = attrs.field(default=Status.RED, validator=_rated)

    def __attrs_post_init__(self) -> None:
        statuses = [self.met, *(step.status for step in self.steps), self.beyond]
        if len({status.scale for status in statuses}) != 1:
            raise InvalidSchemeError(
                "all must belong to one scale", field="scheme statuses", value=statuses
            )
        if any(later < earlier for earlier, later in itertools.pairwise(statuses)):
            raise InvalidSchemeError(
                "a larger miss must never get a better status",
                field="scheme statuses",
                value=statuses,
            )
        for step in self.steps:
            if step.within.kind is ToleranceKind.NONE:
                raise InvalidSchemeError(
                    field="scheme step", value=step, expected="a relative or absolute tolerance"
                )
        for earlier, later in itertools.pairwise(self.steps):
            if not earlier.within.same_kind_as(later.within):
                raise InvalidSchemeError(
                    "steps must all be relative or all absolute",
                    field="scheme steps",
                    value=(earlier, later),
                )
            if later.within.amount <= earlier.within.amount:
                raise InvalidSchemeError(
                    "tolerances must strictly grow", field="scheme steps", value=(earlier, later)
                )

    @classmethod
    def standard(cls, tolerance: Tolerance | str) -> Scheme:
        """Green when met, Amber within ``tolerance``, Red beyond (met or Red with none).

        ``tolerance`` is a ``Tolerance`` or tolerance text (``"10%"``, ``"5pt"``, ``"none"``).
        """
        if isinstance(tolerance, str):
            tolerance = Tolerance.parse(tolerance)
        if not isinstance(tolerance, Tolerance):
            raise wrong_type("tolerance", tolerance, "a Tolerance or tolerance text such as '10%'")
        if tolerance.kind is ToleranceKind.NONE:
            return cls(Status.GREEN, (), Status.RED)
        return cls(Status.GREEN, (Step(tolerance, Status.AMBER),), Status.RED)

    @classmethod
    def city_of_london(cls) -> Scheme:
        """The City of London convention: Green met, Amber within -10% of target, Red beyond."""
        return cls.standard(Tolerance.relative(10))

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Every status the scheme can give, best first, without repeats."""
        seen: list[Status] = []
        for status in (self.met, *(step.status for step in self.steps), self.beyond):
            if status not in seen:
                seen.append(status)
        return tuple(seen)

    def __repr__(self) -> str:
        steps = ", ".join(repr(step) for step in self.steps)
        return f"Scheme(met={self.met}, steps=[{steps}], beyond={self.beyond})"
