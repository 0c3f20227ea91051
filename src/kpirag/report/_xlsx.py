"""Tables written as an Excel workbook (openpyxl, the ``excel`` extra), one sheet per table.

Workbooks are files, not text, so they are written here rather than through
``Format``. openpyxl is imported only when a workbook is written, so
``import kpirag`` never needs it.

Each sheet holds the table's title in A1, the header in row 2 (bold, frozen,
with an autofilter) and the rows below. A cell is written as the reader of the
text output saw it:

- a status cell is its label as text, filled in the status's colour;
- a cell whose raw value is a number and whose text is a number as reports
  write it (``2,000``, ``8.0%``, ``-1,230``) is stored as that number, with a
  number format giving the same digits: thousands separators, the shown
  decimal places, ``0.0%`` for percentages (the raw value is in percentage
  points, so ``85%`` is stored as 0.85) and ``£#,##0`` when the column's header
  or the row's label names the currency;
- a cell whose raw value is a date is stored as a date shown as in the text;
- everything else is text, with control characters shown as escapes (see
  ``_escape.visible``) and, when it starts like a formula (``=``, ``+``, ``-``,
  ``@``), marked as text with Excel's quote prefix so it can never run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import stat
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kpirag.errors import InvalidFormatError, KpiragError, OutputError, ValueTypeError
from kpirag.report._escape import cut, visible
from kpirag.rules import parse_number

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell as WriteOnlyCell
    from openpyxl.styles import PatternFill

    from kpirag.report._render import Cell, Table

__all__ = ["MAX_ROWS", "sheet_names", "write_xlsx"]

INSTALL_HINT = "pip install 'kpirag[excel]'"
MAX_ROWS = 1_048_576 - 2
"""Rows of data a sheet can hold under its title and header (Excel's limit is 1,048,576)."""
_MAX_COLUMNS = 16_384
_MAX_TEXT = 32_767 - 40  # Excel's limit for one cell, less room for the cut marker
_SHEET_NAME = 31
_BAD_SHEET_CHARACTERS = re.compile(r"\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|[\\/?*:\[\]]")
_COLOUR = re.compile(r"#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})")
_MIN_WIDTH, _MAX_WIDTH = 6, 50
_LINE_HEIGHT, _MAX_LINES = 15, 27  # points a line of 11-point text takes; 409 points at most
_EXACT_DIGITS = 15  # a double keeps 15 significant digits
_HEADER_FILL = "FFD9D9D9"
_CURRENCIES = ("£", "$", "€")
_FORMULA_START = ("=", "+", "-", "@", "\t")


def _openpyxl() -> Any:  # noqa: ANN401 - the module, imported on first use
    try:
        import openpyxl  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(f"Writing .xlsx workbooks needs openpyxl: {INSTALL_HINT}") from exc
    return openpyxl


def sheet_names(titles: Sequence[str]) -> list[str]:
    r"""A valid, unique sheet name for each title: at most 31 characters, none of ``\\/?*:[]``.

    ```pycon
    >>> sheet_names(["Budget: Q1/Q2", "KPIs", "kpis", "", "History"])
    ['Budget Q1 Q2', 'KPIs', 'kpis (2)', 'Sheet', 'History (2)']
    >>> [len(name) for name in sheet_names(["x" * 40, "x" * 40])]
    [31, 31]

    ```
    """
    taken = {"history"}  # Excel reserves it
    names = []
    for title in titles:
        base = " ".join(_BAD_SHEET_CHARACTERS.sub(" ", visible(title)).split()).strip("'")
        base = base[:_SHEET_NAME].strip() or "Sheet"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: _SHEET_NAME - len(suffix)].rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _number_format(text: str, percent: bool, currency: str | None) -> str:
    """The Excel number format that shows a number as ``text`` does."""
    shown = text.strip()
    places = len(shown.rstrip("%).").replace(",", "").partition(".")[2])
    decimals = "." + "0" * places if places else ""
    positive = f"0{decimals}%" if percent else f"{currency or ''}#,##0{decimals}"
    return f"{positive};({positive})" if shown.startswith("(") else positive


def _as_number(cell: Cell, currency: str | None) -> tuple[Decimal, str] | None:
    """The number and its format if ``cell`` shows its raw number, else ``None``."""
    raw = cell.value
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
        return None
    try:
        shown, percent = parse_number(cell.text)
    except KpiragError:
        return None
    value = (
        Decimal(raw) if not isinstance(raw, Fraction) else raw.numerator / Decimal(raw.denominator)
    )
    if percent:
        value = value.scaleb(-2)
    digits = len(shown.as_tuple().digits)
    if not value.is_finite() or digits > _EXACT_DIGITS or abs(value.adjusted()) > 300:  # noqa: PLR2004
        return None  # Excel could not show it as the text does: keep the text
    sign = next((c for c in _CURRENCIES if c in cell.text), currency)
    return value, _number_format(cell.text, percent, None if percent else sign)


