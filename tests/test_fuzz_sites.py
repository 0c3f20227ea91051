"""The places where junk arguments let a Python error out of a public call, each pinned.

The junk-argument fuzz (``tests/test_bad_types*.py``, ``tests/test_fuzz_*.py``)
found each of these; each test is named after its defect and checks that the
call now raises our error, with the field it is about.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kpirag
import kpirag.io
import kpirag.plot
import kpirag.report
import kpirag.spc
from kpirag import KpiragError

K: Any = kpirag
"""kpirag, for calls that are wrong on purpose (the type checker would refuse them)."""


def _achieved() -> Any:
    """The KPI rule of a rules file whose KPIs are judged on the achieved scale."""
    text = b'[kpis]\nscale = "achieved"\n'
    return kpirag.io.load_rules(io.BytesIO(text), name="rules.toml").kpis


def _register() -> kpirag.RiskRegister:
    matrix = kpirag.RiskMatrix.city_of_london()
    return kpirag.RiskRegister(matrix, [kpirag.Risk("R1", "Lone working", "Possible", "Major")])


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: K.io.KPIStream(io.BytesIO(b""), K.io.Problems("x"), scheme=K.Scheme.city_of_london(), rules=K.Scheme), "rules"),
        (lambda: K.io.KPIStream(io.BytesIO(b""), K.io.Problems("x"), scheme=4), "scheme"),
        (lambda: K.io.KPIStream(io.BytesIO(b""), None, scheme=K.Scheme.city_of_london()), "problems"),
        (lambda: K.io.KPIStream(io.BytesIO(b""), K.io.Problems("x"), scheme=K.Scheme.city_of_london(), encoding=True), "encoding"),
    ],
)  # fmt: skip
def test_defect_kpistream_junk_arguments_raise_attrs_errors(
    call: Callable[[], object], field: str
) -> None:
    """KPIStream given junk rules or a junk scheme raises our error, not attrs' or a TypeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        call()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kpis": True}, "kpis"),
        ({"scales": True}, "scales"),
        ({"by_id": [("1.5", 4)]}, "by_id"),
        ({"by_theme": {"Safe": "strict"}}, "by_theme"),
        ({"spc": "nhsr"}, "spc"),
    ],
)
def test_defect_rules_junk_pairs_raise_type_error(kwargs: dict[str, object], field: str) -> None:
    """Rules built with junk in place of pairs or rules raises our error, not a bare TypeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.io.Rules("rules.toml", **kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: K.io.budget_line_from_record(None), "record"),
        (lambda: K.io.budget_line_from_record({"name": 1}), "record"),
        (lambda: K.io.risk_from_record({"code": ["R1"]}), "record"),
        (lambda: K.io.kpi_from_records(None), "records"),
        (lambda: K.io.kpi_from_records([2]), "records item"),
        (lambda: K.io.kpi_from_records([{"id": 5}]), "records item"),
        (lambda: K.io.kpi_from_records([{"id": "1"}], rules=4), "rules"),
        (lambda: K.io.records_from_kpi(None, None), "kpi"),
        (lambda: K.io.records_from_kpi(K.KPI("1", "a", "<4"), 4), "observation"),
        (lambda: K.io.records_from_risk(None), "risk"),
        (lambda: K.io.records_from_budget_line(None), "line"),
    ],
)
def test_defect_records_junk_raises_attribute_error(call: Callable[[], object], field: str) -> None:
    """io's record readers and writers given junk raise our error, not AttributeError/TypeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        call()
    assert caught.value.field == field


def test_defect_kpi_from_no_records_raises_index_error() -> None:
    """kpi_from_records([]) raises our error saying a record is needed, not IndexError."""
    with pytest.raises(kpirag.InvalidValueError) as caught:
        kpirag.io.kpi_from_records([])
    assert caught.value.field == "records"


