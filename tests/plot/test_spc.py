"""spc_chart: the Making Data Count look, lines at the exact limits, points by type, the icons."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox
from matplotlib.patches import Circle
from matplotlib.text import Text

from kpirag import InvalidChartError, SPCWarning, ValueTypeError
from kpirag.plot import SPC_COLOURS, spc_chart, spc_colours
from kpirag.plot._icons import assurance_spec, icons_box, variation_spec
from kpirag.plot._spc import point_style
from kpirag.spc import Assurance, Improvement, PointType, SPCSettings, Variation, XmRChart, xmr

DATA = Path(__file__).resolve().parents[1] / "data" / "spc"

# The worked example of docs/spc.md: two years of a monthly percentage, higher is better.
MONTHS = [f"2023-{m:02}" for m in range(1, 13)] + [f"2024-{m:02}" for m in range(1, 13)]
VALUES = [
    *(71.2, 72.8, 70.9, 72.1, 73.0, 71.5, 72.4, 70.6, 71.9, 72.7, 71.1, 72.2),
    *(70.8, 71.6, 72.9, 71.3, 72.0, 73.4, 74.1, 73.8, 74.6, 73.9, 74.4, 75.0),
]


def vignette(**options: object) -> XmRChart:
    """The NHSRplotthedots deviations vignette series, with its dates as periods."""
    with (DATA / "nhsr_vignette_deviations_data.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    return xmr([r["data"] for r in rows], periods=[r["date"] for r in rows], **options)  # type: ignore[arg-type]


def published(case: str) -> tuple[float, float, float]:
    """The vignette's published (upper, mean, lower) for one case."""
    with (DATA / "nhsr_vignette_deviations_expected.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            if row["case"] == case:
                return (
                    float(row["expected_upl"]),
                    float(row["expected_mean"]),
                    float(row["expected_lpl"]),
                )
    raise LookupError(case)


def lines(ax: Axes) -> dict[str, Line2D]:
    """The chart's lines by gid."""
    return {str(line.get_gid()): line for line in ax.get_lines() if line.get_gid()}


def xy(line: Line2D) -> list[tuple[float, float]]:
    """The line's points as floats."""
    xs = np.asarray(line.get_xdata(), dtype=float)
    ys = np.asarray(line.get_ydata(), dtype=float)
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]


def points_of(ax: Axes) -> dict[str, list[tuple[float, float]]]:
    """The marked points by kind: a point type's value, or ``ghosted``."""
    return {
        gid.removeprefix("kpirag-spc-points-"): xy(line)
        for gid, line in lines(ax).items()
        if gid.startswith("kpirag-spc-points-")
    }


def line_labels(ax: Axes) -> list[str]:
    """The labels naming the last group's lines on the right."""
    return [t.get_text() for t in ax.texts if t.get_gid() == "kpirag-spc-line-label"]


def icon_artists(ax: Axes) -> tuple[dict[str, Circle], dict[str, str]]:
    """The icons' circles and texts, by gid."""
    figure = ax.get_figure(root=True)
    assert figure is not None
    circles = {
        str(c.get_gid()): c for c in figure.findobj(Circle) if str(c.get_gid()).endswith("-icon")
    }
    words = {
        str(t.get_gid()): t.get_text()
        for t in figure.findobj(Text)
        if str(t.get_gid()).startswith("kpirag-spc-")
    }
    return circles, words


