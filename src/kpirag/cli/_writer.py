"""Writing rows as they come: CSV and JSON streamed, text in pages, other tables whole."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import IO

from kpirag.report._render import Cell, Table, defuse_formula

__all__ = ["PAGE_ROWS", "Writer"]

PAGE_ROWS = 1_000
"""Rows in each page of text output; each page sizes its own columns."""


class Writer:
    """Streams CSV and JSON rows; text in pages of ``PAGE_ROWS``; collects other formats."""

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
        if self.csv is not None:
            self.csv.writerow(self.headers)
        elif fmt == "json":
            out.write("[")

    def add(self, row: list[Cell | str], record: dict[str, object]) -> None:
        """Write one row (``record`` is its JSON object)."""
        if self.csv is not None:
            self.csv.writerow([defuse_formula(c.text if isinstance(c, Cell) else c) for c in row])
        elif self.fmt == "json":
            self.out.write(
                ("," if self.count else "") + "\n  " + json.dumps(record, ensure_ascii=False)
            )
        else:
            self.rows.append(row)
            if self.fmt == "text" and len(self.rows) >= PAGE_ROWS:
                self._page()
        self.count += 1

    def _page(self) -> None:
        """Write the rows held as one table (later pages without the title)."""
        title = "" if self.pages else self.title
        table = Table(title, self.headers, self.rows, wrap=self.wrap)
        text = table.render(self.fmt, width=self.width)
        self.out.write((text.lstrip("\n") if self.pages else text) + "\n")
        self.pages += 1
        self.rows = []

    def finish(self) -> None:
        """Write what is left, and the end of a JSON list."""
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.csv is None and (self.rows or not self.pages):
            self._page()
