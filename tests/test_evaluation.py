"""KPI definitions, frameworks, evaluation, summaries and direction of travel."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpirag import (
    KPI,
    Cohort,
    Direction,
    Evaluation,
    Figure,
    Framework,
    Frequency,
    InvalidChoiceError,
    InvalidCountError,
    InvalidKPIError,
    InvalidObservationsError,
    InvalidPeriodError,
    InvalidValueError,
    KpiragError,
    KPIResult,
    NotRated,
    Observation,
    OutOfRangeError,
    Part,
    Profile,
    Quarter,
    Rollup,
    Scale,
    Scheme,
    Status,
    StatusComparisonError,
    Summary,
    Target,
    Tolerance,
    Trend,
    Unit,
    UnitMismatchError,
    ValueTypeError,
    evaluate_kpi,
    parse_period,
    summarise,
    travel,
)
from kpirag.kpi import applied_target, looks_like_fractions

G, A, R, NA = Status.GREEN, Status.AMBER, Status.RED, Status.NOT_RATED
Q1 = parse_period("Q1 2017/18")


def test_framework_rejects_duplicate_ids() -> None:
    """Duplicate KPI ids are an error naming them."""
    with pytest.raises(InvalidKPIError, match=r"\['1.5'\]"):
        Framework([KPI("1.5", "a", "75%"), KPI("1.5", "b", "75%")])


def test_percentage_target_on_count_measure() -> None:
    """A percentage target on a count measure is an error naming the KPI and field."""
    with pytest.raises(InvalidKPIError, match=r"KPI '9.9': Invalid target '>=75%'.*count measure"):
        KPI("9.9", "x", "75%", unit=Unit.COUNT)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: KPI(" ", "x", "<4"), "KPI id"),
        (lambda: KPI("1", "x", "<4", parts=[Part("a", Target.parse("1"))]), "belong to its parts"),
        (lambda: KPI("1", "x", parts=[Part("a"), Part("a")]), "unique"),
        (lambda: KPI("1", "x", parts=[Part("a")], rollup=Rollup.primary("b")), "rollup 'b'"),
        (lambda: Rollup(primary_part="a"), "primary rollup"),
        (lambda: Observation("1", 5, override="because"), "needs the recorded status"),
        (lambda: Observation("1", 5, parts={"a": 1}), "not both"),
    ],
)
def test_bad_definitions(build: object, message: str) -> None:
    """Inconsistent KPIs, rollups and observations are our error."""
    with pytest.raises(InvalidKPIError, match=message):
        build()  # type: ignore[operator]


def _junk(value: object) -> Any:
    """A value of the wrong type, passed as it is (the call must refuse it)."""
    return value


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: KPI(" ", "x", "<4"), InvalidKPIError, "Invalid KPI id ' ': expected an identifier such as '1.5'"),
        (lambda: KPI("1", "x", _junk(5)), ValueTypeError, "Invalid target 5: expected a Target, target text or None"),
        (lambda: KPI("1", "x", "<4", parts=[Part("a", Target.parse("1"))]), InvalidKPIError, "KPI '1': Invalid target '<4': a composite KPI's targets belong to its parts"),
        (lambda: KPI("1", "x", parts=[Part("a"), Part("a")]), InvalidKPIError, "KPI '1': Invalid parts ['a', 'a']: part names must be unique"),
        (lambda: KPI("1", "x", parts=[Part("a")], rollup=Rollup.primary("b")), InvalidKPIError, "KPI '1': Invalid rollup 'b': expected a primary part, one of ['a']"),
        (lambda: KPI("1", "x", "75%", unit=Unit.COUNT), InvalidKPIError, "KPI '1': Invalid target '>=75%': a percentage target on a count measure; use unit=Unit.PERCENT or a plain target"),
        (lambda: KPI("1", "x", "75%", unit="weeks"), InvalidKPIError, "KPI '1': Invalid unit 'weeks': the target >=75% is not in the KPI's unit 'weeks'"),
        (lambda: KPI("1", "x", parts=[Part("a", Target.parse("75%"))], unit="weeks"), InvalidKPIError, "KPI '1': Invalid unit 'weeks': the target >=75% is not in the KPI's unit 'weeks'"),
        (lambda: KPI("1", "x", "5", unit=Unit.COUNT, fraction=True), InvalidKPIError, "KPI '1': Invalid fraction True: figures as fractions of 1 are percentages, but the unit is count"),
        (lambda: KPI("1", "x", "5", unit=Unit.PERCENT, fraction=True), InvalidKPIError, "KPI '1': Invalid fraction '>=5': figures as fractions of 1 need a percentage target"),
        (lambda: KPI("1", "x", "5").part("b"), InvalidKPIError, "KPI '1': Invalid part 'b': expected one of []"),
        (lambda: Rollup(primary_part="a"), InvalidKPIError, "Invalid rollup primary_part 'a': a primary rollup needs exactly one named part, other rollups none"),
        (lambda: Rollup.majority(tie="first"), InvalidChoiceError, "Invalid rollup tie 'first': expected 'worse' or 'better'"),
        (lambda: Rollup.worst().apply(_junk([1])), ValueTypeError, "Invalid statuses [1]: expected a mapping of part names to statuses"),
        (lambda: Rollup.worst().apply(_junk({"a": 1})), ValueTypeError, "Invalid status 1: expected Status"),
        (lambda: Rollup.primary("b").apply({"a": Status.GREEN}), InvalidKPIError, "Invalid rollup primary_part 'b': expected one of ['a']"),
    ],
)  # fmt: skip
def test_every_kpi_and_rollup_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a KPI definition or a rollup says what, where and why."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("unit", "expected"),
    [("weeks", "<=70 weeks"), ("days", "<=70 days"), ("£", "<=£70")],
)
def test_a_unit_word_reaches_the_targets_of_every_part(unit: str, expected: str) -> None:
    """A composite KPI's unit word is given to each part's bare target, as to its own."""
    kpi = KPI("2.1", "Waits", parts=[Part("a", Target.parse("<=70")), Part("b")], unit=unit)
    assert [str(part.target) for part in kpi.parts] == [expected, "None"]
    assert str(KPI("2.1", "Waits", "<=70", unit=unit).target) == expected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: evaluate_kpi(KPI("P", "x", ">=400", profile=Profile.linear(4)), Observation("P", 40)), InvalidPeriodError, "KPI 'P': Invalid period None: a profile of 4 periods needs a matching quarter (or a year) to scale the annual target; give it as period='Q1 2017/18' (--period on the command line)"),
        (lambda: evaluate_kpi(KPI("P", "x", ">=400", profile=Profile.linear(4)), Observation("P", 40), period="Apr 2017"), InvalidPeriodError, "KPI 'P': Invalid period 'Apr 2017': a profile of 4 periods needs a matching quarter (or a year) to scale the annual target; give it as period='Q1 2017/18' (--period on the command line)"),
        (lambda: evaluate_kpi(KPI("P", "x", ">=400", profile=Profile.linear(12)), Observation("P", 40), period="Q1 2017/18"), InvalidPeriodError, "KPI 'P': Invalid period 'Q1 2017/18': a profile of 12 periods needs a matching month (or a year) to scale the annual target; give it as period='Apr 2017' (--period on the command line)"),
        (lambda: evaluate_kpi(KPI("P", "x", ">=400", profile=Profile.linear(2)), Observation("P", 40), period="Q1 2017/18"), InvalidPeriodError, "KPI 'P': Invalid period 'Q1 2017/18': a profile of 2 periods needs a matching period (or a year) to scale the annual target; give it as period='2017/18' (--period on the command line)"),
        (lambda: evaluate_kpi(KPI("P", "x", ">=75%"), Observation("P", 1), period=_junk(5)), ValueTypeError, "KPI 'P': Invalid period 5: expected a Quarter, Month, Year or a label such as 'Q1 2017/18'"),
        (lambda: Framework([KPI("1.5", "a", "75%"), KPI("1.5", "b", "75%"), KPI("1.6", "b", "75%")]), InvalidKPIError, "Invalid KPI id(s) ['1.5']: ids must be unique"),
        (lambda: Framework([KPI("1.5", "a", "75%")]).kpi("9"), InvalidKPIError, "Invalid KPI id '9': not in the framework"),
        (lambda: Framework(_junk([1])), ValueTypeError, "Invalid kpis item 1: expected KPI, not int"),
        (lambda: evaluate_kpi(KPI("P", "x", ">=75%", fraction=True), Observation("P", Decimal("1E+999"))), InvalidValueError, "KPI 'P': Invalid value 1E+999: as a fraction of 1 it is 1E+1001%, past the limits"),
    ],
)  # fmt: skip
def test_every_evaluation_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of a framework, a period for a profile or a fraction figure is whole."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_a_fraction_past_the_limits_names_the_figure_and_the_limits() -> None:
    """The figure given (not its hundredfold) is the value; the limits are the expectation."""
    with pytest.raises(InvalidValueError) as caught:
        evaluate_kpi(KPI("P", "x", ">=75%", fraction=True), Observation("P", Decimal("1E+999")))
    assert (caught.value.field, caught.value.value) == ("value", Decimal("1E+999"))
    assert caught.value.expected == (
        "a number with at most 100 significant digits, between 1E-1000 and 1E+1000 in size"
        " (see docs/exactness.md)"
    )


def test_a_rollup_tie_rule_is_a_choice() -> None:
    """A tie rule other than 'worse' or 'better' is a word outside a closed set."""
    with pytest.raises(InvalidChoiceError, match="rollup tie 'first'") as info:
        Rollup.majority(tie="first")
    assert (info.value.field, info.value.value) == ("rollup tie", "first")


def test_one_failing_kpi_raises_its_own_error_naming_it() -> None:
    """Regression: one failure keeps its class and data; the KPI is its subject, not text."""
    framework = Framework([KPI("1", "a", "<43"), KPI("2", "b", "75%")])
    with pytest.raises(UnitMismatchError) as info:
        framework.evaluate([Observation("1", "46%")])
    assert (info.value.subject, info.value.field, info.value.value) == ("KPI '1'", "value", "46%")
    profiled = Framework([KPI("1", "a", "<43", profile=Profile.linear(4))])
    with pytest.raises(InvalidPeriodError) as caught:
        profiled.evaluate([Observation("1", 10)])
    assert str(caught.value).startswith("KPI '1': Invalid period None: ")
    assert "period='Q1 2017/18'" in str(caught.value)


def test_evaluate_collects_every_error() -> None:
    """Unknown ids, duplicates and bad figures are all reported at once."""
    framework = Framework([KPI("1", "a", "<43"), KPI("2", "b", "75%"), KPI("3", "c", "<4")])
    observations = [
        Observation("1", "46%"),
        Observation("2", 70),
        Observation("2", 71),
        Observation("9", 1),
    ]
    with pytest.raises(InvalidKPIError) as info:
        framework.evaluate(observations)
    message = str(info.value)
    assert "KPI '9': a value for an unknown id" in message
    assert "KPI '2': more than one observation" in message
    assert "KPI '1': Invalid value '46%'" in message
    assert isinstance(info.value, InvalidObservationsError)
    assert [error.subject for error in info.value.errors] == ["KPI '2'", "KPI '9'", "KPI '1'"]
    assert isinstance(info.value.errors[2], UnitMismatchError)


def test_missing_and_not_rated() -> None:
    """A KPI with no figure is not rated with a reason; a zero cohort is 'no cases'."""
    framework = Framework(
        [
            KPI("a", "annual", "75%", frequency=Frequency.ANNUAL),
            KPI("b", "quarterly", "75%"),
            KPI("c", "no target yet", unit=Unit.PERCENT),
            KPI("d", "cohort", "80%"),
            KPI("e", "suppressed", "80%"),
        ]
    )
    evaluation = framework.evaluate(
        [
            Observation("c", "52%"),
            Observation("d", Cohort(0, 0)),
            Observation("e", not_rated=NotRated.SUPPRESSED),
        ]
    )
    reasons = [r.not_rated for r in evaluation.results]
    assert reasons == [
        NotRated.NOT_DUE,
        NotRated.NO_DATA,
        NotRated.NO_TARGET,
        NotRated.NO_CASES,
        NotRated.SUPPRESSED,
    ]
    assert all(r.status is NA for r in evaluation.results)
    assert evaluation.summary().not_rated == 5
    assert evaluation.exceptions() == ()


def test_override_needs_reason_and_keeps_computed() -> None:
    """An override shows the recorded status and keeps the computed one; a bare record audits."""
    framework = Framework([KPI("1", "a", "75%"), KPI("2", "b", "75%")])
    evaluation = framework.evaluate(
        [
            Observation("1", 69, recorded=R, override="committee judgement"),
            Observation("2", 69, recorded=R),
        ]
    )
    first, second = evaluation.results
    assert (first.status, first.computed, first.recorded, first.overridden) == (R, A, R, True)
    assert (second.status, second.computed, second.recorded, second.overridden) == (A, A, R, False)
    assert [e.kpi_id for e in evaluation.audit()] == ["1", "2"]


def test_per_kpi_scheme_and_profile_period_mismatch() -> None:
    """A KPI's own scheme overrides the framework's; a profile needs a matching period."""
    strict = Scheme.standard(Tolerance.none())
    framework = Framework([KPI("1", "a", "75%", scheme=strict), KPI("2", "b", "75%")])
    evaluation = framework.evaluate([Observation("1", 70), Observation("2", 70)])
    assert [r.status for r in evaluation.results] == [R, A]
    profiled = Framework([KPI("1", "a", "2,000", profile=Profile.linear(12))])
    with pytest.raises(InvalidPeriodError, match="profile of 12 periods"):
        profiled.evaluate([Observation("1", 600)], period=Q1)
    assert isinstance(Q1, Quarter)
    assert profiled.evaluate([Observation("1", 600)], period=Q1.year).results[0].status is R


def test_composite_rollups() -> None:
    """Worst-of, primary and majority rollups; each part keeps its own status."""
    parts = [
        Part("a", Target.parse("10")),
        Part("b", Target.parse("10")),
        Part("c", Target.parse("10")),
    ]
    figures = {"a": 10, "b": 9.5, "c": 5}

    def status(rollup: Rollup) -> Status:
        framework = Framework([KPI("1", "x", parts=parts, rollup=rollup)])
        result = framework.evaluate([Observation("1", parts=figures)]).results[0]
        assert [p.status for p in result.parts] == [G, A, R]
        return result.status

    assert status(Rollup.worst()) is R
    assert status(Rollup.primary("b")) is A
    assert status(Rollup.majority(tie="worse")) is R
    assert status(Rollup.majority(tie="better")) is G
    framework = Framework([KPI("1", "x", parts=parts)])
    with pytest.raises(InvalidKPIError, match="Invalid parts"):
        framework.evaluate([Observation("1", parts={"z": 1})])


@pytest.mark.parametrize(
    ("current", "previous", "better", "expected"),
    [
        (46, 54, Direction.LOWER, Trend.IMPROVED),
        (46, 54, Direction.HIGHER, Trend.WORSE),
        (46, 46, Direction.HIGHER, Trend.UNCHANGED),
        ("0.3", 0.3, Direction.LOWER, Trend.UNCHANGED),
        (100, 110, Target.parse("95-105"), Trend.IMPROVED),
        (100, 102, Target.parse("95-105"), Trend.UNCHANGED),
        (90, 94, Target.parse("95-105"), Trend.WORSE),
    ],
)
def test_travel(
    current: object, previous: object, better: Direction | Target, expected: Trend
) -> None:
    """Direction of travel respects polarity, and nearness for ranges."""
    assert travel(current, previous, better) is expected  # type: ignore[arg-type]


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=-1000, max_value=1000, places=2),
)
def test_travel_flips_with_polarity(current: Decimal, previous: Decimal) -> None:
    """Law: direction of travel flips when polarity flips (unchanged stays unchanged)."""
    up = travel(current, previous, Direction.HIGHER)
    down = travel(current, previous, Direction.LOWER)
    flipped = {Trend.IMPROVED: Trend.WORSE, Trend.WORSE: Trend.IMPROVED}
    assert down is flipped.get(up, up)


statuses = st.sampled_from([G, A, R, NA])


@given(st.lists(statuses), st.integers(min_value=0, max_value=50))
def test_summary_adds_up(items: list[Status], unlisted: int) -> None:
    """Law: counts add up to the total, and rounded rated percentages to exactly 100."""
    summary = summarise(items, unlisted=unlisted)
    assert summary.total == len(items) + unlisted
    assert summary.rated + summary.not_rated == summary.total
    assert sum(summary.count(s) for s in (G, A, R, NA)) == summary.total
    for places in (0, 1):
        rounded = summary.rounded_percents(places)
        if summary.rated:
            assert sum(rounded.values()) == 100
            for status, value in rounded.items():
                exact = summary.percent(status)
                assert exact is not None
                assert abs(value - exact) < Decimal(1).scaleb(-places)
        else:
            assert rounded == {}


def test_summary_rules() -> None:
    """Percentages are of rated items; N/A has none; bad items and counts are our error."""
    summary = summarise([G, G, A, NA])
    assert summary.percent(A) is not None
    assert round(summary.percent(A) or 0, 2) == Decimal("33.33")
    assert summary.rounded_percents() == {A: Decimal(33), G: Decimal(67)}
    assert summarise([NA]).percent(G) is None
    with pytest.raises(StatusComparisonError, match="rated items"):
        summary.percent(NA)
    with pytest.raises(ValueTypeError, match="expected a Status"):
        summarise(["Green"])  # type: ignore[list-item]
    with pytest.raises(InvalidCountError, match="unlisted"):
        summarise([], unlisted=-1)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: Summary(_junk(5)), ValueTypeError, "Invalid counts 5: expected a sequence, not int"),
        (lambda: Summary(_junk([1])), ValueTypeError, "Invalid counts item 1: expected a (status, count) pair"),
        (lambda: Summary(_junk([(1, 2)])), ValueTypeError, "Invalid status 1: expected Status"),
        (lambda: Summary(_junk([(Status.GREEN, -1)])), OutOfRangeError, "Invalid count -1: expected a whole number of 0 or more"),
        (lambda: Summary(_junk([(Status.GREEN, 1.5)])), ValueTypeError, "Invalid count 1.5: expected a whole number"),
        (lambda: Summary(_junk({Status.GREEN: "x"})), ValueTypeError, "Invalid count 'x': expected a whole number"),
        (lambda: Summary([(Status.GREEN, 1)]).count(_junk("Green")), ValueTypeError, "Invalid status 'Green': expected Status"),
        (lambda: Summary([(Status.GREEN, 1)]).share(_junk("Green")), ValueTypeError, "Invalid status 'Green': expected Status"),
        (lambda: Summary([(Status.GREEN, 1)]).share(Status.NOT_RATED), StatusComparisonError, "Invalid status <Status N/A>: percentages are of rated items; use .not_rated"),
        (lambda: Summary([(Status.GREEN, 1)]).rounded_percents(29), OutOfRangeError, "Invalid places 29: expected a whole number from 0 to 28"),
        (lambda: summarise(_junk(5)), ValueTypeError, "Invalid items 5: expected a sequence, not int"),
        (lambda: summarise([_junk(5)]), ValueTypeError, "Invalid item 5: expected a Status or an object with a .status"),
        (lambda: summarise([], unlisted=-1), InvalidCountError, "Invalid unlisted -1: expected a whole number of 0 or more"),
    ],
)  # fmt: skip
def test_every_summary_error_says_its_field_value_and_expectation(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """Each refusal of counts, a status or places in a summary says what and why."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({G: 2, R: 0, NA: 1}, ((NA, 1), (G, 2))),
        ([(R, 1), (G, 2)], ((G, 2), (R, 1))),
        ((pair for pair in [(A, 3)]), ((A, 3),)),
    ],
)
def test_a_summary_reads_counts_from_a_mapping_or_pairs(counts: Any, expected: object) -> None:
    """Counts come as a mapping or as (status, count) pairs; zero counts are left out."""
    assert Summary(counts).entries == expected


