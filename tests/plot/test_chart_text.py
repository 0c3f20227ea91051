"""Text in kpirag's charts is text: never mathtext, control characters shown as escapes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from matplotlib import mathtext
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from kpirag.cli import main
from kpirag.plot import figure_svg, spc_chart
from kpirag.spc import xmr

DATA = Path(__file__).resolve().parents[2] / "examples" / "data"
NAMES = {"kpis": "1 Safe", "risks": "DCCS HS 003", "budget": "People"}
ODD = {
    "invalid mathtext": "Income ($$)",
    "dollars": "$5 to $10",
    "escape and bell": "Safe\x1b[31m\x07",
}


def _files(tmp_path: Path, text: str) -> list[str]:
    """The Q1 2017/18 files with a theme, a risk code and a budget name replaced by ``text``."""
    paths = []
    for kind, name in NAMES.items():
        path = tmp_path / f"{kind}.csv"
        source = (DATA / f"q1_2017_18_{kind}.csv").read_text(encoding="utf-8")
        path.write_text(source.replace(name, text), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture
def no_mathtext(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to lay text out as mathtext."""

    def refuse(_self: object, text: str, *_args: object, **_kwargs: object) -> None:
        pytest.fail(f"{text!r} was parsed as mathtext")

    monkeypatch.setattr(mathtext.MathTextParser, "parse", refuse)


@pytest.mark.usefixtures("no_mathtext")
@pytest.mark.parametrize("text", list(ODD.values()), ids=list(ODD))
def test_defect_invalid_mathtext_crashes_report(tmp_path: Path, text: str) -> None:
    """`kpirag report --format html` draws a theme, risk code or budget name as plain text."""
    out, err = io.StringIO(), io.StringIO()
    files = _files(tmp_path, text)
    code = main(
        ["report", *files, "--period", "Q1 2017/18", "--format", "html"], stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    assert out.getvalue().count("<svg") == 3


def _texts(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.findobj(Text)]


@pytest.mark.usefixtures("no_mathtext")
def test_defect_dollars_drawn_in_math_italics() -> None:
    """`$5 to $10` as a period and a title is drawn as written, dollars and all."""
    periods = ["$5 to $10", "Income ($$)", *(f"p{n}" for n in range(12))]
    figure = Figure()
    ax = spc_chart(
        xmr(range(14), periods=periods), ax=figure.add_subplot(), title="Costs $5 to $10"
    )
    figure_svg(figure)
    shown = _texts(ax)
    assert "Costs $5 to $10" in shown
    assert "$5 to $10" in [label.get_text() for label in ax.get_xticklabels()]


@pytest.mark.parametrize("text", ["Safe\x1b[31m\x07", "a\x00b", "bidi \u202e"])
def test_defect_control_character_in_theme_makes_chart_svg_ill_formed(text: str) -> None:
    """A control character in chart text is shown as its escape, and the SVG is well-formed."""
    figure = Figure()
    ax = spc_chart(xmr(range(14), periods=[text, *range(13)]), ax=figure.add_subplot(), title=text)
    ET.fromstring(figure_svg(figure))  # noqa: S314 (kpirag's own SVG)
    shown = "\n".join(_texts(ax))
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "\\x1b" in shown or "\\x00" in shown or "\\u202e" in shown


def test_control_characters_in_report_charts(tmp_path: Path) -> None:
    """`kpirag report --format html` with ESC and BEL in a theme exits 0 with its three charts."""
    out, err = io.StringIO(), io.StringIO()
    files = _files(tmp_path, ODD["escape and bell"])
    code = main(
        ["report", *files, "--period", "Q1 2017/18", "--format", "html", "--quiet"],
        stdout=out,
        stderr=err,
    )
    assert (code, err.getvalue()) == (0, "")
    assert out.getvalue().count("<svg") == 3


def test_the_callers_own_texts_stay_the_callers() -> None:
    """Texts already on a caller's Axes that the chart leaves alone keep their mathtext."""
    figure = Figure()
    ax = figure.add_subplot()
    own = ax.text(0.5, 0.5, r"$\alpha$ rate")
    spc_chart(xmr(range(14)), ax=ax, title="$5 to $10")
    assert own.get_parse_math()
    assert own.get_text() == r"$\alpha$ rate"
    assert not ax.title.get_parse_math()
