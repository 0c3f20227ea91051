"""Evaluating observations held in a data frame, exactly, with column expressions.

One code path for every engine narwhals supports: each KPI's rule is compiled
once by the rule engine (``Classifier.table``) to a small table of float (or
integer) edges and the exact status around each, joined to the observations by
KPI id, and the status is looked up from the region of the edges a value falls in.
Explanations, gaps and the direction of travel are worked out once per distinct
(rule, value) by the scalar engine and joined back. Exact-typed values (Decimal,
text) go through that distinct path for their status too, and so do the figures
of a KPI whose figures are fractions of 1 (multiplied by 100 exactly). Why a row
is not rated and which status is reported follow the declarations that
``kpirag.kpi.rate`` follows (``NOT_RATED_ORDER``, ``NOT_RATED_WORDING``,
``OVERRIDE_PRECEDENCE``).
"""

from __future__ import annotations

import functools
import math
import operator
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any, Literal

import narwhals as nw

from kpirag._validate import instance
from kpirag.errors import (
    InvalidKPIError,
    InvalidSchemeError,
    InvalidValueError,
    KpiragError,
    Location,
    ValueTypeError,
)
from kpirag.frames._definitions import Definition, id_column, native_frame, read_definitions
from kpirag.frames._explain import _T, HUGE_GAP, explain_floats, recipe_rows, scale_of
from kpirag.frames._objects import _labels, _number, _status_dtype
from kpirag.frames._travel import travel_floats
from kpirag.kpi import (
    NOT_RATED_ORDER,
    NOT_RATED_WORDING,
    OVERRIDE_PRECEDENCE,
    Figure,
    Framework,
    NotRated,
    Observation,
    Unit,
    evaluate_kpi,
    looks_like_fractions,
    parse_period,
    travel,
)
from kpirag.rules import (
    Classifier,
    EdgeTable,
    Operator,
    Scale,
    Scheme,
    Status,
    Target,
    Trend,
    parse_quantity,
    to_decimal,
)

Kind = Literal["float", "int"]
TRENDS = tuple(Trend)

__all__ = ["RESULT_COLUMNS", "compile_rule", "evaluate"]

RESULT_COLUMNS = (
    "title",
    "theme",
    "unit",
    "target",
    "target_low",
    "target_high",
    "tolerance_edge",
    "computed",
    "recorded",
    "status",
    "gap",
    "relative_gap",
    "travel",
    "explanation",
    "not_rated_reason",
)
"""The columns ``evaluate`` adds with ``explain=True``, in order (``recorded`` and
``travel`` only when those inputs are named)."""

_UNKNOWN = "Unknown KPI"
_NOT_FINITE = "Not a finite number"
_NUMBERS = ("gap", "relative_gap", "tolerance_edge", "target_low", "target_high")
_CODES = (f"{_T}rule", f"{_T}code", f"{_T}trend", f"{_T}rec")
_EXPLAINED = (f"{_T}explanation", "gap", "relative_gap", "tolerance_edge")


class _Rules:
    """The distinct rules of a framework's KPIs, numbered, with their codes on one scale.

    A trend-aware rule takes four numbers, one per direction of travel after
    ``None`` (no previous figure): ``rule_of`` gives the first, and a row's
    trend code (0 for none, then ``TRENDS`` in order) is added to it.
    """

    def __init__(self, rows: Sequence[Definition], default: Scheme, scale: Scale) -> None:
        self.scale = scale
        self.labels = _labels(scale)
        self.classifiers: list[Classifier | None] = []
        self.trends: list[Trend | None] = []
        self.fractions: list[bool] = []  # bare figures are fractions of 1, x100 exactly
        self.rule_of: dict[str, int] = {}
        self.kpis = {row.kpi_id: row for row in rows}
        # Keyed on how the target and scheme are written too: equal targets (>=236.0, >=236)
        # each explain with their own wording, as the rules' cache of prepared rules keeps them.
        numbers: dict[tuple[Target | None, str, Scheme, str, bool], int] = {}
        for kpi_id, _, _, kpi in rows:
            scheme = kpi.scheme or default
            key = (kpi.target, repr(kpi.target), scheme, repr(scheme), kpi.fraction is True)
            if key not in numbers:
                numbers[key] = len(self.classifiers)
                off = [status for status in scheme.statuses if status not in scale]
                if off:
                    raise InvalidSchemeError(
                        f"KPI {kpi_id!r}: the status {off[0]} is not on the {scale.name} "
                        "scale; pass the scale the schemes use as scale="
                    )
                classifier = None if kpi.target is None else Classifier.prepare(kpi.target, scheme)
                trends = (None, *TRENDS) if classifier and classifier.trend_aware else (None,)
                self.classifiers += [classifier] * len(trends)
                self.trends += trends
                self.fractions += [key[-1]] * len(trends)
            if kpi_id in self.rule_of:
                raise InvalidKPIError(f"Invalid KPI id(s) [{kpi_id!r}]: ids must be unique")
            self.rule_of[kpi_id] = numbers[key]
        self.trend_aware = len(self.trends) > len(numbers)
        self.scaled = any(self.fractions)

    def figure(self, rule: int, value: Any) -> Any:  # noqa: ANN401 - a cell of the value column
        """A figure in the units its rule compares: a bare figure of fractions of 1 times 100.

        As ``KPI.fraction`` says: ``0.69`` is 69, digits kept; ``69%`` stays 69.
        """
        if not self.fractions[rule] or value is None:
            return value
        if isinstance(value, str):
            figure = Figure.parse(value)
            if figure.percent:
                return figure.value
            value = figure.value
        sign, digits, exponent = to_decimal(value).as_tuple()
        assert isinstance(exponent, int)  # noqa: S101 - to_decimal gives finite numbers
        shift = exponent + 2  # written out digit by digit: no context rounds or refuses it
        return Decimal((sign, (*digits, *(0,) * shift), 0) if shift > 0 else (sign, digits, shift))

    def unsaid(self) -> list[str]:
        """The KPIs whose figures may be unsaid fractions of 1: those a bare 0.5 would be."""
        half = Figure(Decimal("0.5"))
        rules = [(row.kpi_id, row.rule) for row in self.kpis.values()]
        return [i for i, kpi in rules if looks_like_fractions(kpi, [(half, kpi.target)])]

    def variants(self, kpi_id: str) -> range:
        """The trend codes a KPI's rule has (0 only, unless it is trend-aware)."""
        classifier = self.classifiers[self.rule_of[kpi_id]]
        return range(4 if classifier is not None and classifier.trend_aware else 1)

    def code(self, status: Status) -> int:
        return 0 if not status.rated else self.scale.levels.index(status) + 1

    def table(self, rule: int, kind: Kind) -> EdgeTable:
        classifier = self.classifiers[rule]
        if classifier is None:  # no target yet: every value is not rated
            zero = 0 if kind == "int" else 0.0
            na = Status.NOT_RATED
            return EdgeTable((zero,), (na,), (na,), na)
        return classifier.table(kind, self.trends[rule])