def test_summary_on_a_custom_scale() -> None:
    """Summaries work on any scale."""
    scale = Scale.define("Council", ["Good", "Poor"])
    summary = summarise([scale.best, scale.worst, scale.worst])
    assert summary.count(scale.worst) == 2
    assert summary.statuses == (scale.worst, scale.best)


@given(
    st.decimals(min_value=0, max_value=200, places=1),
    st.sampled_from([G, A, R]),
)
def test_override_never_changes_computed(value: Decimal, recorded: Status) -> None:
    """Law: overriding never changes the computed status."""
    framework = Framework([KPI("1", "x", "75%")])
    figure = Figure(value, percent=True)
    plain = framework.evaluate([Observation("1", figure)]).results[0]
    overridden = framework.evaluate(
        [Observation("1", figure, recorded=recorded, override="judgement")]
    ).results[0]
    assert overridden.computed == plain.computed
    assert overridden.status == recorded


def test_unit_defaults_from_part_targets() -> None:
    """A composite whose parts have percentage targets is a percent KPI by default."""
    kpi = KPI("5.6", "Library satisfaction", parts=[Part("Adults", Target.parse("97%"))])
    assert kpi.unit is Unit.PERCENT
    assert KPI("4.7", "Homes", parts=[Part("Starts", Target.parse("34"))]).unit is Unit.COUNT


