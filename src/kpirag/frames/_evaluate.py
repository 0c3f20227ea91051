"""Evaluating observations held in a data frame, exactly, with column expressions.

One code path for every engine narwhals supports: each KPI's rule is compiled
once by the rule engine (``Classifier.table``) to a small table of float (or
integer) edges and the exact status around each, joined to the observations by
KPI id, and the status is a ``when/then`` chain over the edge columns. Explanations, gaps and
the direction of travel are worked out once per distinct (rule, value) by the
scalar engine and joined back. Exact-typed values (Decimal, text) go through
that distinct path for their status too, and so do the figures of a KPI whose
figures are fractions of 1 (multiplied by 100 exactly).
"""

from __future__ import annotations

import functools
import math
import operator
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from decimal import Decimal, localcontext
from typing import Any, Literal

from kpirag.errors import InvalidKPIError, InvalidSchemeError, KpiragError
from kpirag.frames._definitions import Definition, id_column, native_frame, read_definitions
from kpirag.kpi import Figure, Framework, NotRated, Unit, parse_period, travel
from kpirag.rules import (
    Classifier,
    EdgeTable,
    Number,
    Operator,
    Scale,
    Scheme,
    Status,
    Target,
    Trend,
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

_T = "__kpirag_"  # prefix of temporary columns
_UNKNOWN = "Unknown KPI"
_NOT_FINITE = "Not a finite number"
_NUMBERS = ("gap", "relative_gap", "tolerance_edge", "target_low", "target_high")
_CODES = (f"{_T}rule", f"{_T}code", f"{_T}trend", f"{_T}rec")


class _Rules:
    """The distinct rules of a framework, numbered, with their codes on one scale.

    A trend-aware rule takes four numbers, one per direction of travel after
    ``None`` (no previous figure): ``rule_of`` gives the first, and a row's
    trend code (0 for none, then ``TRENDS`` in order) is added to it.
    """

    def __init__(self, definitions: list[Definition], default: Scheme, scale: Scale) -> None:
        self.scale = scale
        self.labels = ("N/A", *(level.label for level in scale.levels))
        self.classifiers: list[Classifier | None] = []
        self.trends: list[Trend | None] = []
        self.fractions: list[bool] = []  # bare figures are fractions of 1, x100 exactly
        self.rule_of: dict[str, int] = {}
        self.definitions = {row.kpi_id: row for row in definitions}
        # Keyed on how the target and scheme are written too: equal targets (>=236.0, >=236)
        # each explain with their own wording, as the rules' cache of prepared rules keeps them.
        numbers: dict[tuple[Target | None, str, Scheme, str, bool], int] = {}
        for row in definitions:
            scheme = row.scheme or default
            key = (row.target, repr(row.target), scheme, repr(scheme), row.fraction is True)
            if key not in numbers:
                numbers[key] = len(self.classifiers)
                self._check_scale(scheme, row.kpi_id)
                classifier = None if row.target is None else Classifier.prepare(row.target, scheme)
                trends = (None, *TRENDS) if classifier and classifier.trend_aware else (None,)
                self.classifiers += [classifier] * len(trends)
                self.trends += trends
                self.fractions += [key[-1]] * len(trends)
            if row.kpi_id in self.rule_of:
                raise InvalidKPIError(f"Invalid KPI id(s) [{row.kpi_id!r}]: ids must be unique")
            self.rule_of[row.kpi_id] = numbers[key]
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
        hundredfold = to_decimal(value).scaleb(2)
        exponent = hundredfold.as_tuple().exponent
        return (
            hundredfold.quantize(1) if isinstance(exponent, int) and exponent > 0 else hundredfold
        )

    def unsaid(self) -> list[str]:
        """The KPIs whose figures may be unsaid fractions of 1, as a KPI file checks them.

        A percentage KPI with no ``fraction`` declared and a percentage target above 1%.
        """
        return [
            row.kpi_id
            for row in self.definitions.values()
            if row.fraction is None
            and row.unit is Unit.PERCENT
            and row.target is not None
            and row.target.percent
            and row.target.value > 1
        ]

    def variants(self, kpi_id: str) -> range:
        """The trend codes a KPI's rule has (0 only, unless it is trend-aware)."""
        first = self.rule_of[kpi_id]
        classifier = self.classifiers[first]
        return range(4 if classifier is not None and classifier.trend_aware else 1)

    def _check_scale(self, scheme: Scheme, kpi_id: str) -> None:
        for status in scheme.statuses:
            if status not in self.scale:
                raise InvalidSchemeError(
                    f"KPI {kpi_id!r}: the status {status} is not on the {self.scale.name} "
                    "scale; pass the scale the schemes use as scale="
                )

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
    return classifier.table(kind)


def _small_frame(data: Mapping[str, Sequence[object]], like: Any) -> Any:  # noqa: ANN401
    """A small frame of ``data`` on the same engine as ``like`` (lazy stays lazy).

    A column with no entries (no explanation yet, no target anywhere) gets the
    type its name says rather than the null type, which joins refuse.
    """
    import narwhals as nw  # noqa: PLC0415

    implementation = like.implementation
    small: Any
    if isinstance(like, nw.DataFrame):
        small = nw.from_dict(dict(data), backend=implementation)
    else:
        eager = implementation if implementation is nw.Implementation.POLARS else "pyarrow"
        small = nw.from_dict(dict(data), backend=eager).lazy(backend=implementation)
    casts = [
        nw.col(name).cast(
            nw.Float64 if name in _NUMBERS else nw.Int64 if name in _CODES else nw.String
        )
        for name, dtype in small.collect_schema().items()
        if dtype == nw.Unknown
    ]
    return small.with_columns(*casts) if casts else small


def _collect(frame: Any) -> Any:  # noqa: ANN401
    return frame.collect() if hasattr(frame, "collect") else frame


def _float(number: Decimal | None) -> float | None:
    return None if number is None else float(number)


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
        InvalidKPIError: a definition is invalid, or a named column is missing.
        KpiragError: a value or status the engine rejects (text that is not a number, ...).
    """
    import narwhals as nw  # noqa: PLC0415

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
    missing = v.is_null()
    bad = missing
    if kind == "float":
        missing = missing | v.is_nan()
        bad = missing | ~((v > -math.inf) & (v < math.inf))
    _check_fractions(frame, rules, ids, v, bad, exact=kind is None)
    trended = previous is not None and rules.trend_aware
    if previous is not None and (explain or trended):
        frame = _lookup(
            frame,
            [ids, value, previous],
            ~bad & ~nw.col(previous).is_null(),
            _traveller(rules, explain=explain),
        )
    joined, label_of = _join_rules(frame, rules, kind, ids, explain=explain, trended=trended)
    if kind is None or explain:
        keys = [f"{_T}rule", value]
        if trended:
            assert previous is not None  # noqa: S101 - trended says so
            keys.append(f"{_T}prev")
            joined = joined.with_columns(
                nw.when(nw.col(f"{_T}trend") > 0)
                .then(nw.col(previous))
                .otherwise(nw.lit(0).cast(schema[previous]))
                .alias(f"{_T}prev")
            )
        joined = _lookup(joined, keys, ~bad, _explainer(rules, explain=explain, exact=kind is None))
    if kind is None:
        key = nw.col(f"{_T}code")
    else:
        key = nw.when(bad).then(nw.lit(-1)).otherwise(_region(v, _width(joined)))
    joined, added = _status_columns(
        frame, joined, key, label_of, rules, recorded=recorded, override=override
    )
    if explain:
        added = _explained_columns(missing, bad, added, previous=previous)
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


def _typed_columns(
    frame: Any,  # noqa: ANN401
    schema: Mapping[str, Any],
    named: Sequence[str | None],
    *,
    numbers: Sequence[str | None],
    texts: Sequence[str | None],
) -> tuple[Any, Mapping[str, Any]]:
    """The frame and schema, each column of nulls in ``numbers`` or ``texts`` typed so.

    A column with no entries has the null type on pyarrow, polars and DuckDB, which
    joins and replacements refuse; as numbers or text it reads as empty everywhere.

    Raises:
        InvalidKPIError: a named column is missing.
    """
    import narwhals as nw  # noqa: PLC0415

    wanted = [name for name in named if name is not None]
    missing = [name for name in wanted if name not in schema]
    if missing:
        raise InvalidKPIError(
            f"the observations have no column(s) {missing} (columns: {list(schema)})"
        )
    casts = [
        nw.col(name).cast(dtype)
        for names, dtype in ((numbers, nw.Float64), (texts, nw.String))
        for name in names
        if name is not None and schema[name] == nw.Unknown
    ]
    if not casts:
        return frame, schema
    frame = frame.with_columns(*casts)
    return frame, frame.collect_schema()


def _rules_of(
    definitions: object,
    scheme: Scheme | None,
    schemes: Mapping[str, Scheme] | None,
    scale: Scale | None,
) -> _Rules:
    if isinstance(definitions, Framework):
        rows = [Definition.of(kpi) for kpi in definitions.kpis]
        default = definitions.scheme
    else:
        rows = read_definitions(definitions, schemes=schemes)
        default = scheme or Scheme.city_of_london()
    return _Rules(rows, default, scale or Scale.rag())


def _width(joined: Any) -> int:  # noqa: ANN401
    return sum(1 for name in joined.collect_schema() if name.startswith(f"{_T}edge"))


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
    import narwhals as nw  # noqa: PLC0415

    pairs = [
        (kpi_id_, code)
        for kpi_id_ in rules.rule_of
        for code in (rules.variants(kpi_id_) if trended else (0,))
    ]
    numbers = [rules.rule_of[kpi_id_] + code for kpi_id_, code in pairs]
    labels = list(rules.labels)
    data: dict[str, list[Any]] = {
        kpi_id: [kpi_id_ for kpi_id_, _ in pairs],
        f"{_T}rule": numbers,
    }
    if trended:
        data[f"{_T}trend"] = [code for _, code in pairs]
    label_of = dict(enumerate(labels))
    if kind is not None:
        edge_data, region_codes = _edge_columns(rules, kind)
        for name, per_rule in edge_data.items():
            data[name] = [per_rule[rule] for rule in numbers]
        label_of = {-1: "N/A"} | {k: labels[code] for k, code in region_codes.items()}
    if explain:
        data.update(_definition_columns(rules, [kpi_id_ for kpi_id_, _ in pairs]))
    small = _small_frame(data, frame)
    small = small.with_columns(nw.col(kpi_id).cast(frame.collect_schema()[kpi_id]))
    on = [kpi_id]
    if trended:
        small = small.with_columns(nw.col(f"{_T}trend").cast(nw.Int64))
        frame = frame.with_columns(nw.col(f"{_T}trend").fill_null(0).cast(nw.Int64))
        on.append(f"{_T}trend")
    return frame.join(small, on=on, how="left"), label_of


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
    """The computed, recorded and reported status expressions (and the frame they need)."""
    import narwhals as nw  # noqa: PLC0415

    labels = list(rules.labels)
    status_dtype = _status_dtype(frame, labels)
    computed = key.replace_strict(
        list(label_of), list(label_of.values()), default=nw.lit("N/A"), return_dtype=status_dtype
    )
    if recorded is None:
        return joined, [computed.alias("status")]
    joined = joined.with_columns(_recorded_codes(frame, recorded, rules).alias(f"{_T}rec"))
    recorded_status = nw.col(f"{_T}rec").replace_strict(
        list(range(len(labels))), labels, default=nw.lit(None), return_dtype=status_dtype
    )
    status = computed
    if override is not None:
        given = ~nw.col(override).is_null() & (
            nw.col(override).cast(nw.String).str.strip_chars() != ""
        )
        status = (
            nw.when(given & (nw.col(f"{_T}rec") >= 0)).then(recorded_status).otherwise(computed)
        )
    return joined, [
        computed.alias("computed"),
        recorded_status.alias("recorded"),
        status.alias("status"),
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


def _region(v: Any, width: int) -> Any:  # noqa: ANN401
    """The region index of each value (see ``_edge_columns``), plus the rule's offset."""
    import narwhals as nw  # noqa: PLC0415

    counts = [
        (v > nw.col(f"{_T}edge{i}")).cast(nw.Int32) + (v >= nw.col(f"{_T}edge{i}")).cast(nw.Int32)
        for i in range(width)
    ]
    # Added one by one: Dask cannot align the output of sum_horizontal with a join's columns.
    return functools.reduce(operator.add, counts, nw.col(f"{_T}rule") * (2 * width + 1))


def _definition_columns(rules: _Rules, ids: list[str]) -> dict[str, list[object]]:
    kpis = rules.definitions
    columns: dict[str, list[object]] = {
        "title": [],
        "theme": [],
        "unit": [],
        "target": [],
        "target_low": [],
        "target_high": [],
        f"{_T}reason": [],
    }
    for kpi_id in ids:
        kpi = kpis[kpi_id]
        target = kpi.target
        low, high = target.bounds if target is not None else (None, None)
        columns["title"].append(kpi.title)
        columns["theme"].append(kpi.theme)
        columns["unit"].append(kpi.unit.value)
        columns["target"].append(None if target is None else str(target))
        columns["target_low"].append(_float(low))
        columns["target_high"].append(_float(high))
        columns[f"{_T}reason"].append(str(NotRated.NO_TARGET) if target is None else "")
    return columns


def _lookup(
    joined: Any,  # noqa: ANN401
    keys: list[str],
    rows: Any,  # noqa: ANN401
    compute: Callable[[tuple[Any, ...]], dict[str, object]],
) -> Any:  # noqa: ANN401
    """Join columns worked out in Python once per distinct ``keys`` among ``rows``."""
    import narwhals as nw  # noqa: PLC0415

    schema = joined.collect_schema()
    # Text keys are joined on copies cast alike on both sides: pyarrow has two kinds of string.
    on = [f"{_T}key{i}" if schema[key] == nw.String else key for i, key in enumerate(keys)]
    copies = {name: key for key, name in zip(keys, on, strict=True) if key != name}
    if copies:
        joined = joined.with_columns(
            *(nw.col(key).cast(nw.String).alias(name) for name, key in copies.items())
        )
    distinct = _collect(joined.filter(rows & ~nw.col(on[0]).is_null()).select(on).unique()).rows()
    results = [compute(tuple(key)) for key in distinct]
    columns: dict[str, list[object]] = {
        name: [row[i] for row in distinct] for i, name in enumerate(on)
    }
    names = list(results[0]) if results else list(compute(()))
    for name in names:
        columns[name] = [result[name] for result in results]
    small = _small_frame(columns, joined).with_columns(
        *(nw.col(name).cast(nw.String if name in copies else schema[name]) for name in on)
    )
    joined = joined.join(small, on=on, how="left")
    return joined.drop(list(copies)) if copies else joined


def _explainer(
    rules: _Rules, *, explain: bool, exact: bool
) -> Callable[[tuple[Any, ...]], dict[str, object]]:
    def compute(key: tuple[Any, ...]) -> dict[str, object]:
        result: dict[str, object] = {}
        if not key:  # the column names only
            names = ([f"{_T}code"] if exact else []) + (
                [f"{_T}explanation", "gap", "relative_gap", "tolerance_edge"] if explain else []
            )
            return dict.fromkeys(names)
        rule, number, *before = key
        classifier = rules.classifiers[int(rule)]
        if classifier is None:
            return compute(()) | ({f"{_T}code": 0} if exact else {})
        moved = rules.trends[int(rule)] is not None
        number = rules.figure(int(rule), number)
        try:
            assessment = classifier.assess(
                number, previous=rules.figure(int(rule), before[0]) if moved else None
            )
        except KpiragError as exc:
            exc.add_note(f"classifying the value {number!r} against {classifier.target}")
            raise
        if exact:
            result[f"{_T}code"] = rules.code(assessment.status)
        if explain:
            result[f"{_T}explanation"] = assessment.explanation
            result["gap"] = _float(assessment.gap)
            result["relative_gap"] = _float(_relative(assessment.gap, classifier.target))
            edges = assessment.edges
            result["tolerance_edge"] = float(edges[-1].value) if edges else None
        return result

    return compute


def _relative(gap: Decimal | None, target: Target) -> Decimal | None:
    """The gap as a percentage of the target end it is measured from."""
    if gap is None:
        return None
    low, high = target.bounds
    reference = high if target.operator is Operator.BETWEEN and gap > 0 else low
    if reference.is_zero():
        return None
    with localcontext() as context:
        context.prec = 28
        return gap / abs(reference) * 100


def _traveller(rules: _Rules, *, explain: bool) -> Callable[[tuple[Any, ...]], dict[str, object]]:
    """The direction of travel of each (KPI, value, previous), and its trend code."""
    names = ["travel"] if explain else []

    def compute(key: tuple[Any, ...]) -> dict[str, object]:
        if not key:
            return dict.fromkeys([*names, f"{_T}trend"])
        kpi_id, number, before = key
        rule = rules.rule_of.get(str(kpi_id))
        classifier = None if rule is None else rules.classifiers[rule]
        if rule is None or classifier is None:
            return dict.fromkeys(names) | {f"{_T}trend": 0}
        moved = travel(
            _figure(rules.figure(rule, number)),
            _figure(rules.figure(rule, before)),
            classifier.target,
        )
        code = TRENDS.index(moved) + 1 if classifier.trend_aware else 0
        return dict.fromkeys(names, str(moved)) | {f"{_T}trend": code}

    return compute


def _kind(dtype: Any, rules: _Rules) -> Kind | None:  # noqa: ANN401 - a narwhals dtype
    """The edges' kind for a column of ``dtype``, or ``None`` for the exact path.

    The exact path takes text, Decimals, and any figures of fractions of 1 (scaled
    x100 exactly).
    """
    if rules.scaled:
        return None
    return "float" if dtype.is_float() else "int" if dtype.is_integer() else None


def _check_fractions(
    frame: Any,  # noqa: ANN401
    rules: _Rules,
    ids: str,
    v: Any,  # noqa: ANN401 - the value column
    bad: Any,  # noqa: ANN401 - rows not rated for their figure
    *,
    exact: bool,
) -> None:
    """Refuse figures that look like fractions of 1 for a KPI that does not say.

    Every figure of the KPI from 0 to 1 (one strictly between, a figure with ``%``
    none of them) against a percentage target above 1%, as a KPI file checks.

    Raises:
        InvalidKPIError: naming the first such KPI and the fix.
    """
    import narwhals as nw  # noqa: PLC0415

    unsaid = rules.unsaid()
    if not unsaid:
        return
    looks: dict[str, bool] = {}
    if exact:  # text or Decimals: read each distinct figure
        rows = frame.filter(nw.col(ids).is_in(unsaid) & ~bad).select(ids, v).unique()
        figures: dict[str, list[Decimal | None]] = {}
        for kpi_id, cell in _collect(rows).rows():
            figure = Figure.parse(cell) if isinstance(cell, str) else Figure(to_decimal(cell))
            figures.setdefault(kpi_id, []).append(None if figure.percent else figure.value)
        for kpi_id, given in figures.items():
            numbers = [f for f in given if f is not None]
            looks[kpi_id] = len(numbers) == len(given) and _fractions_of_one(numbers)
    else:  # the KPIs with a figure strictly between 0 and 1 (few), then those with one outside
        inside = frame.filter((v > 0) & (v < 1) & ~bad).select(ids).unique()
        candidates = sorted({row[0] for row in _collect(inside).rows()} & set(unsaid))
        if candidates:
            outside = frame.filter(((v < 0) | (v > 1)) & ~bad & nw.col(ids).is_in(candidates))
            seen = {row[0] for row in _collect(outside.select(ids).unique()).rows()}
            looks = {kpi_id: kpi_id not in seen for kpi_id in candidates}
    found = sorted(kpi_id for kpi_id, fraction in looks.items() if fraction)
    if found:
        raise InvalidKPIError(
            "every figure lies between 0 and 1 against a percentage target above 1%: if the "
            "figures are fractions of 1 (0.69 for 69%), give the definitions a `fraction` "
            "column of true; if they are percentages under 1%, false",
            subject=f"KPI {found[0]!r}",
        )


def _fractions_of_one(numbers: Sequence[Decimal]) -> bool:
    """Whether every number lies from 0 to 1, one strictly between (a lone 0 or 1 is not)."""
    return all(0 <= n <= 1 for n in numbers) and any(0 < n < 1 for n in numbers)


def _figure(value: Number) -> Number:
    """A figure as the object path reads it: text by ``Figure.parse`` (``103 jobs`` is 103)."""
    return Figure.parse(value).value if isinstance(value, str) else value


def _status_dtype(frame: Any, labels: list[str]) -> Any:  # noqa: ANN401
    """An Enum of the labels, or text where the engine has no Enum (pyarrow)."""
    import narwhals as nw  # noqa: PLC0415

    if not isinstance(frame, nw.DataFrame):
        return nw.Enum(labels)  # every lazy engine narwhals supports has one
    try:
        frame.head(0).select(nw.lit(labels[0]).cast(nw.Enum(labels)))
    except NotImplementedError:
        return nw.String
    return nw.Enum(labels)


def _recorded_codes(frame: Any, column: str, rules: _Rules) -> Any:  # noqa: ANN401
    import narwhals as nw  # noqa: PLC0415

    spellings = _collect(frame.select(nw.col(column).cast(nw.String)).unique()).rows()
    texts = [text for (text,) in spellings if isinstance(text, str) and text.strip()]
    codes = []
    for text in texts:
        try:
            codes.append(rules.code(rules.scale.parse(text)))
        except KpiragError as exc:
            exc.add_note(f"in the observations' {column!r} column")
            raise
    # -1 where nothing is recorded: an integer column with gaps is a float on pandas and Dask,
    # and "" keeps the mapping from being empty, which pandas refuses.
    return (
        nw.col(column)
        .cast(nw.String)
        .replace_strict(["", *texts], [-1, *codes], default=nw.lit(-1), return_dtype=nw.Int64)
    )


def _explained_columns(
    missing: Any,  # noqa: ANN401
    bad: Any,  # noqa: ANN401
    added: list[Any],
    *,
    previous: str | None,
) -> list[Any]:
    import narwhals as nw  # noqa: PLC0415

    unknown = nw.col(f"{_T}rule").is_null()
    no_target = nw.col(f"{_T}reason") != ""
    reason = (
        nw.when(unknown)
        .then(nw.lit(_UNKNOWN))
        .when(no_target)
        .then(nw.col(f"{_T}reason"))
        .when(missing)
        .then(nw.lit(str(NotRated.NO_DATA)))
        .when(bad)
        .then(nw.lit(_NOT_FINITE))
    )
    explanation = (
        nw.when(unknown | no_target | bad)
        .then(nw.concat_str(nw.lit("N/A: "), reason.otherwise(nw.lit(""))))
        .otherwise(nw.col(f"{_T}explanation"))
    )
    return [
        *added,
        nw.col("gap"),
        nw.col("relative_gap"),
        *([nw.col("travel")] if previous else []),
        explanation.alias("explanation"),
        reason.otherwise(nw.lit(None)).alias("not_rated_reason"),
    ]


def _period_expr(frame: Any, column: str) -> Any:  # noqa: ANN401
    import narwhals as nw  # noqa: PLC0415

    texts = [t for (t,) in _collect(frame.select(column).unique()).rows() if isinstance(t, str)]
    order: dict[str, tuple[Hashable, ...]] = {}
    for text in texts:
        try:
            found = parse_period(text)
        except KpiragError as exc:
            exc.add_note(f"in the observations' {column!r} column")
            raise
        order[text] = (found.start, found.end)
    ordered = sorted(texts, key=order.__getitem__)
    return nw.col(column).cast(_status_dtype(frame, ordered)).alias(column)
