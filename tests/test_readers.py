"""One reader per concept: numbers, periods, figures with unit words, KPI definitions.

Every door (Python objects, files, frames, SPC, the command line) reads a
number, a period, a unit word or a definition column with the same reader, so
the same text is accepted or refused the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import warnings
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from kpirag import rules, spc
from kpirag.cli._main import main
from kpirag.errors import (
    InvalidPeriodError,
    InvalidSeriesError,
    KpiragError,
    LoadError,
    UnitMismatchError,
)
from kpirag.io import load_kpis, load_observations
from kpirag.kpi import (
    KPI,
    Figure,
    Month,
    Observation,
    Period,
    Quarter,
    Series,
    Unit,
    Year,
    YearConvention,
    evaluate_kpi,
    parse_period,
    read_period,
)
from kpirag.rules import Status, Target


def test_defect_spc_to_fraction_thousands_separator() -> None:
    """``"2,000"`` is a number for ``spc.to_fraction`` as it is for ``to_decimal``."""
    assert rules.to_decimal("2,000") == Decimal(2000)
    assert spc.to_fraction("2,000") == Fraction(2000)


_NUMBER_TEXTS = [
    ("46", Fraction(46)),
    (" 4.6 ", Fraction(23, 5)),
    ("2,000", Fraction(2000)),
    ("79,333.5", Fraction(158667, 2)),
    ("(1,230)", Fraction(-1230)),
    ("\u221212", Fraction(-12)),
    ("69%", Fraction(69)),
    ("£1.2m", Fraction(1_200_000)),
    ("1" + "0" * 150, Fraction(10**150)),
    ("0." + "0" * 999 + "1", Fraction(1, 10**1000)),
    ("abc", None),
    ("1/3", None),
    ("1e3", None),
    ("NaN", None),
    ("Infinity", None),
    ("2,00", None),
    ("1." + "1" * 100, None),
    ("0." + "0" * 1000 + "1", None),
    ("1" * 2501, None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), _NUMBER_TEXTS)
def test_rules_and_spc_read_the_same_number_text(text: str, expected: Fraction | None) -> None:
    """``to_decimal`` and ``spc.to_fraction`` accept and refuse the same text, alike."""
    if expected is None:
        with pytest.raises(KpiragError) as by_rules:
            rules.to_decimal(text)
        with pytest.raises(InvalidSeriesError) as by_spc:
            spc.to_fraction(text, position=4)
        assert by_spc.value.position == 4
        assert by_spc.value.value == text
        assert str(by_spc.value).split(": ", 1)[1] == str(by_rules.value).split(": ", 1)[1]
    else:
        assert Fraction(rules.to_decimal(text)) == expected
        assert spc.to_fraction(text) == expected
        assert rules.to_fraction(text) == expected


@pytest.mark.parametrize(
    "value",
    [Decimal("1E+1001"), Decimal("1E-1001"), 10**1200, Fraction(1, 10**1200), True, None, [1]],
    ids=["1E+1001", "1E-1001", "10**1200", "1/10**1200", "True", "None", "list"],
)
def test_rules_and_spc_share_the_number_limits(value: object) -> None:
    """Both readers refuse a number beyond the limits of ``kpirag.rules``, for the same reason."""
    with pytest.raises(KpiragError) as by_rules:
        rules.to_fraction(value)
    with pytest.raises(InvalidSeriesError) as by_spc:
        spc.to_fraction(value)
    assert (by_spc.value.expected, by_spc.value.reason) == (
        by_rules.value.expected,
        by_rules.value.reason,
    )


def test_number_limits_are_defined_once() -> None:
    """``MAX_DIGITS`` and ``MAX_EXPONENT`` are assigned in ``kpirag.rules`` and nowhere else."""
    source = Path(rules.__file__).parent.parent
    assigned = sorted(
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if re.search(r"^(MAX_DIGITS|MAX_EXPONENT)\b.*=", path.read_text("utf-8"), re.MULTILINE)
    )
    assert assigned == ["rules/_values.py"]


# Periods ------------------------------------------------------------------------------------

_FY17 = Year(2017)
_PERIOD_FORMS = [
    ("2017/18", _FY17),
    ("2017-18", _FY17),
    ("2017/2018", _FY17),
    ("Q1 2017/18", Quarter(_FY17, 1)),
    ("q4 2017-18", Quarter(_FY17, 4)),
    ("Apr 2017", Month(_FY17, 1)),
    ("April 2017", Month(_FY17, 1)),
    ("Mar 2018", Month(_FY17, 12)),
    ("2017-04", Month(_FY17, 1)),
    ("2018-03", Month(_FY17, 12)),
    (" 2023-04 ", Month(Year(2023), 1)),
]


def test_defect_parse_period_iso_month() -> None:
    """``parse_period("2023-04")`` is April 2023, as it is for ``Series.of`` and ``kpirag spc``."""
    assert parse_period("2023-04") == Month(Year(2023), 1)
    assert str(parse_period("2023-04")) == "Apr 2023"


@pytest.mark.parametrize(("text", "expected"), _PERIOD_FORMS)
def test_parse_period_reads_every_form(text: str, expected: Period) -> None:
    """Financial years, quarters, months by name and ISO months are periods to ``parse_period``."""
    assert parse_period(text) == expected


@pytest.mark.parametrize(("text", "expected"), _PERIOD_FORMS)
def test_read_period_reads_every_form(text: str, expected: Period) -> None:
    """``read_period`` (series, SPC) reads the same labels as ``parse_period``."""
    assert read_period(text) == expected


@pytest.mark.parametrize(("text", "expected"), _PERIOD_FORMS)
def test_series_of_reads_every_form(text: str, expected: Period) -> None:
    """``Series.of`` takes every period form as a key."""
    kpi = KPI("x", "X", ">=85")
    assert Series.of(kpi, {text: 90}).periods == (expected,)


@pytest.mark.parametrize(("text", "expected"), _PERIOD_FORMS)
def test_frames_period_column_reads_every_form(text: str, expected: Period) -> None:
    """A frame's period column takes every period form and orders by it."""
    pd = pytest.importorskip("pandas")
    frames = pytest.importorskip("kpirag.frames")
    definitions = pd.DataFrame({"kpi_id": ["x"], "title": ["X"], "target": [">=85"]})
    observations = pd.DataFrame({"kpi_id": ["x"], "period": [text], "value": ["90"]})
    result = frames.evaluate(observations, definitions)
    assert list(result["status"].astype(str)) == ["Green"]
    assert expected == parse_period(text)


