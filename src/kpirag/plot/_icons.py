"""The Making Data Count variation and assurance icons, drawn with matplotlib patches and text.

NHS England's icons are circles: the variation icon holds a letter (``H`` or
``L``: the measure is high or low) over a small run of points whose last few
are coloured; the assurance icon holds ``P`` (the target will consistently be
passed) or ``F`` (failed) over a sketch of the limits and the target, or a
target line crossing the points when it will be hit or miss. kpirag draws
them itself, so they scale with the figure and need no image files, and it
writes each icon's meaning in words beneath it, so none depends on colour or
on knowing the symbols.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import attrs
from matplotlib.artist import Artist
from matplotlib.lines import Line2D
from matplotlib.offsetbox import DrawingArea
from matplotlib.patches import Circle
from matplotlib.text import Text

from kpirag.plot._style import SMALL, TEXT_COLOUR
from kpirag.spc import Assurance, Improvement, Variation

__all__ = ["ICONS_HEIGHT", "IconSpec", "assurance_spec", "icons_box", "variation_spec"]

_SCALE = 50.0  # points per icon unit: an icon is 45 points across
_RADIUS = 0.45
_GAP = 1.5  # from one icon's centre to the next, room for its words
_LEFT = _GAP / 2  # the first icon's centre, from the left edge
_BOTTOM = 1.35  # the icons' centres, from the bottom edge (room for three lines of words)
ICONS_HEIGHT = (_BOTTOM + _RADIUS + 0.45) * _SCALE
"""The height of the icons' box in points."""
_FLAT = (0.0, 0.08, -0.06, 0.07, -0.08, 0.05, -0.02)  # common cause: noise about the middle
_PATTERN_WIDTH = 0.5
_PATTERN_BASE = -0.12  # where the run of points sits, below the letter
_PATTERN_SCALE = 0.9
_TARGET_INK = "#de1b1b"
_LIMIT_INK = "#595959"


@attrs.frozen
class IconSpec:
    """What one icon shows.

    Attributes:
        kind: ``"variation"`` or ``"assurance"``.
        colour: the palette key of the circle's colour (``"common_cause"``,
            ``"special_cause_improvement"``, ...).
        letter: the letter in the circle (``H``, ``L``, ``P``, ``F``), or ``""``.
        shift: +1 when the last points rise, -1 when they fall, 0 when they do not.
        target: where the target line sits against the limits in the sketch:
            +1 above, -1 below, 0 across the points; ``None`` for no target line.
        label: the icon's meaning in words.
        present: ``False`` for "no icon": a dashed grey circle, no symbol.
    """

    kind: str
    colour: str
    letter: str
    shift: int
    target: int | None
    label: str
    present: bool = True


_IMPROVE, _CONCERN, _NEITHER = (f"special_cause_{k}" for k in ("improvement", "concern", "neutral"))
_VARIATION: dict[Variation | None, tuple[str, str, int, str]] = {  # colour, letter, shift, words
    None: ("common_cause", "", 0, "No variation icon: too few points"),  # a run chart
    Variation.COMMON_CAUSE: ("common_cause", "", 0, "Common cause variation"),
    Variation.IMPROVEMENT_HIGH: (_IMPROVE, "H", 1, "Special cause improvement (high)"),
    Variation.IMPROVEMENT_LOW: (_IMPROVE, "L", -1, "Special cause improvement (low)"),
    Variation.CONCERN_HIGH: (_CONCERN, "H", 1, "Special cause concern (high)"),
    Variation.CONCERN_LOW: (_CONCERN, "L", -1, "Special cause concern (low)"),
    Variation.NEITHER_HIGH: (_NEITHER, "H", 1, "Special cause, neither (high)"),
    Variation.NEITHER_LOW: (_NEITHER, "L", -1, "Special cause, neither (low)"),
}


def variation_spec(variation: Variation | None) -> IconSpec:
    """The variation icon for ``variation``; "no icon" for ``None`` (a run chart)."""
    colour, letter, shift, words = _VARIATION[variation]
    return IconSpec("variation", colour, letter, shift, None, words, present=variation is not None)


def assurance_spec(assurance: Assurance, improvement: Improvement) -> IconSpec:
    """The assurance icon for ``assurance``, the target sketched where ``improvement`` puts it."""
    # A target below the limits is consistently passed when higher is better.
    passed = -1 if improvement is Improvement.INCREASE else 1
    if assurance is Assurance.CONSISTENT_PASS:
        return IconSpec("assurance", _IMPROVE, "P", 0, passed, "Consistently hits the target")
    if assurance is Assurance.CONSISTENT_FAIL:
        return IconSpec("assurance", _CONCERN, "F", 0, -passed, "Consistently misses the target")
    if assurance is Assurance.INCONSISTENT:
        return IconSpec("assurance", "common_cause", "?", 0, 0, "Hit or miss: target inside limits")
    return IconSpec("assurance", "common_cause", "", 0, None, "No assurance icon", present=False)