@pytest.mark.parametrize(
    ("places", "error"),
    [(2**63, OutOfRangeError), (29, OutOfRangeError), (-1, OutOfRangeError), ("2", ValueTypeError)],
)
def test_rounded_percents_places_limited(places: object, error: type[Exception]) -> None:
    """Decimal places run from 0 to 28; 2**63 is refused at once instead of hanging."""
    with pytest.raises(error, match="places"):
        summarise([G, A]).rounded_percents(places)  # type: ignore[arg-type]
    assert summarise([G, A, A]).rounded_percents(28)[A] == Decimal("66." + "6" * 26 + "67")


def test_the_figure_is_value_and_the_published_status_recorded() -> None:
    """Observation's fields are value and recorded; the old names read with a warning."""
    obs = Observation("1.5", "69%", recorded=R)
    assert obs.value is not None
    assert (obs.value.display(), obs.recorded) == ("69%", R)
    with pytest.warns(DeprecationWarning, match="use Observation.value"):
        assert obs.measure == obs.value
    with pytest.warns(DeprecationWarning, match="use Observation.recorded"):
        assert obs.reported is R
    with pytest.warns(DeprecationWarning, match="from_legacy"):
        legacy = Observation.from_legacy("1.5", measure="69%", reported=R, override="as Red")
    assert legacy == Observation("1.5", "69%", recorded=R, override="as Red")


