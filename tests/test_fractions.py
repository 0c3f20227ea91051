"""Figures given as fractions of 1: the ``fraction`` declaration, and the warning without it."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

import pytest

from kpirag import (
    KPI,
    Cohort,
    Framework,
    InvalidKPIError,
    KpiragWarning,
    Observation,
    Part,
    Status,
    Target,
    Trend,
    Unit,
    evaluate_kpi,
)
from kpirag.cli._main import main
from kpirag.io import load_kpis

AMBER_69 = (
    "Amber: 69% misses >=75% by 6 points (8.0%), within the 10% tolerance (Amber down to 67.5%)"
)
FRACTION_WARNING = r"lies? between 0 and 1 .*fraction"


@pytest.mark.parametrize(
    ("value", "explanation"),
    [
        (
            0.69,
            AMBER_69,
        ),
        (
            "0.69",
            AMBER_69,
        ),
        (Decimal("0.8"), "Green: 80% meets >=75%"),
        (1, "Green: 100% meets >=75%"),
        (
            0,
            (
                "Red: 0% misses >=75% by 75 points (100.0%), beyond the 10% tolerance "
                "(Amber down to 67.5%)"
            ),
        ),
        (
            "0.6751",
            (
                "Amber: 67.51% misses >=75% by 7.49 points (10.0%), within the 10% "
                "tolerance (Amber down to 67.5%)"
            ),
        ),
        (
            "69%",
            AMBER_69,
        ),
    ],
)
def test_fraction_figures_are_read_as_percentages(value: object, explanation: str) -> None:
    """On a KPI declared as fractions, 0.69 is 69% exactly; a figure with % stays as written."""
    kpi = KPI("1.5", "Sleep out once", "75%", fraction=True)
    result = evaluate_kpi(kpi, Observation("1.5", value))  # type: ignore[arg-type]
    assert result.explanation == explanation


def test_fraction_scaling_is_exact() -> None:
    """A fraction past float precision is scaled without rounding: the boundary decides exactly."""
    kpi = KPI("1.5", "x", "75%", fraction=True)
    just_below = "0.749999999999999999999999999999999"
    result = evaluate_kpi(kpi, Observation("1.5", just_below))
    assert result.assessment is not None
    assert result.assessment.value == Decimal("74.9999999999999999999999999999999")
    assert result.computed is Status.AMBER


def test_fraction_parts_and_travel() -> None:
    """A composite declared as fractions reads each part's figure, and the previous figure, x100."""
    kpi = KPI(
        "5.6",
        "Satisfaction",
        parts=[Part("Adults", Target.parse("97%")), Part("Children", Target.parse("100%"))],
        fraction=True,
    )
    obs = Observation("5.6", parts={"Adults": "0.98", "Children": "1"})
    result = evaluate_kpi(kpi, obs)
    assert [p.explanation for p in result.parts] == [
        "Green: 98% meets >=97%",
        "Green: 100% meets >=100%",
    ]
    simple = KPI("1.5", "x", "75%", fraction=True)
    assert evaluate_kpi(simple, Observation("1.5", "0.69", previous="0.7")).travel is Trend.WORSE
    assert evaluate_kpi(simple, Observation("1.5", "69%", previous="0.68")).travel is (
        Trend.IMPROVED
    )


@pytest.mark.parametrize(
    ("fields", "match"),
    [
        ({"target": "<43"}, "fraction"),
        ({"target": "<43", "unit": Unit.PERCENT}, "fraction"),
        ({"target": None, "unit": Unit.COUNT}, "fraction"),
        ({"target": "75%", "fraction": "yes"}, "fraction"),
    ],
)
def test_fraction_declaration_is_validated(fields: dict[str, object], match: str) -> None:
    """Fractions need a percentage KPI with percentage targets, and a bool."""
    fields = {"fraction": True, **fields}
    with pytest.raises((InvalidKPIError, TypeError), match=match):
        KPI("1", "x", **fields)  # type: ignore[arg-type]


