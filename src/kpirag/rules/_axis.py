"""The value axis of a prepared rule: cut at exact boundaries into regions, each with a status.

A target and a scheme cut the axis at the target (each end of a range) and at
every step's tolerance edge; each boundary says whether its own value belongs
to the region above it. A trend-aware scheme cuts one axis per direction of
travel. ``Region`` is the public view of one stretch, for compilers.
"""

from __future__ import annotations

import enum
import functools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from decimal import ROUND_CEILING, Decimal, localcontext
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from kpirag._validate import _ChoiceType, brief, counted, member, wrong_type
from kpirag.rules._scheme import EdgeSide, Scheme, Step
from kpirag.rules._status import Status
from kpirag.rules._target import Direction, Operator, Target
from kpirag.rules._trend import Trend
from kpirag.rules._values import EXACT, exact_number, format_decimal, to_decimal

__all__ = ["EdgeTable", "Region", "TargetSide"]


class TargetSide(enum.StrEnum, metaclass=_ChoiceType):
    """Which side of the target an edge (or a value) lies on.

    The members equal the text ``"below"`` and ``"above"``, as ``Edge.side`` was before.
    """

    BELOW = "below"
    ABOVE = "above"

    @classmethod
    def _missing_(cls, value: object) -> TargetSide:
        """A lookup by value that names no member raises our error, not ``ValueError``."""
        return member(cls, value, "edge side of the target", "'below' or 'above'", None)


def target_side(value: TargetSide | str) -> TargetSide:
    return member(TargetSide, value, "edge side of the target", "'below' or 'above'", None)


def edges_on_side(
    scheme: Scheme, reference: Decimal, side: TargetSide, trend: Trend | None = None
) -> tuple[tuple[int, Step, Decimal], ...]:
    """Each step for ``trend`` with a non-empty band, its position and its edge, nearest first."""
    result = []
    for position, step in enumerate(scheme.steps):
        if not step.holds_for(trend):
            continue
        allowance = step.within.allowance(reference)
        if allowance > 0:
            with localcontext(EXACT):
                edge = reference - allowance if side is TargetSide.BELOW else reference + allowance
            result.append((position, step, edge))
    return tuple(result)


MET = -1
BEYOND = -2
BEYOND_BY_TREND = -3
NO_PREVIOUS = -4
"""What decided a region, besides a step's position in ``Scheme.steps``."""


@attrs.frozen
class Axis:
    """The value axis cut at ``bounds``; ``owns[i]``: bound i belongs to the region above."""

    bounds: tuple[Decimal, ...]
    owns: tuple[bool, ...]
    statuses: tuple[Status, ...]
    sources: tuple[int, ...]

    def index(self, number: Decimal | Fraction) -> int:
        """The region ``number`` lies in."""
        index = bisect_left(self.bounds, number)
        while index < len(self.bounds) and self.bounds[index] == number and self.owns[index]:
            index += 1
        return index

    def status(self, number: Decimal | Fraction) -> Status:
        """The status of ``number``."""
        return self.statuses[self.index(number)]

    def table(self, kind: Kind) -> EdgeTable:
        """The axis as float (or integer) edges, each status worked out exactly.

        Rounding a decimal to the nearest float is monotone, so a float strictly
        between the float copies of two consecutive boundaries reads as a decimal
        strictly between them, where the status is constant: one status per open
        interval between distinct copies, one per copy. Integers are cut at the
        boundaries' ceilings the same way.
        """
        exact: Callable[[float], Decimal] = to_decimal
        if kind == "float":
            copies = {float(bound) for bound in self.bounds}
            edges: list[float] = sorted(copy for copy in copies if math.isfinite(copy))
            inside = _float_inside
        else:
            ceilings = {
                int(bound.to_integral_value(rounding=ROUND_CEILING)) for bound in self.bounds
            }
            edges = sorted(edge for edge in ceilings if _INT64_MIN < edge <= _INT64_MAX)
            inside, exact = _int_inside, Decimal
        if not edges:  # every boundary is beyond the representable values: one region
            only = self.status(Decimal(0))
            return EdgeTable((0,) if kind == "int" else (0.0,), (only,), (only,), only)
        at = tuple(self.status(exact(edge)) for edge in edges)
        regions: list[Status] = []
        for index, (low, high) in enumerate(
            zip([-math.inf, *edges], [*edges, math.inf], strict=True)
        ):
            point = inside(low, high)
            # An empty interval never decides a value; borrow a neighbour's status.
            regions.append(
                self.status(exact(point)) if point is not None else at[min(index, len(at) - 1)]
            )
        return EdgeTable(tuple(edges), tuple(regions[:-1]), at, regions[-1])


