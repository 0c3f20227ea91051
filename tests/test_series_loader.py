"""Loading SPC series files (kpirag.io.load_series): every format, all or nothing, read back."""

from __future__ import annotations

import io
import json
import warnings
from fractions import Fraction
from pathlib import Path

import pytest

import kpirag
from kpirag.errors import LoadError, SPCWarning, ValueTypeError
from kpirag.io import SeriesData, dump_series, load_series
from kpirag.spc import SPCSettings

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "spc_example.csv"
CSV = b"series,period,value,target,improvement\nA,2024-02,2,,\nA,2024-01,1,5,decrease\nB,Q1 2024/25,7,,\n"
RECORDS = [
    {"series": "A", "period": "2024-02", "value": 2},
    {"series": "A", "period": "2024-01", "value": 1, "target": 5, "improvement": "decrease"},
    {"series": "B", "period": "Q1 2024/25", "value": 7},
]


def toml_text() -> str:
    """The records as TOML, under ``points``."""
    return "\n".join(
        "[[points]]\n" + "\n".join(f"{k} = {json.dumps(v)}" for k, v in record.items())
        for record in RECORDS
    )


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("csv", CSV),
        ("json", json.dumps({"points": RECORDS}).encode()),
        ("toml", toml_text().encode()),
    ],
)
def test_every_format_gives_the_same_series(fmt: str, data: bytes) -> None:
    """CSV rows and TOML or JSON records under ``points`` load to the same series."""
    loaded = load_series(io.BytesIO(data), fmt=fmt)
    assert list(loaded.series) == ["A", "B"]
    first, second = loaded.series["A"]
    assert (str(first.shown), first.value, first.target) == ("2024-01", Fraction(1), Fraction(5))
    assert str(second.shown) == "2024-02"
    assert loaded == load_series(io.BytesIO(CSV))


def test_a_workbook_loads_with_problems_at_their_cells(tmp_path: Path) -> None:
    """A workbook's sheet loads like a CSV file; a problem is located as Sheet!C3."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "SPC"
    for row in [["series", "period", "value"], ["A", "2024-01", 1], ["A", "2024-02", "lots"]]:
        book.active.append(row)
    book.save(tmp_path / "s.xlsx")
    with pytest.raises(LoadError) as caught:
        load_series(tmp_path / "s.xlsx")
    (problem,) = caught.value.problems
    assert (problem.sheet, problem.cell, problem.column) == ("SPC", "C3", "value")


def test_a_problem_in_one_series_names_a_line_of_another_row() -> None:
    """A duplicate period names the line the period was first given on."""
    data = b"series,period,value\nA,2024-01,1\nB,2024-01,2\nA,Jan 2024,3\n"
    with pytest.raises(LoadError) as caught:
        load_series(io.BytesIO(data), source_name="f.csv")
    assert str(caught.value.problems[0]) == (
        "f.csv:4:2: column 'period' ('Jan 2024'): duplicate period (first at line 2)"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"series,period,value\n", "no rows"),
        (b"series,value\nA,1\n", "required column is missing"),
        (b"series,period,value,colour\nA,2024-01,1,red\n", "unknown column"),
    ],
)
def test_files_that_are_not_series(data: bytes, message: str) -> None:
    """An empty file, a file without rows or with the wrong columns is a located problem."""
    with pytest.raises(LoadError, match=message):
        load_series(io.BytesIO(data))


def test_charts_warn_with_the_series_name() -> None:
    """SeriesData.charts draws each chart; a chart's warning starts with its series' name."""
    loaded = load_series(io.BytesIO(CSV))
    with pytest.warns(SPCWarning) as caught:
        charts = loaded.charts(settings=SPCSettings.nhsr())
    assert [str(w.message)[:12] for w in caught] == ["series 'A': ", "series 'B': "]
    assert list(charts) == ["A", "B"]
    assert charts["A"].target == 5


def test_repr_counts_series_and_points() -> None:
    """The repr says how many series and points, not every point."""
    assert repr(load_series(EXAMPLE)) == "<SeriesData: 3 series, 72 points>"


@pytest.mark.parametrize("fmt", ["csv", "json", "toml"])
def test_dump_series_reads_back(fmt: str) -> None:
    """dump_series writes what load_series reads back as the same series."""
    loaded = load_series(EXAMPLE)
    assert load_series(io.StringIO(dump_series(loaded, fmt)), fmt=fmt) == loaded


def test_dump_series_refuses_an_unknown_format() -> None:
    """Only csv, json and toml are written."""
    with pytest.raises(LoadError, match="unknown format 'xml'"):
        dump_series(SeriesData({}), "xml")


@pytest.mark.parametrize("source", [123, None, b"series,period,value"])
def test_a_source_that_is_not_a_file_is_a_kpirag_error(source: object) -> None:
    """load_series takes a path or an open file; anything else is a ValueTypeError."""
    with pytest.raises(ValueTypeError):
        load_series(source)  # type: ignore[arg-type]


def test_dump_series_takes_series_data() -> None:
    """dump_series writes what load_series gives, and says so for anything else."""
    with pytest.raises(ValueTypeError):
        dump_series(3)  # type: ignore[arg-type]


def test_kpirag_exports_the_series_loader() -> None:
    """load_series, dump_series and SeriesData are public names of kpirag."""
    assert (kpirag.load_series, kpirag.dump_series, kpirag.SeriesData) == (
        load_series,
        dump_series,
        SeriesData,
    )


def test_the_points_table_reads_back_as_the_same_charts() -> None:
    """kpirag spc --points writes a table that load_series reads back to the same charts."""
    from kpirag.report import spc_points_table  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SPCWarning)
        charts = load_series(EXAMPLE).charts()
        text = spc_points_table(charts).render("csv")
        assert load_series(io.StringIO(text)).charts() == charts


def test_defect_series_period_problem_keeps_its_reason() -> None:
    """A refused period says why (ambiguous between a year and a month), not only what is wanted."""
    text = "series,period,value\nED,2010-11,5\nED,2010-12,6\n"
    with pytest.raises(LoadError) as caught:
        load_series(io.StringIO(text), fmt="csv")
    assert "ambiguous" in str(caught.value)
