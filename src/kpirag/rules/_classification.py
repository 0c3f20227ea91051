"""Classifying values against a target under a scheme.

``classify`` answers the common question (what status does this value
get?), ``assess`` explains the answer, and ``classify_many`` applies
one prepared rule to a long sequence of values.

```pycon
>>> classify(46, "<43", "10%")
<Status Amber (RAG)>
>>> print(assess(46, "<43", "10%").explanation)
Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)

```
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    localcontext,
)
from fractions import Fraction
from typing import Any, Protocol, TypeAlias, overload

import attrs

from kpirag._validate import (
    as_tuple,
    brief,
    counted,
    flag,
    integer,
    iterable,
    of,
    short_number,
    wrong_type,
)
from kpirag.errors import InvalidValueError, UnitMismatchError, ValueTypeError
from kpirag.rules._axis import (
    BEYOND_BY_TREND,
    NO_PREVIOUS,
    TRENDS,
    Axis,
    EdgeTable,
    Kind,
    Region,
    TargetSide,
    build_axis,
    edges_on_side,
    float_comparisons,
    merged,
    regions_of,
    target_side,
)
from kpirag.rules._scheme import EdgeSide, Scheme, Step, _edge_side
from kpirag.rules._status import Status
from kpirag.rules._target import Direction, Operator, Target
from kpirag.rules._tolerance import Tolerance
from kpirag.rules._trend import Trend
from kpirag.rules._values import (
    EXACT,
    MAX_DIGITS,
    MAX_EXPONENT,
    format_decimal,
    parse_quantity,
    read_fraction,
    rounded,
    to_decimal,
    with_unit,
    worked_out,
)

__all__ = [
    "Assessment",
    "Classifier",
    "Edge",
    "Recipe",
    "Recipes",
    "Rule",
    "assess",
    "classify",
    "classify_many",
]

Rule: TypeAlias = Scheme | Tolerance | str
"""A scheme, or a tolerance (``"10%"``, ``"5pt"``, ``"none"``) for the standard scheme."""

_HUNDRED = Decimal(100)
_SHARE = Context(prec=28, rounding=ROUND_HALF_EVEN, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
"""A shortfall's share of its reference, to 28 significant digits whatever the caller's context."""


@attrs.frozen
class Edge:
    """A tolerance edge: the boundary between a step's band and the band beyond it.

    Attributes:
        value: where the boundary is.
        status: the status of the step the edge closes (on the side towards the target).
        side: ``TargetSide.BELOW`` for an edge under the target (higher is
            better), ``TargetSide.ABOVE`` for one over it; ``"below"`` and
            ``"above"`` are accepted and compare equal.
        edge_side: whether the edge value itself has ``status``
            (``EdgeSide.INCLUSIVE``) or the status beyond (``EdgeSide.EXCLUSIVE``).

    ```pycon
    >>> edge = assess(46, "<43", "10%").edges[0]
    >>> edge.value, edge.status, str(edge.side), str(edge.edge_side)
    (Decimal('47.3'), <Status Amber (RAG)>, 'above', 'inclusive')

    ```
    """

    value: Decimal
    status: Status
    side: TargetSide = attrs.field(converter=target_side)
    edge_side: EdgeSide = attrs.field(default=EdgeSide.INCLUSIVE, converter=_edge_side)

    def __repr__(self) -> str:
        where = f"{short_number(self.value)} {self.side} the target"
        return f"Edge({where}: {self.status}, {self.edge_side})"


@attrs.frozen
class Assessment:
    """A value classified against a target, with the workings.

    Attributes:
        status: the resulting status.
        value: the value as an exact Decimal, or ``None`` when there was no data.
        target: the target it was compared with.
        scheme: the scheme that decided the status.
        met: whether the target itself was met.
        shortfall: how far the value misses the target (zero when met, and for a
            strict target missed only by equalling it).
        relative_shortfall: the shortfall as a percentage of the target, or
            ``None`` when the target is zero or there was no data.
        gap: ``value - reference`` where the reference is the target (or the
            nearest end of a range, zero inside it): positive means above.
        edges: the boundaries between statuses on the side the value lies.
        explanation: one line a person can read.
        previous: the previous figure as an exact Decimal, or ``None`` when none was given.
        trend: how the value moved against ``previous`` (``None`` without one).
    """

    status: Status
    value: Decimal | None
    target: Target
    scheme: Scheme
    met: bool
    shortfall: Decimal | None
    relative_shortfall: Decimal | None
    gap: Decimal | None
    edges: tuple[Edge, ...]
    explanation: str
    previous: Decimal | None = None
    trend: Trend | None = None

    def __repr__(self) -> str:
        value = "no value" if self.value is None else f"value {short_number(self.value)}"
        moved = "" if self.trend is None else f", {self.trend}"
        return f"Assessment({self.status}, {value}, target {self.target}{moved})"


class ArrayLike(Protocol):
    """What ``classify_many`` reads as an array: a NumPy ``ndarray`` (or anything shaped so)."""

    @property
    def dtype(self) -> Any:  # noqa: ANN401 - NumPy's dtype, without importing NumPy
        """The array's element type."""

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape."""


def _checked_axis(axis: object) -> Axis:
    """A classifier's axis, checked before the fields worked out from it (``prepare`` makes it)."""
    if not isinstance(axis, Axis):
        raise wrong_type("_axis", axis, "an Axis (build classifiers with Classifier.prepare)")
    return axis


