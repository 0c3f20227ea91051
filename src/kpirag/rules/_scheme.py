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

import itertools
from collections.abc import Iterable

import attrs

from kpirag._validate import as_tuple, of, wrong_type
from kpirag.errors import InvalidSchemeError
from kpirag.rules._status import Status
from kpirag.rules._tolerance import Tolerance, ToleranceKind

__all__ = ["Scheme", "Step"]


@attrs.frozen(repr=False)
class Step:
    """A band of shortfall: missing the target by no more than ``within`` gives ``status``."""

    within: Tolerance = attrs.field(validator=of(Tolerance))
    status: Status = attrs.field(validator=of(Status))

    def __repr__(self) -> str:
        return f"{self.status} within {self.within}"


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