def compile_rule(classifier: Classifier, *, kind: Kind) -> EdgeTable:
    """Deprecated: ``classifier.table(kind)``, the rule's edges for a column engine."""
    warnings.warn(
        "kpirag.frames.compile_rule is deprecated; use Classifier.table",
        DeprecationWarning,
        stacklevel=2,
    )
    return instance(classifier, Classifier, field="classifier").table(kind)


def _small_frame(
    data: Mapping[str, Sequence[object]],
    like: Any,  # noqa: ANN401
    *,
    piece: bool = False,
) -> Any:  # noqa: ANN401
    """A small frame of ``data`` on the same engine as ``like`` (lazy stays lazy).

    On DuckDB it is read on ``like``'s own connection (by the name of the arrow
    table, as DuckDB reads a Python table). A column with no entries (no explanation
    yet, no target anywhere) gets the type its name says, not the null type joins refuse.
    With ``piece``, a lazy ``like`` other than DuckDB gets an eager frame, to be
    joined with other pieces (``nw.concat``) and then made lazy (``_lazy_like``).
    """
    implementation = like.implementation
    small: Any
    if isinstance(like, nw.DataFrame):
        small = nw.from_dict(dict(data), backend=implementation)
    elif implementation is nw.Implementation.DUCKDB:
        __kpirag_small = nw.from_dict(dict(data), backend="pyarrow").to_native()  # read by name:
        small = nw.from_native(like.to_native().query(f"{_T}rows", "FROM __kpirag_small"))
    else:
        eager = implementation if implementation is nw.Implementation.POLARS else "pyarrow"
        small = nw.from_dict(dict(data), backend=eager)
        small = small if piece else small.lazy(backend=implementation)
    return _typed(small, dict.fromkeys(_NUMBERS, nw.Float64) | dict.fromkeys(_CODES, nw.Int64))


def _lazy_like(small: Any, like: Any) -> Any:  # noqa: ANN401
    """``small`` (``_small_frame`` pieces, joined) as lazy as ``like`` is, on its engine."""
    if isinstance(small, nw.DataFrame) and not isinstance(like, nw.DataFrame):
        return small.lazy(backend=like.implementation)
    return small


def _typed(frame: Any, types: Mapping[str, Any], default: Any = nw.String) -> Any:  # noqa: ANN401
    """``frame`` with each column of the null type typed as ``types`` says, else ``default``.

    A column with no entries has the null type on pyarrow, polars and DuckDB, which
    joins and replacements refuse; as numbers or text it reads as empty everywhere.
    """
    casts = [
        nw.col(name).cast(types.get(name, default))
        for name, dtype in frame.collect_schema().items()
        if dtype == nw.Unknown and (name in types or default is not None)
    ]
    return frame.with_columns(*casts) if casts else frame


def _collect(frame: Any) -> Any:  # noqa: ANN401
    return frame.collect() if hasattr(frame, "collect") else frame