def test_vignette_lines_points_icons_and_files(save: Callable[[Axes, str], str]) -> None:
    """The vignette: lines at its exact limits (4.6, 1.94, -0.72 rounded), point 5 improvement."""
    chart = vignette(target=3)
    ax = spc_chart(chart, title="NHSRplotthedots deviations vignette")
    limits = chart.limits
    assert limits is not None
    found = lines(ax)
    last = len(chart.points) - 1
    assert xy(found["kpirag-spc-mean-0"]) == [(0, float(limits.mean)), (last, float(limits.mean))]
    assert xy(found["kpirag-spc-upper-0"]) == [(0, float(limits.upper))] * 1 + [
        (last, float(limits.upper))
    ]
    assert xy(found["kpirag-spc-lower-0"])[0] == (0, float(limits.lower))
    # exact lines, rounded only for the labels: the published figures
    upper, mean, lower = published("R package default")
    drawn = [xy(found[f"kpirag-spc-{n}-0"])[0][1] for n in ("upper", "mean", "lower")]
    assert [round(y, 2) for y in drawn] == [upper, mean, lower]
    assert drawn[1] == float(Fraction(35, 18))
    assert sorted(line_labels(ax)) == [
        "Lower limit -0.72",
        "Mean 1.94",
        "Target 3",
        "Upper limit 4.6",
    ]
    assert xy(found["kpirag-spc-target"])[0][1] == 3.0
    assert [y for _, y in xy(found["kpirag-spc-values"])] == [float(p.value) for p in chart.points]
    points = points_of(ax)
    assert points["special_cause_improvement"] == [(4.0, 10.0)]
    assert len(points["common_cause"]) == len(chart.points) - 1
    assert set(points) == {"common_cause", "special_cause_improvement"}
    circles, words = icon_artists(ax)
    assert set(circles) == {"kpirag-spc-variation-icon", "kpirag-spc-assurance-icon"}
    assert words["kpirag-spc-variation-label"] == "Common cause\nvariation"
    assert words["kpirag-spc-assurance-label"] == "Hit or miss:\ntarget inside\nlimits"
    assert words["kpirag-spc-assurance-letter"] == "?"
    assert "kpirag-spc-variation-letter" not in words
    svg = save(ax, "spc-vignette")
    for gid in (
        "kpirag-spc-mean-0",
        "kpirag-spc-upper-0",
        "kpirag-spc-points-special_cause_improvement",
        "kpirag-spc-variation-icon",
        "kpirag-spc-assurance-icon",
    ):
        assert f'id="{gid}' in svg


def test_without_screening_the_lines_move_to_the_mdc_excel_limits() -> None:
    """Screening off gives the vignette's 'replicate MDC Excel' limits, 6.95, 1.94 and -3.06."""
    chart = vignette(settings=attrs.evolve(SPCSettings.nhsr(), screening=False))
    found = lines(spc_chart(chart, icons=False))
    drawn = [xy(found[f"kpirag-spc-{n}-0"])[0][1] for n in ("upper", "mean", "lower")]
    assert [round(y, 2) for y in drawn] == list(published("replicate MDC Excel"))


def test_point_colours_and_shapes_follow_the_type() -> None:
    """Improvement blue with a plus, common cause grey dots, each drawn in its own colour."""
    ax = spc_chart(vignette())
    found = lines(ax)
    improvement = found["kpirag-spc-points-special_cause_improvement"]
    assert to_rgba(improvement.get_markerfacecolor()) == to_rgba("#00b0f0")
    assert improvement.get_marker() == "P"
    common = found["kpirag-spc-points-common_cause"]
    assert to_rgba(common.get_markerfacecolor()) == to_rgba(SPC_COLOURS["common_cause"])
    assert common.get_marker() == "o"


@pytest.mark.parametrize(
    ("improvement", "point_type", "colour", "marker", "letter", "words"),
    [
        (
            "increase",
            "special_cause_improvement",
            "#00b0f0",
            "P",
            "H",
            "Special cause\nimprovement\n(high)",
        ),
        ("decrease", "special_cause_concern", "#e46c0a", "X", "H", "Special cause\nconcern (high)"),
        (
            "neutral",
            "special_cause_neutral_high",
            "#490092",
            "^",
            "H",
            "Special cause,\nneither (high)",
        ),
    ],
)
def test_special_causes_by_direction(
    improvement: str, point_type: str, colour: str, marker: str, letter: str, words: str
) -> None:
    """The same rising series is improvement, concern or neither by direction, in MDC's colours."""
    chart = xmr(VALUES, periods=MONTHS, improvement=improvement)
    ax = spc_chart(chart)
    drawn = lines(ax)[f"kpirag-spc-points-{point_type}"]
    assert [x for x, _ in xy(drawn)] == [float(x) for x in range(17, 24)]
    assert to_rgba(drawn.get_markerfacecolor()) == to_rgba(colour)
    assert drawn.get_marker() == marker
    circles, texts = icon_artists(ax)
    assert texts["kpirag-spc-variation-letter"] == letter
    assert texts["kpirag-spc-variation-label"] == words
    assert to_rgba(circles["kpirag-spc-variation-icon"].get_edgecolor()) == to_rgba(colour)


