"""Accessibility: readable text, status never by colour alone, a colour-blind palette."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from matplotlib.axes import Axes
from matplotlib.text import Text

from kpirag import NHS_RISK_SCALE, Evaluation, Scale, Status
from kpirag.plot import (
    budget_variance,
    risk_heatmap,
    spc_chart,
    status_styles,
    status_summary,
    trend_chart,
)
from kpirag.spc import xmr

SCALES = [
    Scale.rag(),
    Scale.rag_with_blue(),
    Scale.delivery_confidence(),
    Scale.four_level(),
    NHS_RISK_SCALE,
    Scale.define("Council", ["On track", "At risk", "Off track"]),
    Scale.define("Odd", ["Red", "Green"]),
]


def charts(q1: ModuleType, evaluation: Evaluation) -> dict[str, Axes]:
    kpi = q1.framework().kpi("1.6")
    return {
        "trend": trend_chart(kpi, [("Q4 2016/17", 49), ("Q1 2017/18", 46)]),
        "heatmap": risk_heatmap(q1.risk_register()),
        "summary": status_summary(evaluation),
        "budget": budget_variance(q1.budget()),
        "spc": spc_chart(
            xmr([71, 73, 70, 72, 74, 71, 72, 75, 76, 75, 77, 76, 78, 77, 79], target=80),
            title="An SPC chart",
            two_sigma=True,
        ),
    }


def test_text_is_at_least_9_points(
    q1: ModuleType, q1_evaluation: Evaluation, texts: Callable[[Axes], list[Text]]
) -> None:
    """Every piece of text on every chart is 9 pt or larger at the default figure size."""
    for name, ax in charts(q1, q1_evaluation).items():
        small = [(t.get_text(), t.get_fontsize()) for t in texts(ax) if float(t.get_fontsize()) < 9]
        assert not small, name


def test_nothing_spills_off_the_figure(q1: ModuleType, q1_evaluation: Evaluation) -> None:
    """Everything drawn (labels, legends, notes) lies inside the figure: nothing is clipped."""
    for name, ax in charts(q1, q1_evaluation).items():
        figure = ax.get_figure(root=True)
        assert figure is not None
        figure.draw_without_rendering()
        frame = figure.bbox
        box = ax.get_tightbbox()
        assert box is not None
        assert frame.x0 - 1 <= box.x0, name
        assert box.x1 <= frame.x1 + 1, name
        assert frame.y0 - 1 <= box.y0, name
        assert box.y1 <= frame.y1 + 1, name


@pytest.mark.parametrize("scale", SCALES, ids=lambda s: s.name)
@pytest.mark.parametrize("palette", ["scale", "colorblind"])
def test_every_status_has_its_own_shape_hatch_and_colour(scale: Scale, palette: str) -> None:
    """On every preset scale, no two statuses share a marker, a hatch or a colour."""
    statuses = [*scale.levels, Status.NOT_RATED]
    styles = status_styles(statuses, palette)  # type: ignore[arg-type]
    rated = [styles[s] for s in scale.levels]
    assert len({style.marker for style in rated}) == len(rated)
    assert len({style.hatch for style in styles.values()}) == len(statuses)
    assert len({style.fill for style in styles.values()}) == len(statuses)
    assert len({style.ink for style in rated}) == len(rated)


def test_house_colours_by_label() -> None:
    """A mapping of label to colour overrides the scale's colours, and no more."""
    styles = status_styles(Scale.rag().levels, {"Red": "#aa0000"})
    assert styles[Status.RED].fill == "#aa0000"
    assert styles[Status.GREEN].fill == Status.GREEN.colour


def test_a_status_must_be_a_status() -> None:
    """Styles are for statuses only."""
    from kpirag import ValueTypeError  # noqa: PLC0415

    with pytest.raises(ValueTypeError):
        status_styles(["Green"])  # type: ignore[list-item]
    with pytest.raises(ValueTypeError):
        status_styles(Scale.rag().levels, {"Red": 1})  # type: ignore[dict-item]