@pytest.mark.parametrize("period", ["Q1 2017/18", parse_period("Q1 2017/18")])
def test_a_period_is_accepted_as_text(period: object) -> None:
    """Regression: evaluate(period="Q1 2017/18") is a quarter, as text or as an object."""
    framework = Framework([KPI("2.9", "Enrolments", ">=2,000", profile=Profile.linear(4))])
    evaluation = framework.evaluate([Observation("2.9", 656)], period=period)  # type: ignore[arg-type]
    assert evaluation.period == parse_period("Q1 2017/18")
    assert str(evaluation.results[0].target) == ">=500"
    assert evaluate_kpi(framework.kpis[0], Observation("2.9", 656), period="Q1 2017/18").status is G


def test_a_missing_period_says_how_to_give_it() -> None:
    """Regression: a profiled KPI without a period says period='Q1 2017/18' in one message."""
    framework = Framework([KPI("2.9", "Enrolments", ">=2,000", profile=Profile.linear(4))])
    with pytest.raises(InvalidPeriodError) as info:
        framework.evaluate([Observation("2.9", 656)])
    assert str(info.value) == (
        "KPI '2.9': Invalid period None: a profile of 4 periods needs a matching quarter "
        "(or a year) to scale the annual target; give it as period='Q1 2017/18' "
        "(--period on the command line)"
    )
    with pytest.raises(ValueTypeError):
        framework.evaluate([], period=4)  # type: ignore[arg-type]