def evaluate(
    observations: Any,  # noqa: ANN401 - any frame narwhals supports; the same kind comes back
    definitions: Any,  # noqa: ANN401 - a definitions frame or a Framework
    *,
    kpi_id: str = "kpi_id",
    period: str | None = "period",
    value: str = "value",
    org: str | Sequence[str] | None = None,
    recorded: str | None = None,
    override: str | None = None,
    previous: str | None = None,
    scheme: Scheme | None = None,
    schemes: Mapping[str, Scheme] | None = None,
    scale: Scale | None = None,
    explain: bool = True,
) -> Any:  # noqa: ANN401
    """Classify every observation exactly and return the same kind of frame.

    Args:
        observations: one row per KPI, period (and organisation or other
            groups): a pandas, polars or pyarrow table, or a lazy frame (polars
            LazyFrame, Dask, DuckDB); a lazy input gives a lazy result.
        definitions: a definitions table (see ``framework_from_frame``) or a ``Framework``.
        kpi_id: the observations' KPI id column (``id`` is read when there is no ``kpi_id``).
        period: the period column (``None`` when there is none). With
            ``explain`` a text period (``"Q1 2017/18"``) becomes an ordered
            category of the periods present, in time order.
        value: the value column: floats (read as the decimals they print as),
            integers, Decimals or numeric text. Null and NaN are not rated.
        org: grouping columns (one name or several), placed after the id.
        recorded: a column of published statuses (``"Green"``, ``"A"``, ``"N/A"``, ...).
        override: a column of reasons; where it is non-empty the recorded status
            is the reported ``status``, else the computed one.
        previous: the previous period's figure, for the ``travel`` column.
        scheme: the framework's scheme when ``definitions`` is a table.
        schemes: schemes the definitions' ``tolerance`` column may name.
        scale: the status scale (``Scale.rag()`` by default); the ``status``
            categories are ``N/A`` then its levels, best first.
        explain: add the target, edges, gaps, explanation and reason columns;
            without it only the statuses are added.

    Returns:
        The observations with the result columns added (``RESULT_COLUMNS``).

    Raises:
        RecordError: a definitions row is invalid (as in ``framework_from_frame``).
        InvalidKPIError: a named column is missing, or two definitions share an id.
        KpiragError: a value or status the engine rejects (text that is not a number, ...).
    """
    frame = native_frame(observations, "observations")
    groups = [org] if isinstance(org, str) else list(org or ())
    schema = frame.collect_schema()
    kpi_id = id_column(schema, kpi_id)
    frame, schema = _typed_columns(
        frame,
        schema,
        [kpi_id, value, *groups, period, recorded, override, previous],
        numbers=[value, previous],
        texts=[recorded, override],
    )
    rules = _rules_of(definitions, scheme, schemes, scale)
    kind = _kind(schema[value], rules)
    eager = isinstance(frame, nw.DataFrame)
    if eager:  # some engines' joins reorder rows: number them
        frame = frame.with_row_index(f"{_T}row")
    ids = kpi_id
    if schema[kpi_id] == nw.String:  # joined on a copy cast alike on both sides:
        ids = f"{_T}id"  # pyarrow has two kinds of string
        frame = frame.with_columns(nw.col(kpi_id).cast(nw.String).alias(ids))

    v = nw.col(value)
    missing, bad = _unrated(v, kind)
    _check_fractions(frame, rules, ids, v, bad, exact=kind is None)
    if previous is not None and schema[previous] == nw.String:
        _check_previous_units(frame, rules, ids, previous)
    trended = previous is not None and rules.trend_aware
    given = frame  # the recorded statuses are read from it: a lazy engine plans no join
    if previous is not None and (explain or trended):
        frame = _travelled(frame, rules, kind, ids, value, previous, bad, explain=explain)
    joined, label_of = _join_rules(frame, rules, kind, ids, explain=explain, trended=trended)
    if kind is None or explain:
        joined = _worked_out(
            joined, rules, kind, value, bad, explain=explain, previous=previous, trended=trended
        )
    if kind is None:
        key = nw.col(f"{_T}code")
    elif f"{_T}region" in joined.collect_schema():
        key = nw.when(bad).then(nw.lit(-1)).otherwise(nw.col(f"{_T}region"))
    else:
        key = nw.when(bad).then(nw.lit(-1)).otherwise(_region(v, joined))
    joined, added = _status_columns(
        given, joined, key, label_of, rules, recorded=recorded, override=override
    )
    if explain:
        added += _explained_columns(rules, missing, bad, previous=previous)
        if period is not None and schema[period] == nw.String:
            added.append(_period_expr(frame, period))
    leading = [kpi_id, *groups, *([period] if period else []), value]
    names = [*leading, *(c for c in schema if c not in leading)]
    result = joined.with_columns(*added)
    if eager and not result[f"{_T}row"].is_sorted():
        result = result.sort(f"{_T}row")
    present = result.collect_schema()
    names += [c for c in RESULT_COLUMNS if c in present and c not in names]
    return result.select(names).to_native()


def _travelled(  # noqa: PLR0917 - one call site, each argument a different kind
    frame: Any,  # noqa: ANN401
    rules: _Rules,
    kind: Kind | None,
    ids: str,
    value: str,
    previous: str,
    bad: Any,  # noqa: ANN401 - rows not rated for their figure
    *,
    explain: bool,
) -> Any:  # noqa: ANN401
    """``frame`` with the trend code of each row (``_traveller``) and ``travel`` (``explain``).

    Float figures against float previous ones are compared by column expressions
    (``travel_floats``), the rows those cannot tell the exact way; other columns the
    exact way, once per distinct (KPI, figure, previous).
    """
    names = [*(["travel"] if explain else []), f"{_T}trend"]
    rated = ~bad & ~nw.col(previous).is_null()
    keys, moved = [ids, value, previous], _traveller(rules, names[:-1])
    schema = frame.collect_schema()
    if (
        kind == "float"
        and schema[previous].is_float()
        and schema[ids] == nw.String
        and frame.implementation is not nw.Implementation.DASK
    ):
        return travel_floats(
            frame,
            rules.rule_of,
            rules.classifiers,
            ids,
            value,
            previous,
            rated,
            lambda frame, rows: _lookup(frame, keys, rows, names, moved),
            names,
            functools.partial(_small_frame, like=frame),
        )
    return _lookup(frame, keys, rated, names, moved)