@pytest.mark.parametrize(
    ("positions", "targets", "field"),
    [
        ([1, 2, 3], None, "positions"),
        ({"R1": 4}, None, "positions"),
        (None, {"R1": "Likely"}, "targets"),
        (None, {5: (1, 1)}, "targets"),
    ],
)
def test_defect_place_risks_junk_positions_raise_type_error(
    positions: object, targets: object, field: str
) -> None:
    """risk_heatmap given junk positions or targets raises our error, not a bare TypeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.plot.risk_heatmap(_register(), positions=positions, targets=targets)
    assert caught.value.field == field


def test_risk_heatmap_takes_positions_as_lists() -> None:
    """A position given as a two-item list is read as the pair it holds."""
    matplotlib = pytest.importorskip("matplotlib")
    ax = K.plot.risk_heatmap(_register(), positions={"R1": ["Possible", "Major"]})
    matplotlib.pyplot.close(ax.figure)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"spc": object()}, "spc"), ({"spc": {"a": 1}}, "spc"), ({"spc_section": 4}, "spc_section")],
)
def test_defect_report_charts_junk_spc_raises_attribute_error(
    kwargs: dict[str, object], field: str
) -> None:
    """report_charts given junk for spc raises our error, not AttributeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.plot.report_charts(**kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("columns", "error", "field"),
    [
        (5, kpirag.ValueTypeError, "columns"),
        ([["ID"]], kpirag.ValueTypeError, "columns item"),
        (["Nope"], kpirag.InvalidFormatError, "columns item"),
    ],
)
def test_defect_kpi_row_junk_columns_raise_key_error(
    columns: object, error: type[KpiragError], field: str
) -> None:
    """kpi_row given junk columns raises our error, not TypeError or KeyError."""
    result = kpirag.evaluate_kpi(kpirag.KPI("1", "a", "<43"), kpirag.Observation("1", 46))
    with pytest.raises(error) as caught:
        K.report.kpi_row(result, columns)
    assert caught.value.field == field


@pytest.mark.parametrize("path", ["no such folder/q1.xlsx", "/dev/full"])
def test_defect_to_xlsx_bad_path_raises_bare_os_error(path: str, tmp_path: Path) -> None:
    """A workbook that cannot be written raises OutputError naming the path, leaving nothing."""
    if path == "/dev/full" and not Path(path).exists():
        pytest.skip("needs /dev/full")
    where = tmp_path / path if not path.startswith("/") else Path(path)
    report = kpirag.Report("Q1", [kpirag.Table("T", ["a"], [["1"]])])
    with pytest.raises(kpirag.errors.OutputError) as caught:
        report.to_xlsx(where)
    assert (caught.value.field, caught.value.value) == ("path", where)
    assert caught.value.filename == str(where.resolve())
    assert caught.value.strerror
    assert "q1.xlsx" in str(caught.value) or "/dev/full" in str(caught.value)
    assert list(tmp_path.rglob("*")) == []


@pytest.mark.parametrize("name", [10**5000, 5, None], ids=["huge", "5", "None"])
def test_defect_spc_preset_of_a_huge_number_raises_value_error(name: object) -> None:
    """SPCSettings.preset given a non-text name raises our error, not str()'s ValueError."""
    with pytest.raises(kpirag.errors.InvalidSPCSettingsError) as caught:
        K.spc.SPCSettings.preset(name)
    assert caught.value.field == "preset"


@pytest.mark.parametrize(
    "enum",
    [
        kpirag.Direction,
        kpirag.Operator,
        kpirag.ToleranceKind,
        kpirag.EdgeSide,
        kpirag.report.Format,
    ],
)
@pytest.mark.parametrize("junk", [10**5000, "sideways", None, 4], ids=["huge", "text", "None", "4"])
def test_defect_enum_lookup_of_junk_raises_value_error(enum: Any, junk: object) -> None:
    """An enum looked up by a value that names no member raises our error, not ValueError."""
    with pytest.raises(KpiragError) as caught:
        enum(junk)
    assert str(caught.value)
    assert caught.value.field is not None


@pytest.mark.parametrize(
    "enum",
    [
        kpirag.Direction,
        kpirag.Operator,
        kpirag.ToleranceKind,
        kpirag.EdgeSide,
        kpirag.report.Format,
    ],
)
def test_enum_lookup_by_value_still_finds_members(enum: Any) -> None:
    """Each member is found by itself and by its value, as before."""
    assert [enum(member) for member in enum] == list(enum)
    assert [enum(member.value) for member in enum] == list(enum)


@pytest.mark.parametrize(
    ("loader", "text"),
    [
        (kpirag.io.load_kpis, "id,title,target,value\n1,A\ud800,>=1,2\n"),
        (kpirag.io.load_kpis, "id,title,target,value\n1,A,>=1,2\udc00\n"),
        (kpirag.io.load_risks, "code,title,score\nR1,Lone\udbff working,4\n"),
        (kpirag.io.load_budget, "name,budget,projected\nPeople\ud800,1,2\n"),
    ],
)
def test_defect_csv_text_stream_lone_surrogate_accepted_into_title(
    loader: Callable[..., object], text: str
) -> None:
    """A lone surrogate in CSV read from a text stream is refused and located, as JSON refuses it."""
    with pytest.raises(kpirag.LoadError) as caught:
        loader(io.StringIO(text))
    (problem,) = caught.value.problems
    assert "lone surrogate" in str(problem)
    assert problem.location is not None
    assert problem.location.line == 2


