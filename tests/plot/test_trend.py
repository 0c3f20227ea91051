"""trend_chart: bands at the classifier's exact edges, following polarity, points marked by status."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from kpirag import (
    Cohort,
    Evaluation,
    InvalidChartError,
    Scale,
    Scheme,
    Status,
    Step,
    Target,
    Tolerance,
    ValueTypeError,
    parse_period,
)
from kpirag.plot import status_styles, trend_chart


def xs(line: Line2D) -> list[float]:
    """The line's x data as floats."""
    return [float(v) for v in np.asarray(line.get_xdata(), dtype=float)]


def ys(line: Line2D) -> list[float]:
    """The line's y data as floats."""
    return [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]


# A fixture series for KPI 1.5 (75%, higher is better): Q1 2017/18 is the report's 69%.
SERIES_15 = [
    ("Q1 2016/17", "78%"),
    ("Q2 2016/17", "74%"),
    ("Q3 2016/17", "70%"),
    ("Q4 2016/17", "66%"),
    ("Q1 2017/18", "69%"),
]
STATUSES_15 = ["Green", "Amber", "Amber", "Red", "Amber"]


def bands_of(ax: Axes) -> list[tuple[float, float, str]]:
    """(bottom, top, status) of each band, low first; open ends are cut at the axis limits."""
    found = [
        (patch.get_y(), patch.get_y() + patch.get_height(), str(patch.get_gid()))
        for patch in ax.patches
        if isinstance(patch, Rectangle) and str(patch.get_gid()).startswith("kpirag-band-")
    ]
    return [(low, high, gid.removeprefix("kpirag-band-")) for low, high, gid in sorted(found)]


def points_of(ax: Axes) -> dict[str, list[tuple[float, float]]]:
    """The plotted points, by status label."""
    result = {}
    for line in ax.get_lines():
        gid = str(line.get_gid())
        if gid.startswith("kpirag-points-"):
            found_x, found_y = xs(line), ys(line)
            result[gid.removeprefix("kpirag-points-")] = [
                (float(x), float(y)) for x, y in zip(found_x, found_y, strict=True)
            ]
    return result


def test_kpi_1_5_bands_edges_points_and_files(
    q1: ModuleType, save: Callable[[Axes, str], str]
) -> None:
    """75% under 10%: Red below 67.5, Amber from 67.5 to 75, Green above; five marked points."""
    ax = trend_chart(q1.framework().kpi("1.5"), SERIES_15)
    low, high = ax.get_ylim()
    assert bands_of(ax) == [(low, 67.5, "Red"), (67.5, 75.0, "Amber"), (75.0, high, "Green")]
    points = points_of(ax)
    assert sum(len(found) for found in points.values()) == 5
    assert {label: [x for x, _ in found] for label, found in points.items()} == {
        "Green": [0.0],
        "Amber": [1.0, 2.0, 4.0],
        "Red": [3.0],
    }
    assert ax.get_xticklabels()[0].get_text() == "Q1\n2016/17"
    assert ax.get_title(loc="left") == "1.5 New rough sleepers who sleep out just once"
    svg = save(ax, "trend-1.5")
    for gid in ("kpirag-band-Red", "kpirag-band-Amber", "kpirag-band-Green", "kpirag-target"):
        assert f'id="{gid}' in svg


def test_band_colours_come_from_the_scale() -> None:
    """Each band is filled with its status's own colour from the scale."""
    ax = trend_chart("75%", SERIES_15)
    colours = {
        str(patch.get_gid()): patch.get_facecolor() for patch in ax.patches if patch.get_gid()
    }
    for status in (Status.GREEN, Status.AMBER, Status.RED):
        assert colours[f"kpirag-band-{status.label}"] == to_rgba(status.colour)


def test_statuses_are_marked_by_shape_and_colour() -> None:
    """Every status has its own marker shape and its own colour; the legend names each."""
    ax = trend_chart("75%", SERIES_15)
    lines = {
        str(line.get_gid()).removeprefix("kpirag-points-"): line
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("kpirag-points-")
    }
    assert len({line.get_marker() for line in lines.values()}) == 3
    assert len({to_rgba(line.get_markerfacecolor()) for line in lines.values()}) == 3
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "Target \u226575%",
        "Green",
        "Amber",
        "Red",
    ]


