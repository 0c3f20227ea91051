"""RAG and SPC side by side: the performance table and tidy records (kpirag.report)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from kpirag.errors import OutOfRangeError, SPCWarning
from kpirag.kpi import KPI, Series
from kpirag.report import (
    Format,
    Performance,
    Report,
    performance,
    performance_point_records,
    performance_records,
    performance_table,
    spc_point_records,
    spc_points_table,
    spc_records,
    spc_table,
)
from kpirag.rules import Status
from kpirag.spc import xmr

MONTHS = [f"2023-{m:02}" for m in range(1, 13)] + [f"2024-{m:02}" for m in range(1, 13)]
ED = [71.2, 72.8, 70.9, 72.1, 73.0, 71.5, 72.4, 70.6, 71.9, 72.7, 71.1, 72.2]
ED += [70.8, 71.6, 72.9, 71.3, 72.0, 73.4, 74.1, 73.8, 74.6, 73.9, 74.4, 75.0]


def rows() -> list[Performance]:
    """Two KPIs: one improving but short of its target, one lower-is-better per trust."""
    ed = Series.of(KPI("ED", "Seen within 4 hours", ">=76%"), zip(MONTHS, ED, strict=True))
    waits = KPI("W", "Days waited", "<=20")
    data = [
        {"trust": trust, "period": month, "value": 18 + (n * 7 + shift) % 5}
        for trust, shift in (("A", 0), ("B", 3))
        for n, month in enumerate(MONTHS)
    ]
    return [
        performance(ed),
        *(performance(s) for s in Series.from_records(waits, data, by=["trust"])),
    ]


def test_a_row_holds_the_rag_status_and_both_icons() -> None:
    """The ED row: Amber today (75 against 76 within 10%), improving, target beyond the limits."""
    first = rows()[0]
    assert first.result.status is Status.AMBER
    assert first.chart is not None
    assert (first.chart.variation.label, first.chart.assurance.label) == (  # type: ignore[union-attr]
        "Improvement (High)",
        "Consistently fail target",
    )
    assert first.reading.startswith("Special cause improvement: the last 7 points are above")


def test_the_chart_is_judged_against_the_evaluated_target() -> None:
    """The assurance icon and the RAG status use one target figure."""
    first = rows()[0]
    assert first.chart is not None
    assert first.result.target is not None
    assert first.chart.target == first.result.target.value == 76


def test_table_columns_and_cells() -> None:
    """One row per series: KPI, measure, group, latest period, value, target, status, icons."""
    table = performance_table(rows())
    assert table.headers == (
        "KPI", "Measure", "Group", "Latest period", "Value", "Target", "Status",
        "Explanation", "Variation", "Assurance", "Reading",
    )  # fmt: skip
    texts = [[cell.text for cell in row] for row in table.rows]
    assert texts[0][:8] == [
        "ED", "Seen within 4 hours", "", "Dec 2024", "75.0", ">=76%", "Amber",
        ("Amber: 75.0% misses >=76% by 1.0 points (1.3%), within the 10% tolerance "
        "(Amber down to 68.4%)"),
    ]  # fmt: skip
    assert texts[0][8:10] == ["Improvement (High)", "Consistently fail target"]
    assert [row[2] for row in texts[1:]] == ["trust=A", "trust=B"]
    assert table.rows[0][6].status is Status.AMBER


def test_the_group_column_appears_only_when_a_series_has_a_group() -> None:
    """A framework of whole-organisation series has no Group column."""
    assert "Group" not in performance_table(rows()[:1]).headers


@pytest.mark.parametrize("fmt", list(Format))
def test_the_table_renders_in_every_report_format(fmt: Format) -> None:
    """Text, GitHub, HTML, LaTeX and CSV all show the status and the icons' words."""
    report = Report("Board report", [performance_table(rows())])
    out = report.render(fmt)
    for words in ("Seen within 4 hours", "Amber", "Improvement (High)", "Consistently fail target"):
        assert words in out
    if fmt is Format.HTML:
        assert 'class="pill"' in out


def test_series_records_are_one_plain_row_per_series() -> None:
    """performance_records: one dict per series of text, numbers, Decimals and None."""
    records = performance_records(rows())
    assert len(records) == 3
    first = records[0]
    assert first["kpi"] == "ED"
    assert first["group"] == ""
    assert (first["period"], first["value"], first["target"]) == ("Dec 2024", Decimal(75), ">=76%")
    assert (first["status"], first["variation"], first["assurance"]) == (
        "Amber",
        "improvement_high",
        "consistent_fail",
    )
    assert first["mean"] == Decimal("72.508333")
    assert first["n"] == 24
    for record in records:
        for value in record.values():
            assert value is None or isinstance(value, str | int | Decimal)


def test_point_records_give_each_points_type_and_rule() -> None:
    """performance_point_records: one dict per point with its type and deciding rule."""
    points = performance_point_records(rows())
    assert len(points) == 3 * 24
    last = points[23]
    assert (last["kpi"], last["period"], last["value"]) == ("ED", "Dec 2024", Decimal(75))
    assert last["limit_group"] == 0
    assert (last["point_type"], last["rule"]) == ("special_cause_improvement", "shift")
    assert points[0]["rule"] is None
    assert {record["group"] for record in points[24:]} == {"trust=A", "trust=B"}