@pytest.mark.parametrize("category", [[[]], {"a": 1}, 5])
def test_defect_budget_hierarchy_junk_category_raises_type_error(category: object) -> None:
    """BudgetTable.hierarchy given a category that is not text raises our error, not TypeError."""
    table = kpirag.BudgetTable([kpirag.BudgetLine("People", 1, 2)])
    with pytest.raises(kpirag.ValueTypeError) as caught:
        list(table.hierarchy(category))  # type: ignore[arg-type]
    assert caught.value.field == "category"


@pytest.mark.parametrize(
    ("args", "field"),
    [((None, None), "kpi_id"), (("1.5", None), "theme"), (("1.5", "", 4), "default")],
)
def test_defect_rules_kpi_rule_junk_raises_attribute_error(
    args: tuple[object, ...], field: str
) -> None:
    """Rules.kpi_rule given an id or theme that is not text raises our error, not AttributeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.io.Rules("none").kpi_rule(*args)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "loader",
    [kpirag.io.load_kpis, kpirag.io.load_risks, kpirag.io.load_budget, kpirag.io.load_series,
     kpirag.io.load_rules, kpirag.io.file_kind, kpirag.io.read_header],
    ids=lambda loader: loader.__name__,
)  # fmt: skip
@pytest.mark.parametrize("name", ["no such file.csv", "no such book.xlsx", "."])
def test_defect_loading_a_missing_file_raises_file_not_found_error(
    loader: Callable[..., object], name: str, tmp_path: Path
) -> None:
    """A path that cannot be read is an InputError naming it (still an OSError), not a bare one."""
    path = tmp_path / name
    with pytest.raises(kpirag.errors.InputError) as caught:
        loader(path)
    assert (caught.value.field, caught.value.value) == ("source", path)
    assert caught.value.filename == str(path)
    assert caught.value.strerror


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: K.io.dump_kpis(None), "data"),
        (lambda: K.io.dump_risks(None), "register"),
        (lambda: K.io.dump_budget(None), "table"),
        (lambda: K.io.file_kind("kpis.csv", fmt=4), "fmt"),
        (lambda: K.io.Problems(4), "source"),
        (lambda: K.io.Problems("x").add("m", row=[1]), "row"),
        (lambda: K.io.Problems("x").add("m", column=4), "column"),
        (lambda: K.io.Problems("x").add(4), "message"),
        (lambda: _achieved().scheme_for_tolerance(None), "tolerance"),
        (lambda: K.errors.AggregateError(None), "errors"),
        (lambda: K.errors.LoadError([1]), "problems item"),
        (lambda: K.errors.Location(5, line=1), "source"),
        (lambda: K.errors.TotalMismatch("T", "budget", "1", 2, 3), "published"),
    ],
)
def test_defect_io_and_error_objects_junk_raise_attribute_error(
    call: Callable[[], object], field: str
) -> None:
    """io's dump_* and Problems, KPIRule and the error data classes refuse junk with our error."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        call()
    assert caught.value.field == field


def test_defect_read_header_lone_carriage_return_raises_csv_error() -> None:
    """A header line holding a lone carriage return has no header: not a bare csv.Error."""
    assert kpirag.io.read_header(io.BytesIO(b"id,ti\rtle\n1,a\n")) in {(), ("id", "ti")}


@pytest.mark.parametrize(
    "error",
    [
        lambda: K.spc.to_fraction("x", field=10**5000),
        lambda: K.spc.to_fraction("x", position=10**5000),
        lambda: K.errors.InvalidSPCSettingsError(10**5000, 1, "a number"),
    ],
)
def test_defect_spc_error_of_a_huge_field_cannot_print(error: Callable[[], object]) -> None:
    """An SPC error whose field or position is a 5,000-digit number prints, not str()'s ValueError."""
    try:
        made = error()
    except KpiragError as exc:
        made = exc
    assert "too large to print" in str(made)


@pytest.mark.parametrize(
    "error", [kpirag.InvalidValueError, kpirag.InvalidBudgetError, kpirag.errors.OutputError]
)
def test_defect_error_of_a_huge_reason_has_no_repr(error: type[KpiragError]) -> None:
    """An error made with a 5,000-digit number as its reason has a repr, not repr()'s ValueError."""
    made = error(10**5000)  # type: ignore[arg-type]
    assert repr(made) == f"{error.__name__}(<int too large to print>)"
    assert str(made) == "<int too large to print>"


