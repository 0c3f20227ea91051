"""Each gallery chart draws exactly the reviewed artists: text, colours, sizes, shapes and data.

The golden files in ``tests/golden/charts/`` list every artist of each chart
of docs/gallery.md, one a line, with the properties kpirag sets (its text,
colours, line widths, markers, hatches, data and layering), after the figure
is drawn. A change to what a chart shows appears there as a diff; update them
deliberately with ``KPIRAG_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from matplotlib import colors
from matplotlib import pyplot as plt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick
from matplotlib.collections import Collection, PathCollection
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.spines import Spine
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "charts"


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gallery_hook_inventory", ROOT / "docs" / "hooks" / "gallery.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SNIPPETS = _hook().snippets((ROOT / "docs" / "gallery.md").read_text(encoding="utf-8"))


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return "nan" if number != number else f"{number:.4g}"  # noqa: PLR0124 - NaN test


def _numbers(values: object) -> str:
    array = np.asarray(values, dtype=float).ravel()
    return "[" + " ".join(_number(v) for v in array) + "]"


def _colour(value: object) -> str:
    if isinstance(value, str) and value.casefold() == "none":
        return "none"
    array = np.asarray(value, dtype=object)
    if array.ndim == 2:  # one colour per item
        return "[" + " ".join(_colour(tuple(item)) for item in array) + "]"
    if array.size == 0:
        return "[]"
    return colors.to_hex(value, keep_alpha=True)  # type: ignore[arg-type]


def _common(artist: Artist) -> list[str]:
    fields = [type(artist).__name__]
    if artist.get_gid():
        fields.append(f"gid={artist.get_gid()}")
    label = str(artist.get_label() or "")
    if label and not label.startswith("_"):
        fields.append(f"label={label!r}")
    if not artist.get_visible():
        fields.append("hidden")
    fields.append(f"z={_number(artist.get_zorder())}")
    if artist.get_alpha() is not None:
        fields.append(f"alpha={_number(artist.get_alpha())}")
    return fields


def _text(artist: Text) -> list[str]:
    return [
        f"text={artist.get_text()!r}",
        f"at={_numbers(artist.get_position())}",
        f"size={_number(artist.get_fontsize())}",
        f"colour={_colour(artist.get_color())}",
        f"weight={artist.get_fontweight()}",
        f"align={artist.get_horizontalalignment()}/{artist.get_verticalalignment()}",
        f"rotation={_number(artist.get_rotation())}",
        f"math={artist.get_parse_math()}",
        *_box(artist),
    ]


def _box(artist: Text) -> list[str]:
    box = artist.get_bbox_patch()
    if box is None:
        return []
    style = box.get_boxstyle()
    return [
        f"box={type(style).__name__}({_number(getattr(style, 'pad', 0))})",
        f"box_face={_colour(box.get_facecolor())}",
        f"box_edge={_colour(box.get_edgecolor())}",
    ]


def _line(artist: Line2D) -> list[str]:
    return [
        f"x={_numbers(artist.get_xdata())}",
        f"y={_numbers(artist.get_ydata())}",
        f"colour={_colour(artist.get_color())}",
        f"width={_number(artist.get_linewidth())}",
        f"style={artist.get_linestyle()}",
        f"marker={artist.get_marker()!r}",
        f"size={_number(artist.get_markersize())}",
        f"face={_colour(artist.get_markerfacecolor())}",
        f"edge={_colour(artist.get_markeredgecolor())}",
    ]


def _patch(artist: Patch) -> list[str]:
    fields = [
        f"face={_colour(artist.get_facecolor())}",
        f"edge={_colour(artist.get_edgecolor())}",
        f"width={_number(artist.get_linewidth())}",
        f"style={artist.get_linestyle()}",
        f"hatch={artist.get_hatch()!r}",
    ]
    if isinstance(artist, Rectangle):
        fields.append(
            f"box={_numbers([*artist.get_xy(), artist.get_width(), artist.get_height()])}"
        )
    else:
        fields.append(f"path={_numbers(artist.get_path().vertices)}")
    return fields


def _collection(artist: Collection) -> list[str]:
    fields = [
        f"offsets={_numbers(artist.get_offsets())}",
        f"face={_colour(artist.get_facecolor())}",
        f"edge={_colour(artist.get_edgecolor())}",
        f"widths={_numbers(artist.get_linewidth())}",
        f"hatch={artist.get_hatch()!r}",
        f"paths={len(artist.get_paths())}",
    ]
    if isinstance(artist, PathCollection):
        fields.append(f"sizes={_numbers(artist.get_sizes())}")
    return fields


def _axes(artist: Axes) -> list[str]:
    return [
        f"xlim={_numbers(artist.get_xlim())}",
        f"ylim={_numbers(artist.get_ylim())}",
        f"xticks={_numbers(artist.get_xticks())}",
        f"yticks={_numbers(artist.get_yticks())}",
        f"xlabels={[t.get_text() for t in artist.get_xticklabels()]}",
        f"ylabels={[t.get_text() for t in artist.get_yticklabels()]}",
        *(
            f"{name}=({_number(label.get_fontsize())} {_colour(label.get_color())} "
            f"{label.get_text()!r})"
            for name, label in (("xlabel", artist.xaxis.label), ("ylabel", artist.yaxis.label))
        ),
        *(
            f"{name}_ticks=({_number(ticks[0].get_fontsize())} {_colour(ticks[0].get_color())})"
            for name, ticks in (("x", artist.get_xticklabels()), ("y", artist.get_yticklabels()))
            if ticks
        ),
        f"frame={artist.get_frame_on()}",
        f"aspect={artist.get_aspect()}",
    ]


def _artists(figure: Figure) -> Iterable[Artist]:
    """Every artist, figure first, skipping matplotlib's tick machinery (ticks are in the Axes)."""
    seen: set[int] = set()
    stack: list[Artist] = [figure]
    while stack:
        artist = stack.pop(0)
        if id(artist) in seen or isinstance(artist, Tick | Axis | Spine):
            continue
        seen.add(id(artist))
        yield artist
        stack[:0] = artist.get_children()


