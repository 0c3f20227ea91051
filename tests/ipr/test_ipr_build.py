"""``kpirag.ipr.build``: every period judged against its own target, and the latest read whole."""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Sequence
from fractions import Fraction

import pytest

from kpirag.errors import InvalidMetricError, KpiragError
from kpirag.ipr import (
    IPR,
    AssuranceTarget,
    FlagKind,
    IPRSettings,
    Metric,
    MetricValue,
    QualityScale,
    build,
)
from kpirag.kpi import read_period
from kpirag.rules import Status, Trend
from kpirag.spc import Assurance, Rule, Variation, xmr

MONTHS = [f"{2023 + (3 + n) // 12}-{(3 + n) % 12 + 1:02}" for n in range(24)]  # Apr 2023 on
FLAT = [70, 72, 71, 73, 70, 72, 71, 73, 70, 72, 71, 73, 70, 72, 71, 73, 70, 72, 71, 73, 70, 72]


def _metric(**kwargs: object) -> Metric:
    given: dict[str, object] = {"improvement": "increase", "unit": "percent", **kwargs}
    return Metric("ED4", "Seen within 4 hours", "Urgent care", **given)  # type: ignore[arg-type]


def _values(
    figures: Sequence[object], targets: Sequence[object] | None = None
) -> list[MetricValue]:
    targets = targets or [None] * len(figures)
    return [
        MetricValue("ED4", month, figure, target=target)  # type: ignore[arg-type]
        for month, figure, target in zip(MONTHS, figures, targets, strict=False)
    ]


def test_each_period_is_judged_against_its_own_target() -> None:
    """A trajectory: the same figure is Green against one month's step and Amber against the next."""
    values = _values([75, 75, 75], ["74", "75", "76"])
    report = build([_metric()], values, as_of="2023-06-30").metric("ED4")
    assert [point.status for point in report.points] == [Status.GREEN, Status.GREEN, Status.AMBER]
    assert [str(point.target) for point in report.points] == [">=74%", ">=75%", ">=76%"]
    assert report.result is not None
    assert report.result.explanation.startswith("Amber: 75% misses >=76%")


def test_the_standing_target_fills_periods_without_their_own() -> None:
    values = _values([75, 75], [None, "70"])
    report = build([_metric(target="76%")], values, as_of="2023-05-31").metric("ED4")
    assert [str(point.target) for point in report.points] == [">=76%", ">=70%"]
    assert [point.status for point in report.points] == [Status.AMBER, Status.GREEN]


def test_a_period_without_any_target_is_not_rated_with_that_reason() -> None:
    report = build([_metric()], _values([75, 76]), as_of="2023-05-31").metric("ED4")
    assert report.status is Status.NOT_RATED
    assert report.points[-1].explanation == "N/A: No target for May 2023"
    flag = report.flagged("no_target")
    assert flag is not None
    assert flag.text == "No target for May 2023."


def test_a_quality_rating_below_the_declared_level_is_not_rated() -> None:
    scale = QualityScale(["Insufficient", "Limited", "Reasonable"], rated_from="Limited")
    settings = IPRSettings(quality=scale)
    values = _values([75, 80], ["76", "76"])
    poor = build([_metric(quality="insufficient")], values, as_of="2023-05-31", settings=settings)
    report = poor.metric("ED4")
    assert report.status is Status.NOT_RATED
    assert report.result is not None
    assert report.result.explanation == "N/A: Data quality Insufficient is below Limited"
    assert report.flagged(FlagKind.QUALITY) is not None
    fine = build([_metric(quality="Limited")], values, as_of="2023-05-31", settings=settings)
    assert fine.metric("ED4").status is Status.GREEN
    unscaled = build([_metric(quality="anything")], values, as_of="2023-05-31")
    assert unscaled.metric("ED4").status is Status.GREEN  # no scale declared: shown, not judged
    with pytest.raises(InvalidMetricError, match="metric 'ED4'"):
        build([_metric(quality="Great")], values, as_of="2023-05-31", settings=settings)


