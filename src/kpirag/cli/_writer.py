"""Writing rows as they come: CSV and JSON streamed, text in pages, other tables whole."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from operator import attrgetter
from typing import IO

from kpirag._validate import json_text
from kpirag.kpi import KPILine
from kpirag.report import (
    KPI_FIELDS,
    Cell,
    Table,
    TextColumns,
    defuse_formula,
    is_plain,
    kpi_row,
)

__all__ = ["PAGE_ROWS", "Writer", "kpi_json", "kpi_record"]

PAGE_ROWS = 1_000
"""Rows held at once for text output: a page is laid out, then written."""


class Writer:
    """Streams CSV and JSON rows; text in pages of ``PAGE_ROWS``; collects other formats.

    Text output's first page is laid out as ``Table.render`` lays out a table;
    later pages keep its columns (``TextColumns``), widened where they must be,
    with the header again only when a column grew.
    """

    def __init__(  # noqa: PLR0917 - what to write, where, and how
        self,
        out: IO[str],
        fmt: str,
        title: str,
        headers: Sequence[str],
        wrap: Sequence[str],
        width: int | None,
    ) -> None:
        """Start writing ``fmt`` to ``out``; text wraps the ``wrap`` columns at ``width``."""
        self.out, self.fmt, self.title = out, fmt, title
        self.headers, self.wrap = list(headers), list(wrap)
        self.rows: list[list[Cell | str]] = []
        self.count = 0
        self.pages = 0
        self.width = width
        self.csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        known = all(header in KPI_FIELDS for header in self.headers)
        self._fields = attrgetter(*(KPI_FIELDS[h] for h in self.headers)) if known else None
        self._labels = _Labels()
        self.columns: TextColumns | None = None
        """For text: the columns so far, which later pages keep (or widen)."""
        self.sink: Callable[[Table], None] | None = None
        """For ``xlsx``: what receives the whole table at ``finish`` (a workbook writer)."""

        if self.csv is not None:
            self.csv.writerow(self.headers)
        elif fmt == "json":
            out.write("[")

    def add_line(self, line: KPILine) -> None:
        """Write one KPI's row (the columns are keys of ``KPI_CELLS``).

        CSV and JSON are written from the line's fields directly, with no cell
        objects: a CSV cell is defused (and its control characters made
        visible) unless it starts with a letter or digit and holds no control
        character, and the JSON object is the one ``json_text`` gives.
        """
        if self.csv is not None:
            fields, labels = self._fields, self._labels
            assert fields is not None  # noqa: S101 - only KPI columns are written from lines
            texts = [
                (value if value[:1].isalnum() and is_plain(value) else defuse_formula(value))
                if value.__class__ is str
                else ("" if value is None else labels[value.label])
                for value in fields(line)
            ]
            self._csv_row(texts)
        elif self.fmt == "json":
            self.out.write(("," if self.count else "") + "\n  " + kpi_json(line))
        else:
            row = kpi_row(line, self.headers)
            if self.fmt == "xlsx" and "Value" in self.headers:  # figures as numbers
                row[self.headers.index("Value")] = Cell(line.display, line.value, numeric=True)
            self._keep(row)
        self.count += 1

    def _csv_row(self, texts: list[str]) -> None:
        """Write one CSV row as ``csv.writer`` would (quoted only where needed), faster.

        Rows with a quote, a line break or a NUL go through ``csv.writer``; in the
        rest only a cell holding a comma needs quotes.
        """
        joined = ",".join(texts)
        if '"' in joined or "\n" in joined or "\r" in joined or "\0" in joined or len(texts) < 2:  # noqa: PLR2004
            assert self.csv is not None  # noqa: S101 - only called for CSV
            self.csv.writerow(texts)
            return
        if joined.count(",") != len(texts) - 1:
            joined = ",".join([f'"{text}"' if "," in text else text for text in texts])
        self.out.write(joined + "\n")

    def add(self, row: list[Cell | str], record: dict[str, object]) -> None:
        """Write one row (``record`` is its JSON object)."""
        if self.csv is not None:
            self.csv.writerow([defuse_formula(c.text if isinstance(c, Cell) else c) for c in row])
        elif self.fmt == "json":
            self.out.write(("," if self.count else "") + "\n  " + json_text(record))
        else:
            self._keep(row)
        self.count += 1

    def _keep(self, row: list[Cell | str]) -> None:
        """Hold a row of a whole table; text is written a page at a time."""
        self.rows.append(row)
        if self.fmt == "text" and len(self.rows) >= PAGE_ROWS:
            self._page()

    def _page(self) -> None:
        """Write the rows held: the first page as ``render`` does, later ones in its columns.

        A later page keeps the columns so far, widened where its rows need it;
        the header is written again only when a column grew.
        """
        table = Table(self.title, self.headers, self.rows, wrap=self.wrap)
        if self.columns is None:
            self.out.write(table.render(self.fmt, width=self.width) + "\n")
            if self.fmt == "text":
                self.columns = TextColumns.of(table, width=self.width)
        else:
            wider, lines = self.columns.page(table, width=self.width)
            if wider != self.columns:
                self.out.write(wider.header(self.headers) + "\n")
            self.out.writelines(line + "\n" for line in lines)
            self.columns = wider
        self.pages += 1
        self.rows = []

    def finish(self) -> None:
        """Write what is left, and the end of a JSON list."""
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.fmt == "xlsx":
            assert self.sink is not None  # noqa: S101 - the command gives an xlsx writer its sink
            self.sink(Table(self.title, self.headers, self.rows, wrap=self.wrap))
        elif self.csv is None and (self.rows or not self.pages):
            self._page()


def kpi_record(line: KPILine) -> dict[str, object]:
    """The stable JSON shape of one evaluated KPI (documented in docs/cli.md)."""
    return {
        "id": line.id,
        "title": line.title,
        "target": line.target,
        "value": line.display,
        "status": str(line.status),
        "computed": str(line.computed),
        "recorded": None if line.recorded is None else str(line.recorded),
        "reason": line.reason,
        "explanation": line.explanation,
        "override": line.override,
    }


def kpi_json(line: KPILine) -> str:
    """``json_text(kpi_record(line))``, built without the dictionary when the text is ASCII."""
    quote = encode_basestring
    target, recorded, reason, override = line.target, line.recorded, line.reason, line.override
    text = (
        f'{{"id": {quote(line.id)}, "title": {quote(line.title)}, '
        f'"target": {"null" if target is None else quote(target)}, '
        f'"value": {quote(line.display)}, "status": {quote(line.status.label)}, '
        f'"computed": {quote(line.computed.label)}, '
        f'"recorded": {"null" if recorded is None else quote(recorded.label)}, '
        f'"reason": {"null" if reason is None else quote(reason)}, '
        f'"explanation": {quote(line.explanation)}, '
        f'"override": {"null" if override is None else quote(override)}}}'
    )
    # DEL is ASCII but a control character, which json_text writes as an escape.
    return text if text.isascii() and "\x7f" not in text else json_text(kpi_record(line))


class _Labels(dict[str, str]):
    """A status label as a CSV cell (defused like any text), worked out once per label."""

    def __missing__(self, label: str) -> str:
        self[label] = text = defuse_formula(label)
        return text
