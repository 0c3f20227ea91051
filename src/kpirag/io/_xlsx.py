"""Rows of an Excel worksheet, as the user saw them but exact (openpyxl, the ``excel`` extra).

``read_rows`` is the workbook counterpart of the CSV reader: it yields each
row below the header as a mapping of header name (stripped, case-folded, as
the CSV reader keys them) to the cell's text in the form Excel shows it, with the
``Location`` of every cell (``kpis.xlsx: KPIs!C7``) so a problem found later
in the row can be placed on the sheet. openpyxl is imported only here, and
only when a workbook is read.

What that means, cell by cell:

- numbers are the value stored, in the form the cell's number format gives
  it, never rounded to the places shown: ``0.69`` formatted as ``0%`` is
  ``69%``, but ``0.7496`` (shown as ``75%``) is ``74.96%``, so it misses a
  ``>=75%`` target as its stored value does; ``1234.5`` as ``£#,##0`` is
  ``£1,234.5``, ``-1230`` as ``#,##0;(#,##0)`` is ``(1,230)``; in the
  ``General`` format a number is the decimal it prints as; a float is read to
  Excel's 15 significant digits, so ``0.1`` is ``0.1`` and ``=0.1+0.2`` is ``0.3``;
- dates and times are formatted with their format (``dd/mm/yy`` gives
  ``30/09/17``); a date in ``General`` is ISO (``2017-09-30``);
- text is the text (Excel's quote prefix is not part of it), ``TRUE`` and
  ``FALSE`` are booleans as Excel shows them, error values (``#DIV/0!``) are
  their text, and a formula whose value was never saved (a workbook written by
  a program, not by Excel) is its formula (``=B7/C7``), never an empty cell.

The header is the first row that names one of ``columns`` (when given), or
else the first row with at least two cells of text, so a title above the
header (merged across columns or not: only its first cell holds text) and
blank rows are skipped. Blank rows below the header are skipped too.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import attrs

from kpirag.errors import KpiragError, LoadError, Location, Problem, ValueTypeError
from kpirag.io._limits import (
    MAX_XLSX_BYTES,
    MAX_XLSX_CELLS,
    MAX_XLSX_RATIO,
    MAX_XLSX_ROWS,
    MAX_XLSX_SHARED_STRINGS,
)
from kpirag.io._loaders import _name, column_letter, unreadable
from kpirag.rules import format_decimal

__all__ = ["SheetRow", "read_rows", "shown_text"]

INSTALL_HINT = "pip install 'kpirag[excel]'"
_HEADER_SEARCH = 50
"""Rows searched for the header before giving up."""


def _openpyxl() -> Any:  # noqa: ANN401 - the module, imported on first use
    try:
        import openpyxl  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(f"Reading .xlsx workbooks needs openpyxl: {INSTALL_HINT}") from exc
    return openpyxl


@attrs.frozen
class SheetRow:
    """One row of a worksheet below its header.

    Attributes:
        record: header name (stripped and case-folded) to the cell's text as shown.
        columns: the header names in sheet order.
        location: where the row is: its first cell (``Location.line`` is the row number).
        header: the header's names as written, in sheet order.
        header_row: the number of the sheet's header row.
    """

    record: Mapping[str, str]
    columns: tuple[str, ...]
    location: Location
    header: tuple[str, ...]
    header_row: int = 1

    def locate(self, column: str) -> Location:
        """The location of ``column``'s cell in this row (the row's, if there is no such column)."""
        if column not in self.columns:
            return self.location
        index = max(i for i, name in enumerate(self.columns) if name == column)
        cell = f"{column_letter(index + 1)}{self.location.line}"
        name = self.header[index] or None
        return attrs.evolve(self.location, column=index + 1, column_name=name, cell=cell)


# --- number formats -------------------------------------------------------------------------

_SECTION = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|;|[^";\\\[]+')
_BRACKET_CURRENCY = re.compile(r"\[\$([^\]-]*)(?:-[^\]]*)?\]")
_DATE_TOKEN = re.compile(
    r'"([^"]*)"|\\(.)|\[[^\]]*\]|(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|'
    r"AM/PM|am/pm|A/P|a/p)|(.)",
    re.IGNORECASE,
)


def _sections(number_format: str) -> list[str]:
    """The format's sections (positive; negative; zero; text), split at unquoted ``;``."""
    sections, current = [], ""
    for match in _SECTION.finditer(number_format):
        if match.group() == ";":
            sections.append(current)
            current = ""
        else:
            current += match.group()
    return [*sections, current]