def _worked_out(
    joined: Any,  # noqa: ANN401
    rules: _Rules,
    kind: Kind | None,
    value: str,
    bad: Any,  # noqa: ANN401 - rows not rated for their figure
    *,
    explain: bool,
    previous: str | None,
    trended: bool,
) -> Any:  # noqa: ANN401
    """The exact status code (exact path) and the ``_EXPLAINED`` columns (``explain``).

    Floats are explained per region by column expressions (``explain_floats``), the
    values those cannot word, every other figure and Dask's once per distinct (rule, value).
    """
    schema = joined.collect_schema()
    keys = [f"{_T}rule", value]
    if previous is not None and trended:  # the direction of travel is a key too
        keys.append(f"{_T}prev")
        joined = joined.with_columns(
            nw.when(nw.col(f"{_T}trend") > 0)
            .then(nw.col(previous))
            .otherwise(nw.lit(0).cast(schema[previous]))
            .alias(f"{_T}prev")
        )
    names = ([f"{_T}code"] if kind is None else []) + (list(_EXPLAINED) if explain else [])
    explainer = _explainer(rules, names)
    if kind != "float" or joined.implementation is nw.Implementation.DASK:
        # Dask plans the expressions' many stages for about a minute, whatever the size
        # (docs/performance.md): its floats are explained once per distinct value.
        return _lookup(joined, keys, ~bad, names, explainer)
    region = _region(nw.col(value), joined)
    # An unknown KPI has no rule, so no region: -1, which no recipe and no status has.
    joined = joined.with_columns(region.fill_null(-1).cast(nw.Int64).alias(f"{_T}region"))
    tables = [rules.table(rule, kind) for rule in range(len(rules.classifiers))]
    recipes = recipe_rows(rules.classifiers, tables, _width(joined))

    def explained(frame: Any) -> Any:  # noqa: ANN401
        return explain_floats(
            frame,
            value,
            bad,
            recipes,
            functools.partial(_small_frame, like=frame),
            lambda frame, rows: _lookup(frame, keys, rows, names, explainer),
            names,
        )

    if not isinstance(joined, nw.DataFrame) or len(joined) <= _ROWS:
        return explained(joined)
    # An eager frame is worked out a slice of rows at a time, each slice's columns only
    # those the expressions read: the stages' columns are then a slice's, not the frame's.
    if not joined[f"{_T}row"].is_sorted():  # the slices' results are placed in row order
        joined = joined.sort(f"{_T}row")
    needed = list(dict.fromkeys([value, f"{_T}rule", f"{_T}region", f"{_T}row", *keys]))
    parts = [
        explained(joined[start : start + _ROWS].select(needed))
        .sort(f"{_T}row")
        .select(nw.col(name).cast(_type_of(name)) for name in names)  # a slice of nulls too
        for start in range(0, len(joined), _ROWS)
    ]
    done = nw.concat(parts)
    return joined.with_columns(done[name] for name in names)


_ROWS = 200_000
"""Rows of an eager frame whose explanations ``_worked_out`` works out at a time."""


def _kind(dtype: Any, rules: _Rules) -> Kind | None:  # noqa: ANN401 - a narwhals dtype
    """The edges' kind for a column of ``dtype``, or ``None`` for the exact path.

    The exact path takes text, Decimals, and any figures of fractions of 1 (x100 exactly).
    """
    if rules.scaled:
        return None
    return "float" if dtype.is_float() else "int" if dtype.is_integer() else None


def _unrated(v: Any, kind: Kind | None) -> tuple[Any, Any]:  # noqa: ANN401 - a column
    """The rows with no figure (null or NaN), and those with no finite one (infinities too)."""
    missing = v.is_null()
    if kind != "float":
        return missing, missing
    missing = missing | v.is_nan()
    return missing, missing | ~((v > -math.inf) & (v < math.inf))


def _typed_columns(
    frame: Any,  # noqa: ANN401
    schema: Mapping[str, Any],
    named: Sequence[str | None],
    *,
    numbers: Sequence[str | None],
    texts: Sequence[str | None],
) -> tuple[Any, Mapping[str, Any]]:
    """The frame and its schema, each column of nulls in ``numbers`` or ``texts`` typed so.

    Raises:
        InvalidKPIError: a named column is missing.
    """
    missing = [name for name in named if name is not None and name not in schema]
    if missing:
        raise InvalidKPIError(
            f"the observations have no column(s) {missing} (columns: {list(schema)})"
        )
    for name in numbers:
        if name is not None:
            _check_numbers(frame, name, schema[name])
    types = ((numbers, nw.Float64), (texts, nw.String))
    frame = _typed(frame, {n: dtype for names, dtype in types for n in names if n}, default=None)
    return frame, frame.collect_schema()


_NUMBER_COLUMN = "numbers (float, integer, decimal128 up to 38 digits) or text"


def _check_numbers(frame: Any, name: str, dtype: Any) -> None:  # noqa: ANN401
    """Refuse a figures column the engines cannot read exactly, or a cell they cannot compare.

    A type narwhals does not know (pyarrow's ``decimal256``) would be read as floats,
    losing digits, unless it holds only nulls; a polars Object column can be neither cast
    nor joined; a pandas object column must hold hashable cells, no signalling NaN.

    Raises:
        ValueTypeError: the column's type, or a cell that is no number (a list).
        InvalidValueError: a signalling NaN.
    """
    field = f"observations column {name!r}"
    if dtype == nw.Unknown and not _collect(frame.select(nw.col(name).is_null().all())).item():
        shown = "Unknown"
        if frame.implementation is nw.Implementation.PYARROW:
            shown = str(frame.to_native().schema.field(name).type)
        raise ValueTypeError(field=field, value=shown, expected=_NUMBER_COLUMN)
    if dtype != nw.Object:
        return
    if frame.implementation is nw.Implementation.POLARS:
        raise ValueTypeError(field=field, value="Object", expected=_NUMBER_COLUMN)
    if not isinstance(frame, nw.DataFrame):  # a lazy engine's cells are checked as they are read
        return
    for row, cell in enumerate(frame[name].to_list(), start=1):
        try:
            hash(cell)  # a list, or a signalling NaN, breaks the engines' unique and joins
        except TypeError:
            where = Location("observations", line=row, column_name=name)
            if isinstance(cell, Decimal) and cell.is_snan():
                expected = "a number, or a quiet NaN for no figure"
                raise InvalidValueError(
                    field=field, value=cell, expected=expected, location=where
                ) from None
            raise ValueTypeError(
                field=field, value=cell, expected="a number or numeric text", location=where
            ) from None


