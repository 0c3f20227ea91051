"""Tables and their rendering: plain text, GitHub Markdown, HTML, LaTeX and CSV.

This is the only module that uses tabulate. A ``Table`` holds cells (the
text shown, the raw value, and a status for colouring); ``Report`` is a
titled sequence of tables. Both show as tables in Jupyter (``_repr_html_``) and
as text in a terminal (``str``), and give plain records for pandas.

Every format shows control characters (terminal escapes, bidi overrides) as
their escapes (see ``_escape``). HTML output escapes every string and colours
status cells; Markdown escapes ``|``, ``<``, ``>``, backticks and brackets; CSV
output defuses spreadsheet formulas (a cell starting with ``=``, ``+``, ``-``
or ``@`` that is not a number gets a leading apostrophe); LaTeX output escapes
special characters. Text and Markdown cut cells longer than ``CELL_LIMIT``
characters, and text wraps every column, so no cell can blow a table up.
"""

from __future__ import annotations

import csv
import enum
import io
import os
import textwrap
from collections.abc import Callable, Iterable

import attrs
from tabulate import tabulate

from kpirag._validate import _ChoiceType, as_tuple, brief, counted, flag, instance, iterable, of
from kpirag._validate import text as is_text
from kpirag.errors import InvalidFormatError, ValueTypeError
from kpirag.report._escape import (
    CELL_LIMIT,
    cut,
    defuse_formula,
    html_escape,
    latex_escape,
    markdown_escape,
    one_line,
    visible,
)
from kpirag.report._html import Chart, numeric_columns, standalone_html, table_html
from kpirag.rules import Status

__all__ = [
    "CELL_LIMIT",
    "COLUMN_LIMIT",
    "Cell",
    "Chart",
    "Format",
    "Report",
    "Table",
    "TextColumns",
    "defuse_formula",
    "latex_escape",
    "render_table",
]

COLUMN_LIMIT = 100
"""In text output, columns that do not wrap to ``width`` still wrap at this many characters."""

_ALIASES = {"markdown": "github", "md": "github"}


class Format(enum.Enum, metaclass=_ChoiceType):
    """The text formats a table renders to (``render`` returns text in each).

    ``markdown`` and ``md`` are other names for ``github``. Workbooks are not a
    text format: write them with ``Table.to_xlsx`` and ``Report.to_xlsx``.

    ```pycon
    >>> Format.parse("Markdown"), Format("md")
    (<Format.GITHUB: 'github'>, <Format.GITHUB: 'github'>)

    ```
    """

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
        return cls._missing_(given)  # not cls(given): Python's message needs a repr of junk

    @classmethod
    def _missing_(cls, value: object) -> Format:
        if isinstance(value, str):
            name = value.strip().casefold()
            for member in cls:
                if _ALIASES.get(name, name) == member.value:
                    return member
        names = ", ".join(m.value for m in cls)
        raise InvalidFormatError(field="format", value=value, expected=f"one of {names}")


class _Shown:
    """Shown through ``render``: as text in a terminal, as HTML tables in Jupyter."""

    __slots__ = ()
    render: Callable[..., str]

    def __str__(self) -> str:
        return self.render(Format.TEXT)

    def _repr_html_(self) -> str:
        return self.render(Format.HTML)


@attrs.frozen
class Cell:
    """One table cell.

    Attributes:
        text: what is shown.
        value: the raw value for records and CSV readers (defaults to ``text``).
        status: a status whose colour the cell takes in HTML.
        numeric: whether to align it as a number.
    """

    text: str = attrs.field(validator=is_text)
    value: object = None
    status: Status | None = attrs.field(
        default=None, validator=of(Status, optional=True, expected="a Status or None")
    )
    numeric: bool = attrs.field(default=False, validator=flag)

    @property
    def raw(self) -> object:
        """The value for records: ``value`` when given, else the text."""
        return self.text if self.value is None else self.value


def _cell(value: Cell | str) -> Cell:
    given: object = value
    if isinstance(given, Cell):
        return given
    if isinstance(given, str):
        return Cell(given)
    raise ValueTypeError(field="cell", value=given, expected="a Cell or text")


