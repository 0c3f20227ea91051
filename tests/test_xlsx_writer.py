"""Excel out: Table.to_xlsx and Report.to_xlsx write a workbook an officer can send on."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
import threading
import zipfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kpirag import Cell, InvalidFormatError, Report, Status, Table, ValueTypeError
from kpirag.report import _xlsx
from kpirag.report._xlsx import sheet_names


def _sheet(path: Path, name: str | None = None) -> Worksheet:
    workbook = load_workbook(path)
    sheet = workbook[name] if name else workbook.worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


@pytest.fixture(scope="module")
def q1_workbook(q1: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Q1 2017/18 report written as a workbook."""
    built = q1.report()
    path = tmp_path_factory.mktemp("q1") / "q1.xlsx"
    Report(built.title, built.tables).to_xlsx(path)
    return path


def test_one_sheet_per_table_with_title_header_freeze_and_filter(q1_workbook: Path) -> None:
    """Each table is a sheet named after it: title in A1, header in row 2, frozen and filtered."""
    workbook = load_workbook(q1_workbook)
    assert workbook.sheetnames == [
        "Status summary",
        "Exceptions",
        "KPIs",
        "Risk register",
        "Closed risks",
        "Budget monitoring",
        "Budget monitoring by division",
        "Audit",
    ]
    assert workbook.properties.title == "DCCS business plan update, Q1 2017/18"
    sheet = workbook["KPIs"]
    assert sheet["A1"].value == "KPIs"
    assert [c.value for c in sheet[2]] == [
        "ID",
        "Measure",
        "Target",
        "Value",
        "Status",
        "Commentary",
    ]
    assert all(c.font.bold for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:F{sheet.max_row}"
    assert sheet.page_setup.orientation == "landscape"


def test_numbers_are_numbers_with_the_formats_they_were_shown_in(q1_workbook: Path) -> None:
    """Counts, percentages and money are stored as numbers, formatted to show as the text did."""
    summary = _sheet(q1_workbook, "Status summary")
    assert [(c.value, c.number_format) for c in summary["C"][2:5]] == [
        (17, "#,##0"),
        (2, "#,##0"),
        (1, "#,##0"),
    ]
    assert [(c.value, c.number_format) for c in summary["D"][2:5]] == [
        (0.85, "0%"),
        (0.1, "0%"),
        (0.05, "0%"),
    ]
    budget = _sheet(q1_workbook, "Budget monitoring")
    people = {budget.cell(2, n).value: budget.cell(3, n) for n in range(1, budget.max_column + 1)}
    assert (
        people["Local risk budget £'000"].value,
        people["Local risk budget £'000"].number_format,
    ) == (
        6974,
        "£#,##0",
    )
    assert people["Local risk variance"].number_format == "#,##0"
    variance = people["Local risk variance %"]
    assert variance.number_format == "0.0%"
    assert variance.value == pytest.approx(0.01706, abs=1e-5)
    assert people["Local risk ADV/FAV"].value == "ADV"
    by_division = _sheet(q1_workbook, "Budget monitoring by division")
    assert by_division["B3"].number_format == "£#,##0"  # the row's label names the unit


def test_status_cells_are_labels_filled_in_the_scale_colours(q1_workbook: Path) -> None:
    """A status cell holds its label as text and the status's colour as its fill."""
    summary = _sheet(q1_workbook, "Status summary")
    cells = {c.value: c for c in summary["A"][2:6]}
    for status in (Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED):
        cell = cells[status.label]
        assert cell.data_type == "s"
        assert cell.fill.fill_type == "solid"
        assert cell.fill.fgColor.rgb == "FF" + status.colour.lstrip("#").upper()


def test_dates_are_dates_shown_as_in_the_text(q1_workbook: Path) -> None:
    """A target date is stored as a date and shown day/month/year as in the text output."""
    risks = _sheet(q1_workbook, "Risk register")
    assert risks["E2"].value == "Target date"
    assert risks["E3"].value == dt.datetime(2017, 9, 30)  # noqa: DTZ001 - Excel dates are naive
    assert risks["E3"].number_format == "dd/mm/yy"


def test_column_widths_fit_their_text(q1_workbook: Path) -> None:
    """Columns are as wide as their longest text (headers wrap at spaces), up to 50 characters."""
    kpis = _sheet(q1_workbook, "KPIs")
    widths = {
        c.value: kpis.column_dimensions[get_column_letter(n)].width
        for n, c in enumerate(kpis[2], start=1)
    }
    assert widths["ID"] == 8
    assert widths["Measure"] == 52
    assert widths["Target"] == len("0% in 2 years +, 0% in 2 years +") + 2
    assert kpis["B4"].alignment.wrap_text
    assert kpis.row_dimensions[4].height == 30


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil","click")',
        "+cmd|' /C calc'!A0",
        "@SUM(A1:A9)",
        "-2+3",
        "=1+1",
        "\tx",
    ],
)
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, text: str) -> None:
    """Text starting like a formula is stored as a string with Excel's quote prefix."""
    path = tmp_path / "t.xlsx"
    Table("T", ["a", "b"], [[text, Cell(text, value=None)]]).to_xlsx(path)
    sheet = _sheet(path)
    for cell in sheet[3]:
        assert cell.data_type == "s"
        assert cell.value == text
        assert cell.quotePrefix


