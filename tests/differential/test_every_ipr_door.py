"""One integrated performance report, every door: generated metrics and figures agree.

A generated case (metrics with a direction, a standing target or none, and
figures with trajectory steps, some on a target's very edge) is written once
and taken through each door: objects (``build``), CSV files through
``kpirag ipr --format json``, TOML and JSON files through the loaders, pandas
frames through ``metrics_from_frame`` and ``values_from_frame``, the frame
``ipr_frame`` gives, and ``kpirag report --format csv``. The object path is
the reference; it must agree with ``evaluate_kpi`` period by period.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpirag.cli import main
from kpirag.frames import ipr_frame, metrics_from_frame, values_from_frame
from kpirag.io import load_metric_values, load_metrics
from kpirag.ipr import IPR, Metric, MetricValue, build
from kpirag.kpi import KPI, Observation, evaluate_kpi
from kpirag.report import ipr_records

AS_OF = "2025-06-30"
MONTHS = [f"{2023 + (n // 12)}-{n % 12 + 1:02}" for n in range(30)]  # Jan 2023 on
METRIC_HEAD = ["id", "title", "domain", "improvement", "target"]
VALUE_HEAD = ["metric", "period", "value", "target", "provisional"]

Rows = tuple[list[dict[str, str]], list[dict[str, str]]]


@st.composite
def cases(draw: st.DrawFn) -> Rows:
    """Metrics and their figures as a metrics file's and a values file's rows (text)."""
    metrics, values = [], []
    for number in range(draw(st.integers(2, 6))):
        improvement = draw(st.sampled_from(["increase", "decrease"]))
        standing = draw(st.sampled_from(["", "40", "50", "60"]))
        metrics.append(
            {"id": f"M{number}", "title": f"Measure {number}", "domain": f"D{number % 2}",
             "improvement": improvement, "target": standing}
        )  # fmt: skip
        length = draw(st.integers(3, 30))
        steps = draw(st.lists(st.sampled_from(["", "45", "50", "55"]), min_size=1, max_size=3))
        for position, month in enumerate(MONTHS[:length]):
            target = steps[position * len(steps) // length]
            edge = [int(target or standing or 50)] * 3
            edge += [
                int(0.9 * int(target or standing or 50)),
                int(1.1 * int(target or standing or 50)),
            ]
            figure = draw(st.one_of(st.integers(30, 70), st.sampled_from(edge)))
            values.append(
                {"metric": f"M{number}", "period": month, "value": str(figure), "target": target,
                 "provisional": draw(st.sampled_from(["", "", "", "1"]))}
            )  # fmt: skip
    return metrics, values


def _csv(rows: list[dict[str, str]], head: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, head, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _toml(rows: list[dict[str, str]], section: str) -> bytes:
    blocks = [
        f"[[{section}]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in row.items() if v)
        for row in rows
    ]
    return "\n".join(blocks).encode()


def _objects(rows: Rows) -> IPR:
    metric_rows, value_rows = rows
    metrics = [
        Metric(r["id"], r["title"], r["domain"], improvement=r["improvement"], target=r["target"])
        for r in metric_rows
    ]
    values = [
        MetricValue(r["metric"], r["period"], r["value"], target=r["target"] or None,
                    provisional=r["provisional"] == "1")
        for r in value_rows
    ]  # fmt: skip
    return build(metrics, values, as_of=AS_OF)


KEYS = (
    "id", "period", "value", "target", "status", "explanation", "variation", "assurance",
    "travel", "flags", "narrative",
)  # fmt: skip


def _plain(records: list[dict[str, object]]) -> list[list[object]]:
    return [[None if r[k] is None else str(r[k]) for k in KEYS] for r in records]


SETTINGS = settings(
    max_examples=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(rows=cases())
def test_every_ipr_door_agrees_with_the_objects(rows: Rows, tmp_path: Path) -> None:
    """The same records from objects, the CLI, TOML and JSON files, frames and kpirag report."""
    metric_rows, value_rows = rows
    reference = _objects(rows)
    expected = _plain(ipr_records(reference, places=2))
    # The object path judges each period as evaluate_kpi does against that period's target.
    for report in reference:
        for point in report.points:
            kpi = KPI(report.metric.id, report.metric.title, point.target)
            figure = Observation(report.metric.id, str(point.value))
            assert point.status == evaluate_kpi(kpi, figure).status

    metrics_csv, values_csv = tmp_path / "m.csv", tmp_path / "v.csv"
    metrics_csv.write_bytes(_csv(metric_rows, METRIC_HEAD))
    values_csv.write_bytes(_csv(value_rows, VALUE_HEAD))
    out, err = io.StringIO(), io.StringIO()
    code = main(["ipr", str(metrics_csv), str(values_csv), "--as-of", AS_OF, "--format", "json"],
                stdout=out, stderr=err)  # fmt: skip
    assert code == 0, err.getvalue()
    assert _plain(json.loads(out.getvalue())["metrics"]) == expected

    for fmt, metric_data, value_data in (
        ("toml", _toml(metric_rows, "metrics"), _toml(value_rows, "values")),
        ("json", json.dumps({"metrics": metric_rows}).encode(),
         json.dumps({"values": value_rows}).encode()),
    ):  # fmt: skip
        metrics = load_metrics(io.BytesIO(metric_data), fmt=fmt)
        values = load_metric_values(io.BytesIO(value_data), metrics=metrics, fmt=fmt)
        assert _plain(ipr_records(build(metrics, values, as_of=AS_OF), places=2)) == expected

    metrics = metrics_from_frame(pd.DataFrame(metric_rows, columns=METRIC_HEAD, dtype=str))
    values = values_from_frame(
        pd.DataFrame(value_rows, columns=VALUE_HEAD, dtype=str), metrics=metrics
    )
    assert _plain(ipr_records(build(metrics, values, as_of=AS_OF), places=2)) == expected

    frame = ipr_frame(reference, "polars", places=2)
    assert frame["status"].to_list() == [row[KEYS.index("status")] for row in expected]
    assert frame["flags"].to_list() == [row[KEYS.index("flags")] for row in expected]

    out, err = io.StringIO(), io.StringIO()
    code = main(["report", str(metrics_csv), str(values_csv), "--as-of", AS_OF,
                 "--format", "csv"], stdout=out, stderr=err)  # fmt: skip
    assert code == 0, err.getvalue()
    statuses = {line["ID"]: line["Status"] for line in csv.DictReader(io.StringIO(out.getvalue()))
                if line["ID"]}  # fmt: skip
    assert statuses == {r.metric.id: str(r.status) for r in reference}


@pytest.mark.parametrize("improvement", ["increase", "decrease"])
def test_a_figure_on_the_targets_edge_gets_one_answer_from_every_door(
    improvement: str, tmp_path: Path
) -> None:
    """A figure exactly on its period's target, and on the tolerance's edge, through each door."""
    metric_rows = [{"id": "E", "title": "Edge", "domain": "D", "improvement": improvement,
                    "target": ""}]  # fmt: skip
    edge = "45" if improvement == "increase" else "55"
    value_rows = [
        {"metric": "E", "period": "2025-01", "value": "50", "target": "50", "provisional": ""},
        {"metric": "E", "period": "2025-02", "value": edge, "target": "50", "provisional": ""},
    ]
    test_every_ipr_door_agrees_with_the_objects.hypothesis.inner_test(  # type: ignore[attr-defined]
        (metric_rows, value_rows), tmp_path
    )
    statuses = [str(p.status) for p in _objects((metric_rows, value_rows)).metric("E").points]
    assert statuses == ["Green", "Amber"]