def _checked_axes(axes: object) -> tuple[Axis, ...] | None:
    """A trend-aware classifier's axes, or ``None``, checked like ``_checked_axis``."""
    if axes is None:
        return None
    return tuple(_checked_axis(axis) for axis in iterable(axes, "_trend_axes"))


@attrs.frozen(eq=False)
class Classifier:
    """A target and a scheme prepared once, to classify many values quickly.

    Build one with ``Classifier.prepare`` (or implicitly through
    ``classify_many``). Calling it classifies one value; ``many``
    classifies a sequence.

    The value axis is cut at exact Decimal boundaries. Floats are compared
    against float copies of the boundaries, which is exact except when a
    float equals a boundary's float copy; then the exact Decimal comparison
    decides, so ``0.72`` is read as the decimal ``0.72`` everywhere.

    A trend-aware scheme cuts one axis per direction of travel, and one for a
    value without a previous figure.
    """

    target: Target = attrs.field(validator=of(Target))
    scheme: Scheme = attrs.field(validator=of(Scheme))
    _axis: Axis = attrs.field(alias="_axis", converter=_checked_axis)
    _trend_axes: tuple[Axis, ...] | None = attrs.field(alias="_trend_axes", converter=_checked_axes)
    _float_bounds: list[float] = attrs.field(init=False, eq=False, repr=False)
    _float_set: frozenset[float] = attrs.field(init=False, eq=False, repr=False)
    _compare: Callable[[float], Status] = attrs.field(init=False, eq=False, repr=False)
    _region_list: tuple[Region, ...] = attrs.field(init=False, eq=False, repr=False)
    _tables: dict[tuple[Kind, Trend | None], EdgeTable] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )
    _recipe_cache: dict[Trend | None, Recipes] = attrs.field(
        init=False, eq=False, repr=False, factory=dict
    )

    def __repr__(self) -> str:
        trend = ", trend-aware" if self._trend_axes is not None else ""
        return f"Classifier({self.target}, {counted(len(self._region_list), 'region')}{trend})"

    def __attrs_post_init__(self) -> None:
        copies = [float(bound) for bound in self._axis.bounds]
        object.__setattr__(self, "_float_bounds", copies)
        object.__setattr__(self, "_float_set", frozenset(copies))
        object.__setattr__(self, "_compare", float_comparisons(copies, self._axis.statuses))
        object.__setattr__(self, "_region_list", regions_of(self._axis))

    @property
    def regions(self) -> tuple[Region, ...]:
        """The value axis cut into ``Region`` s, ascending, each with its status.

        Every number lies in exactly one region, and a value's region has the
        status ``classify`` gives it (without a previous figure; see
        ``regions_for``). Neighbours with the same status are merged, so a
        compiler gets the fewest comparisons. For a compiler: compare a column
        with the ends (``low_included`` means ``>=``, else ``>``;
        ``high_included`` means ``<=``, else ``<``).

        ```pycon
        >>> for region in Classifier.prepare("95%-105%", "10%").regions:
        ...     print(region)
        (-inf, 85.5) Red
        [85.5, 95) Amber
        [95, 105] Green
        (105, 115.5] Amber
        (115.5, +inf) Red

        ```
        """
        return self._region_list

    @property
    def trend_aware(self) -> bool:
        """Whether the status can depend on a previous figure (the scheme is trend-aware)."""
        return self._trend_axes is not None

    def regions_for(self, trend: Trend | None) -> tuple[Region, ...]:
        """The regions for a value that moved ``trend``; ``None``: no previous figure.

        A compiler of a trend-aware rule computes each row's trend (see
        ``Trend.of``) and picks the regions for it.

        ```pycon
        >>> scheme = Scheme(
        ...     Status.GREEN,
        ...     [Step(Tolerance.relative(10), Status.AMBER)],
        ...     Status.RED,
        ...     beyond_by_trend={"improved": Status.AMBER},
        ... )
        >>> improved = Classifier.prepare(">=100", scheme).regions_for(Trend.IMPROVED)
        >>> [str(region) for region in improved]
        ['(-inf, 100) Amber', '[100, +inf) Green']

        ```
        """
        axis = self._axis_for(trend)
        return self._region_list if axis is self._axis else regions_of(axis)

    def table(self, kind: Kind, trend: Trend | None = None) -> EdgeTable:
        """The rule as float (``"float"``) or integer (``"int"``) edges, for column engines.

        ``trend``: the table for a value that moved so (``None``: no previous figure).
        Worked out once per kind and trend, exactly, from the same axis as ``classify``.
        """
        if kind not in ("float", "int"):
            raise wrong_type("kind", kind, "'float' or 'int'")
        key = (kind, trend)
        if key not in self._tables:
            self._tables[key] = self._axis_for(trend).table(kind)
        return self._tables[key]

    @property
    def boundaries(self) -> tuple[Decimal, ...]:
        """Every value where the status changes, ascending (the target and tolerance edges).

        Without a previous figure; a trend-aware scheme may change status
        elsewhere for a value that moved.

        ```pycon
        >>> Classifier.prepare("<43", "10%").boundaries
        (Decimal('43'), Decimal('47.3'))

        ```
        """
        return self._axis.bounds

    def __reduce__(self) -> tuple[object, tuple[Target, Scheme]]:
        """Pickle as the target and scheme; unpickling prepares them again."""
        return _prepare, (self.target, self.scheme)

    @classmethod
    def prepare(cls, target: Target | str, rule: Rule) -> Classifier:
        """Prepare ``target`` under ``rule`` (a scheme, or a tolerance for the standard scheme).

        Prepared classifiers are cached on the arguments as given (text or
        objects; all are immutable), so repeated calls cost a dictionary lookup.
        """
        return _prepare_given(target, rule)

    # -- classification ---------------------------------------------------------------

    def __call__(self, value: object, *, previous: object = None) -> Status:
        """The status of one value (``None`` is not rated: no data).

        ``previous`` is the previous period's figure, for a trend-aware scheme.
        """
        if previous is not None:
            return self._moved(value, previous)[0]
        if type(value) is float and value - value == 0.0 and value not in self._float_set:
            return self._compare(value)
        if value is None:
            return Status.NOT_RATED
        return self._axis.status(self._read(value))

    def _moved(self, value: object, previous: object) -> tuple[Status, Trend | None]:
        """The status of ``value`` after ``previous``, and how it moved."""
        before = self._read(previous, field="previous")
        if value is None:
            return Status.NOT_RATED, None
        exact = self._read(value)
        trend = Trend.of(exact, before, self.target)
        return self._axis_for(trend).status(exact), trend

    def _axis_for(self, trend: Trend | None) -> Axis:
        if trend is not None and not isinstance(trend, Trend):
            raise wrong_type("trend", trend, "a Trend or None")
        if trend is None or self._trend_axes is None:
            return self._axis
        return self._trend_axes[TRENDS.index(trend)]

    @overload
    def many(self, values: ArrayLike) -> Any: ...  # noqa: ANN401

    @overload
    def many(self, values: Iterable[object]) -> list[Status]: ...

    def many(self, values: Iterable[object] | ArrayLike) -> list[Status] | Any:
        """The status of each value, in order.

        A list of finite floats none of which equals a boundary's float copy is
        classified with builtins alone (``bisect`` over the float boundaries);
        anything else goes value by value, exactly. A NumPy array gives a NumPy
        object array of the same shape, without a Python loop over float64 or
        integer elements.
        """
        if type(values).__name__ == "ndarray" and type(values).__module__ == "numpy":
            result: list[Status] = self._many_array(values)
            return result
        if not isinstance(values, list):
            values = list(iterable(values, "values"))
        if not values or set(map(type, values)) != {float} or not math.isfinite(sum(values)):
            return list(map(self, values))
        # Every value is a finite float: compare with the boundaries' float copies, which
        # is exact except for a value equal to a copy. Find those with one C-level scan
        # per boundary and classify them exactly.
        result = list(map(self._compare, values))
        for bound in set(self._float_bounds):
            start = 0
            with contextlib.suppress(ValueError):
                while True:
                    start = values.index(bound, start)
                    result[start] = self._axis.status(self._read(values[start]))
                    start += 1
        return result

    def _many_array(self, values: Any) -> Any:  # noqa: ANN401 - a NumPy array, typed loosely
        """Statuses of a NumPy array, as an object array, without a loop over its elements.

        float64 values are placed among the boundaries' float copies with
        ``searchsorted``; a value equal to a copy gets that copy's exact status,
        worked out once per boundary. Integers are placed among exact integer
        thresholds. Other dtypes go value by value (float32 as the decimal it prints as).
        """
        np: Any = importlib.import_module("numpy")  # only for a caller who passed an array

        table = np.empty(len(self._axis.statuses), dtype=object)
        table[:] = self._axis.statuses
        kind = values.dtype.kind
        if kind == "f" and values.dtype.itemsize == 8:  # noqa: PLR2004 - float64
            finite = np.isfinite(values)
            if not finite.all():
                to_decimal(float(values[~finite].flat[0]))  # raises our error
            copies = np.asarray(self._float_bounds, dtype=np.float64)
            result = table[np.searchsorted(copies, values, side="right")]
            for copy in set(self._float_bounds):
                result[values == copy] = self._axis.status(to_decimal(copy))
            return result
        if kind in "iu":
            low, high = np.iinfo(values.dtype).min, np.iinfo(values.dtype).max
            thresholds = [
                self._integer_threshold(bound, owns)
                for bound, owns in zip(self._axis.bounds, self._axis.owns, strict=True)
            ]
            passed = sum(1 for threshold in thresholds if threshold <= low)
            inside = np.asarray(
                [threshold for threshold in thresholds if low < threshold <= high],
                dtype=values.dtype,
            )
            return table[passed + np.searchsorted(inside, values, side="right")]
        if kind == "f":
            values = values.astype(str)  # float32 and float16: the decimal each prints as
        elif kind == "b":
            raise ValueTypeError(field="values", value=values, expected="numbers, not booleans")
        result = np.empty(values.shape, dtype=object)
        result[...] = np.reshape(list(map(self, values.ravel().tolist())), values.shape)
        return result

    @staticmethod
    def _integer_threshold(bound: Decimal, owns: bool) -> int:
        """The least integer that lies above ``bound`` (or on it, when the region above owns it)."""
        floor = int(bound.to_integral_value(rounding=ROUND_FLOOR))
        return floor if (bound == floor and owns) else floor + 1

    def _read(self, value: object, field: str = "value") -> Decimal | Fraction:
        if isinstance(value, Fraction):
            # No finite decimal form (within the limits): compared exactly as a fraction.
            return read_fraction(value, field)
        if isinstance(value, str):
            quantity = parse_quantity(value, field=field)
            if quantity.percent and not self.target.percent:
                raise UnitMismatchError(
                    f"a percentage cannot be compared with the non-percentage target {self.target}",
                    field=field,
                    value=value,
                    expected="a number in the target's unit",
                )
            self.target.check_unit(quantity.unit, field=field, value=value)
            return quantity.number
        return to_decimal(value, field=field)

    # -- explanation ------------------------------------------------------------------

    def recipes(self, trend: Trend | None = None) -> Recipes:
        """How ``assess`` words each region (and boundary) of the axis for ``trend``.

        ``None``: no previous figure. Worked out once per trend and kept; every
        explanation ``assess`` gives comes from one of these recipes (and, for a
        trend-aware scheme, a clause on the direction of travel).

        ```pycon
        >>> recipes = Classifier.prepare("<43", "10%").recipes()
        >>> recipes.find(Decimal(46)).explain(Decimal(46), "46")
        'Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)'

        ```
        """
        axis = self._axis_for(trend)
        key = None if self._trend_axes is None else trend
        found = self._recipe_cache.get(key)
        if found is None:
            found = self._recipe_cache[key] = self._compile_recipes(axis, key)
        return found

    def _compile_recipes(self, axis: Axis, trend: Trend | None) -> Recipes:
        used = trend
        if trend is None and isinstance(self.scheme.when_no_previous, Trend):
            used = self.scheme.when_no_previous
        bounds = axis.bounds
        between = []
        with localcontext(EXACT):
            for index in range(len(axis.statuses)):
                # A number inside the region tells which side of the target it lies on.
                if not bounds:
                    inside = Decimal(0)
                elif index == 0:
                    inside = bounds[0] - 1
                elif index == len(bounds):
                    inside = bounds[-1] + 1
                else:
                    inside = (bounds[index - 1] + bounds[index]) / 2
                between.append(self._recipe(axis, index, inside, used, on_bound=False))
        at = tuple(
            self._recipe(axis, axis.index(bound), bound, used, on_bound=True) for bound in bounds
        )
        return Recipes(axis, tuple(between), at)

    def _recipe(
        self, axis: Axis, index: int, exact: Decimal, used: Trend | None, *, on_bound: bool
    ) -> Recipe:
        """The recipe of the values in region ``index`` that lie as ``exact`` does."""
        target = self.target
        status, source = axis.statuses[index], axis.sources[index]
        met = target.is_met(exact)
        low, high = target.bounds
        if target.operator is Operator.BETWEEN:
            side = TargetSide.BELOW if exact < low else TargetSide.ABOVE
            reference = low if side is TargetSide.BELOW else high
        else:
            side = TargetSide.BELOW if target.better is Direction.HIGHER else TargetSide.ABOVE
            reference = target.value
        steps = edges_on_side(self.scheme, reference, side, used)
        edges = tuple(Edge(edge, step.status, side, step.edge_side) for _, step, edge in steps)
        # The wording, with \0 \1 \2 standing for the value, the shortfall and its share.
        if met:
            words = f"{status}: \0 meets {target}"
        else:
            by = with_unit("\1", target.unit) + (" points" if target.percent else "")
            by += "" if reference.is_zero() else " (\2%)"
            words = f"{status}: \0 misses {target} by {by}" + self._where(
                status=status,
                exact=exact if on_bound else None,
                side=side,
                steps=steps,
                source=source,
                trend=used,
            )
        text = words.replace("{", "{{").replace("}", "}}")
        for piece in range(3):
            text = text.replace(chr(piece), f"{{{piece}}}")
        return Recipe(
            status=status,
            met=met,
            inside=met and target.operator is Operator.BETWEEN,
            below=side is TargetSide.BELOW,
            reference=reference,
            edges=edges,
            source=source,
            text=text,
        )

    def assess(self, value: object, *, previous: object = None) -> Assessment:
        """Classify one value and explain the result.

        ``previous`` is the previous period's figure, for a trend-aware scheme.
        """
        target = self.target
        before = None if previous is None else self._read(previous, field="previous")
        if value is None:
            return Assessment(
                status=Status.NOT_RATED,
                value=None,
                target=target,
                scheme=self.scheme,
                met=False,
                shortfall=None,
                relative_shortfall=None,
                gap=None,
                edges=(),
                explanation="N/A: no data",
                previous=None if before is None else _rounded(before, 12),
            )
        exact = self._read(value)
        trend = None if before is None else Trend.of(exact, before, target)
        recipes = self.recipes(trend)
        recipe = recipes.find(exact)
        index = recipes.axis.index(exact)
        show = target.format_number
        relative: Decimal | None
        if isinstance(exact, Decimal):
            number = exact
            gap, shortfall, relative = recipe.measure(exact)
            explanation = recipe.explain(exact, show(exact))
        else:
            # The workings come from the same exact number as the status: a fraction is
            # subtracted as a fraction, and only rounded for show, never across an edge.
            reference = Fraction(recipe.reference)
            exact_gap = Fraction(0) if recipe.inside else exact - reference
            exact_shortfall = max(-exact_gap if recipe.below else exact_gap, Fraction(0))
            gap = _rounded(exact_gap, 12)
            shortfall = _rounded(exact_shortfall, 12)
            exact_relative = None if not reference else exact_shortfall / abs(reference) * 100
            relative = None if exact_relative is None else _rounded(exact_relative, 12)
            number = _faithful(exact, 12, lambda shown: self._same_place(shown, exact, index))
            # A fraction with no finite decimal is shown to one place, or to as many
            # as it takes to stay on its side of every edge; its status is exact.
            shown = _faithful(exact, 1, lambda shown: self._same_place(shown, exact, index))
            # Rounded once, from the exact numbers: never the 12-place figures again.
            share = None if exact_relative is None else format_decimal(_rounded(exact_relative, 1))
            explanation = recipe.text.format(
                show(shown), format_decimal(_rounded(exact_shortfall, 1)), share
            )
        if not recipe.met and self._trend_axes is not None:
            explanation += self._trend_clause(exact, before, trend, recipe.source)
        return Assessment(
            status=recipe.status,
            value=number,
            target=target,
            scheme=self.scheme,
            met=recipe.met,
            shortfall=shortfall,
            relative_shortfall=relative,
            gap=gap,
            edges=recipe.edges,
            explanation=explanation,
            previous=None if before is None else _rounded(before, 12),
            trend=trend,
        )

    def _trend_clause(
        self,
        exact: Decimal | Fraction,
        before: Decimal | Fraction | None,
        trend: Trend | None,
        source: int,
    ) -> str:
        """Why the direction of travel did or did not change the status."""
        if self._trend_axes is None:  # pragma: no cover - callers check
            return ""
        depends = len({axis.status(exact) for axis in self._trend_axes}) > 1
        if before is None or trend is None:
            if not depends:
                return ""
            policy = self.scheme.when_no_previous
            if policy is None:
                return "; with no previous figure, nothing that needs a direction of travel applies"
            if isinstance(policy, Trend):
                return f"; with no previous figure, counted as {policy}"
            return (
                "; with no previous figure the direction of travel is not known, "
                f"which this scheme rates {policy}"
            )
        moved = trend.against(self.target.format_number(_rounded(before, 12)))
        if source == BEYOND_BY_TREND:
            return f", but {moved}"
        if depends or (source >= 0 and self.scheme.steps[source].trend is not None):
            return f", and {moved}"
        return ""

    def _same_place(self, shown: Decimal, exact: Decimal | Fraction, index: int) -> bool:
        """Whether ``shown`` lies where ``exact`` does: same region, target met alike."""
        return (
            shown not in self._axis.bounds
            and self._axis.index(shown) == index
            and self.target.is_met(shown) == self.target.is_met(exact)
        )

    def _where(
        self,
        *,
        status: Status,
        exact: Decimal | None,
        side: TargetSide,
        steps: tuple[tuple[int, Step, Decimal], ...],
        source: int,
        trend: Trend | None,
    ) -> str:
        """Where a missed value lies among the steps: ``, within the 10% tolerance (...)``.

        ``exact``: the value, when it lies on a boundary (else ``None``).
        """
        show = self.target.format_number
        if source == NO_PREVIOUS:
            return ""
        if not self.scheme.steps:
            return ", with no tolerance"
        if not any(step.holds_for(trend) for step in self.scheme.steps):
            return ""  # the clause on the direction of travel says why no step applied
        if not steps:
            tolerance = self.scheme.steps[-1].within
            return f", and a {tolerance} tolerance gives no band around a zero target"
        for _, step, edge in steps:
            if exact == edge:
                return (
                    f", exactly on the {step.within} edge, which belongs to {status} "
                    f"({_reach(step, edge, side, show, on_edge=True)})"
                )
        for position, step, edge in steps:
            if position == source:
                return f", within the {step.within} tolerance ({_reach(step, edge, side, show)})"
        _, step, edge = steps[-1]
        return f", beyond the {step.within} tolerance ({_reach(step, edge, side, show)})"


