"""MkDocs hook: run the gallery page's snippets and add each chart to the site as an SVG.

``docs/gallery.md`` holds ordinary Python code blocks, each after a comment
``<!-- gallery: NAME | ALT TEXT -->``. At build time this hook runs every
such block (from the repository's root, with matplotlib's Agg backend), saves
the figure it draws as ``gallery/NAME.svg`` among the site's files, and puts
the image, with its alt text, under the block. The charts are therefore drawn
by the code the reader sees, on every build; ``tests/plot/test_gallery.py``
runs the same snippets in the test suite.

It needs nothing beyond MkDocs (pinned in the ``docs`` extra) and kpirag's
``plot`` extra; MkDocs is imported only when a build calls the hook.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PAGE = "gallery.md"
FOLDER = "gallery"
_SNIPPET = re.compile(
    r"<!-- gallery: (?P<name>[\w-]+) \| (?P<alt>[^>]*?) -->\s*\n```python\n(?P<code>.*?)```",
    re.DOTALL,
)


def snippets(markdown: str) -> list[tuple[str, str, str]]:
    """Each gallery snippet of the page as (name, alt text, code), in page order."""
    return [(m["name"], m["alt"].strip(), m["code"]) for m in _SNIPPET.finditer(markdown)]


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def render(name: str, code: str, root: Path) -> bytes:
    """Run one snippet from ``root`` and return the one figure it drew, as SVG."""
    import matplotlib as mpl  # noqa: PLC0415 - only when a build runs the gallery

    mpl.use("Agg")
    from matplotlib import pyplot as plt  # noqa: PLC0415

    before = set(plt.get_fignums())
    namespace: dict[str, Any] = {"__name__": f"gallery_{name.replace('-', '_')}"}
    with _inside(root):
        exec(compile(code, f"{PAGE}:{name}", "exec"), namespace)  # noqa: S102 - our own docs
    drawn = [number for number in plt.get_fignums() if number not in before]
    if len(drawn) != 1:
        for number in drawn:
            plt.close(number)
        message = f"gallery snippet {name!r} drew {len(drawn)} figures; expected one"
        raise RuntimeError(message)
    figure = plt.figure(drawn[0])
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "kpirag-gallery"}):  # the same SVG on every build
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


def with_images(markdown: str) -> str:
    """The page with each snippet followed by its chart."""

    def image(match: re.Match[str]) -> str:
        return f"{match[0]}\n\n![{match['alt']}]({FOLDER}/{match['name']}.svg)\n"

    return _SNIPPET.sub(image, markdown)


def on_files(files: Any, config: Any) -> Any:  # noqa: ANN401 - MkDocs' own types
    """Draw every gallery chart and add it to the site's files."""
    from mkdocs.structure.files import File  # noqa: PLC0415 - only inside a build

    docs = Path(config["docs_dir"])
    root = Path(config["config_file_path"]).resolve().parent
    for name, _, code in snippets((docs / PAGE).read_text(encoding="utf-8")):
        files.append(
            File.generated(config, f"{FOLDER}/{name}.svg", content=render(name, code, root))
        )
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:  # noqa: ANN401, ARG001
    """Put each chart under the code that draws it, on the gallery page only."""
    if page.file.src_uri != PAGE:
        return markdown
    return with_images(markdown)