def test_control_characters_are_shown_not_written(tmp_path: Path) -> None:
    """Terminal escapes and bidi controls are shown as escapes (openpyxl would refuse them)."""
    path = tmp_path / "t.xlsx"
    Table("T\x1b]0;x\x07", ["a\u202e"], [["\x1b[2J\x00Green"]]).to_xlsx(path)
    sheet = _sheet(path)
    assert sheet["A1"].value == "T\\x1b]0;x\\x07"
    assert sheet["A2"].value == "a\\u202e"
    assert sheet["A3"].value == "\\x1b[2J\\x00Green"


@pytest.mark.parametrize(
    ("text", "value", "currency", "expected"),
    [
        ("2,000", Decimal(2000), None, (Decimal(2000), "#,##0")),
        ("46.50", Decimal("46.5"), None, (Decimal("46.5"), "#,##0.00")),
        ("85%", Decimal(85), None, (Decimal("0.85"), "0%")),
        ("8.0%", Decimal(8), "£", (Decimal("0.080"), "0.0%")),
        ("-1,230", -1230, "£", (Decimal(-1230), "£#,##0")),
        ("(1,230)", Decimal(-1230), None, (Decimal(-1230), "#,##0;(#,##0)")),
        ("£12.5", Decimal("12.5"), None, (Decimal("12.5"), "£#,##0.0")),
        ("33.3%", Fraction(100, 3), None, (Decimal(100) / 3 / 100, "0.0%")),
        ("1" * 15, Decimal("1" * 15), None, (Decimal("1" * 15), "#,##0")),
        ("1" * 16, Decimal("1" * 16), None, None),  # a double cannot show 16 digits
        ("1E+400", Decimal("1E+400"), None, None),
        ("656 (summer term)", Decimal(656), None, None),  # not a number as shown
        ("46", None, None, None),  # no raw number: the text is all there is
        ("46", "46", None, None),
        ("1", True, None, None),
        ("NaN", Decimal("NaN"), None, None),
    ],
)
def test_which_cells_become_numbers(
    text: str, value: object, currency: str | None, expected: tuple[Decimal, str] | None
) -> None:
    """A cell is a number only when its raw value is a number and its text shows one."""
    assert _xlsx._as_number(Cell(text, value), currency) == expected


