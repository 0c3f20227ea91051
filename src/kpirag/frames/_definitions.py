"""KPI definitions read from a data frame: one row per KPI.

```pycon
>>> import pandas as pd
>>> definitions = pd.DataFrame(
...     {
...         "kpi_id": ["1.5", "1.6"],
...         "title": ["Rough sleepers out once", "Living on the streets"],
...         "theme": ["1 Safe", "1 Safe"],
...         "target": ["75%", "<43"],
...         "better": ["higher", None],
...         "unit": ["percent", "count"],
...         "tolerance": ["10%", None],
...     }
... )
>>> framework = framework_from_frame(definitions)
>>> [(kpi.id, str(kpi.target)) for kpi in framework.kpis]
[('1.5', '>=75%'), ('1.6', '<43')]

```
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

import attrs
import narwhals as nw

from kpirag.errors import InvalidKPIError, RecordError, ValueTypeError
from kpirag.io import KPI_ID_ALIAS, Rules, kpi_from_records
from kpirag.kpi import KPI, Framework
from kpirag.rules import Direction, Scheme

__all__ = [
    "DEFINITION_COLUMNS",
    "Definition",
    "framework_from_frame",
    "id_column",
    "native_frame",
    "read_definitions",
]

DEFINITION_COLUMNS = (
    "kpi_id",
    "title",
    "theme",
    "target",
    "better",
    "unit",
    "tolerance",
    "fraction",
)
"""The definitions table's columns; only ``kpi_id`` (or ``id``) and ``target`` are required."""

_RULE_COLUMNS = ("target", "better", "unit", "tolerance", "fraction")
"""The columns a row's rule is read from: each distinct combination is read once."""


class Definition(NamedTuple):
    """One definitions row: its id, title and theme, and the KPI its rule columns make.

    Rows with the same rule columns (``_RULE_COLUMNS``) share one ``rule``, read once.
    """

    kpi_id: str
    title: str
    theme: str
    rule: KPI

    def kpi(self) -> KPI:
        """The row's own KPI."""
        return attrs.evolve(self.rule, id=self.kpi_id, title=self.title, theme=self.theme)


def native_frame(frame: object, what: str) -> Any:  # noqa: ANN401 - any narwhals frame
    """``frame`` as a narwhals DataFrame or LazyFrame, or our error naming ``what``."""
    try:
        return nw.from_native(frame)
    except TypeError as exc:
        raise ValueTypeError(
            f"Invalid {what} {type(frame).__name__}: expected a pandas, polars or pyarrow "
            "table, or a lazy frame narwhals supports (Dask, DuckDB, polars LazyFrame)"
        ) from exc


def id_column(columns: Iterable[str], given: str) -> str:
    """The KPI id column: ``given``, or its other name when only that is present.

    ``kpi_id`` (``KPI_ID_ALIAS``) and ``id`` name the same column, in frames as
    in files.
    """
    present = set(columns)
    other = {KPI_ID_ALIAS: "id", "id": KPI_ID_ALIAS}.get(given)
    if given not in present and other is not None and other in present:
        return other
    return given


def _texts(column: Any) -> list[str]:  # noqa: ANN401 - a narwhals Series
    """A column's cells as a file's text: empty where a value is missing (NaN, pd.NA)."""
    missing = column.is_null().to_list()
    return [
        "" if gap or cell != cell else str(cell).strip()  # noqa: PLR0124 - NaN
        for cell, gap in zip(column.to_list(), missing, strict=True)
    ]


