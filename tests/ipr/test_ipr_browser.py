"""The worked example's board pack in a real headless browser (Debian's ``chromium``).

On screen: chromium takes a screenshot with its log on standard error, where
every console message and uncaught error appears as a ``:CONSOLE`` line; the
page must log nothing and the screenshot must be far from blank. In print:
chromium prints the page to PDF, which must be A4 landscape (842 by 595
points), with the domains on pages of their own (more pages than domains),
and every chart must have been drawn into it.

Skipped, with the reason, when no chromium is installed; ``.ci/run`` installs it.
"""

from __future__ import annotations

import re
import runpy
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

BROWSER = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser: install Debian's chromium (apt-get install chromium); "
    ".ci/run installs it in CI",
)
ROOT = Path(__file__).resolve().parents[2]


def _chromium(page: Path, profile: Path, *flags: str) -> str:
    assert BROWSER is not None
    done = subprocess.run(
        [
            BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--no-first-run", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            *flags, page.as_uri(),
        ],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's board pack, charts drawn, written to a file."""
    pytest.importorskip("matplotlib")
    example = runpy.run_path(str(ROOT / "examples" / "ipr.py"))
    folder = tmp_path_factory.mktemp("board")
    written = folder / "board.html"
    written.write_text(example["board_pack"](example["report"]()), encoding="utf-8")
    return written


def test_the_board_pack_shows_without_console_errors(page: Path, tmp_path: Path) -> None:
    from matplotlib import image  # noqa: PLC0415

    png = tmp_path / "board.png"
    log = _chromium(page, tmp_path / "profile", f"--screenshot={png}", "--window-size=1400,1800")
    assert [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line] == []
    pixels = image.imread(png)[:, :, :3]
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200
    assert (pixels.mean(axis=2) < 0.9).mean() > 0.03


def test_the_board_pack_prints_on_a4_landscape_a_page_per_domain(
    page: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "board.pdf"
    _chromium(page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert boxes
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(842, 595)}
    pages = len(re.findall(rb"/Type /Page\b", data))
    text = page.read_text(encoding="utf-8")
    domains = text.count('<section class="domain"')
    assert domains == 6
    assert pages >= domains + 1  # the summary, then each domain from a new page
    assert text.count('<figure class="chart">') == 30
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "<script" not in text
