"""One computation, every view: the worked example's report through every door agrees.

The table, the records (JSON), the frames, the board pack's rows and each
chart's icons all read one ``IPR``; for every metric of the example they must
say the same status, icons, travel and flags. The files (CSV, TOML, JSON,
xlsx) and the frames read the same metrics and figures.
"""

from __future__ import annotations

import html
import io
import json
import re
import runpy
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kpirag.cli import main
from kpirag.io import load_metric_values, load_metrics, load_rules
from kpirag.ipr import IPR, build
from kpirag.report import (
    ASSURANCE_DESCRIPTIONS,
    IPR_DESCRIBED_HEADERS,
    IPR_HEADERS,
    VARIATION_DESCRIPTIONS,
    ipr_html,
    ipr_records,
    ipr_table,
)
from kpirag.spc import Assurance

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
METRICS = DATA / "ipr_metrics.csv"
VALUES = DATA / "ipr_values.csv"
RULES = DATA / "ipr_rules.toml"


@pytest.fixture(scope="module")
def example() -> ModuleType:
    """``examples/ipr.py`` as a module."""
    namespace = runpy.run_path(str(ROOT / "examples" / "ipr.py"))
    module = ModuleType("ipr_example")
    module.__dict__.update(namespace)
    return module


@pytest.fixture(scope="module")
def ipr(example: ModuleType) -> IPR:
    built: IPR = example.report()
    return built


def test_the_example_files_are_the_generators_output() -> None:
    """The committed data is what the generator writes (and says it is generated)."""
    sys.path.insert(0, str(DATA))
    try:
        import generate_ipr  # noqa: PLC0415
    finally:
        sys.path.remove(str(DATA))
    metrics, values = generate_ipr.generate()
    assert METRICS.read_text(encoding="utf-8") == metrics
    assert VALUES.read_text(encoding="utf-8") == values
    assert "GENERATED" in (generate_ipr.__doc__ or "")


def test_the_example_has_what_the_issue_asks_for(ipr: IPR) -> None:
    """About 30 metrics in 6 domains, 36 months, trajectories, a stale metric, an event."""
    assert len(ipr.metrics) == 30
    assert len(ipr.domains) == 6
    assert max(len(report.points) for report in ipr) == 36
    assert ipr.where(flag="stale").metrics
    assert ipr.where(flag="provisional").metrics
    assert ipr.where(flag="quality").metrics
    assert any(report.metric.annotations for report in ipr)
    assert len({str(point.target) for point in ipr.metric("ED4").points}) > 3  # a trajectory
    assert ipr.where(variation="concern_low").metrics or ipr.where(variation="concern_high").metrics


def _texts(report: Any) -> dict[str, str]:
    return {
        "status": str(report.status),
        "variation": "" if report.variation is None else report.variation.label,
        "assurance": "" if report.assurance is Assurance.NONE else report.assurance.label,
        "travel": "" if report.travel is None else str(report.travel),
        "flags": "; ".join(flag.kind.label for flag in report.flags),
    }


def test_the_table_records_frames_and_board_pack_agree(ipr: IPR) -> None:
    """For every metric: one status, one pair of icons, one travel, one set of flags."""
    pandas_frame = pytest.importorskip("kpirag.frames").ipr_frame(ipr, "pandas")
    polars_frame = pytest.importorskip("kpirag.frames").ipr_frame(ipr, "polars")
    table = ipr_table(ipr, grouped=False)
    column = {name: n for n, name in enumerate(IPR_HEADERS)}
    records = ipr_records(ipr)
    page = ipr_html(ipr)
    summary = page.split('id="attention"')[0]
    for n, report in enumerate(ipr):
        want = _texts(report)
        row = table.rows[n]
        assert row[column["ID"]].text == report.metric.id
        assert {
            key: row[column[key.title() if key != "flags" else "Flags"]].text for key in want
        } == {**want}
        record = records[n]
        assert record["id"] == report.metric.id
        assert record["status"] == want["status"]
        assert record["variation"] == (None if report.variation is None else report.variation.value)
        assert record["assurance"] == report.assurance.value
        assert record["variation_description"] == VARIATION_DESCRIPTIONS[report.variation]
        assert record["assurance_description"] == ASSURANCE_DESCRIPTIONS[report.assurance]
        assert record["narrative"] == report.narrative
        for frame_row in (pandas_frame.iloc[n].to_dict(), polars_frame.row(n, named=True)):
            assert frame_row["id"] == report.metric.id
            assert frame_row["status"] == want["status"]
            assert frame_row["assurance"] == report.assurance.value
            assert frame_row["flags"] == record["flags"]
        cells = _row(summary, report.metric.id)
        assert f">{html.escape(want['status'])}</span>" in cells
        assert html.escape(want["variation"] or "No icon") in cells
        assert html.escape(want["assurance"] or "No icon") in cells
        for flag in report.flags:
            assert f'<span class="flag">{html.escape(flag.kind.label)}</span>' in cells