@pytest.mark.parametrize("text", [text for text, _ in _PERIOD_FORMS])
def test_cli_period_option_reads_every_form(text: str) -> None:
    """``kpirag evaluate --period`` takes every period form."""
    out, err = io.StringIO(), io.StringIO()
    data = b"id,title,target,value\nx,X,>=85,90\n"
    code = main(
        ["evaluate", "-", "--period", text, "--format", "csv"],
        stdin=io.BytesIO(data),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert "Green" in out.getvalue()


@pytest.mark.parametrize("text", [text for text, _ in _PERIOD_FORMS])
def test_cli_spc_reads_every_form(tmp_path: Path, text: str) -> None:
    """``kpirag spc`` takes every period form in its period column."""
    path = tmp_path / "series.csv"
    path.write_text(f"series,period,value\na,{text.strip()},4\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["spc", str(path), "--format", "json"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert json.loads(out.getvalue())[0]["n"] == 1


@pytest.mark.parametrize("text", ["2011-12", "2000-01"])
def test_ambiguous_year_or_month_is_refused_everywhere(text: str) -> None:
    """``2011-12`` is a financial year or December 2011: every reader refuses it and says how."""
    with pytest.raises(InvalidPeriodError, match="ambiguous") as caught:
        parse_period(text)
    assert "Dec 2011" in str(caught.value) or "Jan 2000" in str(caught.value)
    with pytest.raises(InvalidPeriodError, match="ambiguous"):
        read_period(text)
    assert parse_period(text, convention=YearConvention.calendar()) == read_period(
        text, convention=YearConvention.calendar()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30/04/17", dt.date(2017, 4, 30)), ("2017-04-30", dt.date(2017, 4, 30))],
)
def test_dates_are_series_periods_but_not_reporting_periods(text: str, expected: dt.date) -> None:
    """A date indexes a series; judging a KPI needs a year, quarter or month, and says so."""
    assert read_period(text) == expected
    with pytest.raises(InvalidPeriodError, match="a date") as caught:
        parse_period(text)
    assert caught.value.field == "period"


@pytest.mark.parametrize("text", ["2023-13", "2023-00", "Q5 2017/18", "Foo 2017", "2017/19", ""])
def test_text_that_is_no_period_is_refused_alike(text: str) -> None:
    """Text that is no period is refused by both readers with the accepted forms in the message."""
    with pytest.raises(InvalidPeriodError):
        parse_period(text)
    with pytest.raises(InvalidPeriodError):
        read_period(text)


# Figures with unit words ---------------------------------------------------------------------


def test_defect_observation_unit_word() -> None:
    """``Observation("x", "67.4 weeks")`` reads the unit word, as a KPI file does."""
    observation = Observation("x", "67.4 weeks")
    assert observation.value == Figure(Decimal("67.4"), unit="weeks")
    assert observation.value.display() == "67.4 weeks"
    kpi = KPI("x", "Weeks waited", "<=70 weeks")
    assert evaluate_kpi(kpi, observation).computed is Status.GREEN


def test_defect_kpi_unit_word() -> None:
    """``KPI(..., unit="weeks")`` gives its target the unit word, as a file's unit column does."""
    kpi = KPI("x", "Weeks waited", "<=70", unit="weeks")
    assert kpi.target == Target.parse("<=70 weeks")
    assert kpi.unit_word == "weeks"
    assert evaluate_kpi(kpi, Observation("x", "67.4 weeks")).computed is Status.GREEN
    assert evaluate_kpi(kpi, Observation("x", "67.4")).computed is Status.GREEN


def test_defect_frames_definitions_unit_word() -> None:
    """A definitions frame with ``unit = "jobs"`` is read like a KPI file's unit column."""
    pd = pytest.importorskip("pandas")
    frames = pytest.importorskip("kpirag.frames")
    definitions = pd.DataFrame(
        {"kpi_id": ["NI 1"], "title": ["Jobs"], "target": ["A minimum of 85"], "unit": ["jobs"]}
    )
    framework = frames.framework_from_frame(definitions)
    assert framework.kpis[0].target == Target.parse("A minimum of 85 jobs.")
    observations = pd.DataFrame({"kpi_id": ["NI 1"], "period": ["Q1 2017/18"], "value": ["103"]})
    result = frames.evaluate(observations, definitions)
    assert list(result["status"].astype(str)) == ["Green"]


@pytest.mark.parametrize(
    ("value", "target", "unit", "status"),
    [
        ("103 jobs", "A minimum of 85 jobs.", None, "Green"),
        ("103", "A minimum of 85 jobs.", None, "Green"),
        ("103 jobs", "A minimum of 85", "jobs", "Green"),
        ("80 Jobs", ">=85", "jobs", "Amber"),
        ("10.2 days", "<=12 days", None, "Green"),
        ("5pp", "<=10pp", None, "Green"),
        ("12 per 1000", "<=15 per 1,000", None, "Green"),
        ("£1.2m", "<=£2m", None, "Green"),
    ],
)
def test_figures_with_unit_words_agree_in_python_and_files(
    value: str, target: str, unit: str | None, status: str
) -> None:
    """A figure with a unit word gets the same status from a KPI file and from Python objects."""
    kpi = KPI("x", "X", target) if unit is None else KPI("x", "X", target, unit=unit)
    by_objects = evaluate_kpi(kpi, Observation("x", value)).computed
    header = "id,title,target,value" + (",unit" if unit else "")
    row = f'x,X,"{target}","{value}"' + (f",{unit}" if unit else "")
    data = load_kpis(io.StringIO(f"{header}\n{row}\n"), fmt="csv")
    by_file = data.evaluate().results[0].computed
    assert str(by_objects) == str(by_file) == status


@pytest.mark.parametrize(
    ("value", "target", "unit"),
    [
        ("67.4 weeks", ">=85 jobs", None),
        ("67.4 weeks", ">=85", "jobs"),
        ("67.4 weeks", ">=85", None),
        ("67%", ">=85", "jobs"),
        ("£5", "<=10 jobs", None),
    ],
)
def test_a_figure_in_another_unit_is_a_unit_mismatch(
    value: str, target: str, unit: str | None
) -> None:
    """A figure whose unit is not the target's is a ``UnitMismatchError`` naming field and value."""
    kpi = KPI("x", "X", target) if unit is None else KPI("x", "X", target, unit=unit)
    with pytest.raises(UnitMismatchError) as caught:
        evaluate_kpi(kpi, Observation("x", value))
    assert caught.value.field == "value"
    assert caught.value.value == Figure.parse(value).display()
    assert str(Target.parse(target) if unit is None else kpi.target) in str(caught.value)


@pytest.mark.parametrize(
    ("target", "unit"),
    [(">=85 weeks", "jobs"), ("85%", "jobs"), ("<=£5", "jobs")],
)
def test_a_kpi_unit_word_must_fit_its_target(target: str, unit: str) -> None:
    """A KPI's unit word that its target contradicts is refused, naming both."""
    with pytest.raises(KpiragError) as caught:
        KPI("x", "X", target, unit=unit)
    assert caught.value.field in {"unit", "target", "target unit"}


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("percent", Unit.PERCENT),
        ("Count", Unit.COUNT),
        ("days", Unit.DAYS),
        (Unit.MONEY, Unit.MONEY),
    ],
)
def test_kpi_unit_kinds_are_still_kinds(unit: object, expected: Unit) -> None:
    """The unit kinds (count, percent, ...) stay kinds; only other words are unit words."""
    kpi = KPI("x", "X", None, unit=unit)  # type: ignore[arg-type]
    assert (kpi.unit, kpi.unit_word) == (expected, None)