def _tenths_of_percent(shortfall: Decimal, scale: Decimal) -> Decimal:
    """``shortfall`` as a percentage of ``scale`` (> 0), rounded half up to 0.1, exactly once.

    Worked in integers: dividing Decimals first would round at 28 digits and
    could then round a figure just below a half up (12.3499... to 12.4).
    """
    top, bottom = shortfall.as_integer_ratio()
    over, under = scale.as_integer_ratio()
    numerator, denominator = top * under * 1000, bottom * over
    return Decimal((2 * numerator + denominator) // (2 * denominator)).scaleb(-1, EXACT)


def _reference(value: Decimal) -> Decimal:
    return worked_out(value, "reference")


def _edges(edges: Iterable[Edge]) -> tuple[Edge, ...]:
    return as_tuple(edges, Edge, "edges")


@attrs.frozen
class Recipe:
    """How ``assess`` words the values of one region (or boundary) of a prepared rule.

    Attributes:
        status: the status of every value it words.
        met: whether those values meet the target.
        inside: whether they lie inside a range target (the gap is zero).
        below: whether the shortfall is measured downwards from ``reference``.
        reference: the target end the gap is measured from.
        edges: the tolerance edges on the values' side of the target.
        source: what decided the status (a step's position, or ``MET``, ``BEYOND`` ...).
        text: the wording as a format string: ``{0}`` the value as the target shows
            it, ``{1}`` the shortfall, ``{2}`` its percentage of ``reference``.
    """

    status: Status = attrs.field(validator=of(Status))
    met: bool = attrs.field(validator=flag)
    inside: bool = attrs.field(validator=flag)
    below: bool = attrs.field(validator=flag)
    reference: Decimal = attrs.field(converter=_reference)
    edges: tuple[Edge, ...] = attrs.field(converter=_edges)
    source: int = attrs.field(validator=integer)
    text: str = attrs.field(validator=of(str, expected="text"))
    _scale: Decimal = attrs.field(init=False, eq=False, repr=False)

    def __repr__(self) -> str:
        return f"Recipe({self.status.label}: {brief(self.text, 70)})"

    @_scale.default
    def _reference_size(self) -> Decimal:
        return self.reference.copy_abs()  # exact: abs() rounds to the caller's context

    def measure(self, number: Decimal) -> tuple[Decimal, Decimal, Decimal | None]:
        """The gap, the shortfall and its percentage of the reference, exactly as ``assess``."""
        number = to_decimal(number, field="number")
        gap = Decimal(0) if self.inside else EXACT.subtract(number, self.reference)
        # Negation rounds to the context's precision too: inside the exact one.
        shortfall = max(EXACT.minus(gap), Decimal(0)) if self.below else max(gap, Decimal(0))
        relative = None
        if self._scale:
            relative = _SHARE.multiply(_SHARE.divide(shortfall, self._scale), _HUNDRED)
        return gap, shortfall, relative

    def explain(self, number: Decimal, shown: str) -> str:
        """The explanation of ``number`` (in this recipe's region), shown as ``shown``.

        The shortfall as ``measure`` works it out, written out directly: this
        runs once for every plain row of a KPI file.
        """
        if type(shown) is not str:
            raise wrong_type("shown", shown, "the value as text")
        number = to_decimal(number, field="number")
        if self.met:
            return self.text.format(shown)
        gap = EXACT.subtract(number, self.reference)
        # Off the target's side a value misses by its distance: never below zero.
        shortfall = EXACT.minus(gap) if self.below else gap
        by = f"{shortfall:f}".lstrip("-")  # only a zero shortfall can carry a sign
        if not self._scale:
            return self.text.format(shown, by)
        share = _tenths_of_percent(shortfall, self._scale)
        return self.text.format(shown, by, str(share))  # to 0.1, str prints as :f (faster)


def _between(recipes: Iterable[Recipe]) -> tuple[Recipe, ...]:
    return as_tuple(recipes, Recipe, "between")


def _at(recipes: Iterable[Recipe]) -> tuple[Recipe, ...]:
    return as_tuple(recipes, Recipe, "at")


@attrs.frozen
class Recipes:
    """The recipes of one axis: one per region and one per boundary.

    Attributes:
        axis: the axis (its ``bounds`` ascending).
        between: the recipe of the values strictly between consecutive bounds.
        at: the recipe of a value equal to each bound.
    """

    axis: Axis = attrs.field(validator=of(Axis))
    between: tuple[Recipe, ...] = attrs.field(converter=_between)
    at: tuple[Recipe, ...] = attrs.field(converter=_at)

    def __attrs_post_init__(self) -> None:
        if not len(self.between) == len(self.at) + 1 == len(self.axis.bounds) + 1:
            raise InvalidValueError(
                "one recipe for each region and each boundary of the axis",
                field="recipes",
                value=(len(self.between), len(self.at)),
            )

    def __repr__(self) -> str:
        regions = counted(len(self.between), "region")
        return f"Recipes({regions}, {counted(len(self.at), 'boundary', 'boundaries')})"

    def find(self, number: Decimal | Fraction) -> Recipe:
        """The recipe for ``number``."""
        given: object = number  # checked: a caller may pass anything
        if isinstance(given, Fraction):
            exact: Decimal | Fraction = read_fraction(given, "number")
        else:
            exact = to_decimal(given, field="number")
        bounds = self.axis.bounds
        index = bisect_left(bounds, exact)
        if index < len(bounds) and bounds[index] == exact:
            return self.at[index]
        return self.between[index]


def _reach(
    step: Step,
    edge: Decimal,
    side: TargetSide,
    show: Callable[[Decimal], str],
    *,
    on_edge: bool = False,
) -> str:
    """How far a step reaches: ``Amber down to 67.5%`` or, edge exclusive, ``Amber above 67.5%``."""
    below = side is TargetSide.BELOW
    if step.edge_side is EdgeSide.INCLUSIVE:
        reach = "down to" if below else "up to"
        if on_edge:
            reach += " and including"
    else:
        reach = "above" if below else "below"
        if on_edge:
            reach = f"only {reach}"
    return f"{step.status} {reach} {show(edge)}"


def _sign(number: Decimal | Fraction) -> int:
    return (number > 0) - (number < 0)


_MOST_PLACES = 4 * MAX_EXPONENT + 2 * MAX_DIGITS
"""Enough decimal places to tell any fraction within the limits from any edge."""


def _rounded(exact: Decimal | Fraction, places: int) -> Decimal:
    """A Decimal as it is; a fraction rounded half even to ``places`` (more if its sign hides)."""
    if isinstance(exact, Decimal):
        return exact
    return _faithful(exact, places, lambda shown: _sign(shown) == _sign(exact))


def _faithful(exact: Fraction, places: int, faithful: Callable[[Decimal], bool]) -> Decimal:
    """``exact`` rounded to ``places`` places, or to more until ``faithful`` holds of it."""
    while True:
        shown = rounded(exact, places, half_even=True)
        if faithful(shown) or places >= _MOST_PLACES:
            return shown
        places = min(2 * places, _MOST_PLACES)  # never past what format_number shows


def _as_target(target: Target | str) -> Target:
    return target if isinstance(target, Target) else Target.parse(target)


def _as_scheme(rule: Rule) -> Scheme:
    if isinstance(rule, Scheme):
        return rule
    if isinstance(rule, Tolerance):
        return Scheme.standard(rule)
    if isinstance(rule, str):
        return Scheme.standard(Tolerance.parse(rule))
    raise wrong_type("rule", rule, "a Scheme, a Tolerance or tolerance text such as '10%'")


def _spelling(item: object) -> str | None:
    """How an argument is written, for cache keys: equal targets can be written apart.

    ``Target.parse("<0") == Target.parse("<0.000")``, but each explains itself
    as written, so a cache keyed on equality alone would explain one with the
    other's text.
    """
    return None if isinstance(item, str) else repr(item)


def _prepare_given(target: Target | str, rule: Rule) -> Classifier:
    # Junk (a list, a 5,000-digit int) is no cache key.
    if not all(isinstance(item, str | Target | Tolerance | Scheme) for item in (target, rule)):
        return _prepare(_as_target(target), _as_scheme(rule))  # refused with our error, uncached
    return _prepare_given_spelled(target, rule, _spelling(target), _spelling(rule))


@functools.lru_cache(maxsize=1024)
def _prepare_given_spelled(
    target: Target | str, rule: Rule, _target_spelling: str | None, _rule_spelling: str | None
) -> Classifier:
    return _prepare(_as_target(target), _as_scheme(rule))


def _prepare(target: Target, scheme: Scheme) -> Classifier:
    """Cut the value axis into regions, each with its status.

    A trend-aware scheme gets one axis per trend, and one for no previous figure.
    """
    if not scheme.trend_aware:
        return Classifier(target, scheme, build_axis(target, scheme, None), None)
    by_trend = tuple(build_axis(target, scheme, trend) for trend in TRENDS)
    policy = scheme.when_no_previous
    if isinstance(policy, Trend):
        axis = by_trend[TRENDS.index(policy)]
    elif isinstance(policy, Status):
        axis = merged(by_trend, policy)
    else:
        axis = build_axis(target, scheme, None)
    return Classifier(target, scheme, axis, by_trend)


def classify(
    value: object, target: Target | str, tolerance: Rule, *, previous: object = None
) -> Status:
    """The status of ``value`` against ``target`` under ``tolerance``.

    Args:
        value: an int, float (read as the decimal it prints as), Decimal or
            numeric string; ``None`` means no data and is not rated.
        target: a ``Target`` or target text such as ``"<43"``.
        tolerance: a ``Tolerance``, tolerance text (``"10%"``, ``"5pt"``,
            ``"none"``) for the standard Green/Amber/Red scheme, or a
            ``Scheme``.
        previous: the previous period's figure, for a trend-aware scheme
            (``None``: there is none; the scheme's ``when_no_previous`` says
            what happens).

    ```pycon
    >>> classify(67.5, "75%", "10%"), classify(67.49, "75%", "10%")
    (<Status Amber (RAG)>, <Status Red (RAG)>)

    ```
    """
    if previous is None:
        last = _LAST[0]
        if last[0] is target and last[1] is tolerance:
            return last[2](value)
        rules = _BY_IDENTITY.get(id(target))
        if rules is not None:
            known = rules[1].get(id(tolerance))
            if known is not None:
                _LAST[0] = (target, tolerance, known[1])
                return known[1](value)
    else:
        return Classifier.prepare(target, tolerance)(value, previous=previous)
    status = Classifier.prepare(target, tolerance).__call__
    if len(_BY_IDENTITY) >= _IDENTITY_LIMIT:
        _BY_IDENTITY.clear()
    rules = _BY_IDENTITY.setdefault(id(target), (target, {}))
    if len(rules[1]) >= _IDENTITY_LIMIT:
        rules[1].clear()
    rules[1][id(tolerance)] = (tolerance, status)
    _LAST[0] = (target, tolerance, status)
    return status(value)


_BY_IDENTITY: dict[int, tuple[object, dict[int, tuple[object, Callable[[object], Status]]]]] = {}
"""Prepared rules by the identity of the target, then of the rule. Each entry keeps its
object alive, so no other object can have its id while it lives: a hit is the same
arguments. A lookup costs two ``id`` calls and two small dictionary lookups, not two
``__hash__`` calls of Target and Tolerance objects. Bounded: cleared when full."""
_IDENTITY_LIMIT = 1024
_NOTHING = object()
_LAST: list[tuple[object, object, Callable[[object], Status]]] = [
    (_NOTHING, _NOTHING, lambda _value: Status.NOT_RATED)
]
"""The last arguments classify saw and their prepared rule (a loop over values repeats them).
Replaced whole, as one tuple, so a reader never sees half of an update."""


def assess(
    value: object, target: Target | str, tolerance: Rule, *, previous: object = None
) -> Assessment:
    """Like ``classify``, with the gap, the edges and an explanation."""
    return Classifier.prepare(target, tolerance).assess(value, previous=previous)


@overload
def classify_many(values: ArrayLike, target: Target | str, tolerance: Rule) -> Any: ...  # noqa: ANN401


@overload
def classify_many(
    values: Iterable[object], target: Target | str, tolerance: Rule
) -> list[Status]: ...


def classify_many(
    values: Iterable[object] | ArrayLike, target: Target | str, tolerance: Rule
) -> list[Status] | Any:
    """The status of each value, with the target and tolerance prepared once.

    A NumPy array gives a NumPy object array of statuses of the same shape,
    worked out without a Python loop over float64 or integer elements (NumPy
    is imported only when an array is given).

    ```pycon
    >>> statuses = classify_many([42.99, 43, 47.3, 47.31, None], "<43", "10%")
    >>> [str(status) for status in statuses]
    ['Green', 'Amber', 'Amber', 'Red', 'N/A']

    ```
    """
    return Classifier.prepare(target, tolerance).many(values)
