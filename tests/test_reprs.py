"""Every public object's repr is short and says what it is (issue 20).

A repr is what a notebook or a debugger shows: the class, how many items,
the period; never a tree of Fractions. Each public class exported by
``kpirag`` and its layers is built here from realistic data (the Q1 2017/18
example files through kpirag's loaders, a 30-point XmR chart, ...).
"""

from __future__ import annotations

import enum
import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import kpirag
from kpirag import (
    KPI,
    Bands,
    BudgetRule,
    BudgetRules,
    Cell,
    Chart,
    Cohort,
    Distribution,
    Figure,
    Profile,
    Report,
    Rollup,
    RuleProblem,
    Scale,
    Scheme,
    Status,
    Target,
    Threshold,
    Tolerance,
    YearConvention,
    assess,
    load_budget,
    load_kpis,
    load_risks,
    load_rules,
    parse_period,
    parse_quantity,
    quarterly_report,
)
from kpirag.report import TextColumns

LIMIT = 120
"""The longest repr allowed: about one line of a notebook."""

DATA = Path(__file__).parent.parent / "examples" / "data"
LAYERS = (
    "kpirag",
    "kpirag.rules",
    "kpirag.kpi",
    "kpirag.risk",
    "kpirag.budget",
    "kpirag.spc",
    "kpirag.report",
    "kpirag.io",
    "kpirag.frames",
    "kpirag.plot",
    "kpirag.errors",
)
PERIOD = parse_period("Q1 2017/18")
THIRTY = [
    "41.5", "43.25", "40", "44.75", "42", "45.5", "39.75", "41", "43.5", "46",
    "44.25", "42.5", "40.75", "47", "45.25", "43", "48.5", "46.75", "44", "49",
    "47.25", "45.75", "50.5", "48", "46.25", "51", "49.5", "47.75", "52.25", "50",
]  # fmt: skip
"""30 monthly figures with a rising trend: the chart has special causes to show."""


def _public_classes() -> dict[str, type]:
    """Every class (not an exception) in a layer's ``__all__``, by its first exported name."""
    found: dict[type, str] = {}
    for layer in LAYERS:
        module = importlib.import_module(layer)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and not issubclass(value, BaseException):
                found.setdefault(value, f"{layer}.{name}")
    return {name: cls for cls, name in found.items()}


@cache
def _loaded() -> dict[str, Any]:
    """The Q1 2017/18 example files read through kpirag's loaders, and what is built from them."""
    data = load_kpis(DATA / "q1_2017_18_kpis.csv")
    evaluation = data.evaluate(period=PERIOD)
    register = load_risks(DATA / "q1_2017_18_risks.csv")
    budget = load_budget(DATA / "q1_2017_18_budget.csv")
    report = quarterly_report("DCCS Q1", evaluation, register=register, budget=budget)
    return {
        "data": data,
        "evaluation": evaluation,
        "register": register,
        "budget": budget,
        "report": report,
        "rules": load_rules(DATA / "council_rules.toml"),
    }