def read_definitions(
    definitions: object,
    columns: Mapping[str, str] | None = None,
    *,
    schemes: Mapping[str, Scheme] | None = None,
    default_better: Direction | Literal["higher", "lower"] | None = None,
) -> list[Definition]:
    """Each row of a definitions table, with the ``KPI`` a definitions file's row makes.

    ``columns`` names the frame's column for each file column (``id``, ``target``
    ...; ``DEFINITION_COLUMNS`` by default). A row is read by ``kpi_from_records``,
    the reader of every KPI file (once per distinct rule columns), its title the id
    when empty; its ``tolerance`` may instead name a scheme of ``schemes``. A bare
    target number takes the row's ``better``, else ``default_better``.

    Raises:
        InvalidKPIError: the id or target column is missing.
        RecordError: a row is not a valid definition; its problems name the frame's
            columns, and a note the row.
    """
    better = None if default_better is None else Direction.parse(default_better)
    rules = None if better is None else Rules("definitions", better=better)
    frame = native_frame(definitions, "definitions")
    if hasattr(frame, "collect"):
        frame = frame.collect()
    present = set(frame.columns)
    columns = dict(columns or zip(("id", *DEFINITION_COLUMNS[1:]), DEFINITION_COLUMNS, strict=True))
    columns["id"] = id_column(present, columns["id"])
    for role, column in ((KPI_ID_ALIAS, columns["id"]), ("target", columns["target"])):
        if column not in present:
            raise InvalidKPIError(
                f"the definitions have no {role} column {column!r} (columns: {sorted(present)})"
            )
    given = {name: column for name, column in columns.items() if column in present}
    texts = {name: _texts(frame.get_column(column)) for name, column in given.items()}
    read: dict[tuple[str, ...], KPI] = {}
    rows = []
    for number, cells in enumerate(zip(*texts.values(), strict=True), start=1):
        record = dict.fromkeys(("title", "theme", "value", *_RULE_COLUMNS), "") | dict(
            zip(texts, cells, strict=True)
        )
        record["title"] = record["title"] or record["id"]
        key = tuple(record[name] for name in _RULE_COLUMNS)
        if key not in read or not record["id"]:
            scheme = (schemes or {}).get(record["tolerance"])
            if scheme is not None:  # a named scheme, not tolerance text
                record["tolerance"] = ""
            rule = _read(record, rules, given, number)
            read[key] = rule if scheme is None else attrs.evolve(rule, scheme=scheme)
        rows.append(Definition(record["id"], record["title"], record["theme"], read[key]))
    return rows


def _read(record: dict[str, str], rules: Rules | None, columns: Mapping[str, str], row: int) -> KPI:
    """One definition row read as a file's, its problems at the frame's column names."""
    try:
        kpi, _ = kpi_from_records([record], rules=rules)
    except RecordError as exc:
        error = RecordError(
            [attrs.evolve(p, column=columns.get(p.column, p.column)) for p in exc.problems]
        )
        error.add_note(f"in definitions row {row}")
        raise error from None
    return kpi


def framework_from_frame(
    definitions: object,
    *,
    kpi_id: str = "kpi_id",
    title: str = "title",
    theme: str = "theme",
    target: str = "target",
    better: str = "better",
    unit: str = "unit",
    tolerance: str = "tolerance",
    fraction: str = "fraction",
    scheme: Scheme | None = None,
    schemes: Mapping[str, Scheme] | None = None,
    name: str = "",
    default_better: Direction | Literal["higher", "lower"] | None = None,
) -> Framework:
    """A ``Framework`` from a definitions table (pandas, polars, pyarrow or lazy).

    Args:
        definitions: one row per KPI.
        kpi_id: the id column (required; ``id`` is read when there is no ``kpi_id``).
        title: the title column; the id stands in when it is absent or empty.
        theme: the theme column (optional).
        target: the target text column (required): ``"75%"``, ``"<43"``, empty for none yet.
        better: the column saying ``"higher"`` or ``"lower"`` for a bare target
            number (``0``, ``4.5%``); a bare number needs it, or ``default_better``.
        unit: ``percent``, ``count``, ... (optional; from the target by default).
        tolerance: tolerance text (``"10%"``, ``"5pt"``, ``"none"``) or the name of
            a scheme in ``schemes``; empty for the framework's scheme (optional).
        fraction: the column saying whether a percentage KPI's bare figures are
            fractions of 1 (true: ``0.69`` is 69%, multiplied by 100 exactly) or
            percentages (false: ``0.69`` is 0.69%); empty when unsaid (optional).
        scheme: the framework's scheme (the City of London rule by default).
        schemes: schemes the ``tolerance`` column may name.
        name: a name for the framework.
        default_better: which way is better for a bare target number whose row
            does not say (``"higher"`` or ``"lower"``); without it such a row is an error.

    Raises:
        InvalidKPIError: a required column is missing, or two rows share an id.
        RecordError: a row is not a valid definition, as a definitions file's row
            would not be (a bare target number that says not which way is better,
            ...): every problem at its column, and a note naming the row.
    """
    columns = {"id": kpi_id, "title": title, "theme": theme, "target": target, "better": better}
    columns |= {"unit": unit, "tolerance": tolerance, "fraction": fraction}
    rows = read_definitions(definitions, columns, schemes=schemes, default_better=default_better)
    kpis = [row.kpi() for row in rows]
    return Framework(kpis, scheme=scheme or Scheme.city_of_london(), name=name)