def _pattern(shift: int) -> list[float]:
    """Seven points' heights: noise, then (for a shift) the last three moved up or down."""
    if shift == 0:
        return list(_FLAT)
    noise = [value * 0.6 - 0.05 * shift for value in _FLAT[:4]]
    return [*noise, 0.1 * shift, 0.13 * shift, 0.16 * shift]


class _Canvas:
    """Draws in icon units on a ``DrawingArea`` (whose own units are points)."""

    def __init__(self, area: DrawingArea) -> None:
        self.area = area

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (x + _LEFT) * _SCALE, (y + _BOTTOM) * _SCALE

    def add(self, artist: Artist) -> None:
        self.area.add_artist(artist)

    def line(self, xs: list[float], ys: list[float], **style: object) -> None:
        points = [self.at(x, y) for x, y in zip(xs, ys, strict=True)]
        self.add(Line2D([x for x, _ in points], [y for _, y in points], **style))  # type: ignore[arg-type]

    def circle(self, x: float, y: float, radius: float, **style: object) -> Circle:
        circle = Circle(self.at(x, y), radius * _SCALE, **style)
        self.add(circle)
        return circle

    def text(self, x: float, y: float, text: str, **style: object) -> None:
        self.add(Text(*self.at(x, y), text, **style))  # type: ignore[arg-type]


def _draw_one(canvas: _Canvas, spec: IconSpec, centre: float, colours: Mapping[str, str]) -> None:
    colour = colours[spec.colour]
    common = colours["common_cause"]
    canvas.circle(
        centre,
        0,
        _RADIUS,
        facecolor="white",
        edgecolor=colour,
        linewidth=3 if spec.present else 1.5,
        linestyle="-" if spec.present else (0, (3, 2)),
        gid=f"kpirag-spc-{spec.kind}-icon",
        label=spec.label,
    )
    if spec.present and spec.letter:
        canvas.text(
            centre,
            0.17,
            spec.letter,
            ha="center",
            va="center",
            fontsize=SMALL + 4,
            fontweight="bold",
            color=colour,
            gid=f"kpirag-spc-{spec.kind}-letter",
        )
    if spec.present:
        xs = [centre + _PATTERN_WIDTH * (i / 6 - 0.5) for i in range(7)]
        ys = [_PATTERN_BASE + h * _PATTERN_SCALE for h in _pattern(spec.shift)]
        if spec.target is not None:
            # The sketch: process limits dashed, the target solid, the points between the limits.
            for level in (_PATTERN_BASE + 0.12, _PATTERN_BASE - 0.12):
                canvas.line(
                    [centre - 0.3, centre + 0.3],
                    [level, level],
                    color=_LIMIT_INK,
                    linewidth=0.8,
                    linestyle=(0, (2, 1.5)),
                )
            level = _PATTERN_BASE + 0.19 * spec.target
            canvas.line(
                [centre - 0.26, centre + 0.26], [level, level], color=_TARGET_INK, linewidth=1.6
            )
            ys = [_PATTERN_BASE + h * 0.8 for h in _FLAT]
        canvas.line(xs, ys, color=common, linewidth=0.8)
        shifted = 3 if spec.shift else 0
        faces = [common] * (7 - shifted) + [colour] * shifted
        for x, y, face in zip(xs, ys, faces, strict=True):
            canvas.circle(x, y, 0.045, facecolor=face, edgecolor="none")
    canvas.text(
        centre,
        -_RADIUS - 0.1,
        "\n".join(textwrap.wrap(spec.label, 15)),
        ha="center",
        va="top",
        fontsize=SMALL,
        color=TEXT_COLOUR,
        gid=f"kpirag-spc-{spec.kind}-label",
    )
    canvas.text(
        centre,
        _RADIUS + 0.1,
        spec.kind.capitalize(),
        ha="center",
        va="baseline",
        fontsize=SMALL,
        fontweight="bold",
        color=TEXT_COLOUR,
    )


def icons_box(specs: list[IconSpec], colours: Mapping[str, str]) -> DrawingArea:
    """The icons side by side, with their names above and meanings below, sized in points."""
    area = DrawingArea(len(specs) * _GAP * _SCALE, ICONS_HEIGHT, clip=False)
    canvas = _Canvas(area)
    for number, spec in enumerate(specs):
        _draw_one(canvas, spec, number * _GAP, colours)
    return area