def _row(page: str, metric_id: str) -> str:
    found = re.search(
        rf'<tr><th scope="row"><a href="#metric-[^"]*">{re.escape(metric_id)}</a>.*?</tr>', page
    )
    assert found is not None, metric_id
    return found.group(0)


def test_each_chart_draws_the_icons_of_its_report(ipr: IPR) -> None:
    """The chart's icons are the report's, not worked out again."""
    plot = pytest.importorskip("kpirag.plot")
    from matplotlib.text import Text  # noqa: PLC0415

    from kpirag.plot._icons import assurance_spec, variation_spec  # noqa: PLC0415

    for report in list(ipr)[:8]:
        ax = plot.ipr_chart(report)
        assert report.chart is not None
        texts = " ".join(t.get_text() for t in ax.get_figure(root=True).findobj(Text))
        words = " ".join(texts.split())
        assert " ".join(variation_spec(report.variation).label.split()) in words
        assurance = assurance_spec(report.assurance, report.chart.improvement)
        assert " ".join(assurance.label.split()) in words
        import matplotlib.pyplot as plt  # noqa: PLC0415

        plt.close("all")


def _cli(*args: str, stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdin=io.BytesIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


BASE = (str(METRICS), str(VALUES), "--as-of", "2025-03-31", "--rules", str(RULES))


def test_the_command_line_gives_the_records(ipr: IPR) -> None:
    code, out, err = _cli("ipr", *BASE, "--format", "json", "--quiet")
    assert code == 0, err
    document = json.loads(out)
    assert document["as_of"] == "2025-03-31"
    expected = [
        {key: (str(value) if value is not None and not isinstance(value, str | bool | int) else value)
         for key, value in record.items()}
        for record in ipr_records(ipr, places=2)
    ]  # fmt: skip
    assert document["metrics"] == json.loads(json.dumps(expected, default=str))


@pytest.mark.parametrize("fmt", ["text", "csv", "github"])
def test_the_command_line_table_is_the_summary_table(ipr: IPR, fmt: str) -> None:
    code, out, _ = _cli("ipr", *BASE, "--format", fmt)
    assert code == 0
    for report in ipr:
        assert report.metric.id in out
    if fmt == "csv":  # the icons' names with their meanings
        assert out.splitlines()[0] == ",".join(IPR_DESCRIBED_HEADERS)
        assert VARIATION_DESCRIPTIONS[ipr.metric("ED4").variation] in out


def test_the_command_line_orders_and_filters(ipr: IPR) -> None:
    code, out, _ = _cli("ipr", *BASE, "--order", "concerns", "--format", "csv")
    assert code == 0
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert ids == [report.metric.id for report in ipr.concerns_first()]
    code, out, _ = _cli("ipr", *BASE, "--status", "Red", "--format", "csv", "--order", "concerns")
    ids = [line.split(",")[0] for line in out.splitlines()[1:]]
    assert ids == [report.metric.id for report in ipr.where(status="Red").concerns_first()]
    code, out, _ = _cli("ipr", *BASE, "--flag", "stale", "--format", "csv", "--order", "concerns")
    assert [line.split(",")[0] for line in out.splitlines()[1:]] == ["VAC"]


def test_the_command_line_writes_the_board_pack_and_a_workbook(tmp_path: Path) -> None:
    page = tmp_path / "board.html"
    code, _, err = _cli("ipr", *BASE, "--format", "html", "--output", str(page), "--no-charts")
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script" not in text
    assert "size: A4 landscape" in text
    book = tmp_path / "ipr.xlsx"
    code, _, err = _cli("ipr", *BASE, "--format", "xlsx", "--output", str(book))
    assert code == 0, err
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames[0] == "Summary"
    assert len(workbook.sheetnames) == 7  # the summary, then a sheet per domain
    heads = [cell.value for cell in next(workbook["Summary"].iter_rows(min_row=2, max_row=2))]
    assert "Variation" in heads
    assert "Assurance meaning" in heads


def test_problems_in_both_files_are_listed_together_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    metrics = tmp_path / "m.csv"
    metrics.write_text(
        "id,title,domain,improvement,target\nA,A,D,up,5\nB,B,D,neutral,5\nC,C,D,increase,5\n",
        encoding="utf-8",
    )
    values = tmp_path / "v.csv"
    values.write_text(
        "metric,period,value,target\nC,2025-01,x,\nZ,2025-01,1,\nC,2025-02,1,<=4\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.html"
    code, _, err = _cli("ipr", str(metrics), str(values), "--as-of", "2025-03-31",
                        "--output", str(out))  # fmt: skip
    assert code == 2
    assert not out.exists()
    assert "m.csv:2:4: column 'improvement' ('up')" in err
    assert "m.csv:3:5: column 'target' ('5')" in err
    assert "the metric is neutral" in err
    assert "v.csv:2:3: column 'value' ('x')" in err


def test_values_are_checked_against_their_metrics(tmp_path: Path) -> None:
    """With a clean metrics file, each value's metric and target are checked, and located."""
    metrics = tmp_path / "m.csv"
    metrics.write_text("id,title,domain,improvement\nC,C,D,increase\n", encoding="utf-8")
    values = tmp_path / "v.csv"
    values.write_text(
        "metric,period,value,target\nZ,2025-01,1,\nC,2025-02,1,<=4\n", encoding="utf-8"
    )
    code, _, err = _cli("ipr", str(metrics), str(values), "--as-of", "2025-03-31")
    assert code == 2
    assert "v.csv:2:1: column 'metric' ('Z'): no metric of that id in the metrics file" in err
    assert "v.csv:3:4: column 'target' ('<=4')" in err
    assert "lower is better, but improvement is 'increase'" in err


def test_values_of_an_unknown_metric_are_located(tmp_path: Path) -> None:
    values = tmp_path / "v.csv"
    values.write_text("metric,period,value\nZZ,2025-01,1\n", encoding="utf-8")
    code, _, err = _cli("ipr", str(METRICS), str(values), "--as-of", "2025-03-31")
    assert code == 2
    assert "v.csv:2:1: column 'metric' ('ZZ'): no metric of that id in the metrics file" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--as-of", "someday"), "as_of"),
        (("--status", "Purple"), "Purple"),
        (("--places", "-1"), "--places"),
    ],
)
def test_bad_options_are_usage_errors(args: tuple[str, ...], words: str) -> None:
    code, _, err = _cli("ipr", str(METRICS), str(VALUES), *args)
    assert code == 2
    assert words in err


