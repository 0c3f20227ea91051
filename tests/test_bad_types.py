"""No public call lets a bare Python error escape: wrong types get kpirag's own error."""

from __future__ import annotations

import collections
import contextlib
import enum
import inspect
import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import kpirag as k
from kpirag import KpiragError, rules

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.integers(0, 3), max_size=3),
    st.decimals(allow_nan=True),
    st.just(object()),
    st.just(k.Status.GREEN),
    st.just(k.Target.parse("<43")),
)

COUNTS: collections.Counter[str] = collections.Counter()
"""Calls made with junk in this session, by layer (``KPIRAG_FUZZ_COUNTS=file`` appends them)."""
PHASES = (
    (Phase.explicit, Phase.reuse, Phase.generate)
    if os.environ.get("KPIRAG_FUZZ_NO_SHRINK")
    else tuple(Phase)
)
"""``KPIRAG_FUZZ_NO_SHRINK=1`` (the big fuzz) reports a failure as found, without shrinking it."""
RULES_EXAMPLES = int(os.environ.get("KPIRAG_FUZZ_RULES_EXAMPLES", "80"))
"""Junk calls per rules name; CI runs the default, the big fuzz more."""


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


G = k.Status.GREEN
untyped: Any = k  # the calls below are wrong on purpose; the type checker would refuse them
CALLS: dict[str, Callable[..., object]] = {
    "Target": k.Target,
    "Target.parse": k.Target.parse,
    "Target.between": k.Target.between,
    "Tolerance": k.Tolerance,
    "Tolerance.relative": k.Tolerance.relative,
    "Tolerance.parse": k.Tolerance.parse,
    "Status": k.Status,
    "Status.parse": k.Status.parse,
    "Scale": k.Scale,
    "Scale.define": k.Scale.define,
    "Step": k.Step,
    "Scheme": k.Scheme,
    "classify": k.classify,
    "classify_many": k.classify_many,
    "assess": k.assess,
    "to_decimal": k.to_decimal,
    "worst": k.worst,
    "summarise": k.summarise,
    "travel": k.travel,
    "Band": k.Band,
    "Bands": k.Bands,
    "Figure": k.Figure,
    "Cohort": k.Cohort,
    "Distribution": k.Distribution,
    "Profile": k.Profile,
    "Profile.percentages": k.Profile.percentages,
    "KPI": k.KPI,
    "Part": k.Part,
    "Rollup": k.Rollup,
    "Observation": k.Observation,
    "Framework": k.Framework,
    "Framework.evaluate": k.Framework([k.KPI("1", "a", "<43")]).evaluate,
    "Year": k.Year,
    "Quarter": k.Quarter,
    "Month": k.Month,
    "YearConvention": k.YearConvention,
    "parse_date": k.parse_date,
    "parse_period": k.parse_period,
    "Level": k.Level,
    "LevelScale": k.LevelScale,
    "RatingBand": k.RatingBand,
    "RiskMatrix": k.RiskMatrix,
    "RiskMatrix.score": k.RiskMatrix.city_of_london().score,
    "RiskMatrix.rating": k.RiskMatrix.city_of_london().rating,
    "Risk": k.Risk,
    "RiskRegister": k.RiskRegister,
    "BudgetLine": k.BudgetLine,
    "BudgetTable": k.BudgetTable,
    "Threshold": k.Threshold,
    "BudgetRule": k.BudgetRule,
    "Cell": k.Cell,
    "Table": k.Table,
    "Report": k.Report,
}


@pytest.mark.parametrize("name", sorted(CALLS))
@settings(max_examples=60, deadline=None, phases=PHASES)
@given(args=st.lists(junk, min_size=0, max_size=3))
def test_junk_arguments_raise_only_our_errors(name: str, args: list[object]) -> None:
    """Law: any public call with junk arguments succeeds or raises a KpiragError, never more."""
    call = CALLS[name]
    try:
        inspect.signature(call).bind(*args)
    except TypeError:
        return  # the wrong number of arguments is Python's to report, not ours
    COUNTS["top level"] += 1
    with contextlib.suppress(KpiragError):
        call(*args)


# -- the rules layer: every public callable and every method of every public class ----------

rules_junk = st.one_of(
    junk,
    st.sampled_from(
        [
            "10%",
            "5pt",
            "<43",
            "75%",
            "RAG",
            "g",
            "",
            "\x00",
            "5" + " " * 50 + "x",
            "1e999999999",
            10**120,
            -(10**1100),
            Decimal("1e999999999"),
            Decimal("-1e-999999999"),
            Fraction(1, 3),
            Fraction(1, 3 * 2**3000),
            Fraction(10**1200, 7),
            k.Tolerance.relative(10),
            k.Scheme.standard(k.Tolerance.relative(10)),
            k.Scale.rag(),
            k.Operator.AT_LEAST,
            k.ToleranceKind.RELATIVE,
            k.Direction.LOWER,
            k.EdgeSide.EXCLUSIVE,
            "exclusive",
            "improved",
            k.Trend.WORSE,
            "weeks",
            "£1.2m",
            "A maximum of 30 weeks.",
            {"preset": "rag"},
            {"tolerance": "10%"},
            {"name": "x", "levels": ["a", {"label": 1}]},
            ("scales", 0),
            (1, 2),
            {"a": 1},
            b"10%",
        ]
    ),
)