def _literal(part: str) -> str:
    """The text a format part shows as is: quoted strings, escaped characters, currencies."""
    part = _BRACKET_CURRENCY.sub(lambda m: m.group(1), part)
    part = re.sub(r"\[[^\]]*\]", "", part)  # colours and conditions
    part = re.sub(r"_.|\*.", "", part)  # padding and fill
    return re.sub(r'"([^"]*)"|\\(.)', lambda m: m.group(1) or m.group(2) or "", part)


_FORMAT_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].|[0#?,.]+|.')


def _split(section: str) -> tuple[str, str, str] | None:
    """A number format section as (text before, digit placeholders, text after), or ``None``."""
    tokens = [match.group() for match in _FORMAT_TOKEN.finditer(section)]
    for index, token in enumerate(tokens):
        if token[0] in "0#?,." and any(c in token for c in "0#?"):
            return "".join(tokens[:index]), token, "".join(tokens[index + 1 :])
    return None


def _number_text(number: Decimal, number_format: str, *, stored: bool = False) -> str:
    """``number`` as Excel shows it in ``number_format`` (the common formats; else plainly).

    With ``stored``, every digit of the stored value is kept in that form: no
    rounding to the format's places (``0.7496`` in ``0%`` is ``74.96%``).
    """
    sections = _sections(number_format)
    section = sections[0]
    negative = number < 0
    if negative and len(sections) > 1 and sections[1].strip():
        section, number, negative = sections[1], -number, False  # it shows its own sign
    parts = None if section.strip().casefold() in {"general", "@"} else _split(section)
    if parts is not None and _split(parts[2]) is not None:
        parts = None  # more digits after the number (1.23E+04, 1 1/2): read its value plainly
    if parts is None:
        return _general(-number if negative and not sections[0].strip() else number)
    before, digits, after = parts
    if "%" in section:
        number = number.scaleb(2)
    integer, point, fraction = digits.partition(".")
    scale = len(integer) - len(integer.rstrip(","))  # each trailing comma shows thousands
    number = number.scaleb(-3 * scale)
    places = len(fraction)
    if stored:
        places = max(places, -min(0, number.normalize().as_tuple().exponent))  # type: ignore[operator]
    text = format_decimal(abs(number), places, grouping="," in integer.rstrip(","))
    whole, _, decimals = text.partition(".")
    optional = len(fraction) - len(fraction.rstrip("#?"))  # '#' after the point: no zeros
    while optional and decimals.endswith("0"):
        decimals, optional = decimals[:-1], optional - 1
    if whole == "0" and "0" not in integer:
        whole = ""  # '#' before the point: no leading zero
    shown = whole + ("." if decimals or (point and not fraction.strip("#?")) else "")
    shown += decimals
    zero = not any(c in "123456789" for c in shown)
    sign = "-" if negative and not zero else ""
    return f"{sign}{_literal(before)}{shown}{_literal(after)}"


def _general(number: Decimal) -> str:
    text = format_decimal(number)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _date_text(value: dt.date | dt.time, number_format: str) -> str:
    """A date or time as Excel shows it in ``number_format`` (ISO in ``General``)."""
    section = _sections(number_format)[0]
    if section.strip().casefold() in {"", "general", "@"}:
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    tokens = list(_DATE_TOKEN.finditer(section))
    twelve_hour = any((t.group(3) or "").casefold() in {"am/pm", "a/p"} for t in tokens)
    out = []
    for index, token in enumerate(tokens):
        quoted, escaped, code, other = token.groups()
        if code is None:
            out.append(quoted if quoted is not None else escaped or other or "")
            continue
        out.append(_date_part(value, code, tokens, index, twelve_hour=twelve_hour))
    return "".join(out)


def _is_minutes(tokens: list[re.Match[str]], index: int) -> bool:
    """``m``/``mm`` means minutes right after an hour or right before seconds."""
    codes = [(i, (t.group(3) or "").casefold()) for i, t in enumerate(tokens) if t.group(3)]
    position = next(n for n, (i, _) in enumerate(codes) if i == index)
    before = codes[position - 1][1] if position > 0 else ""
    after = codes[position + 1][1] if position + 1 < len(codes) else ""
    return before.startswith("h") or after.startswith("s")


def _date_part(
    value: dt.date | dt.time,
    code: str,
    tokens: list[re.Match[str]],
    index: int,
    *,
    twelve_hour: bool,
) -> str:
    low = code.casefold()
    day = value if isinstance(value, dt.date) else None
    moment = value if isinstance(value, dt.time | dt.datetime) else None
    if low in {"m", "mm"} and moment is not None and _is_minutes(tokens, index):
        return f"{moment.minute:0{len(low)}d}"
    if day is not None:
        parts = {
            "yyyy": f"{day.year:04d}",
            "yy": f"{day.year % 100:02d}",
            "mmmmm": day.strftime("%B")[:1],
            "mmmm": day.strftime("%B"),
            "mmm": day.strftime("%b"),
            "mm": f"{day.month:02d}",
            "m": str(day.month),
            "dddd": day.strftime("%A"),
            "ddd": day.strftime("%a"),
            "dd": f"{day.day:02d}",
            "d": str(day.day),
        }
        if low in parts:
            return parts[low]
    if moment is not None:
        hour = moment.hour % 12 or 12 if twelve_hour else moment.hour
        parts = {
            "hh": f"{hour:02d}",
            "h": str(hour),
            "ss": f"{moment.second:02d}",
            "s": str(moment.second),
            "am/pm": "AM" if moment.hour < 12 else "PM",  # noqa: PLR2004
            "a/p": "A" if moment.hour < 12 else "P",  # noqa: PLR2004
        }
        if low in parts:
            return parts[low]
    return ""


def shown_text(value: object, number_format: str = "General", *, stored: bool = False) -> str:
    """A cell's value as Excel shows it with ``number_format``.

    With ``stored`` (as ``read_rows`` reads a cell), a number keeps every digit
    it holds, in the form the format gives it (percent sign, currency,
    grouping, thousands), rounded to nothing:
    ``shown_text(0.7496, "0%", stored=True)`` is ``'74.96%'``, not ``'75%'``.

    ```pycon
    >>> shown_text(0.69, "0%"), shown_text(0.0805, "0.0%"), shown_text(1234.5, '"£"#,##0')
    ('69%', '8.1%', '£1,235')
    >>> shown_text(-1230, "#,##0;(#,##0)"), shown_text(0.1 + 0.2), shown_text(46.0)
    ('(1,230)', '0.30000000000000004', '46')
    >>> import datetime as dt
    >>> shown_text(dt.datetime(2017, 9, 30), "dd/mm/yy"), shown_text(dt.datetime(2017, 9, 30))
    ('30/09/17', '2017-09-30')

    ```
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.date | dt.time):
        return _date_text(value, number_format or "General")
    if isinstance(value, float | int | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        try:
            return _number_text(number, number_format or "General", stored=stored)
        except KpiragError:  # too long or not finite: plainly, for its reader to refuse, located
            return str(number)  # 'Infinity' for 1E+999999999, every digit of a long integer
    return str(value)


# --- sheets ---------------------------------------------------------------------------------


def _open(source: object, name: str) -> bytes:
    """The workbook's bytes (read whole: a workbook is a zip, read from its end)."""
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        if not isinstance(path, str) or not path or "\x00" in path:
            raise ValueTypeError(field="path", value=source, expected="a file path")
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise unreadable(exc, source) from exc
    read = getattr(source, "read", None)
    if read is None:
        raise ValueTypeError(field="source", value=source, expected="a path or a binary stream")
    data = read()
    if not isinstance(data, bytes):
        raise LoadError([Problem(name, "a workbook is binary: open it in binary mode")])
    return data


# How openpyxl, zipfile, zlib and the XML parser report a file that is not a readable workbook.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,  # a zip version or compression method zipfile cannot read
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    OverflowError,
    EOFError,
    SyntaxError,
)


