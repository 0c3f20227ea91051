"""Each public function of report, plot, frames and io names a bad argument as reviewed.

Every function below is called with valid arguments, then with each argument
in turn replaced by junk. The outcome of each call, one line each, is
compared with ``tests/golden/argument_errors.txt``: the error's type and the
data code reads from it (``field``, ``value``, ``expected``) and its message, or ``ok``. So an
error that names the wrong argument or expects the wrong thing shows as a
diff. The junk-argument fuzz (tests/test_bad_types*.py) checks that only
kpirag errors escape; this pins what they say. Rewrite the golden file
deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kpirag as k
from kpirag import io as kio
from kpirag import report as r
from kpirag.kpi import Series

frames = pytest.importorskip("kpirag.frames")
plot = pytest.importorskip("kpirag.plot")
spc = pytest.importorskip("kpirag.spc")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "argument_errors.txt"


class Junk:
    """An object no function accepts, with a repr that is the same in every run."""

    def __repr__(self) -> str:
        return "<junk>"


JUNK: tuple[object, ...] = (Junk(), "x", -1, "<html/>")


def _evaluation() -> k.Evaluation:
    framework = k.Framework([k.KPI("1", "a", "<43"), k.KPI("2", "b", ">=75%")])
    return framework.evaluate([k.Observation("1", 46, previous=50), k.Observation("2", "69%")])


def _register() -> k.RiskRegister:
    return k.RiskRegister(
        k.RiskMatrix.city_of_london(),
        [k.Risk("R1", "x", likelihood="Likely", impact="Major"), k.Risk("R2", "y", score=4)],
    )


def _ipr() -> Any:
    from kpirag.ipr import Metric, MetricValue, build  # noqa: PLC0415

    metric = Metric("F1", "Falls", "Safety", improvement="decrease", target=6)
    values = [MetricValue("F1", f"2024-{m:02}", 5 + m % 3) for m in range(1, 13)]
    return build([metric], values, as_of="2025-01-31")


def _metrics_csv() -> io.BytesIO:
    return io.BytesIO(b"id,title,domain,improvement,target\nF1,Falls,Safety,decrease,6\n")


def _values_csv() -> io.BytesIO:
    return io.BytesIO(b"metric,period,value\nF1,2024-01,5\nF1,2024-02,7\n")


def _budget() -> k.BudgetTable:
    return k.BudgetTable([k.BudgetLine("People", 100, 110), k.BudgetLine("Place", 50, 45)])


def _charts() -> dict[str, object]:
    values = [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 8, 6, 5, 6, 7]
    return {
        "s": spc.xmr(
            values,
            periods=[f"2024-{n:02}" for n in range(1, 13)] + ["2025-01", "2025-02", "2025-03"],
        )
    }


def _series() -> object:
    kpi = k.KPI("1", "a", "<43")
    return Series.of(kpi, [("Q1 2017/18", 46), ("Q2 2017/18", 41), ("Q3 2017/18", 40)])


def _kpis_csv() -> io.BytesIO:
    return io.BytesIO(b"id,title,target,value\n1,a,<43,46\n")


# name -> (function, a factory of valid positional and keyword arguments)
CALLS: dict[str, tuple[Callable[..., object], Callable[[], tuple[list[Any], dict[str, Any]]]]] = {
    "report.kpi_table": (r.kpi_table, lambda: ([_evaluation()], {"title": "t"})),
    "report.summary_table": (
        r.summary_table,
        lambda: ([_evaluation().summary()], {"places": 1, "title": "t", "descriptions": {}}),
    ),
    "report.exceptions_table": (r.exceptions_table, lambda: ([_evaluation()], {"title": "t"})),
    "report.audit_table": (r.audit_table, lambda: ([_evaluation()], {"title": "t"})),
    "report.risk_table": (r.risk_table, lambda: ([_register()], {"title": "t"})),
    "report.closed_risks_table": (r.closed_risks_table, lambda: ([_register()], {"title": "t"})),
    "report.budget_table": (r.budget_table, lambda: ([_budget()], {"places": 1, "title": "t"})),
    "report.budget_by_division_table": (
        r.budget_by_division_table,
        lambda: ([_budget()], {"title": "t"}),
    ),
    "report.quarterly_report": (
        r.quarterly_report,
        lambda: (
            ["t", _evaluation()],
            {
                "register": _register(),
                "budget": _budget(),
                "unlisted": 1,
                "as_of": k.parse_date("30/06/17"),
                "descriptions": {"Red": "off target"},
            },
        ),
    ),
    "report.budget_status_table": (
        r.budget_status_table,
        lambda: (
            [k.BudgetRules(service=k.BudgetRule.percentage(amber=2, red=5)).rate(_budget())],
            {"places": 1, "title": "t"},
        ),
    ),
    "report.spc_table": (r.spc_table, lambda: ([_charts()], {"places": 2, "title": "t"})),
    "report.spc_points_table": (
        r.spc_points_table,
        lambda: ([_charts()], {"places": 2, "title": "t"}),
    ),
    "report.spc_records": (r.spc_records, lambda: ([_charts()], {"places": 2})),
    "report.spc_point_records": (r.spc_point_records, lambda: ([_charts()], {"places": 2})),
    "report.performance": (r.performance, lambda: ([_series()], {})),
    "report.series_chart": (r.series_chart, lambda: ([_series()], {})),
    "report.Table": (r.Table, lambda: (["t", ["a", "b"], [["1", "2"]]], {"wrap": ["a"]})),
    "report.Table.render": (
        lambda fmt, width: r.Table("t", ["a"], [["1"]]).render(fmt, width=width),
        lambda: (["text", 60], {}),
    ),
    "report.Report": (r.Report, lambda: (["t", [r.Table("t", ["a"], [["1"]])]], {})),
    "report.Cell": (r.Cell, lambda: (["x"], {"value": 1, "numeric": True})),
    "report.sanitise_svg": (
        r.sanitise_svg,
        lambda: (
            ['<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
            {"prefix": "p", "label": "l", "embed": True},
        ),
    ),
    "report.sanitise_svg text": (
        r.sanitise_svg,
        lambda: (['<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'], {}),
    ),
    "report.visible": (r.visible, lambda: (["x"], {})),
    "report.defuse_formula": (r.defuse_formula, lambda: (["=1"], {})),
    "plot.status_summary": (
        plot.status_summary,
        lambda: (
            [_evaluation()],
            {"title": "t", "by": str, "palette": "scale", "legend": True, "ax": None},
        ),
    ),
    "plot.risk_heatmap": (
        plot.risk_heatmap,
        lambda: (
            [_register()],
            {
                "title": "t",
                "positions": {"R2": ("Unlikely", "Serious")},
                "targets": {"R1": ("Rare", "Minor")},
                "arrows": True,
                "palette": "scale",
            },
        ),
    ),
    "plot.risk_heatmap position": (
        lambda position: plot.risk_heatmap(_register(), positions={"R2": position}),
        lambda: ([("Unlikely", "Serious")], {}),
    ),
    "plot.budget_variance": (
        plot.budget_variance,
        lambda: (
            [_budget()],
            {
                "title": "t",
                "rule": k.BudgetRule.percentage(amber=2, red=5),
                "value": "percent",
                "group": "category",
                "totals": True,
                "palette": "scale",
            },
        ),
    ),
    "plot.spc_chart": (
        plot.spc_chart,
        lambda: ([_charts()["s"]], {"title": "t", "palette": "mdc", "two_sigma": True, "ax": None}),
    ),
    "plot.trend_chart": (
        plot.trend_chart,
        lambda: (
            [k.KPI("1", "a", "<43"), [("Q1 2017/18", 46), ("Q2 2017/18", 41)]],
            {"rule": "10%", "title": "t", "palette": "scale", "values": True, "ax": None},
        ),
    ),
    "plot.trend_chart point": (
        lambda point: plot.trend_chart(k.KPI("1", "a", "<43"), [point, ("Q2 2017/18", 41)]),
        lambda: ([("Q1 2017/18", 46)], {}),
    ),
    "plot.spc_colours": (plot.spc_colours, lambda: (["mdc"], {})),
    "plot.spc_colours mapping": (
        lambda key, colour: plot.spc_colours({key: colour}),
        lambda: (["common_cause", "#000000"], {}),
    ),
    "plot.status_styles mapping": (
        lambda label, colour: plot.status_styles([k.Status.RED], {label: colour}),
        lambda: (["Red", "#aa0000"], {}),
    ),
    "plot.risk_heatmap codes": (
        lambda code: plot.risk_heatmap(_register(), targets={code: ("Rare", "Minor")}),
        lambda: (["R1"], {}),
    ),
    "plot.series_html": (plot.series_html, lambda: ([_series()], {})),
    "plot.spc_html": (plot.spc_html, lambda: ([_charts()["s"]], {})),
    "plot.register_html": (plot.register_html, lambda: ([_register()], {})),
    "report.html_of": (
        r.html_of,
        lambda: ([_evaluation()], {"figure": '<svg xmlns="http://www.w3.org/2000/svg"/>'}),
    ),
    "plot.figure_svg": (
        plot.figure_svg,
        lambda: ([plot.status_summary(_evaluation())], {}),
    ),
    "plot.status_styles": (plot.status_styles, lambda: ([[k.Status.RED]], {"palette": "scale"})),
    "plot.report_charts": (plot.report_charts, lambda: ([], {"evaluation": _evaluation()})),
    "frames.to_records": (frames.to_records, lambda: ([_evaluation()], {})),
    "frames.to_frame": (frames.to_frame, lambda: ([_evaluation(), "pandas"], {})),
    "io.load_kpis": (kio.load_kpis, lambda: ([_kpis_csv()], {"tolerance": "5%", "fmt": "csv"})),
    "io.load_rules": (kio.load_rules, lambda: ([io.BytesIO(b"[kpis]\n")], {"name": "r.toml"})),
    "io.dump_kpis": (kio.dump_kpis, lambda: ([kio.load_kpis(_kpis_csv())], {"fmt": "json"})),
    "io.dump_budget": (kio.dump_budget, lambda: ([_budget()], {"fmt": "csv"})),
    "io.dump_risks": (kio.dump_risks, lambda: ([_register()], {"fmt": "csv"})),
    "io.default_scheme": (kio.default_scheme, lambda: (["5%"], {})),
    "io.dump_series": (
        kio.dump_series,
        lambda: ([kio.load_series(ROOT / "examples" / "data" / "spc_example.csv")], {"fmt": "csv"}),
    ),
    "io.read_header": (kio.read_header, lambda: ([_kpis_csv()], {"fmt": "csv"})),
    "io.file_kind": (kio.file_kind, lambda: ([_kpis_csv()], {"fmt": "csv"})),
    "io.risk_from_record": (
        kio.risk_from_record,
        lambda: ([{"code": "R", "title": "x", "score": "4"}], {}),
    ),
    "io.budget_line_from_record": (
        kio.budget_line_from_record,
        lambda: ([{"name": "P", "budget": "1", "projected": "2"}], {}),
    ),
    "report.ipr_table": (r.ipr_table, lambda: ([_ipr()], {"places": 1, "grouped": False})),
    "report.ipr_records": (r.ipr_records, lambda: ([_ipr()], {"places": 2})),
    "report.ipr_point_records": (r.ipr_point_records, lambda: ([_ipr()], {"places": 2})),
    "report.ipr_points_table": (r.ipr_points_table, lambda: ([_ipr()], {"domain": "Safety"})),
    "report.ipr_html": (r.ipr_html, lambda: ([_ipr()], {"charts": {}, "title": "IPR"})),
    "plot.ipr_chart": (plot.ipr_chart, lambda: ([_ipr().metric("F1")], {"title": "Falls"})),
    "plot.ipr_charts": (plot.ipr_charts, lambda: ([_ipr()], {"palette": "colorblind"})),
    "frames.ipr_frame": (frames.ipr_frame, lambda: ([_ipr(), "polars"], {"places": 2})),
    "frames.ipr_points_frame": (frames.ipr_points_frame, lambda: ([_ipr(), "pandas"], {})),
    "io.load_metrics": (
        kio.load_metrics,
        lambda: ([_metrics_csv()], {"fmt": "csv", "rules": kio.load_rules(io.BytesIO(b""))}),
    ),
    "io.load_metric_values": (
        kio.load_metric_values,
        lambda: ([_values_csv()], {"fmt": "csv", "metrics": kio.load_metrics(_metrics_csv())}),
    ),
    "io.ipr_settings": (kio.ipr_settings, lambda: ([None], {})),
    "io.kpi_from_records": (
        kio.kpi_from_records,
        lambda: ([[{"id": "1", "title": "a", "target": "<43", "value": "46"}]], {}),
    ),
}


JunkOutcomes = Callable[..., list[str]]


def _outcomes(junk_outcomes: JunkOutcomes, name: str) -> list[str]:
    import matplotlib.pyplot as plt  # noqa: PLC0415 - only with the plot extra

    return junk_outcomes(name, *CALLS[name], JUNK, after=lambda: plt.close("all"))


@pytest.fixture(scope="module")
def golden(
    golden_blocks: Callable[..., dict[str, list[str]]], junk_outcomes: JunkOutcomes
) -> dict[str, list[str]]:
    """The reviewed outcomes by function (rewritten first with KPIRAG_UPDATE_GOLDEN=1)."""
    return golden_blocks(GOLDEN, lambda name: _outcomes(junk_outcomes, name), CALLS)


@pytest.mark.parametrize("name", list(CALLS))
def test_each_bad_argument_is_named_as_reviewed(
    name: str, golden: dict[str, list[str]], junk_outcomes: JunkOutcomes
) -> None:
    """Valid arguments work; junk in each gives the reviewed error data (update deliberately)."""
    assert _outcomes(junk_outcomes, name) == golden[name]
    assert golden[name][0] == f"{name}: ok"


def test_every_public_function_with_checks_is_listed() -> None:
    """Each function above exists with the signature its valid call uses."""
    for name, (function, valid) in CALLS.items():
        args, kwargs = valid()
        if inspect.isfunction(function) and function.__name__ != "<lambda>":
            inspect.signature(function).bind(*args, **kwargs)
        assert name.split(".")[0] in {"report", "plot", "frames", "io"}