@pytest.mark.parametrize("palette", ["mdc", "colorblind"])
def test_every_point_type_has_its_own_shape(palette: str) -> None:
    """No two point types share a marker; improvement, concern and neither differ in colour."""
    colours = spc_colours(palette)
    styles = {point_type: point_style(point_type, colours) for point_type in PointType}
    assert len({marker for _, marker in styles.values()}) == len(PointType)
    kinds = [PointType.SPECIAL_CAUSE_IMPROVEMENT, PointType.SPECIAL_CAUSE_CONCERN]
    kinds += [PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PointType.COMMON_CAUSE]
    assert len({to_rgba(styles[kind][0]) for kind in kinds}) == len(kinds)


def test_palettes() -> None:
    """The colour-blind palette is Okabe-Ito; a mapping replaces colours by key."""
    assert spc_colours("colorblind")["special_cause_improvement"] == "#0072B2"
    assert spc_colours() == spc_colours("mdc") == SPC_COLOURS  # Making Data Count's, by default
    mine = spc_colours({"special_cause_concern": "red"})
    assert mine["special_cause_concern"] == "red"
    assert mine["special_cause_improvement"] == SPC_COLOURS["special_cause_improvement"]
    ax = spc_chart(vignette(), palette="colorblind")
    drawn = lines(ax)["kpirag-spc-points-special_cause_improvement"]
    assert to_rgba(drawn.get_markerfacecolor()) == to_rgba("#0072B2")


def test_rebased_and_ghosted_series(save: Callable[[Axes, str], str]) -> None:
    """Each group's lines at its own exact limits with a break and a marker; ghosts are hollow."""
    with pytest.warns(SPCWarning, match="trial limits"):
        chart = xmr(VALUES, periods=MONTHS, target=76, recalculate=["2024-06"], ghost=["2023-08"])
    ax = spc_chart(chart)
    found = lines(ax)
    first, second = chart.groups
    assert first is not None
    assert second is not None
    assert xy(found["kpirag-spc-mean-0"]) == [(0, float(first.mean)), (16, float(first.mean))]
    assert xy(found["kpirag-spc-mean-1"]) == [(17, float(second.mean)), (23, float(second.mean))]
    assert xy(found["kpirag-spc-upper-1"])[0] == (17, float(second.upper))
    assert xy(found["kpirag-spc-lower-0"])[1] == (16, float(first.lower))
    assert [x for x, _ in xy(found["kpirag-spc-recalculation"])] == [16.5, 16.5]
    assert any(t.get_text() == "Limits recalculated" for t in ax.texts)
    ghosts = found["kpirag-spc-points-ghosted"]
    assert xy(ghosts) == [(7.0, 70.6)]
    assert to_rgba(ghosts.get_markerfacecolor()) == to_rgba("white")
    judged = [
        x
        for kind, found_points in points_of(ax).items()
        if kind != "ghosted"
        for x, _ in found_points
    ]
    assert 7.0 not in judged
    assert len(judged) == len(VALUES) - 1
    # the labels on the right are the last group's
    assert "Mean 74.17" in line_labels(ax)
    legend = ax.get_legend()
    assert legend is not None
    assert "Ghosted (left out)" in [t.get_text() for t in legend.get_texts()]
    save(ax, "spc-rebased")


def test_a_group_below_the_minimum_is_a_run_chart() -> None:
    """Too few points for limits: the mean alone, a note, and dashed empty circles for icons."""
    with pytest.warns(SPCWarning, match="run chart"):
        chart = xmr(VALUES[:10], periods=MONTHS[:10], target=76, settings=SPCSettings.mdc_2023())
    ax = spc_chart(chart)
    found = lines(ax)
    assert "kpirag-spc-mean-0" in found
    assert not [gid for gid in found if "upper" in gid or "lower" in gid]
    assert any(t.get_text() == "Run chart: too few points for limits" for t in ax.texts)
    circles, words = icon_artists(ax)
    assert all(circle.get_linestyle() not in {"-", "solid"} for circle in circles.values())
    assert words["kpirag-spc-variation-label"] == "No variation\nicon: too few\npoints"
    assert words["kpirag-spc-assurance-label"] == "No assurance\nicon"
    assert not [gid for gid in words if gid.endswith("-letter")]
    assert sorted(line_labels(ax)) == ["Mean 71.91", "Target 76"]