def _rows(rows: Iterable[Iterable[Cell | str]]) -> tuple[tuple[Cell, ...], ...]:
    return tuple(
        tuple(_cell(value) for value in iterable(row, "row")) for row in iterable(rows, "rows")
    )


def _headers(values: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(values, str, "headers")


def _wrap(values: Iterable[str]) -> tuple[str, ...]:
    return as_tuple(values, str, "wrap")


@attrs.frozen
class Table(_Shown):
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

    title: str = attrs.field(validator=is_text)
    headers: tuple[str, ...] = attrs.field(converter=_headers)
    rows: tuple[tuple[Cell, ...], ...] = attrs.field(converter=_rows)
    wrap: tuple[str, ...] = attrs.field(default=(), converter=_wrap)

    def __repr__(self) -> str:
        size = f"{counted(len(self.headers), 'column')}, {counted(len(self.rows), 'row')}"
        return f"Table({brief(self.title, 50)}, {size})"

    def __attrs_post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise InvalidFormatError(
                    f"{len(row)} cells for {len(self.headers)} columns",
                    field=f"table {self.title!r} row",
                    value=number,
                )
        unknown = set(self.wrap) - set(self.headers)
        if unknown:
            raise InvalidFormatError("not headers", field="wrap columns", value=sorted(unknown))

    def to_records(self) -> list[dict[str, object]]:
        """Each row as a dict of header to raw value (ready for ``pandas.DataFrame``)."""
        return [
            {header: cell.raw for header, cell in zip(self.headers, row, strict=True)}
            for row in self.rows
        ]

    def render(self, format: Format | str = Format.TEXT, *, width: int | None = 60) -> str:  # noqa: A002
        """The table in ``format`` (a `Format` or its name).

        In text output the ``wrap`` columns wrap to ``width`` and the others at
        ``max(width, COLUMN_LIMIT)`` characters (``width=None`` or ``0``: never
        wrap); text and Markdown cut a cell past ``CELL_LIMIT`` characters with
        a marker such as ``…[+119,000 characters]``.
        """
        return render_table(self, format, width=width)

    def to_xlsx(self, path: str | os.PathLike[str]) -> None:
        """Write the table to an Excel workbook of one sheet (needs ``kpirag[excel]``).

        Numbers are stored as numbers with the format they are shown in, status
        cells are filled in their colour with the label as text, the header is
        frozen and filtered, and text can never run as a formula. The file is
        written whole or not at all. See ``Report.to_xlsx``.
        """
        from kpirag.report._xlsx import write_xlsx  # noqa: PLC0415 - openpyxl only when needed

        write_xlsx(path, [self], title=self.title)


def _tables(tables: Iterable[Table]) -> tuple[Table, ...]:
    return as_tuple(tables, Table, "tables")


def _charts(charts: Iterable[Chart]) -> tuple[Chart, ...]:
    return as_tuple(charts, Chart, "charts")


@attrs.frozen
class Report(_Shown):
    """A titled sequence of tables, rendered one after another, and the charts that go with them.

    Attributes:
        title: the report's title (the HTML document's ``<title>``).
        tables: the tables, in order.
        charts: charts for the HTML document (``to_html(standalone=True)``),
            each above the table its ``section`` names; the other formats
            show the tables only.
    """

    title: str = attrs.field(validator=is_text)
    tables: tuple[Table, ...] = attrs.field(converter=_tables)
    charts: tuple[Chart, ...] = attrs.field(default=(), converter=_charts)

    def __repr__(self) -> str:
        charts = f", {counted(len(self.charts), 'chart')}" if self.charts else ""
        return f"Report({brief(self.title, 50)}, {counted(len(self.tables), 'table')}{charts})"

    def __attrs_post_init__(self) -> None:
        titles = {table.title for table in self.tables}
        for chart in self.charts:
            if chart.section is not None and chart.section not in titles:
                raise InvalidFormatError(
                    "names no table of the report",
                    field=f"chart {chart.title!r} section",
                    value=chart.section,
                    expected=f"one of {sorted(titles)} or None",
                )

    def to_html(self, *, standalone: bool = False) -> str:
        """The report as HTML: a fragment to embed, or a whole document to open and send.

        Without ``standalone`` this is ``render("html")``: a heading and the
        tables, for a notebook or a page of your own. With ``standalone=True``
        it is one self-contained HTML5 document: the report's title as its
        ``<title>`` and heading, an embedded stylesheet (status pills that
        show their label, zebra rows, a print stylesheet with a page break
        between sections), a contents list, each table in a section with its
        charts inline as SVG, and nothing fetched from anywhere. Every text is
        escaped. See docs/rendering.md.

        ```pycon
        >>> report = Report("Q1 <2017/18>", [Table("KPIs", ["ID"], [["1.5"]])])
        >>> page = report.to_html(standalone=True)
        >>> page.startswith("<!DOCTYPE html>"), "<title>Q1 &lt;2017/18&gt;</title>" in page
        (True, True)
        >>> report.to_html() == report.render("html")
        True

        ```
        """
        instance(standalone, bool, field="standalone", expected="True or False")
        if not standalone:
            return self.render(Format.HTML)
        return standalone_html(self.title, self.tables, self.charts)

    def render(self, format: Format | str = Format.TEXT, *, width: int | None = 60) -> str:  # noqa: A002
        """Every table in ``format``, under the report title."""
        chosen = Format.parse(format)
        parts = [render_table(table, chosen, width=width) for table in self.tables]
        title = one_line(self.title)
        if chosen is Format.HTML:
            return f"<h2>{html_escape(title)}</h2>\n" + "\n".join(parts)
        if chosen is Format.LATEX:
            return f"\\section*{{{latex_escape(title)}}}\n\n" + "\n\n".join(parts)
        if chosen is Format.CSV:
            return "\n".join(parts)
        if chosen is Format.GITHUB:
            return f"# {markdown_escape(title)}\n\n" + "\n\n".join(parts)
        return f"{title}\n{'=' * len(title)}\n\n" + "\n\n".join(parts)

    def to_xlsx(self, path: str | os.PathLike[str]) -> None:
        r"""Write every table to an Excel workbook, one sheet each (needs ``kpirag[excel]``).

        Each sheet is named after its table (made valid and unique: at most 31
        characters, none of ``\\/?*:[]``) and holds the title in A1, the header
        in row 2 (bold, frozen, with an autofilter) and the rows below, in
        columns as wide as their text (up to 60 characters; longer text wraps).
        Numbers are stored as numbers with the format they are shown in
        (``#,##0``, ``0.0%``, ``£#,##0``), dates as dates, status cells as their
        label filled in the status's colour, and text starting like a formula
        is marked as text. The workbook goes to a temporary file beside
        ``path`` that is renamed into place only when complete.

        Raises:
            OutputError: the file could not be written (a missing folder, a full
                disk), naming ``path``; nothing is left there.

        ```pycon
        >>> import tempfile, pathlib
        >>> report = Report("Q1", [Table("KPIs", ["ID", "Status"], [["1.5", "Red"]])])
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     report.to_xlsx(pathlib.Path(folder) / "q1.xlsx")
        ...     sorted(p.name for p in pathlib.Path(folder).iterdir())
        ['q1.xlsx']

        ```
        """
        from kpirag.report._xlsx import write_xlsx  # noqa: PLC0415 - openpyxl only when needed

        write_xlsx(path, self.tables, title=self.title)


def _checked_width(width: object) -> int | None:
    """``width`` as a positive line length, or ``None`` (0 and ``None`` mean never wrap)."""
    if width is None:
        return None
    if isinstance(width, bool) or not isinstance(width, int) or width < 0:
        raise ValueTypeError(field="width", value=width, expected="a whole number >= 0 or None")
    return width or None


def _fill(text: str, width: int) -> str:
    """Each line of ``text`` wrapped to ``width``, long words broken."""
    return "\n".join(textwrap.fill(line, width) for line in text.split("\n"))


def _text_cells(table: Table, width: int | None) -> list[list[str]]:
    """Plain-text cells: visible, cut to ``CELL_LIMIT``, wrapped so no column grows unbounded."""
    wrapped = {i for i, header in enumerate(table.headers) if header in table.wrap}
    other = None if width is None else max(width, COLUMN_LIMIT)
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            shown = cut(visible(cell.text)).replace("\t", " ")
            limit = width if i in wrapped else other
            # Wrapped here rather than with tabulate's maxcolwidths, which re-parses numbers.
            cells.append(shown if limit is None or len(shown) <= limit else _fill(shown, limit))
        rows.append(cells)
    return rows


def _widths(values: object) -> tuple[int, ...]:
    widths = as_tuple(values, int, "widths")
    if any(isinstance(width, bool) or width < 1 for width in widths):
        raise ValueTypeError(field="widths", value=values, expected="whole numbers of at least 1")
    return widths


def _sides(values: object) -> tuple[bool, ...]:
    return as_tuple(values, bool, "right")


@attrs.frozen
class TextColumns:
    """Column widths and alignments for plain text, to write a long table a page at a time.

    ``TextColumns.of`` measures a table as ``Table.render("text")`` lays it
    out (each column as wide as its widest line, and its header and two
    more); ``header`` and ``lines`` write a header and rows in those columns,
    as ``render`` writes them. ``widened`` keeps every column at least as wide
    as another's. The command line writes text this way: its first page of
    rows through ``render``, every later page in the columns so far, widened
    where the page needs it, with the header again only when a column grew.

    Attributes:
        widths: each column's width in characters.
        right: whether each column is aligned right (numbers).

    ```pycon
    >>> first = Table("Demo", ["KPI", "Status"], [["1.5", "Red"]])
    >>> columns = TextColumns.of(first)
    >>> columns.widths
    (5, 8)
    >>> later = Table("Demo", ["KPI", "Status"], [["1.6", "Amber"], ["1.5.1.2", "Green"]])
    >>> columns.widened(TextColumns.of(later)).widths
    (7, 8)
    >>> for line in columns.lines(later):
    ...     print(line)
    1.6    Amber
    1.5.1  Green
    .2

    ```
    """

    widths: tuple[int, ...] = attrs.field(converter=_widths)
    right: tuple[bool, ...] = attrs.field(converter=_sides)

    def __attrs_post_init__(self) -> None:
        if len(self.right) != len(self.widths):
            raise ValueTypeError(
                field="right", value=self.right, expected="one alignment for each width"
            )

    def __repr__(self) -> str:
        wide = sum(self.widths) + _MIN_PADDING * (len(self.widths) - 1)
        return f"TextColumns({counted(len(self.widths), 'column')}, {wide} characters wide)"

    @classmethod
    def of(cls, table: Table, *, width: int | None = 60) -> TextColumns:
        """The columns ``table`` takes in text wrapped at ``width`` (as ``Table.render``)."""
        instance(table, Table, field="table", expected="a Table")
        rows = _text_cells(table, _checked_width(width))
        return cls(_measured(table.headers, rows), numeric_columns(table))

    def widened(self, other: TextColumns) -> TextColumns:
        """These columns, each at least as wide as ``other``'s (alignments kept)."""
        instance(other, TextColumns, field="other")
        self._check(len(other.widths), "other")
        return self._widened(other.widths)

    def header(self, headers: Iterable[str]) -> str:
        """The header line and its dashes."""
        names = [_header(name) for name in as_tuple(headers, str, "headers")]
        self._check(len(names), "headers")
        return self._line(names) + "\n" + "  ".join("-" * width for width in self.widths)

    def lines(self, table: Table, *, width: int | None = 60) -> list[str]:
        """The text lines of ``table``'s rows in these columns, wrapped as ``render`` wraps them.

        A cell wider than its column (columns measured on another table) wraps
        within it, long words broken, so every row lines up.
        """
        return self._laid_out(self._cells(table, width))

    def page(self, table: Table, *, width: int | None = 60) -> tuple[TextColumns, list[str]]:
        """These columns widened where ``table`` needs it, and its lines in them.

        ``widened(TextColumns.of(table))`` and its ``lines(table)``, reading
        the cells once: how the command line writes each page after its first.
        """
        rows = self._cells(table, width)
        wider = self._widened(_measured(table.headers, rows))
        return wider, wider._laid_out(rows)  # noqa: SLF001 - its own class

    def _cells(self, table: Table, width: int | None) -> list[list[str]]:
        instance(table, Table, field="table", expected="a Table")
        self._check(len(table.headers), "table")
        return _text_cells(table, _checked_width(width))

    def _widened(self, widths: Iterable[int]) -> TextColumns:
        wider = [max(mine, theirs) for mine, theirs in zip(self.widths, widths, strict=True)]
        return self if wider == list(self.widths) else attrs.evolve(self, widths=wider)

    def _laid_out(self, rows: list[list[str]]) -> list[str]:
        # As render lays out text: a table with a line break anywhere shows each
        # cell stripped of blank lines around it, and a row with none drops out.
        multiline = any("\n" in text for row in rows for text in row)
        out: list[str] = []
        for row in rows:
            cells = []
            for text, column in zip(row, self.widths, strict=True):
                shown = text.strip()
                lines = shown.split("\n") if shown or not multiline else []
                if any(len(line) > column for line in lines):
                    lines = _fill(shown, column).split("\n")
                cells.append(lines)
            out.extend(
                self._line([lines[at] if at < len(lines) else "" for lines in cells])
                for at in range(max(len(lines) for lines in cells))
            )
        return out

    def _line(self, texts: list[str]) -> str:
        parts = [
            text.rjust(width) if right else text.ljust(width)
            for text, width, right in zip(texts, self.widths, self.right, strict=True)
        ]
        return "  ".join(parts).rstrip()

    def _check(self, columns: int, field: str) -> None:
        if columns != len(self.widths):
            raise ValueTypeError(
                field=field,
                value=columns,
                expected=f"{counted(len(self.widths), 'column')}",
            )


def _measured(headers: Iterable[str], rows: list[list[str]]) -> list[int]:
    """Each column's width in text: its widest line, and at least its header and two more."""
    widths = [len(_header(header)) + _MIN_PADDING for header in headers]
    for row in rows:
        for at, text in enumerate(row):
            widths[at] = max(widths[at], *map(len, text.strip().split("\n")))
    return widths


def _header(name: str) -> str:
    """A column's header as text output shows it."""
    return cut(one_line(name))


_MIN_PADDING = 2
"""How much wider than its header a text column is (tabulate's ``MIN_PADDING``)."""


def render_table(table: Table, format: Format | str, *, width: int | None = 60) -> str:  # noqa: A002
    """Render one table (see ``Table.render``)."""
    instance(table, Table, field="table", expected="a Table")
    chosen = Format.parse(format)
    width = _checked_width(width)
    if chosen is Format.CSV:
        return _csv(table)
    align = ["right" if numeric else "left" for numeric in numeric_columns(table)]
    if chosen is Format.HTML:
        return f"<h3>{html_escape(one_line(table.title))}</h3>\n{table_html(table, styled=False)}"
    if chosen is Format.LATEX:
        cells = [[latex_escape(cell.text) for cell in row] for row in table.rows]
        headers = [latex_escape(header) for header in table.headers]
        body = tabulate(cells, headers, tablefmt="latex_raw", disable_numparse=True, colalign=align)
        return f"\\subsection*{{{latex_escape(table.title)}}}\n{body}"
    if chosen is Format.GITHUB:
        cells = [[markdown_escape(cut(visible(cell.text))) for cell in row] for row in table.rows]
        headers = [markdown_escape(cut(header)) for header in table.headers]
        body = tabulate(cells, headers, tablefmt="github", disable_numparse=True, colalign=align)
        return f"## {markdown_escape(one_line(table.title))}\n\n{body}"
    headers = [cut(one_line(header)) for header in table.headers]
    body = tabulate(
        _text_cells(table, width), headers, tablefmt="simple", disable_numparse=True, colalign=align
    )
    return f"{one_line(table.title)}\n\n{body}"


def _csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([defuse_formula(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([defuse_formula(cell.text) for cell in row])
    return buffer.getvalue()
