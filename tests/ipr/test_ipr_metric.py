"""A metric's definition and a period's figure: what is read, what is refused, and why."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import pytest

from kpirag.errors import InvalidMetricError, KpiragError
from kpirag.ipr import (
    Annotation,
    AssuranceTarget,
    IPRSettings,
    Metric,
    MetricValue,
    QualityScale,
    metric_target,
    read_as_of,
)
from kpirag.kpi import Month, Unit, read_period
from kpirag.rules import Scheme, Target
from kpirag.spc import Improvement, SPCSettings

UP, DOWN, NEUTRAL = Improvement.INCREASE, Improvement.DECREASE, Improvement.NEUTRAL


@pytest.mark.parametrize(
    ("given", "improvement", "unit", "expected"),
    [
        ("95", UP, Unit.PERCENT, ">=95%"),  # a percentage metric's bare number is a percentage
        ("95%", UP, Unit.PERCENT, ">=95%"),
        (95, UP, Unit.PERCENT, ">=95%"),
        (Decimal("4.5"), DOWN, Unit.COUNT, "<=4.5"),
        (0.1, DOWN, Unit.COUNT, "<=0.1"),  # a float is the decimal it prints as
        ("4", DOWN, "days", "<=4"),
        (">=78%", UP, Unit.PERCENT, ">=78%"),  # an operator is read as written
        ("<43", DOWN, Unit.COUNT, "<43"),
        ("at least 90", UP, Unit.COUNT, ">=90"),
        ("30 or less", DOWN, Unit.COUNT, "<=30"),
        ("between 0.89 and 1.12", NEUTRAL, Unit.COUNT, "between 0.89 and 1.12"),
        ("between 90% and 95%", UP, Unit.PERCENT, "between 90% and 95%"),
        ("<=2", NEUTRAL, Unit.COUNT, "<=2"),  # a neutral metric may take either operator
    ],
)
def test_metric_target_reads_bare_figures_by_improvement(
    given: object, improvement: Improvement, unit: Unit | str, expected: str
) -> None:
    target = metric_target(given, improvement, unit)
    assert target is not None
    assert str(target) == expected


@pytest.mark.parametrize("given", [None, "", "   "])
def test_metric_target_blank_is_no_target(given: object) -> None:
    assert metric_target(given, UP, Unit.COUNT) is None


@pytest.mark.parametrize(
    ("given", "improvement", "words"),
    [
        ("95", NEUTRAL, "the metric is neutral"),  # which side is better cannot be guessed
        ("<=5", UP, "lower is better, but improvement is 'increase'"),
        ("at least 3", DOWN, "higher is better, but improvement is 'decrease'"),
        ("ninety", UP, ""),
        (True, UP, "a target, a figure or None"),
        ([95], UP, "a target, a figure or None"),
    ],
)
def test_metric_target_refuses_what_it_would_have_to_guess(
    given: object, improvement: Improvement, words: str
) -> None:
    with pytest.raises(InvalidMetricError) as caught:
        metric_target(given, improvement, Unit.COUNT)
    assert caught.value.field == "target"
    assert words in str(caught.value)


def test_a_metric_without_a_direction_is_refused() -> None:
    """Which way is better is never guessed: the icons would be wrong half the time."""
    with pytest.raises(InvalidMetricError, match="which way is better must be said"):
        Metric("ED4", "Seen in 4 hours", "Urgent care", target="78%")


def test_a_metric_takes_its_unit_from_a_percentage_target() -> None:
    metric = Metric("ED4", "Seen in 4 hours", "Urgent care", improvement="increase", target="78%")
    assert metric.unit is Unit.PERCENT
    assert metric.target == Target.parse(">=78%")
    counted = Metric("F1", "Falls", "Safety", improvement="decrease", target=6)
    assert counted.unit is Unit.COUNT
    assert counted.target == Target.parse("<=6")


def test_a_unit_word_goes_to_the_target() -> None:
    metric = Metric(
        "A", "Handover", "Urgent care", improvement="decrease", target=30, unit="minutes"
    )
    assert metric.unit == "minutes"
    assert str(metric.target) == "<=30"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("improvement", "up"),
        ("frequency", "fortnightly"),
        ("chart", "p"),
        ("baseline", 1),
        ("baseline", True),
        ("baseline", 2.5),
        ("due", -1),
        ("due", 3661),
        ("due", 1.5),
        ("unit", 5),
        ("recalculate", ["not a period"]),
        ("annotations", {"2024-04": ""}),
        ("annotations", ["text"]),
    ],
)
def test_a_bad_field_is_refused_with_its_name(field: str, value: object) -> None:
    kwargs: dict[str, object] = {"improvement": "increase", field: value}
    with pytest.raises(KpiragError) as caught:
        Metric("M1", "Measure", "Domain", **kwargs)  # type: ignore[arg-type]
    named = {"recalculate": "recalculate", "annotations": "annotation"}
    assert caught.value.field in {field, named.get(field), "annotation period", "annotations"}
    if field in {"chart", "frequency", "improvement", "due", "unit"}:
        assert caught.value.value == value


def test_a_bad_annotation_names_the_item() -> None:
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M1", "Measure", "Domain", improvement="increase", annotations=["text"])
    assert caught.value.field == "annotations"
    assert caught.value.value == "text"


def test_reprs_cut_long_ids() -> None:
    long_id = "A" * 30
    metric = Metric(long_id, "Measure", "Domain", improvement="increase")
    assert repr(metric) == "Metric('AAAAAAAAAAAAAAAAAAA…', 'Measure', 'Domain', no target)"
    value = MetricValue(long_id, "2025-01", 5)
    assert repr(value) == "MetricValue('AAAAAAAAAAAAAAAAAAA…', Jan 2025, 5)"


@pytest.mark.parametrize("field", ["id", "title", "domain"])
def test_blank_identity_is_refused(field: str) -> None:
    values = {"id": "M1", "title": "Measure", "domain": "Domain"}
    values[field] = "  "
    with pytest.raises(InvalidMetricError) as caught:
        Metric(values["id"], values["title"], values["domain"], improvement="increase")
    assert caught.value.field == field


def test_annotations_and_recalculations_are_read_as_periods() -> None:
    metric = Metric(
        "RTT",
        "Waiting under 18 weeks",
        "Planned care",
        improvement="increase",
        recalculate=["2024-04"],
        annotations={"Apr 2024": "Waiting list validated", "2024-06": "New system"},
    )
    april = read_period("2024-04")
    assert metric.recalculate == (april,)
    assert metric.annotation(april) == "Waiting list validated"
    assert metric.annotation(read_period("2024-05")) is None
    assert [str(note) for note in metric.annotations] == [
        "Apr 2024: Waiting list validated",
        "Jun 2024: New system",
    ]
    pairs = Metric("X", "X", "X", improvement="neutral", annotations=[("2024-06", "A")])
    assert pairs.annotations == (Annotation("2024-06", "A"),)


def test_metrics_are_hashable_and_pickle() -> None:
    metric = Metric(
        "ED4", "Seen", "Urgent care", improvement="increase", target="78%",
        scheme=Scheme.city_of_london(), spc=SPCSettings.mdc_2023(),
        annotations={"2024-04": "A"}, recalculate=["2024-04"], quality="Reasonable", due=10,
    )  # fmt: skip
    assert pickle.loads(pickle.dumps(metric)) == metric
    assert hash(metric) == hash(pickle.loads(pickle.dumps(metric)))
    value = MetricValue("ED4", "2025-03", "74.9%", target="78", reference=95, provisional=True)
    assert pickle.loads(pickle.dumps(value)) == value


@pytest.mark.parametrize(
    ("value", "shown"),
    [("74.9%", "74.9%"), ("1,204", "1,204"), (0.1, "0.1"), (Decimal("3.50"), "3.50"), (None, None)],
)
def test_a_value_reads_figures_as_a_kpi_file_does(value: object, shown: str | None) -> None:
    read = MetricValue("M", "2025-03", value)
    assert (None if read.value is None else read.value.display()) == shown


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("value", {"value": "lots"}),
        ("value", {"value": float("nan")}),
        ("period", {"period": "Smarch 2025"}),
        ("reference", {"reference": "high"}),
        ("target", {"target": [1]}),
    ],
)
def test_a_bad_value_is_refused_with_its_field(field: str, kwargs: dict[str, object]) -> None:
    given = {"metric": "M", "period": "2025-03", **kwargs}
    with pytest.raises(KpiragError) as caught:
        MetricValue(**given)  # type: ignore[arg-type]
    assert caught.value.field is not None
    assert caught.value.field.startswith(field)


def test_quality_scale_ranks_levels_in_any_case() -> None:
    scale = QualityScale(["Insufficient", "Limited", "Reasonable"], rated_from="limited")
    assert scale.below("INSUFFICIENT")
    assert not scale.below("Limited")
    assert not scale.below("reasonable")
    assert scale.level(" reasonable ") == "Reasonable"
    assert not QualityScale(["Provisional", "Validated"]).below("Provisional")


@pytest.mark.parametrize(
    ("levels", "rated_from"),
    [((), None), (("A", "a"), None), (("A", ""), None), (("A", "B"), "C"), ((1, 2), None)],
)
def test_a_bad_quality_scale_is_refused(levels: tuple[object, ...], rated_from: str | None) -> None:
    with pytest.raises(KpiragError):
        QualityScale(levels, rated_from=rated_from)  # type: ignore[arg-type]


def test_a_rating_off_the_scale_is_refused() -> None:
    scale = QualityScale(["Low", "High"])
    with pytest.raises(InvalidMetricError, match="one of 'Low', 'High'"):
        scale.level("Medium")


@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2025-03-31", dt.date(2025, 3, 31)),
        ("31/03/2025", dt.date(2025, 3, 31)),
        ("Mar 2025", dt.date(2025, 3, 31)),
        ("Q4 2024/25", dt.date(2025, 3, 31)),
        (dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC), dt.date(2025, 3, 31)),
        (dt.date(2025, 3, 31), dt.date(2025, 3, 31)),
    ],
)
def test_the_report_date_reads_dates_and_periods(given: object, day: dt.date) -> None:
    assert read_as_of(given) == day


@pytest.mark.parametrize("given", ["soon", 20250331, None])
def test_a_bad_report_date_is_refused(given: object) -> None:
    with pytest.raises(InvalidMetricError) as caught:
        read_as_of(given)
    assert caught.value.field == "as_of"


def test_settings_read_their_choices() -> None:
    assert IPRSettings().assurance is AssuranceTarget.LATEST
    assert IPRSettings(assurance="each").assurance is AssuranceTarget.EACH
    with pytest.raises(InvalidMetricError):
        IPRSettings(assurance="first")
    with pytest.raises(InvalidMetricError):
        IPRSettings(quality=["A"])  # type: ignore[arg-type]
    assert isinstance(read_period("2025-03"), Month)