def _not_a_workbook(name: str, exc: Exception) -> LoadError:
    kind = "damaged zip entry" if isinstance(exc, zlib.error) else type(exc).__name__
    return LoadError([Problem(name, f"not a readable .xlsx workbook ({kind})")])


_RATIO_FLOOR = 2**20
"""A member up to this size (1 MiB) may be compressed any amount."""
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?si[\s/>]")
_SHARED_STRING_BYTES = 5
"""The shortest entry of a shared string table (``<si/>``)."""


def _check_limits(data: bytes, name: str) -> None:
    """Refuse a workbook past the limits before openpyxl reads it (a zip bomb).

    zipfile stops a member at its declared size, so the declared sizes bound what is read.
    """

    def refuse(message: str) -> LoadError:
        return LoadError([Problem(name, f"{message}; refused as a possible zip bomb")])

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > MAX_XLSX_BYTES:
                limit = f"{MAX_XLSX_BYTES:,} bytes (kpirag.io.MAX_XLSX_BYTES)"
                raise refuse(f"the workbook unpacks to {total:,} bytes, more than {limit}")
            for member in members:
                ratio = member.file_size // max(member.compress_size, 1)
                if member.file_size > _RATIO_FLOOR and ratio > MAX_XLSX_RATIO:
                    limit = f"{MAX_XLSX_RATIO}:1 (kpirag.io.MAX_XLSX_RATIO)"
                    raise refuse(f"{member.filename} is compressed {ratio:,}:1, more than {limit}")
            for member in members:
                if member.file_size <= _SHARED_STRING_BYTES * MAX_XLSX_SHARED_STRINGS:
                    continue
                if _count_tags(archive, member, _SHARED_STRING, MAX_XLSX_SHARED_STRINGS) > (
                    MAX_XLSX_SHARED_STRINGS
                ):
                    limit = f"{MAX_XLSX_SHARED_STRINGS:,} (kpirag.io.MAX_XLSX_SHARED_STRINGS)"
                    raise refuse(f"{member.filename} holds more shared strings than {limit}")
    except LoadError:
        raise
    except _UNREADABLE as exc:
        raise _not_a_workbook(name, exc) from exc