def test_spc_records_match_the_chart() -> None:
    """spc_records and spc_point_records round only the lines, and only for records."""
    chart = xmr([1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], target=3)
    assert chart.limits is not None
    (record,) = spc_records({"S": chart}, places=3)
    assert record["mean"] == chart.limits.rounded(3)["mean"] == Decimal("1.944")
    assert record["upper"] == Decimal("4.604")
    assert record["target"] == 3
    (point,) = [p for p in spc_point_records({"S": chart}) if p["rule"] is not None]
    assert (point["period"], point["value"]) == (None, Decimal(10))
    assert point["point_type"] == "special_cause_improvement"
    assert point["rule"] == "outside_limits"
    with pytest.warns(SPCWarning):
        constant = xmr([4, 4, 4])
    assert spc_records({"S": constant}, places=3)[0]["upper"] == Decimal(4)


def test_a_series_without_figures_has_no_chart() -> None:
    """A KPI reported without any figure still has its row: no data, no icons."""
    empty = performance(Series.of(KPI("E", "Empty", ">=1"), {"Apr 2024": None}))
    assert empty.chart is None
    assert empty.reading == "No figures to chart"
    (row,) = performance_table([empty]).rows
    assert [cell.text for cell in row][5:9] == ["N/A", "N/A: No data", "", ""]
    (record,) = performance_records([empty])
    assert (record["n"], record["variation"]) == (0, None)
    assert performance_point_records([empty]) == []


def test_a_series_without_figures_leaves_the_next_ones_points() -> None:
    """A row without a chart is skipped: the points of the rows after it are still listed."""
    empty = performance(Series.of(KPI("E", "Empty", ">=1"), {"Apr 2024": None}))
    points = performance_point_records([empty, *rows()])
    assert [record["kpi"] for record in points] == ["ED"] * 24 + ["W"] * 48


def test_the_value_cell_holds_the_figure() -> None:
    """The Value column shows the latest figure and holds it as a number (for a workbook)."""
    table = performance_table(rows())
    values = [record["Value"] for record in table.to_records()]
    assert values == [Decimal("75.0"), Decimal(19), Decimal(22)]
    at = table.headers.index("Value")
    assert [row[at].text for row in table.rows] == ["75.0", "19", "22"]


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "spc_tables.txt"


def _everything() -> list[str]:
    """Each performance and SPC table and record list of ``rows()``, written out in full."""
    performances = rows()
    charts = {
        row.series.kpi.id + str(n): row.chart
        for n, row in enumerate(performances)
        if row.chart is not None
    }
    with pytest.warns(SPCWarning):  # short groups: trial limits
        charts["recalculated"] = xmr(
            ED, periods=MONTHS, recalculate=["2024-01"], ghost=["2023-05"], baseline=10, target=72
        )
    lines: list[str] = []
    for title, table in (
        ("performance_table", performance_table(performances)),
        ("spc_table", spc_table(charts, places=3)),
        ("spc_points_table", spc_points_table(charts, places=1)),
    ):
        lines += [f"## {title}", *table.render("csv").splitlines()]
        lines += [repr(record) for record in table.to_records()]
    for title, records in (
        ("performance_records", performance_records(performances, places=3)),
        ("performance_point_records", performance_point_records(performances, places=2)),
        ("spc_records", spc_records(charts, places=4)),
        ("spc_point_records", spc_point_records(charts, places=1)),
    ):
        lines += [f"## {title}", *(repr(record) for record in records)]
    return lines


def test_every_spc_table_and_record_is_as_reviewed() -> None:
    """Performance and SPC tables and records, cell by cell, are the reviewed ones (update deliberately).

    ``KPIRAG_UPDATE_GOLDEN=1`` rewrites tests/golden/spc_tables.txt; review the diff.
    """
    lines = _everything()
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == GOLDEN.read_text(encoding="utf-8").splitlines()


def test_the_target_cell_shows_the_target_applied_not_its_label() -> None:
    """A KPI whose target is worded by a label shows the target judged against in the table.

    (The label is the report's wording of the annual target; the table's column holds the
    figure the latest value was judged against.)
    """
    kpi = KPI("ED", "Seen within 4 hours", ">=76%", label="Four-hour standard (76%)")
    row = performance(Series.of(kpi, zip(MONTHS, ED, strict=True)))
    table = performance_table([row])
    cells = dict(zip(table.headers, table.rows[0], strict=True))
    assert cells["Target"].text == ">=76%"


@pytest.mark.parametrize("places", [101, -1])
def test_point_records_refuse_places_beyond_the_limit(places: int) -> None:
    """``places`` is a whole number from 0 to ``MAX_PLACES`` (100), as for the series records."""
    with pytest.raises(OutOfRangeError) as caught:
        performance_point_records(rows(), places=places)
    assert caught.value.field == "places"
    with pytest.raises(OutOfRangeError):  # refused before any chart is read, even with none
        performance_point_records([], places=places)
    with pytest.raises(OutOfRangeError):
        performance_records(rows(), places=places)