Kind: TypeAlias = Literal["float", "int"]
"""The column type an ``EdgeTable`` is cut for."""

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _float_inside(low: float, high: float) -> float | None:
    """A finite float strictly between ``low`` and ``high`` (either may be infinite)."""
    candidate = (
        math.nextafter(high, -math.inf) if math.isfinite(high) else math.nextafter(low, high)
    )
    return candidate if math.isfinite(candidate) and low < candidate < high else None


def _int_inside(low: float, high: float) -> int | None:
    candidate = int(high) - 1 if math.isfinite(high) else int(low) + 1
    return candidate if low < candidate < high else None


@attrs.frozen
class EdgeTable:
    """A rule as edges on a float (or integer) axis and the exact status around each.

    A value ``x`` below ``edges[0]`` gets ``below[0]``; equal to ``edges[i]``
    gets ``at[i]``; strictly between ``edges[i-1]`` and ``edges[i]`` gets
    ``below[i]``; above the last edge gets ``last``. A data-frame engine needs
    only comparisons with the edges (see ``Classifier.table``).

    ```pycon
    >>> from kpirag import Classifier
    >>> table = Classifier.prepare(">=42%", "10%").table("float")
    >>> table.edges
    (37.8, 42.0)
    >>> [str(s) for s in table.below], [str(s) for s in table.at], str(table.last)
    (['Red', 'Amber'], ['Amber', 'Green'], 'Green')

    ```

    Attributes:
        edges: distinct, ascending float (or integer) edges.
        below: the status strictly below each edge (and above the previous one).
        at: the status of a value equal to each edge.
        last: the status above the last edge.
    """

    edges: tuple[float, ...] | tuple[int, ...]
    below: tuple[Status, ...]
    at: tuple[Status, ...]
    last: Status

    def __repr__(self) -> str:
        if not self.edges:
            return f"EdgeTable(no edges: {self.last.label})"
        span = (
            f"{self.edges[0]!r}"
            if len(self.edges) == 1
            else f"{self.edges[0]!r} to {self.edges[-1]!r}"
        )
        return f"EdgeTable({counted(len(self.edges), 'edge')}, {brief(span, 60)})"

    def status(self, value: float) -> Status:
        """The status this table gives ``value`` (what a frame engine computes)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong_type("value", value, "a float or an int")
        for edge, below, at in zip(self.edges, self.below, self.at, strict=True):
            if value < edge:
                return below
            if value == edge:
                return at
        return self.last


@attrs.frozen
class Region:
    """One stretch of the value axis and the status every value in it gets.

    ``Classifier.regions`` lists them in ascending order; together they cover
    every number exactly once. The ends are exact Decimals (``None`` for no end),
    so a compiler can turn a rule into comparisons (a data-frame ``when/then``
    chain) and agree with ``classify`` on every value.

    Attributes:
        low: the lower end, or ``None`` for no lower end.
        high: the upper end, or ``None`` for no upper end.
        low_included: whether ``low`` itself is in the region.
        high_included: whether ``high`` itself is in the region.
        status: the status of every value in the region.

    ```pycon
    >>> for region in Classifier.prepare("<43", "10%").regions:
    ...     print(region)
    (-inf, 43) Green
    [43, 47.3] Amber
    (47.3, +inf) Red
    >>> Decimal("47.3") in Classifier.prepare("<43", "10%").regions[1]
    True

    ```
    """

    low: Decimal | None
    high: Decimal | None
    low_included: bool
    high_included: bool
    status: Status

    def __contains__(self, value: object) -> bool:
        """Whether ``value`` (a number, compared exactly) lies in the region."""
        number = exact_number(value, "value") if isinstance(value, Decimal | Fraction) else None
        number = to_decimal(value) if number is None else number
        if self.low is not None and (
            number < self.low or (number == self.low and not self.low_included)
        ):
            return False
        return self.high is None or not (
            number > self.high or (number == self.high and not self.high_included)
        )

    def __str__(self) -> str:
        low = "-inf" if self.low is None else format_decimal(self.low)
        high = "+inf" if self.high is None else format_decimal(self.high)
        opening = "[" if self.low_included else "("
        closing = "]" if self.high_included else ")"
        return f"{opening}{low}, {high}{closing} {self.status}"


def regions_of(axis: Axis) -> tuple[Region, ...]:
    """The regions between ``axis.bounds``, empty ones dropped and equal neighbours merged."""
    bounds, owns, statuses = axis.bounds, axis.owns, axis.statuses
    regions: list[Region] = []
    for index, status in enumerate(statuses):
        low = bounds[index - 1] if index > 0 else None
        high = bounds[index] if index < len(bounds) else None
        low_included = index > 0 and owns[index - 1]
        high_included = index < len(bounds) and not owns[index]
        if low is not None and low == high and not (low_included and high_included):
            continue  # an empty stretch between two equal bounds
        if regions and regions[-1].status == status:
            regions[-1] = attrs.evolve(regions[-1], high=high, high_included=high_included)
        else:
            regions.append(Region(low, high, low_included, high_included, status))
    return tuple(regions)


def float_comparisons(
    bounds: Sequence[float], regions: Sequence[Status]
) -> Callable[[float], Status]:
    """A function placing a float among float boundaries with plain comparisons.

    A value equal to a boundary goes above it; callers classify such values
    exactly instead. Written out for up to four boundaries (every standard
    scheme), since a chain of comparisons is what a hand-written rule costs.
    """
    count = len(bounds)
    if count == 1:
        (b0,), (r0, r1) = bounds, regions

        def one(value: float) -> Status:
            return r0 if value < b0 else r1

        return one
    if count == 2:  # noqa: PLR2004
        (b0, b1), (r0, r1, r2) = bounds, regions

        def two(value: float) -> Status:
            if value < b0:
                return r0
            if value < b1:
                return r1
            return r2

        return two
    if count == 4:  # noqa: PLR2004
        (b0, b1, b2, b3), (r0, r1, r2, r3, r4) = bounds, regions

        def four(value: float) -> Status:
            if value < b1:
                return r0 if value < b0 else r1
            if value < b2:
                return r2
            return r3 if value < b3 else r4

        return four
    search = functools.partial(bisect_right, list(bounds))

    def any_count(value: float) -> Status:
        return regions[search(value)]

    return any_count


TRENDS = tuple(Trend)


def build_axis(target: Target, scheme: Scheme, trend: Trend | None) -> Axis:
    """The axis for a value that moved ``trend`` (``None``: steps that need no trend).

    Each boundary says whether its own value belongs to the region above it: a
    target's edge by its operator, a step's edge by the step's edge side.
    """
    low, high = target.bounds
    beyond = scheme.beyond_for(trend)
    beyond_source = BEYOND if trend is None or beyond is scheme.beyond else BEYOND_BY_TREND
    if trend is not None and trend not in dict(scheme.beyond_by_trend):
        beyond_source = BEYOND
    cuts: list[tuple[Decimal, bool]] = []
    regions: list[tuple[Status, int]] = []
    if target.better is not Direction.LOWER:
        # Below the (lower) target: beyond, the widest step ... the narrowest step.
        regions.append((beyond, beyond_source))
        for position, step, edge in reversed(edges_on_side(scheme, low, TargetSide.BELOW, trend)):
            cuts.append((edge, step.edge_side is EdgeSide.INCLUSIVE))
            regions.append((step.status, position))
        cuts.append((low, target.operator is not Operator.MORE_THAN))
    regions.append((scheme.met, MET))
    if target.better is not Direction.HIGHER:
        cuts.append((high, target.operator is Operator.LESS_THAN))
        for position, step, edge in edges_on_side(scheme, high, TargetSide.ABOVE, trend):
            regions.append((step.status, position))
            cuts.append((edge, step.edge_side is EdgeSide.EXCLUSIVE))
        regions.append((beyond, beyond_source))
    return _axis(cuts, regions)


def _axis(cuts: Sequence[tuple[Decimal, bool]], regions: Sequence[tuple[Status, int]]) -> Axis:
    """The axis cut at ``(bound, owns)`` pairs into ``(status, source)`` regions."""
    return Axis(
        tuple(bound for bound, _ in cuts),
        tuple(owns for _, owns in cuts),
        tuple(status for status, _ in regions),
        tuple(source for _, source in regions),
    )


def merged(axes: Sequence[Axis], status: Status) -> Axis:
    """One axis: where every axis agrees, their status; elsewhere ``status``."""
    cuts = sorted(set().union(*(axis.bounds for axis in axes)))
    pieces: list[tuple[Status, int]] = []

    def piece(number: Decimal) -> tuple[Status, int]:
        found = {(axis.status(number), axis.sources[axis.index(number)]) for axis in axes}
        statuses = {found_status for found_status, _ in found}
        if len(statuses) > 1:
            return status, NO_PREVIOUS
        return min(found, key=lambda pair: pair[1])

    with localcontext(EXACT):
        for index, cut in enumerate(cuts):
            before = cut - 1 if index == 0 else (cuts[index - 1] + cut) / 2
            pieces += [piece(before), piece(cut)]
        pieces.append(piece(cuts[-1] + 1))
    # Bounds twice each: the open stretch below, the point itself, and so on.
    cuts_twice = [(cut, owns) for cut in cuts for owns in (True, False)]
    # Drop each bound whose two sides agree.
    kept_cuts: list[tuple[Decimal, bool]] = []
    kept: list[tuple[Status, int]] = [pieces[0]]
    for bound_owned, after in zip(cuts_twice, pieces[1:], strict=True):
        if after != kept[-1]:
            kept_cuts.append(bound_owned)
            kept.append(after)
    return _axis(kept_cuts, kept)