@pytest.mark.parametrize(
    ("as_of", "days"),
    [
        ("2023-07-10", None),  # May's figure is in; June's is due 10 July: not yet late
        ("2023-07-11", 1),
        ("2023-08-09", 30),
    ],
)
def test_a_metric_whose_next_figure_is_overdue_is_stale_by_the_days(
    as_of: str, days: int | None
) -> None:
    values = _values([75, 76], ["70", "70"])
    report = build([_metric(due=10)], values, as_of=as_of).metric("ED4")
    flag = report.flagged("stale")
    assert (None if flag is None else flag.days) == days
    if flag is not None:
        assert "the Jun 2023 figure was due by 10 Jul 2023" in flag.text
        assert flag.text in report.narrative
        plural = "day" if days == 1 else "days"
        assert flag.text.endswith(
            f", {days} {plural} before {dt.date.fromisoformat(as_of):%d %b %Y}."
        )


def test_freshness_of_quarters_and_dates() -> None:
    quarterly = Metric("Q", "Q", "D", improvement="increase", frequency="quarterly", due=30)
    dated = Metric("W", "W", "D", improvement="increase", frequency="monthly", due=0)
    values = [
        MetricValue("Q", "Q1 2024/25", 5),
        MetricValue("W", "2024-06-15", 5),
    ]
    ipr = build([quarterly, dated], values, as_of="2024-11-01")
    stale_q = ipr.metric("Q").flagged("stale")
    assert stale_q is not None
    assert stale_q.days == (dt.date(2024, 11, 1) - dt.date(2024, 10, 30)).days
    stale_w = ipr.metric("W").flagged("stale")
    assert stale_w is not None
    assert stale_w.days == (dt.date(2024, 11, 1) - dt.date(2024, 7, 15)).days


def test_no_due_lag_means_freshness_is_not_checked() -> None:
    report = build([_metric()], _values([75]), as_of="2030-01-01").metric("ED4")
    assert report.flagged("stale") is None


def test_periods_after_the_report_date_are_left_out() -> None:
    values = _values([75, 76, 77], ["70", "70", "70"])
    ipr = build([_metric()], values, as_of="2023-05-31")
    assert [str(point.period) for point in ipr.metric("ED4").points] == ["Apr 2023", "May 2023"]


def test_a_provisional_latest_figure_is_flagged() -> None:
    values = [
        MetricValue("ED4", "2023-04", 75, target="70"),
        MetricValue("ED4", "2023-05", 76, target="70", provisional=True),
    ]
    report = build([_metric()], values, as_of="2023-05-31").metric("ED4")
    flag = report.flagged(FlagKind.PROVISIONAL)
    assert flag is not None
    assert flag.text == "Provisional: the May 2023 figure is not yet validated."


def test_a_metric_without_figures_is_flagged_and_not_rated() -> None:
    ipr = build([_metric()], [], as_of="2023-05-31")
    report = ipr.metric("ED4")
    assert report.points == ()
    assert report.chart is None
    assert report.status is Status.NOT_RATED
    assert report.flagged("no_data") is not None
    assert report.narrative == "No figure up to 31 May 2023."


def test_travel_needs_consecutive_periods_and_a_direction() -> None:
    values = _values([75, 76], ["70", "70"])
    assert build([_metric()], values, as_of="2023-05-31").metric("ED4").travel is Trend.IMPROVED
    down = build([_metric(improvement="decrease")], _values([75, 76]), as_of="2023-05-31")
    assert down.metric("ED4").travel is Trend.WORSE
    gap = [MetricValue("ED4", "2023-04", 75), MetricValue("ED4", "2023-06", 76)]
    assert build([_metric()], gap, as_of="2023-06-30").metric("ED4").travel is None
    neutral = build([_metric(improvement="neutral")], _values([75, 76]), as_of="2023-05-31")
    assert neutral.metric("ED4").travel is None
    dated = [MetricValue("ED4", "2023-05-07", 75), MetricValue("ED4", "2023-05-21", 77)]
    assert build([_metric()], dated, as_of="2023-06-30").metric("ED4").travel is Trend.IMPROVED


