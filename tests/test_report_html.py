"""The standalone HTML report: valid HTML5, self-contained, every text escaped, charts sanitised.

The document is checked with html5lib (the ``test`` extra), the reference
implementation of the HTML5 parsing algorithm, in strict mode: any parse
error, the kind a browser silently repairs, fails the test.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from types import ModuleType

import html5lib
import pytest

from kpirag import Cell, Chart, InvalidFormatError, Report, Scale, Status, Table, ValueTypeError
from kpirag.report import sanitise_svg

SCRIPT = "<script>alert(1)</script>"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect id="r" width="4" height="4"/></svg>'


def parse(document: str) -> object:
    """The document parsed by html5lib in strict mode (a parse error raises)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(document)


def resource_references(document: str) -> list[str]:
    """Every href, src, xlink:href and CSS url() in the page that leaves it."""
    tree = parse(document)
    found = []
    for element in tree.iter():  # type: ignore[attr-defined]
        for name, value in element.attrib.items():
            key = name if isinstance(name, str) else name[1]
            if key in {"href", "src", "xlink:href", "action", "data"} and not value.startswith("#"):
                found.append(value)
            found += [u for u in re.findall(r"url\(([^)]*)\)", value) if not u.startswith("#")]
            found += re.findall(r"image-set\(([^)]*)\)", value)
        if element.tag == "style" and element.text:
            found += re.findall(r"url\(([^)]*)\)|@import", element.text)
    return found


def page(
    *, title: str = "Q1", tables: list[Table] | None = None, charts: list[Chart] | None = None
) -> str:
    table = Table("KPIs", ["ID", "Status"], [["1.5", Cell("Red", status=Status.RED)]])
    return Report(title, tables or [table], charts or []).to_html(standalone=True)


def test_standalone_document_has_the_parts_of_an_html5_page() -> None:
    """Doctype, charset, the report's title, one embedded stylesheet, sections with captions."""
    document = page(title="DCCS Q1 2017/18")
    parse(document)
    assert document.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in document
    assert "<title>DCCS Q1 2017/18</title>" in document
    assert document.count("<style>") == 1
    assert '<caption class="visually-hidden">KPIs</caption>' in document
    assert '<th scope="col">ID</th>' in document
    assert '<th scope="row">1.5</th>' in document
    assert "@media print" in document
    assert "break-before: page" in document
    assert "<script" not in document
    assert resource_references(document) == []


def test_title_is_the_reports_never_a_path() -> None:
    """The <title> and <h1> show the report's title as given."""
    document = Report("Board pack", []).to_html(standalone=True)
    assert "<title>Board pack</title>" in document
    assert "<h1>Board pack</h1>" in document


def test_status_pills_carry_their_label_and_colour() -> None:
    """A status cell is a pill with its label as text and its colour as background."""
    document = page()
    assert '<span class="pill" style="background-color:#ffc7ce">Red</span>' in document


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("#ffc7ce", '<span class="pill" style="background-color:#ffc7ce">Bad</span>'),
        ("#003366", '<span class="pill" style="background-color:#003366;color:#fff">Bad</span>'),
        ("navy", '<span class="pill" style="background-color:navy">Bad</span>'),
        ("red;background:url(http://x)", '<span class="pill">Bad</span>'),
        ('"><script>', '<span class="pill">Bad</span>'),
    ],
)
def test_pill_colour_is_only_a_colour_and_text_stays_readable(colour: str, expected: str) -> None:
    """A status's colour reaches the style only when it is a hex colour or a name; dark gets white text."""
    bad = Scale.define("Custom", ["Good", "Bad"]).levels[1]
    object.__setattr__(bad, "colour", colour)  # past Status's own check: the writer checks again
    table = Table("T", ["ID", "Status"], [["1", Cell("Bad", status=bad)]])
    document = page(tables=[table])
    parse(document)
    assert expected in document


def test_fragment_is_unchanged() -> None:
    """to_html() without standalone is today's fragment: render('html')."""
    report = Report("Q1", [Table("KPIs", ["ID"], [["1"]])], [Chart("c", SVG, section="KPIs")])
    assert report.to_html() == report.render("html")
    assert report.to_html().startswith("<h2>Q1</h2>")


