"""Explanations of float figures as column expressions: the rule's wording filled in per row.

The rule engine words every region of a prepared rule once (``Classifier.recipes``):
the text around the figure, the shortfall and its percentage is the same for every
value of the region. So the only per-value work is writing those three numbers, and
a frame engine does it with its own string and integer operations, exactly:

- the figure: the engine's text of the float, accepted only where it is the
  fixed-point text Python's ``repr`` gives (``46.0``, ``0.0001``, ``-12.5``; not
  ``1e-05`` or ``1e+16``) and reads back as the same float;
- the shortfall: the figure and the target end as integers of the same number of
  decimal places, subtracted exactly (64-bit integers, with room to spare);
- its percentage of the target end: a long division of those integers to
  thousandths, rounded half up to tenths, as ``Recipe.explain`` does;
- the gap: the exact shortfall's text read as a float by the engine (the one
  rounding ``float(Decimal)`` makes).

Every other row goes the exact way, once per distinct value (``fallback``): a float
equal to an edge's float copy (the exact comparison decides its region), a figure
the engine writes in scientific notation (below 0.0001 or from 1E+16 up) or
otherwise than ``repr``, one whose integers would pass 10**17, and every row of a
trend-aware rule (its wording depends on the direction of travel too).
"""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import narwhals as nw

from kpirag.rules import Classifier, Operator, Recipe, with_unit

__all__ = ["explain_floats", "vector_recipe"]

_T = "__kpirag_"
_LIMIT = 17
"""Most digits (integer part plus decimal places) of the integers a row's figure and
target end are written as: below 10**17, so ten times them stays within 64 bits."""
_POWERS = {p: 10**p for p in range(_LIMIT + 1)}
_RECIPE = {
    "p0": nw.String,
    "p1": nw.String,
    "p2": nw.String,
    "p3": nw.String,
    "fields": nw.Int64,
    "pre": nw.String,
    "suf": nw.String,
    "ref": nw.Int64,
    "places": nw.Int64,
    "whole": nw.Int64,
    "inside": nw.Boolean,
    "below": nw.Boolean,
    "edge": nw.Float64,
    "scale": nw.Float64,
}
"""The columns of a recipe row (each prefixed ``__kpirag_r``), and their types."""
_NONE: dict[str, object] = dict.fromkeys(("p0", "p1", "p2", "p3", "pre", "suf"), "") | {
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
    slots. ``pre`` and ``suf`` are what the target's unit puts around a figure
    (``£``, ``%``, `` weeks``), after any minus sign. The target end the gap is
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
        "p0": pieces[0],
        "p1": pieces[1],
        "p2": pieces[2],
        "p3": pieces[3],
        "fields": fields,
        "pre": pre,
        "suf": suf,
        "ref": -scaled if sign else scaled,
        "places": places,
        "whole": whole,
        "inside": recipe.inside,
        "below": recipe.below,
        "edge": float(recipe.edges[-1].value) if recipe.edges else None,
        "scale": float(relative.copy_abs()) if relative else None,
    }


