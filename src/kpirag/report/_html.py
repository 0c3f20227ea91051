"""A report as one self-contained HTML document: the page people open, print and send.

``Report.to_html(standalone=True)`` writes it: an HTML5 document with its own
stylesheet (a system sans-serif, status pills that carry their label, zebra
rows, a print stylesheet that starts each section on a new page), a contents
list, one section per table with its charts inline as sanitised SVG (see
``_svg``), and semantic tables (``<caption>``, ``<th scope>``). Nothing on the
page is fetched: no script, font, image or stylesheet comes from elsewhere,
and every text (title, headers, cells, chart titles and descriptions) is
escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import attrs

from kpirag._validate import brief, counted, of
from kpirag._validate import text as is_text
from kpirag.report._escape import html_escape, one_line
from kpirag.report._svg import sanitise_svg
from kpirag.rules import Status

if TYPE_CHECKING:
    from kpirag.report._render import Cell, Table

__all__ = [
    "Chart",
    "document_head",
    "numeric_columns",
    "rows_html",
    "standalone_html",
    "status_pill",
    "table_html",
]


def _svg(value: object) -> str:
    checked: str = value  # type: ignore[assignment]  # sanitise_svg checks the type
    return sanitise_svg(checked)


@attrs.frozen
class Chart:
    """A chart for a report's HTML document: SVG text with a title and a text alternative.

    The SVG is sanitised when the chart is made (see ``sanitise_svg``): only
    drawing is kept, so a chart cannot run script or fetch anything.
    ``kpirag.plot.figure_svg`` turns a matplotlib figure into the text.

    Attributes:
        title: the caption shown under the chart.
        svg: the chart as SVG text (sanitised).
        description: what the chart shows, for readers who cannot see it
            (the ``aria-label``); the title when empty.
        section: the title of the report table the chart goes with (it is
            drawn above that table); ``None`` puts it in a section of its own
            after the tables.

    ```pycon
    >>> svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script><circle r="2"/></svg>'
    >>> chart = Chart("Statuses", svg, section="Status summary")
    >>> "script" in chart.svg, chart.svg.endswith('><circle r="2"/></svg>')
    (False, True)

    ```
    """

    title: str = attrs.field(validator=is_text)
    svg: str = attrs.field(converter=_svg)
    description: str = attrs.field(default="", validator=is_text, kw_only=True)
    section: str | None = attrs.field(
        default=None, validator=of(str, optional=True, expected="a table title or None"),
        kw_only=True,
    )  # fmt: skip

    def __repr__(self) -> str:
        section = "" if self.section is None else f", above {brief(self.section, 30)}"
        return f"Chart({brief(self.title)}, {counted(len(self.svg), 'character')} of SVG{section})"

    @property
    def label(self) -> str:
        """The text alternative: the description, or the title."""
        return one_line(self.description or self.title)


STYLESHEET = """\
:root {
  color-scheme: light;
  --ink: #1a1a1a; --muted: #4a4f55; --rule: #c9ced4; --head: #eef1f4; --zebra: #f6f7f9;
  --accent: #1d4f91;
}
* { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 78rem; padding: 1.5rem 1.25rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", "Liberation Sans", "DejaVu Sans", sans-serif;
  font-size: 1rem; line-height: 1.45; color: var(--ink); background: #fff;
}
header { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 0.75rem; }
h2 { font-size: 1.3rem; line-height: 1.25; margin: 0 0 0.75rem; }
nav ol { margin: 0.25rem 0 0; padding-left: 1.5rem; columns: 2 16rem; }
nav h2 { font-size: 1rem; margin: 0; }
nav { margin-bottom: 1.5rem; }
a { color: var(--accent); }
section { margin: 2rem 0 0; }
figure.chart { margin: 0 0 1.25rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart svg * { stroke-linejoin: round; stroke-linecap: butt; }
figcaption { color: var(--muted); font-size: 0.9rem; margin-top: 0.25rem; }
.table-wrap { overflow-x: auto; }
table {
  border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums;
}
caption { text-align: left; font-weight: 600; padding: 0 0 0.4rem; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
th, td {
  padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--rule);
  text-align: left; vertical-align: top;
}
thead th { background: var(--head); border-bottom: 2px solid var(--ink); vertical-align: bottom; }
tbody th { font-weight: 600; }
tbody tr:nth-child(even) { background: var(--zebra); }
tbody tr.group th { background: var(--head); font-size: 0.95rem; padding-top: 0.6rem; }
.num { text-align: right; white-space: nowrap; }
.short { white-space: nowrap; }
thead th.num { white-space: normal; }
table.wide { font-size: 0.82rem; }
table.wide th, table.wide td { padding: 0.35rem 0.4rem; }
td.empty { color: var(--muted); font-style: italic; }
.pill {
  display: inline-block; padding: 0.05rem 0.6rem; border-radius: 999px;
  border: 1px solid rgba(0, 0, 0, 0.45); font-weight: 600; font-size: 0.85rem;
  white-space: nowrap; background: #fff; color: var(--ink);
}
footer { margin-top: 2.5rem; color: var(--muted); font-size: 0.85rem; }
@page { margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, footer { display: none; }
  section { break-before: page; margin: 0; }
  h2 { break-after: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  thead { display: table-header-group; }
  tr, figure.chart { break-inside: avoid; }
  .pill, thead th, tbody tr, tbody tr.group th {
    -webkit-print-color-adjust: exact; print-color-adjust: exact;
  }
  a { color: inherit; text-decoration: none; }
}
"""
"""The document's embedded stylesheet (no fonts or images are fetched)."""

WIDE = 7
"""Tables of more columns than this are set in a smaller type, to fit the page."""

SHORT = 12
"""Cells of at most this many characters (a period, a date, a code) are kept on one line.

A browser would otherwise break ``2023-01`` at its hyphen (or ``Q1 2017/18`` at its
space) in a narrow column; cells with nowhere to break need no mark.
"""

_BREAKS = re.compile(r"[\s\-/\u2010-\u2014]")

_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]{3,20}")
_DARK = 0.4


def _luminance(colour: str) -> float | None:
    """The relative luminance of a ``#rgb``/``#rrggbb`` colour (``None`` for names)."""
    digits = colour.removeprefix("#")
    if digits == colour:
        return None
    if len(digits) in {3, 4}:
        digits = "".join(c * 2 for c in digits[:3])
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]  # noqa: PLR2004
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def status_pill(status: Status, text: str | None = None) -> str:
    """A status as a pill: its label (or ``text``) on its colour, readable without the colour.

    ```pycon
    >>> print(status_pill(Status.RED))
    <span class="pill" style="background-color:#ffc7ce">Red</span>

    ```
    """
    shown = html_escape(str(status) if text is None else text)
    colour = status.colour.strip()
    if not _COLOUR.fullmatch(colour):
        return f'<span class="pill">{shown}</span>'
    style = f"background-color:{colour}"
    luminance = _luminance(colour)
    if luminance is not None and luminance < _DARK:
        style += ";color:#fff"
    return f'<span class="pill" style="{style}">{shown}</span>'


