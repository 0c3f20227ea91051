"""Rules compiled to small tables of edges, so that a data frame engine can classify.

A prepared rule cuts the value axis at exact Decimal boundaries ``b1 < ... < bk``.
A float ``x`` is read as the decimal it prints as, and rounding a decimal to the
nearest float is monotone, so for ``x`` strictly between the float copies of two
consecutive boundaries the decimal ``repr(x)`` lies strictly between the
boundaries themselves, where the status is constant. The exact status is
therefore one constant per open interval between distinct float copies, and one
per float copy itself; both are worked out once here, exactly, by the scalar
classifier. An integer column is cut the same way at the ceilings of the
boundaries. A data frame then needs only comparisons with these edges.

```pycon
>>> from kpirag import Classifier, Status
>>> table = compile_rule(Classifier.prepare(">=42%", "10%"), kind="float")
>>> table.edges
(37.8, 42.0)
>>> [str(s) for s in table.below], [str(s) for s in table.at], str(table.last)
(['Red', 'Amber'], ['Amber', 'Green'], 'Green')

```
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

import attrs

from kpirag.rules import Classifier, Status

__all__ = ["EdgeTable", "compile_rule"]

Kind = Literal["float", "int"]

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


_SHOWN_EDGES = 4
"""Edges an ``EdgeTable`` repr lists before an ellipsis."""


@attrs.frozen
class EdgeTable:
    """One rule as edges on a numeric axis and the exact status around each.

    A value ``x`` below ``edges[0]`` gets ``below[0]``; equal to ``edges[i]``
    gets ``at[i]``; strictly between ``edges[i-1]`` and ``edges[i]`` gets
    ``below[i]``; above the last edge gets ``last``.

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
        shown = self.edges[:_SHOWN_EDGES]
        edges = ", ".join(str(edge) for edge in shown) + ", …" * (len(self.edges) > len(shown))
        statuses = ", ".join(dict.fromkeys(str(status) for status in (*self.below, self.last)))
        return f"EdgeTable({len(self.edges)} edges [{edges}]: {statuses})"

    def status(self, value: float) -> Status:
        """The status this table gives ``value`` (what a frame engine computes)."""
        for edge, below, at in zip(self.edges, self.below, self.at, strict=True):
            if value < edge:
                return below
            if value == edge:
                return at
        return self.last


def _float_edges(boundaries: tuple[Decimal, ...]) -> list[float]:
    copies = {float(bound) for bound in boundaries}
    return sorted(copy for copy in copies if math.isfinite(copy))


def _int_edges(boundaries: tuple[Decimal, ...]) -> list[int]:
    ceilings = {int(bound.to_integral_value(rounding="ROUND_CEILING")) for bound in boundaries}
    return sorted(edge for edge in ceilings if _INT64_MIN < edge <= _INT64_MAX)


def _float_inside(low: float, high: float) -> float | None:
    """A finite float strictly between ``low`` and ``high`` (either may be infinite)."""
    candidate = (
        math.nextafter(high, -math.inf) if math.isfinite(high) else math.nextafter(low, high)
    )
    if math.isfinite(candidate) and low < candidate < high:
        return candidate
    return None


def _int_inside(low: float, high: float) -> int | None:
    candidate = int(high) - 1 if math.isfinite(high) else int(low) + 1
    if low < candidate < high:
        return candidate
    return None


def compile_rule(classifier: Classifier, *, kind: Kind) -> EdgeTable:
    """The exact edge table of a prepared rule, for float or integer values.

    Every status in the table comes from calling ``classifier`` on a value of
    the region it stands for, so the table agrees with the scalar classifier by
    construction wherever that region holds a value at all.
    """
    edges: list[float] | list[int]
    if kind == "float":
        edges = _float_edges(classifier.boundaries)
        inside = _float_inside
    else:
        edges = _int_edges(classifier.boundaries)
        inside = _int_inside
    if not edges:  # every boundary is beyond the representable values: one region
        return EdgeTable(
            (0,) if kind == "int" else (0.0,), (classifier(0),), (classifier(0),), classifier(0)
        )
    at = tuple(classifier(edge) for edge in edges)
    lows = [-math.inf, *edges]
    highs = [*edges, math.inf]
    regions: list[Status] = []
    for index, (low, high) in enumerate(zip(lows, highs, strict=True)):
        point = inside(low, high)
        # An empty region never decides a value; borrow a neighbour's status.
        regions.append(classifier(point) if point is not None else at[min(index, len(at) - 1)])
    return EdgeTable(tuple(edges), tuple(regions[:-1]), at, regions[-1])