@pytest.mark.parametrize(
    ("target", "rule", "expected"),
    [
        # higher is better: the Amber band sits below the target
        ("75%", "10%", [(67.5, "Amber"), (75.0, "Green")]),
        (">=69", "10%", [(62.1, "Amber"), (69.0, "Green")]),
        ("72%", "5pt", [(67.0, "Amber"), (72.0, "Green")]),
        # lower is better: above the target
        ("<43", "10%", [(43.0, "Amber"), (47.3, "Red")]),
        ("<=20", "5pt", [(20.0, "Amber"), (25.0, "Red")]),
        # no tolerance: no Amber band
        ("75%", "none", [(75.0, "Green")]),
        # a zero target: a relative tolerance allows nothing
        ("0", "10%", [(0.0, "Red")]),
    ],
)
def test_bands_follow_polarity(target: str, rule: str, expected: list[tuple[float, str]]) -> None:
    """Each band starts at the exact edge, on the side polarity puts it."""
    parsed = Target.parse(target, better="lower") if target == "0" else Target.parse(target)
    ax = trend_chart(parsed, [("P1", parsed.value)], rule=rule)
    found = bands_of(ax)
    assert [(low, status) for low, _, status in found[1:]] == expected


def test_a_two_sided_target_has_bands_on_both_sides() -> None:
    """95%-105% under 10%: Amber below 85.5 to 95 and above 105 to 115.5, Green between."""
    ax = trend_chart("95%-105%", [("P1", "100%")], rule="10%", values=False)
    inner = [(low, high, status) for low, high, status in bands_of(ax)][1:-1]
    assert inner == [(85.5, 95.0, "Amber"), (95.0, 105.0, "Green"), (105.0, 115.5, "Amber")]
    assert sorted(ys(line)[0] for line in ax.get_lines() if line.get_gid() == "kpirag-target") == [
        95.0,
        105.0,
    ]


def test_several_steps_draw_one_band_each() -> None:
    """A scheme with two steps draws a band for each status change, at each step's edge."""
    scheme = Scheme(
        Status.GREEN,
        [Step(Tolerance.relative(10), Status.GREEN), Step(Tolerance.relative(20), Status.AMBER)],
        Status.RED,
    )
    ax = trend_chart("100", [("P1", 85)], rule=scheme)
    assert [(low, status) for low, _, status in bands_of(ax)[1:]] == [
        (80.0, "Amber"),
        (90.0, "Green"),
    ]
    edges = [ys(line)[0] for line in ax.get_lines() if line.get_gid() == "kpirag-edge"]
    assert edges == [80.0, 90.0]


def test_edge_values_are_labelled_exactly(texts: Callable[[Axes], list[Text]]) -> None:
    """The right-hand axis labels the target and each tolerance edge at its exact value."""
    ax = trend_chart("<43", [("Q1", 46)])
    shown = {t.get_text() for t in texts(ax)}
    assert {"43", "47.3", "Green", "Amber", "Red"} <= shown


def test_evaluations_give_the_reported_status(q1: ModuleType, q1_evaluation: Evaluation) -> None:
    """From evaluations, each point has the status the report gives (1.5 published Red)."""
    ax = trend_chart(q1.framework().kpi("1.5"), [q1_evaluation])
    assert points_of(ax) == {"Red": [(0.0, 69.0)]}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q1 2017/18"]


def test_results_and_parts(q1: ModuleType, q1_evaluation: Evaluation) -> None:
    """A composite KPI is charted part by part; without a part it is refused."""
    kpi = q1.framework().kpi("5.6")
    with pytest.raises(InvalidChartError, match="part"):
        trend_chart(kpi, [q1_evaluation])
    ax = trend_chart(kpi, [("Q1", q1_evaluation.result("5.6"))], part="Adults survey")
    assert points_of(ax) == {"Green": [(0.0, 98.0)]}
    assert bands_of(ax)[1][:2] == (87.3, 97.0)
    with pytest.raises(InvalidChartError, match="one of"):
        trend_chart(kpi, [q1_evaluation], part="Nobody")


def test_raw_values_go_through_the_kpi(q1: ModuleType) -> None:
    """A KPI's raw values are evaluated like observations: profiles, measures, no data."""
    kpi = q1.framework().kpi("2.9")  # 2,000 a year, profiled a quarter a quarter
    ax = trend_chart(kpi, [(q1.PERIOD, 656), (parse_period("Q2 2017/18"), None)])
    assert bands_of(ax)[1][:2] == (450.0, 500.0)
    assert points_of(ax) == {"Green": [(0.0, 656.0)]}
    assert "N/A" in [t.get_text() for t in ax.texts]


def test_measures_and_composite_mappings(q1: ModuleType) -> None:
    """Cohorts are compared as their exact share; a mapping gives a composite's parts."""
    ax = trend_chart(q1.framework().kpi("3.4"), [("Q1", Cohort(8, 9))])
    ((_, y),) = points_of(ax)["Green"]
    assert y == pytest.approx(88.888888888889)
    kpi = q1.framework().kpi("5.6")
    ax = trend_chart(kpi, [("Q1", {"Adults survey": "90%"})], part="Adults survey")
    assert list(points_of(ax)) == ["Amber"]
    ax = trend_chart(Target.parse("85%"), [("Q1", Cohort(8, 9))])
    assert list(points_of(ax)) == ["Green"]