def test_a_result_keeps_its_scheme_and_builds_its_audit_row() -> None:
    """One path: a result keeps the scheme it was judged by and builds its own audit entry."""
    strict = Scheme.standard(Tolerance.none())
    kpis = [KPI("1", "a", "75%", scheme=strict), KPI("2", "b", "75%")]
    evaluation = Framework(kpis).evaluate(
        [Observation("1", 70, recorded=A), Observation("2", 70, recorded=A)]
    )
    first, second = evaluation.results
    assert (first.scheme, second.scheme) == (strict, Scheme.city_of_london())
    assert first.audit_entry() == evaluation.audit()[0]
    assert second.audit_entry() is None
    alone = evaluate_kpi(kpis[0], Observation("1", 70), scheme=Scheme.city_of_london())
    assert (alone.scheme, alone.status) == (strict, R)


def test_a_data_only_kpi_keeps_and_shows_its_figure() -> None:
    """Regression: a not-rated KPI with a figure ("data only") keeps and shows the figure."""
    kpi = KPI("4.2", "Smoking quitters", None)
    obs = Observation("4.2", "52.0%", not_rated=NotRated.FOR_INFORMATION, reason="data only")
    result = evaluate_kpi(kpi, obs)
    assert (result.status, result.not_rated) == (NA, NotRated.FOR_INFORMATION)
    assert result.value is not None
    assert (result.display, result.value.display()) == ("52.0%", "52.0%")
    assert result.explanation == "N/A: data only"


def test_a_kpi_keeps_its_prepared_rule_and_never_mixes_them_up() -> None:
    """KPI.rule prepares once per target and scheme object, and a pickled copy prepares afresh."""
    kpi = KPI("1.6", "Waits", "<43")
    scheme = Scheme.city_of_london()
    assert kpi.target is not None
    first = kpi.rule(kpi.target, scheme)
    assert kpi.rule(kpi.target, scheme) is first
    other = Scheme.standard("5pt")
    assert kpi.rule(kpi.target, other).scheme == other
    copy = pickle.loads(pickle.dumps(kpi))
    assert copy == kpi
    assert copy.target is not None
    assert copy.rule(copy.target, other).scheme == other
    assert copy.rule(copy.target, scheme).scheme == scheme


@pytest.mark.parametrize(
    ("previous", "travel"),
    [("60 weeks", Trend.WORSE), ("60", Trend.WORSE), ("80 weeks", Trend.IMPROVED)],
)
def test_defect_observation_previous_unit_word(previous: str, travel: Trend) -> None:
    """A previous figure with the target's unit word is accepted in Python, as in files."""
    kpi = KPI("1.6", "Waits", "<=65 weeks")
    obs = Observation("1.6", "70 weeks", previous=previous)
    result = evaluate_kpi(kpi, obs)
    assert (result.travel, obs.previous) == (travel, Decimal(previous.split(maxsplit=1)[0]))


@pytest.mark.parametrize(
    ("target", "previous"), [("<=65 weeks", "60 days"), ("<=65", "60 weeks"), ("<=65%", "60 weeks")]
)
def test_defect_observation_previous_unit_word_checked(target: str, previous: str) -> None:
    """A previous figure in another unit than the target's is refused, naming the previous."""
    kpi = KPI("1.6", "Waits", target)
    with pytest.raises(UnitMismatchError, match="previous"):
        evaluate_kpi(kpi, Observation("1.6", None, previous=previous))


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (["0.69"], True),
        (["0.69", "1"], True),
        (["1"], False),
        (["0.69", "69%"], False),
        (["0.69", "70"], False),
    ],
)
def test_looks_like_fractions_is_one_predicate(figures: list[str], expected: bool) -> None:
    """The predicate Python warns with and files refuse with, on figures against >=75%."""
    kpi = KPI("1.5", "Sleep out once", ">=75%")
    judged = [(Figure.parse(figure), kpi.target) for figure in figures]
    assert looks_like_fractions(kpi, judged) is expected


@pytest.mark.parametrize(
    ("not_rated", "expected"),
    [(None, "N/A: No cases"), (NotRated.SUPPRESSED, "N/A: fewer than five")],
)
def test_reason_words_replace_a_given_reason_not_no_cases(
    not_rated: NotRated | None, expected: str
) -> None:
    """The reason's words stand for a given reason; a cohort of no cases still says so."""
    kpi = KPI("2.1", "Seen in time", ">=75%")
    obs = Observation("2.1", Cohort(0, 0), not_rated=not_rated, reason="fewer than five")
    assert evaluate_kpi(kpi, obs).explanation == expected


@pytest.mark.parametrize(
    ("unit", "target", "previous"),
    [
        ("weeks", "<=70", "60%"),
        ("weeks", "<=70", "£60"),
        ("jobs", ">=85", "60 %"),
        (None, "<43", "60%"),
        ("percent", ">=75%", "£60"),
    ],
)
def test_defect_previous_with_percent_sign_against_weeks_target(
    unit: str | None, target: str, previous: str
) -> None:
    """A previous figure in % or money against a KPI in another unit is refused, as the value is."""
    title = "Weeks waited"
    kpi = KPI("2.1", title, target) if unit is None else KPI("2.1", title, target, unit=unit)
    with pytest.raises(UnitMismatchError) as caught:
        evaluate_kpi(kpi, Observation("2.1", "67", previous=previous))
    assert (caught.value.field, caught.value.subject) == ("previous", "KPI '2.1'")


@pytest.mark.parametrize(
    ("target", "previous", "expected"),
    [(">=75%", "60%", Trend.IMPROVED), (">=£75", "£80", Trend.WORSE), ("<=70", "60", Trend.WORSE)],
)
def test_previous_in_the_targets_unit_is_read(target: str, previous: str, expected: Trend) -> None:
    """A previous figure written in the target's own unit (or bare) gives the direction of travel."""
    kpi = KPI("2.1", "Measure", target)
    figure = "69%" if "%" in target else "£70" if "£" in target else "67"
    assert evaluate_kpi(kpi, Observation("2.1", figure, previous=previous)).travel is expected


