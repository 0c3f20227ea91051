"""Loading and writing KPI frameworks, risk registers and budget tables as CSV, TOML and JSON.

This is kpirag's file layer. Loading is all or nothing: every bad cell is
collected with its file, line and column, and a ``LoadError`` lists them
all; nothing is returned from a file with errors. Files are only read from the
paths given; no code or expression in a file is ever evaluated.

CSV files are UTF-8, with or without a byte order mark, quoted the way Excel
quotes. TOML and JSON files hold a list of the same records under ``kpis``,
``risks`` or ``lines``; their locations name the item (``kpis[3]``) and field.
The columns are documented in ``kpirag.io._records.KPI_COLUMNS``,
``RISK_COLUMNS`` and ``BUDGET_COLUMNS``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, TypeAlias

import attrs

from kpirag.budget._budget import BudgetTable
from kpirag.errors import KpiragError, LoadError, Problem
from kpirag.io._records import (
    BUDGET_COLUMNS,
    BUDGET_REQUIRED,
    KPI_COLUMNS,
    KPI_REQUIRED,
    RISK_COLUMNS,
    RISK_REQUIRED,
    RecordError,
    budget_line_from_record,
    kpi_from_records,
    records_from_budget_line,
    records_from_kpi,
    records_from_risk,
    risk_from_record,
)
from kpirag.kpi._definition import KPI
from kpirag.kpi._evaluation import Evaluation, Framework, Observation
from kpirag.kpi._periods import Month, Quarter, Year
from kpirag.risk._risk import RiskMatrix, RiskRegister
from kpirag.rules._scheme import Scheme
from kpirag.rules._tolerance import Tolerance
from kpirag.rules._values import format_decimal

__all__ = [
    "KPIData",
    "LoadError",
    "Problem",
    "Problems",
    "Row",
    "Source",
    "default_scheme",
    "dump_budget",
    "dump_kpis",
    "dump_risks",
    "iter_kpis",
    "load_budget",
    "load_kpis",
    "load_risks",
    "read_rows",
]

Source: TypeAlias = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open text or binary stream (``sys.stdin`` for ``-``)."""

FORMATS = ("csv", "toml", "json")
_SECTIONS = {"kpi": "kpis", "risk": "risks", "budget": "lines"}


class Problems:
    """Problems found in one source, collected so that all can be reported at once."""

    def __init__(self, source: str) -> None:
        """Collect problems for ``source``."""
        self.source = source
        self.items: list[Problem] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(
        self,
        message: str,
        *,
        row: Row | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
        number: int | None = None,
    ) -> None:
        """Record a problem, located at ``row`` (and ``column``, or CSV column ``number``)."""
        item = None
        if row is not None:
            line, item = row.line, row.item
            if number is None and line is not None and column in row.columns:
                number = row.columns.index(column) + 1
            if item is not None:
                number = None
        self.items.append(Problem(self.source, message, line, item, column, number, value))

    def raise_any(self) -> None:
        """Raise a ``LoadError`` listing every problem, if there are any."""
        if self.items:
            raise LoadError(self.items)


@attrs.frozen
class Row:
    """One record read from a file, with where it came from."""

    line: int | None
    item: int | None
    record: Mapping[str, str]
    columns: tuple[str, ...]


def _name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def _format(source: Source, fmt: str | None, problems: Problems) -> str | None:
    if fmt is not None:
        chosen = fmt.strip().casefold()
    elif isinstance(source, str | os.PathLike):
        chosen = Path(source).suffix.lstrip(".").casefold() or "csv"
    else:
        chosen = "csv"
    if chosen not in FORMATS:
        problems.add(f"unknown format {chosen!r}; expected {', '.join(FORMATS)}")
        return None
    return chosen


@contextlib.contextmanager
def _read_text(source: Source) -> Iterator[IO[str]]:
    """A text stream over ``source``: UTF-8 with or without a byte order mark.

    A file opened here is closed afterwards; a caller's stream is left open.
    """
    if isinstance(source, str | os.PathLike):
        with Path(source).open(encoding="utf-8-sig", newline="") as stream:
            yield stream
    elif isinstance(source, io.TextIOBase):
        yield source
    else:
        binary: IO[bytes] = source  # type: ignore[assignment]
        wrapper = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            yield wrapper
        finally:
            wrapper.detach()


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    data = source.read()
    return data.encode("utf-8") if isinstance(data, str) else data


