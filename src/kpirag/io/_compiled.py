"""A target and scheme compiled once, to classify and explain many plain figures cheaply.

``compile_rule`` cuts the value axis at the classifier's boundaries. Each open
interval between two boundaries (a *region*) has one status and one
explanation template: a format string in which ``{0}`` is the value as the
target shows it, ``{1}`` the shortfall and ``{2}`` the shortfall as a
percentage of the target. The template is read from the rules engine's own
explanation of a probe value in the region and checked against two more
probes, so it follows the engine's wording; a region whose explanation does
not fit a template is left to the engine, and so is every value exactly on a
boundary. Callers check each region's template once more against the engine
on its first real value (``Region.checked``).

The arithmetic per value is the engine's, step for step (the shortfall is
worked out exactly, the percentage in the current decimal context, rounded
half up for show), so a template gives the engine's text exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from kpirag.errors import KpiragError
from kpirag.rules import EXACT, Classifier, Scheme, Status, Target

__all__ = ["HALF_UP", "HUNDRED", "TENTH", "CompiledRule", "Region", "compile_rule"]

HALF_UP = EXACT.copy()
HALF_UP.rounding = ROUND_HALF_UP
"""The exact context rounding half up: how a percentage is rounded for show."""

TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

LARGEST = 40
"""Boundaries (and the figures the caller compiles for) lie within 10**40 either way
and have at most 40 digits, far from the engine's limits, so no step can fail."""

_PROBES = (
    Decimal("0.3819660113"),
    Decimal("0.6180339887"),
    Decimal("0.2718281828"),
    Decimal("0.7071067812"),
)
"""Where in a region to probe: fractions with digits no wording is likely to hold."""


class Region:
    """One open interval between boundaries: its status and explanation template.

    Attributes:
        status: the status of every value in it.
        met: whether a value in it meets the target (then the template has ``{0}`` only).
        reference: the target end that the shortfall is measured from.
        scale: ``abs(reference)``; the percentage is shown only when it is not zero.
        below: whether the region lies below ``reference``.
        explain: the template's ``format``, or ``None`` to leave values to the engine.
        share: whether the template shows the percentage (``{2}``).
        checked: whether the template has been checked on a real value.
    """

    __slots__ = ("below", "checked", "explain", "met", "reference", "scale", "share", "status")

    def __init__(
        self,
        status: Status,
        met: bool,
        reference: Decimal,
        below: bool,
        template: str | None,
    ) -> None:
        """Keep the region's facts; ``template`` is a format string or ``None``."""
        self.status = status
        self.met = met
        self.reference = reference
        self.scale = abs(reference)
        self.below = below
        self.explain: Callable[..., str] | None = None if template is None else template.format
        self.share = template is not None and "{2}" in template
        self.checked = False

    def pieces(self, number: Decimal, shown: str) -> tuple[str, ...]:
        """The template's arguments for ``number`` (shown in the target's unit as ``shown``)."""
        if self.met:
            return (shown,)
        gap = EXACT.subtract(number, self.reference)
        shortfall = -gap if self.below else gap  # as the engine works it out
        by = f"{shortfall:f}"  # never zero here: a value off the boundaries misses by something
        if self.scale.is_zero():
            return shown, by
        share = HALF_UP.quantize(shortfall / self.scale * HUNDRED, TENTH)
        return shown, by, f"{share:f}"


class CompiledRule:
    """A target under a scheme, prepared for many plain figures.

    Attributes:
        target: the target.
        classifier: the engine's prepared classifier (the authority).
        percent: whether the target is a percentage.
        text: the target as text (``str(target)``).
        bounds: every boundary, ascending.
        regions: the region below each boundary, then the one above the last.
    """

    __slots__ = ("bounds", "classifier", "percent", "regions", "target", "text")

    def __init__(self, target: Target, classifier: Classifier, regions: Sequence[Region]) -> None:
        """Keep the target, its classifier and its regions.

        ``target`` is kept as given: the classifier may have been prepared for an
        equal target written otherwise (``<=0`` for ``<=0.000``).
        """
        self.classifier = classifier
        self.target = target
        self.percent = target.percent
        self.text = str(target)
        self.bounds = classifier.boundaries
        self.regions = tuple(regions)

    def explain(self, number: Decimal) -> tuple[Status, str] | None:
        """The status and explanation of ``number`` from a template, or ``None``.

        ``None`` means: ask the engine (the number is on a boundary, or its region
        has no template). Used by tests and the first check of each region.
        """
        bounds = self.bounds
        index = _index(bounds, number)
        if index is None:
            return None
        region = self.regions[index]
        if region.explain is None:
            return None
        shown = self.target.format_number(number)
        return region.status, region.explain(*region.pieces(number, shown))