FIELDS: dict[str, Callable[[str], str]] = {
    "report title": lambda text: page(title=text),
    "table title": lambda text: page(tables=[Table(text, ["a", "b"], [["1", "2"]])]),
    "header": lambda text: page(tables=[Table("T", [text, "b"], [["1", "2"]])]),
    "cell": lambda text: page(tables=[Table("T", ["a", "b"], [["1", text]])]),
    "row heading cell": lambda text: page(tables=[Table("T", ["a", "b"], [[text, "2"]])]),
    "group row": lambda text: page(tables=[Table("T", ["a", "b", "c"], [["", text, ""]])]),
    "status label": lambda text: page(
        tables=[
            Table("T", ["a", "b"], [["1", Cell(text, status=Scale.define("S", [text]).levels[0])]])
        ]
    ),
    "chart title": lambda text: page(charts=[Chart(text, SVG)]),
    "chart description": lambda text: page(charts=[Chart("c", SVG, description=text)]),
    "chart section": lambda text: page(
        tables=[Table(text, ["a"], [["1"]])], charts=[Chart("c", SVG, section=text)]
    ),
    "svg text": lambda text: page(
        charts=[
            Chart(
                "c",
                '<svg xmlns="http://www.w3.org/2000/svg"><text>'
                + text.replace("<", "&lt;")
                + "</text></svg>",
            )
        ]
    ),
}


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize(
    "text", [SCRIPT, "</title><script>x()</script>", '"><img src=x onerror=alert(1)>']
)
def test_every_text_field_is_escaped(field: str, text: str) -> None:
    """Markup in any text field shows as text: no element is made, the page still parses."""
    document = FIELDS[field](text)
    parse(document)
    assert "<script" not in document
    assert "<img" not in document
    assert "&lt;" in document
    assert resource_references(document) == []


def test_control_characters_are_visible_in_the_document() -> None:
    """Terminal escapes and bidi controls show as their escapes, as in every format."""
    document = page(title="Q1\x1b[2J\u202e")
    assert "<title>Q1\\x1b[2J\\u202e</title>" in document


def test_empty_table_says_so() -> None:
    """A table without rows has one row saying None, spanning every column."""
    document = page(tables=[Table("Audit", ["KPI", "Recorded", "Computed"], [])])
    parse(document)
    assert '<td class="empty" colspan="3">None</td>' in document


def test_theme_rows_become_row_group_headings() -> None:
    """A row holding only a heading (a KPI table's theme) is a <th scope=rowgroup> across the table."""
    table = Table("KPIs", ["ID", "Measure", "Status"], [["", "1 Safe", ""], ["1.5", "x", "Red"]])
    document = page(tables=[table])
    parse(document)
    assert '<tr class="group"><th scope="rowgroup" colspan="3">1 Safe</th></tr>' in document


def test_numbers_are_right_aligned() -> None:
    """Numeric cells and the header of an all-number column have the num class."""
    table = Table("T", ["Division", "Budget"], [["People", Cell("6,974", 6974, numeric=True)]])
    document = page(tables=[table])
    assert '<th scope="col" class="num">Budget</th>' in document
    assert '<td class="num">6,974</td>' in document


def test_wide_tables_are_set_smaller() -> None:
    """A table of more than seven columns gets the wide class (smaller type) to fit the page."""
    headers = [f"c{n}" for n in range(8)]
    document = page(tables=[Table("T", headers, [[str(n) for n in range(8)]])])
    assert '<table class="wide">' in document


# -- charts ---------------------------------------------------------------------------


def test_charts_sit_above_their_table_with_a_caption_and_a_text_alternative() -> None:
    """A chart is a <figure> in its table's section, before the table, labelled for screen readers."""
    chart = Chart("Statuses", SVG, description="3 Green", section="KPIs")
    document = page(charts=[chart])
    parse(document)
    figure = document.index("<figure")
    assert (
        document.index('<h2 id="section-1-heading">KPIs</h2>') < figure < document.index("<table")
    )
    assert 'role="img" aria-label="3 Green"' in document
    assert "<figcaption>Statuses</figcaption>" in document


def test_a_chart_without_a_section_is_a_section_of_its_own() -> None:
    """Charts with no section come after the tables, each under its title."""
    document = page(charts=[Chart("Trend", SVG)])
    assert document.index("<table") < document.index('<h2 id="section-2-heading">Trend</h2>')


def test_a_chart_for_a_missing_table_is_refused() -> None:
    """A chart's section must name a table of the report."""
    with pytest.raises(InvalidFormatError, match="names no table of the report"):
        Report("Q1", [Table("KPIs", ["ID"], [])], [Chart("c", SVG, section="Risks")])


