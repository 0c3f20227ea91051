"""Text output past its first page: rows in the first page's columns (kpirag.report.TextColumns)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpirag import KpiragError
from kpirag.cli._writer import PAGE_ROWS, Writer
from kpirag.report import Cell, Table, TextColumns, is_plain, visible

WORDS = st.text(alphabet="abcdefghij KLM.,%-01234567\t\x1b\u202e", max_size=90)
CELLS = st.one_of(
    WORDS,
    st.decimals(min_value=-(10**6), max_value=10**6, places=2).map(
        lambda number: Cell(f"{number:,}", number, numeric=True)
    ),
    st.lists(WORDS, min_size=2, max_size=3).map("\n".join),
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """A table of words, numbers and multi-line cells, some columns wrapped."""
    columns = draw(st.integers(min_value=1, max_value=5))
    headers = [f"Column {number}" for number in range(columns)]
    rows = draw(st.lists(st.lists(CELLS, min_size=columns, max_size=columns), max_size=8))
    wrap = draw(st.lists(st.sampled_from(headers), unique=True))
    return Table("Demo", headers, rows, wrap=wrap)


@settings(max_examples=500, deadline=None)
@given(tables(), st.sampled_from([60, 20, 100, None]))
def test_a_tables_own_columns_lay_it_out_as_render_does(table: Table, width: int | None) -> None:
    """Law: a table's header and rows in its own columns are what ``render`` writes, line for line."""
    columns = TextColumns.of(table, width=width)
    written = "\n".join([columns.header(table.headers), *columns.lines(table, width=width)])
    assert written == table.render("text", width=width).split("\n", 2)[2]


def test_later_rows_keep_the_first_pages_columns() -> None:
    """Columns measured on one table keep rows of another aligned; a wider cell wraps in it."""
    first = Table(
        "T", ["ID", "Value", "Explanation"], [["1.5", Cell("46", 46, numeric=True), "ok"]]
    )
    later = Table(
        "T", ["ID", "Value", "Explanation"], [["1.5.10.2", Cell("1234", 1234, numeric=True), "x"]]
    )
    columns = TextColumns.of(first)
    assert columns.widths == (4, 7, 13)
    assert columns.right == (False, True, False)
    assert columns.lines(later) == ["1.5.     1234  x", "10.2"]
    wider = columns.widened(TextColumns.of(later))
    assert wider.widths == (8, 7, 13)
    assert columns.page(later) == (wider, wider.lines(later))
    assert wider.page(later)[0] is wider  # nothing to widen: the same columns


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: TextColumns((0, 3), (False, False)), "widths"),
        (lambda: TextColumns((True,), (False,)), "widths"),
        (lambda: TextColumns(("3",), (False,)), "widths item"),
        (lambda: TextColumns(3, (False,)), "widths"),
        (lambda: TextColumns((3, 4), (False,)), "right"),
        (lambda: TextColumns((3,), (False,)).widened(TextColumns((3, 3), (True, True))), "other"),
        (lambda: TextColumns((3,), (False,)).header(["A", "B"]), "headers"),
        (lambda: TextColumns((3,), (False,)).page(Table("T", ["A", "B"], [])), "table"),
        (lambda: TextColumns((3,), (False,)).lines(Table("T", ["A", "B"], [])), "table"),
        (lambda: TextColumns((3,), (False,)).lines("a table"), "table"),  # type: ignore[arg-type]
    ],
)
def test_bad_columns_are_refused_with_the_field(call: object, field: str) -> None:
    """Widths below 1, mismatched alignments, text that is not a table: our error, its field."""
    with pytest.raises(KpiragError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.field == field


def test_defect_text_pages_laid_out_by_tabulate_one_by_one() -> None:
    """Issue 22 item 5: later pages keep the columns so far; the header returns only as one grows."""
    out = io.StringIO()
    writer = Writer(out, "text", "KPIs", ["ID", "Status"], (), 60)
    rows = 2 * PAGE_ROWS + 10
    for number in range(rows):
        writer.add([f"K{number}", "Green"], {})
    writer.finish()
    lines = out.getvalue().rstrip("\n").split("\n")
    header = ["ID     Status", "-----  --------"]  # K1000 widens ID from 4 to 5: once
    assert lines[:4] == ["KPIs", "", "ID    Status", "----  --------"]
    assert lines[4 + PAGE_ROWS : 6 + PAGE_ROWS] == header
    assert lines[6 + PAGE_ROWS] == "K1000  Green"
    assert lines[6 + 2 * PAGE_ROWS] == "K2000  Green"  # no header: the columns did not grow
    assert len(lines) == 4 + rows + 2


CHARACTERS = st.characters(max_codepoint=0x250) | st.sampled_from(
    ["\u2028", "\u2029", "\u202e", "\u2066", "\u200e", "\u061c", "\r\n"]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(CHARACTERS, max_size=6).map("".join))
def test_plain_text_is_what_visible_leaves_alone(text: str) -> None:
    """Law: ``is_plain`` (one search, for every written cell) holds exactly when ``visible`` changes nothing."""
    assert is_plain(text) == (visible(text) == text)