def _date_format(day: dt.date, text: str) -> str:
    for pattern, excel in (("%d/%m/%y", "dd/mm/yy"), ("%d/%m/%Y", "dd/mm/yyyy")):
        if day.strftime(pattern) == text:
            return excel
    return "yyyy-mm-dd"


def _fill_colour(colour: str) -> str | None:
    match = _COLOUR.fullmatch(colour.strip())
    if match is None:
        return None
    digits = match.group(1)
    if len(digits) == 3:  # noqa: PLR2004
        digits = "".join(d * 2 for d in digits)
    return "FF" + digits.upper()


def _text(text: str) -> str:
    return cut(visible(text), _MAX_TEXT)


class _Sheet:
    """One table laid out on one write-only sheet."""

    def __init__(self, xl: Any, sheet: Any, table: Table) -> None:  # noqa: ANN401 - openpyxl's
        self.xl, self.sheet, self.table = xl, sheet, table
        styles = xl.styles
        self.bold = styles.Font(bold=True)
        self.wrap = styles.Alignment(wrap_text=True, vertical="top")
        self.top = styles.Alignment(vertical="top")
        self.fills: dict[str, PatternFill] = {}
        # A header wraps at its spaces, so only its longest word sets a column's least width.
        self.widths = [max(map(len, h.split()), default=0) for h in map(visible, table.headers)]
        self.wrapped: list[tuple[int, str]] = []  # (column, text) of the row being written

    def _cell(self, value: object) -> WriteOnlyCell:
        cell: WriteOnlyCell = self.xl.cell.WriteOnlyCell(self.sheet, value=value)
        return cell

    def _width(self, column: int, text: str) -> None:
        longest = max((len(line) for line in text.split("\n")), default=0)
        self.widths[column] = max(self.widths[column], longest)

    def _fill(self, colour: str) -> PatternFill | None:
        argb = _fill_colour(colour)
        if argb is None:
            return None
        if argb not in self.fills:
            self.fills[argb] = self.xl.styles.PatternFill("solid", fgColor=argb)
        return self.fills[argb]

    def _text_cell(self, text: str, column: int = 0) -> WriteOnlyCell:
        shown = _text(text)
        written = self._cell(shown or None)
        if shown:
            written.data_type = "s"  # a string, never a formula
            written.quotePrefix = shown.startswith(_FORMULA_START)
        if len(shown) > _MAX_WIDTH or "\n" in shown:
            written.alignment = self.wrap
            self.wrapped.append((column, shown))
        else:
            written.alignment = self.top
        return written

    def write_cell(self, column: int, cell: Cell, currency: str | None) -> WriteOnlyCell:
        self._width(column, visible(cell.text))
        if cell.status is not None:
            written = self._text_cell(cell.text, column)
            fill = self._fill(cell.status.colour)
            if fill is not None:
                written.fill = fill
            return written
        shown: tuple[object, str] | None = _as_number(cell, currency)
        if shown is None and isinstance(cell.value, dt.date) and cell.text:
            shown = cell.value, _date_format(cell.value, cell.text)
        if shown is None:
            return self._text_cell(cell.text, column)
        written = self._cell(shown[0])
        written.number_format = shown[1]
        written.alignment = self.top
        return written

    def rows(self) -> Iterator[tuple[list[WriteOnlyCell], list[tuple[int, str]]]]:
        """Each row's cells, with the wrapped text that sets its height."""
        headers = self.table.headers
        for row in self.table.rows:
            label = row[0].text if row else ""
            written = []
            self.wrapped = []
            for column, (header, cell) in enumerate(zip(headers, row, strict=True)):
                named = next((c for c in _CURRENCIES if c in header or c in label), None)
                written.append(self.write_cell(column, cell, named))
            yield written, self.wrapped

    def _height(self, wrapped: list[tuple[int, str]], widths: list[int]) -> float | None:
        """Points for a row whose wrapped cells need several lines (Excel does not fit them)."""
        lines = max(
            (
                sum(max(1, -(-len(line) // widths[column])) for line in text.split("\n"))
                for column, text in wrapped
            ),
            default=1,
        )
        return None if lines <= 1 else _LINE_HEIGHT * min(lines, _MAX_LINES)

    def write(self) -> None:
        table, sheet = self.table, self.sheet
        title = self._text_cell(table.title)
        title.font = self.xl.styles.Font(bold=True, size=13)
        title.alignment = self.top
        header = []
        self.wrapped = []
        for text in table.headers:
            written = self._text_cell(text)
            written.font = self.bold
            written.fill = self.xl.styles.PatternFill("solid", fgColor=_HEADER_FILL)
            written.alignment = self.wrap
            header.append(written)
        header_wrapped = list(enumerate(visible(text) for text in table.headers))
        rows = list(self.rows())  # widths are known only once every cell is seen
        letter = self.xl.utils.get_column_letter
        widths = [min(max(width, _MIN_WIDTH), _MAX_WIDTH) for width in self.widths]
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[letter(column)].width = width + 2
        last = letter(max(len(table.headers), 1))
        sheet.freeze_panes = "A3"
        sheet.auto_filter.ref = f"A2:{last}{len(rows) + 2}"
        # Printed: landscape, one page wide, the header repeated on every page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = "2:2"
        sheet.print_options.gridLines = True
        sheet.append([title])
        for number, (cells, wrapped) in enumerate([(header, header_wrapped), *rows], start=2):
            height = self._height(wrapped, widths)
            if height is not None:
                sheet.row_dimensions[number].height = height
            sheet.append(cells)


def _check(tables: Sequence[Table]) -> None:
    for table in tables:
        if len(table.rows) > MAX_ROWS or len(table.headers) > _MAX_COLUMNS:
            raise InvalidFormatError(
                f"a sheet holds at most {MAX_ROWS:,} rows and {_MAX_COLUMNS:,} columns",
                field=f"table {table.title!r} size",
                value=(len(table.rows), len(table.headers)),
            )


def _target(path: object) -> Path:
    name = os.fspath(path) if isinstance(path, str | os.PathLike) else None
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ValueTypeError(field="path", value=path, expected="a file path")
    return Path(name).resolve()  # a symlink is written through, to its target


def write_xlsx(path: object, tables: Sequence[Table], *, title: str | None = None) -> None:
    """Write ``tables`` to the workbook at ``path``, whole or not at all.

    The workbook is written to a temporary file beside ``path``
    (``.NAME.XXXXXXXX.kpirag-tmp``) and renamed over it only when complete, so
    an existing file is never left half-written and a failure leaves nothing
    (a killed process may leave the temporary file). A symlink is written
    through to its target; a special file such as ``/dev/null`` is written to
    directly. A file that is replaced keeps its permissions; a new one gets the
    usual permissions for the user's umask.
    """
    target = _target(path)
    _check(tables)
    xl = _openpyxl()
    workbook = xl.Workbook(write_only=True)
    try:
        if title is not None:
            workbook.properties.title = _text(title)
        for name, table in zip(sheet_names([t.title for t in tables]), tables, strict=True):
            _Sheet(xl, workbook.create_sheet(name), table).write()
        if not tables:
            workbook.create_sheet("Sheet")
        _save(workbook, target)
    except BaseException as exc:
        for sheet in workbook.worksheets:  # end each sheet's stream, or openpyxl complains later
            with contextlib.suppress(Exception):
                sheet.close()
        if isinstance(exc, OSError) and not isinstance(exc, KpiragError):
            raise _unwritten(exc, path, target) from exc
        raise


def _unwritten(exc: OSError, path: object, target: Path) -> OutputError:
    """Our error for a workbook the system would not let us write, naming the path given."""
    error = OutputError(exc.strerror or str(exc), field="path", value=path)
    error.errno, error.strerror, error.filename = exc.errno, exc.strerror, str(target)
    return error


def _save(workbook: Any, target: Path) -> None:  # noqa: ANN401 - an openpyxl Workbook
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        with target.open("wb") as out:
            _zip(workbook, out)
        return
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.kpirag-tmp")
    try:
        with temporary.open("xb") as out:
            _zip(workbook, out)
        if existing is not None:
            temporary.chmod(stat.S_IMODE(existing.st_mode))
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def _zip(workbook: Any, out: IO[bytes]) -> None:  # noqa: ANN401 - an openpyxl Workbook
    """``workbook.save(out)``, closing the archive however it ends.

    openpyxl leaves its archive open when a write fails (a full disk), and the
    archive's finaliser then fails on the closed file with a traceback that
    Python can only print.
    """
    from openpyxl.writer.excel import ExcelWriter  # noqa: PLC0415 - with openpyxl, when writing

    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(workbook, archive).save()
    except BaseException:
        with contextlib.suppress(Exception):  # the first failure is the one to report
            archive.close()
        raise