def test_only_one_input_can_be_standard_input() -> None:
    code, _, err = _cli("ipr", "-", "-")
    assert code == 2
    assert "only one of the metrics and values files can be standard input" in err


def test_values_can_come_from_standard_input(ipr: IPR) -> None:
    code, out, _ = _cli(
        "ipr", str(METRICS), "-", "--as-of", "2025-03-31", "--rules", str(RULES),
        "--input-format", "csv", "--format", "csv", stdin=VALUES.read_bytes(),
    )  # fmt: skip
    assert code == 0
    assert len(out.splitlines()) == 1 + len(ipr.metrics) + len(ipr.domains)


def _as(fmt: str, rows: list[dict[str, str]], section: str) -> bytes:
    if fmt == "json":
        return json.dumps({section: rows}).encode()
    lines = [f"[[{section}]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in row.items() if v)
             for row in rows]  # fmt: skip
    return "\n".join(lines).encode()


def _rows(path: Path) -> list[dict[str, str]]:
    import csv  # noqa: PLC0415

    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("fmt", ["json", "toml", "xlsx"])
def test_every_file_format_reads_the_same_metrics_and_values(fmt: str, tmp_path: Path) -> None:
    rules = load_rules(RULES)
    expected_metrics = load_metrics(METRICS, rules=rules)
    expected_values = load_metric_values(VALUES)
    metric_rows, value_rows = _rows(METRICS), _rows(VALUES)
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        for name, rows in (("m", metric_rows), ("v", value_rows)):
            book = openpyxl.Workbook()
            sheet = book.active
            sheet.append(list(rows[0]))
            for row in rows:
                sheet.append([row[key] for key in rows[0]])
            book.save(tmp_path / f"{name}.xlsx")
        metrics_source: Any = tmp_path / "m.xlsx"
        values_source: Any = tmp_path / "v.xlsx"
    else:
        metrics_source = io.BytesIO(_as(fmt, metric_rows, "metrics"))
        values_source = io.BytesIO(_as(fmt, value_rows, "values"))
    assert load_metrics(metrics_source, rules=rules, fmt=fmt) == expected_metrics
    assert load_metric_values(values_source, fmt=fmt) == expected_values