def _count_tags(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, tag: re.Pattern[bytes], most: int
) -> int:
    """How many ``tag`` matches ``member`` holds, read in chunks; counting stops past ``most``."""
    count, pending = 0, b""
    with archive.open(member) as stream:
        while count <= most and (chunk := stream.read(2**20)):
            text = pending + chunk
            cut = text.rfind(b"<", max(len(text) - 64, 0))  # a tag the next chunk may finish
            cut = len(text) if cut < 0 else cut
            count += len(tag.findall(text, 0, cut))
            pending = text[cut:]
    return count + len(tag.findall(pending))


_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,40}:)?f[\s/>]")


def _has_formulas(data: bytes, name: str) -> bool:
    """Whether any part of the workbook (checked within its limits) holds a formula."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(_count_tags(archive, m, _FORMULA, 0) for m in archive.infolist())
    except _UNREADABLE as exc:
        raise _not_a_workbook(name, exc) from exc


def _workbook(xl: Any, data: bytes, name: str, *, data_only: bool) -> Any:  # noqa: ANN401
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, extensions); kpirag
            # reads only cell values and formats.
            warnings.simplefilter("ignore", UserWarning)
            return xl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except _UNREADABLE as exc:
        raise _not_a_workbook(name, exc) from exc


def _sheet(workbook: Any, sheet: str | None, name: str) -> Any:  # noqa: ANN401
    """The worksheet, sized by what it holds: a stale ``<dimension>`` tag must not hide cells."""
    worksheets = {found.title: found for found in workbook.worksheets}
    if not worksheets:
        raise LoadError([Problem(name, "the workbook has no worksheet")])
    if sheet is None:
        chosen = workbook.worksheets[0]
    elif sheet in worksheets:
        chosen = worksheets[sheet]
    else:
        names = ", ".join(repr(n) for n in worksheets)
        raise LoadError([Problem(name, f"no sheet named {sheet!r}; the workbook has {names}")])
    chosen.reset_dimensions()
    return chosen


_EXCEL_DIGITS = 15
"""Excel's precision: it writes a float with 17 digits but holds and shows 15."""