def inventory(figure: Figure) -> str:
    """The chart's artists, one a line, with the properties kpirag sets."""
    figure.canvas.draw()
    lines = []
    for artist in _artists(figure):
        fields = _common(artist)
        if isinstance(artist, Text):
            if not artist.get_text():
                continue
            fields += _text(artist)
        elif isinstance(artist, Line2D):
            fields += _line(artist)
        elif isinstance(artist, Patch):
            fields += _patch(artist)
        elif isinstance(artist, Collection):
            fields += _collection(artist)
        elif isinstance(artist, Axes):
            fields += _axes(artist)
        elif isinstance(artist, Legend):
            fields.append(f"loc={getattr(artist, '_loc', None)!r}")  # no public getter
        elif isinstance(artist, AxesImage):
            fields.append(f"array={_numbers(artist.get_array())}")
        lines.append(" ".join(fields))
    return "\n".join(lines) + "\n"


def _draw(code: str) -> Figure:
    """Run a gallery snippet from the repository's root; its one new figure."""
    before = set(plt.get_fignums())
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "gallery", "exec"), {"__name__": "gallery"})  # noqa: S102 - our docs
    finally:
        os.chdir(here)
    (number,) = [n for n in plt.get_fignums() if n not in before]
    return plt.figure(number)


@pytest.mark.parametrize(
    ("name", "code"), [(s[0], s[2]) for s in SNIPPETS], ids=[s[0] for s in SNIPPETS]
)
def test_each_gallery_chart_draws_the_reviewed_artists(name: str, code: str) -> None:
    """A gallery chart's artists are the reviewed ones (update deliberately: see the module)."""
    drawn = inventory(_draw(code))
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(drawn, encoding="utf-8")
    assert drawn.splitlines() == golden.read_text(encoding="utf-8").splitlines()


# More charts than the gallery shows: the options it leaves at their defaults.
SPC = """
from kpirag.spc import xmr
values = [71.2, 72.8, 70.9, 72.1, 73.0, 71.5, 72.4, 70.6, 71.9, 72.7, 71.1, 72.2, 78.5, 70.8]
"""
EXTRA = {
    "spc-no-periods": SPC + "spc_chart(xmr(values, improvement='decrease', target=70), "
    "target=False, icons=False, legend=True, palette='colorblind', title='')",
    "spc-no-legend": SPC
    + "spc_chart(xmr(values, target=75, improvement='increase'), legend=False, two_sigma=True)",
    "trend-quiet": "from kpirag import KPI\n"
    "trend_chart(KPI('1', 'a', '>=75%'), [('Q1 2016/17', '78%'), ('Q2 2016/17', '71%'), "
    "('Q3 2016/17', '60%')], rule='5pt', values=False, legend=False, title='')",
    "heatmap-placed": "from kpirag import Risk, RiskMatrix, RiskRegister\n"
    "register = RiskRegister(RiskMatrix.nhs_5x5(), [Risk(f'R{n}', 'x', score=12) for n in range(9)]"
    " + [Risk('T1', 'y', likelihood=4, impact=4, target_score=4)])\n"
    "risk_heatmap(register, positions={'R0': (3, 4)}, targets={'T1': (2, 2)}, arrows=True, "
    "palette={'Red': '#aa0000', 'Amber': '#ffbb00', 'Green': '#00aa00'})",
    "summary-by": "from kpirag import load_kpis, parse_period\n"
    "q1 = load_kpis('examples/data/q1_2017_18_kpis.csv').evaluate(period=parse_period('Q1 2017/18'))\n"
    "status_summary(q1, by=lambda result: result.kpi.unit.value, legend=False, palette='colorblind')",
    "budget-grouped": "from kpirag import load_budget\n"
    "budget_variance(load_budget('examples/data/budget_hierarchy.csv'), group='group', "
    "value='percent', totals=False)",
}


@pytest.mark.parametrize("name", list(EXTRA))
def test_each_chart_option_draws_the_reviewed_artists(name: str) -> None:
    """Options the gallery leaves at their defaults draw the reviewed artists (update deliberately)."""
    code = "import warnings\nwarnings.simplefilter('ignore')\nfrom kpirag.plot import *\n"
    drawn = inventory(_draw(code + EXTRA[name]))
    golden = GOLDEN / f"extra-{name}.txt"
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        golden.write_text(drawn, encoding="utf-8")
    assert drawn.splitlines() == golden.read_text(encoding="utf-8").splitlines()


def test_status_styles_as_reviewed() -> None:
    """Every preset scale's styles in each palette are the reviewed ones (update deliberately)."""
    from kpirag.plot import status_styles  # noqa: PLC0415 - beside its test
    from kpirag.rules import Scale  # noqa: PLC0415

    lines = []
    for preset in Scale.preset_names():
        for palette in ("scale", "colorblind", {"Red": "#aa0000", "green": "#00aa00", "x": "#000"}):
            styles = status_styles(Scale.preset(preset).levels, palette)
            lines += [f"{preset} {palette}"]
            lines += [f"  {status.label}: {style}" for status, style in styles.items()]
    golden = GOLDEN / "status-styles.txt"
    if os.environ.get("KPIRAG_UPDATE_GOLDEN"):
        golden.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == golden.read_text(encoding="utf-8").splitlines()
