"""A file's header, and what kind of kpirag file it is: KPIs, risks, a budget, SPC series, or IPR.

``file_kind`` tells the kinds apart by the header alone, so every door
(``kpirag report`` first) sorts its inputs the same way.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from kpirag.io._ipr_records import METRIC_COLUMNS, VALUE_COLUMNS
from kpirag.io._loaders import Source, check_source, format_of, read_bytes, spaced
from kpirag.io._records import (
    BUDGET_COLUMNS,
    KPI_ALIASES,
    KPI_COLUMNS,
    KPI_ID_ALIAS,
    RISK_COLUMNS,
)
from kpirag.io._series_records import SERIES_COLUMNS

__all__ = ["KINDS", "file_kind", "read_header"]

KINDS = ("kpis", "risks", "budget", "series", "metrics", "values")
"""The kinds of file ``file_kind`` tells apart."""

LISTS = {
    "kpis": "kpis",
    "risks": "risks",
    "lines": "budget",
    "points": "series",
    "metrics": "metrics",
    "values": "values",
}
"""The record list of each kind of TOML or JSON document, by the list's name."""

_SNIFF_BYTES = 1 << 16
_TOML_LIST = re.compile(r"^\s*\[\[\s*(kpis|risks|lines|points|metrics|values)\s*\]\]", re.MULTILINE)
_JSON_LIST = re.compile(r'"(kpis|risks|lines|points|metrics|values)"\s*:')
_KNOWN = frozenset(
    {
        *KPI_COLUMNS,
        *KPI_ALIASES,
        KPI_ID_ALIAS,
        *RISK_COLUMNS,
        *BUDGET_COLUMNS,
        *SERIES_COLUMNS,
        *METRIC_COLUMNS,
        *VALUE_COLUMNS,
    }
)


def _name(column: str) -> str:
    name = spaced(column.strip().lstrip("\ufeff").strip().casefold(), _KNOWN)
    return "id" if name == KPI_ID_ALIAS else name


def _sheet_header(source: Source, sheet: str | None, name: str | None) -> tuple[str, ...]:
    from kpirag.io import _xlsx  # noqa: PLC0415 - openpyxl only when a workbook is read

    if isinstance(source, io.TextIOBase):
        return ()
    rows = _xlsx.read_rows(source, sheet=sheet, columns=_KNOWN, name=name)  # type: ignore[arg-type]
    for row in rows:
        return tuple(_name(column) for column in row.columns)
    return ()


def read_header(
    source: Source,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
    source_name: str | None = None,
) -> tuple[str, ...]:
    r"""The names of a file's columns, as kpirag reads them; ``()`` when there are none.

    A CSV file's header (stripped and case-folded, ``kpi_id`` read as ``id``),
    the header row of a workbook's sheet (``sheet``, the first by default), or
    the names of the record lists (``kpis``, ``risks``, ``lines``, ``points``)
    in a TOML or JSON document. Only the start of the file is read; a stream
    is left part-read; ``source_name`` names it in problems. A text file that
    cannot be read (an unknown encoding) has no header: its loader names the
    problem.

    Raises:
        LoadError: a workbook that is not one, or has no such sheet.

    ```pycon
    >>> import io
    >>> read_header(io.BytesIO(b"\xef\xbb\xbfKPI_ID , Title,Target\n1,A,>=5\n"))
    ('id', 'title', 'target')
    >>> read_header(io.BytesIO(b'{"points": []}'), fmt="json")
    ('points',)

    ```
    """
    check_source(source)
    chosen = format_of(source, fmt)
    if chosen == "xlsx":
        return _sheet_header(source, sheet, source_name)
    try:
        codec = codecs.lookup(encoding).name
    except (LookupError, TypeError, ValueError):
        return ()  # the loader names the unknown encoding
    text = read_bytes(source, _SNIFF_BYTES).decode(codec, errors="replace").removeprefix("\ufeff")
    if chosen in {"toml", "json"}:
        found = (_TOML_LIST if chosen == "toml" else _JSON_LIST).findall(text)
        return tuple(dict.fromkeys(found))
    try:
        first = next(csv.reader(io.StringIO(text.partition("\n")[0])), [])
    except csv.Error:  # a lone carriage return, say: the loader names the problem
        return ()
    return tuple(_name(column) for column in first)


def file_kind(
    source: Source,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
    sheet: str | None = None,
    source_name: str | None = None,
) -> str | None:
    r"""The kind of kpirag file a header shows (one of ``KINDS``), or ``None``.

    A file with ``id``, ``domain`` and ``improvement`` columns is an integrated
    performance report's metrics; one with ``metric`` and ``period`` its values.

    ``None`` when the header fits no kind, or more than one (see the module);
    the arguments are as for ``read_header``.

    ```pycon
    >>> import io
    >>> file_kind(io.BytesIO(b"id,title,target,value\n1.5,x,>=75%,69%\n"))
    'kpis'
    >>> file_kind(io.BytesIO(b'{"lines": [{"name": "People", "budget": 1}]}'), fmt="json")
    'budget'
    >>> file_kind(io.BytesIO(b"when,what\n")) is None
    True

    ```
    """
    header = read_header(source, fmt=fmt, encoding=encoding, sheet=sheet, source_name=source_name)
    if format_of(source, fmt) in {"toml", "json"}:
        lists = {LISTS[name] for name in header}
        return lists.pop() if len(lists) == 1 else None
    columns = set(header)
    kinds = []
    if {"id", "domain", "improvement"} <= columns:
        return "metrics"  # an IPR's metric list (a KPI file has no domain or improvement)
    if {"metric", "period"} <= columns:
        return "values"
    if "id" in columns:
        kinds.append("kpis")
    if "code" in columns:
        kinds.append("risks")
    if "name" in columns and columns & {"budget", "projected"}:
        kinds.append("budget")
    if "series" in columns:
        kinds.append("series")
    return kinds[0] if len(kinds) == 1 else None