def _rules_of(
    definitions: object,
    scheme: Scheme | None,
    schemes: Mapping[str, Scheme] | None,
    scale: Scale | None,
) -> _Rules:
    """The rules of a ``Framework`` or a definitions table, each KPI one a frame row can take."""
    if isinstance(definitions, Framework):
        rows = [Definition(kpi.id, kpi.title, kpi.theme, kpi) for kpi in definitions.kpis]
        default = definitions.scheme
    else:
        rows = read_definitions(definitions, schemes=schemes)
        default = scheme or Scheme.city_of_london()
    for kpi_id, _, _, kpi in rows:
        if kpi.composite or kpi.profile is not None:
            raise InvalidKPIError(
                "a composite or profiled KPI cannot be evaluated as a frame row; "
                "use Framework.evaluate",
                field="kpi",
                value=kpi_id,
                subject=f"KPI {kpi_id!r}",
            )
    return _Rules(rows, default, scale or Scale.rag())


def _join_rules(
    frame: Any,  # noqa: ANN401
    rules: _Rules,
    kind: Kind | None,
    kpi_id: str,
    *,
    explain: bool,
    trended: bool,
) -> tuple[Any, dict[int, str]]:
    """The observations joined to each rule's number, edges and definition columns.

    With ``trended``, joined on the id and the row's trend code too (``_traveller``),
    so a trend-aware rule's row gets the edges for the way its figure moved. Also the
    status label of each key the status expression can give.
    """
    pairs = [(i, code) for i in rules.rule_of for code in (rules.variants(i) if trended else (0,))]
    numbers = [rules.rule_of[i] + code for i, code in pairs]
    data: dict[str, list[Any]] = {kpi_id: [i for i, _ in pairs], f"{_T}rule": numbers}
    if trended:
        data[f"{_T}trend"] = [code for _, code in pairs]
    label_of = dict(enumerate(rules.labels))
    if kind is not None:
        edge_data, region_codes = _edge_columns(rules, kind)
        for name, per_rule in edge_data.items():
            data[name] = [per_rule[rule] for rule in numbers]
        label_of = {-1: "N/A"} | {k: rules.labels[code] for k, code in region_codes.items()}
    if explain:
        rows = [rules.kpis[i] for i, _ in pairs]
        targets = [row.rule.target for row in rows]
        bounds = [(None, None) if target is None else target.bounds for target in targets]
        data["title"] = [row.title for row in rows]
        data["theme"] = [row.theme for row in rows]
        data["unit"] = [row.rule.unit.value for row in rows]
        data["target"] = [None if target is None else str(target) for target in targets]
        data["target_low"] = [_number(low) for low, _ in bounds]
        data["target_high"] = [_number(high) for _, high in bounds]
    schema = frame.collect_schema()
    if trended and f"{_T}kpi" in schema:
        # The KPI's number from travel_floats: joined on one integer, not the text id and code.
        position = {kpi: n for n, kpi in enumerate(rules.rule_of)}
        del data[kpi_id], data[f"{_T}trend"]
        data[f"{_T}pair"] = [position[i] * 4 + code for i, code in pairs]
        small = _small_frame(data, frame).with_columns(nw.col(f"{_T}pair").cast(nw.Int64))
        trend = nw.col(f"{_T}trend").fill_null(0).cast(nw.Int64)
        frame = frame.with_columns(trend, (nw.col(f"{_T}kpi") * 4 + trend).alias(f"{_T}pair")).drop(
            f"{_T}kpi"
        )
        joined = frame.join(small, on=f"{_T}pair", how="left").drop(f"{_T}pair")
        return joined, label_of
    if f"{_T}kpi" in schema:
        frame = frame.drop(f"{_T}kpi")
    small = _small_frame(data, frame).with_columns(
        nw.col(kpi_id).cast(schema[kpi_id]),
        *([nw.col(f"{_T}trend").cast(nw.Int64)] if trended else []),
    )
    if trended:
        frame = frame.with_columns(nw.col(f"{_T}trend").fill_null(0).cast(nw.Int64))
    on = [kpi_id, f"{_T}trend"] if trended else [kpi_id]
    return frame.join(small, on=on, how="left"), label_of


def _first(order: Sequence[object], cases: Mapping[Any, list[tuple[Any, Any]]]) -> Any:  # noqa: ANN401
    """The value of the first case that holds, each name's ``cases`` in ``order``: a ``when/then``.

    A condition of ``None`` always holds; the value is null when none does.
    """
    chain: Any = None
    for condition, value in (case for name in order for case in cases[name]):
        if condition is None:
            return value if chain is None else chain.otherwise(value)
        chain = (nw.when if chain is None else chain.when)(condition).then(value)
    return chain.otherwise(nw.lit(None))


def _status_columns(
    frame: Any,  # noqa: ANN401
    joined: Any,  # noqa: ANN401
    key: Any,  # noqa: ANN401
    label_of: dict[int, str],
    rules: _Rules,
    *,
    recorded: str | None,
    override: str | None,
) -> tuple[Any, list[Any]]:
    """The computed, recorded and reported status expressions (and the frame they need).

    The reported status is the first of ``OVERRIDE_PRECEDENCE`` that applies.
    """
    labels = rules.labels
    status_dtype = _status_dtype(frame, labels)
    computed = key.replace_strict(label_of, default=nw.lit("N/A"), return_dtype=status_dtype)
    if recorded is None:
        return joined, [computed.alias("status")]
    joined = joined.with_columns(_recorded_codes(frame, recorded, rules).alias(f"{_T}rec"))
    recorded_status = nw.col(f"{_T}rec").replace_strict(
        list(range(len(labels))), labels, default=nw.lit(None), return_dtype=status_dtype
    )
    cases: dict[str, list[tuple[Any, Any]]] = {"override": [], "computed": [(None, computed)]}
    if override is not None:
        reason = nw.col(override)
        given = ~reason.is_null() & (reason.cast(nw.String).str.strip_chars() != "")
        cases["override"] = [(given & (nw.col(f"{_T}rec") >= 0), recorded_status)]
    return joined, [
        computed.alias("computed"),
        recorded_status.alias("recorded"),
        _first(OVERRIDE_PRECEDENCE, cases).alias("status"),
    ]