def _shown_row(cells: tuple[Any, ...], formulas: tuple[Any, ...]) -> list[str]:
    shown = []
    for index, cell in enumerate(cells):
        value = getattr(cell, "value", None)
        if value is None and index < len(formulas):
            formula = getattr(formulas[index], "value", None)
            if isinstance(formula, str) and formula.startswith("="):
                shown.append(formula)  # a formula never calculated: show it, never lose it
                continue
        if isinstance(value, float) and math.isfinite(value):
            value = Decimal(f"{value:.{_EXCEL_DIGITS}g}")  # as Excel holds it: 0.1+0.2 is 0.3
        number_format = getattr(cell, "number_format", "General") or "General"
        shown.append(shown_text(value, number_format, stored=True))
    return shown


def _quiet_rows(sheet: Any, name: str) -> Iterator[tuple[Any, ...]]:  # noqa: ANN401
    """The sheet's rows; openpyxl's warnings (a date out of range becomes ``#VALUE!``) muted.

    The warning filter is set around reading a batch of rows only, never while the caller
    holds a row. A cell openpyxl cannot read (``NaN`` stored as a number, a shared string
    that is not there) is a located ``LoadError``; a damaged zip entry is not a workbook.
    """
    rows = sheet.iter_rows()
    while True:
        batch: list[tuple[Any, ...]] = []
        cells = 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                while cells < _BATCH_CELLS and (row := next(rows, None)) is not None:
                    batch.append(row)
                    cells += len(row) + 1
        except _UNREADABLE as exc:
            raise _unreadable_cell(exc, name, sheet.title) from exc
        yield from batch
        if cells < _BATCH_CELLS:
            return


_BATCH_CELLS = 4096
"""About how many cells ``_quiet_rows`` reads between setting and clearing its filter."""


def _unreadable_cell(exc: Exception, name: str, title: str) -> LoadError:
    """``exc`` located at the cell openpyxl's sheet parser was reading, if it was reading one."""
    parser, trace = None, exc.__traceback__
    while trace is not None:
        candidate = trace.tb_frame.f_locals.get("self")
        if type(candidate).__name__ == "WorkSheetParser":
            parser = candidate
        trace = trace.tb_next
    if parser is None or isinstance(exc, zipfile.BadZipFile | zlib.error | NotImplementedError):
        return _not_a_workbook(name, exc)
    message = f"the cell's stored value cannot be read ({type(exc).__name__}: {exc})"
    row, column = getattr(parser, "row_counter", None), getattr(parser, "col_counter", None)
    if not isinstance(row, int) or not isinstance(column, int):  # another openpyxl's parser
        return LoadError([Problem(name, message, sheet=title)])
    cell = f"{column_letter(column)}{row}" if column > 0 else f"A{row}"
    return LoadError([Problem(name, message, row, sheet=title, cell=cell)])


def _is_header(texts: list[str], columns: Collection[str] | None) -> bool:
    names = [text.strip().casefold() for text in texts if text.strip()]
    if columns is not None:
        return any(name in columns for name in names)
    return len(names) >= 2  # noqa: PLR2004 - a title, merged or not, has one cell of text