# KPI definitions: one id column name, the other an alias --------------------------------------


def test_defect_kpi_id_column_alias() -> None:
    """``kpi_id`` works where files want ``id``, and ``id`` where frames want ``kpi_id``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = load_kpis(io.StringIO("kpi_id,title,target,value\n1.6,Streets,<43,46\n"), fmt="csv")
    assert [kpi.id for kpi in data.framework.kpis] == ["1.6"]
    pd = pytest.importorskip("pandas")
    frames = pytest.importorskip("kpirag.frames")
    definitions = pd.DataFrame({"id": ["1.6"], "title": ["Streets"], "target": ["<43"]})
    observations = pd.DataFrame({"id": ["1.6"], "period": ["Q1 2017/18"], "value": ["46"]})
    assert [kpi.id for kpi in frames.framework_from_frame(definitions).kpis] == ["1.6"]
    result = frames.evaluate(observations, definitions)
    assert list(result["status"].astype(str)) == ["Amber"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_id_and_kpi_id_together_are_a_problem(fmt: str) -> None:
    """A file naming the KPI id twice (``id`` and ``kpi_id``) is refused, not half-read."""
    text = (
        "id,kpi_id,title,target,value\n1.6,1.7,Streets,<43,46\n"
        if fmt == "csv"
        else json.dumps({"kpis": [{"id": "1.6", "kpi_id": "1.7", "title": "S", "target": "<43"}]})
    )
    with pytest.raises(KpiragError, match="kpi_id"):
        load_kpis(io.StringIO(text), fmt=fmt)


# The command line: tidy observations with a definitions file ----------------------------------

_DEFINITIONS = (
    "id,title,target,unit,tolerance\n"
    "NI 1,Jobs created,A minimum of 85,jobs,\n"
    "1.6,Living on the streets,<43,,\n"
    "1.5,Sleep out once,>=75%,,10%\n"
)
_OBSERVATIONS = (
    "kpi_id,period,value,previous,recorded\n"
    "NI 1,Q1 2017/18,103 jobs,90,\n"
    "1.6,Q1 2017/18,46,50,Amber\n"
    "1.6,2017-07,40,46,\n"
    "1.5,Q1 2017/18,69%,,Red\n"
)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defect_cli_tidy_observations_with_definitions(tmp_path: Path) -> None:
    """``kpirag evaluate obs.csv --definitions defs.csv`` judges each row in its period."""
    defs = _write(tmp_path, "defs.csv", _DEFINITIONS)
    obs = _write(tmp_path, "obs.csv", _OBSERVATIONS)
    code, out, err = _cli("evaluate", obs, "--definitions", defs, "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert [(r["period"], r["id"], r["status"], r["value"]) for r in records] == [
        ("Q1 2017/18", "NI 1", "Green", "103 jobs"),
        ("Q1 2017/18", "1.6", "Amber", "46"),
        ("Jul 2017", "1.6", "Green", "40"),
        ("Q1 2017/18", "1.5", "Amber", "69%"),
    ]


def test_tidy_observations_agree_with_the_one_file_form(tmp_path: Path) -> None:
    """A tidy pair of files and the one KPI file holding the same rows give the same lines."""
    defs = _write(tmp_path, "defs.csv", _DEFINITIONS)
    obs = _write(tmp_path, "obs.csv", _OBSERVATIONS.replace("1.6,2017-07,40,46,\n", ""))
    one = _write(
        tmp_path,
        "kpis.csv",
        "id,title,target,unit,tolerance,value,previous,recorded\n"
        "NI 1,Jobs created,A minimum of 85,jobs,,103 jobs,90,\n"
        "1.6,Living on the streets,<43,,,46,50,Amber\n"
        "1.5,Sleep out once,>=75%,,10%,69%,,Red\n",
    )
    _, tidy, _ = _cli("evaluate", obs, "--definitions", defs, "--format", "json")
    _, whole, _ = _cli("evaluate", one, "--format", "json")
    assert [{k: v for k, v in r.items() if k != "period"} for r in json.loads(tidy)] == json.loads(
        whole
    )
    data = load_observations(obs, defs)
    assert [str(r.status) for r in data.evaluate().results] == ["Green", "Amber", "Amber"]


def test_tidy_problems_in_both_files_are_listed_together(tmp_path: Path) -> None:
    """Problems in either file come together, each with its file, line and column; no output."""
    defs = _write(tmp_path, "defs.csv", "id,title,target\nA,a,>=x\nB,b,>=10 jobs\n")
    obs = _write(
        tmp_path,
        "obs.csv",
        "id,period,value\nB,Q1 2017/18,abc\nC,Q1 2017/18,4\nB,2011-12,4\nB,Q2 2017/18,4 weeks\n",
    )
    code, out, err = _cli("evaluate", obs, "--definitions", defs, "--format", "json")
    assert (code, out) == (2, "")
    assert f"{defs}:2:3: column 'target'" in err
    assert f"{obs}:2:3: column 'value' ('abc')" in err
    assert f"{obs}:3:1: column 'id' ('C'): no such KPI in the definitions" in err
    assert f"{obs}:4:2: column 'period' ('2011-12')" in err
    assert f"{obs}:5:3: column 'value' ('4 weeks')" in err
    with pytest.raises(LoadError) as caught:
        load_observations(obs, defs)
    assert len(caught.value.problems) == 5


@pytest.mark.parametrize(
    ("observations", "message"),
    [
        ("id,period,value\nB,Q1 2017/18,4\nB,Q1 2017/18,5\n", "duplicate KPI and period"),
        ("id,period,value,target\nB,Q1 2017/18,4,>=5\n", "unknown column"),
        ("period,value\nQ1 2017/18,4\n", "required column is missing"),
    ],
)
def test_tidy_observations_are_checked(tmp_path: Path, observations: str, message: str) -> None:
    """A repeated KPI and period, a definition column or no id is a located problem."""
    defs = _write(tmp_path, "defs.csv", "id,title,target\nB,b,>=10\n")
    obs = _write(tmp_path, "obs.csv", observations)
    with pytest.raises(LoadError, match=message):
        load_observations(obs, defs)


@pytest.mark.parametrize(
    ("definitions", "line"),
    [
        ("id,title,target\nB,b,>=10\nB,c,>=10\n", 3),
        ("id,title,target\nA,a,>=10\nB,b,>=10\nA,c,>=10\n", 4),
    ],
)
def test_tidy_definitions_are_checked(definitions: str, line: int) -> None:
    """A KPI defined twice is a located problem saying a definitions file has one row per KPI."""
    with pytest.raises(LoadError) as caught:
        load_observations(
            io.StringIO("id,value\nB,4\n"),
            io.StringIO(definitions),
            fmt="csv",
            definitions_fmt="csv",
        )
    problem = (
        f"definitions:{line}:1: column 'id': duplicate id (first at line 2); "
        "a definitions file has one row per KPI"
    )
    assert [str(found) for found in caught.value.problems] == [problem]


def test_defect_tidy_observations_blame_the_definition_not_the_observation() -> None:
    """An observation of a KPI whose definition has a problem is not also 'no such KPI'."""
    definitions = io.StringIO("id,title,target,better\n1,Jobs,>=5,sideways\n")
    observations = io.StringIO("id,value\n1,6\n")
    with pytest.raises(LoadError) as caught:
        load_observations(observations, definitions, fmt="csv", definitions_fmt="csv")
    problems = [str(problem) for problem in caught.value.problems]
    assert len(problems) == 1, problems
    assert "better" in problems[0]
    assert "no such KPI" not in problems[0]


@pytest.mark.parametrize("word", ["£", "jobs"])
def test_defect_unit_word_column_gives_the_kpi_python_gives(word: str) -> None:
    """A unit word in a file's unit column makes the KPI that KPI(unit=word) makes (£ is money)."""
    text = f"id,title,target,value,unit\n1,Spend,<=8,7,{word}\n"
    loaded = load_kpis(io.StringIO(text), fmt="csv").framework.kpis[0]
    made = KPI("1", "Spend", "<=8", unit=word)
    assert (loaded.unit, loaded.target) == (made.unit, made.target)