@pytest.mark.parametrize(
    ("kwargs", "field"), [({"problems": None}, "problems"), ({"rules": 4}, "rules")]
)
def test_defect_iter_kpis_junk_problems_raises_attribute_error(
    kwargs: dict[str, object], field: str
) -> None:
    """iter_kpis given junk for problems or rules raises our error, not AttributeError."""
    given: dict[str, object] = {"problems": kpirag.io.Problems("kpis.csv"), **kwargs}
    with pytest.raises(kpirag.ValueTypeError) as caught:
        list(K.io.iter_kpis(io.StringIO("id,title,target,value\n1,A,<4,5\n"), **given))
    assert caught.value.field == field


@pytest.mark.parametrize("field", ["recalculate", "ghost"])
def test_defect_series_chart_junk_periods_raise_type_error(field: str) -> None:
    """series_chart given recalculate or ghost that is not a collection raises our error."""
    kpi = kpirag.KPI("1.5", "Once only", ">=75%")
    series = kpirag.kpi.Series.of(kpi, {"Q1 2017/18": "69%", "Q2 2017/18": "71%"})
    with pytest.raises(kpirag.errors.InvalidSeriesError) as caught:
        K.report.series_chart(series, **{field: kpirag.Target.parse("<43")})
    assert caught.value.field == "periods"


@pytest.mark.parametrize(
    "kwargs",
    [{"reason": 10**5000, "field": "x"}, {"field": "x", "expected": 10**5000}],
    ids=["reason", "expected"],
)
def test_defect_error_with_a_huge_reason_and_field_cannot_print(kwargs: dict[str, Any]) -> None:
    """An error given a 5,000-digit reason or expectation with a field prints, not a ValueError."""
    assert "too large to print" in str(kpirag.InvalidBudgetError(**kwargs))


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: K.rules.TargetSide(None), "edge side of the target"),
        (lambda: K.rules.Classifier(K.Target.parse("<4"), K.Scheme.city_of_london(), None, None), "_axis"),
        (lambda: K.rules.read_scale("RAG", ("scale",), [], None), "problems"),
        (lambda: K.rules.read_scale("RAG", ("scale",), [], K._validate.RuleProblems()), "scales"),
        (lambda: K.rules.read_scale("RAG", None, {}, K._validate.RuleProblems()), "path"),
    ],
)  # fmt: skip
def test_defect_rules_classifier_targetside_read_scale_junk_attribute_error(
    call: Callable[[], object], field: str
) -> None:
    """TargetSide, Classifier and read_scale given junk raise our error, not ValueError/AttributeError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        call()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("target", "rule", "field"),
    [(10**5000, "10%", "target"), ("<43", 10**5000, "rule"), ("<43", [1], "rule")],
    ids=["huge-target", "huge-rule", "list-rule"],
)
def test_defect_classifier_prepare_huge_int_value_error(
    target: object, rule: object, field: str
) -> None:
    """Classifier.prepare given a 5,000-digit int raises our error, not repr()'s ValueError."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.rules.Classifier.prepare(target, rule)
    assert caught.value.field == field
    assert "too large to print" in str(caught.value) or field == "rule"


@pytest.mark.parametrize("args", [(10**5000,), (10**5000, None), ()], ids=["one", "two", "none"])
def test_defect_spc_warning_of_a_huge_int_cannot_print(args: tuple[object, ...]) -> None:
    """An SPCWarning made with a 5,000-digit int prints and has a repr, not str()'s ValueError."""
    made = kpirag.errors.SPCWarning(*args)
    assert repr(made).startswith("SPCWarning(")
    assert ("too large to print" in str(made)) if args else str(made) == ""


@pytest.mark.parametrize(
    ("arguments", "keywords", "field"),
    [(([1], "£"), {}, "text"), (("5", ["weeks"]), {}, "unit"), (("5", None), {"percent": "yes"}, "percent")],
    ids=["list-text", "list-unit", "text-percent"],
)  # fmt: skip
def test_defect_with_unit_junk_text_attribute_error(
    arguments: tuple[object, ...], keywords: dict[str, object], field: str
) -> None:
    """with_unit given a list as its text raised AttributeError (the 324,053-call fuzz run)."""
    with pytest.raises(kpirag.ValueTypeError) as caught:
        K.rules.with_unit(*arguments, **keywords)
    assert caught.value.field == field