def test_frames_read_the_same_metrics_and_values() -> None:
    frames = pytest.importorskip("kpirag.frames")
    pandas = pytest.importorskip("pandas")
    polars = pytest.importorskip("polars")
    rules = load_rules(RULES)
    metrics = load_metrics(METRICS, rules=rules)
    values = load_metric_values(VALUES, metrics=metrics)
    for library in (pandas, polars):
        if library is polars:  # every column as text: the very cells of the files
            metric_frame = polars.read_csv(METRICS, infer_schema=False)
            value_frame = polars.read_csv(VALUES, infer_schema=False)
            assert frames.metrics_from_frame(metric_frame, rules=rules) == metrics
            assert frames.values_from_frame(value_frame, metrics=metrics) == values
            continue
        # pandas reads numbers as floats ("73" becomes 73.0): the same report, figure for figure.
        metric_frame, value_frame = pandas.read_csv(METRICS), pandas.read_csv(VALUES)
        read_metrics = frames.metrics_from_frame(metric_frame, rules=rules)
        read_values = frames.values_from_frame(value_frame, metrics=read_metrics)
        assert [m.id for m in read_metrics] == [m.id for m in metrics]
        from_frames = build(read_metrics, read_values, as_of="2025-03-31")
        from_files = build(metrics, values, as_of="2025-03-31")
        for mine, theirs in zip(from_frames, from_files, strict=True):
            assert [p.value for p in mine.points] == [p.value for p in theirs.points]
            assert [p.status for p in mine.points] == [p.status for p in theirs.points]
            assert mine.chart == theirs.chart


def test_a_frames_problems_are_located_by_row() -> None:
    frames = pytest.importorskip("kpirag.frames")
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"id": ["A", "B"], "title": ["A", "B"], "domain": ["D", "D"],
                              "improvement": ["increase", "sideways"]})  # fmt: skip
    with pytest.raises(Exception, match=r"<metrics frame>: item 2: column 'improvement'"):
        frames.metrics_from_frame(frame)


def test_kpirag_report_adds_the_ipr_section(ipr: IPR, tmp_path: Path) -> None:
    """Given metrics and values, ``kpirag report`` holds the summary and a chart per metric."""
    from kpirag.io import file_kind  # noqa: PLC0415

    assert file_kind(METRICS) == "metrics"
    assert file_kind(VALUES) == "values"
    code, out, err = _cli("report", str(METRICS), str(VALUES), "--as-of", "2025-03-31",
                          "--rules", str(RULES), "--format", "csv")  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == ",".join(IPR_DESCRIBED_HEADERS)
    page = tmp_path / "report.html"
    code, _, err = _cli("report", str(METRICS), str(VALUES), "--as-of", "2025-03-31",
                        "--rules", str(RULES), "--format", "html", "--output", str(page))  # fmt: skip
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert text.count('<figure class="chart">') == len([r for r in ipr if r.chart is not None])
    assert '<h2 id="section-1-heading">Integrated performance report</h2>' in text
    code, _, err = _cli("report", str(METRICS))
    assert code == 2
    assert "give a file of an IPR's values too" in err


def test_point_records_read_back_as_a_values_file(ipr: IPR) -> None:
    """The point records name a values file's columns, so they read back as the same report."""
    from kpirag.io import VALUE_COLUMNS  # noqa: PLC0415
    from kpirag.report import ipr_point_records  # noqa: PLC0415

    rows = ipr_point_records(ipr)
    assert set(VALUE_COLUMNS) <= set(rows[0])

    def cell(value: object) -> str:
        if isinstance(value, bool):
            return "1" if value else ""
        return "" if value is None else str(value)

    table = (
        ",".join(VALUE_COLUMNS)
        + "\n"
        + "".join(",".join(cell(row[column]) for column in VALUE_COLUMNS) + "\n" for row in rows)
    )
    metrics = [report.metric for report in ipr]
    again = load_metric_values(io.BytesIO(table.encode()), metrics=metrics)
    rebuilt = build(metrics, again, as_of=ipr.as_of, settings=ipr.settings)
    keys = ("id", "period", "value", "target", "status", "variation", "assurance", "flags")
    # The same figures, judged alike (a figure's trailing zeros, "8.0", are not kept).
    assert [[r[k] for k in keys] for r in ipr_records(rebuilt)] == [
        [r[k] for k in keys] for r in ipr_records(ipr)
    ]