def test_ids_are_unique_across_charts() -> None:
    """Two charts with the same ids get different prefixes, and their references follow."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><clipPath id="p1"><rect width="1" height="1"/></clipPath></defs>'
        '<g id="g"/><g id="g"/><use xlink:href="#p1"/><path clip-path="url(#p1)" d="M0 0"/></svg>'
    )
    document = page(charts=[Chart("a", svg), Chart("b", svg)])
    parse(document)
    ids = re.findall(r' id="([^"]+)"', document)
    assert len(ids) == len(set(ids))
    assert 'xlink:href="#kpirag-chart-1-p1"' in document
    assert 'clip-path="url(#kpirag-chart-2-p1)"' in document
    assert 'id="kpirag-chart-1-g-2"' in document


@pytest.mark.parametrize(
    ("svg", "absent"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "alert"),
        ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "alert"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>', "alert"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
            "hi",
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                '<a xlink:href="javascript:alert(1)"><rect/></a></svg>'
            ),
            "javascript",
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                '<use xlink:href="http://evil.example/x.svg#a"/></svg>'
            ),
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://evil.example/#p)"/></svg>',
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(//evil.example/#p)"/></svg>',
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="background:u\\72l(x)"/></svg>',
            "background",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/x.css";</style></svg>',
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>',
            "javascript",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onload" to="alert(1)"/></svg>',
            "alert",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><!-- <script>x</script> --><rect/></svg>',
            "script",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><?xml-stylesheet href="https://evil.example/x.css"?><rect/></svg>',
            "evil",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></svg>',
            "alert",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata></svg>',
            "rdf",
        ),
    ],
)
def test_sanitiser_keeps_only_drawing(svg: str, absent: str) -> None:
    """Script, event handlers, foreign content, outside links and urls are dropped, in and out of a page."""
    assert absent not in sanitise_svg(svg, embed=True)
    assert absent not in sanitise_svg(svg)
    document = page(charts=[Chart("c", svg)])
    figure = re.search(r"<figure.*?</figure>", document, re.DOTALL)
    assert figure is not None
    assert absent not in figure.group()
    assert resource_references(document) == []


def test_sanitiser_keeps_internal_references_and_inline_images() -> None:
    """#id links, url(#id) and inline PNG images stay, so matplotlib's charts draw as drawn."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<defs><pattern id="h"/></defs><rect style="fill: url(#h)"/>'
        '<image xlink:href="data:image/png;base64,iVBORw0KGgo="/></svg>'
    )
    out = sanitise_svg(svg, prefix="c-", embed=True)
    assert 'style="fill: url(#c-h)"' in out
    assert 'xlink:href="data:image/png;base64,iVBORw0KGgo="' in out
    assert "xmlns" not in out


@pytest.mark.parametrize(
    "svg",
    [
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        "<svg",
        "<html/>",
        '<svg xmlns="http://example.com/not-svg"/>',
        "",
    ],
)
def test_sanitiser_refuses_what_is_not_plain_svg(svg: str) -> None:
    """Entities, internal DTD subsets, broken XML and other roots are an InvalidFormatError."""
    with pytest.raises(InvalidFormatError):
        Chart("c", svg)


@pytest.mark.parametrize("svg", [None, 5, b"<svg/>"])
def test_chart_svg_must_be_text(svg: object) -> None:
    """A chart's SVG is text; anything else is our error."""
    with pytest.raises(InvalidFormatError):
        Chart("c", svg)


@pytest.mark.parametrize("junk", [None, 1, "yes"])
def test_standalone_flag_is_a_bool(junk: object) -> None:
    """to_html(standalone=...) takes True or False only."""
    with pytest.raises(ValueTypeError) as caught:
        Report("Q1", []).to_html(standalone=junk)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.expected) == ("standalone", "True or False")


def test_the_checker_can_fail() -> None:
    """html5lib in strict mode rejects a page a browser would silently repair."""
    with pytest.raises(html5lib.html5parser.ParseError):
        parse("<html><title>x</title><p><table><tr><td>1</td></tr></p>")
    assert resource_references('<!DOCTYPE html><img src="https://x.example/a.png">') == [
        "https://x.example/a.png"
    ]


# -- the Q1 example -------------------------------------------------------------------