def test_defect_travel_alias_without_deprecation_warning() -> None:
    """``kpi.Travel``, the older name of ``Trend``, warns when it is used, and still is ``Trend``."""
    import kpirag.kpi  # noqa: PLC0415

    with pytest.warns(DeprecationWarning, match="Trend"):
        alias = kpirag.kpi.Travel  # type: ignore[attr-defined]
    assert alias is Trend
    for _ in range(2):  # served on every use, never cached, so every use warns
        with pytest.warns(DeprecationWarning, match="Trend"):
            assert kpirag.Travel is Trend
    assert "Travel" not in kpirag.kpi.__all__
    assert "Travel" not in kpirag.__all__


@pytest.mark.parametrize("unit", ["days", "weeks", "jobs"])
def test_defect_days_unit_word_behaves_like_weeks(unit: str) -> None:
    """``unit="days"`` gives its word to the target and figures, as ``"weeks"`` and ``"jobs"`` do."""
    kpi = KPI("2.1", "Time taken", "<=70", unit=unit)
    assert (str(kpi.target), kpi.unit_word) == (f"<=70 {unit}", unit)
    for figure in (f"67 {unit}", "67"):
        result = evaluate_kpi(kpi, Observation("2.1", figure, previous=f"60 {unit}"))
        assert result.explanation == f"Green: 67 {unit} meets <=70 {unit}"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: KPI("1.6", "Living on the streets", "<43"), "KPI('1.6', 'Living on the streets', <43)"),
        (lambda: KPI("1.6", "Living on the streets", parts=[Part("a", Target.parse("<4")), Part("b")]), "KPI('1.6', 'Living on the streets', 2 parts)"),
        (lambda: KPI("1.6", "Living on the streets"), "KPI('1.6', 'Living on the streets', None)"),
        (lambda: Part("a", Target.parse("<4"), profile=Profile([Fraction(1, 4)] * 4)), "Part('a', <4, profiled)"),
        (lambda: Observation("1.6", 40), "Observation('1.6', '40')"),
        (lambda: Observation("1.6", 40, display="40 people"), "Observation('1.6', '40 people')"),
        (lambda: Observation("1.6", parts={"a": 1, "b": 2}), "Observation('1.6', 2 parts)"),
        (lambda: Observation("1.6", not_rated=NotRated.SUPPRESSED), "Observation('1.6', Suppressed)"),
        (lambda: Observation("1.6"), "Observation('1.6', no value)"),
        (lambda: Observation("1.6", 40, recorded=Status.GREEN, override="x", previous=38, commentary="c"), "Observation('1.6', '40', recorded Green, overridden)"),
        (lambda: Framework([KPI("1.6", "x", "<43"), KPI("1.7", "y", "<4")]), "Framework(2 KPIs)"),
        (lambda: Framework([KPI("1.6", "x", "<43")]).evaluate([Observation("1.6", 40)]), "Evaluation(1 result)"),
        (lambda: Framework([KPI("1.6", "x", "<43")]).evaluate([Observation("1.6", 40)]).results[0], "KPIResult('1.6', Green, target <43)"),
        (lambda: Framework([KPI("1.6", "x", "<43")]).evaluate([Observation("1.6", 40, recorded=Status.RED, override="published")]).results[0], "KPIResult('1.6', Red (computed Green), target <43)"),
        (lambda: Framework([KPI("1.6", "x", "<43")]).evaluate([Observation("1.6", 40, recorded=Status.RED, override="published")]).audit(), "(AuditEntry('1.6', recorded Red, computed Green, +2 levels),)"),
        (lambda: Framework([KPI("1.6", "x", parts=[Part("a", Target.parse("<4"))])]).evaluate([Observation("1.6", parts={"a": 3})]).results[0].parts[0], "PartResult('a', Green, target <4)"),
        (lambda: Framework([KPI("1.6", "x", parts=[Part("a", Target.parse("<4"))])]).evaluate([Observation("1.6", parts={"a": 3})]).results[0], "KPIResult('1.6', Green, 1 part)"),
        (lambda: summarise([Status.GREEN, Status.RED]), "Summary(Green 1, Red 1)"),
        (lambda: summarise([]), "Summary(empty)"),
    ],
)  # fmt: skip
def test_kpi_layer_reprs_show_id_figure_status_and_target(
    build: Callable[[], object], expected: str
) -> None:
    """A definition's, observation's or result's repr names its id, title, figure and status."""
    assert repr(build()) == expected


def test_a_kpi_line_holds_every_field_of_its_result() -> None:
    """KPILine.of copies the figure, statuses, override and commentary; no observation gives ''."""
    from kpirag.kpi import KPILine  # noqa: PLC0415 - exported by the kpi layer only

    obs = Observation("1.5", 46, recorded=R, override="published", commentary="staff off")
    line = KPILine.of(evaluate_kpi(KPI("1.5", "Calls", "<43"), obs))
    explanation = "Amber: 46 misses <43 by 3 (7.0%), within the 10% tolerance (Amber up to 47.3)"
    assert tuple(line) == (
        "1.5", "Calls", "<43", "<43", "46", Decimal(46), R, A, R, None, explanation,
        "published", "staff off",
    )  # fmt: skip
    empty = KPILine.of(evaluate_kpi(KPI("1.6", "Waits", "<43"), None))
    assert (empty.display, empty.reason, empty.override, empty.commentary) == (
        "No data", "No data", None, ""
    )  # fmt: skip


