"""Excel in: worksheet rows read as the user saw them, every cell located as Sheet!C7."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import Workbook

from kpirag import Cell, Report, Table, ValueTypeError, load_kpis
from kpirag.cli import main
from kpirag.errors import LoadError, RecordError
from kpirag.io._records import RISK_COLUMNS, risk_from_record
from kpirag.io._xlsx import read_rows, shown_text
from kpirag.report._escape import visible
from kpirag.rules._values import parse_number


def _risk_workbook(path: Path) -> Path:
    """A risk register as an officer keeps it: a merged title, a blank row, then the header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Risks"
    sheet.append(["DCCS risk register, Q1 2017/18"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Code", "Title", "Score", "Likelihood", "Impact", "Target_date"])
    sheet.append(["DCCS HS 003", "Lone working", None, 4, 4, dt.datetime(2017, 9, 30)])  # noqa: DTZ001
    sheet.append(["DCCS HS 002", "Fire risk assessments", None, "Possible", "Major", None])
    sheet.append([])
    sheet.append(["DCCS HS 004", "Housing finance", "lots", None, None, None])  # row 7
    sheet["F4"].number_format = "dd/mm/yy"
    sheet.merge_cells("A8:F8")
    sheet["A8"] = "Closed risks follow on the next sheet"  # a merged note: one cell of text
    book.create_sheet("Closed").append(["Code", "Title"])
    book["Closed"].append(["DCCS OLD 1", "Old risk"])
    book.save(path)
    return path


def test_title_row_merged_cells_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    """The header is found below a merged title; blank rows are skipped; cells read as shown."""
    rows = list(read_rows(_risk_workbook(tmp_path / "risks.xlsx"), columns=RISK_COLUMNS))
    assert [row.record["code"] for row in rows] == [
        "DCCS HS 003",
        "DCCS HS 002",
        "DCCS HS 004",
        "Closed risks follow on the next sheet",
    ]
    assert rows[0].record == {
        "code": "DCCS HS 003",
        "title": "Lone working",
        "score": "",
        "likelihood": "4",
        "impact": "4",
        "target_date": "30/09/17",
    }
    assert rows[0].columns == ("code", "title", "score", "likelihood", "impact", "target_date")


def test_a_bad_cell_is_located_as_sheet_and_cell(tmp_path: Path) -> None:
    """A bad score in C7 is reported at risks.xlsx: Risks!C7, naming the column's header."""
    path = _risk_workbook(tmp_path / "risks.xlsx")
    row = next(r for r in read_rows(path, columns=RISK_COLUMNS) if r.location.line == 7)
    with pytest.raises(RecordError) as caught:
        risk_from_record(row.record)
    problem = caught.value.problems[0]
    where = row.locate(problem.column)
    assert str(where) == f"{path}: Risks!C7"
    assert (where.sheet, where.cell, where.column_name, where.line, where.column) == (
        "Risks",
        "C7",
        "Score",
        7,
        3,
    )


def test_a_sheet_by_name_or_the_first(tmp_path: Path) -> None:
    """``sheet`` picks a worksheet by name; without it the first is read."""
    path = _risk_workbook(tmp_path / "risks.xlsx")
    assert [r.record for r in read_rows(path, sheet="Closed")] == [
        {"code": "DCCS OLD 1", "title": "Old risk"}
    ]
    assert str(next(iter(read_rows(path, sheet="Closed"))).locate("title")).endswith("Closed!B2")
    assert next(iter(read_rows(path))).location.sheet == "Risks"
    with pytest.raises(
        LoadError, match="no sheet named 'Nope'; the workbook has 'Risks', 'Closed'"
    ):
        list(read_rows(path, sheet="Nope"))


def _one_column(path: Path, values: list[object], formats: list[str | None]) -> list[str]:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "S"
    sheet.append(["ID", "Value"])
    for number, (value, number_format) in enumerate(zip(values, formats, strict=True), start=2):
        sheet.append([str(number), value])
        if number_format is not None:
            sheet.cell(number, 2).number_format = number_format
    book.save(path)
    return [row.record["value"] for row in read_rows(path)]


def test_cells_read_as_the_user_saw_them(tmp_path: Path) -> None:
    """Numbers (stored digits, shown form), dates, booleans, errors and formulas as Excel shows them."""
    cells: list[tuple[object, str | None, str]] = [
        (0.69, "0%", "69%"),
        (0.0805, "0.0%", "8.05%"),  # shown as 8.1%: the stored value is read
        (1234.5, '"£"#,##0', "£1,234.5"),
        (-1230, "#,##0;(#,##0)", "(1,230)"),
        (1234567, "#,##0,", "1,234.567"),  # thousands, every digit kept
        (0.1, None, "0.1"),
        (46, None, "46"),
        (46.0, None, "46"),
        (dt.datetime(2017, 9, 30), "dd/mm/yyyy", "30/09/2017"),  # noqa: DTZ001
        (True, None, "TRUE"),
        ("=B2*2", None, "=B2*2"),  # never calculated: the formula, not an empty cell
        ("'=not a formula", None, "'=not a formula"),
        ("  padded  ", None, "  padded  "),
    ]
    shown = _one_column(tmp_path / "v.xlsx", [c[0] for c in cells], [c[1] for c in cells])
    assert shown == [c[2] for c in cells]


@pytest.mark.parametrize(
    ("row", "shown"),
    [
        (["2", None, "=B2*2"], {"id": "2", "value": "", "note": "=B2*2"}),
        (["=1+1", None, "x"], {"id": "=1+1", "value": "", "note": "x"}),
    ],
)
def test_an_empty_cell_beside_a_formula_is_empty(
    tmp_path: Path, row: list[object], shown: dict[str, str]
) -> None:
    """In a workbook with formulas, an empty cell between filled ones reads as empty text."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Value", "Note"])
    sheet.append(row)
    book.save(tmp_path / "f.xlsx")
    assert [dict(found.record) for found in read_rows(tmp_path / "f.xlsx")] == [shown]


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (0.69, "0%", "69%"),
        (0.6949, "0%", "69%"),
        (0.695, "0%", "70%"),  # half away from zero, as Excel rounds for display
        (0.5, "0.00%", "50.00%"),
        (1234567, "#,##0", "1,234,567"),
        (1234567, "#,##0,", "1,235"),  # a trailing comma shows thousands
        (-1234.5, "#,##0.0", "-1,234.5"),
        (-1234.5, "£#,##0", "-£1,235"),
        (-0.4, "#,##0", "0"),  # no minus sign on a zero as shown
        (1234.5, "[$£-809]#,##0.00", "£1,234.50"),
        (5, '0" days"', "5 days"),
        (5, "[Red]0;[Blue]-0", "5"),
        (-5, "[Red]0;[Blue]-0", "-5"),
        (-5, "#,##0;(#,##0)", "(5)"),  # the negative section shows its own sign
        (0, "#,##0;(#,##0)", "0"),  # zero is not negative: the first section
        (0, "0.0%;-0.0%", "0.0%"),
        (0.5, "#.##", ".5"),
        (12.5, "#.##", "12.5"),  # '#' before the point drops a leading zero only
        (0, "#.##", "."),
        (0, "#", ""),  # Excel shows zero in '#' as nothing
        (1234, "#,###", "1,234"),
        (3, "General", "3"),
        (1e20, "General", "100000000000000000000"),
        (Decimal("2.50"), "General", "2.5"),
        (12, "@", "12"),
        (dt.date(2017, 9, 3), "d mmm yyyy", "3 Sep 2017"),
        (dt.date(2017, 9, 3), "dddd d mmmm yy", "Sunday 3 September 17"),
        (dt.datetime(2017, 9, 3, 14, 5), "dd/mm/yy hh:mm", "03/09/17 14:05"),  # noqa: DTZ001
        (dt.datetime(2017, 9, 3, 14, 5, 9), "h:mm:ss AM/PM", "2:05:09 PM"),  # noqa: DTZ001
        (dt.datetime(2017, 9, 3, 14, 5), "General", "2017-09-03 14:05:00"),  # noqa: DTZ001
        (dt.time(9, 30), "hh:mm", "09:30"),
        (dt.time(0, 5, 9), "mm:ss", "05:09"),  # mm before the last code, seconds: minutes
        (dt.datetime(2017, 9, 3, 14, 5, 9), "dd/mm", "03/09"),  # noqa: DTZ001 - a month
        (None, "0%", ""),
        (False, "General", "FALSE"),
        ("#DIV/0!", "General", "#DIV/0!"),
    ],
)
def test_shown_text(value: object, number_format: str, shown: str) -> None:
    """Each common number and date format shows a value as Excel does."""
    assert shown_text(value, number_format) == shown


@pytest.mark.parametrize(
    ("value", "number_format", "stored"),
    [
        (0.6949, "0%", "69.49%"),
        (0.695, "0%", "69.5%"),
        (0.5, "0.00%", "50.00%"),
        (1234567, "#,##0,", "1,234.567"),
        (-1234.5, "£#,##0", "-£1,234.5"),
        (-0.4, "#,##0", "-0.4"),
        (0.5, "#.##", ".5"),
        (46, "0.0", "46.0"),
        (3, "General", "3"),
    ],
)
def test_shown_text_stored(value: object, number_format: str, stored: str) -> None:
    """With stored=True a number keeps every digit it holds, in its format's form."""
    assert shown_text(value, number_format, stored=True) == stored


def test_values_beyond_the_header_and_no_header_are_load_errors(tmp_path: Path) -> None:
    """A value past the last header column, or no header at all, fails the whole read."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["ID", "Value"])
    sheet.append(["1", "2", None, "stray"])
    book.save(tmp_path / "stray.xlsx")
    with pytest.raises(LoadError, match=r"KPIs!D2: a value beyond the last header column"):
        list(read_rows(tmp_path / "stray.xlsx"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Just a title"])
    book.save(tmp_path / "title.xlsx")
    with pytest.raises(LoadError, match="no header row naming one of id"):
        list(read_rows(tmp_path / "title.xlsx", columns={"id"}))


@pytest.mark.parametrize(
    "content", [b"", b"not a zip", b"id,value\n1,2\n", b"PK\x03\x04broken zip"]
)
def test_a_file_that_is_not_a_workbook_is_a_load_error(tmp_path: Path, content: bytes) -> None:
    """Bytes that are not a workbook give our LoadError, not a zipfile or XML error."""
    path = tmp_path / "kpis.xlsx"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=r"not a readable \.xlsx workbook"):
        list(read_rows(path))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (5, "Invalid source 5: expected a path or a binary stream"),
        (None, "Invalid source None: expected a path or a binary stream"),
        ("", "Invalid path '': expected a file path"),
        ("a\x00b", "Invalid path 'a\\x00b': expected a file path"),
    ],
)
def test_a_source_that_is_not_one_is_our_error(source: object, message: str) -> None:
    """A source of the wrong type, or text that is no path, is a ValueTypeError naming it."""
    with pytest.raises(ValueTypeError) as caught:
        list(read_rows(source))  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_missing_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without openpyxl, reading a workbook says which extra to install."""
    path = _risk_workbook(tmp_path / "r.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"pip install 'kpirag\[excel\]'"):
        list(read_rows(path))


def _same_value(table_cell: Cell, read: str) -> bool:
    """The text read back shows the same value as the table's cell."""
    shown = visible(table_cell.text)
    if read == shown:
        return True
    written, percent = parse_number(shown)
    back, back_percent = parse_number(read)
    if (written, percent) == (back, back_percent):
        return True
    # The stored value is read, not the shown one: a figure held more exactly than a
    # double (a variance of 1.7063378262...%) is stored as one and read, as Excel holds
    # it, to 15 significant digits: within half a unit of the 15th digit.
    value = table_cell.value
    return (
        isinstance(value, Decimal)
        and percent == back_percent
        and abs(back - value) <= abs(value) * Decimal("1e-14")
    )


def test_round_trip_through_a_workbook(q1: ModuleType, tmp_path: Path) -> None:
    """Law: every Q1 table written with to_xlsx reads back with the same value in every cell."""
    built = q1.report()
    hostile = Table(
        "Hostile",
        ["ID", "Note", "Amount £"],
        [
            ["1", '=HYPERLINK("http://x")', Cell("(1,230)", Decimal(-1230))],
            ["2", "\x1b[2J\u202eneerG", Cell("12.5%", Decimal("12.5"))],
            ["3", "two\nlines", Cell("", None, numeric=True)],
        ],
    )
    tables = (*built.tables, hostile)
    path = tmp_path / "q1.xlsx"
    Report(built.title, tables).to_xlsx(path)
    names = ["Status summary", "Exceptions", "KPIs", "Risk register", "Closed risks"]
    names += ["Budget monitoring", "Budget monitoring by division", "Audit", "Hostile"]
    checked = 0
    for name, table in zip(names, tables, strict=True):
        rows = list(read_rows(path, sheet=name))
        assert rows[0].location.line == 3
        expected = [row for row in table.rows if any(cell.text.strip() for cell in row)]
        assert len(rows) == len(expected), name
        for read, cells in zip(rows, expected, strict=True):
            assert read.columns == tuple(h.casefold() for h in table.headers)
            for key, cell in zip(read.columns, cells, strict=True):
                assert _same_value(cell, read.record[key]), (name, key, cell, read.record[key])
                checked += 1
    assert checked > 300


@pytest.mark.parametrize(
    ("value", "number_format", "read", "status"),
    [
        (0.7496, "0%", "74.96%", "Amber"),  # shown as 75%, stored below the target
        (0.75, "0%", "75%", "Green"),  # typed as 75%
        (0.7, "0.00%", "70.00%", "Amber"),  # the format's places kept, nothing rounded
        (0.74996, "0.0%", "74.996%", "Amber"),
    ],
)
def test_defect_xlsx_cell_read_as_displayed(
    tmp_path: Path, value: float, number_format: str, read: str, status: str
) -> None:
    """A cell is read as its stored value in its format's form: 0.7496 shown as 75% is 74.96%."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "title", "target", "value"])
    sheet.append(["1.5", "Rough sleepers", ">=75%", value])
    sheet.cell(2, 4).number_format = number_format
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    assert [row.record["value"] for row in read_rows(path)] == [read]
    (result,) = load_kpis(path).evaluate().results
    assert str(result.status) == status
    out = io.StringIO()
    assert main(["evaluate", str(path), "--format", "json"], stdout=out) == 0
    assert [(r["value"], r["status"]) for r in json.loads(out.getvalue())] == [(read, status)]


def _stored_as(path: Path, text: str) -> None:
    """Rewrite the workbook's placeholder value 0.123 as ``text``, the digits Excel writes."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, data.replace(b"<v>0.123</v>", f"<v>{text}</v>".encode()))


@pytest.mark.parametrize(
    ("stored", "number_format", "target", "read", "status"),
    [
        ("0.30000000000000004", "0%", "<=30%", "30%", "Green"),  # =0.1+0.2, shown as 30%
        ("0.30000000000000004", "General", "<=0.3", "0.3", "Green"),
        ("0.29999999999999999", "0.0%", "<=30%", "30.0%", "Green"),  # 0.3 as Excel writes it
        ("0.30000000000001", "0%", "<=30%", "30.000000000001%", "Amber"),  # a real difference
    ],
)
def test_defect_xlsx_float_artefact_read_past_excel_precision(
    tmp_path: Path, stored: str, number_format: str, target: str, read: str, status: str
) -> None:
    """A float Excel writes with 17 digits is read at Excel's 15: 0.1+0.2 is 30%, not 30.000000000000004%."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "title", "target", "value"])
    sheet.append(["1.5", "Missed visits", target, 0.123])
    sheet.cell(2, 4).number_format = number_format
    path = tmp_path / "kpis.xlsx"
    book.save(path)
    _stored_as(path, stored)
    assert [row.record["value"] for row in read_rows(path)] == [read]
    (result,) = load_kpis(path).evaluate().results
    assert str(result.status) == status


@pytest.mark.parametrize(
    ("value", "number_format", "read"),
    [
        (12345.678, "0.00E+00", "12345.678"),  # shown as 1.23E+04
        (0.000123, "##0.0E+0", "0.000123"),
        (0.25, "# ?/?", "0.25"),  # shown as 1/4
        (1.5, "# ??/??", "1.5"),  # shown as 1 1/2
    ],
)
def test_defect_xlsx_scientific_and_fraction_formats_read_as_unreadable_text(
    tmp_path: Path, value: float, number_format: str, read: str
) -> None:
    """A number in a scientific or fraction format is read as its value, not '12345.678E+00'."""
    assert _one_column(tmp_path / "v.xlsx", [value], [number_format]) == [read]
    assert parse_number(read) == (Decimal(read), False)


@pytest.mark.parametrize(
    "value",
    [dt.date(2017, 9, 30), dt.datetime(2017, 9, 30), dt.datetime(2017, 9, 30, 14, 5)],  # noqa: DTZ001
)
def test_defect_text_formatted_date_cell_loses_its_iso_form(tmp_path: Path, value: dt.date) -> None:
    """A date cell formatted Text (@) is read in ISO form, as in General (a mutant lost it)."""
    iso = shown_text(value, "General")
    assert iso.startswith("2017-09-30")
    assert shown_text(value, "@") == iso
    assert shown_text(value, ";;;@") == iso  # an empty first section shows it as General too
    book = Workbook(iso_dates=True)  # the cell holds the date itself (t="d"), not a day number
    sheet = book.active
    assert sheet is not None
    sheet.append(["ID", "Value"])
    sheet.append(["1", value])
    sheet.cell(2, 2).number_format = "@"
    book.save(tmp_path / "v.xlsx")
    assert [row.record["value"] for row in read_rows(tmp_path / "v.xlsx")] == [iso]


def test_header_problems_of_a_workbook_are_located_at_its_header_cells(tmp_path: Path) -> None:
    """An unknown column is at its header cell, a missing one at the header row's first."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "KPIs"
    sheet.append(["id", "title", "target", "colour"])
    sheet.append(["1", "A", ">=5"])
    workbook.save(tmp_path / "kpis.xlsx")
    with pytest.raises(LoadError) as caught:
        load_kpis(tmp_path / "kpis.xlsx")
    where = [str(problem).split(": column")[0] for problem in caught.value.problems]
    assert where == [f"{tmp_path / 'kpis.xlsx'}: KPIs!D1", f"{tmp_path / 'kpis.xlsx'}: KPIs!A1"]