def _months() -> list[str]:
    """April 2021 to September 2023, as ISO months."""
    return [f"{2021 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(30)]


@cache
def _series() -> Any:
    """A KPI measured monthly for 30 months (2021-04 to 2023-09)."""
    from kpirag.kpi import Series  # noqa: PLC0415 - exported by the kpi layer only

    kpi = KPI("2.1", "Waiting time in days", "<=45")
    return Series.of(kpi, dict(zip(_months(), THIRTY, strict=True)))


def _chart() -> Any:
    from kpirag.spc import xmr  # noqa: PLC0415 - spc is its own layer

    return xmr(THIRTY, target=45, improvement="decrease", periods=_months())


def _q(name: str) -> Callable[[], Iterable[object]]:
    """Objects taken from the loaded example, by a path of attribute names."""

    def build() -> Iterable[object]:
        head, *rest = name.split(".")
        value: Any = _loaded()[head]
        for attribute in rest:
            value = getattr(value, attribute)
        return value if isinstance(value, tuple | list) else [value]

    return build


def _first(name: str) -> Callable[[], Iterable[object]]:
    return lambda: [next(iter(_q(name)()))]


def _results() -> Iterator[Any]:
    """Every KPI result and part result of the Q1 evaluation."""
    for result in _loaded()["evaluation"].results:
        yield result
        yield from result.parts


def _figures(cls: type) -> list[object]:
    """The Q1 figures of one kind (Figure, Cohort, Distribution), whole or in parts."""
    values = []
    for observation in _loaded()["data"].observations:
        values += [observation.value, *(value for _, value in observation.parts)]
    return [value for value in values if isinstance(value, cls)]


def _classifier() -> Any:
    from kpirag.rules import Classifier  # noqa: PLC0415 - the rules layer's own name

    return Classifier.prepare(">=75%", Tolerance.parse("10%"))


def _rows() -> list[object]:
    io = importlib.import_module("kpirag.io")
    rows = io.read_rows(DATA / "q1_2017_18_kpis.csv", io.Problems("kpis.csv"), kind="kpi")
    return list(rows)[:3]


def _edge_tables() -> list[object]:
    frames = importlib.import_module("kpirag.frames")
    return [frames.compile_rule(_classifier(), kind="float")]


BUILDERS: dict[str, Callable[[], Iterable[object]]] = {
    # rules
    "kpirag.Assessment": lambda: [r.assessment for r in _results() if r.assessment is not None],
    "kpirag.Classifier": lambda: [_classifier()],
    "kpirag.Edge": lambda: assess("69%", ">=75%", Tolerance.parse("10%")).edges,
    "kpirag.Region": lambda: _classifier().regions,
    "kpirag.Quantity": lambda: [parse_quantity("67.4 weeks"), parse_quantity("£1,230")],
    "kpirag.Scale": lambda: [Scale.rag(), Scale.delivery_confidence()],
    "kpirag.Scheme": lambda: [Scheme.standard("10%"), _loaded()["rules"].kpis.scheme],
    "kpirag.Status": lambda: [Status.GREEN, Status.NOT_RATED, Scale.four_level().worst],
    "kpirag.Step": lambda: _loaded()["rules"].kpis.scheme.steps,
    "kpirag.Target": lambda: [Target.parse(">=75%"), Target.parse("95%-105%")],
    "kpirag.Tolerance": lambda: [Tolerance.parse("10%"), Tolerance.parse("5pt")],
    # kpi
    "kpirag.AuditEntry": lambda: tuple(_loaded()["evaluation"].audit()),
    "kpirag.Band": lambda: Bands.durations().bands,
    "kpirag.Bands": lambda: [Bands.durations()],
    "kpirag.Cohort": lambda: _figures(Cohort),
    "kpirag.Distribution": lambda: _figures(Distribution),
    "kpirag.Evaluation": _q("evaluation"),
    "kpirag.Figure": lambda: _figures(Figure),
    "kpirag.Framework": _q("data.framework"),
    "kpirag.KPI": _q("data.framework.kpis"),
    "kpirag.KPIData": _q("data"),
    "kpirag.KPIResult": _q("evaluation.results"),
    "kpirag.Month": lambda: [parse_period("Apr 2017")],
    "kpirag.Observation": _q("data.observations"),
    "kpirag.Part": lambda: [p for kpi in _loaded()["data"].framework.kpis for p in kpi.parts],
    "kpirag.PartResult": lambda: [p for r in _loaded()["evaluation"].results for p in r.parts],
    "kpirag.Profile": lambda: [Profile.linear(4), Profile.percentages([0, 25, 25, 50])],
    "kpirag.Quarter": lambda: [PERIOD],
    "kpirag.Rollup": lambda: [Rollup(), Rollup.primary("Starts on site")],
    "kpirag.Summary": lambda: [_loaded()["evaluation"].summary()],
    "kpirag.Year": lambda: [parse_period("2017/18")],
    "kpirag.YearConvention": lambda: [YearConvention.uk_financial(), YearConvention.academic()],
    "kpirag.kpi.Series": lambda: [_series()],
    # risk
    "kpirag.AssessedRisk": lambda: tuple(_loaded()["register"].assess()),
    "kpirag.Level": lambda: _loaded()["register"].matrix.likelihood.levels,
    "kpirag.LevelScale": lambda: [_loaded()["register"].matrix.likelihood],
    "kpirag.RatingBand": lambda: _loaded()["register"].matrix.bands,
    "kpirag.Risk": _q("register.risks"),
    "kpirag.RiskMatrix": _q("register.matrix"),
    "kpirag.RiskRegister": _q("register"),
    # budget
    "kpirag.BudgetLine": _q("budget.lines"),
    "kpirag.BudgetRule": lambda: [BudgetRule.percentage(amber=2, red=5)],
    "kpirag.BudgetRules": lambda: [BudgetRules(BudgetRule.percentage(amber=2, red=5))],
    "kpirag.BudgetTable": _q("budget"),
    "kpirag.RatedLine": lambda: BudgetRules(BudgetRule.percentage(amber=2, red=5)).rate(
        _loaded()["budget"]
    ),
    "kpirag.Threshold": lambda: [Threshold(percent=5, amount=100)],
    # spc
    "kpirag.spc.ProcessLimits": lambda: [_chart().limits],
    "kpirag.spc.SPCPoint": lambda: _chart().points,
    "kpirag.spc.SPCSettings": lambda: [_chart().settings],
    "kpirag.spc.XmRChart": lambda: [_chart()],
    "kpirag.spc.SeriesPoint": lambda: [
        importlib.import_module("kpirag.spc").SeriesPoint("2024-04", "71.2", label="Apr 2024")
    ],
    "kpirag.kpi.Rating": lambda: [
        evaluate.rate(kpi, kpi.rule(Target.parse("<43"), Scheme.city_of_london()), Decimal(46))
        for evaluate in [importlib.import_module("kpirag.kpi")]
        for kpi in [KPI("1.6", "Waits", "<43")]
    ],
    "kpirag.kpi.KPILine": lambda: [
        importlib.import_module("kpirag.kpi").KPILine.of(result)
        for result in _loaded()["evaluation"].results
    ],
    "kpirag.rules.EdgeTable": lambda: [
        _classifier().table("float"),
        _classifier().table("int"),
    ],
    "kpirag.rules.Recipes": lambda: [_classifier().recipes()],
    "kpirag.rules.Recipe": lambda: [
        *_classifier().recipes().between,
        *_classifier().recipes().at,
    ],
    "kpirag.io.KPIStream": lambda: [
        importlib.import_module("kpirag.io").KPIStream(
            DATA / "q1_2017_18_kpis.csv",
            importlib.import_module("kpirag.io").Problems(str(DATA / "q1_2017_18_kpis.csv")),
            scheme=Scheme.standard("10%"),
        )
    ],
    "kpirag.SeriesData": lambda: [kpirag.load_series(DATA / "spc_example.csv")],
    "kpirag.io.TidyData": lambda: [
        importlib.import_module("kpirag.io").load_observations(
            DATA / "tidy_observations.csv", DATA / "tidy_definitions.csv"
        )
    ],
    # report
    "kpirag.Cell": lambda: [Cell("1,230", Decimal(1230), numeric=True)],
    "kpirag.Chart": lambda: [Chart("Statuses", '<svg xmlns="http://www.w3.org/2000/svg"/>')],
    "kpirag.QuarterlyReport": _q("report"),
    "kpirag.Report": lambda: [Report("DCCS Q1", _loaded()["report"].tables)],
    "kpirag.Table": _q("report.tables"),
    "kpirag.report.TextColumns": lambda: [
        TextColumns.of(next(iter(_q("report.tables")()))),  # type: ignore[arg-type]
        TextColumns([3] * 500, [False] * 500),
    ],
    "kpirag.report.Performance": lambda: [
        importlib.import_module("kpirag.report").performance(_series())
    ],
    # io
    "kpirag.Rules": _q("rules"),
    "kpirag.io.KPIRule": lambda: [_loaded()["rules"].kpis],
    "kpirag.io.Problems": lambda: [importlib.import_module("kpirag.io").Problems("kpis.csv")],
    "kpirag.io.Row": _rows,
    # errors
    "kpirag.FieldProblem": lambda: [kpirag.FieldProblem("target", "<=x%", "not a number")],
    "kpirag.Location": lambda: [kpirag.Location("kpis.csv", 2, 3)],
    "kpirag.Problem": lambda: [kpirag.Problem("kpis.csv", "bad target", line=2)],
    "kpirag.RuleProblem": lambda: [RuleProblem(("kpis", "steps", 0), "bad", "x")],
    "kpirag.TotalMismatch": lambda: [
        kpirag.TotalMismatch("Place", "projected", Decimal(24813), Decimal(24812), Decimal(0))
    ],
    # frames and plot
    "kpirag.frames.EdgeTable": _edge_tables,
    "kpirag.plot.StatusStyle": lambda: (
        importlib.import_module("kpirag.plot").status_styles(Scale.rag().levels).values()
    ),
}
"""A realistic instance (or several) of each public class, by its exported name."""

CLASSES = _public_classes()

UNNAMED = {
    "kpirag.Step": "reads as a rules file writes it, inside Scheme's repr; pinned by doctests"
}
"""Short reprs kept as they are although they do not name their class."""


def _instances(name: str, cls: type) -> list[object]:
    if issubclass(cls, enum.Enum):
        return list(cls)
    return list(BUILDERS[name]())


def test_every_public_class_has_an_instance_here() -> None:
    """A new public class gets a realistic instance in BUILDERS, so its repr is checked too."""
    missing = [
        name
        for name, cls in CLASSES.items()
        if not issubclass(cls, enum.Enum) and name not in BUILDERS
    ]
    assert missing == []


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_defect_reprs_are_short_and_name_their_class(name: str) -> None:
    """Each public object's repr is at most 120 characters and names its class."""
    cls = CLASSES[name]
    instances = _instances(name, cls)
    if not instances:
        pytest.skip(f"{name}: no public way to build one here")
    for instance in instances:
        assert isinstance(instance, cls)
        shown = repr(instance)
        assert len(shown) <= LIMIT, f"{len(shown)} characters: {shown[:300]}"
        assert cls.__name__ in shown or name in UNNAMED, shown


def test_defect_repr_of_the_q1_kpi_file_is_short() -> None:
    """KPIData for the Q1 file (7,526 characters before) says what it holds in a line."""
    assert repr(_loaded()["data"]) == "KPIData(22 KPIs, 22 observations)"


@pytest.mark.parametrize(
    ("kpis", "expected"),
    [
        (1, "KPIData(1 KPI, 1 observation)"),
        (2, "KPIData(2 KPIs, 2 observations)"),
    ],
)
def test_kpi_data_made_from_objects_counts_its_kpis(kpis: int, expected: str) -> None:
    """KPIData built from a framework and observations says how many KPIs, singular or plural."""
    from kpirag.io import KPIData  # noqa: PLC0415 - beside its one use

    framework = kpirag.Framework([KPI(str(n), "Waits", "<43") for n in range(kpis)])
    observations = tuple(kpirag.Observation(str(n), 46) for n in range(kpis))
    assert repr(KPIData(framework, observations)) == expected


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (None, "Chart('Statuses', 84 characters of SVG)"),
        ("Risks", "Chart('Statuses', 84 characters of SVG, above 'Risks')"),
        (
            "R" * 40,
            "Chart('Statuses', 84 characters of SVG, above 'RRRRRRRRRRRRRRRRRRRRRRRRRRRRR…')",
        ),
    ],
)
def test_a_chart_repr_names_its_section(section: str | None, expected: str) -> None:
    """A chart's repr gives its title, its size and the section it stands above (cut at 30)."""
    chart = Chart("Statuses", '<svg xmlns="http://www.w3.org/2000/svg"/>', section=section)
    assert repr(chart) == expected


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        ("achieved", "KPIRule('theme x', 1 step, scale 'Achieved')"),
        (None, "KPIRule('theme x', 1 step, the RAG scale with Blue)"),
    ],
)
def test_a_kpi_rule_repr_names_its_scale(scale: str | None, expected: str) -> None:
    """A KPI rule's repr gives where it comes from, its steps and its scale by name."""
    from kpirag.io import KPIRule  # noqa: PLC0415 - beside its one use

    chosen = None if scale is None else kpirag.Scale.preset(scale)
    assert repr(KPIRule(kpirag.Scheme.standard("5%"), chosen, source="theme x")) == expected
