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
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

import attrs

from kpirag._validate import _ChoiceType, as_tuple, iterable, key_path, member, of, wrong_type
from kpirag.errors import InvalidSchemeError
from kpirag.rules._status import Scale, Status
from kpirag.rules._tolerance import Tolerance, ToleranceKind
from kpirag.rules._trend import Trend
from kpirag.rules._values import EXACT, exact_number

__all__ = ["EdgeSide", "Scheme", "Step"]


class EdgeSide(enum.Enum, metaclass=_ChoiceType):
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
    def _missing_(cls, value: object) -> EdgeSide:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        return cls.parse(value)  # type: ignore[arg-type]

    @classmethod
    def parse(cls, text: EdgeSide | str) -> EdgeSide:
        """Read ``"inclusive"`` or ``"exclusive"`` (any case), or an ``EdgeSide``."""
        return member(cls, text, "edge side", "'inclusive' or 'exclusive'", InvalidSchemeError)

    def holds(self, distance: Decimal | Fraction | int, limit: Decimal | Fraction | int) -> bool:
        """Whether ``distance`` is inside a band that reaches ``limit`` with this edge side."""
        distance = exact_number(distance, "distance")
        limit = exact_number(limit, "limit")
        return distance <= limit if self is EdgeSide.INCLUSIVE else distance < limit


def _edge_side(value: EdgeSide | str) -> EdgeSide:
    return EdgeSide.parse(value)


def _trends(value: object) -> frozenset[Trend] | None:
    """A step's trend condition: ``None`` (any trend) or the set of trends it holds for."""
    if value is None:
        return None
    if isinstance(value, Trend | str):
        trends = frozenset({Trend.parse(value)})
    else:
        trends = frozenset(Trend.parse(item) for item in iterable(value, "trend"))
    if not trends:
        raise InvalidSchemeError(field="trend", value=value, expected="at least one trend")
    return None if len(trends) == len(Trend) else trends


def _trend_words(trends: frozenset[Trend]) -> str:
    return " or ".join(str(trend) for trend in Trend if trend in trends)


@attrs.frozen(repr=False, cache_hash=True)
class Step:
    """A band of shortfall: missing the target by no more than ``within`` gives ``status``.

    Attributes:
        within: how far a value may miss its target and be in this step.
        status: the status of a value in this step.
        edge_side: whether a value missing by exactly ``within`` is in this step
            (``INCLUSIVE``, the default) or beyond it (``EXCLUSIVE``); text is
            accepted too.
        trend: ``None`` (the default: the step holds whatever the direction of
            travel), or the trends it needs against the previous figure: a
            ``Trend``, its text (``"improved"``), or several of them. A step
            with a trend is skipped when the value moved otherwise.

    ```pycon
    >>> Step(Tolerance.relative(5), Status.AMBER, edge_side="exclusive")
    Amber within 5% (edge exclusive)
    >>> Step(Tolerance.relative(20), Status.AMBER, trend=["improved", "unchanged"])
    Amber within 20% if improved or unchanged

    ```
    """

    within: Tolerance = attrs.field(validator=of(Tolerance))
    status: Status = attrs.field(validator=of(Status))
    edge_side: EdgeSide = attrs.field(
        default=EdgeSide.INCLUSIVE, converter=_edge_side, kw_only=True
    )
    trend: frozenset[Trend] | None = attrs.field(default=None, converter=_trends, kw_only=True)

    def holds_for(self, trend: Trend | None) -> bool:
        """Whether the step applies to a value that moved ``trend`` (``None``: not known).

        A step without a trend condition always applies; one with a condition
        applies only to a trend it names.
        """
        if trend is not None and not isinstance(trend, Trend):
            raise wrong_type("trend", trend, "a Trend or None")
        return self.trend is None or (trend is not None and trend in self.trend)

    def __repr__(self) -> str:
        text = f"{self.status} within {self.within}"
        if self.edge_side is EdgeSide.EXCLUSIVE:
            text += " (edge exclusive)"
        if self.trend is not None:
            text += f" if {_trend_words(self.trend)}"
        return text


def _rated_status(status: object, field: str) -> Status:
    if not isinstance(status, Status):
        raise wrong_type(field, status, "a rated Status")
    if not status.rated:
        raise InvalidSchemeError(field=field, value=status, expected="a rated Status")
    return status


def _rated(_instance: object, attribute: attrs.Attribute[Status], status: object) -> None:
    _rated_status(status, f"scheme {attribute.name} status")


def _steps(steps: Iterable[Step]) -> tuple[Step, ...]:
    return as_tuple(steps, Step, "steps")


