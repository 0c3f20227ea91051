"""Charts are drawn with the Agg backend, and every figure a test opens is closed after it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import matplotlib as mpl
import pytest

mpl.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from kpirag import Evaluation


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture
def q1_evaluation(q1: ModuleType) -> Evaluation:
    """The Q1 2017/18 evaluation."""
    evaluation: Evaluation = q1.framework().evaluate(q1.observations(), period=q1.PERIOD)
    return evaluation


def _figure_of(ax: Axes) -> Figure:
    figure = ax.get_figure(root=True)
    assert isinstance(figure, Figure)
    return figure


@pytest.fixture
def save(tmp_path: Path) -> Callable[[Axes, str], str]:
    """Save a chart as PNG and SVG in a temporary folder; return the SVG's text."""

    def saved(ax: Axes, name: str) -> str:
        figure = _figure_of(ax)
        figure.savefig(tmp_path / f"{name}.png")
        figure.savefig(tmp_path / f"{name}.svg")
        assert (tmp_path / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<?xml")
        return svg

    return saved


@pytest.fixture
def texts() -> Callable[[Axes], list[Text]]:
    """Every visible, non-empty text of a chart's figure (titles, ticks, labels, legends)."""

    def found(ax: Axes) -> list[Text]:
        figure = _figure_of(ax)
        figure.draw_without_rendering()
        return [
            artist
            for artist in figure.findobj(Text)
            if artist.get_visible() and artist.get_text().strip()
        ]

    return found