_RULES_INSTANCES: dict[str, object] = {
    "Target": k.Target.parse("<43"),
    "Tolerance": k.Tolerance.relative(10),
    "Status": k.Status.GREEN,
    "Scale": k.Scale.rag(),
    "Step": k.Step(k.Tolerance.relative(10), k.Status.AMBER),
    "Scheme": k.Scheme.standard(k.Tolerance.relative(10)),
    "Classifier": k.Classifier.prepare("<43", "10%"),
    "Region": k.Classifier.prepare("<43", "10%").regions[1],
    "EdgeTable": rules.Classifier.prepare("<43", "10%").table("float"),
    "Recipes": rules.Classifier.prepare("<43", "10%").recipes(),
    "Recipe": rules.Classifier.prepare("<43", "10%").recipes().between[1],
    "Direction": k.Direction.HIGHER,
    "Operator": k.Operator.AT_LEAST,
    "ToleranceKind": k.ToleranceKind.RELATIVE,
    "EdgeSide": k.EdgeSide.EXCLUSIVE,
    "TargetSide": k.TargetSide.BELOW,
    "Trend": k.Trend.IMPROVED,
    "Quantity": k.parse_quantity("30 weeks"),
}


def _by_value(cls: type[enum.Enum]) -> Callable[[object], object]:
    """An enum looked up by value (its functional API that makes new enums is Python's)."""
    return lambda value: cls(value)  # noqa: PLW0108 - one argument, not the functional API


def _public(attribute: str) -> bool:
    """Whether a class attribute is public API (mutmut adds ``xǁClassǁmethod__mutmut_N`` copies)."""
    return not attribute.startswith("_") and "__mutmut_" not in attribute


def _rules_calls() -> dict[str, Callable[..., object]]:
    """Every public function, class, named constructor and method of ``kpirag.rules``."""
    calls: dict[str, Callable[..., object]] = {}
    for name in rules.__all__:
        obj = getattr(rules, name)
        if inspect.isfunction(obj):
            calls[name] = obj
        if not inspect.isclass(obj):
            continue
        calls[name] = _by_value(obj) if issubclass(obj, enum.Enum) else obj
        instance = _RULES_INSTANCES.get(name)
        for attribute, member in vars(obj).items():
            if not _public(attribute) and attribute != "__call__":
                continue
            if isinstance(member, classmethod | staticmethod):
                calls[f"{name}.{attribute}"] = getattr(obj, attribute)
            elif inspect.isfunction(member) and instance is not None:
                calls[f"{name}().{attribute}"] = getattr(instance, attribute)
    return calls


RULES_CALLS = _rules_calls()


def test_rules_fuzz_covers_every_public_method() -> None:
    """The rules fuzz reaches every public class's methods (a new method cannot be missed)."""
    for name in rules.__all__:
        obj = getattr(rules, name)
        if inspect.isclass(obj):
            assert name in _RULES_INSTANCES or not any(
                inspect.isfunction(member) and _public(attribute)
                for attribute, member in vars(obj).items()
            ), name
    assert "Scheme.standard" in RULES_CALLS
    assert "Status.parse" in RULES_CALLS
    assert "Classifier().many" in RULES_CALLS


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: untyped.Status.parse("g", scale="RAG"), k.ValueTypeError),
        (lambda: untyped.Scheme.standard(10), k.ValueTypeError),
        (lambda: untyped.Classifier.prepare("<43", "10%").many(None), k.ValueTypeError),
        (lambda: untyped.format_decimal(None), k.ValueTypeError),
        (lambda: untyped.rules.round_fraction(0, -1.5), k.ValueTypeError),
        (lambda: untyped.rules.trim("x"), k.InvalidValueError),
        (lambda: rules.Classifier.prepare("<43", "10%").recipes().find(Decimal("NaN")),
         k.InvalidValueError),
        (lambda: rules.Classifier.prepare("<43", "10%").recipes().between[1].explain(
            Decimal("NaN"), "NaN"), k.InvalidValueError),
    ],
)  # fmt: skip
def test_rules_calls_the_fuzz_found(call: Callable[[], object], error: type[Exception]) -> None:
    """Each bare builtin error the rules fuzz found is now our error."""
    with pytest.raises(error):
        call()