def _beyond_by_trend(value: object) -> tuple[tuple[Trend, Status], ...]:
    """``{Trend: Status}`` (or pairs) as a tuple of pairs in ``Trend`` order."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        pairs = []
        for pair in iterable(value, "beyond_by_trend"):
            if not isinstance(pair, tuple) or len(pair) != 2:  # noqa: PLR2004 - a pair
                raise wrong_type("beyond_by_trend item", pair, "a (Trend, Status) pair")
            pairs.append(pair)
    found: dict[Trend, Status] = {}
    for trend, status in pairs:
        found[Trend.parse(trend)] = _rated_status(status, "beyond_by_trend status")
    return tuple((trend, found[trend]) for trend in Trend if trend in found)


def _no_previous(value: object) -> Trend | Status | None:
    if value is None or isinstance(value, Status | Trend):
        return value
    if isinstance(value, str):
        return Trend.parse(value)
    raise wrong_type("when_no_previous", value, "a Trend, a Status or None")


@attrs.frozen(repr=False, cache_hash=True)
class Scheme:
    """Maps how far a value misses its target (and, optionally, how it moved) to a status.

    Attributes:
        met: the status of a value that meets its target.
        steps: bands of growing tolerance, each with its status; a value that
            misses by no more than a step's allowance gets the first such
            step that applies to its trend. Steps are all relative or all
            absolute; for each trend, the steps that apply have strictly growing
            amounts and statuses that never get better.
        beyond: the status of a value beyond every step.
        beyond_by_trend: the status beyond every step for a value that moved
            a given way, instead of ``beyond`` (``{Trend.IMPROVED: Status.AMBER}``
            for "beyond 10% but improved is Amber").
        when_no_previous: what a trend-aware scheme does for a value without a
            previous figure, where its status depends on the direction of
            travel: ``None`` (the default) skips whatever needs a trend (steps
            with a trend condition and ``beyond_by_trend``); a ``Trend`` counts
            the value as having moved that way; a ``Status`` (``Status.NOT_RATED``
            included) is the status given.

    A better direction of travel never gets a worse status: the scheme is
    refused if, at any distance from the target, improving would rate worse
    than staying unchanged, or staying unchanged worse than getting worse.

    ```pycon
    >>> council = Scheme(
    ...     Status.GREEN,
    ...     [Step(Tolerance.relative(10), Status.AMBER)],
    ...     Status.RED,
    ...     beyond_by_trend={Trend.IMPROVED: Status.AMBER},
    ... )
    >>> council
    Scheme(met=Green, steps=[Amber within 10%], beyond=Red, beyond if improved=Amber)
    >>> classify(80, ">=100", council, previous=75), classify(80, ">=100", council, previous=85)
    (<Status Amber (RAG)>, <Status Red (RAG)>)

    ```
    """

    met: Status = attrs.field(default=Status.GREEN, validator=_rated)
    steps: tuple[Step, ...] = attrs.field(default=(), converter=_steps)
    beyond: Status = attrs.field(default=Status.RED, validator=_rated)
    beyond_by_trend: tuple[tuple[Trend, Status], ...] = attrs.field(
        default=(), converter=_beyond_by_trend, kw_only=True
    )
    when_no_previous: Trend | Status | None = attrs.field(
        default=None, converter=_no_previous, kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        statuses = [
            self.met,
            *(step.status for step in self.steps),
            self.beyond,
            *(status for _, status in self.beyond_by_trend),
        ]
        if isinstance(self.when_no_previous, Status) and self.when_no_previous.rated:
            statuses.append(self.when_no_previous)
        if len({status.scale for status in statuses}) != 1:
            raise InvalidSchemeError(
                "all must belong to one scale", field="scheme statuses", value=statuses
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
        for trend in self._trends:
            self._check_chain(trend)
        if self.trend_aware:
            self._check_trend_order()

    @property
    def _trends(self) -> tuple[Trend | None, ...]:
        return tuple(Trend) if self.trend_aware else (None,)

    def _check_chain(self, trend: Trend | None) -> None:
        steps = self.steps_for(trend)
        chain = [self.met, *(step.status for step in steps), self.beyond_for(trend)]
        if any(later < earlier for earlier, later in itertools.pairwise(chain)):
            raise InvalidSchemeError(
                "a larger miss must never get a better status"
                + ("" if trend is None else f" (for a value that {_moved(trend)})"),
                field="scheme statuses",
                value=chain,
            )
        for earlier, later in itertools.pairwise(steps):
            if later.within.amount <= earlier.within.amount:
                raise InvalidSchemeError(
                    "tolerances must strictly grow", field="scheme steps", value=(earlier, later)
                )

    def _check_trend_order(self) -> None:
        amounts = sorted({step.within.amount for step in self.steps})
        with localcontext(EXACT):  # exact probes, whatever the caller's context
            probes = [Decimal(0), *amounts, amounts[-1] + 1] if amounts else [Decimal(0)]
            probes += [(low + high) / 2 for low, high in itertools.pairwise(probes)]
        for probe, zero in itertools.product(probes, (False, True)):
            chain = [self.status_at(probe, trend, zero_reference=zero) for trend in Trend]
            if any(later < earlier for earlier, later in itertools.pairwise(chain)):
                raise InvalidSchemeError(
                    "a better direction of travel must never get a worse status "
                    f"(improved, unchanged, worse give {', '.join(map(str, chain))})",
                    field="scheme",
                    value=self,
                )

    @property
    def trend_aware(self) -> bool:
        """Whether any step or ``beyond_by_trend`` depends on the direction of travel."""
        return bool(self.beyond_by_trend) or any(step.trend is not None for step in self.steps)

    def steps_for(self, trend: Trend | None) -> tuple[Step, ...]:
        """The steps that apply to a value that moved ``trend`` (``None``: not known)."""
        return tuple(step for step in self.steps if step.holds_for(trend))

    def beyond_for(self, trend: Trend | None) -> Status:
        """The status beyond every step for a value that moved ``trend`` (``None``: not known)."""
        if trend is not None and not isinstance(trend, Trend):
            raise wrong_type("trend", trend, "a Trend or None")
        return dict(self.beyond_by_trend).get(trend, self.beyond) if trend else self.beyond

    def status_at(
        self, miss: Decimal | Fraction | int, trend: Trend | None, *, zero_reference: bool = False
    ) -> Status:
        """The status of a value missing its target by ``miss`` (in the steps' own units).

        ``miss`` is a percentage of the target for relative steps, a number of
        units for absolute ones; zero is a miss by nothing (a strict target
        equalled). ``zero_reference`` says the target is zero, where relative
        steps have no band.
        """
        miss = exact_number(miss, "miss")
        if not isinstance(zero_reference, bool):
            raise wrong_type("zero_reference", zero_reference, "True or False")
        for step in self.steps_for(trend):
            if zero_reference and step.within.kind is ToleranceKind.RELATIVE:
                continue
            if step.within.amount > 0 and step.edge_side.holds(miss, step.within.amount):
                return step.status
        return self.beyond_for(trend)

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
    def pass_fail(cls, scale: Scale | None = None) -> Scheme:
        """Met or not, on a two-level scale: ``scale.best`` when met, ``scale.worst`` otherwise.

        ```pycon
        >>> [str(classify(v, "85%", Scheme.pass_fail(Scale.achieved()))) for v in (85, 84.9)]
        ['Achieved', 'Not achieved']

        ```
        """
        scale = Scale.achieved() if scale is None else scale
        if not isinstance(scale, Scale):
            raise wrong_type("scale", scale, "a Scale")
        return cls(scale.best, (), scale.worst)

    @classmethod
    def from_dict(
        cls,
        data: Mapping[str, object],
        *,
        scales: Mapping[str, Scale] | None = None,
        path: Sequence[str | int] = (),
    ) -> Scheme:
        """A scheme from plain data, as a TOML rules file holds it.

        Keys: ``scale`` (a preset name, a name in ``scales``, or a scale table;
        ``"rag"`` by default), then either ``tolerance`` (``"10%"``: the scale's
        best when met, its second level within, its worst beyond) or ``met``,
        ``steps`` and ``beyond`` (status labels of the scale; best and worst by
        default), each step a table of ``within``, ``status`` and optional
        ``edge`` (``"inclusive"``/``"exclusive"``) and ``trend`` (a trend or a
        list); optional ``beyond_by_trend`` (``{improved = "Amber"}``) and
        ``when_no_previous`` (``"ignore"``, a trend, or a status label).

        Raises:
            InvalidRulesError: listing every bad entry with its key path.

        ```pycon
        >>> Scheme.from_dict(
        ...     {
        ...         "steps": [{"within": "10%", "status": "amber"}],
        ...         "beyond_by_trend": {"improved": "Amber"},
        ...     }
        ... )
        Scheme(met=Green, steps=[Amber within 10%], beyond=Red, beyond if improved=Amber)
        >>> Scheme.from_dict({"steps": [{"within": "ten", "status": "Purple"}]})
        Traceback (most recent call last):
        ...
        kpirag.errors.InvalidRulesError: 2 problems in the rules
          steps[0].within: expected a relative tolerance such as '10%', an absolute one ...
          steps[0].status: expected one of 'Green', 'Amber', 'Red', 'N/A' on the RAG scale ...

        ```
        """
        from kpirag.rules._plain import scheme_from_dict  # noqa: PLC0415 - it builds on Scheme

        if scales is not None and not isinstance(scales, Mapping):
            raise wrong_type("scales", scales, "a mapping of names to Scales")
        return scheme_from_dict(data, key_path(path), scales)

    @classmethod
    def city_of_london(cls) -> Scheme:
        """The City of London convention: Green met, Amber within -10% of target, Red beyond."""
        return cls.standard(Tolerance.relative(10))

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Every status the scheme can give, best first, without repeats."""
        seen: list[Status] = []
        for status in (
            self.met,
            *(step.status for step in self.steps),
            self.beyond,
            *(status for _, status in self.beyond_by_trend),
        ):
            if status not in seen:
                seen.append(status)
        return tuple(seen)

    def __repr__(self) -> str:
        steps = ", ".join(repr(step) for step in self.steps)
        text = f"Scheme(met={self.met}, steps=[{steps}], beyond={self.beyond}"
        for trend, status in self.beyond_by_trend:
            text += f", beyond if {trend}={status}"
        if self.when_no_previous is not None:
            text += f", when_no_previous={self.when_no_previous}"
        return text + ")"


def _moved(trend: Trend) -> str:
    return {Trend.IMPROVED: "improved", Trend.UNCHANGED: "is unchanged", Trend.WORSE: "got worse"}[
        trend
    ]
