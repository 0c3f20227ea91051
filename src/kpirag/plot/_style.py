"""How a status looks on a chart: fill, ink, marker shape and hatch, from a palette.

Every chart shows a status by colour AND by something that survives without
colour (a marker shape, a hatch, a label), so a reader with a colour vision
deficiency, or a grey-scale print, loses nothing. Palettes are arguments, never
global state:

- ``"scale"`` (the default): each status's own colour from its scale
  (``Status.colour``), with a darker ink of the same hue for points and edges;
- ``"colorblind"``: the Okabe-Ito colours, safe for the common colour vision
  deficiencies;
- a mapping from status label to colour, for a house style (missing labels
  fall back to the scale).
"""

from __future__ import annotations

import colorsys
import functools
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, ParamSpec, TypeAlias, TypeVar

import attrs
import matplotlib as mpl
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedFormatter
from matplotlib.transforms import Transform

from kpirag._validate import instance, iterable
from kpirag.errors import InvalidChartError, ValueTypeError
from kpirag.report import visible
from kpirag.rules import Status

__all__ = [
    "SMALL",
    "Palette",
    "StatusStyle",
    "annotate",
    "check_colour",
    "check_palette",
    "figure_axes",
    "finish",
    "fit_labels",
    "halo",
    "laid_out",
    "marker_handle",
    "new_axes",
    "patch_handle",
    "side_legend",
    "status_styles",
    "text_as_text",
    "write",
]

Palette: TypeAlias = Literal["scale", "colorblind"] | Mapping[str, str]
"""What the ``palette`` arguments accept."""

SMALL = 9
"""The smallest font size (points) any chart uses: readable at 100% zoom."""

TEXT_COLOUR = "#1a1a1a"
MARKER_EDGE = "#1a1a1a"

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common
# colour vision deficiencies.
_OKABE_ITO = {
    "blue": "#0072B2",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "orange": "#E69F00",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "sky blue": "#56B4E9",
}
# Best to worst, for scales whose labels are not known below (the longer for five levels
# or more).
_COLORBLIND_RAMP = ("bluish green", "yellow", "orange", "vermillion")
_COLORBLIND_RAMP_LONG = ("bluish green", "sky blue", "yellow", "orange", "vermillion")
_COLORBLIND_BY_LABEL = {
    "blue": "blue",
    "complete": "blue",
    "green": "bluish green",
    "amber": "yellow",
    "red": "vermillion",
}

# Shapes and hatches best to worst: a circle for good news, a cross for bad.
_MARKER_RAMP = ("o", "s", "^", "D", "X")
_MARKER_BY_LABEL = {"blue": "P", "complete": "P", "green": "o", "amber": "^", "red": "X"}
_HATCH_RAMP = ("", "..", "//", "\\\\", "xx")
_HATCH_BY_LABEL = {"blue": "..", "complete": "..", "green": "", "amber": "//", "red": "xx"}
_NOT_RATED_HATCH = "--"
_NOT_RATED_INK = "#595959"
_UNSET_COLOUR = "#ffffff"  # what Scale.define gives a level without a colour


@attrs.frozen
class StatusStyle:
    """How one status is drawn.

    Attributes:
        fill: the background colour (a band, a cell, a bar).
        ink: a strong colour of the same hue (a point's face).
        line: a dark colour of the same hue (an edge, a hatch), readable on ``fill``.
        marker: a matplotlib marker; a different shape for each status.
        hatch: a matplotlib hatch; a different pattern for each status.
    """

    fill: str
    ink: str
    line: str
    marker: str
    hatch: str