def _edge_columns(rules: _Rules, kind: Kind) -> tuple[dict[str, list[object]], dict[int, int]]:
    """Each rule's edges as columns, and the status code of each (rule, region index).

    A value's region index is the number of edges below it plus the number at
    or below it, so a value strictly between two edges gets an even index and
    one equal to an edge an odd one. A rule with fewer edges than the widest
    repeats its last edge, which only shifts its indices.
    """
    tables = [rules.table(rule, kind) for rule in range(len(rules.classifiers))]
    width = max((len(table.edges) for table in tables), default=0)  # no definitions: none
    columns: dict[str, list[object]] = {f"{_T}edge{i}": [] for i in range(width)}
    codes: dict[int, int] = {}
    for rule, table in enumerate(tables):
        padded = [*table.edges, *[table.edges[-1]] * (width - len(table.edges))]
        for index, edge in enumerate(padded):
            columns[f"{_T}edge{index}"].append(edge)
        base = rule * (2 * width + 1)
        for edge, below, at in zip(table.edges, table.below, table.at, strict=True):
            under = sum(1 for e in padded if e < edge)
            codes[base + 2 * under] = rules.code(below)
            codes[base + under + sum(1 for e in padded if e <= edge)] = rules.code(at)
        codes[base + 2 * width] = rules.code(table.last)
    return columns, codes


def _width(joined: Any) -> int:  # noqa: ANN401
    """How many edge columns the rules were joined with (``_edge_columns``)."""
    return sum(1 for name in joined.collect_schema() if name.startswith(f"{_T}edge"))


def _region(v: Any, joined: Any) -> Any:  # noqa: ANN401
    """The region index of each value (see ``_edge_columns``), plus the rule's offset."""
    width = _width(joined)
    counts = [
        (v > nw.col(f"{_T}edge{i}")).cast(nw.Int32) + (v >= nw.col(f"{_T}edge{i}")).cast(nw.Int32)
        for i in range(width)
    ]
    # Added one by one: Dask cannot align the output of sum_horizontal with a join's columns.
    return functools.reduce(operator.add, counts, nw.col(f"{_T}rule") * (2 * width + 1))


_CHUNK = 100_000
"""Distinct keys explained per chunk (see ``_lookup``)."""


def _lookup(
    joined: Any,  # noqa: ANN401
    keys: list[str],
    rows: Any,  # noqa: ANN401
    names: list[str],
    compute: Callable[[tuple[Any, ...]], list[object]],
) -> Any:  # noqa: ANN401
    """Join columns ``names``, worked out in Python once per distinct ``keys`` among ``rows``."""
    schema = joined.collect_schema()
    # Text keys are joined on copies cast alike on both sides: pyarrow has two kinds of string.
    on = [f"{_T}key{i}" if schema[key] == nw.String else key for i, key in enumerate(keys)]
    copies = {name: key for key, name in zip(keys, on, strict=True) if key != name}
    if copies:
        joined = joined.with_columns(
            *(nw.col(key).cast(nw.String).alias(name) for name, key in copies.items())
        )
    if isinstance(joined, nw.DataFrame) and f"{_T}row" in schema:
        picked = joined.filter(rows & ~nw.col(keys[0]).is_null()).select(f"{_T}row", *keys)
        if 0 < len(picked) <= _FEW:
            return _by_row(joined.drop(list(copies)) if copies else joined, picked, names, compute)
    distinct = _collect(joined.filter(rows & ~nw.col(on[0]).is_null()).select(on).unique())
    if not len(distinct) and isinstance(joined, nw.DataFrame) and not set(names) & set(_CODES):
        # Nothing to join: typed nulls (an integer null has no type of its own on pandas).
        joined = joined.with_columns(
            nw.lit(None).cast(_type_of(name)).alias(name) for name in names
        )
        return joined.drop(list(copies)) if copies else joined
    # Worked out a chunk at a time, each made native columns before the next: the Python
    # objects of every distinct key at once were most of the memory (docs/performance.md).
    # DuckDB reads its small frame by name when queried, so it stays one piece.
    step = len(distinct) if joined.implementation is nw.Implementation.DUCKDB else _CHUNK
    parts = []  # one at least: with no key, an empty part still brings the typed columns
    for start in range(0, max(len(distinct), 1), max(step, 1)):
        chunk = distinct[start : start + step].rows()
        results = [compute(tuple(key)) for key in chunk]
        columns = {name: [row[i] for row in chunk] for i, name in enumerate(on)}
        columns |= {name: [result[i] for result in results] for i, name in enumerate(names)}
        parts.append(
            _small_frame(columns, joined, piece=True).with_columns(
                *(nw.col(name).cast(nw.String if name in copies else schema[name]) for name in on)
            )
        )
    # A lazy engine gets one frame of the joined pieces: Dask plans a join of many
    # partitions' concatenation for seconds, however few their rows.
    small = _lazy_like(parts[0] if len(parts) == 1 else nw.concat(parts), joined)
    joined = joined.join(small, on=on, how="left")
    return joined.drop(list(copies)) if copies else joined