@pytest.mark.parametrize(("kpi_id", "given"), [("P", "Q"), ("1.5", "1.50"), ("1.5", "1.5 ")])
def test_defect_evaluate_kpi_judges_another_kpis_observation(kpi_id: str, given: str) -> None:
    """An observation of another KPI is refused, not judged against this KPI's target."""
    with pytest.raises(InvalidKPIError) as caught:
        evaluate_kpi(KPI(kpi_id, "x", ">=75%"), Observation(given, 1))
    assert str(caught.value) == (
        f"KPI {kpi_id!r}: Invalid observation {given!r}: expected an observation of KPI {kpi_id!r}"
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: KPI("1", "x", "<4").rule(_junk(">=5"), Scheme.city_of_london()), ValueTypeError, "Invalid target '>=5': expected Target"),
        (lambda: KPI("1", "x", "<4").rule(Target.parse("<4"), _junk("10%")), ValueTypeError, "Invalid scheme '10%': expected Scheme"),
        (lambda: applied_target(_junk("1")), ValueTypeError, "Invalid kpi '1': expected KPI"),
        (lambda: applied_target(KPI("1", "x", "<4"), _junk(5)), ValueTypeError, "Invalid period 5: expected a Quarter, Month, Year or a label such as 'Q1 2017/18'"),
        (lambda: Observation("1", parts=_junk([("a", 1, 2)])), ValueTypeError, "Invalid parts item ('a', 1, 2): expected a (part name, measure) pair"),
        (lambda: Observation("1", parts=_junk([(1, 2)])), ValueTypeError, "Invalid parts item (1, 2): expected a (part name, measure) pair"),
        (lambda: Observation("1", parts=_junk(5)), ValueTypeError, "Invalid parts 5: expected a sequence, not int"),
        (lambda: Observation("1", 5, override="because"), InvalidKPIError, "KPI '1': Invalid override 'because': an override needs the recorded status and a non-empty reason"),
        (lambda: Observation("1", 5, recorded=Status.RED, override=" "), InvalidKPIError, "KPI '1': Invalid override ' ': an override needs the recorded status and a non-empty reason"),
        (lambda: Observation("1", 5, parts={"a": 1}), InvalidKPIError, "KPI '1': Invalid value: give either one value or parts, not both"),
        (lambda: Observation("1", _junk([5])), ValueTypeError, "Invalid figure [5]: expected an int, float, Decimal or numeric string, not list"),
        (lambda: Observation(_junk(1), 5), ValueTypeError, "Invalid kpi_id 1: expected text, not int"),
        (lambda: Observation("1", 5, recorded=_junk("Red")), ValueTypeError, "Invalid recorded 'Red': expected Status or None, not str"),
        (lambda: Observation("1", 5, not_rated=_junk("x")), ValueTypeError, "Invalid not_rated 'x': expected NotRated or None, not str"),
        (lambda: looks_like_fractions(_junk("1"), []), ValueTypeError, "Invalid kpi '1': expected KPI"),
        (lambda: looks_like_fractions(KPI("1", "x", ">=75%"), [_junk((1,))]), ValueTypeError, "Invalid judged item (1): expected a (figure, target) pair"),
        (lambda: looks_like_fractions(KPI("1", "x", ">=75%"), [(Figure(1), _junk(">=75%"))]), ValueTypeError, "Invalid target '>=75%': expected Target"),
        (lambda: evaluate_kpi(_junk("1"), None), ValueTypeError, "Invalid kpi '1': expected KPI"),
        (lambda: evaluate_kpi(KPI("1", "x", "<4"), _junk(5)), ValueTypeError, "Invalid observation 5: expected Observation"),
        (lambda: evaluate_kpi(KPI("1", "x", "<4"), None, scheme=_junk("10%")), ValueTypeError, "Invalid scheme '10%': expected Scheme"),
        (lambda: Framework([KPI("1", "x", "<4")]).evaluate(_junk(5)), ValueTypeError, "Invalid observations 5: expected a sequence, not int"),
        (lambda: Framework([KPI("1", "x", "<4")]).evaluate([_junk(5)]), ValueTypeError, "Invalid observation 5: expected an Observation"),
        (lambda: Framework([KPI("1", "x", "<4")]).evaluate([Observation("2", 5)]), InvalidKPIError, "KPI '2': a value for an unknown id"),
        (lambda: Framework([KPI("1", "x", "<4")]).evaluate([Observation("1", 5), Observation("1", 6)]), InvalidKPIError, "KPI '1': more than one observation"),
        (lambda: Framework([KPI("1", "x", "<4")]).evaluate([], period=_junk(5)), ValueTypeError, "Invalid period 5: expected a Quarter, Month, Year or a label such as 'Q1 2017/18'"),
        (lambda: Framework([KPI("1", "x", "<4")], scheme=_junk(5)), ValueTypeError, "Invalid scheme 5: expected Scheme, not int"),
    ],
)  # fmt: skip
def test_every_kpi_layer_argument_error_names_the_argument(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """A rule, an observation, an evaluation or a predicate given a wrong argument names it."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_a_framework_from_a_frame_renames_its_columns() -> None:
    """Framework.from_frame passes the column names on: 'code' read as the KPI id."""
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame({"code": ["1.5"], "name": ["Calls"], "target": ["<43"]})
    framework = Framework.from_frame(frame, kpi_id="code", title="name")
    assert framework.kpis == (KPI("1.5", "Calls", "<43"),)


# -- deferred results and evaluations (how load_kpis evaluates a large file) ------------------


def _made_later(observation: Observation) -> tuple[KPIResult, list[int]]:
    """A result of the Waits KPI made in full, and a list counting the calls made for it."""
    kpi = KPI("1.6", "Waits", "<43")
    return evaluate_kpi(kpi, observation), []


def _deferred(made: KPIResult, calls: list[int]) -> KPIResult:
    def later() -> KPIResult:
        calls.append(1)
        return made

    return KPIResult.deferred(
        later,
        status=made.status,
        computed=made.computed,
        recorded=made.recorded,
        explanation=made.explanation,
        scheme=made.scheme,
    )


def test_a_deferred_result_gives_its_statuses_without_making_the_rest() -> None:
    """A deferred result's statuses, explanation and scheme are read without calling later()."""
    made, calls = _made_later(Observation("1.6", 46, recorded=Status.RED, override="known"))
    result = _deferred(made, calls)
    assert (result.status, result.computed, result.recorded) == (
        Status.RED,
        Status.AMBER,
        Status.RED,
    )
    assert (result.explanation, result.scheme, result.disagrees) == (
        made.explanation,
        made.scheme,
        True,
    )
    assert calls == []


@pytest.mark.parametrize(
    "read",
    [
        lambda r: r.kpi,
        lambda r: r.observation,
        lambda r: r.assessment,
        lambda r: r.target,
        lambda r: r.travel,
        lambda r: r.parts,
        lambda r: r.not_rated,
        lambda r: r.display,
        repr,
        hash,
        lambda r: pickle.loads(pickle.dumps(r)),
    ],
)
def test_a_deferred_result_makes_the_rest_once_and_then_is_the_result_made_in_full(
    read: object,
) -> None:
    """Reading any other field makes the whole result once; it then equals the one made in full."""
    made, calls = _made_later(Observation("1.6", 46, previous=50))
    result = _deferred(made, calls)
    read(result)  # type: ignore[operator]
    assert calls == [1]
    assert result == made
    assert made == result
    assert hash(result) == hash(made)
    assert repr(result) == repr(made)
    assert (result.kpi, result.assessment, result.travel) == (
        made.kpi,
        made.assessment,
        made.travel,
    )
    assert pickle.loads(pickle.dumps(result)) == made
    assert calls == [1]


def test_a_deferred_result_without_an_explanation_makes_it_with_the_rest() -> None:
    """Left out, the explanation comes from later() with the other fields, made once."""
    made, calls = _made_later(Observation("1.6", 46, previous=50))

    def later() -> KPIResult:
        calls.append(1)
        return made

    result = KPIResult.deferred(
        later,
        status=made.status,
        computed=made.computed,
        recorded=None,
        scheme=made.scheme,
    )
    assert result.status is Status.AMBER
    assert calls == []
    assert result.explanation == made.explanation
    assert (result.travel, calls) == (made.travel, [1])
    assert result == made


def test_a_deferred_result_differs_where_its_known_fields_do() -> None:
    """Equality compares the fields given now too: a wrong status given now is not hidden."""
    made, _ = _made_later(Observation("1.6", 46))
    wrong = KPIResult.deferred(
        lambda: made,
        status=Status.GREEN,
        computed=made.computed,
        recorded=None,
        explanation=made.explanation,
        scheme=made.scheme,
    )
    assert wrong != made
    assert wrong.kpi == made.kpi


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "Red"}, "status"),
        ({"computed": None}, "computed"),
        ({"recorded": "Red"}, "recorded"),
        ({"explanation": 5}, "explanation"),
        ({"scheme": "10%"}, "scheme"),
        ({"later": 5}, "later"),
    ],
)
def test_deferred_result_junk_arguments_raise_our_errors(
    changes: dict[str, object], field: str
) -> None:
    """KPIResult.deferred given junk names the argument in our error."""
    made, _ = _made_later(Observation("1.6", 46))
    arguments: dict[str, object] = {
        "later": lambda: made,
        "status": made.status,
        "computed": made.computed,
        "recorded": None,
        "explanation": made.explanation,
        "scheme": made.scheme,
        **changes,
    }
    later = arguments.pop("later")
    with pytest.raises(ValueTypeError) as caught:
        KPIResult.deferred(later, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_deferred_result_whose_later_gives_junk_raises_our_error() -> None:
    """A later() that gives no KPIResult is refused with our error when a field is read."""
    made, _ = _made_later(Observation("1.6", 46))
    result = KPIResult.deferred(
        lambda: 5,  # type: ignore[arg-type, return-value]
        status=made.status,
        computed=made.computed,
        recorded=None,
        explanation=made.explanation,
        scheme=made.scheme,
    )
    with pytest.raises(ValueTypeError) as caught:
        _ = result.kpi
    assert (caught.value.field, caught.value.value) == ("later", 5)
    with pytest.raises(AttributeError):
        _ = result.no_such_field  # type: ignore[attr-defined]


def test_a_deferred_evaluation_makes_its_framework_when_first_read() -> None:
    """Evaluation.deferred counts and lists without its framework, and then equals the full one."""
    framework = Framework([KPI("1.6", "Waits", "<43"), KPI("1.5", "Once", ">=75%")])
    full = framework.evaluate(
        [Observation("1.6", 46), Observation("1.5", "80%")], period="Q1 2017/18"
    )
    calls: list[int] = []

    def later() -> Framework:
        calls.append(1)
        return framework

    evaluation = Evaluation.deferred(later, full.results, "Q1 2017/18")
    assert repr(evaluation) == "Evaluation(2 results, Q1 2017/18)"
    assert (evaluation.summary(), evaluation.exceptions(), evaluation.audit()) == (
        full.summary(),
        full.exceptions(),
        full.audit(),
    )
    assert calls == []
    assert evaluation.framework is framework
    assert evaluation == full
    assert pickle.loads(pickle.dumps(evaluation)) == full
    assert calls == [1]


@pytest.mark.parametrize(
    ("arguments", "field"),
    [((5, []), "framework"), ((Framework, [5]), "results item"), ((Framework, [], "Q9"), None)],
    ids=["framework", "results", "period"],
)
def test_deferred_evaluation_junk_arguments_raise_our_errors(
    arguments: tuple[object, ...], field: str | None
) -> None:
    """Evaluation.deferred given junk raises our error, naming the argument."""
    with pytest.raises(KpiragError) as caught:
        Evaluation.deferred(*arguments)  # type: ignore[arg-type]
    if field is not None:
        assert caught.value.field == field


@pytest.mark.parametrize(
    ("figure", "previous", "recorded", "override"),
    [
        (Decimal(46), None, None, None),
        (Decimal(40), Decimal(50), None, None),
        (Decimal(43), Decimal(41), Status.GREEN, "agreed with the regulator"),
        (Decimal("47.3"), Decimal(46), None, None),
    ],
)
def test_rate_without_words_gives_the_same_statuses_and_no_words_or_travel(
    figure: Decimal, previous: Decimal | None, recorded: Status | None, override: str | None
) -> None:
    """``rate(explain=False)`` decides the same statuses, leaving the explanation and travel."""
    from kpirag.kpi import rate  # noqa: PLC0415 - the one rating function, tested here alone

    kpi = KPI("1.6", "Waits", "<43")
    rule = kpi.rule(kpi.target, Scheme.city_of_london())  # type: ignore[arg-type]
    given = {"previous": previous, "recorded": recorded, "override": override}
    full = rate(kpi, rule, figure, **given)  # type: ignore[arg-type]
    bare = rate(kpi, rule, figure, **given, explain=False)  # type: ignore[arg-type]
    assert (bare.status, bare.computed, bare.not_rated) == (
        full.status,
        full.computed,
        full.not_rated,
    )
    assert (bare.explanation, bare.travel) == ("", None)
    assert full.explanation
