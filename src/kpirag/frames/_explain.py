"""Explanations of float figures as column expressions: the rule's wording filled in per row.

The rule engine words every region of a prepared rule once (``Classifier.recipes``):
the text around the figure, the shortfall and its percentage is the same for every
value of the region. So the only per-value work is writing those three numbers, and
a frame engine does it with its own string and integer operations, exactly:

- the figure: the engine's text of the float, taken only where it is written in
  fixed point with a decimal point (``46.0``, ``0.00001``, ``-12.5``), below 1E+16,
  and reads back as the same float. Those are the shortest digits that read back so
  (pandas and Dask call ``repr``; polars and DuckDB write the shortest round-trip
  digits), which is the decimal ``to_decimal`` reads, and ``format_decimal`` writes
  it the same way in that range;
- the shortfall: the figure and the target end as 64-bit integers of the same
  number of decimal places (below 10**18), subtracted exactly;
- its percentage of the target end: a long division of those integers to
  thousandths, rounded half up to tenths, as ``Recipe.explain`` rounds it;
- the gap: the exact shortfall's text read as a float by the engine (the one
  rounding ``float(Decimal)`` makes).

Every other row goes the exact way, once per distinct value (``fallback``): a float
equal to an edge's float copy (the exact comparison decides its region), a figure
the engine writes in scientific notation or without a decimal point, one whose
integers would reach 10**18, a zero gap (it keeps the sign the Decimal gives it),
and every row of a trend-aware rule (its wording depends on the direction of travel).
"""

from __future__ import annotations

import functools
import operator
import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import narwhals as nw

from kpirag.rules import Classifier, Operator, Recipe, with_unit

__all__ = ["HUGE_GAP", "explain_floats", "recipe_rows", "scale_of", "vector_recipe"]

HUGE_GAP = 1e306
"""Past this size a gap is divided by its target end before it is times 100 (for
``relative_gap``), so the product cannot overflow to infinity."""

_T = "__kpirag_"  # the prefix of temporary columns
_LIMIT = 18
"""Most digits (integer part plus decimal places) of the integers a row's figure and
target end are written as: below 10**18, so their difference, and five times either,
stays within 64 bits."""
_QUOTIENT = 10**15
"""Largest shortfall-to-target-end ratio worded by the column expressions (its
thousandths stay within 64 bits); a larger one goes the exact way."""
_FIXED = 1e16
"""Where ``repr`` turns to scientific notation: from there ``format_decimal`` writes a
whole float without ``.0`` (``10000000000000000``), so no engine's text is taken."""
_POWERS = {p: 10**p for p in range(_LIMIT + 1)}
_RECIPE: dict[str, Any] = {
    "p0": nw.String,
    "p1": nw.String,
    "p2": nw.String,
    "p3": nw.String,
    "fields": nw.Int64,
    "prefixed": nw.Boolean,
    "ref": nw.Int64,
    "places": nw.Int64,
    "whole": nw.Int64,
    "inside": nw.Boolean,
    "below": nw.Boolean,
    "edge": nw.Float64,
    "scale": nw.Float64,
}
"""The columns of a recipe row (each prefixed ``__kpirag_r``), and their types."""
_NONE: dict[str, object] = dict.fromkeys(("p0", "p1", "p2", "p3"), "") | {
    "prefixed": False,
    "inside": False,
    "below": False,
    "edge": None,
    "scale": None,
}