def test_two_sigma_lines_at_their_exact_values() -> None:
    """Asked for, the 2-sigma lines are drawn at the group's exact 2-sigma values."""
    chart = xmr(VALUES, periods=MONTHS)
    limits = chart.limits
    assert limits is not None
    found = lines(spc_chart(chart, two_sigma=True))
    assert xy(found["kpirag-spc-upper-two-sigma-0"])[0] == (0, float(limits.upper_two_sigma))
    assert xy(found["kpirag-spc-lower-two-sigma-0"])[0] == (0, float(limits.lower_two_sigma))
    assert "kpirag-spc-upper-two-sigma-0" not in lines(spc_chart(chart))


def test_target_and_icons_can_be_left_out() -> None:
    """target=False drops the target line and label; icons=False the icons."""
    chart = xmr(VALUES, periods=MONTHS, target=76)
    ax = spc_chart(chart, target=False, icons=False, legend=False)
    assert "kpirag-spc-target" not in lines(ax)
    assert not [label for label in line_labels(ax) if label.startswith("Target")]
    assert not [a for a in ax.artists if isinstance(a, AnnotationBbox)]
    assert ax.get_legend() is None
    assert "kpirag-spc-target" not in lines(spc_chart(xmr(VALUES)))


def test_labels_of_lines_that_meet_are_moved_apart() -> None:
    """A target on the upper limit: both labels shown, neither overlapping the other."""
    limits = xmr(VALUES).limits
    assert limits is not None
    ax = spc_chart(xmr(VALUES, target=limits.upper))
    figure = ax.get_figure(root=True)
    assert figure is not None
    figure.draw_without_rendering()
    boxes = {
        t.get_text(): Text.get_window_extent(t)
        for t in ax.texts
        if t.get_gid() == "kpirag-spc-line-label"
    }
    assert set(boxes) == {"Upper limit 75.45", "Target 75.45", "Mean 72.51", "Lower limit 69.57"}
    assert not boxes["Upper limit 75.45"].overlaps(boxes["Target 75.45"])


def test_many_periods_are_labelled_sparingly() -> None:
    """At most twelve period labels however long the series."""
    ax = spc_chart(xmr([n % 5 for n in range(60)]))
    assert len(ax.get_xticks()) <= 12
    assert ax.get_xticklabels()[0].get_text() == "1"


def test_draws_on_the_axes_given() -> None:
    """The chart goes on the Axes passed and returns it."""
    ax = Figure().add_subplot()
    assert spc_chart(vignette(), ax=ax) is ax


@pytest.mark.parametrize("variation", list(Variation))
def test_each_variation_icon(variation: Variation) -> None:
    """Each variation icon: its colour, its letter (H, L or none) and its words."""
    spec = variation_spec(variation)
    texts = [
        a.get_text() for a in icons_box([spec], SPC_COLOURS).get_children() if isinstance(a, Text)
    ]
    letter = {"high": "H", "low": "L"}.get(variation.value.rsplit("_", 1)[-1], "")
    assert spec.letter == letter
    assert (letter in texts) == bool(letter)
    assert "Variation" in texts
    assert spec.label.replace("\n", " ") in [t.replace("\n", " ") for t in texts]
    expected = {
        "common": "common_cause",
        "improvement": "special_cause_improvement",
        "concern": "special_cause_concern",
        "neither": "special_cause_neutral",
    }[variation.value.split("_")[0]]
    assert spec.colour == expected


