"""Status colours are colours: checked where they are given, and again where HTML writes them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kpirag import Cell, InvalidStatusError, Report, Scale, Status, Table
from kpirag.cli import main

EVIL = "#c6efce;background-image:url(http://evil.example/x)"

RULES = """
[scales.evil]
name = "Evil"
levels = [{{ label = "Good", colour = {colour!r} }}, {{ label = "Bad", colour = "#ffc7ce" }}]

[schemes.e]
scale = "evil"
met = "Good"
beyond = "Bad"

[kpis]
scheme = "e"
"""
KPIS = "id,title,target,value\nK1,One,>=80%,83%\nK2,Two,>=80%,70%\n"


@pytest.mark.parametrize(
    "colour", ["#fff", "#fffa", "#c6efce", "#C6EFCE80", "red", "RebeccaPurple", "lightgrey"]
)
def test_colours_accepted(colour: str) -> None:
    """Hex colours of 3, 4, 6 or 8 digits and CSS colour names (any case) are colours."""
    assert Status("A", 0, "S", colour=colour).colour == colour


@pytest.mark.parametrize(
    "colour",
    [
        EVIL,
        "",
        "#ggg",
        "#c6efc",
        " #c6efce",
        "#c6efce\n",
        "red;x:y",
        "url(http://evil.example/x)",
        "expression(alert(1))",
        "javascript",
        "transparent",
        "rgb(1,2,3)",
    ],
)
def test_colours_refused(colour: str) -> None:
    """Anything but a hex colour or a CSS colour name is refused, with field, value and expected."""
    with pytest.raises(InvalidStatusError) as caught:
        Status("A", 0, "S", colour=colour)
    assert (caught.value.field, caught.value.value) == ("colour", colour)
    assert "#rrggbb" in str(caught.value.expected)


def forged(colour: str) -> Status:
    """A status whose colour got past the check (as if made by a bypass), for the HTML writers."""
    status = Status("Good", 0, "Evil", colour="#c6efce")
    object.__setattr__(status, "colour", colour)
    return status


def table(status: Status) -> Table:
    """A one-row table whose status cell carries ``status``."""
    return Table("T", ["KPI", "Status"], [["K1", Cell("Good", status=status)]])


@pytest.mark.parametrize(
    "door",
    ["Scale.define", "rules file, --format html", "Table.render('html')", "Report.to_html()"],
)
def test_defect_scale_colour_css_injection(door: str, tmp_path: Path) -> None:
    """A colour carrying CSS beyond a colour is refused where given, and never reaches a style."""
    if door == "Scale.define":
        with pytest.raises(InvalidStatusError) as caught:
            Scale.define("Evil", ["Good", "Bad"], colours=[EVIL, "#ffc7ce"])
        assert (caught.value.field, caught.value.value) == ("colour", EVIL)
        return
    if door == "rules file, --format html":
        rules, kpis = tmp_path / "rules.toml", tmp_path / "kpis.csv"
        rules.write_text(RULES.format(colour=EVIL), encoding="utf-8")
        kpis.write_text(KPIS, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        argv = ["evaluate", str(kpis), "--rules", str(rules), "--format", "html"]
        code = main(argv, stdin=io.BytesIO(), stdout=out, stderr=err)
        assert (code, out.getvalue()) == (2, "")
        assert "rules.toml:4: scales.evil.levels[0].colour ('#c6efce;" in err.getvalue()
        assert "Traceback" not in err.getvalue()
        return
    status = forged(EVIL)
    if door == "Table.render('html')":
        page = table(status).render("html")
    else:
        page = Report("R", [table(status)]).to_html()
    assert "evil.example" not in page
    assert "Good</span>" in page
