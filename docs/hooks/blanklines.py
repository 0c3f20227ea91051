"""MkDocs hook: show doctest's ``<BLANKLINE>`` marker as the blank line it stands for.

The pages' own examples are written so they need no marker, but docstrings
rendered into the API reference may still use one. On a page a reader sees
the blank line the output really has, not the marker doctest needs.
"""

from __future__ import annotations

import re
from typing import Any

# The marker alone on its line, as Pygments leaves it in highlighted HTML: escaped, maybe
# inside a span. The word elsewhere (in prose, say) is left alone.
_MARKER = re.compile(r"^(?:<span[^>]*>)?&lt;BLANKLINE&gt;(?:</span>)?$", re.MULTILINE)


def without_markers(html: str) -> str:
    """``html`` with each line that is only a ``<BLANKLINE>`` marker left blank."""
    return _MARKER.sub("", html)


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:  # noqa: ANN401, ARG001
    """Remove the markers from every page's HTML."""
    return without_markers(html)
