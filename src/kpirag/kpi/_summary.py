"""Summaries: how many items have each status, and what share of the rated ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction
from typing import Protocol

import attrs

from kpirag._validate import instance, iterable, whole
from kpirag.errors import InvalidCountError, StatusComparisonError, ValueTypeError
from kpirag.kpi._measures import MAX_PLACES
from kpirag.rules import EXACT, Status

__all__ = ["Summary", "summarise"]


class HasStatus(Protocol):
    """Anything with a ``status``, such as an evaluated KPI."""

    @property
    def status(self) -> Status:
        """The status to count."""
        ...


def _entries(
    counts: Mapping[Status, int] | Iterable[tuple[Status, int]],
) -> tuple[tuple[Status, int], ...]:
    pairs = counts.items() if isinstance(counts, Mapping) else iterable(counts, "counts")
    entries = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):  # noqa: PLR2004 - a pair
            raise ValueTypeError(field="counts item", value=pair, expected="a (status, count) pair")
        status, count = pair
        instance(status, Status, field="status")
        whole(count, "count", low=0)
        if count:
            entries.append((status, count))
    return tuple(sorted(entries))


class _Notebook:
    """Shown in Jupyter and other notebooks as an HTML fragment (``kpirag.report.html_of``)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        from kpirag.report import html_of  # noqa: PLC0415 - an adapter up to the report layer

        return html_of(self)


@attrs.frozen
class Summary(_Notebook):
    """Counts per status, with percentages of the rated items only.

    ```pycon
    >>> q1 = [Status.GREEN] * 17 + [Status.AMBER] * 2 + [Status.RED] + [Status.NOT_RATED] * 21
    >>> s = summarise(q1)
    >>> s.count(Status.GREEN), s.percent(Status.GREEN), s.rated, s.not_rated, s.total
    (17, Decimal('85'), 20, 21, 41)
    >>> s
    Summary(Green 17, Amber 2, Red 1, N/A 21)

    ```
    """

    entries: tuple[tuple[Status, int], ...] = attrs.field(converter=_entries)

    def __repr__(self) -> str:
        rated = [(s, n) for s, n in self.entries if s.rated]
        others = [(s, n) for s, n in self.entries if not s.rated]
        shown = ", ".join(f"{status} {count}" for status, count in [*rated, *others])
        return f"Summary({shown or 'empty'})"

    @property
    def counts(self) -> dict[Status, int]:
        """Each status present and how many items have it."""
        return dict(self.entries)

    def count(self, status: Status) -> int:
        """How many items have ``status``."""
        instance(status, Status, field="status")
        return dict(self.entries).get(status, 0)

    @property
    def statuses(self) -> tuple[Status, ...]:
        """The rated statuses present, worst first."""
        return tuple(sorted((s for s, _ in self.entries if s.rated), reverse=True))

    @property
    def rated(self) -> int:
        """How many items have a rated status."""
        return sum(n for s, n in self.entries if s.rated)

    @property
    def not_rated(self) -> int:
        """How many items are not rated (N/A)."""
        return sum(n for s, n in self.entries if not s.rated)

    @property
    def total(self) -> int:
        """All items, rated or not."""
        return self.rated + self.not_rated

    def share(self, status: Status) -> Fraction | None:
        """The exact share of rated items with ``status``, or ``None`` when none is rated."""
        instance(status, Status, field="status")
        if not status.rated:
            raise StatusComparisonError(
                "percentages are of rated items; use .not_rated", field="status", value=status
            )
        if self.rated == 0:
            return None
        return Fraction(100 * self.count(status), self.rated)

    def percent(self, status: Status) -> Decimal | None:
        """The percentage of rated items with ``status``, unrounded (rounding is for display).

        A share with no finite decimal (one in three) is given to 28 significant
        digits. ``None`` when no item is rated.
        """
        share = self.share(status)
        if share is None:
            return None
        with localcontext(EXACT) as context:
            context.prec = 28
            return Decimal(share.numerator) / Decimal(share.denominator)

    def rounded_percents(self, places: int = 0) -> dict[Status, Decimal]:
        """Percentages of rated items rounded to ``places`` so that they sum to exactly 100.

        The rule is the largest remainder method: round every share down, then
        give the units still missing to the shares with the largest remainders
        (ties to the more severe status). Rounding each share half up on its
        own could show 33% + 33% + 33% = 99%. ``places`` is a whole number
        from 0 to ``MAX_PLACES`` (28, the precision of ``percent``).
        """
        whole(places, "places", low=0, high=MAX_PLACES)
        statuses = self.statuses
        if self.rated == 0:
            return {}
        unit = Fraction(1, 10**places)
        exact = {s: Fraction(100 * self.count(s), self.rated) for s in statuses}
        floors = {s: (share // unit) * unit for s, share in exact.items()}
        missing = int((100 - sum(floors.values(), Fraction(0))) / unit)
        by_remainder = sorted(statuses, key=lambda s: (exact[s] - floors[s], s), reverse=True)
        for status in by_remainder[:missing]:
            floors[status] += unit
        with localcontext(EXACT):
            quantum = Decimal(1).scaleb(-places)
            return {
                s: (Decimal(v.numerator) / Decimal(v.denominator)).quantize(
                    quantum, rounding=ROUND_FLOOR
                )
                for s, v in floors.items()
            }


def summarise(items: Iterable[Status | HasStatus], *, unlisted: int = 0) -> Summary:
    """Count statuses, from statuses or from anything with a ``.status``.

    Args:
        items: statuses, or evaluated results.
        unlisted: items known to exist but absent from ``items`` (a report's
            "will be reported in later quarters"); they count as not rated.
    """
    whole(unlisted, "unlisted", low=0, error=InvalidCountError)
    counts: Counter[Status] = Counter()
    for item in iterable(items, "items"):
        status = item if isinstance(item, Status) else getattr(item, "status", None)
        if not isinstance(status, Status):
            raise ValueTypeError(
                field="item", value=item, expected="a Status or an object with a .status"
            )
        counts[status] += 1
    if unlisted:
        counts[Status.NOT_RATED] += unlisted
    return Summary(counts)