@pytest.fixture(scope="module")
def q1_document(q1: ModuleType) -> str:
    """The Q1 2017/18 example's standalone HTML report, with its charts."""
    text: str = q1.render("html")
    return text


def test_q1_document_is_valid_and_self_contained(q1_document: str) -> None:
    """The example's report parses strictly and names no http(s) address at all."""
    parse(q1_document)
    assert "http://" not in q1_document
    assert "https://" not in q1_document
    assert resource_references(q1_document) == []
    assert "<title>DCCS business plan update, Q1 2017/18</title>" in q1_document


def test_q1_document_has_the_charts_and_tables(q1_document: str) -> None:
    """Status summary chart, KPI table, risk matrix and budget variance chart, in their sections."""
    sections = re.findall(r'<h2 id="section-\d+-heading">([^<]*)</h2>', q1_document)
    assert sections[:4] == ["Status summary", "Exceptions", "KPIs", "Risk register"]
    assert q1_document.count("<svg") == 3
    for title in (
        "KPI statuses by theme",
        "Risk matrix (City of London 4x4): open risks by likelihood and impact",
        "Budget variance by line, £&#x27;000: projected outturn less budget",
    ):
        assert f"<figcaption>{title}</figcaption>" in q1_document
    summary = q1_document.index("KPI statuses by theme")
    risks = q1_document.index("Risk matrix (City")
    assert summary < q1_document.index('<h2 id="section-2-heading">') < risks


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("2023-01", True),
        ("Q1 2017/18", True),
        ("30/09/2017", True),
        ("1.5", False),
        ("Common cause", True),
        ("Special cause improvement", False),
        ("", False),
    ],
)
def test_short_cells_with_a_break_are_kept_on_one_line(text: str, kept: bool) -> None:
    """A short cell a browser could break (a hyphen, slash or space) is marked no-wrap."""
    table = Table("T", ["A", "B"], [[Cell("x"), Cell(text)]])
    page = Report("R", [table]).to_html(standalone=True)
    parse(page)
    assert (f'<td class="short">{text}</td>' in page) is kept
    assert (f'<td style="white-space:nowrap">{text}</td>' in table.render("html")) is kept


@pytest.mark.parametrize(
    "svg",
    [
        "<rect style=\"background-image:image-set('http://evil.example/x.png' 1x)\"/>",
        "<rect style=\"fill:#fff;background-image:-webkit-image-set('http://evil.example/x' 1x)\"/>",
        '<rect style="background-image:image-set(&quot;http://evil.example/x&quot; 1x)"/>',
        "<rect style=\"mask-image:image-set('//evil.example/x.png' 1x)\"/>",
        "<rect style=\"background:image-set/**/('http://evil.example/x' 1x)\"/>",
        "<rect style=\"list-style-image:cross-fade('http://evil.example/x')\"/>",
        "<rect fill=\"image-set('http://evil.example/x.png' 1x)\"/>",
        '<rect src="http://evil.example/x.png" xml:base="http://evil.example/"/>',
        "<rect style=\"font-family:'http://evil.example/x'\"/>",
    ],
)
def test_defect_svg_sanitiser_keeps_image_set(svg: str) -> None:
    """A style or attribute that could fetch (image-set, any function but a colour, url(#id) or a transform) is dropped."""
    document = f'<svg xmlns="http://www.w3.org/2000/svg">{svg}</svg>'
    for written in (sanitise_svg(document), sanitise_svg(document, embed=True)):
        assert "evil" not in written
        assert "image-set" not in written
    assert resource_references(page(charts=[Chart("c", document)])) == []


@pytest.mark.parametrize(
    ("style", "kept"),
    [
        ("fill: #ff0000; stroke: rgb(0, 0, 0); stroke-width: 0.8", None),
        ("fill:none;background-image:image-set('x' 1x);opacity:0.5", "fill:none; opacity:0.5"),
        ("font-family: 'DejaVu Sans', sans-serif; font-size: 10px", None),
        ("position: fixed; fill: red", "fill: red"),
    ],
)
def test_sanitiser_keeps_drawing_styles(style: str, kept: str | None) -> None:
    """Colours, strokes and fonts stay in a style; other properties and functions go."""
    document = f'<svg xmlns="http://www.w3.org/2000/svg"><rect style="{style}"/></svg>'
    assert f'style="{html.escape(kept or style)}"' in sanitise_svg(document, embed=True)