def _cell(cell: Cell) -> str:
    return html_escape(cell.text) if cell.status is None else status_pill(cell.status, cell.text)


def _short(cell: Cell, *, styled: bool) -> str:
    """The class (or style) that keeps a short text cell on one line; ``""`` for longer ones."""
    text = cell.text
    if len(text) > SHORT or cell.status is not None or not _BREAKS.search(text):
        return ""
    return ' class="short"' if styled else ' style="white-space:nowrap"'


def _group_row(row: Sequence[Cell], columns: int) -> str | None:
    """A row holding only a heading (a KPI table's theme), as that heading's text."""
    filled = [cell for cell in row if cell.text]
    if columns < 3 or len(filled) != 1 or row[0].text or filled[0].status is not None:  # noqa: PLR2004
        return None
    return filled[0].text


def table_html(table: Table, *, styled: bool = True) -> str:
    """The table as semantic HTML: the one HTML renderer of a ``Table``.

    Header cells are ``<th scope="col">``, each row's first cell is its
    ``<th scope="row">``, a row holding only a heading (a KPI table's theme)
    opens a ``<tbody>`` group, number columns are marked ``class="num"`` and
    status cells are pills (see ``status_pill``). ``styled`` says a stylesheet
    goes with it (the standalone document's, a notebook view's): the title is
    then a visually hidden ``<caption>``. Without one (``Table.render("html")``,
    which puts the title in a heading above) numbers are right-aligned inline.

    ```pycon
    >>> from kpirag.report import Cell, Table
    >>> table = Table("T", ["N"], [[Cell("1", 1, numeric=True)]])
    >>> print(table_html(table, styled=False))
    <div class="table-wrap"><table>
    <thead><tr><th scope="col" class="num" style="text-align:right">N</th></tr></thead>
    <tbody>
    <tr><th scope="row" class="num" style="text-align:right">1</th></tr>
    </tbody></table></div>

    ```
    """
    return "\n".join(rows_html(table, styled=styled))