def test_fraction_kpi_with_a_cohort() -> None:
    """A cohort is already a percentage; declaring fractions does not scale it again."""
    kpi = KPI("2.1", "x", "85%", fraction=True)
    result = evaluate_kpi(kpi, Observation("2.1", Cohort(8, 9)))
    assert result.explanation == "Green: 88.9% meets >=85%"


def _evaluate(kpis: list[KPI], observations: list[Observation]) -> list[str]:
    """The KpiragWarning messages ``Framework.evaluate`` gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        Framework(kpis).evaluate(observations)
    assert all(issubclass(w.category, KpiragWarning) for w in caught)
    return [str(w.message) for w in caught]


TWO_PARTS = [Part("a", Target.parse("90%")), Part("b", Target.parse("80%"))]


@pytest.mark.parametrize(
    ("kpi", "observation", "warned"),
    [
        # undeclared, every figure strictly between 0 and 1, targets above 1: warned
        (KPI("1.5", "x", "75%"), Observation("1.5", 0.69), True),
        (KPI("1.5", "x", "<=5%"), Observation("1.5", "0.03"), True),
        (KPI("1.5", "x", "95%-105%"), Observation("1.5", "0.99"), True),
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "0.9", "b": "0.5"}), True),
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "0", "b": "0.5"}), True),
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "1", "b": "0.5"}), True),
        # declared as fractions, or declared not (percentages under 1%): never warned
        (KPI("1.5", "x", "75%", fraction=True), Observation("1.5", 0.69), False),
        (KPI("1.5", "x", "75%", fraction=False), Observation("1.5", 0.69), False),
        (
            KPI("5", "x", parts=TWO_PARTS, fraction=True),
            Observation("5", parts={"a": "0.9", "b": "0.5"}),
            False,
        ),
        # mixed figures: one outside 0..1, or written with %, or a cohort
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "0.9", "b": "50"}), False),
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "0.9", "b": "50%"}), False),
        (
            KPI("5", "x", parts=TWO_PARTS),
            Observation("5", parts=[("a", "0.5"), ("b", Cohort(1, 2))]),
            False,
        ),
        (KPI("5", "x", parts=TWO_PARTS), Observation("5", parts={"a": "0", "b": "1"}), False),
        # 0 and 1 alone are plausible percentages
        (KPI("1.5", "x", "75%"), Observation("1.5", 0), False),
        (KPI("1.5", "x", "75%"), Observation("1.5", 1), False),
        (KPI("1.5", "x", "75%"), Observation("1.5", "0.69%"), False),
        (KPI("1.5", "x", "75%"), Observation("1.5", "-0.5"), False),
        # targets of 1% or below: a small figure is plausible
        (KPI("1.5", "x", "<1%"), Observation("1.5", "0.5"), False),
        (KPI("1.5", "x", "<=0.5%"), Observation("1.5", "0.2"), False),
        (KPI("1.5", "x", "1%"), Observation("1.5", "0.5"), False),
        # not a percentage KPI, or not rated
        (KPI("1.6", "x", "<43"), Observation("1.6", "0.5"), False),
        (KPI("1.6", "x", "3", unit=Unit.RATIO), Observation("1.6", "0.5"), False),
        (KPI("1.5", "x", "75%"), None, False),
        (KPI("1.5", "x", None, unit=Unit.PERCENT), Observation("1.5", "0.5"), False),
    ],
)
def test_fraction_warning(kpi: KPI, observation: Observation | None, warned: bool) -> None:
    """A percentage KPI whose every figure lies between 0 and 1 against a target above 1 warns."""
    messages = _evaluate([kpi], [] if observation is None else [observation])
    assert bool(messages) is warned
    if warned:
        assert len(messages) == 1
        assert f"'{kpi.id}'" in messages[0]


def test_framework_warns_once_naming_every_kpi() -> None:
    """``Framework.evaluate`` gives one KpiragWarning naming each KPI that looks like fractions."""
    kpis = [KPI("1.5", "x", "75%"), KPI("1.6", "y", "<43"), KPI("1.7", "z", "80%")]
    observations = [Observation("1.5", 0.69), Observation("1.6", "0.5"), Observation("1.7", 0.9)]
    with pytest.warns(KpiragWarning, match=FRACTION_WARNING) as caught:
        Framework(kpis).evaluate(observations)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "'1.5'" in message
    assert "'1.7'" in message
    assert "'1.6'" not in message


def test_evaluate_kpi_warns() -> None:
    """``evaluate_kpi``, the one evaluation path, warns for its KPI too."""
    with pytest.warns(KpiragWarning, match=r"KPI '1\.5'.*" + FRACTION_WARNING):
        evaluate_kpi(KPI("1.5", "x", "75%"), Observation("1.5", 0.69))


def test_the_warning_says_how_to_declare() -> None:
    """The warning names the declaration in Python and in files."""
    with pytest.warns(KpiragWarning) as caught:
        evaluate_kpi(KPI("1.5", "x", "75%"), Observation("1.5", 0.69))
    message = str(caught[0].message)
    assert "fraction=True" in message
    assert "`fraction` column" in message


CSV = "id,title,target,value\n1.5,Sleep out once,>=75%,0.69\n1.6,Streets,<43,46\n"


def test_cli_refuses_undeclared_fractions() -> None:
    """``kpirag evaluate`` on a plain CSV of fractions, undeclared, exits 2 naming the cell."""
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["evaluate", "-", "--format", "csv"], stdin=io.BytesIO(CSV.encode()), stdout=out, stderr=err
    )
    assert code == 2, err.getvalue()
    assert "<stdin>:2:4: column 'value' ('0.69')" in err.getvalue()
    assert not out.getvalue()


def test_cli_reads_the_fraction_column() -> None:
    """A ``fraction`` column of ``true`` reads 0.69 as 69%, with no warning."""
    text = (
        "id,title,target,value,fraction\n1.5,Sleep out once,>=75%,0.69,true\n1.6,Streets,<43,46,\n"
    )
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["evaluate", "-", "--format", "csv"],
        stdin=io.BytesIO(text.encode()),
        stdout=out,
        stderr=err,
    )
    assert code == 0, err.getvalue()
    assert "warning" not in err.getvalue()
    assert "Amber: 69% misses >=75%" in out.getvalue()


def test_fraction_column_round_trips() -> None:
    """``load_kpis`` reads the ``fraction`` column; a bad word in it is a problem at its cell."""
    text = "id,title,target,value,fraction\n1.5,Sleep out once,>=75%,0.69,yes\n"
    data = load_kpis(io.StringIO(text))
    assert data.framework.kpis[0].fraction is True
    with pytest.raises(Exception, match="fraction"):
        load_kpis(io.StringIO(text.replace("yes", "maybe")))


@pytest.mark.parametrize(
    ("given", "judged"),
    [("1", "100"), ("0.5", "50"), ("0.69", "69"), ("0.695", "69.5"), ("0.690", "69.0"), ("0", "0")],
)
def test_fraction_scaled_value_prints_plainly(given: str, judged: str) -> None:
    """The judged value is the fraction x100 with its digits kept, never in exponent form."""
    result = evaluate_kpi(KPI("1.5", "x", "75%", fraction=True), Observation("1.5", given))
    assert result.assessment is not None
    assert str(result.assessment.value) == judged


def test_the_command_line_shows_at_most_fifty_warnings() -> None:
    """A run with many warnings prints 50 warning lines and a count of the rest."""
    from kpirag.cli import _main  # noqa: PLC0415

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for n in range(120):
            evaluate_kpi(KPI(f"K{n}", "x", "75%"), Observation(f"K{n}", f"0.{n % 9 + 1}"))
    err = io.StringIO()
    _main._show_warnings(caught, err)
    lines = err.getvalue().splitlines()
    assert sum(line.startswith("kpirag: warning:") for line in lines) == 50
    assert lines[-1] == "kpirag: ... and 70 more warnings"
