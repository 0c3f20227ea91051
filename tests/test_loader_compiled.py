"""Plain KPI rows through the stream's prepared rules (kpirag.io._stream) give the engine's answers."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpirag
from kpirag.io._loaders import Problems, default_scheme
from kpirag.io._records import read_previous
from kpirag.io._stream import KPIStream, _quick_number
from kpirag.kpi import KPILine
from kpirag.kpi._evaluation import evaluate_kpi
from kpirag.rules import Classifier, Scale, Scheme, Target, to_decimal
from kpirag.strategies import edge_values, numbers, schemes, targets, tolerances

TARGETS = targets(min_value=-(10**4), max_value=10**4, places=3)
RULES = st.one_of(tolerances().map(Scheme.standard), schemes(), schemes(scale=Scale.four_level()))


def _decimal(value: object) -> Decimal:
    assert isinstance(value, Decimal)
    return value


def _near(target: Target, scheme: Scheme) -> st.SearchStrategy[Decimal]:
    """Values on and beside every edge, and anywhere else."""
    edges = edge_values(target, scheme, places=3, forms=("decimal",)).map(_decimal)
    return st.one_of(edges, numbers(min_value=-(10**5), max_value=10**5, places=4))


@settings(max_examples=300, deadline=None)
@given(st.data(), TARGETS, RULES)
def test_recipes_give_the_engines_explanation(
    data: st.DataObject, target: Target, scheme: Scheme
) -> None:
    """A prepared rule's recipe explains every value, on a boundary or not, as ``assess`` does."""
    value = data.draw(_near(target, scheme))
    answer = kpirag.assess(value, target, scheme)
    recipe = Classifier.prepare(target, scheme).recipes().find(value)
    assert recipe.status == answer.status
    if not Classifier.prepare(target, scheme).trend_aware:
        assert recipe.explain(value, target.format_number(value)) == answer.explanation


def _value_texts(target: Target, scheme: Scheme) -> st.SearchStrategy[str]:
    """A figure as a file might hold it: plain, grouped, signed, padded or a percentage."""
    unit = "%" if target.percent else ""

    def forms(value: Decimal) -> st.SearchStrategy[str]:
        plain = f"{value:f}"
        return st.sampled_from(
            [
                plain + unit,
                f"{value:,f}" + unit,
                f" {plain}{unit} ",
                plain,
                f"{value:.2f}" + unit,
                f"0{plain}",
                plain + "%",
            ]
        )

    return _near(target, scheme).flatmap(forms)


def _lines(text: str, scheme: Scheme) -> list[KPILine | str]:
    """Each row's line through the stream, ``"error"``, or ``["problems"]`` for a bad file."""
    problems = Problems("<test>")
    items = list(KPIStream(io.StringIO(text), problems, scheme=scheme))
    if problems:
        return ["problems"]
    lines: list[KPILine | str] = []
    for item in items:
        if isinstance(item, KPILine):
            lines.append(item)
            continue
        kpi, observation = item
        try:
            with warnings.catch_warnings():  # a drawn 0.5 against 75% warns of fractions
                warnings.simplefilter("ignore", kpirag.KpiragWarning)
                lines.append(KPILine.of(evaluate_kpi(kpi, observation, scheme=scheme)))
        except kpirag.KpiragError:
            lines.append("error")
    return lines


def _object_lines(text: str) -> list[KPILine | str]:
    """Each row loaded and evaluated on its own through the public object path."""
    header, *rows = text.splitlines(keepends=True)
    lines: list[KPILine | str] = []
    for row in rows:
        try:
            data = kpirag.load_kpis(io.StringIO(header + row), tolerance="10%")
        except kpirag.LoadError:
            return ["problems"]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", kpirag.KpiragWarning)
                lines.append(KPILine.of(data.evaluate().results[0]))
        except kpirag.KpiragError:
            lines.append("error")
    return lines


@settings(max_examples=200, deadline=None)
@given(
    st.data(),
    TARGETS,
    st.sampled_from(["", "10%", "5pt", "none", "12.5%"]),
    st.sampled_from(["", "higher", "lower"]),
)
def test_plain_rows_give_the_full_paths_lines(
    data: st.DataObject, target: Target, tolerance: str, better: str
) -> None:
    """Plain CSV rows sharing a rule give the object path's lines, or fail alike."""
    scheme = default_scheme("10%")
    row_scheme = scheme if not tolerance else default_scheme(tolerance)
    values = data.draw(st.lists(_value_texts(target, row_scheme), min_size=1, max_size=8))
    statuses = st.sampled_from(["", "Green", " amber ", "R", "N/A", "Purple"])
    recorded = data.draw(st.lists(statuses, min_size=len(values), max_size=len(values)))
    text = "id,title,target,value,recorded,tolerance,better,theme\n" + "".join(
        f'K{number},Rough sleepers,{target},"{value}",{status},{tolerance},{better},Safe\n'
        for number, (value, status) in enumerate(zip(values, recorded, strict=True))
    )
    assert _lines(text, scheme) == _object_lines(text)