def test_scheme_standard_reads_tolerance_text() -> None:
    """Scheme.standard('10%') is the standard scheme, as with a Tolerance."""
    assert k.Scheme.standard("10%") == k.Scheme.standard(k.Tolerance.relative(10))


@pytest.mark.parametrize("name", sorted(RULES_CALLS))
@settings(max_examples=RULES_EXAMPLES, deadline=None, phases=PHASES)
@given(data=st.data())
def test_rules_junk_arguments_raise_only_our_errors(name: str, data: st.DataObject) -> None:
    """Law: every rules callable and method, given junk, returns or raises a KpiragError."""
    call = RULES_CALLS[name]
    args, kwargs = data.draw(_rules_arguments(call))
    try:
        inspect.signature(call).bind(*args, **kwargs)
    except TypeError:
        return  # a required argument left out is Python's to report, not ours
    COUNTS["rules"] += 1
    with contextlib.suppress(KpiragError):
        call(*args, **kwargs)


def _rules_arguments(
    call: Callable[..., object],
) -> st.SearchStrategy[tuple[list[object], dict[str, object]]]:
    """Junk for ``call``'s own parameters: some positionally, some by name, some left out."""
    parameters = list(inspect.signature(call).parameters.values())
    kinds = inspect.Parameter
    positional = [
        p for p in parameters if p.kind in {kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD}
    ]
    spread = any(p.kind is kinds.VAR_POSITIONAL for p in parameters)

    def build(count: int) -> st.SearchStrategy[tuple[list[object], dict[str, object]]]:
        named = [p.name for p in positional[count:] if p.kind is not kinds.POSITIONAL_ONLY]
        named += [p.name for p in parameters if p.kind is kinds.KEYWORD_ONLY]
        keywords = (
            st.dictionaries(st.sampled_from(named), rules_junk, max_size=3)
            if named
            else st.just({})
        )
        return st.tuples(st.lists(rules_junk, min_size=count, max_size=count), keywords)

    most = len(positional) + (2 if spread else 0)
    return st.integers(0, most).flatmap(build).map(lambda pair: (pair[0], dict(pair[1])))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: untyped.KPI(5, "x"), "Invalid id 5: expected text, not int"),
        (lambda: untyped.KPI("1", None), "Invalid title None"),
        (lambda: untyped.Framework([1]), "Invalid kpis item 1: expected KPI, not int"),
        (lambda: untyped.Framework(5), "Invalid kpis 5: expected a sequence, not int"),
        (lambda: untyped.Observation(5), "Invalid kpi_id 5"),
        (lambda: untyped.Risk(5, "x", score=4), "Invalid risk code 5"),
        (lambda: untyped.Band(5), "Invalid label 5"),
        (lambda: untyped.Scale.define("x", [1, 2]), "Invalid label 1"),
        (lambda: untyped.Profile(5), "Invalid profile weights 5"),
        (lambda: untyped.RatingBand("a", 2, G), "Invalid low 'a'"),
        (lambda: untyped.YearConvention("a"), "Invalid start_month 'a'"),
        (lambda: untyped.Quarter(5, 1), "Invalid year 5"),
        (lambda: untyped.travel(1, 2, "up"), "Invalid better 'up'"),
        (lambda: untyped.summarise(5), "Invalid items 5"),
        (lambda: untyped.Table("t", [1], [["a"]]), "Invalid headers item 1"),
        (lambda: untyped.Distribution(None, (1,), "x"), "Invalid bands None"),
        (lambda: untyped.Target(k.Operator.AT_LEAST, 5, percent="yes"), "Invalid percent 'yes'"),
        (lambda: untyped.Cohort(Decimal("2.5"), 3), "whole number"),
    ],
)
def test_wrong_types_name_field_value_and_expectation(
    call: Callable[[], object], message: str
) -> None:
    """Wrong types raise our error naming the field, the value and what was expected."""
    with pytest.raises(KpiragError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


@pytest.mark.parametrize(
    ("call", "field", "value", "expected"),
    [
        (lambda: untyped.Framework(5), "kpis", 5, "a sequence"),
        (lambda: untyped.Framework([1]), "kpis item", 1, "KPI"),
        (lambda: untyped.KPI(5, "x"), "id", 5, "text"),
        (lambda: untyped.Scheme(k.Status.GREEN, 5, k.Status.RED), "steps", 5, "a sequence"),
    ],
)
def test_defect_type_errors_carry_no_data(
    call: Callable[[], object], field: str, value: object, expected: str
) -> None:
    """A wrong type refused by a field's validator carries field, value and expected, not text only."""
    with pytest.raises(k.ValueTypeError) as caught:
        call()
    assert (caught.value.field, caught.value.value, caught.value.expected) == (
        field,
        value,
        expected,
    )