def _index(bounds: Sequence[Decimal], number: Decimal) -> int | None:
    """The region ``number`` lies in, or ``None`` when it is on a boundary."""
    for index, bound in enumerate(bounds):
        if number < bound:
            return index
        if number == bound:
            return None
    return len(bounds)


def moderate(number: Decimal) -> bool:
    """Whether ``number`` is finite and within ``LARGEST`` digits and powers of ten."""
    if not number.is_finite():
        return False
    exponent = number.as_tuple().exponent
    return (
        isinstance(exponent, int)
        and exponent >= -LARGEST
        and number.adjusted() <= LARGEST
        and number.adjusted() - exponent < LARGEST
    )


def compile_rule(target: Target, scheme: Scheme) -> CompiledRule | None:
    """``target`` under ``scheme`` compiled, or ``None`` when its numbers are too extreme."""
    classifier = Classifier.prepare(target, scheme)
    bounds = classifier.boundaries
    if not bounds or not all(moderate(bound) for bound in bounds):
        return None
    regions = []
    for index in range(len(bounds) + 1):
        probes = [_probe(bounds, index, fraction) for fraction in _PROBES]
        regions.append(_region(classifier, probes))
    return CompiledRule(target, classifier, regions)


def _probe(bounds: Sequence[Decimal], index: int, fraction: Decimal) -> Decimal:
    """A value inside region ``index``, ``fraction`` of the way across it."""
    if index == 0:
        return EXACT.subtract(bounds[0], EXACT.multiply(abs(bounds[0]) + 1, fraction))
    if index == len(bounds):
        return EXACT.add(bounds[-1], EXACT.multiply(abs(bounds[-1]) + 1, fraction))
    low, high = bounds[index - 1], bounds[index]
    return EXACT.add(low, EXACT.multiply(EXACT.subtract(high, low), fraction))


def _region(classifier: Classifier, probes: Sequence[Decimal]) -> Region:
    """The region holding ``probes``, with a template that fits the engine on all of them."""
    target = classifier.target
    low, high = target.bounds
    first = probes[0]
    met = target.is_met(first)
    below = first < low
    reference = low if below else high
    status = classifier.assess(first).status
    try:
        answers = [classifier.assess(probe) for probe in probes]
    except KpiragError:  # pragma: no cover - probes are moderate numbers
        return Region(status, met, reference, below, None)
    for answer, probe in zip(answers, probes, strict=True):
        region = Region(status, met, reference, below, None)
        template = _template(answer.explanation, region.pieces(probe, target.format_number(probe)))
        region = Region(status, met, reference, below, template)
        if all(
            _fits(region, target, p, a.status, a.explanation)
            for p, a in zip(probes, answers, strict=True)
        ):
            return region
    return Region(status, met, reference, below, None)


def _fits(region: Region, target: Target, probe: Decimal, status: Status, explanation: str) -> bool:
    assert region.explain is not None  # noqa: S101 - only called with a template
    shown = target.format_number(probe)
    return status == region.status and region.explain(*region.pieces(probe, shown)) == explanation


def _template(explanation: str, pieces: Sequence[str]) -> str:
    """``explanation`` as a format string with ``{i}`` wherever ``pieces[i]`` stands.

    Longer pieces are placed first (``0.5%`` before ``0.5``), each at every
    place it stands that no other piece holds. A piece that happens to match
    fixed text is caught when the template is checked on other values.
    """
    spans: list[tuple[int, int, int]] = []
    for index in sorted(range(len(pieces)), key=lambda i: (-len(pieces[i]), i)):
        piece = pieces[index]
        at = explanation.find(piece) if piece else -1
        while at >= 0:
            end = at + len(piece)
            if all(end <= start or at >= stop for start, stop, _ in spans):
                spans.append((at, end, index))
                at = explanation.find(piece, end)
            else:
                at = explanation.find(piece, at + 1)
    parts = []
    last = 0
    for start, end, index in sorted(spans):
        parts.append(_escape(explanation[last:start]))
        parts.append(f"{{{index}}}")
        last = end
    parts.append(_escape(explanation[last:]))
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