def test_the_chart_is_the_xmr_chart_of_the_figures() -> None:
    values = _values(FLAT, ["72"] * len(FLAT))
    report = build([_metric()], values, as_of="2025-03-31").metric("ED4")
    periods = [read_period(month) for month in MONTHS[: len(FLAT)]]
    expected = xmr(FLAT, periods=periods, improvement="increase", target=72)
    assert report.chart == expected
    assert [point.spc for point in report.points] == list(expected.points)


def test_assurance_is_judged_against_the_latest_target_or_each() -> None:
    """Limits about 64 to 79: the first target (60) would pass, the latest (85) fails."""
    targets = ["60"] * 11 + ["85"] * 11
    values = _values(FLAT, targets)
    latest = build([_metric()], values, as_of="2025-03-31").metric("ED4")
    assert latest.chart is not None
    assert latest.chart.target == Fraction(85)
    assert latest.assurance is Assurance.CONSISTENT_FAIL
    each = build(
        [_metric()],
        values,
        as_of="2025-03-31",
        settings=IPRSettings(assurance=AssuranceTarget.EACH),
    ).metric("ED4")
    assert each.assurance is Assurance.INCONSISTENT  # passing the 60s, failing the 85s
    all_fail = build(
        [_metric()], _values(FLAT, ["85"] * len(FLAT)), as_of="2025-03-31",
        settings=IPRSettings(assurance="each"),
    ).metric("ED4")  # fmt: skip
    assert all_fail.assurance is Assurance.CONSISTENT_FAIL


def test_a_range_target_gives_no_assurance_icon() -> None:
    metric = _metric(improvement="neutral", unit="count", target="between 60 and 80")
    report = build([metric], _values(FLAT), as_of="2025-03-31").metric("ED4")
    assert report.status is Status.GREEN
    assert report.assurance is Assurance.NONE


def test_a_sustained_shift_suggests_recalculating_with_its_evidence() -> None:
    figures = [*FLAT[:14], 80, 81, 79, 82, 80, 81, 80, 82]
    report = build([_metric()], _values(figures), as_of="2025-03-31").metric("ED4")
    assert report.chart is not None
    assert Rule.SHIFT in report.chart.last_point.signals
    assert len(report.chart.groups) == 1  # never recalculated silently
    flag = report.flagged(FlagKind.RECALCULATE)
    assert flag is not None
    assert flag.text.startswith("The last 8 points, since Jun 2024, are all above the mean")
    assert "recalculate the limits from Jun 2024; they were not recalculated" in flag.text
    quiet = build([_metric()], _values(FLAT), as_of="2025-03-31").metric("ED4")
    assert quiet.flagged(FlagKind.RECALCULATE) is None


def test_a_recalculation_starts_new_limits_and_carries_its_reason() -> None:
    metric = _metric(recalculate=["2024-04"], annotations={"2024-04": "Waiting list validated"})
    figures = FLAT[:12] + [x + 10 for x in FLAT[12:]]
    report = build([metric], _values(figures), as_of="2025-03-31").metric("ED4")
    assert report.chart is not None
    assert len(report.chart.groups) == 2
    april = next(p for p in report.points if str(p.period) == "Apr 2024")
    assert april.recalculated
    assert april.annotation == "Waiting list validated"
    assert report.flagged(FlagKind.RECALCULATE) is None


def test_a_recalculation_at_a_period_without_a_figure_is_refused_naming_the_metric() -> None:
    with pytest.raises(KpiragError, match="metric 'ED4'"):
        build([_metric(recalculate=["2030-01"])], _values(FLAT), as_of="2025-03-31")


def test_the_narrative_joins_status_reading_travel_and_flags() -> None:
    values = _values([75, 76], ["80", "80"])
    values[-1] = MetricValue("ED4", "2023-05", 76, target="80", provisional=True)
    report = build([_metric(due=5)], values, as_of="2023-07-31").metric("ED4")
    assert report.result is not None
    assert report.chart is not None
    parts = [
        f"May 2023: {report.result.explanation}.",
        " ".join(report.chart.reading().split()),
        "Since Apr 2023 it has improved.",
        "Stale:",
        "Provisional: the May 2023 figure is not yet validated.",
    ]
    position = 0
    for part in parts:
        found = report.narrative.find(part, position)
        assert found >= position, part
        position = found