@pytest.mark.parametrize(
    ("titles", "names"),
    [
        (
            ["Budget: Q1/Q2", "a*b?c", "[x]", "back\\slash"],
            ["Budget Q1 Q2", "a b c", "x", "back slash"],
        ),
        (["KPIs", "KPIs", "kpis"], ["KPIs", "KPIs (2)", "kpis (3)"]),
        (["", "   ", "'quoted'"], ["Sheet", "Sheet (2)", "quoted"]),
        (["History", "history"], ["History (2)", "history (3)"]),
        (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
        (["a\x1b[2Jb", "c\u202ed"], ["a 2Jb", "c d"]),
    ],
)
def test_sheet_names_are_valid_and_unique(titles: list[str], names: list[str]) -> None:
    """Sheet names drop the characters Excel refuses, fit 31 characters and never repeat."""
    assert sheet_names(titles) == names


def test_every_table_gets_its_own_sheet_whatever_the_titles(tmp_path: Path) -> None:
    """Tables with equal or empty titles still each get a sheet."""
    path = tmp_path / "t.xlsx"
    table = Table("Same", ["a"], [["1"]])
    Report("R", [table, table, Table("", ["b"], [])]).to_xlsx(path)
    assert load_workbook(path).sheetnames == ["Same", "Same (2)", "Sheet"]


def test_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while writing leaves the existing file as it was and no temporary file."""
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"before")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", fail)
    with pytest.raises(OSError, match="disk full"):
        Table("T", ["a"], [["1"]]).to_xlsx(path)
    assert path.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_replacing_keeps_permissions_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    """A replaced file keeps its mode; a new one gets 0666 less the umask, not 0600."""
    table = Table("T", ["a"], [["1"]])
    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"x")
    existing.chmod(0o640)
    table.to_xlsx(existing)
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    umask = os.umask(0o022)
    try:
        table.to_xlsx(tmp_path / "new.xlsx")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.xlsx").stat().st_mode) == 0o644


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    """Writing to a symlink replaces its target and leaves the link in place."""
    target = tmp_path / "real.xlsx"
    target.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    Table("T", ["a"], [["1"]]).to_xlsx(link)
    assert link.is_symlink()
    assert _sheet(target)["A3"].value == "1"


def test_a_special_file_is_written_to_not_replaced(tmp_path: Path) -> None:
    """A FIFO (like /dev/stdout) receives the workbook and stays a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    Table("T", ["a"], [["1"]]).to_xlsx(fifo)
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received[0].startswith(b"PK")


untyped: Any = Table("T", ["a"], [["1"]])


@pytest.mark.parametrize("path", [5, None, b"x.xlsx", "", "a\x00b.xlsx", ["x"]])
def test_a_path_that_is_not_one_is_our_error(path: object) -> None:
    """A path of the wrong type (or empty, or with a NUL) is a ValueTypeError naming it."""
    with pytest.raises(ValueTypeError, match="Invalid path"):
        untyped.to_xlsx(path)


def test_too_many_rows_for_a_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table past Excel's row limit is our error, before anything is written."""
    monkeypatch.setattr(_xlsx, "MAX_ROWS", 2)
    with pytest.raises(InvalidFormatError, match="at most 2 rows"):
        Table("T", ["a"], [["1"], ["2"], ["3"]]).to_xlsx(tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())


def test_missing_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without openpyxl, writing a workbook says which extra to install."""
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ImportError, match=r"pip install 'kpirag\[excel\]'"):
        Table("T", ["a"], [["1"]]).to_xlsx(tmp_path / "t.xlsx")


def test_importing_kpirag_never_imports_openpyxl() -> None:
    """import kpirag and kpirag.report, and rendering text, leave openpyxl unimported."""
    code = (
        "import sys, kpirag, kpirag.report\n"
        "kpirag.Table('T', ['a'], [['1']]).render('html')\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_workbook_is_written_with_zip64_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook part past 2 GiB (a very large sheet) needs ZIP64: the archive allows it.

    (Writing a part that large in a test is out of reach; the archive's setting is checked.)
    """
    opened: list[bool] = []

    class Recorded(zipfile.ZipFile):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(kwargs.get("allowZip64", True))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", Recorded)  # as _xlsx reaches it
    Report("R", [Table("T", ["A"], [["1"]])]).to_xlsx(tmp_path / "r.xlsx")
    assert opened == [True]
    assert load_workbook(tmp_path / "r.xlsx").worksheets[0]["A3"].value in {"1", 1}