def vector_recipe(classifier: Classifier, recipe: Recipe) -> dict[str, object] | None:
    """``recipe`` as the columns ``explain_floats`` fills in, or ``None`` if it cannot.

    The wording is cut at its slots ``{0}`` (the figure), ``{1}`` (the shortfall) and
    ``{2}`` (its percentage): ``p0`` before the figure, ``p1`` before the shortfall,
    ``p2`` before the percentage, ``p3`` after the last slot; ``fields`` counts the
    slots; what the target's unit puts around a figure (``£``, ``%``, `` weeks``) is
    part of ``p0`` and ``p1``, and ``prefixed`` says a unit comes before the figure, where
    a minus sign goes before the unit (``-£5``). The target end the gap is
    measured from is ``ref`` over ``10**places`` exactly (``whole``: the digits of
    its integer part); ``edge`` is the tolerance edge column and ``scale`` the size of
    the target end the relative gap divides by (``_relative``'s, ``None`` for zero).
    """
    pieces = ["", "", "", ""]
    fields = 0
    for literal, field, spec, conversion in string.Formatter().parse(recipe.text):
        pieces[fields] += literal
        if field is None:
            continue
        if field != str(fields) or spec or conversion or fields == 3:  # noqa: PLR2004
            return None
        fields += 1
    sign, digits, exponent = recipe.reference.as_tuple()
    if not isinstance(exponent, int):  # pragma: no cover - a reference is finite
        return None
    places = max(-exponent, 0)
    scaled = int("".join(map(str, digits)) or "0") * 10 ** max(exponent, 0)
    whole = len(str(scaled // 10**places))
    if whole + places > _LIMIT:
        return None
    target = classifier.target
    pre, suf = with_unit("\0", target.unit, percent=target.percent).split("\0")
    between = target.operator is Operator.BETWEEN
    relative = recipe.reference if between and not recipe.inside else target.bounds[0]
    return {
        "p0": pieces[0] + pre,
        "p1": suf + pieces[1],
        "p2": pieces[2],
        "p3": pieces[3],
        "fields": fields,
        "prefixed": bool(pre),
        "ref": -scaled if sign else scaled,
        "places": places,
        "whole": whole,
        "inside": recipe.inside,
        "below": recipe.below,
        "edge": float(recipe.edges[-1].value) if recipe.edges else None,
        "scale": scale_of(relative),
    }


def scale_of(end: Decimal) -> float | None:
    """The size of a target end the relative gap divides by, as a float.

    ``None`` for zero, or for an end too small for a float (it would divide by zero).
    """
    size = float(end.copy_abs())
    return size or None


def recipe_rows(
    classifiers: list[Classifier | None], tables: list[Any], width: int
) -> dict[str, list[object]]:
    """The recipe of each region key a float can get strictly between two edges.

    ``tables``: each rule number's float ``EdgeTable``; a region key is the rule's
    offset plus twice the number of (padded) edges below the value (``_edge_columns``).
    A rule whose float edges are not one per exact boundary (two boundaries with one
    float copy), or that is trend-aware, has no rows: its values go the exact way.
    """
    rows: dict[str, list[object]] = {f"{_T}rkey": list[object]([-1])} | {
        f"{_T}r{name}": [_NONE.get(name, 0)] for name in _RECIPE
    }  # the row of every other key: no slot, nothing vectorised
    for rule, (classifier, table) in enumerate(zip(classifiers, tables, strict=True)):
        if classifier is None or classifier.trend_aware:
            continue
        bounds = classifier.boundaries
        if len(table.edges) != len(bounds) or any(
            edge != float(bound) for edge, bound in zip(table.edges, bounds, strict=True)
        ):
            continue
        recipes = classifier.recipes()
        base = rule * (2 * width + 1)
        for index, recipe in enumerate(recipes.between):
            data = vector_recipe(classifier, recipe)
            if data is None:
                continue
            rows[f"{_T}rkey"].append(base + (2 * index if index < len(bounds) else 2 * width))
            for name, cell in data.items():
                rows[f"{_T}r{name}"].append(cell)
    return rows


def _typed_recipes(recipes: Any) -> Any:  # noqa: ANN401
    """The recipe rows' frame, each column of its type."""
    return recipes.with_columns(
        nw.col(f"{_T}rkey").cast(nw.Int64),
        *(nw.col(f"{_T}r{name}").cast(dtype) for name, dtype in _RECIPE.items()),
    )


def _r(name: str) -> Any:  # noqa: ANN401 - a narwhals expression
    return nw.col(f"{_T}r{name}")


def _text(number: Any) -> Any:  # noqa: ANN401
    return number.cast(nw.String)


def _c(name: str) -> Any:  # noqa: ANN401 - a narwhals expression
    return nw.col(f"{_T}{name}")


def _staged(frame: Any, **columns: Any) -> Any:  # noqa: ANN401
    """``frame`` with ``columns`` added (each a ``__kpirag_`` column): one stage, each once.

    Eager engines work each expression out in full, a shared part as often as it
    is used: every text or number used twice is made a column first.
    """
    return frame.with_columns(expr.alias(f"{_T}{name}") for name, expr in columns.items())


def _tenths(frame: Any, n: Any, a: Any) -> Any:  # noqa: ANN401
    """``frame`` with ``__kpirag_tenths``: ``n * 1000 / a`` rounded half up, within 64 bits.

    ``a`` is under 10**18: each decimal digit of the long division doubles the
    remainder (under ``2a``), takes ``a`` off if it can, then multiplies by five
    (under ``5a``). A quotient past ``_QUOTIENT`` gives 0 (those rows go the exact way).
    """
    quotient = n // a
    frame = _staged(
        frame,
        tenths=nw.when(quotient < _QUOTIENT).then(quotient).otherwise(nw.lit(0)) * 1000,
        rest=n % a,
    )
    for weight in (100, 10, 1):
        twice = _c("rest") * 2
        frame = _staged(frame, rest=twice - (twice >= a).cast(nw.Int64) * a, over=twice >= a)
        fivefold = _c("rest") * 5
        frame = _staged(
            frame,
            tenths=_c("tenths") + (_c("over").cast(nw.Int64) * 5 + fivefold // a) * weight,
            rest=fivefold % a,
        )
    frame = _staged(frame, tenths=_c("tenths") + (_c("rest") * 2 >= a).cast(nw.Int64))
    return frame.drop(f"{_T}rest", f"{_T}over")


def explain_floats(  # noqa: PLR0917 - one call site, each argument a different kind
    joined: Any,  # noqa: ANN401 - the observations joined to their rules
    value: str,
    bad: Any,  # noqa: ANN401 - rows with no finite figure
    recipes: dict[str, list[object]],
    small: Callable[[dict[str, list[object]]], Any],
    fallback: Callable[[Any, Any], Any],
    names: list[str],
) -> Any:  # noqa: ANN401
    """``joined`` with the explanation, gap, relative gap and tolerance edge of each float.

    ``joined`` has the region key column (``__kpirag_region``); ``fallback(frame, rows)``
    adds the ``names`` columns worked out the exact way for the ``rows`` it is given.
    ``recipes`` are the ``recipe_rows``, made a frame on ``joined``'s engine by ``small``.
    """
    x = nw.col(value)
    if joined.collect_schema()[value] != nw.Float64:  # a float32 is read as its float64 value
        x = x.cast(nw.Float64)
    keys = [key for key in recipes[f"{_T}rkey"] if isinstance(key, int) and key >= 0] or [-1]
    region = _c("region")
    joined = joined.with_columns(
        nw.when(region.is_in(keys)).then(region).otherwise(nw.lit(-1)).alias(f"{_T}rkey")
    ).join(_typed_recipes(small(recipes)), on=f"{_T}rkey", how="left")
    # The figure as the engine writes it: taken where it is repr's fixed-point text.
    joined = _staged(joined, written=_text(x))
    written = _c("written")
    joined = _staged(
        joined,
        vec=(
            ~bad
            & (_r("fields") > 0)
            & written.str.contains(".", literal=True)
            & ~written.str.contains("e", literal=True)
            & (written.cast(nw.Float64) == x)
            & (x.abs() < _FIXED)
        ).fill_null(value=False),
        signed=written.str.starts_with("-"),
    )
    vec, signed = _c("vec"), _c("signed")
    # The figure's words are its text: with its sign, but not -0.0 (written 0.0), nor
    # a negative figure of a unit that comes first (-£5): those go the exact way.
    joined = _staged(joined, vec=vec & ~(signed & (_r("prefixed") | (x == 0))))
    joined = _staged(
        joined,
        fig=nw.when(vec)
        .then(nw.when(signed).then(written.str.slice(1)).otherwise(written))
        .otherwise(nw.lit("0.0")),
        neg=vec & signed,
        # The digits of the integer part: one more for each power of ten it reaches.
        ix=functools.reduce(
            operator.add, ((x.abs() >= 10.0**k).cast(nw.Int64) for k in range(1, _LIMIT)), nw.lit(1)
        ),
    ).drop(f"{_T}signed")
    figure = _c("fig")
    joined = _staged(
        joined,
        px=figure.str.len_chars().cast(nw.Int64) - _c("ix") - 1,
        digits=figure.str.replace_all(".", "", literal=True).cast(nw.Int64),
    ).drop(f"{_T}fig")
    px, places = _c("px"), _r("places")
    p = nw.when(px > places).then(px).otherwise(places)
    fits = (_c("ix") + p <= _LIMIT) & (_r("whole") + p <= _LIMIT) & (px > 0)
    joined = _staged(joined, vec=vec & fits, p=nw.when(fits).then(p).otherwise(nw.lit(1)))
    p = _c("p")

    def power(exponent: Any) -> Any:  # noqa: ANN401
        return exponent.replace_strict(_POWERS, default=nw.lit(1), return_dtype=nw.Int64)

    magnitude = _c("digits") * power(p - px)
    figure_scaled = nw.when(_c("neg")).then(-magnitude).otherwise(magnitude)
    reference = _r("ref") * power(p - places)
    joined = _staged(joined, d=figure_scaled - reference, a=reference.abs(), pw=power(p))
    joined = joined.drop([f"{_T}{name}" for name in ("neg", "ix", "px", "digits", "p")])
    d, a, pw = _c("d"), _c("a"), _c("pw")
    joined = _staged(joined, n=d.abs(), a=nw.when(a == 0).then(nw.lit(1)).otherwise(a))
    n, a = _c("n"), _c("a")
    joined = _staged(
        _tenths(joined, n, a), units=_text(n // pw), places_text=_text(n % pw + pw).str.slice(1)
    )
    tenths = _c("tenths")
    joined = _staged(
        joined,
        by=nw.concat_str(_c("units"), nw.lit("."), _c("places_text")),
        share=nw.concat_str(_text(tenths // 10), nw.lit("."), _text(tenths % 10)),
    ).drop([f"{_T}{name}" for name in ("units", "places_text", "tenths", "pw")])
    missed = _r("fields") >= 2  # noqa: PLR2004 - the shortfall's slot
    shares = _r("fields") == 3  # noqa: PLR2004 - its percentage's slot
    right_side = nw.when(_r("below")).then(d <= 0).otherwise(d >= 0)
    joined = _staged(joined, gap=_c("by").cast(nw.Float64))
    joined = _staged(
        joined,
        vec=(
            vec
            & (~missed | right_side)
            & (~shares | (n // a < _QUOTIENT))
            & (d != 0)  # a gap of zero keeps the sign a Decimal gives it: the exact way
        ),
        vexplanation=nw.concat_str(
            _r("p0"),
            written,
            _r("p1"),
            nw.when(missed).then(_c("by")).otherwise(nw.lit("")),
            _r("p2"),
            nw.when(shares).then(_c("share")).otherwise(nw.lit("")),
            _r("p3"),
        ),
        vgap=nw.when(_r("inside"))
        .then(nw.lit(0.0))
        .otherwise(nw.when(d < 0).then(-_c("gap")).otherwise(_c("gap"))),
    )
    temporary = ["written", "d", "a", "n", "by", "share", "gap"]
    joined = joined.drop([f"{_T}{name}" for name in temporary])
    gap = _c("vgap")
    vector = {
        f"{_T}explanation": _c("vexplanation"),
        "gap": gap,
        "relative_gap": nw.when(gap.abs() > HUGE_GAP)
        .then(gap / _r("scale") * 100)
        .otherwise(gap * 100 / _r("scale")),
        "tolerance_edge": _r("edge"),
    }
    rows = ~bad & ~vec
    if isinstance(joined, nw.DataFrame) and not joined.select(rows.any()).item():
        # Every row is worded here: no exact lookup. A row with no finite figure gets no
        # numbers, and its reason for words (``_explained_columns``).
        unrated = joined.select(bad.any()).item()
        columns = [
            (nw.when(~bad).then(expr) if unrated and name != f"{_T}explanation" else expr)
            for name, expr in vector.items()
            if name in names
        ]
    else:
        joined = fallback(joined, rows)
        columns = [nw.when(vec).then(vector[name]).otherwise(nw.col(name)) for name in names]
    joined = joined.with_columns(
        expr.alias(name) for expr, name in zip(columns, names, strict=True)
    )
    temporary = ["vec", "vexplanation", "vgap", "rkey", *(f"r{name}" for name in _RECIPE)]
    return joined.drop([f"{_T}{name}" for name in temporary])
