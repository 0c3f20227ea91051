"""Tables and their rendering: plain text, GitHub Markdown, HTML, LaTeX and CSV.

This is the only module that uses tabulate. A ``Table`` holds cells (the
text shown, the raw value, and a status for colouring); ``Report`` is a
titled sequence of tables. Both show as tables in Jupyter (``_repr_html_``) and
as text in a terminal (``str``), and give plain records for pandas.

HTML output escapes every string and colours status cells; CSV output defuses
spreadsheet formulas (a cell starting with ``=``, ``+``, ``-`` or ``@`` that is
not a number gets a leading apostrophe); LaTeX output escapes special
characters.
"""

from __future__ import annotations

import csv
import enum
import html
import io
import re
import textwrap
from collections.abc import Iterable, Sequence

import attrs
from tabulate import tabulate

from kpirag._validate import as_tuple, iterable, text
from kpirag.errors import InvalidFormatError, KpiragError
from kpirag.rules._status import Status
from kpirag.rules._values import parse_number

__all__ = ["Cell", "Format", "Report", "Table", "defuse_formula", "render_table"]


class Format(enum.Enum):
    """Output formats."""

    TEXT = "text"
    GITHUB = "github"
    HTML = "html"
    LATEX = "latex"
    CSV = "csv"

    @classmethod
    def parse(cls, value: Format | str) -> Format:
        """Read a format name (``"text"``, ``"github"``, ``"html"``, ``"latex"``, ``"csv"``)."""
        given: object = value
        if isinstance(given, Format):
            return given
        for member in cls:
            if isinstance(given, str) and given.strip().casefold() == member.value:
                return member
        names = ", ".join(m.value for m in cls)
        raise InvalidFormatError(f"Invalid format {value!r}: expected one of {names}")


@attrs.frozen
class Cell:
    """One table cell.

    Attributes:
        text: what is shown.
        value: the raw value for records and CSV readers (defaults to ``text``).
        status: a status whose colour the cell takes in HTML.
        numeric: whether to align it as a number.
    """

    text: str
    value: object = attrs.field(default=None)
    status: Status | None = None
    numeric: bool = False

    @value.validator
    def _check(self, _attribute: object, _value: object) -> None:
        if not isinstance(self.text, str):
            raise InvalidFormatError(f"Invalid cell text {self.text!r}: expected text")

    @property
    def raw(self) -> object:
        """The value for records: ``value`` when given, else the text."""
        return self.text if self.value is None else self.value


def _cell(value: Cell | str) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value))


def _row(row: Iterable[Cell | str]) -> tuple[Cell, ...]:
    return tuple(_cell(value) for value in iterable(row, "row"))