def test_plain_rows_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain rows, on a boundary or not, never reach the full path."""

    def refuse(*_args: object) -> None:
        raise AssertionError

    monkeypatch.setattr(KPIStream, "_full", refuse)
    text = (
        "id,title,target,value,recorded\nK1,A,<43,46,Amber\nK2,B,>=75%,69.5%,\n"
        'K3,C,>=2000,"1,850",\nK4,D,<43,43,\nK5,E,<43,47.3,\n'
    )
    lines = list(KPIStream(io.StringIO(text), Problems("<test>"), scheme=default_scheme("10%")))
    assert [line.status.label for line in lines] == ["Amber"] * 5  # type: ignore[union-attr]
    assert lines == _object_lines(text)


OBSERVED = "id,title,target,value,recorded,override,reason,previous,display,label,unit\n"


@pytest.mark.parametrize(
    "row",
    [
        "K1,A,,46,,,,,,,",  # a figure with no target
        "K1,A,<43,46%,,,,,,,",  # a percentage against a plain target: an error
        "K1,A,<43,46,Purple,,,,,,",  # not a status
        "K1,A,<43,46,,Late data,,,,,",  # an override with no recorded status: an error
        "K1,A,<43,46,,,Annual,,,,",  # a reason with a figure: an error
        "K1,A,<43,46,,,,45%,,,",  # a previous figure in another unit: an error
        "K1,A,<43 weeks,46 days,,,,,,,",  # a figure in another unit: an error
        "K1,A,<43,46 weeks,,,,,,,",  # a unit word against a target with none: an error
    ],
)
def test_rows_the_fast_path_leaves_to_the_full_path(row: str) -> None:
    """Bad cells, and cells only the full path can judge, are left to the full evaluation."""
    problems = Problems("<test>")
    items = list(KPIStream(io.StringIO(OBSERVED + row), problems, scheme=default_scheme("10%")))
    assert not any(isinstance(item, KPILine) for item in items)


@pytest.mark.parametrize(
    "row",
    [
        "K1,A,<43,,,,,,,,",  # no figure
        "K1,A,,,,,,,,,",  # no target and no figure
        "K1,A,<43,,,,Annual,,,,",  # not due
        "K1,A,,,,,Working with provider to set target,,,,",
        "K1,A,<43,46,Green,Data validated late,,,,,",  # overridden
        "K1,A,<43,46,,,,41,,,",  # a previous figure
        "K1,A,>=75%,69.5%,,,,70%,,,",  # a previous percentage
        'K1,A,A maximum of 18 weeks.,"19 weeks",,,,20 weeks,,,',  # unit words
        "K1,A,>=85,103 jobs,,,,99,,,jobs",  # the unit column's word
        "K1,A,<43,46,,,,,46 (provisional),Under 43 by March,",  # display and label
        "K1,A,<43,,,,,41,,,",  # a previous figure and none now
    ],
)
def test_observed_rows_take_the_fast_path(row: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect (issue 22): rows with a previous figure, a reason or an override left the fast path."""

    def refuse(*_args: object) -> None:
        raise AssertionError

    text = OBSERVED + row + "\n"
    expected = _object_lines(text)
    monkeypatch.setattr(KPIStream, "_full", refuse)
    assert _lines(text, default_scheme("10%")) == expected


def _observed_rows() -> st.SearchStrategy[str]:
    """A row with any mix of the observation's columns, plausible or not."""
    targets = st.sampled_from(["<43", ">=75%", "A maximum of 18 weeks.", "", "0", ">=2,000"])
    values = st.sampled_from(["46", "43", "69.5%", "75%", "19 weeks", "18", "", "1,950", "x"])
    recorded = st.sampled_from(["", "Green", "A", "red", "N/A"])
    overrides = st.sampled_from(["", "", "Agreed late"])
    reasons = st.sampled_from(["", "", "", "Annual", "Data only", "Suppressed", "tbc"])
    previous = st.sampled_from(["", "", "41", "70%", "20 weeks", "£3", "2,010", "abc"])
    displays = st.sampled_from(["", "", "46 (provisional)"])
    labels = st.sampled_from(["", "", "By March"])
    units = st.sampled_from(["", "", "", "weeks", "percent"])
    return st.tuples(
        targets, values, recorded, overrides, reasons, previous, displays, labels, units
    ).map(lambda cells: "K1,A," + ",".join(f'"{cell}"' for cell in cells))


@settings(max_examples=300, deadline=None)
@given(st.lists(_observed_rows(), min_size=1, max_size=4))
def test_observed_rows_give_the_full_paths_lines(rows: list[str]) -> None:
    """Rows with previous figures, reasons, overrides, displays, labels and units: same lines."""
    text = OBSERVED + "".join(
        row.replace("K1,", f"K{number},", 1) + "\n" for number, row in enumerate(rows)
    )
    assert _lines(text, default_scheme("10%")) == _object_lines(text)