_FEW = 20_000
"""Most rows of an eager frame ``_lookup`` works out and places by their row number
(``_by_row``): a join on the keys costs a scan of every row's keys, the row numbers'
replacement a fraction of it."""


def _by_row(
    joined: Any,  # noqa: ANN401 - an eager frame with its row numbers
    picked: Any,  # noqa: ANN401 - the row numbers and keys of the rows to work out
    names: list[str],
    compute: Callable[[tuple[Any, ...]], list[object]],
) -> Any:  # noqa: ANN401
    """``joined`` with the ``names`` columns of the ``picked`` rows, each distinct key once."""
    found: dict[tuple[Any, ...], list[object]] = {}
    numbers, results = [], []
    for number, *key in picked.rows():
        distinct = tuple(key)
        if distinct not in found:
            found[distinct] = compute(distinct)
        numbers.append(number)
        results.append(found[distinct])
    index = nw.col(f"{_T}row")
    return joined.with_columns(
        index.replace_strict(
            numbers,
            [result[i] for result in results],
            default=None,
            return_dtype=_type_of(name),
        ).alias(name)
        for i, name in enumerate(names)
    )


def _type_of(name: str) -> Any:  # noqa: ANN401 - a narwhals dtype
    """The type of a column ``_lookup`` adds."""
    return nw.Float64 if name in _NUMBERS else nw.Int64 if name in _CODES else nw.String


def _explainer(rules: _Rules, names: list[str]) -> Callable[[tuple[Any, ...]], list[object]]:
    """The status code and the ``_EXPLAINED`` columns (those in ``names``) of each (rule, value)."""

    def compute(key: tuple[Any, ...]) -> list[object]:
        rule, number, *before = key
        classifier = rules.classifiers[int(rule)]
        if classifier is None:
            return [0 if name == f"{_T}code" else None for name in names]
        moved = rules.trends[int(rule)] is not None
        number = rules.figure(int(rule), number)
        try:
            assessment = classifier.assess(
                number, previous=rules.figure(int(rule), before[0]) if moved else None
            )
        except KpiragError as exc:
            exc.add_note(f"classifying the value {number!r} against {classifier.target}")
            raise
        edges = assessment.edges
        found = {
            f"{_T}code": rules.code(assessment.status),
            f"{_T}explanation": assessment.explanation,
            "gap": _number(assessment.gap),
            "relative_gap": _relative(assessment.gap, classifier.target),
            "tolerance_edge": float(edges[-1].value) if edges else None,
        }
        return [found[name] for name in names]

    return compute


def _relative(gap: Decimal | None, target: Target) -> float | None:
    """The gap as a percentage of the target end it is measured from, in floats.

    The exact gap as a float, times 100, over the target end's size as a float (a gap
    past ``HUGE_GAP`` divided first, so it stays finite): the same float operations
    the column expressions of ``explain_floats`` do (which word
    no figure or target past a float's range). ``None`` for a zero end, or one too
    small for a float.
    """
    if gap is None:
        return None
    low, high = target.bounds
    reference = high if target.operator is Operator.BETWEEN and gap > 0 else low
    scale = scale_of(reference)
    if scale is None:
        return None
    figure = float(gap)
    if math.isinf(figure) or math.isinf(scale):  # past floats: the exact quotient, rounded
        with localcontext() as context:
            context.prec = 28
            return float(gap / reference.copy_abs() * 100)
    if abs(figure) > HUGE_GAP:  # divided first, so a gap near the float limit stays finite
        return figure / scale * 100
    return figure * 100 / scale


def _traveller(rules: _Rules, names: list[str]) -> Callable[[tuple[Any, ...]], list[object]]:
    """The direction of travel of each (KPI, value, previous) if named, and its trend code."""

    def compute(key: tuple[Any, ...]) -> list[object]:
        kpi_id, number, before = key
        rule = rules.rule_of.get(str(kpi_id))
        classifier = None if rule is None else rules.classifiers[rule]
        if rule is None or classifier is None:
            return [None for _ in names] + [0]
        figures = [rules.figure(rule, cell) for cell in (number, before)]
        now, then = (Figure.parse(f).value if isinstance(f, str) else f for f in figures)
        moved = travel(now, then, classifier.target)
        code = TRENDS.index(moved) + 1 if classifier.trend_aware else 0
        return [str(moved) for _ in names] + [code]

    return compute


def _check_fractions(
    frame: Any,  # noqa: ANN401
    rules: _Rules,
    ids: str,
    v: Any,  # noqa: ANN401 - the value column
    bad: Any,  # noqa: ANN401 - rows not rated for their figure
    *,
    exact: bool,
) -> None:
    """Refuse the figures of a KPI that look like fractions of 1 it does not declare.

    As a KPI file checks it (``looks_like_fractions``): every figure of the KPI
    from 0 to 1, one strictly between, none with ``%``.

    Raises:
        InvalidKPIError: naming the first such KPI and the fix.
    """
    unsaid = rules.unsaid()
    if not unsaid:
        return
    found: list[str] = []
    if exact:  # text or Decimals: read each distinct figure
        rows = frame.filter(nw.col(ids).is_in(unsaid) & ~bad).select(ids, v).unique()
        figures: dict[str, list[tuple[Figure, Target | None]]] = {}
        for kpi_id, cell in _collect(rows).rows():
            figure = Figure.parse(cell) if isinstance(cell, str) else Figure(to_decimal(cell))
            figures.setdefault(kpi_id, []).append((figure, rules.kpis[kpi_id].rule.target))
        found = [
            i for i, given in figures.items() if looks_like_fractions(rules.kpis[i].rule, given)
        ]
    else:  # the KPIs with a figure strictly between 0 and 1 (few), less those with one outside
        inside = frame.filter((v > 0) & (v < 1) & ~bad).select(ids).unique()
        candidates = sorted({row[0] for row in _collect(inside).rows()} & set(unsaid))
        if candidates:
            outside = frame.filter(((v < 0) | (v > 1)) & ~bad & nw.col(ids).is_in(candidates))
            seen = {row[0] for row in _collect(outside.select(ids).unique()).rows()}
            found = [kpi_id for kpi_id in candidates if kpi_id not in seen]
    if found:
        raise InvalidKPIError(
            "every figure lies between 0 and 1 against a percentage target above 1%: if the "
            "figures are fractions of 1 (0.69 for 69%), give the definitions a `fraction` "
            "column of true; if they are percentages under 1%, false",
            subject=f"KPI {min(found)!r}",
        )