@pytest.mark.parametrize(
    ("assurance", "improvement", "letter", "colour", "target"),
    [
        (Assurance.CONSISTENT_PASS, Improvement.INCREASE, "P", "special_cause_improvement", -1),
        (Assurance.CONSISTENT_PASS, Improvement.DECREASE, "P", "special_cause_improvement", 1),
        (Assurance.CONSISTENT_FAIL, Improvement.INCREASE, "F", "special_cause_concern", 1),
        (Assurance.CONSISTENT_FAIL, Improvement.DECREASE, "F", "special_cause_concern", -1),
        (Assurance.INCONSISTENT, Improvement.INCREASE, "?", "common_cause", 0),
        (Assurance.NONE, Improvement.NEUTRAL, "", "common_cause", None),
    ],
)
def test_each_assurance_icon(
    assurance: Assurance, improvement: Improvement, letter: str, colour: str, target: int | None
) -> None:
    """P and F in blue and orange, the target drawn on the side that passes or fails."""
    spec = assurance_spec(assurance, improvement)
    assert (spec.letter, spec.colour, spec.target) == (letter, colour, target)
    assert spec.present == (assurance is not Assurance.NONE)


def test_the_chart_must_be_an_xmr_chart() -> None:
    """Anything else is a ValueTypeError; an unknown palette an InvalidChartError."""
    with pytest.raises(ValueTypeError):
        spc_chart([1, 2, 3])  # type: ignore[arg-type]
    with pytest.raises(InvalidChartError):
        spc_chart(vignette(), palette="scale")  # type: ignore[arg-type]
    with pytest.raises(InvalidChartError):
        spc_colours({"improvement": "blue"})
    with pytest.raises(InvalidChartError):
        spc_colours({"common_cause": "not a colour"})
    with pytest.raises(ValueTypeError):
        spc_colours(3)


TIMES = "\N{MULTIPLICATION SIGN} 1E+"  # how a scaled y axis names its power of ten


def _labels(ax: Axes) -> list[str]:
    return sorted(text.get_text() for text in ax.texts if text.get_gid() == "kpirag-spc-line-label")


@pytest.mark.parametrize(
    "values",
    [
        [1e300, 2e300, 3e300, 1e300, 5e300],
        [1e308, -1e308, 1e308],
        [Decimal("9E+999"), Decimal("8E+999"), Decimal("9E+999")],
        [Decimal("9E+99"), Decimal("8E+99"), Decimal("9.5E+99")],
    ],
    ids=["1e300", "float-edge", "1E+999", "1E+99"],
)
def test_defect_spc_chart_values_near_1e300_invalid_operation(values: list[object]) -> None:
    """Values near the float limit or beyond it are drawn, scaled, and labelled exactly."""
    with pytest.warns(SPCWarning):
        chart = xmr(values)
    figure = Figure()
    ax = spc_chart(chart, ax=figure.add_subplot())
    assert chart.limits is not None
    low, high = ax.get_ylim()
    mean = next(line for line in ax.lines if line.get_gid() == "kpirag-spc-mean-0")
    level = float(np.asarray(mean.get_ydata(), dtype=float)[0])
    assert low < level < high
    assert ax.get_ylabel().startswith(TIMES)
    power = int(ax.get_ylabel().removeprefix(TIMES))
    assert level == pytest.approx(float(chart.limits.mean / 10**power))
    assert any(label.startswith("Mean ") and "E+" in label for label in _labels(ax))
    figure.savefig(io.BytesIO(), format="svg")


@pytest.mark.parametrize(
    "target", [Decimal("1E+999"), Fraction(10**999), -(10**999)], ids=["Decimal", "Fraction", "int"]
)
def test_defect_spc_chart_target_1e999_overflow(target: object) -> None:
    """A target of 1E+999 is drawn far off the points, its label exact in short form."""
    with pytest.warns(SPCWarning):
        chart = xmr([1, 2, 3, 4, 5], target=target)
    figure = Figure()
    ax = spc_chart(chart, ax=figure.add_subplot())
    assert ax.get_ylabel() == f"{TIMES}999"
    assert any(label in {"Target 1E+999", "Target -1E+999"} for label in _labels(ax))
    figure.savefig(io.BytesIO(), format="svg")


def test_ordinary_charts_are_not_scaled() -> None:
    """A chart of everyday numbers keeps its y axis unlabelled and its lines at their values."""
    ax = spc_chart(xmr(VALUES, periods=MONTHS), ax=Figure().add_subplot())
    assert ax.get_ylabel() == ""