def recipe_rows(
    classifiers: list[Classifier | None], tables: list[Any], width: int
) -> dict[str, list[object]]:
    """The recipe of each region key a float can get strictly between two edges.

    ``tables``: each rule number's float ``EdgeTable``; a region key is the rule's
    offset plus twice the number of (padded) edges below the value (``_edge_columns``).
    A rule whose float edges are not one per exact boundary (two boundaries with one
    float copy), or that is trend-aware, has no rows: its values go the exact way.
    """
    rows: dict[str, list[object]] = {f"{_T}rkey": [-1]} | {
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
    keys = [key for key in recipes[f"{_T}rkey"] if isinstance(key, int) and key >= 0] or [-1]
    region = nw.col(f"{_T}region")
    joined = joined.with_columns(
        nw.when(region.is_in(keys)).then(region).otherwise(nw.lit(-1)).alias(f"{_T}rkey")
    ).join(_typed_recipes(small(recipes)), on=f"{_T}rkey", how="left")
    written = _text(x)
    negative = written.str.starts_with("-")
    unsigned = written.str.replace("-", "", literal=True)
    fixed = unsigned.str.contains(r"^[0-9]+\.[0-9]+$") & (written.cast(nw.Float64) == x)
    vectorised = ~bad & (_r("fields") > 0) & fixed
    # Stage 1: the figure's text, split into its integer part and its decimals.
    joined = joined.with_columns(
        nw.when(vectorised).then(unsigned).otherwise(nw.lit("0.0")).alias(f"{_T}fig"),
        (vectorised & negative & (x != 0)).alias(f"{_T}neg"),
        vectorised.alias(f"{_T}vec"),
    )
    figure = nw.col(f"{_T}fig")
    integer = figure.str.replace(r"\.[0-9]*$", "")
    decimals = figure.str.replace(r"^[0-9]*\.", "")
    joined = joined.with_columns(
        integer.cast(nw.Int64).alias(f"{_T}int"),
        decimals.cast(nw.Int64).alias(f"{_T}dec"),
        decimals.str.len_chars().cast(nw.Int64).alias(f"{_T}px"),
        integer.str.len_chars().cast(nw.Int64).alias(f"{_T}ix"),
    )
    px, places = nw.col(f"{_T}px"), _r("places")
    joined = joined.with_columns(
        nw.when(px > places).then(px).otherwise(places).alias(f"{_T}p"),
    )
    p = nw.col(f"{_T}p")
    fits = (nw.col(f"{_T}ix") + p <= _LIMIT) & (_r("whole") + p <= _LIMIT)
    joined = joined.with_columns(
        (nw.col(f"{_T}vec") & fits).alias(f"{_T}vec"),
        nw.when(fits).then(p).otherwise(nw.lit(1)).alias(f"{_T}p"),
    )

    def power(exponent: Any) -> Any:  # noqa: ANN401
        return exponent.replace_strict(_POWERS, default=nw.lit(1), return_dtype=nw.Int64)

    magnitude = nw.col(f"{_T}int") * power(p) + nw.col(f"{_T}dec") * power(p - px)
    figure_scaled = nw.when(nw.col(f"{_T}neg")).then(-magnitude).otherwise(magnitude)
    reference = _r("ref") * power(p - places)
    joined = joined.with_columns(
        (figure_scaled - reference).alias(f"{_T}d"),
        reference.abs().alias(f"{_T}a"),
        power(p).alias(f"{_T}pw"),
    )
    d, a, pw = nw.col(f"{_T}d"), nw.col(f"{_T}a"), nw.col(f"{_T}pw")
    n = d.abs()
    by = nw.concat_str(_text(n // pw), nw.lit("."), _text(n % pw + pw).str.slice(1))
    # The shortfall's share of the target end in tenths of a percent, rounded half up.
    divisor = nw.when(a == 0).then(nw.lit(1)).otherwise(a)
    whole = n // divisor
    ok_share = whole < 10**15
    remainder = n % divisor
    tenths = nw.when(ok_share).then(whole).otherwise(nw.lit(0)) * 1000
    for weight in (100, 10, 1):
        remainder = remainder * 10
        tenths = tenths + remainder // divisor * weight
        remainder = remainder % divisor
    tenths = tenths + (remainder * 2 >= divisor).cast(nw.Int64)
    share = nw.concat_str(_text(tenths // 10), nw.lit("."), _text(tenths % 10))
    missed = _r("fields") >= 2  # noqa: PLR2004 - the shortfall's slot
    shares = _r("fields") == 3  # noqa: PLR2004 - its percentage's slot
    right_side = nw.when(_r("below")).then(d <= 0).otherwise(d >= 0)
    shown = nw.concat_str(
        nw.when(nw.col(f"{_T}neg")).then(nw.lit("-")).otherwise(nw.lit("")),
        _r("pre"),
        figure,
        _r("suf"),
    )
    joined = joined.with_columns(
        (
            nw.col(f"{_T}vec")
            & (~missed | right_side)
            & (~shares | ok_share)
            & (d != 0)  # a gap of zero keeps the sign a Decimal gives it: the exact way
        ).alias(f"{_T}vec"),
        nw.concat_str(
            _r("p0"),
            shown,
            _r("p1"),
            nw.when(missed).then(by).otherwise(nw.lit("")),
            _r("p2"),
            nw.when(shares).then(share).otherwise(nw.lit("")),
            _r("p3"),
        ).alias(f"{_T}vexplanation"),
        nw.when(_r("inside"))
        .then(nw.lit("0"))
        .otherwise(nw.concat_str(nw.when(d < 0).then(nw.lit("-")).otherwise(nw.lit("")), by))
        .cast(nw.Float64)
        .alias(f"{_T}vgap"),
    )
    vec = nw.col(f"{_T}vec")
    joined = fallback(joined, ~bad & ~vec)
    gap = nw.col(f"{_T}vgap")
    vector = {
        f"{_T}explanation": nw.col(f"{_T}vexplanation"),
        "gap": gap,
        "relative_gap": gap * 100 / _r("scale"),
        "tolerance_edge": _r("edge"),
    }
    joined = joined.with_columns(
        nw.when(vec).then(vector[name]).otherwise(nw.col(name)).alias(name) for name in names
    )
    temporary = [f"{_T}{n}" for n in ("fig", "neg", "vec", "int", "dec", "px", "ix", "p", "d")]
    temporary += [f"{_T}{n}" for n in ("a", "pw", "vexplanation", "vgap", "rkey")]
    return joined.drop([*temporary, *(f"{_T}r{name}" for name in _RECIPE)])


def exact_relative(gap: Decimal | None, scale: float | None) -> float | None:
    """The relative gap as ``explain_floats`` works it out: in floats, from the exact gap."""
    if gap is None or scale is None:
        return None
    return float(gap) * 100 / scale
