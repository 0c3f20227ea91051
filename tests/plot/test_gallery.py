"""The gallery page's snippets run and draw one chart each; the docs hook puts them on the page."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "gallery.md"


def hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gallery_hook", ROOT / "docs" / "hooks" / "gallery.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GALLERY = hook()
SNIPPETS = GALLERY.snippets(PAGE.read_text(encoding="utf-8"))


def test_the_gallery_shows_every_chart() -> None:
    """Every public chart function appears in a gallery snippet, each with alt text."""
    code = "\n".join(code for _, _, code in SNIPPETS)
    for function in (
        "spc_chart",
        "trend_chart",
        "risk_heatmap",
        "status_summary",
        "budget_variance",
    ):
        assert f"{function}(" in code
    assert len({name for name, _, _ in SNIPPETS}) == len(SNIPPETS) >= 4
    assert all(len(alt) > 40 for _, alt, _ in SNIPPETS)


@pytest.mark.parametrize(("name", "alt", "code"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_each_snippet_draws_one_chart(name: str, alt: str, code: str) -> None:
    """The snippet runs from the repository's root and its figure saves as SVG."""
    svg = GALLERY.render(name, code, ROOT)
    assert svg.startswith(b"<?xml")
    assert b"<svg" in svg
    assert alt


def test_the_page_gets_each_image_under_its_code() -> None:
    """The hook follows each snippet with its image and alt text, and leaves other pages alone."""
    markdown = PAGE.read_text(encoding="utf-8")
    shown = GALLERY.with_images(markdown)
    for name, alt, _ in SNIPPETS:
        assert f"![{alt}](gallery/{name}.svg)" in shown

    class Page:
        class file:  # noqa: N801 - the shape of MkDocs' page.file
            src_uri = "index.md"

    assert GALLERY.on_page_markdown(markdown, Page(), {}, None) == markdown


def test_a_snippet_must_draw_exactly_one_figure() -> None:
    """A snippet drawing no figure is a build error, not a missing image."""
    with pytest.raises(RuntimeError, match="drew 0 figures"):
        GALLERY.render("empty", "x = 1\n", ROOT)