def _check_previous_units(frame: Any, rules: _Rules, ids: str, previous: str) -> None:  # noqa: ANN401
    """Refuse a previous figure written in another unit than its KPI's, as ``evaluate_kpi`` does.

    Each distinct text is read once; those with a unit (``85%``, ``£85``, ``60 jobs``) are
    checked for each KPI that has them, by the object path itself (``evaluate_kpi`` with
    the figure as the previous one), so the error and its data are the object path's.
    Text that is no number is left to the readers of travel and trends, as before.

    Raises:
        UnitMismatchError: the first such KPI (by id), with a note naming the column.
    """

    def unit_of(text: str) -> str | None:
        try:
            quantity = parse_quantity(text, field="previous")
        except KpiragError:
            return None
        return "%" if quantity.percent else quantity.unit

    units = {text: unit for text, unit in _read_distinct(frame, previous, unit_of).items() if unit}
    if not units:
        return
    united = frame.filter(nw.col(previous).cast(nw.String).is_in(list(units)))
    pairs = _collect(united.select(ids, nw.col(previous).cast(nw.String)).unique()).rows()
    for kpi_id, text in sorted(pairs, key=lambda pair: (str(pair[0]), pair[1])):
        row = rules.kpis.get(str(kpi_id))
        if row is None:  # an unknown KPI is not rated, whatever its figures
            continue
        kpi = row.kpi()
        percent = "%" if kpi.unit is Unit.PERCENT else None
        if units[text] in {kpi.unit_word, percent}:
            continue
        try:
            evaluate_kpi(kpi, Observation(kpi.id, previous=text))
        except KpiragError as exc:
            exc.add_note(f"in the observations' {previous!r} column")
            raise


def _read_distinct(frame: Any, column: str, read: Callable[[str], Any]) -> dict[str, Any]:  # noqa: ANN401
    """Each distinct text of ``column``, read by ``read`` (an error notes the column)."""
    found = {}
    for (text,) in _collect(frame.select(nw.col(column).cast(nw.String)).unique()).rows():
        if isinstance(text, str):
            try:
                found[text] = read(text)
            except KpiragError as exc:
                exc.add_note(f"in the observations' {column!r} column")
                raise
    return found


def _recorded_codes(frame: Any, column: str, rules: _Rules) -> Any:  # noqa: ANN401
    """Each row's recorded status code on the scale, -1 where none is recorded.

    Not null: an integer column with gaps is a float on pandas and Dask; and ``""``
    keeps the mapping from being empty, which pandas refuses.
    """
    codes = {"": -1} | _read_distinct(
        frame, column, lambda text: rules.code(rules.scale.parse(text)) if text.strip() else -1
    )
    return nw.col(column).cast(nw.String).replace_strict(codes, default=-1, return_dtype=nw.Int64)


def _explained_columns(
    rules: _Rules,
    missing: Any,  # noqa: ANN401
    bad: Any,  # noqa: ANN401
    *,
    previous: str | None,
) -> list[Any]:
    """The gaps, travel, explanation and not-rated reason columns.

    The reason is the first of ``NOT_RATED_ORDER`` that applies: the one frames
    give themselves (an id with no definition is an unknown KPI), no target, then
    no figure (null or NaN) or not a finite one; its explanation is ``NOT_RATED_WORDING``.
    """
    rule = nw.col(f"{_T}rule")
    untargeted = [n for n, classifier in enumerate(rules.classifiers) if classifier is None]
    cases = {
        "given": [(rule.is_null(), nw.lit(_UNKNOWN))],
        NotRated.NO_TARGET: [(rule.is_in(untargeted), nw.lit(str(NotRated.NO_TARGET)))],
        "missing": [(missing, nw.lit(str(NotRated.NO_DATA))), (bad, nw.lit(_NOT_FINITE))],
    }
    reason = _first(NOT_RATED_ORDER, cases)
    before, after = NOT_RATED_WORDING.split("{}")
    explanation = (
        nw.when(reason.is_null())
        .then(nw.col(f"{_T}explanation"))
        .otherwise(nw.concat_str(nw.lit(before), reason, nw.lit(after)))
    )
    return [
        nw.col("gap"),
        nw.col("relative_gap"),
        *([nw.col("travel")] if previous else []),
        explanation.alias("explanation"),
        reason.alias("not_rated_reason"),
    ]


def _period_expr(frame: Any, column: str) -> Any:  # noqa: ANN401
    """The text periods as an ordered category of the periods present, in time order."""
    periods = _read_distinct(frame, column, parse_period)
    if not periods:  # no categories to order (DuckDB has no Enum of none)
        return nw.col(column)
    ordered = sorted(periods, key=lambda text: (periods[text].start, periods[text].end))
    return nw.col(column).cast(_status_dtype(frame, ordered)).alias(column)