@pytest.mark.parametrize(
    ("metrics", "values", "words"),
    [
        ([_metric(), _metric()], [], "each metric once"),
        ([_metric()], [MetricValue("X", "2023-04", 1)], "the id of a metric given"),
        ([_metric()], _values([1]) + _values([2]), "each period once"),
        (
            [_metric()],
            [MetricValue("ED4", "2023-04", 1), MetricValue("ED4", "Q2 2023/24", 2)],
            "periods of one kind",
        ),
        (["ED4"], [], "a Metric"),
        ([_metric()], ["2023-04"], "a MetricValue"),
    ],
)
def test_build_refuses_what_does_not_fit(
    metrics: list[object], values: list[object], words: str
) -> None:
    with pytest.raises(InvalidMetricError, match=words) as caught:
        build(metrics, values, as_of="2025-03-31")  # type: ignore[arg-type]
    named = {"each metric once": "id", "each period once": "period"}
    if words in named:
        assert caught.value.field == named[words]


def test_periods_of_another_frequency_are_refused() -> None:
    """A monthly metric (the default) given quarters says so, rather than judge them as months."""
    quarters = [MetricValue("ED4", "Q1 2024/25", 75), MetricValue("ED4", "Q2 2024/25", 76)]
    with pytest.raises(InvalidMetricError, match="frequency = 'quarterly'"):
        build([_metric()], quarters, as_of="2025-03-31")
    report = build([_metric(frequency="quarterly")], quarters, as_of="2025-03-31").metric("ED4")
    assert [str(point.period) for point in report.points] == ["Q1 2024/25", "Q2 2024/25"]


def test_build_refuses_bad_settings_and_report_dates() -> None:
    with pytest.raises(InvalidMetricError) as caught:
        build([_metric()], [], as_of="2025-03-31", settings="strict")  # type: ignore[arg-type]
    assert caught.value.expected == "IPRSettings or None"
    with pytest.raises(InvalidMetricError):
        build([_metric()], [], as_of="someday")


def _ipr() -> IPR:
    metrics = [
        Metric("A", "A", "One", improvement="increase", target=75),
        Metric("B", "B", "Two", improvement="decrease", target=5),
        Metric("C", "C", "One", improvement="increase", target=50),
    ]
    values = [MetricValue("A", m, 70 + n % 3) for n, m in enumerate(MONTHS[:20])]
    values += [MetricValue("B", m, 9 + n % 2) for n, m in enumerate(MONTHS[:20])]
    values += [
        MetricValue("C", m, 60 + n % 2 - (8 if n > 12 else 0)) for n, m in enumerate(MONTHS[:20])
    ]
    return build(metrics, values, as_of="2025-03-31")


def test_the_report_groups_filters_and_orders() -> None:
    ipr = _ipr()
    assert ipr.domains == ("One", "Two")
    assert [r.metric.id for r in ipr.domain("One")] == ["A", "C"]
    assert [r.metric.id for r in ipr] == ["A", "B", "C"]
    assert len(ipr) == 3
    assert [r.metric.id for r in ipr.where(status="Red")] == ["B"]
    assert [r.metric.id for r in ipr.where(domain="Two")] == ["B"]
    assert [r.metric.id for r in ipr.where(assurance="consistent_fail")] == ["A", "B"]
    concern = ipr.where(variation=Variation.CONCERN_LOW)
    assert [r.metric.id for r in concern] == ["C"]
    assert [r.metric.id for r in ipr.concerns_first()] == ["C", "B", "A"]
    assert [r.metric.id for r in ipr.where(flag="recalculate")] == ["C"]
    with pytest.raises(InvalidMetricError) as caught:
        ipr.metric("Z")
    assert caught.value.expected == "a metric of the report"
    with pytest.raises(KpiragError):
        ipr.where(status="Purple")


