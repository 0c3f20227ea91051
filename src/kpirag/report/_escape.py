r"""Text made safe for each output: one control-character sanitiser, then each format's escaping.

Every text field (titles, headers, cells) goes through `visible` before any
format sees it, so no format can pass a terminal escape sequence, an OSC 8
hyperlink or a bidi override through: each C0 and C1 control character, DEL
and each bidi control is replaced by its escape as Python writes it
(``\x1b``, ``\u202e``), which is plain ASCII and shows that something was
there. Line breaks (``\n``, ``\r\n``, U+2028, U+2029) become ``\n``, which each
format then turns into its own line break (or a space where it has none).

Every function here is linear in the length of its input: each is one pass
of a regex whose pattern is a single character class or a fixed string.
"""

from __future__ import annotations

import html
import re

from kpirag._validate import instance
from kpirag.errors import KpiragError
from kpirag.rules import parse_number

__all__ = [
    "CELL_LIMIT",
    "cut",
    "defuse_formula",
    "html_escape",
    "is_plain",
    "latex_escape",
    "markdown_escape",
    "one_line",
    "visible",
]

_LINE_BREAKS = re.compile("\r\n|[\u2028\u2029]")
# C0 except tab and newline, DEL, C1, and Unicode's Bidi_Control characters.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape_control(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"  # noqa: PLR2004


def visible(text: str) -> str:
    r"""``text`` with every control character shown as its escape; line breaks become ``\n``.

    ```pycon
    >>> visible("\x1b]0;owned\x07Green \u202eneerG")
    '\\x1b]0;owned\\x07Green \\u202eneerG'
    >>> visible("two\r\nlines\tand a tab")
    'two\nlines\tand a tab'

    ```
    """
    text = instance(text, str, field="text")
    return _CONTROLS.sub(_escape_control, _LINE_BREAKS.sub("\n", text))


_NOT_PLAIN = re.compile(f"{_CONTROLS.pattern[:-1]}\u2028\u2029]")
"""What ``visible`` changes, in one class: a control character or a line break other than
``\n`` (``\r`` is a control character)."""


def is_plain(text: str) -> bool:
    """Whether ``visible(text)`` is ``text`` itself (no control character, no odd line break)."""
    return _NOT_PLAIN.search(instance(text, str, field="text")) is None


def one_line(text: str) -> str:
    """``visible(text)`` with line breaks and tabs as spaces (for titles and LaTeX cells)."""
    return visible(text).replace("\n", " ").replace("\t", " ")


def html_escape(text: str) -> str:
    r"""Text for HTML: control characters shown (see `visible`), markup escaped, breaks as ``<br>``.

    The one HTML escape of kpirag: every HTML table, heading, caption and
    notebook view goes through it.

    ```pycon
    >>> html_escape('<b class="x">R & D</b>\nnext')
    '&lt;b class=&quot;x&quot;&gt;R &amp; D&lt;/b&gt;<br>next'

    ```
    """
    return html.escape(visible(text)).replace("\n", "<br>")


CELL_LIMIT = 1_000
"""The most characters of a cell shown in text and Markdown output; the rest is cut."""


def cut(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, ending with a marker saying how many were left out.

    ```pycon
    >>> cut("9" * 1_250, 10)
    '9999999999…[+1,240 characters]'

    ```
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…[+{len(text) - limit:,} characters]"


_MARKDOWN = re.compile(r"[\\|`<>\[\]]|&(?=#?\w+;)")
_MARKDOWN_ESCAPES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def markdown_escape(text: str) -> str:
    r"""Text for one GitHub Markdown table cell: no markup, no extra columns, one line.

    Backslashes, ``|``, backticks and brackets are backslash-escaped, ``<`` and
    ``>`` become entities (so no raw HTML reaches the page), an ``&`` that would
    start an entity becomes ``&amp;``, and line breaks become ``<br>``.

    ```pycon
    >>> markdown_escape("<script>a | b</script> `x` [y](z) &lt;")
    '&lt;script&gt;a \\| b&lt;/script&gt; \\`x\\` \\[y\\](z) &amp;lt;'

    ```
    """
    escaped = _MARKDOWN.sub(
        lambda match: _MARKDOWN_ESCAPES.get(match.group(), "\\" + match.group()), visible(text)
    )
    return escaped.replace("\t", " ").replace("\n", "<br>")


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\ensuremath{<}",
    ">": r"\ensuremath{>}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(key) for key in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    r"""Escape LaTeX's special characters: ``50% & more`` becomes ``50\% \& more``.

    Line breaks become spaces (a blank line inside a ``tabular`` cell is an
    error in LaTeX) and control characters are shown as their escapes.

    ```pycon
    >>> latex_escape("50% & more\n\nnext")
    '50\\% \\& more  next'

    ```
    """
    return _LATEX_PATTERN.sub(lambda match: _LATEX_SPECIALS[match.group()], one_line(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(text: str) -> str:
    """Make a CSV or spreadsheet cell inert without changing numbers.

    A cell starting with ``=``, ``+``, ``-``, ``@`` or a tab that is not a
    number gets a leading apostrophe; control characters are shown as their
    escapes (see `visible`).

    ```pycon
    >>> defuse_formula("=HYPERLINK(1)"), defuse_formula("-1,230"), defuse_formula("+5%")
    ("'=HYPERLINK(1)", '-1,230', '+5%')

    ```
    """
    text = visible(text)
    if not text.startswith(_FORMULA_START):
        return text
    try:
        parse_number(text)
    except KpiragError:
        return "'" + text
    return text