def _darker(colour: str) -> str:
    """The same hue, dark enough to read on white and on the pale fill."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*to_rgb(colour))
    return to_hex(colorsys.hls_to_rgb(hue, min(lightness, 0.32), saturation))


def _lighter(colour: str) -> str:
    """The colour mixed with white, for a background."""
    red, green, blue = to_rgb(colour)
    return to_hex((red + (1 - red) * 0.7, green + (1 - green) * 0.7, blue + (1 - blue) * 0.7))


def _ramp(items: tuple[str, ...], rank: int, count: int) -> str:
    if count <= 1:
        return items[0]
    return items[round(rank * (len(items) - 1) / (count - 1))]


def _pick(
    levels: list[Status], by_label: Mapping[str, str], ramp: tuple[str, ...]
) -> dict[Status, str]:
    """A value per level: by label when every label is known and distinct, else by rank."""
    labelled = {level: by_label.get(level.label.casefold()) for level in levels}
    chosen = [value for value in labelled.values() if value is not None]
    if len(chosen) == len(levels) and len(set(chosen)) == len(chosen):
        return {level: value for level, value in labelled.items() if value is not None}
    # Unknown labels take the ramp's value for their rank unless a known label has it.
    result: dict[Status, str] = {}
    for rank, level in enumerate(levels):
        known = labelled[level]
        result[level] = known if known is not None else _ramp(ramp, rank, len(levels))
    if len(set(result.values())) == len(levels):
        return result
    return {level: _ramp(ramp, rank, len(levels)) for rank, level in enumerate(levels)}


def _colours(levels: list[Status], palette: Palette) -> dict[Status, tuple[str, str]]:
    """(fill, ink) per rated level."""
    ramp = _COLORBLIND_RAMP if len(levels) <= len(_COLORBLIND_RAMP) else _COLORBLIND_RAMP_LONG
    cb_names = _pick(levels, _COLORBLIND_BY_LABEL, ramp)
    blind = {level: _OKABE_ITO[name] for level, name in cb_names.items()}
    result = {}
    for level in levels:
        given = palette.get(level.label) if isinstance(palette, Mapping) else None
        if given is not None:
            result[level] = (given, _darker(given))
        elif palette == "colorblind" or level.colour.casefold() == _UNSET_COLOUR:
            result[level] = (_lighter(blind[level]), blind[level])
        else:
            result[level] = (level.colour, _darker(level.colour))
    return result


def check_colour(colour: object) -> None:
    """Refuse a palette colour matplotlib does not know."""
    try:
        to_rgb(colour)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidChartError(
            field="palette colour", value=colour, expected="a matplotlib colour"
        ) from None


def check_palette(palette: object, names: tuple[str, str]) -> str | Mapping[Any, Any]:
    """A palette: one of the two ``names``, or a mapping (of anything: the caller checks it)."""
    expected = f"{names[0]!r}, {names[1]!r} or a mapping"
    if isinstance(palette, str) and palette not in names:
        raise InvalidChartError(field="palette", value=palette, expected=expected)
    if not isinstance(palette, str | Mapping):
        raise ValueTypeError(field="palette", value=palette, expected=expected)
    return palette


def _check_palette(palette: object) -> Palette:
    checked = check_palette(palette, ("scale", "colorblind"))
    for label, colour in checked.items() if isinstance(checked, Mapping) else ():
        if not isinstance(label, str) or not isinstance(colour, str):
            raise ValueTypeError(
                field="palette", value=palette, expected="a mapping of status label to colour"
            )
        check_colour(colour)
    return checked  # type: ignore[return-value]  # checked just above


def status_styles(
    statuses: Iterable[Status], palette: Palette = "scale"
) -> dict[Status, StatusStyle]:
    """A distinct style for each status, each scale's levels ranked best first.

    ```pycon
    >>> styles = status_styles(Scale.rag().levels)
    >>> styles[Status.AMBER]
    StatusStyle(fill='#ffeb9c', ink='#a38200', line='#a38200', marker='^', hatch='//')
    >>> status_styles([Status.RED], "colorblind")[Status.RED].ink
    '#D55E00'

    ```
    """
    statuses = iterable(statuses, "statuses")
    palette = _check_palette(palette)
    given = list(dict.fromkeys(statuses))
    families: dict[str, list[Status]] = {}
    for status in given:
        instance(status, Status, field="status", expected="a Status")
        if status.rated:
            families.setdefault(status.scale, []).append(status)
    styles: dict[Status, StatusStyle] = {}
    for levels in families.values():
        levels.sort(key=lambda status: status.severity)
        colours = _colours(levels, palette)
        markers = _pick(levels, _MARKER_BY_LABEL, _MARKER_RAMP)
        hatches = _pick(levels, _HATCH_BY_LABEL, _HATCH_RAMP)
        for level in levels:
            fill, ink = colours[level]
            styles[level] = StatusStyle(fill, ink, _darker(ink), markers[level], hatches[level])
    for status in given:
        if not status.rated:
            fill = "#e6e6e6" if palette == "colorblind" else status.colour
            styles[status] = StatusStyle(fill, _NOT_RATED_INK, _NOT_RATED_INK, "", _NOT_RATED_HATCH)
    return styles


def figure_axes(size: tuple[float, float]) -> Axes:
    """The Axes of a new figure of ``size`` inches, kept out of pyplot (to save, not show)."""
    return Figure(figsize=size, layout="constrained").add_subplot()


_Args = ParamSpec("_Args")
_Drawn = TypeVar("_Drawn", bound=Axes)


PLAIN_TEXT: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}
"""The settings every kpirag chart is drawn under: no mathtext, no LaTeX."""


def text_as_text(draw: Callable[_Args, _Drawn]) -> Callable[_Args, _Drawn]:
    """``draw``, with every text it writes on the Axes shown as written, as the tables show it.

    A name such as ``Income ($$)`` or ``$5 to $10`` is not mathtext (nor LaTeX),
    and a control character is shown as its escape (ESC as backslash-x1b): raw, it would
    make the chart's SVG ill-formed. Texts already on a caller's ``ax`` that
    drawing leaves as they were stay the caller's, mathtext and all.
    """

    @functools.wraps(draw)
    def drawn(*args: _Args.args, **kwargs: _Args.kwargs) -> _Drawn:
        given = kwargs.get("ax")
        before = _texts(given) if isinstance(given, Axes) else {}
        with mpl.rc_context(PLAIN_TEXT):
            ax = draw(*args, **kwargs)
        plain_texts(ax, before)
        return ax

    return drawn


def _texts(ax: Axes) -> dict[int, str]:
    """The texts on ``ax`` by identity, with what each says (tick labels are always ours)."""
    ticks = {
        id(label) for axis in (ax.xaxis, ax.yaxis) for label in axis.get_ticklabels(which="both")
    }
    return {id(text): text.get_text() for text in ax.findobj(Text) if id(text) not in ticks}


def plain_texts(ax: Axes, before: dict[int, str]) -> None:
    """Every text drawing wrote on ``ax`` plain: no mathtext, control characters shown."""
    for text in ax.findobj(Text):
        if before.get(id(text)) != text.get_text():  # new, or written by drawing
            text.set_usetex(False)
            text.set_parse_math(False)
            text.set_text(visible(text.get_text()))
    for axis in (ax.xaxis, ax.yaxis):
        formatter = axis.get_major_formatter()
        if isinstance(formatter, FixedFormatter):  # tick labels are set again from it at each draw
            formatter.seq = [visible(str(label)) for label in formatter.seq]


def new_axes(ax: object, size: tuple[float, float]) -> Axes:
    """``ax`` when given, else the Axes of a new figure of ``size`` inches.

    The empty texts and the tick labels of a given ``ax``, which drawing writes,
    are made plain text before anything measures them; its other texts stay the caller's.
    """
    if ax is not None:
        if not isinstance(ax, Axes):
            raise ValueTypeError(field="ax", value=ax, expected="a matplotlib Axes or None")
        kept = _texts(ax)
        for text in ax.findobj(Text):
            if not kept.get(id(text)):  # empty, or a tick label
                text.set_usetex(False)
                text.set_parse_math(False)
        return ax
    from matplotlib import pyplot as plt  # noqa: PLC0415 - only when kpirag makes the figure

    _, axes = plt.subplots(figsize=size, layout="constrained")
    return axes


def side_legend(
    ax: Axes,
    handles: Sequence[Artist],
    title: str | None,
    *,
    anchor: tuple[float, float] = (1.02, 1.0),
    transform: Transform | None = None,
) -> None:
    """A frameless legend of ``handles`` beside the axes, to the right, top-aligned."""
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=anchor,
        bbox_transform=transform,
        fontsize=SMALL,
        frameon=False,
        title=None if title is None else visible(title),
        title_fontsize=SMALL + 1,
        borderaxespad=0,
    )


def write(ax: Axes, x: float, y: float, text: str, **style: object) -> Text:
    """``ax.text`` in the charts' small dark type unless ``style`` says otherwise."""
    return ax.text(x, y, visible(text), **{"fontsize": SMALL, "color": TEXT_COLOUR, **style})  # type: ignore[arg-type]