def test_the_report_is_immutable_and_pickles() -> None:
    ipr = _ipr()
    assert pickle.loads(pickle.dumps(ipr)) == ipr
    assert hash(pickle.loads(pickle.dumps(ipr))) == hash(ipr) == hash(_ipr())
    assert repr(ipr) == "IPR(as of 2025-03-31, 3 metrics, 2 domains)"
    assert repr(ipr.metric("B")).startswith("MetricReport('B', Red, Common cause, Consistently")
    assert repr(ipr.metric("C")).endswith(", Recalculate?)")
    with pytest.raises(AttributeError):
        ipr.as_of = dt.date(2020, 1, 1)  # type: ignore[misc]


def test_a_metrics_baseline_fixes_its_limits() -> None:
    """``Metric.baseline`` reaches the chart: limits from the first points, projected."""
    figures = [*FLAT[:8], 90, 91, 92, 93, 94, 95, 96, 97]
    fixed = build([_metric(baseline=8)], _values(figures), as_of="2025-03-31").metric("ED4")
    free = build([_metric()], _values(figures), as_of="2025-03-31").metric("ED4")
    assert fixed.chart is not None
    assert free.chart is not None
    assert fixed.chart.settings.baseline == 8
    assert fixed.chart.limits is not None
    assert free.chart.limits is not None
    assert fixed.chart.limits.mean == Fraction(sum(FLAT[:8]), 8)
    assert free.chart.limits.mean != fixed.chart.limits.mean


def test_each_point_assurance_reads_only_the_last_limit_group() -> None:
    """Targets before a recalculation do not count: the last group's all pass."""
    metric = _metric(recalculate=["2024-04"])
    targets = ["95"] * 12 + ["60"] * 10  # the old group's targets would all fail
    values = _values(FLAT, targets)
    each = IPRSettings(assurance="each")
    report = build([metric], values, as_of="2025-03-31", settings=each).metric("ED4")
    assert report.assurance is Assurance.CONSISTENT_PASS


def test_no_travel_from_a_period_reported_without_a_figure() -> None:
    values = [MetricValue("ED4", "2023-04", None), MetricValue("ED4", "2023-05", 76)]
    report = build([_metric()], values, as_of="2023-05-31").metric("ED4")
    assert report.travel is None
    assert report.points[0].value is None


def test_refusals_carry_their_data() -> None:
    """Each refusal names its field, the value and what was expected (and the metric)."""
    with pytest.raises(InvalidMetricError) as caught:
        build([_metric()], [MetricValue("ED4", "Q1 2024/25", 1)], as_of="2025-03-31")
    assert (caught.value.field, caught.value.value) == ("period", "Q1 2024/25")
    assert caught.value.subject == "metric 'ED4'"
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M", "M", "D", improvement="increase", baseline=1)
    error = caught.value
    assert (error.field, error.value, error.expected) == (
        "baseline",
        1,
        "a whole number of 2 or more",
    )
    assert error.subject == "metric 'M'"
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M", "M", "D")
    assert (caught.value.field, caught.value.has_value, caught.value.value) == (
        "improvement", True, None,
    )  # fmt: skip
    assert "Invalid improvement None" in str(caught.value)
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M", "M", "D", improvement="upwards")
    assert (caught.value.field, caught.value.value) == ("improvement", "upwards")
    assert caught.value.expected is not None
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M", "M", "D", improvement="increase", frequency="weekly")
    assert caught.value.expected == "one of 'monthly', 'quarterly', 'annual'"
    with pytest.raises(InvalidMetricError) as caught:
        Metric("M", "M", "D", improvement="increase", annotations=[3])
    assert caught.value.expected == "Annotation objects or (period, text)"
    with pytest.raises(InvalidMetricError) as caught:
        IPRSettings(assurance="first")
    assert (caught.value.field, caught.value.value) == ("assurance", "first")
    with pytest.raises(InvalidMetricError) as caught:
        MetricValue("M", "2025-01", 1, target=[1])  # type: ignore[arg-type]
    assert caught.value.expected == "a target, a figure or None"
    with pytest.raises(InvalidMetricError) as caught:
        QualityScale(["A", "a"])
    assert (caught.value.value, caught.value.expected) == (("A", "a"), "each level once")
    with pytest.raises(InvalidMetricError) as caught:
        QualityScale(["A", "B"]).level("C")
    assert caught.value.field == "quality"