def _cell_text(value: object) -> str | None:
    """A TOML or JSON value as cell text; ``None`` for values that are not scalars."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    return None


_SCHEMAS: Mapping[str, tuple[Mapping[str, str], Sequence[str]]] = {
    "kpi": (KPI_COLUMNS, KPI_REQUIRED),
    "risk": (RISK_COLUMNS, RISK_REQUIRED),
    "budget": (BUDGET_COLUMNS, BUDGET_REQUIRED),
}


def _check_columns(
    kind: str, row: Row, problems: Problems, *, allow_unknown: bool, header: bool
) -> bool:
    """Check a header (or a TOML/JSON item's fields); ``False`` if anything is wrong."""
    known, required = _SCHEMAS[kind]
    before = len(problems.items)
    seen: set[str] = set()
    for position, column in enumerate(row.columns, start=1):
        if column in seen:
            problems.add("duplicate column", row=row, column=column, number=position)
        seen.add(column)
        if column not in known and not allow_unknown:
            problems.add(
                f"unknown column; expected some of {', '.join(known)}", row=row, column=column
            )
    for column in required:
        if column not in seen and (header or kind != "kpi" or column in {"id", "measure"}):
            problems.add("required column is missing", row=row, column=column)
    return len(problems.items) == before


def read_rows(
    source: Source,
    problems: Problems,
    *,
    kind: str,
    fmt: str | None = None,
    allow_unknown: bool = False,
) -> Iterator[Row]:
    """Yield each record of a KPI, risk or budget file; problems go to ``problems``.

    Args:
        source: a path or stream.
        problems: where problems are collected.
        kind: ``"kpi"``, ``"risk"`` or ``"budget"``: which columns are known.
        fmt: ``"csv"``, ``"toml"`` or ``"json"``; from the file suffix by default.
        allow_unknown: accept (and ignore) columns kpirag does not know.
    """
    chosen = _format(source, fmt, problems)
    if chosen == "csv":
        yield from _csv_rows(source, problems, kind, allow_unknown=allow_unknown)
    elif chosen is not None:
        yield from _document_rows(source, problems, kind, chosen, allow_unknown=allow_unknown)


def _csv_rows(
    source: Source, problems: Problems, kind: str, *, allow_unknown: bool
) -> Iterator[Row]:
    with _read_text(source) as stream:
        yield from _csv_stream(stream, problems, kind, allow_unknown=allow_unknown)


def _csv_stream(
    stream: IO[str], problems: Problems, kind: str, *, allow_unknown: bool
) -> Iterator[Row]:
    reader = csv.reader(stream, strict=True)
    last_line = 0
    header: tuple[str, ...] | None = None
    try:
        for cells in reader:
            start, last_line = last_line + 1, reader.line_num
            if header is None:
                # A BOM survives when text arrives already decoded (a text stdin, say).
                header = tuple(cell.strip().lstrip("\ufeff").casefold() for cell in cells)
                columns = Row(start, None, {}, header)
                if not _check_columns(
                    kind, columns, problems, allow_unknown=allow_unknown, header=True
                ):
                    return
                continue
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problems.add(
                    f"{len(cells)} cells, but the header has {len(header)} columns", line=start
                )
                continue
            yield Row(start, None, dict(zip(header, cells, strict=False)), header)
        if header is None:
            problems.add("empty file: expected a header row")
    except UnicodeDecodeError as exc:
        problems.add(f"not UTF-8 text ({exc.reason} at byte {exc.start})", line=last_line + 1)
    except csv.Error as exc:
        problems.add(f"malformed CSV: {exc}", line=reader.line_num or None)


def _document_rows(
    source: Source, problems: Problems, kind: str, fmt: str, *, allow_unknown: bool
) -> Iterator[Row]:
    section = _SECTIONS[kind]
    try:
        text = _read_bytes(source).decode("utf-8-sig")
        if fmt == "toml":
            document: object = tomllib.loads(text, parse_float=Decimal)
        else:
            document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        problems.add(f"not UTF-8 text ({exc.reason} at byte {exc.start})")
        return
    except json.JSONDecodeError as exc:
        problems.add(f"malformed JSON at column {exc.colno}: {exc.msg}", line=exc.lineno)
        return
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        problems.add(f"malformed {fmt.upper()}: {exc}")
        return
    items = document.get(section) if isinstance(document, dict) else None
    if not isinstance(items, list):
        problems.add(f"expected a list of records under {section!r}")
        return
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.add("expected a table of fields", row=Row(None, number, {}, ()))
            continue
        row = Row(None, number, {}, tuple(str(key) for key in item))
        good = _check_columns(kind, row, problems, allow_unknown=allow_unknown, header=False)
        record: dict[str, str] = {}
        for field, value in item.items():
            cell = _cell_text(value)
            if cell is None:
                problems.add(
                    "expected text, a number or true/false",
                    row=row,
                    column=field,
                    value=repr(value),
                )
                good = False
            else:
                record[field] = cell
        if good:
            yield Row(None, number, record, row.columns)


def _reject_constant(constant: str) -> object:
    raise ValueError(f"{constant} is not a number kpirag accepts")


def _add_record_problems(problems: Problems, rows: Sequence[Row], error: RecordError) -> None:
    for problem in error.problems:
        row = rows[problem.row] if problem.row < len(rows) else rows[0]
        problems.add(problem.message, row=row, column=problem.column, value=problem.value)


def _where(position: int, row: Row) -> str:
    return f"line {position}" if row.line is not None else f"item {position}"


def _position(row: Row) -> int:
    return row.line if row.line is not None else row.item or 0


def _kpi_groups(
    source: Source, problems: Problems, *, fmt: str | None, allow_unknown: bool
) -> Iterator[list[Row]]:
    """Consecutive rows with the same id, each group once; a later repeat is a problem."""
    seen: dict[str, int] = {}
    group: list[Row] = []
    rows = read_rows(source, problems, kind="kpi", fmt=fmt, allow_unknown=allow_unknown)
    for row in rows:
        kpi_id = row.record.get("id", "").strip()
        if group and kpi_id == group[0].record.get("id", "").strip():
            group.append(row)
            continue
        if group:
            yield group
        group = []
        if kpi_id in seen:
            problems.add(
                f"duplicate id (first at {_where(seen[kpi_id], row)}); the rows of one KPI "
                "must be consecutive",
                row=row,
                column="id",
                value=kpi_id,
            )
            continue
        seen[kpi_id] = _position(row)
        group = [row]
    if group:
        yield group


def iter_kpis(
    source: Source,
    problems: Problems,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
) -> Iterator[tuple[KPI, Observation]]:
    """Stream each KPI and its observation; bad rows go to ``problems`` and are skipped.

    The caller decides what to do with the problems (``load_kpis`` raises if
    there are any). Memory holds one KPI's rows and the ids seen so far.
    """
    for group in _kpi_groups(source, problems, fmt=fmt, allow_unknown=allow_unknown):
        try:
            yield kpi_from_records([row.record for row in group])
        except RecordError as exc:
            _add_record_problems(problems, group, exc)


def default_scheme(tolerance: Tolerance | str) -> Scheme:
    """The standard scheme for a tolerance given as an object or text (``"10%"``)."""
    return Scheme.standard(
        tolerance if isinstance(tolerance, Tolerance) else Tolerance.parse(tolerance)
    )


@attrs.frozen
class KPIData:
    """A loaded KPI framework with its period's observations."""

    framework: Framework
    observations: tuple[Observation, ...]

    def evaluate(self, *, period: Quarter | Month | Year | None = None) -> Evaluation:
        """Evaluate the observations against the framework."""
        return self.framework.evaluate(self.observations, period=period)


def load_kpis(
    source: Source,
    *,
    tolerance: Tolerance | str = "10%",
    fmt: str | None = None,
    allow_unknown: bool = False,
    name: str = "",
    source_name: str | None = None,
) -> KPIData:
    """Load a KPI file: all of it, or a ``LoadError`` listing every bad cell.

    Args:
        source: a path or stream.
        tolerance: the default tolerance (a KPI's ``tolerance`` column overrides it).
        fmt: ``"csv"``, ``"toml"`` or ``"json"``; from the suffix by default (CSV for streams).
        allow_unknown: accept columns kpirag does not know.
        name: a name for the framework.
        source_name: replaces the file name in error messages (``<stdin>``, say).
    """
    scheme = default_scheme(tolerance)
    problems = Problems(source_name or _name(source))
    pairs = list(iter_kpis(source, problems, fmt=fmt, allow_unknown=allow_unknown))
    problems.raise_any()
    framework = Framework([kpi for kpi, _ in pairs], scheme=scheme, name=name)
    return KPIData(framework, tuple(obs for _, obs in pairs))


def load_risks(
    source: Source,
    *,
    matrix: RiskMatrix | None = None,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
) -> RiskRegister:
    """Load a risk register (on the City of London matrix by default), all or nothing.

    ``source_name`` replaces the file name in error messages (``<stdin>``, say).
    """
    matrix = matrix or RiskMatrix.city_of_london()
    problems = Problems(source_name or _name(source))
    risks = []
    seen: dict[str, int] = {}
    for row in read_rows(source, problems, kind="risk", fmt=fmt, allow_unknown=allow_unknown):
        try:
            risk = risk_from_record(row.record)
            RiskRegister(matrix, [risk])
        except RecordError as exc:
            _add_record_problems(problems, [row], exc)
            continue
        except KpiragError as exc:
            column = "target_score" if "target_score" in str(exc) else "score"
            if "previous_score" in str(exc):
                column = "previous_score"
            if "likelihood" in str(exc) or "impact" in str(exc):
                column = "likelihood" if "likelihood" in str(exc) else "impact"
            problems.add(str(exc), row=row, column=column, value=row.record.get(column))
            continue
        if risk.code in seen:
            problems.add(
                f"duplicate code (first at {_where(seen[risk.code], row)})",
                row=row,
                column="code",
                value=risk.code,
            )
            continue
        seen[risk.code] = _position(row)
        risks.append(risk)
    problems.raise_any()
    return RiskRegister(matrix, risks)


def load_budget(
    source: Source,
    *,
    fmt: str | None = None,
    allow_unknown: bool = False,
    source_name: str | None = None,
) -> BudgetTable:
    """Load a budget table, all or nothing (``source_name`` as for ``load_risks``)."""
    problems = Problems(source_name or _name(source))
    lines = []
    seen: dict[tuple[str, str], int] = {}
    first_unit: str | None = None
    for row in read_rows(source, problems, kind="budget", fmt=fmt, allow_unknown=allow_unknown):
        try:
            line = budget_line_from_record(row.record)
        except RecordError as exc:
            _add_record_problems(problems, [row], exc)
            continue
        key = (line.name, line.category)
        if key in seen:
            problems.add(
                f"duplicate line (first at {_where(seen[key], row)})",
                row=row,
                column="name",
                value=line.name,
            )
            continue
        first_unit = first_unit or line.unit
        if line.unit != first_unit:
            problems.add(
                f"every line must be in one unit, and the first is {first_unit!r}",
                row=row,
                column="unit",
                value=line.unit,
            )
            continue
        seen[key] = _position(row)
        lines.append(line)
    problems.raise_any()
    return BudgetTable(lines)


def _dump(
    records: Iterable[Mapping[str, str]], columns: Sequence[str], fmt: str, section: str
) -> str:
    rows = [{c: r[c] for c in columns if r.get(c)} for r in records]
    if fmt == "csv":
        required = set(_SCHEMAS[_KIND_OF_SECTION[section]][1])
        used = [c for c in columns if c in required or any(c in row for row in rows)]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, used, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt == "json":
        return json.dumps({section: rows}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        parts = []
        for row in rows:
            fields = "\n".join(
                f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in row.items()
            )
            parts.append(f"[[{section}]]\n{fields}\n")
        return "\n".join(parts)
    problems = Problems("<output>")
    problems.add(f"unknown format {fmt!r}; expected {', '.join(FORMATS)}")
    raise LoadError(problems.items)


_KIND_OF_SECTION = {section: kind for kind, section in _SECTIONS.items()}


def dump_kpis(data: KPIData, fmt: str = "csv") -> str:
    """Write a framework and its observations in the format ``load_kpis`` reads back."""
    by_id = {obs.kpi_id: obs for obs in data.observations}
    records = [
        row for kpi in data.framework.kpis for row in records_from_kpi(kpi, by_id.get(kpi.id))
    ]
    return _dump(records, list(KPI_COLUMNS), fmt, "kpis")


def dump_risks(register: RiskRegister, fmt: str = "csv") -> str:
    """Write a risk register in the format ``load_risks`` reads back."""
    return _dump(
        (records_from_risk(risk) for risk in register.risks), list(RISK_COLUMNS), fmt, "risks"
    )


def dump_budget(table: BudgetTable, fmt: str = "csv") -> str:
    """Write a budget table in the format ``load_budget`` reads back."""
    return _dump(
        (records_from_budget_line(line) for line in table.lines), list(BUDGET_COLUMNS), fmt, "lines"
    )