def annotate(ax: Axes, text: str, xy: tuple[float, float], **style: object) -> Annotation:
    """``ax.annotate`` in the charts' small dark type, offset in points from ``xy``."""
    defaults = {"textcoords": "offset points", "fontsize": SMALL, "color": TEXT_COLOUR}
    return ax.annotate(visible(text), xy, **{**defaults, **style})  # type: ignore[arg-type]


def halo(pad: float, **more: object) -> dict[str, object]:
    """A white box behind a label, so lines under it never cross its text."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": "white", "edgecolor": "none", **more}


def laid_out(ax: Axes) -> Figure:
    """The Axes' figure, laid out (without rendering) so sizes in points can be read."""
    figure = ax.get_figure(root=True)
    assert figure is not None  # noqa: S101 - an Axes drawn on always has a figure
    figure.draw_without_rendering()
    return figure


def finish(
    ax: Axes, title: str | None, *, hide: Iterable[str] = ("top",), wrap: int | None = None
) -> None:
    """Hide the ``hide`` spines and set the title top left (wrapped at ``wrap`` characters)."""
    for side in hide:
        ax.spines[side].set_visible(False)
    if title:
        shown = "\n".join(textwrap.wrap(visible(title), wrap)) if wrap else visible(title)
        ax.set_title(shown, loc="left", fontsize=SMALL + 2)