@pytest.mark.parametrize(
    ("target", "values"),
    [
        ("<40", ["41", "42.9", "41.1", "43.3"]),  # 2.5%, then ties: 7.25%, 2.75%, 8.25%
        (">=40", ["39", "37.1", "38.9", "36.7"]),
        ("95%-105%", ["90%", "86.6%", "110%", "113.6%"]),
    ],
)
def test_percentages_round_half_up_as_the_engine_does(
    target: str, values: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shortfall's percentage on a tie rounds half up in the fast path, as in ``assess``."""

    def refuse(*_args: object) -> None:
        raise AssertionError

    monkeypatch.setattr(KPIStream, "_full", refuse)
    scheme = default_scheme("10%")
    recipes = Classifier.prepare(target, scheme).recipes()
    text = "id,title,target,value\n" + "".join(
        f"K{number},A,{target},{value}\n" for number, value in enumerate(values)
    )
    lines = _lines(text, scheme)
    for value, line in zip(values, lines, strict=True):
        number = Decimal(value.rstrip("%"))
        answer = kpirag.assess(number, target, scheme)
        assert recipes.find(number).explain(number, value) == answer.explanation
        assert isinstance(line, KPILine)
        assert line.explanation == answer.explanation


def test_a_value_and_a_gap_that_read_alike_keep_their_own_places() -> None:
    """From a zero target the value and the gap can read alike (0.001); later rows differ (0.010)."""
    text = (
        "id,title,target,value,recorded,tolerance,better,theme\n"
        'K0,R,<0.000,"0.001",,5pt,,Safe\nK1,R,<0.000,"0.01",,5pt,,Safe\n'
    )
    scheme = default_scheme("10%")
    assert _lines(text, scheme) == _object_lines(text)
    assert "misses <0.000 by 0.010," in _lines(text, scheme)[1].explanation  # type: ignore[union-attr]


QUICK_TEXTS = st.builds(
    "{}{}{}".format,
    st.from_regex(r"[0-9]{1,4}(\.[0-9]{0,3})?", fullmatch=True) | st.sampled_from(["1E2", "0.0"]),
    st.sampled_from(["", "", "0"]),
    st.sampled_from(["", "%"]),
)


@settings(max_examples=1000, deadline=None)
@given(QUICK_TEXTS, st.booleans(), st.sampled_from([None, "weeks"]))
def test_a_figure_read_in_one_step_is_the_full_paths_number(
    text: str, percent: bool, unit: str | None
) -> None:
    """Law: what the fast path reads in one step, value or previous, the full path's readers read alike."""
    quick = _quick_number(text)
    if quick is None:
        return
    number, written = quick
    assert written == text.endswith("%")
    assert repr(to_decimal(text, field="value")) == repr(number)
    if percent or not written:
        assert repr(read_previous(text, unit, percent=percent)) == repr(number)


@pytest.mark.parametrize("period", ["Q1 2017/18", "Q2 2017/18", "Q4 2017/18", "2017/18"])
@pytest.mark.parametrize(
    "row",
    [
        'H1,Homes,">=2,000",1100,,linear,true',
        "H1,Homes,>=2000,540,Green,linear,false",
        "H1,Homes,<=40,12,,0;25;25;50,true",
        "H1,Homes,>=75%,70%,,linear,true",
        "H1,Homes,>=2000,,,linear,true",
    ],
)
def test_defect_profiled_rows_left_the_fast_path(
    row: str, period: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 22: a profiled KPI cost a dozen plain rows; judged in the stream's period, it is plain."""

    def refuse(*_args: object) -> None:
        raise AssertionError

    text = "id,title,target,value,recorded,profile,cumulative\n" + row + "\n"
    data = kpirag.load_kpis(io.StringIO(text), tolerance="10%")
    expected = [KPILine.of(data.evaluate(period=kpirag.parse_period(period)).results[0])]
    monkeypatch.setattr(KPIStream, "_full", refuse)
    problems = Problems("<test>")
    stream = KPIStream(
        io.StringIO(text),
        problems,
        scheme=default_scheme("10%"),
        period=kpirag.parse_period(period),
    )
    assert list(stream) == expected


@pytest.mark.parametrize("period", [None, "Apr 2017"])
def test_a_profiled_row_without_its_period_goes_the_full_way(period: str | None) -> None:
    """No period, or a month against a quarterly profile: the full path says what is wrong."""
    text = 'id,title,target,value,profile\nH1,Homes,">=2,000",1100,linear\n'
    problems = Problems("<test>")
    judged = None if period is None else kpirag.parse_period(period)
    items = list(
        KPIStream(io.StringIO(text), problems, scheme=default_scheme("10%"), period=judged)
    )
    assert len(items) == 1
    assert not isinstance(items[0], KPILine)