def test_draws_on_the_axes_given() -> None:
    """With ax=, the chart draws there and opens no figure of its own."""
    figure, ax = plt.subplots()
    before = plt.get_fignums()
    assert trend_chart("75%", SERIES_15, ax=ax, legend=False) is ax
    assert plt.get_fignums() == before
    assert ax.get_legend() is None
    assert figure.get_axes()[0] is ax


def test_colorblind_palette() -> None:
    """palette='colorblind' uses the Okabe-Ito colours, shapes unchanged."""
    ax = trend_chart("75%", SERIES_15, palette="colorblind")
    styles = status_styles(Scale.rag().levels, "colorblind")
    lines = {str(line.get_gid()): line for line in ax.get_lines()}
    assert to_rgba(lines["kpirag-points-Red"].get_markerfacecolor()) == to_rgba("#D55E00")
    assert lines["kpirag-points-Red"].get_marker() == "X"
    band = next(p for p in ax.patches if p.get_gid() == "kpirag-band-Amber")
    assert band.get_facecolor() == to_rgba(styles[Status.AMBER].fill)


def test_a_custom_scale_gets_distinct_shapes() -> None:
    """A scale without colours still gets distinct colours and shapes."""
    council = Scale.define("Council", ["On track", "At risk", "Off track"])
    on, at, off = council.levels
    scheme = Scheme(on, [Step(Tolerance.relative(10), at)], off)
    ax = trend_chart("100", [("a", 100), ("b", 95), ("c", 50)], rule=scheme)
    markers = {
        line.get_marker()
        for line in ax.get_lines()
        if str(line.get_gid()).startswith("kpirag-points-")
    }
    assert len(markers) == 3


def test_point_values_are_labelled() -> None:
    """Each point's value is written beside it (unless values=False)."""
    ax = trend_chart("75%", SERIES_15)
    assert [t.get_text() for t in ax.texts if not t.get_gid()] == [
        "78%",
        "74%",
        "70%",
        "66%",
        "69%",
    ]
    ax = trend_chart("75%", SERIES_15, values=False)
    assert [t.get_text() for t in ax.texts if not t.get_gid()] == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: trend_chart("75%", []), InvalidChartError),
        (lambda: trend_chart("75%", SERIES_15, palette="rainbow"), InvalidChartError),  # type: ignore[arg-type]
        (
            lambda: trend_chart("75%", SERIES_15, palette={"Green": "not a colour"}),
            InvalidChartError,
        ),
        (lambda: trend_chart("75%", SERIES_15, palette=3), ValueTypeError),  # type: ignore[arg-type]
        (lambda: trend_chart("75%", SERIES_15, ax="axes"), ValueTypeError),  # type: ignore[arg-type]
        (lambda: trend_chart("75%", [69]), ValueTypeError),
        (lambda: trend_chart("75%", "Q1"), ValueTypeError),
        (lambda: trend_chart(75, SERIES_15), ValueTypeError),  # type: ignore[arg-type]
        (lambda: trend_chart("75%", SERIES_15, rule=10), ValueTypeError),  # type: ignore[arg-type]
    ],
)
def test_bad_arguments(call: Callable[[], object], error: type[Exception]) -> None:
    """Bad arguments raise kpirag's errors, naming the argument."""
    with pytest.raises(error):
        call()


def test_no_points_and_long_figures_are_named_and_rounded() -> None:
    """No period to draw is refused as ``points``; a point's label shows one decimal place."""
    with pytest.raises(InvalidChartError) as caught:
        trend_chart("75%", [])
    assert caught.value.field == "points"
    ax = trend_chart("<43", [("Q1", "46.25")])
    assert [t.get_text() for t in ax.texts if not t.get_gid()] == ["46.3"]


def test_an_evaluation_needs_the_kpi(q1_evaluation: Evaluation) -> None:
    """An evaluation holds many KPIs, so a bare target cannot pick one."""
    with pytest.raises(InvalidChartError, match="source"):
        trend_chart("75%", [q1_evaluation])


def test_an_unknown_part_names_the_parts_there_are(q1: ModuleType) -> None:
    """trend_chart of a composite KPI's result with an unknown part names the parts it has."""
    evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    result = evaluation.result("1.1")
    with pytest.raises(InvalidChartError) as info:
        trend_chart(result.kpi, [("Q1 2017/18", result)], part="nope")
    assert (info.value.field, info.value.value) == ("part", "nope")
    assert info.value.expected == "one of ['CIN', 'CPP']"