def patch_handle(style: StatusStyle, label: str, hatch: str | None = None) -> Patch:
    """A legend entry drawn as a filled box in ``style``."""
    return Patch(facecolor=style.fill, edgecolor=style.line, hatch=hatch, label=label)


def marker_handle(label: str, marker: str, size: float, face: str, edge: str) -> Line2D:
    """A legend entry drawn as one marker."""
    return Line2D(
        [],
        [],
        linestyle="",
        marker=marker,
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge,
        label=label,
    )


def fit_labels(ax: Axes, gid: str) -> None:
    """Widen the x range just enough that every ``gid`` label (at a data x) lies inside the axes.

    A label is a fixed number of points wide, so widening the range shrinks
    the scale and each label needs more data units: the range is found as the
    fixed point of that, in a few steps.
    """
    laid_out(ax)
    width = ax.get_window_extent().width
    low, high = ax.get_xlim()
    needs = []  # (anchor, pixels left of it, pixels right of it)
    for label in ax.texts:
        if not isinstance(label, Annotation) or label.get_gid() != gid:
            continue
        anchor = float(label.xy[0])
        pixel = ax.transData.transform((anchor, 0))[0]
        box = label.get_window_extent()
        needs.append((anchor, max(pixel - box.x0, 0.0), max(box.x1 - pixel, 0.0)))
    if not needs or width <= 0:
        return
    span = high - low
    left, right = low, high
    for _ in range(50):
        right = max(high, *(anchor + after * span / width for anchor, _, after in needs))
        left = min(low, *(anchor - before * span / width for anchor, before, _ in needs))
        if abs((right - left) - span) <= span * 1e-6:
            break
        span = right - left
    pad = (right - left) * 0.015
    ax.set_xlim(left - (pad if left < low else 0), right + (pad if right > high else 0))
