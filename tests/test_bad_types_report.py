"""kpirag.report with junk arguments: every call returns or raises a KpiragError, never more.

The renderer (``_render.py``) is checked by a Hypothesis fuzz. The table
builders (``_tables.py``) are checked on fixed junk: each checks its
arguments first and raises our ``ValueTypeError`` or ``InvalidFormatError``.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpirag as k
from kpirag import KpiragError
from kpirag import report as r

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(["text", "github", "md", "html", "latex", "csv", "xlsx"]),
    st.lists(st.text(max_size=3), max_size=3),
    st.lists(st.lists(st.text(max_size=3), max_size=2), max_size=2),
    st.decimals(allow_nan=True),
    st.just(object()),
    st.just(k.Status.RED),
    st.just(r.Cell("x")),
    st.just(r.Format.HTML),
)

TABLE = r.Table("T", ["a", "b"], [["1", r.Cell("Red", status=k.Status.RED)]], wrap=["a"])
REPORT = r.Report("R", [TABLE])
RENDER_CALLS: dict[str, Callable[..., object]] = {
    "Cell": r.Cell,
    "Table": r.Table,
    "Report": r.Report,
    # Format(name, members) is the enum module's functional API, not ours: one argument only.
    "Format": lambda value: r.Format(value),  # noqa: PLW0108
    "Format.parse": r.Format.parse,
    "Table.render": TABLE.render,
    "Report.render": REPORT.render,
    "render_table": r._render.render_table,
}


@pytest.mark.parametrize("name", sorted(RENDER_CALLS))
@settings(max_examples=80, deadline=None)
@given(args=st.lists(junk, max_size=4), width=junk)
def test_renderer_junk_raises_only_our_errors(name: str, args: list[object], width: object) -> None:
    """Law: tables, reports and formats given junk succeed or raise a KpiragError."""
    call = RENDER_CALLS[name]
    signature = inspect.signature(call)
    kwargs = {"width": width} if "width" in signature.parameters else {}
    try:
        signature.bind(*args, **kwargs)
    except TypeError:
        return  # the wrong number of arguments is Python's to report, not ours
    with contextlib.suppress(KpiragError):
        result = call(*args, **kwargs)
        if isinstance(result, r.Table | r.Report):
            for fmt in r.Format:
                result.render(fmt)
            str(result)
            result._repr_html_()
        if isinstance(result, r.Table):
            result.to_records()


EVALUATION = k.Framework([k.KPI("1", "a", "<43")]).evaluate([k.Observation("1", 46)])
REGISTER = k.RiskRegister(k.RiskMatrix.city_of_london(), [k.Risk("R1", "x", score=4)])
BUDGET = k.BudgetTable([k.BudgetLine("People", 100, 110)])
JUNK: list[object] = ["x", 5, None, [1], object(), Decimal("NaN"), True]
untyped: Any = r  # the calls below are wrong on purpose; the type checker would refuse them

BUILDER_CALLS: dict[str, list[Callable[[], object]]] = {
    "kpi_table": [partial(untyped.kpi_table, j) for j in JUNK],
    "summary_table": [
        *(partial(untyped.summary_table, j) for j in JUNK),
        partial(untyped.summary_table, EVALUATION.summary(), places="x"),
        partial(untyped.summary_table, EVALUATION.summary(), places=-1),
        partial(untyped.summary_table, EVALUATION.summary(), descriptions=5),
    ],
    "exceptions_table": [partial(untyped.exceptions_table, j) for j in JUNK],
    "audit_table": [partial(untyped.audit_table, j) for j in JUNK],
    "risk_table": [partial(untyped.risk_table, j) for j in JUNK],
    "closed_risks_table": [partial(untyped.closed_risks_table, j) for j in JUNK],
    "budget_table": [
        *(partial(untyped.budget_table, j) for j in JUNK),
        partial(untyped.budget_table, BUDGET, places="x"),
    ],
    "budget_by_division_table": [partial(untyped.budget_by_division_table, j) for j in JUNK],
    "quarterly_report": [
        *(partial(untyped.quarterly_report, "t", j) for j in JUNK),
        partial(untyped.quarterly_report, "t", EVALUATION, register="x"),
        partial(untyped.quarterly_report, "t", EVALUATION, budget="x"),
    ],
}


@pytest.mark.parametrize("name", sorted(BUILDER_CALLS))
def test_table_builders_junk_raises_only_our_errors(name: str) -> None:
    """Each table builder given junk raises a KpiragError, never AttributeError or TypeError."""
    for call in BUILDER_CALLS[name]:
        with contextlib.suppress(KpiragError):
            call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: r.kpi_table(EVALUATION),
        lambda: r.summary_table(EVALUATION.summary()),
        lambda: r.risk_table(REGISTER),
        lambda: r.budget_table(BUDGET, places=2),
        lambda: r.quarterly_report("t", EVALUATION, register=REGISTER, budget=BUDGET),
    ],
)
def test_table_builders_accept_good_arguments(call: Callable[[], object]) -> None:
    """The fixtures above are valid, so each failure above is about the junk, not the fixture."""
    assert call() is not None
