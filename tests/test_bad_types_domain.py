"""Junk arguments to every public callable of kpirag.kpi, kpirag.risk and kpirag.budget.

Every public function, every public class's constructor and every public
method (classmethods, staticmethods and methods of a sample instance) is
called with arguments drawn for its own signature, mixing junk (wrong types,
superscript digits, 5,000-digit numbers, huge exponents, absurd ranges) with
plausible values so that the calls reach past the first check. Each call must
return or raise a ``KpiragError`` whose message can be printed, within two
seconds. The lists are built by walking the layers' ``__all__``, so a new
public class or method is fuzzed without editing this file.
"""

from __future__ import annotations

import collections
import datetime as dt
import enum
import functools
import importlib.util
import inspect
import io
import itertools
import json
import os
import reprlib
import signal
import sys
import warnings
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import kpirag.budget
import kpirag.errors
import kpirag.frames
import kpirag.io
import kpirag.ipr
import kpirag.kpi
import kpirag.plot
import kpirag.report
import kpirag.risk
import kpirag.rules
import kpirag.spc
from kpirag import KpiragError


@pytest.fixture(autouse=True, scope="module")
def _in_a_scratch_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Run in a folder of its own: junk that is a valid path (``t``, ``1e1000000``) may be written."""
    before = Path.cwd()
    os.chdir(tmp_path_factory.mktemp("junk"))
    yield
    os.chdir(before)


def _sibling(name: str) -> ModuleType:
    """Import a test module next to this one (pytest's importlib mode keeps tests apart)."""
    spec = importlib.util.spec_from_file_location(
        f"_{name}", Path(__file__).with_name(f"{name}.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LAYERS = (kpirag.kpi, kpirag.risk, kpirag.budget)
base_junk: st.SearchStrategy[object] = _sibling("test_bad_types").junk


def samples() -> dict[type, object]:
    """One valid instance of each public class, built afresh (never at import time)."""
    k = kpirag
    quarter = k.kpi.Quarter(k.kpi.Year(2017), 1)
    kpi = k.kpi.KPI("1.5", "Once only", "75%")
    composite = k.kpi.KPI(
        "5.6",
        "Surveys",
        parts=[k.kpi.Part("Adults", k.Target.parse("97%")), k.kpi.Part("Children")],
    )
    observation = k.kpi.Observation("1.5", "69%")
    framework = k.kpi.Framework([kpi, composite])
    evaluation = framework.evaluate(
        [observation, k.kpi.Observation("5.6", parts={"Adults": "98%"})], period=quarter
    )
    bands = k.kpi.Bands.durations()
    line = k.budget.BudgetLine("People", 6974, 7093, "Local risk")
    matrix = k.risk.RiskMatrix.city_of_london()
    risk = k.risk.Risk("R1", "Lone working", "Possible", "Major", target_score=4)
    register = k.risk.RiskRegister(matrix, [risk])
    made: list[object] = [
        quarter,
        quarter.year,
        k.kpi.Month(quarter.year, 1),
        k.kpi.YearConvention(),
        kpi,
        composite.parts[0],
        k.kpi.Rollup.worst(),
        observation,
        framework,
        evaluation,
        evaluation.results[0],
        k.kpi.KPILine.of(evaluation.results[0]),
        k.kpi.rate(kpi, None, None, not_rated=k.kpi.NotRated.SUPPRESSED),
        evaluation.results[1].parts[0] if evaluation.results[1].parts else None,
        k.kpi.AuditEntry("1.5", k.Status.RED, k.Status.AMBER, 1, "", None),
        bands,
        bands.bands[0],
        k.kpi.Figure("69%"),
        k.kpi.Cohort(8, 9),
        k.kpi.Distribution(bands, (4, 1, 7, 0, 0), "2 years +"),
        k.kpi.Profile.linear(4),
        k.kpi.summarise([k.Status.GREEN, k.Status.RED]),
        line,
        k.budget.BudgetTable([line]),
        k.budget.Threshold(percent=5, amount=100),
        k.budget.BudgetRule.percentage(amber=2, red=5),
        k.budget.BudgetRules(k.budget.BudgetRule.percentage(amber=2, red=5)),
        k.budget.BudgetRules(k.budget.BudgetRule.percentage(amber=2, red=5)).rate(
            k.budget.BudgetTable([line])
        )[0],
        matrix,
        matrix.likelihood,
        matrix.likelihood.levels[0],
        matrix.bands[0],
        risk,
        register,
        register.assess()[0],
        k.kpi.Series.of(kpi, {"Q1 2017/18": "69%", "Q2 2017/18": "71%"}),
    ]
    found: dict[type, object] = {}
    for item in made:
        if item is not None:
            found.setdefault(type(item), item)
    return found


def public_classes() -> Iterator[tuple[str, type]]:
    """Every public class of the domain layers, by name."""
    for layer in LAYERS:
        for name in layer.__all__:
            obj = getattr(layer, name)
            if inspect.isclass(obj):
                yield name, obj


def _ours(function: object) -> bool:
    return getattr(function, "__module__", "").startswith("kpirag")


def public_calls() -> dict[str, Callable[[dict[type, object]], Callable[..., object]]]:
    """Each public callable, as a function of the samples (so instances are built per test)."""
    calls: dict[str, Callable[[dict[type, object]], Callable[..., object]]] = {}
    for layer in LAYERS:
        for name in layer.__all__:
            obj = getattr(layer, name)
            if inspect.isfunction(obj):
                calls[name] = _fixed(obj)
    for name, cls in public_classes():
        calls[name] = _fixed(_by_value(cls) if issubclass(cls, enum.Enum) else cls)
        for attr, raw in inspect.getmembers_static(cls):
            if attr.startswith("_"):
                continue
            if isinstance(raw, classmethod | staticmethod):
                if _ours(raw.__func__):
                    calls[f"{name}.{attr}"] = _fixed(getattr(cls, attr))
            elif inspect.isfunction(raw) and _ours(raw):
                calls[f"{name}.{attr}"] = _bound(cls, attr)
    return calls


def _fixed(call: Callable[..., object]) -> Callable[[dict[type, object]], Callable[..., object]]:
    return lambda _found: call


def _bound(cls: type, attr: str) -> Callable[[dict[type, object]], Callable[..., object]]:
    """The method ``attr`` bound to the sample instance of ``cls``."""

    def method(found: dict[type, object]) -> Callable[..., object]:
        bound: Callable[..., object] = getattr(_sample(found, cls), attr)
        return bound

    return method


def _by_value(cls: type[enum.Enum]) -> Callable[[object], object]:
    """An enum looked up by value (its functional API that makes new enums is Python's)."""
    return lambda value: cls(value)  # noqa: PLW0108 - one argument, not the functional API


def _sample(found: dict[type, object], cls: type) -> object:
    if issubclass(cls, enum.Enum):
        return next(iter(cls))
    return found[cls]


CALLS = public_calls()
DOMAIN_EXAMPLES = int(os.environ.get("KPIRAG_FUZZ_DOMAIN_EXAMPLES", "40"))
"""Junk calls per kpi, risk and budget name in CI; the big fuzz sets more."""
DEPRECATED = {"Observation.from_legacy"}
"""Calls kept for old code that warn with a DeprecationWarning every time."""

domain_junk = st.sampled_from(
    [
        "²",
        "³3",
        "٣",  # an Arabic-Indic three: a digit to str.isdigit, not to int() in every place
        10**5000,
        -(10**5000),
        2**63,
        10**7,
        -1,
        0,
        4,
        "4",
        " 3 ",
        Decimal("1e1000000"),
        Decimal("-1e-1000000"),
        "1e1000000",
        "9" * 5000,
        "11111111111111111111111111111m",
        "30/09/17",
        "31/02/17",
        "Q1 2017/18",
        "2017/18",
        "Apr 2017",
        "Possible",
        "extreme",
        "Local risk",
        "People",
        "2 years +",
        Fraction(1, 3),
        Fraction(1, 3 * 2**3000),
        dt.date(2017, 9, 30),
        dt.datetime(2017, 9, 30, 12),  # noqa: DTZ001 - a naive datetime is plausible input
        ("a", 1),
        ("Rare", 1),
        (5, 100),
        {"a": 1},
        {"Adults": "98%"},
        [1, 2, 3, 4],
        [25, 25, 25, 25],
        (),
        b"4",
        float("inf"),
        1e308,
        "100%",
        "(1,230)",
        "worse",
        "better",
    ]
)


def arguments(
    call: Callable[..., object], found: dict[type, object]
) -> st.SearchStrategy[tuple[list[object], dict[str, object]]]:
    """Arguments for ``call``'s own signature: junk, plausible values and sample objects."""
    value = st.one_of(base_junk, domain_junk, st.sampled_from(list(found.values())))
    omit = object()
    positional: list[st.SearchStrategy[Any]] = []
    keywords: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in inspect.signature(call).parameters.values():
        optional = parameter.default is not inspect.Parameter.empty
        drawn = st.one_of(st.just(omit), value) if optional else value
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            positional.append(st.lists(value, max_size=2).map(lambda xs: ("*", xs)))
        elif parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            positional.append(drawn)
        elif parameter.kind is not inspect.Parameter.VAR_KEYWORD:
            keywords[parameter.name] = drawn

    def build(
        drawn: tuple[list[object], dict[str, object]],
    ) -> tuple[list[object], dict[str, object]]:
        args: list[object] = []
        for item in drawn[0]:
            if isinstance(item, tuple) and item[:1] == ("*",):
                args.extend(item[1])
            elif item is not omit:
                args.append(item)
        return args, {name: v for name, v in drawn[1].items() if v is not omit}

    return st.tuples(st.tuples(*positional).map(list), st.fixed_dictionaries(keywords)).map(build)


class _TooSlow(Exception):  # noqa: N818 - a signal, not an error of the library
    """A call took more than the allowed time."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _TooSlow


COUNTS: collections.Counter[str] = collections.Counter()
"""Calls made with junk in this session, by layer (``KPIRAG_FUZZ_COUNTS=file`` appends them)."""
PHASES = (
    (Phase.explicit, Phase.reuse, Phase.generate)
    if os.environ.get("KPIRAG_FUZZ_NO_SHRINK")
    else tuple(Phase)
)
"""``KPIRAG_FUZZ_NO_SHRINK=1`` (the big fuzz) reports a failure as found, without shrinking it."""


@pytest.fixture(autouse=True)
def _report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """With ``KPIRAG_FUZZ_COUNTS=file``, append the junk calls each test made, by layer."""
    before = COUNTS.copy()
    yield
    target = os.environ.get("KPIRAG_FUZZ_COUNTS")
    made = COUNTS - before
    if target and made:
        with Path(target).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"test": request.node.nodeid, "calls": dict(made)}) + "\n")


def _layer_of(name: str) -> str:
    """The layer a fuzzed name belongs to: its prefix, or the domain layer whose ``__all__`` has it."""
    head = name.split(".", maxsplit=1)[0]
    for layer in (*LAYERS, kpirag.rules, kpirag.spc, kpirag.report, kpirag.frames, kpirag.plot):
        short = layer.__name__.removeprefix("kpirag.")
        if head == short or head in layer.__all__:
            return short
    return head


def call_with_junk(
    name: str,
    layer: str,
    call: Callable[..., object],
    args: list[object],
    kwargs: dict[str, object],
    *,
    seconds: float,
) -> None:
    """Call ``call(*args, **kwargs)``, counted: it must return or raise a printable KpiragError.

    An iterator it returns is drained (readers such as ``iter_kpis`` fail only then), and
    the call must finish within ``seconds``.
    """
    COUNTS[layer] += 1
    _close_figures()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = call(*args, **kwargs)
            if isinstance(result, Iterator):
                for _ in itertools.islice(result, 1000):
                    pass
            if isinstance(result, BaseException) or type(result).__module__ == "kpirag.errors":
                assert str(result) is not None  # an error or its data, built from junk, prints
                assert repr(result)
    except KpiragError as exc:
        message = str(exc)  # the message is built from the data: it must print
        assert message
    except _TooSlow:
        shown = f"{name}(*{_shown(args)}, **{_shown(kwargs)})"
        pytest.fail(f"{shown} took over {seconds} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _close_figures() -> None:
    """Close the figures earlier junk calls drew (each plot call may open one)."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close("all")


def _shown(value: object) -> str:
    """``reprlib.repr(value)``, or a placeholder when even that fails (a 5,000-digit int)."""
    try:
        return reprlib.repr(value)
    except ValueError:
        return "<too large to show>"


def test_every_public_class_has_a_sample() -> None:
    """The fuzz reaches every method: each public class has a sample instance (or is an enum)."""
    found = samples()
    missing = [
        name
        for name, cls in public_classes()
        if not issubclass(cls, enum.Enum) and cls not in found
    ]
    assert missing == []
    assert len(CALLS) > 100


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(
    phases=PHASES,
    max_examples=DOMAIN_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_junk_raises_only_our_errors(name: str, data: st.DataObject) -> None:
    """Law: any public domain call returns or raises a printable KpiragError, within 2 s."""
    found = samples()
    call = CALLS[name](found)
    args, kwargs = data.draw(arguments(call, found))
    with warnings.catch_warnings():
        if name in DEPRECATED:  # they warn by design; the fuzz is about errors
            warnings.simplefilter("ignore", DeprecationWarning)
        call_with_junk(name, _layer_of(name), call, args, kwargs, seconds=2)


def _series() -> kpirag.kpi.Series:
    kpi = kpirag.kpi.KPI("1.5", "Once only", "75%")
    return kpirag.kpi.Series.of(kpi, {"Q1 2017/18": "69%", "Q2 2017/18": "71%"})


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: _series().rolling(2, statistic={"a": 1}), kpirag.errors.InvalidSeriesError),  # type: ignore[arg-type]
        (lambda: _series().rolling(2, statistic=["sum"]), kpirag.errors.InvalidSeriesError),  # type: ignore[arg-type]
        (lambda: kpirag.kpi.parse_date(";", field=10**5000), kpirag.errors.ValueTypeError),  # type: ignore[arg-type]
        (lambda: kpirag.kpi.read_period({"a": 1}), kpirag.errors.ValueTypeError),  # type: ignore[arg-type]
        (lambda: kpirag.kpi.read_period("Q1", convention=4), kpirag.errors.ValueTypeError),  # type: ignore[arg-type]
        (lambda: kpirag.kpi.Series.of("1.5", {"Q1 2017/18": 1}), kpirag.errors.ValueTypeError),  # type: ignore[arg-type]
        (lambda: _series().travel(1, better=4), kpirag.errors.ValueTypeError),  # type: ignore[arg-type]
        (
            lambda: kpirag.kpi.Series.from_records(
                kpirag.kpi.KPI("1.5", "Once only", "75%"),
                [{"trust": 10**5000, "period": "Q1 2017/18", "value": 1}],
                by=["trust"],
            ),
            kpirag.errors.InvalidSeriesError,
        ),
    ],
)
def test_escapes_found_by_the_fuzz_raise_our_errors(
    call: Callable[[], object], error: type[KpiragError]
) -> None:
    """Regression: each escape the fuzz found raises our printable error, with its data."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value)
    assert caught.value.field is not None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/17", "day is out of range for month"),
        ("2017-13-01", "month must be in 1..12"),
        ("2017-02-29", "day is out of range for month"),
    ],
)
def test_a_date_that_does_not_exist_says_which_part(text: str, why: str) -> None:
    """A day, month or year that names no date says which, from the numbers, not a message."""
    with pytest.raises(kpirag.errors.InvalidPeriodError) as caught:
        kpirag.kpi.parse_date(text)
    assert caught.value.reason == f"{why}; expected a real date such as '30/09/17'"


@pytest.mark.parametrize(
    "reader",
    [
        kpirag.Scale.from_dict,
        kpirag.Scheme.from_dict,
        kpirag.RiskMatrix.from_dict,
        kpirag.BudgetRule.from_dict,
        kpirag.BudgetRules.from_dict,
    ],
    ids=lambda reader: reader.__qualname__,
)
@pytest.mark.parametrize("path", [("a", kpirag.Status.GREEN), ((1,),), (True,), (1.5,)])
def test_defect_plain_data_path_of_other_keys_is_our_error(
    reader: Callable[..., object], path: tuple[object, ...]
) -> None:
    """A key path holding anything but text and whole numbers is our error, not a TypeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        reader({"x": 1}, path=path)
    assert caught.value.field == "path"


_UNTYPED: Any = kpirag
"""kpirag, for calls that are wrong on purpose (the type checker would refuse them)."""


def _result_fields() -> dict[str, Any]:
    """The fields of a real KPIResult, to replace one at a time with junk."""
    result = kpirag.kpi.evaluate_kpi(
        kpirag.kpi.KPI("1.5", "Once only", "75%"), kpirag.kpi.Observation("1.5", "69%")
    )
    return {f.name: getattr(result, f.name) for f in attrs.fields(type(result)) if f.init}


@pytest.mark.parametrize(
    "field",
    ["kpi", "observation", "computed", "recorded", "status", "target", "assessment", "parts",
     "not_rated", "explanation", "travel", "scheme"],
)  # fmt: skip
@pytest.mark.parametrize("junk", [object(), Decimal("sNaN"), b"x", 5])
def test_defect_result_objects_accept_junk_fields(field: str, junk: object) -> None:
    """A KPIResult of a junk field is refused with our error naming it, not broken at its repr."""
    fields = _result_fields()
    fields[field] = junk
    with pytest.raises(kpirag.errors.ValueTypeError) as caught:
        kpirag.kpi.KPIResult(**fields)
    assert caught.value.field in {field, f"{field} item"}


@pytest.mark.parametrize(
    "call",
    [
        lambda: _UNTYPED.kpi.PartResult(object(), kpirag.Status.GREEN, None, None, None, "", ""),
        lambda: _UNTYPED.kpi.PartResult(kpirag.kpi.Part("a"), "Green", None, None, None, "", ""),
        lambda: _UNTYPED.kpi.AuditEntry("1", kpirag.Status.RED, kpirag.Status.GREEN, "2", "", None),
        lambda: _UNTYPED.kpi.AuditEntry(5, kpirag.Status.RED, kpirag.Status.GREEN, 2, "", None),
        lambda: _UNTYPED.kpi.Evaluation(
            kpirag.kpi.Framework([kpirag.kpi.KPI("1", "a", "<4")]), [object()]
        ),
        lambda: _UNTYPED.kpi.Evaluation(object(), ()),
        lambda: _UNTYPED.rules.Recipes(object(), (), ()),
    ],
)
def test_defect_result_constructors_accept_junk(call: Callable[[], object]) -> None:
    """PartResult, AuditEntry, Evaluation and Recipes refuse junk fields with our error."""
    with pytest.raises(kpirag.KpiragError):
        call()


@pytest.mark.parametrize(
    "line",
    [
        _UNTYPED.kpi.KPILine(*[object()] * 13),
        _UNTYPED.kpi.KPILine(*[Decimal("sNaN")] * 13),
        _UNTYPED.kpi.Rating(Decimal("sNaN"), Decimal("sNaN"), None, 10**5000, None, None),
        _UNTYPED.kpi.Rating(object(), object(), object(), object(), None, None),
    ],
)
def test_defect_named_tuples_of_junk_break_their_repr(line: tuple[object, ...]) -> None:
    """A KPILine or Rating built by hand from other values still has a repr (a tuple's)."""
    shown = repr(line)
    assert shown.startswith(type(line).__name__ + "(")
    assert str(line) == shown


# -- the objects the public calls return: their methods get junk too ---------------------------

FUZZ_EXAMPLES = int(os.environ.get("KPIRAG_FUZZ_EXAMPLES", "100"))
"""Junk calls per returned object; CI runs the default, ``KPIRAG_FUZZ_EXAMPLES=5000`` runs more."""


def _returned() -> dict[str, Callable[[], object]]:
    """Objects the public rules and kpi calls return, each built afresh by a valid call."""
    k = kpirag
    rule = k.rules.Classifier.prepare("<43", "10%")
    kpi = k.kpi.KPI("1.6", "Waits", "<43")
    framework = k.kpi.Framework([kpi])
    return {
        "assess": lambda: k.rules.assess(46, "<43", "10%"),
        "assess fraction": lambda: k.rules.assess(Fraction(1, 3), "<43", "10%", previous=1),
        "Classifier.prepare": lambda: rule,
        "Classifier.regions": lambda: rule.regions[1],
        "Classifier.recipes": rule.recipes,
        "Recipes.find": lambda: rule.recipes().find(Decimal(46)),
        "Classifier.table": lambda: rule.table("float"),
        "Scheme.city_of_london": k.rules.Scheme.city_of_london,
        "Scale.rag": k.rules.Scale.rag,
        "parse_quantity": lambda: k.rules.parse_quantity("30 weeks"),
        "Framework.evaluate": lambda: framework.evaluate([k.kpi.Observation("1.6", 46)]),
        "Framework.evaluate (empty)": lambda: framework.evaluate([]),
        "evaluate_kpi": lambda: k.kpi.evaluate_kpi(kpi, k.kpi.Observation("1.6", 46)),
        "Evaluation.summary": lambda: framework.evaluate([]).summary(),
        "summarise (empty)": lambda: k.kpi.summarise([]),
        "KPILine.of": lambda: k.kpi.KPILine.of(
            k.kpi.evaluate_kpi(kpi, k.kpi.Observation("1.6", 46))
        ),
        "rate": lambda: k.kpi.rate(kpi, kpi.rule(kpi.target, k.rules.Scheme.city_of_london()),  # type: ignore[arg-type]
                                   Decimal(46)),
        "Series.of (empty)": lambda: k.kpi.Series.of(kpi, {}),
        "Profile.target_for": lambda: k.kpi.Profile.linear(4).target_for(
            k.rules.Target.parse("1,000"), 1
        ),
        "spc.xmr": lambda: _quiet(lambda: k.spc.xmr([1, 2, 3, 4, 5, 3, 2, 4], target=3)),
        "spc.xmr (one point)": lambda: _quiet(lambda: k.spc.xmr([1])),
        "XmRChart.last_point": lambda: _quiet(lambda: k.spc.xmr([1, 2, 3]).last_point),
        "spc.process_limits": lambda: k.spc.process_limits([Fraction(1), Fraction(2)]),
        "BudgetTable": lambda: k.budget.BudgetTable([k.budget.BudgetLine("People", 1, 2)]),
        "BudgetTable (empty)": lambda: k.budget.BudgetTable([]),
        "RiskRegister (empty)": lambda: k.risk.RiskRegister(k.risk.RiskMatrix.city_of_london(), []),
        "report.Table (empty)": lambda: k.report.Table("T", [], []),
        "report.Report (empty)": lambda: k.report.Report("R", []),
        "report.spc_table (empty)": lambda: k.report.spc_table({}),
        "report.summary_table (empty)": lambda: k.report.summary_table(framework.evaluate([]).summary()),
        "report.quarterly_report (empty)": lambda: k.report.quarterly_report("Q", framework.evaluate([])),
        "report.quarterly_report": lambda: k.report.quarterly_report(
            "Q", framework.evaluate([k.kpi.Observation("1.6", 46)])),
        "report.kpi_table (empty)": lambda: k.report.kpi_table(framework.evaluate([])),
        "report.spc_table": lambda: k.report.spc_table({"a": _quiet(lambda: k.spc.xmr([1, 2, 3]))}),
        "report.performance": lambda: k.report.performance(
            k.kpi.Series.of(kpi, {"Q1 2017/18": 46, "Q2 2017/18": 40})),
        "io.Rules (empty)": lambda: k.io.Rules("none"),
        "io.load_rules": lambda: k.io.load_rules(
            io.BytesIO(b'[kpis]\nscale = "achieved"\n[risks]\nmatrix = "nhs"\n'), name="r.toml"),
        "io.Problems (empty)": lambda: k.io.Problems("kpis.csv"),
        "io.load_kpis (empty)": lambda: k.io.load_kpis(io.StringIO("id,title,target,value\n")),
        "io.load_kpis": lambda: k.io.load_kpis(io.StringIO("id,title,target,value\n1.6,Waits,<43,46\n")),
        "io.load_observations (no rows)": lambda: k.io.load_observations(
            io.StringIO("kpi_id,period,value\n"), io.StringIO("id,title,target\n1.6,Waits,<43\n")),
        "io.load_series charts": lambda: _quiet(lambda: k.io.load_series(
            io.StringIO("series,period,value\nWaits,Apr 2024,3\nWaits,May 2024,4\n")).charts())["Waits"],
        "RiskRegister.assess": lambda: k.risk.RiskRegister(
            k.risk.RiskMatrix.city_of_london(), [k.risk.Risk("R1", "x", score=4)]).assess()[0],
        "Summary (empty)": lambda: k.kpi.summarise([]),
    }  # fmt: skip


def _quiet(make: Callable[[], Any]) -> Any:
    """``make()`` without its warnings (trial limits are expected here)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return make()


RETURNED = _returned()
_SKIPPED = {"index", "count", "to_xlsx"}
"""A named tuple's own tuple methods: Python's, not ours (``__contains__`` too, below); and
``to_xlsx``, which would write junk-named files where the tests run."""


def _methods(item: object) -> list[str]:
    """The public methods and properties of ``item`` that a user may call."""
    names = []
    for name in dir(type(item)):
        if name.startswith("_") and name not in {"__call__", "__contains__", "__repr__"}:
            continue
        if name in _SKIPPED or "__mutmut_" in name:
            continue
        if isinstance(item, tuple) and getattr(type(item), name) is getattr(tuple, name, None):
            continue  # a named tuple's own tuple methods are Python's, not ours
        names.append(name)
    return names


@pytest.mark.parametrize("producer", sorted(RETURNED))
@settings(
    phases=PHASES,
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_junk_to_returned_objects_raises_only_our_errors(
    producer: str, data: st.DataObject
) -> None:
    """Law: a method of an object a public call returned, given junk, returns or raises ours."""
    item = _quiet(RETURNED[producer])
    name = data.draw(st.sampled_from(_methods(item)))
    if isinstance(inspect.getattr_static(type(item), name, None), property):
        COUNTS["returned"] += 1  # reading a property is a call of its code
    try:
        member = _quiet(lambda: getattr(item, name))  # a property runs here
    except KpiragError:
        return
    if not callable(member) or inspect.isclass(member):
        return
    try:
        most = len(inspect.signature(member).parameters)
    except ValueError:
        most = 2  # a builtin without a signature: call it anyway
    args = data.draw(st.lists(st.one_of(base_junk, domain_junk), max_size=min(most, 3)))
    try:
        inspect.signature(member).bind(*args)
    except TypeError:
        return  # the wrong number of arguments is Python's to report, not ours
    except ValueError:
        pass  # a builtin without a signature: call it anyway
    call_with_junk(f"{producer}: {name}", "returned", member, args, {}, seconds=5)


@pytest.mark.parametrize("target", [None, ">=85", 85], ids=["none", "text", "number"])
def test_defect_check_unit_without_a_target_attribute_error(target: object) -> None:
    """``check_unit`` given something other than a ``Target`` raises our error, not ``AttributeError``."""
    with pytest.raises(KpiragError) as info:
        kpirag.kpi.check_unit(kpirag.Figure(69), target)  # type: ignore[arg-type]
    assert info.value.field == "target"


# -- the upper layers: spc, report, frames, plot and io's pure functions -----------------------

UPPER_LAYERS = (
    kpirag.spc,
    kpirag.ipr,
    kpirag.report,
    kpirag.frames,
    kpirag.plot,
    kpirag.io,
    kpirag.errors,
)
_UNFUZZED_IO: tuple[str, ...] = ()
"""io names left out (none: the fuzz runs in a scratch folder, so junk paths may be written)."""


def _upper_samples() -> dict[type, object]:
    """The domain samples plus one valid instance of each upper-layer class we can build."""
    k = kpirag
    found = samples()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chart = k.spc.xmr([1, 2, 3, 4, 5, 3, 2, 4], target=3)
        series: Any = found[k.kpi.Series]
        evaluation: Any = found[k.kpi.Evaluation]
        made: list[object] = [
            chart,
            chart.points[0],
            chart.limits,
            k.spc.SPCSettings(),
            k.spc.SeriesPoint("p1", Fraction(1)),
            k.report.Cell("x", status=k.Status.RED),
            k.report.Table("T", ["a"], [["1"]]),
            k.report.TextColumns.of(k.report.Table("T", ["a"], [["1"]])),
            k.report.Report("R", [k.report.Table("T", ["a"], [["1"]])]),
            k.report.performance(series),
            k.report.quarterly_report("Q", evaluation),
            k.frames.compile_rule(k.rules.Classifier.prepare("<43", "10%"), kind="float"),
            k.report.Chart("C", "<svg xmlns='http://www.w3.org/2000/svg'/>", section="T"),
            k.plot.StatusStyle("#ffffff", "#000000", "#000000", "o", ""),
            *_ipr_samples(),
            *_io_samples(),
        ]
    for item in made:
        if item is not None:
            found.setdefault(type(item), item)
    return found


def _ipr_samples() -> list[object]:
    """One instance of each kpirag.ipr class, from a small report."""
    k = kpirag
    metric = k.ipr.Metric(
        "F1", "Falls", "Safety", improvement="decrease", target=6, quality="Good", due=10,
        annotations={"2024-03": "New bundle"},
    )  # fmt: skip
    values = [k.ipr.MetricValue("F1", f"2024-{m:02}", 5 + m % 3) for m in range(1, 13)]
    scale = k.ipr.QualityScale(["Poor", "Good"], rated_from="Good")
    settings = k.ipr.IPRSettings(quality=scale)
    report = k.ipr.build([metric], values, as_of="2025-03-31", settings=settings)
    one = report.metric("F1")
    return [metric, values[0], scale, settings, report, one, one.points[0], *one.flags,
            metric.annotations[0]]  # fmt: skip


def _io_samples() -> list[object]:
    """One instance of each io class: the frozen ones read once, the mutable ones afresh."""
    k = kpirag
    kpis = "id,title,target,value\n1.5,Once only,>=75%,69%\n"
    scheme = k.rules.Scheme.city_of_london()
    return [
        *_loaded(),
        k.io.Problems("kpis.csv"),
        k.io.Row(2, None, {"id": "1.5"}, ("id",)),
        k.io.KPIStream(io.StringIO(kpis), k.io.Problems("kpis.csv"), scheme=scheme),
    ]


@functools.cache
def _loaded() -> tuple[object, ...]:
    """The frozen io objects, read from small in-memory files (once: reading is slow)."""
    k = kpirag
    kpis = "id,title,target,value\n1.5,Once only,>=75%,69%\n"
    series = "series,period,value\nWaits,Apr 2024,3\nWaits,May 2024,4\n"
    definitions = "id,title,target\n1.5,Once only,>=75%\n"
    observations = "kpi_id,period,value\n1.5,Q1 2024/25,69%\n"
    rules = k.io.load_rules(io.BytesIO(b'[kpis]\nscale = "achieved"\n'), name="rules.toml")
    return (
        k.io.load_kpis(io.StringIO(kpis)),
        k.io.load_series(io.StringIO(series)),
        k.io.load_observations(io.StringIO(observations), io.StringIO(definitions)),
        rules,
        rules.kpis,
    )


def _upper_calls() -> dict[str, Callable[[dict[type, object]], Callable[..., object]]]:
    """Each public callable of the upper layers (methods only of classes with a sample)."""
    found = _upper_samples()
    calls: dict[str, Callable[[dict[type, object]], Callable[..., object]]] = {}
    for layer in UPPER_LAYERS:
        prefix = layer.__name__.removeprefix("kpirag.")
        for name in layer.__all__:
            if layer is kpirag.io and name.startswith(_UNFUZZED_IO):
                continue
            obj = getattr(layer, name)
            if inspect.isfunction(obj):
                calls[f"{prefix}.{name}"] = _fixed(obj)
            elif inspect.isclass(obj):
                enumed = issubclass(obj, enum.Enum)
                made: Callable[..., object] = obj if _signed(obj) else _spread(obj)
                calls[f"{prefix}.{name}"] = _fixed(
                    _by_value(obj) if issubclass(obj, enum.Enum) else made
                )
                for attr, raw in inspect.getmembers_static(obj):
                    if attr.startswith("_") or "__mutmut_" in attr:
                        continue
                    if isinstance(raw, classmethod | staticmethod):
                        if _ours(raw.__func__):
                            calls[f"{prefix}.{name}.{attr}"] = _fixed(getattr(obj, attr))
                    elif inspect.isfunction(raw) and _ours(raw) and (enumed or obj in found):
                        calls[f"{prefix}.{name}.{attr}"] = _bound(obj, attr)
    return calls


def _signed(call: Callable[..., object]) -> bool:
    """Whether ``call`` has a signature to draw arguments for (a builtin base may not)."""
    try:
        inspect.signature(call)
    except ValueError:
        return False
    return True


def _spread(cls: type) -> Callable[..., object]:
    """``cls`` called with up to two positional arguments (a warning class takes any)."""
    return lambda first=None, second=None: cls(first, second)


UPPER_CALLS = _upper_calls()


def test_every_public_name_is_fuzzed() -> None:
    """Every public name of every layer, and of kpirag itself, is a fuzzed call or a constant."""
    fuzzed = {getattr(cls, "__name__", "") for _, cls in public_classes()}
    for layer in (*LAYERS, *UPPER_LAYERS):
        for name in layer.__all__:
            obj = getattr(layer, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                short = layer.__name__.removeprefix("kpirag.")
                assert name in CALLS or f"{short}.{name}" in UPPER_CALLS, name
                fuzzed.add(name)
    rules_calls = _sibling("test_bad_types").RULES_CALLS
    callables = [
        name
        for name in kpirag.__all__
        if inspect.isfunction(getattr(kpirag, name)) or inspect.isclass(getattr(kpirag, name))
    ]
    missing = [name for name in callables if name not in fuzzed and name not in rules_calls]
    assert missing == []


def test_every_upper_class_has_a_sample() -> None:
    """The fuzz reaches every upper-layer method: each class with methods has a sample."""
    found = _upper_samples()
    missing = []
    for layer in UPPER_LAYERS:
        for name in layer.__all__:
            obj = getattr(layer, name)
            if not inspect.isclass(obj) or issubclass(obj, enum.Enum | BaseException):
                continue
            methods = [
                attr
                for attr, raw in inspect.getmembers_static(obj)
                if not attr.startswith("_") and inspect.isfunction(raw) and _ours(raw)
            ]
            if methods and obj not in found:
                missing.append(name)
    assert missing == []


UPPER_EXAMPLES = int(os.environ.get("KPIRAG_FUZZ_UPPER_EXAMPLES", "12"))
"""Junk calls per upper-layer name in CI; ``KPIRAG_FUZZ_UPPER_EXAMPLES=500`` runs the big fuzz."""


@pytest.mark.parametrize("name", sorted(UPPER_CALLS))
@settings(
    phases=PHASES,
    max_examples=UPPER_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_upper_layer_junk_raises_only_our_errors(name: str, data: st.DataObject) -> None:
    """Law: any public spc, report, frames, plot or io call returns or raises a KpiragError."""
    found = _upper_samples()
    call = UPPER_CALLS[name](found)
    args, kwargs = data.draw(arguments(call, found))
    call_with_junk(name, name.split(".", maxsplit=1)[0], call, args, kwargs, seconds=5)


_SPC: Any = kpirag.spc  # junk on purpose: untyped
_JUNK_SPC_CALLS: dict[str, Callable[[], object]] = {
    "Assurance(None)": lambda: _SPC.Assurance(None),
    "Improvement('sideways')": lambda: _SPC.Improvement("sideways"),
    "Improvement(10**5000)": lambda: _SPC.Improvement(10**5000),
    "moving_ranges(None)": lambda: _SPC.moving_ranges(None),
    "moving_ranges(('a', 1))": lambda: _SPC.moving_ranges(("a", 1)),
    "process_limits(None)": lambda: _SPC.process_limits(None),
    "process_limits(settings=4)": lambda: _SPC.process_limits([1, 2], 4),
    "sides(None, None)": lambda: _SPC.sides(None, None),
    "sides([3, 3], [2, 1])": lambda: _SPC.sides([3, 3], [2, 1]),
    "outside_limits(None, None, None)": lambda: _SPC.outside_limits(None, None, None),
    "backfill(None, None)": lambda: _SPC.backfill(None, None),
    "backfill([3, 3], [2, 1])": lambda: _SPC.backfill([3, 3], [2, 1]),
    "shift(None)": lambda: _SPC.shift(None),
    "shift(length='x')": lambda: _SPC.shift([0, 1], "x"),
    "trend(None)": lambda: _SPC.trend(None),
    "trend(length='x')": lambda: _SPC.trend([0, 3, 0], "x"),
    "two_in_three(None)": lambda: _SPC.two_in_three(None),
    "two_in_three(sides='x')": lambda: _SPC.two_in_three([0, 3, 0], "x"),
    "classify(None)": lambda: _SPC.classify(None),
    "assurance(object())": lambda: _SPC.assurance(object(), None, None, None),
    "XmRChart(None, ...)": lambda: _SPC.XmRChart(None, None, None, None, None, None, None),
    "XmRChart(points='text')": lambda: _SPC.XmRChart("ab", (None,), None, None, None, None, None),
    "ProcessLimits.rounded(object())": lambda: _SPC.process_limits([1, 2]).rounded(object()),
    "ProcessLimits.rounded(10**7) runs for minutes": lambda: _SPC.process_limits([1, 2]).rounded(
        10**7
    ),
}  # fmt: skip


@pytest.mark.parametrize("call", list(_JUNK_SPC_CALLS.values()), ids=list(_JUNK_SPC_CALLS))
def test_defect_spc_junk_arguments_raise_builtin_errors(call: Callable[[], object]) -> None:
    """kpirag.spc's public calls given junk raise our error, not ValueError/TypeError/AttributeError."""
    with pytest.raises(KpiragError) as info:
        call()
    assert str(info.value)


_UPPER: Any = kpirag  # junk on purpose: untyped
_JUNK_UPPER_CALLS: dict[str, Callable[[], object]] = {
    "report.visible(None)": lambda: _UPPER.report.visible(None),
    "report.Table.render(10**5000)": lambda: _UPPER.report.Table("T", [], []).render(10**5000),
    "report.is_plain(None)": lambda: _UPPER.report.is_plain(None),
    "report.defuse_formula(None)": lambda: _UPPER.report.defuse_formula(None),
    "report.audit_row(None)": lambda: _UPPER.report.audit_row(None),
    "report.budget_status_table(None)": lambda: _UPPER.report.budget_status_table(None),
    "report.series_chart(None)": lambda: _UPPER.report.series_chart(None),
    "report.performance(None)": lambda: _UPPER.report.performance(None),
    "report.spc_records(None)": lambda: _UPPER.report.spc_records(None),
    "report.spc_point_records(None)": lambda: _UPPER.report.spc_point_records(None),
    "report.spc_table(None)": lambda: _UPPER.report.spc_table(None),
    "report.spc_points_table(None)": lambda: _UPPER.report.spc_points_table(None),
    "report.spc_table(places=object())": lambda: _UPPER.report.spc_table({}, places=object()),
    "report.performance_table(None)": lambda: _UPPER.report.performance_table(None),
    "report.performance_table([1])": lambda: _UPPER.report.performance_table([1]),
    "report.performance_records(None)": lambda: _UPPER.report.performance_records(None),
    "report.performance_point_records([1])": lambda: _UPPER.report.performance_point_records([1]),
    "plot.status_styles(None)": lambda: _UPPER.plot.status_styles(None),
    "plot.status_summary(by=[])": lambda: _UPPER.plot.status_summary([1], by=[]),
    "frames.compile_rule(None)": lambda: _UPPER.frames.compile_rule(None, kind="float"),
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("call", list(_JUNK_UPPER_CALLS.values()), ids=list(_JUNK_UPPER_CALLS))
def test_defect_report_plot_frames_junk_arguments_raise_builtin_errors(
    call: Callable[[], object],
) -> None:
    """report, plot and frames calls given junk raise our error, not TypeError/AttributeError."""
    with pytest.raises(KpiragError) as info:
        call()
    assert str(info.value)