def read_rows(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    sheet: str | None = None,
    columns: Collection[str] | None = None,
    name: str | None = None,
) -> Iterator[SheetRow]:
    """Yield each row below the header of a worksheet, its cells in the form the user saw.

    Args:
        source: a path, or a binary stream holding the workbook.
        sheet: the worksheet's name; the first sheet by default.
        columns: names (case-folded) that mark the header row: it is the first
            row naming one of them. Without them, the first row with two or
            more cells of text.
        name: the file name for locations (by default the path, or the stream's name).

    Raises:
        LoadError: the file is not a workbook, has no such sheet, has no header
            row, or has values beyond its last header column.

    ```pycon
    >>> import io, openpyxl
    >>> book = openpyxl.Workbook()
    >>> sheet = book.active
    >>> sheet.title = "KPIs"
    >>> sheet.append(["Q1 2017/18 KPIs"])
    >>> sheet.append(["ID", "Target", "Value"])
    >>> sheet.append(["1.5", ">=75%", 0.69])
    >>> sheet["C3"].number_format = "0%"
    >>> buffer = io.BytesIO()
    >>> book.save(buffer)
    >>> rows = list(read_rows(io.BytesIO(buffer.getvalue()), name="kpis.xlsx"))
    >>> rows[0].record
    {'id': '1.5', 'target': '>=75%', 'value': '69%'}
    >>> str(rows[0].locate("value")), rows[0].locate("value").column_name
    ('kpis.xlsx: KPIs!C3', 'Value')

    ```
    """
    shown_name = _name(source) if name is None else name
    xl = _openpyxl()
    data = _open(source, shown_name)
    _check_limits(data, shown_name)
    # Read the values Excel saved and, if there are formulas, read again for the formulas of
    # cells with no saved value (openpyxl gives one or the other).
    books = [_workbook(xl, data, shown_name, data_only=True)]
    try:
        if _has_formulas(data, shown_name):
            books.append(_workbook(xl, data, shown_name, data_only=False))
        values, *formulas = (_sheet(book, sheet, shown_name) for book in books)
        yield from _rows(values, formulas[0] if formulas else None, shown_name, columns)
    finally:
        for book in books:
            book.close()


def _rows(
    values: Any,  # noqa: ANN401
    formulas: Any | None,  # noqa: ANN401
    name: str,
    columns: Collection[str] | None,
) -> Iterator[SheetRow]:
    title = values.title
    header: tuple[str, ...] | None = None
    keys: tuple[str, ...] = ()
    header_row = 1
    problems: list[Problem] = []
    read = 0
    for number, (cells, formula_cells) in enumerate(
        zip(
            _quiet_rows(values, name),
            itertools.repeat(()) if formulas is None else _quiet_rows(formulas, name),
            strict=False,
        ),
        start=1,
    ):
        read += len(cells)
        if number > MAX_XLSX_ROWS or read > MAX_XLSX_CELLS:
            limit = (
                f"{MAX_XLSX_ROWS:,} rows (kpirag.io.MAX_XLSX_ROWS)"
                if number > MAX_XLSX_ROWS
                else f"{MAX_XLSX_CELLS:,} cells (kpirag.io.MAX_XLSX_CELLS)"
            )
            message = f"the sheet holds more than {limit}"
            raise LoadError([Problem(name, message, number, sheet=title, cell=f"A{number}")])
        texts = _shown_row(cells, formula_cells)
        if header is None:
            if _is_header(texts, columns):
                while texts and not texts[-1].strip():
                    texts.pop()
                header = tuple(text.strip() for text in texts)
                keys = tuple(text.casefold() for text in header)
                header_row = number
            elif number >= _HEADER_SEARCH:
                break
            continue
        if not any(text.strip() for text in texts):
            continue
        for index in range(len(header), len(texts)):
            if texts[index].strip():
                cell = f"{column_letter(index + 1)}{number}"
                message = "a value beyond the last header column"
                problems.append(Problem(name, message, number, sheet=title, cell=cell))
        record = {key: texts[i] if i < len(texts) else "" for i, key in enumerate(keys)}
        row_location = Location(name, line=number, sheet=title, cell=f"A{number}")
        yield SheetRow(record, keys, row_location, header, header_row)
    if header is None:
        wanted = f"naming one of {', '.join(sorted(columns))}" if columns else "of column names"
        problems.append(Problem(name, f"no header row {wanted} in its first rows", sheet=title))
    if problems:
        raise LoadError(problems)
