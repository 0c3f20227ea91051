"""The report layer's views of an IPR: tables, records, the board pack and notebook fragments."""

from __future__ import annotations

import re

import pytest

from kpirag.errors import ValueTypeError
from kpirag.ipr import IPR, Metric, MetricValue, build
from kpirag.report import (
    IPR_HEADERS,
    SPARK_POINTS,
    html_of,
    ipr_html,
    ipr_point_records,
    ipr_points_table,
    ipr_records,
    ipr_table,
)

MONTHS = [f"2024-{m:02}" for m in range(1, 13)]


def _ipr(title: str = "Falls per 1,000 bed days") -> IPR:
    metrics = [
        Metric("F1", title, "Safety", improvement="decrease", target=6, owner="Chief Nurse",
               annotations={"2024-06": "Bundle <b>launched</b>"}),
        Metric("W1", "Sickness", "Workforce", improvement="decrease", target="4.5%"),
        Metric("X1", "No figures yet", "Workforce", improvement="increase"),
    ]  # fmt: skip
    values = [MetricValue("F1", m, 5 + n % 3, provisional=n == 11) for n, m in enumerate(MONTHS)]
    values += [MetricValue("W1", m, f"{4 + n % 2}.1%") for n, m in enumerate(MONTHS)]
    return build(metrics, values, as_of="2024-12-31")


def test_the_summary_table_groups_by_domain_and_keeps_the_columns() -> None:
    table = ipr_table(_ipr())
    assert table.headers == IPR_HEADERS
    headings = [row[1].text for row in table.rows if not row[0].text]
    assert headings == ["Safety", "Workforce"]
    flat = ipr_table(_ipr(), grouped=False)
    assert [row[0].text for row in flat.rows] == ["F1", "W1", "X1"]
    empty = flat.rows[2]
    assert empty[5].text == "N/A"
    assert empty[-1].text == "No data"


def test_records_hold_plain_values_and_every_flag() -> None:
    records = ipr_records(_ipr())
    assert [r["id"] for r in records] == ["F1", "W1", "X1"]
    first = records[0]
    assert first["provisional"] is True
    assert first["flags"] == "provisional"
    assert records[2]["flags"] == "no_data"
    assert records[2]["variation_description"] is None
    points = ipr_point_records(_ipr())
    assert len(points) == 24
    june = next(p for p in points if p["metric"] == "F1" and p["period"] == "Jun 2024")
    assert june["annotation"] == "Bundle <b>launched</b>"


def test_the_points_table_of_one_domain() -> None:
    table = ipr_points_table(_ipr(), domain="Workforce")
    assert {row[0].text for row in table.rows} == {"W1"}
    assert len(table.rows) == 12
    assert ipr_points_table(_ipr(), domain="Nowhere").rows == ()


def test_the_board_pack_escapes_every_text_and_sanitises_charts() -> None:
    ipr = _ipr(title="<script>alert(1)</script> falls")
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script><circle r="2"/></svg>'
    page = ipr_html(ipr, charts={"F1": svg}, title="Board <pack>")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; falls" in page
    assert "<title>Board &lt;pack&gt;</title>" in page
    assert "Bundle &lt;b&gt;launched&lt;/b&gt;" in page
    assert page.count('<figure class="chart">') == 1
    summary = page.split('id="attention"')[0]
    assert summary.count('<svg class="spark"') == 2  # F1 and W1 have figures; X1 none
    assert f"The last {SPARK_POINTS} figures, from Jan 2024 to Dec 2024" in page


def test_the_board_pack_refuses_charts_that_are_not_svg_text() -> None:
    with pytest.raises(ValueTypeError):
        ipr_html(_ipr(), charts={"F1": 3})  # type: ignore[dict-item]


def test_notebook_fragments_show_the_summary_and_a_metric() -> None:
    ipr = _ipr()
    fragment = html_of(ipr)
    assert fragment.startswith("<style>")
    assert "Integrated performance report" in fragment
    assert "3 metrics in 2 domains" in fragment
    assert ipr._repr_html_() == fragment
    metric = ipr.metric("F1")
    one = html_of(metric)
    assert metric.narrative.split(":")[0] in one
    assert metric._repr_html_() == one


def _attention(page: str) -> list[str]:
    """The metric ids in the board pack's Needs attention table, in order."""
    part = page.split('id="attention"')[1].split("</section>", maxsplit=1)[0]
    return re.findall(r'<a href="#metric-[^"]*">([^<]+)</a>', part)


def test_needs_attention_holds_concern_failing_assurance_and_red_in_that_order() -> None:
    """Concern first, then a target consistently missed, then Red; Amber and Green stay out."""
    months = [f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(20)]
    flat = [70, 72, 71, 73] * 5
    metrics = [
        Metric("G", "Green", "D", improvement="increase", target=60),
        Metric("A", "Amber", "D", improvement="increase", target=74),
        Metric("R", "Red", "D", improvement="increase", target="between 85 and 90"),
        Metric("F", "Fails", "D", improvement="increase", target=95),
        Metric("C", "Concern", "D", improvement="increase", target=60),
    ]  # fmt: skip
    values = [
        MetricValue(m.id, month, v)
        for m in metrics[:4]
        for month, v in zip(months, flat, strict=True)
    ]
    falling = [*flat[:12], 62, 61, 63, 60, 62, 61, 60, 62]
    values += [MetricValue("C", month, v) for month, v in zip(months, falling, strict=True)]
    ipr = build(metrics, values, as_of="2025-03-31")
    assert [str(r.status) for r in ipr] == ["Green", "Amber", "Red", "Red", "Green"]
    assert _attention(ipr_html(ipr)) == ["C", "F", "R"]


def test_a_percentage_metrics_bare_figure_shows_its_sign() -> None:
    metric = Metric("P", "Seen", "D", improvement="increase", target="76%")
    written = Metric("Q", "Seen", "D", improvement="increase", target="76%")
    ipr = build(
        [metric, written],
        [MetricValue("P", "2025-01", "74.9"), MetricValue("Q", "2025-01", "74.9%")],
        as_of="2025-03-31",
    )
    table = ipr_table(ipr, grouped=False)
    assert [row[3].text for row in table.rows] == ["74.9%", "74.9%"]
    counted = build([Metric("N", "Falls", "D", improvement="decrease", target=6)],
                    [MetricValue("N", "2025-01", "5")], as_of="2025-03-31")  # fmt: skip
    assert ipr_table(counted, grouped=False).rows[0][3].text == "5"
