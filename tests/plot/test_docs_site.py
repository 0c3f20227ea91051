"""The documentation site: highlighted code, no doctest markers on a page, pinned tools."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").glob("*.md"))


def blanklines() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "blanklines_hook", ROOT / "docs" / "hooks" / "blanklines.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_no_page_shows_a_blankline_marker(page: Path) -> None:
    """Examples on the pages are written so that doctest needs no <BLANKLINE> marker."""
    assert "<BLANKLINE>" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # as Pygments highlights a pycon block
        (
            (
                '<span class="go">Demo</span>\n<span class="go">&lt;BLANKLINE&gt;</span>\n'
                '<span class="go">KPI</span>'
            ),
            '<span class="go">Demo</span>\n\n<span class="go">KPI</span>',
        ),
        # plain, unhighlighted
        ("<code>Demo\n&lt;BLANKLINE&gt;\nKPI</code>", "<code>Demo\n\nKPI</code>"),
        # the word in prose is left alone
        ("<p>doctest's <code>&lt;BLANKLINE&gt;</code> marker</p>", None),
    ],
)
def test_the_hook_drops_markers_from_rendered_docstrings(html: str, expected: str | None) -> None:
    """A docstring's <BLANKLINE> shows as the blank line it stands for; prose keeps the word."""
    assert blanklines().without_markers(html) == (html if expected is None else expected)


def test_every_code_block_is_highlighted() -> None:
    """The site highlights fenced code with Pygments (pymdownx.highlight and superfences)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for extension in ("pymdownx.highlight", "pymdownx.superfences"):
        assert re.search(rf"^  - {re.escape(extension)}:?$", config, re.MULTILINE), extension
    assert re.search(r"^  name: material$", config, re.MULTILINE)
    fences = [
        match[1]
        for page in PAGES
        for match in re.finditer(r"^```(\S*)$", page.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    # Every opening fence names its language (closing fences have none).
    assert len([lang for lang in fences if lang]) * 2 == len(fences)


def test_the_docs_tools_are_pinned() -> None:
    """Every package of the docs extra is pinned to one version, so the strict build holds."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    docs = extras["project"]["optional-dependencies"]["docs"]
    names = {re.split(r"[\[=]", requirement)[0].lower() for requirement in docs}
    assert {"mkdocs", "mkdocs-material", "pymdown-extensions", "mkdocstrings-python"} <= names
    assert all("==" in requirement for requirement in docs)