def numeric_columns(table: Table) -> list[bool]:
    """Whether each column holds numbers: the table has rows, each cell a number or empty."""
    return [
        bool(table.rows) and all(row[i].numeric or not row[i].text for row in table.rows)
        for i in range(len(table.headers))
    ]


def rows_html(table: Table, *, styled: bool) -> Iterator[str]:
    """The lines of ``table_html``: the table opened, its head, each row, the table closed."""
    columns = len(table.headers)
    numeric = numeric_columns(table)
    wide = ' class="wide"' if columns > WIDE else ""
    yield f'<div class="table-wrap"><table{wide}>'
    if styled:
        # The section's heading shows the title; the caption names the table for screen readers.
        yield f'<caption class="visually-hidden">{html_escape(one_line(table.title))}</caption>'
    number_class = ' class="num"' if styled else ' class="num" style="text-align:right"'
    heads = "".join(
        f'<th scope="col"{number_class if numeric[i] else ""}>{html_escape(header)}</th>'
        for i, header in enumerate(table.headers)
    )
    yield f"<thead><tr>{heads}</tr></thead>"
    yield "<tbody>"
    if not table.rows:
        yield f'<tr><td class="empty" colspan="{columns}">None</td></tr>'
    for number, row in enumerate(table.rows):
        heading = _group_row(row, columns)
        if heading is not None:
            if number:
                yield "</tbody><tbody>"
            yield (
                f'<tr class="group"><th scope="rowgroup" colspan="{columns}">'
                f"{html_escape(heading)}</th></tr>"
            )
            continue
        cells = []
        for i, cell in enumerate(row):
            kind = "th" if i == 0 else "td"
            scope = ' scope="row"' if i == 0 else ""
            css = number_class if cell.numeric or numeric[i] else _short(cell, styled=styled)
            cells.append(f"<{kind}{scope}{css}>{_cell(cell)}</{kind}>")
        yield f"<tr>{''.join(cells)}</tr>"
    yield "</tbody></table></div>"


def _figure(chart: Chart, number: int) -> str:
    svg = sanitise_svg(chart.svg, prefix=f"kpirag-chart-{number}-", label=chart.label, embed=True)
    caption = html_escape(one_line(chart.title))
    return f'<figure class="chart">{svg}<figcaption>{caption}</figcaption></figure>'


def _sections(
    tables: Sequence[Table], charts: Sequence[Chart]
) -> list[tuple[str, list[Chart], Table | None]]:
    """(heading, charts, table) for each table, then each chart without a table."""
    placed: dict[str, list[Chart]] = {}
    loose = []
    titles = {table.title for table in tables}
    for chart in charts:
        if chart.section in titles:
            placed.setdefault(chart.section, []).append(chart)
        else:
            loose.append(chart)
    sections: list[tuple[str, list[Chart], Table | None]] = [
        (table.title, placed.pop(table.title, []), table) for table in tables
    ]
    sections.extend((chart.title, [chart], None) for chart in loose)
    return sections


def document_head(heading: str, styles: str = "") -> list[str]:
    """A standalone document's lines up to ``<body>``: ``heading`` (escaped) as its title.

    The stylesheet is ``STYLESHEET`` with ``styles`` after it.
    """
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="kpirag">',
        f"<title>{heading}</title>",
        f"<style>\n{STYLESHEET}{styles}</style>",
        "</head>",
        "<body>",
    ]


def standalone_html(title: str, tables: Sequence[Table], charts: Sequence[Chart]) -> str:
    """The report as one HTML5 document (see the module)."""
    heading = html_escape(one_line(title))
    sections = _sections(tables, charts)
    parts = [*document_head(heading), f"<header><h1>{heading}</h1></header>"]
    if len(sections) > 1:
        parts.append('<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ol>')
        parts.extend(
            f'<li><a href="#section-{n}">{html_escape(one_line(name))}</a></li>'
            for n, (name, _, _) in enumerate(sections, start=1)
        )
        parts.append("</ol></nav>")
    parts.append("<main>")
    figure_number = 0
    for n, (name, section_charts, table) in enumerate(sections, start=1):
        parts.append(f'<section id="section-{n}" aria-labelledby="section-{n}-heading">')
        parts.append(f'<h2 id="section-{n}-heading">{html_escape(one_line(name))}</h2>')
        for chart in section_charts:
            figure_number += 1
            parts.append(_figure(chart, figure_number))
        if table is not None:
            parts.append(table_html(table))
        parts.append("</section>")
    parts += ["</main>", "<footer>Made with kpirag.</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)