def _rows(rows: Iterable[Iterable[Cell | str]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(_row(row) for row in iterable(rows, "rows"))


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(values, str, "headers")


@attrs.frozen
class Table:
    """A titled table of cells.

    Attributes:
        title: shown above the table.
        headers: the column names (also the keys of ``to_records``).
        rows: the cells, row by row.
        wrap: the columns whose long text wraps in text formats.

    ```pycon
    >>> table = Table("Demo", ["KPI", "Status"], [["1.5", Cell("Red", status=Status.RED)]])
    >>> print(table)
    Demo
    <BLANKLINE>
    KPI    Status
    -----  --------
    1.5    Red
    >>> table.to_records()
    [{'KPI': '1.5', 'Status': 'Red'}]

    ```
    """

    title: str = attrs.field(validator=text)
    headers: tuple[str, ...] = attrs.field(converter=_strings)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    wrap: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def __attrs_post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise InvalidFormatError(
                    f"Invalid table {self.title!r} row {number}: {len(row)} cells for "
                    f"{len(self.headers)} columns"
                )
        unknown = set(self.wrap) - set(self.headers)
        if unknown:
            raise InvalidFormatError(f"Invalid wrap columns {sorted(unknown)}: not headers")

    def to_records(self) -> list[dict[str, object]]:
        """Each row as a dict of header to raw value (ready for ``pandas.DataFrame``)."""
        return [
            {header: cell.raw for header, cell in zip(self.headers, row, strict=True)}
            for row in self.rows
        ]

    def render(self, format: Format | str = Format.TEXT, *, width: int | None = 60) -> str:  # noqa: A002
        """The table in ``format``; ``width`` wraps the wrap columns in plain text."""
        return render_table(self, Format.parse(format), width=width)

    def __str__(self) -> str:
        return self.render(Format.TEXT)

    def _repr_html_(self) -> str:
        return self.render(Format.HTML)


def _tables(tables: Iterable[Table]) -> tuple[Table, ...]:
    return as_tuple(tables, Table, "tables")


@attrs.frozen
class Report:
    """A titled sequence of tables, rendered one after another."""

    title: str = attrs.field(validator=text)
    tables: tuple[Table, ...] = attrs.field(converter=_tables)

    def render(self, format: Format | str = Format.TEXT, *, width: int | None = 60) -> str:  # noqa: A002
        """Every table in ``format``, under the report title."""
        chosen = Format.parse(format)
        parts = [render_table(table, chosen, width=width) for table in self.tables]
        if chosen is Format.HTML:
            return f"<h2>{html.escape(self.title)}</h2>\n" + "\n".join(parts)
        if chosen is Format.LATEX:
            return f"\\section*{{{latex_escape(self.title)}}}\n\n" + "\n\n".join(parts)
        if chosen is Format.CSV:
            return "\n".join(parts)
        if chosen is Format.GITHUB:
            return f"# {self.title}\n\n" + "\n\n".join(parts)
        return f"{self.title}\n{'=' * len(self.title)}\n\n" + "\n\n".join(parts)

    def __str__(self) -> str:
        return self.render(Format.TEXT)

    def _repr_html_(self) -> str:
        return self.render(Format.HTML)


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\ensuremath{<}",
    ">": r"\ensuremath{>}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(key) for key in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    r"""Escape LaTeX's special characters: ``50% & more`` becomes ``50\% \& more``."""
    return _LATEX_PATTERN.sub(lambda match: _LATEX_SPECIALS[match.group()], text)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    """Make a CSV cell inert in spreadsheets without changing numbers.

    ```pycon
    >>> defuse_formula("=HYPERLINK(1)"), defuse_formula("-1,230"), defuse_formula("+5%")
    ("'=HYPERLINK(1)", '-1,230', '+5%')

    ```
    """
    if not text.startswith(_FORMULA_START):
        return text
    try:
        parse_number(text)
    except KpiragError:
        return "'" + text
    return text


def _html_cell(cell: Cell) -> str:
    text = html.escape(cell.text)
    if cell.status is None:
        return text
    return (
        f'<span class="kpirag-status" style="background-color:{html.escape(cell.status.colour)};'
        f'padding:0 0.4em">{text}</span>'
    )


def render_table(table: Table, format: Format, *, width: int | None = 60) -> str:  # noqa: A002
    """Render one table (see ``Table.render``)."""
    if format is Format.CSV:
        return _csv(table)
    align = [
        "right"
        if table.rows and all(row[i].numeric or not row[i].text for row in table.rows)
        else "left"
        for i in range(len(table.headers))
    ]
    if format is Format.HTML:
        rows: Sequence[Sequence[str]] = [[_html_cell(cell) for cell in row] for row in table.rows]
        headers = [html.escape(header) for header in table.headers]
        body = tabulate(rows, headers, tablefmt="unsafehtml", disable_numparse=True, colalign=align)
        return f"<h3>{html.escape(table.title)}</h3>\n{body}"
    rows = [[cell.text for cell in row] for row in table.rows]
    if format is Format.LATEX:
        body = tabulate(
            rows, table.headers, tablefmt="latex", disable_numparse=True, colalign=align
        )
        return f"\\subsection*{{{latex_escape(table.title)}}}\n{body}"
    if format is Format.TEXT and width:
        # Wrapped here rather than with tabulate's maxcolwidths, which re-parses numbers.
        wrapped = {i for i, header in enumerate(table.headers) if header in table.wrap}
        rows = [
            [textwrap.fill(text, width) if i in wrapped else text for i, text in enumerate(row)]
            for row in rows
        ]
    fmt = "github" if format is Format.GITHUB else "simple"
    body = tabulate(rows, table.headers, tablefmt=fmt, disable_numparse=True, colalign=align)
    heading = f"## {table.title}" if format is Format.GITHUB else table.title
    return f"{heading}\n\n{body}"


def _csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([defuse_formula(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([defuse_formula(cell.text) for cell in row])
    return buffer.getvalue()
