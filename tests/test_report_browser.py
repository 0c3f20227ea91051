"""The Q1 standalone HTML report opened in a real headless browser (Debian's ``chromium``).

Method: chromium takes a screenshot of the page (``--screenshot``) with its
log on standard error (``--enable-logging=stderr --v=0``), where every message
the page writes to the console, and every uncaught error, appears as a line
with ``:CONSOLE`` (``INFO:CONSOLE:1] "Uncaught ReferenceError: ..."``). The
page must log nothing there, and the screenshot, decoded with matplotlib's
PNG reader, must be far from blank (many distinct colours, a real share of
non-white pixels). A control page with a console error and an uncaught error
shows the log check can fail.

Skipped, with the reason, when no chromium is installed; ``.ci/run`` installs
it with apt-get, so CI always runs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from matplotlib import image

BROWSER = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no headless browser: install Debian's chromium (apt-get install chromium); "
    ".ci/run installs it in CI",
)


def screenshot(page: Path, png: Path, profile: Path, size: str = "1200,1600") -> str:
    """Open ``page`` in headless chromium, save a screenshot to ``png``; return its log."""
    assert BROWSER is not None
    done = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            "--enable-logging=stderr",
            "--v=0",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def console_errors(log: str) -> list[str]:
    """The lines of chromium's log that report a console message or an uncaught error."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


def test_q1_report_renders_in_a_browser_without_console_errors(
    q1: ModuleType, tmp_path: Path
) -> None:
    """The Q1 report shows (a screenshot far from blank) and writes nothing to the console."""
    page = tmp_path / "q1.html"
    page.write_text(q1.render("html"), encoding="utf-8")
    png = tmp_path / "q1.png"
    log = screenshot(page, png, tmp_path / "profile")
    assert console_errors(log) == []
    pixels = image.imread(png)[:, :, :3]
    assert pixels.shape[:2] == (1600, 1200)
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200  # text, pills, bars and hatches, anti-aliased
    ink = (pixels < 0.95).any(axis=2).mean()
    assert 0.05 < ink < 0.9  # a page of content, neither blank nor solid


def test_console_check_catches_an_error(tmp_path: Path) -> None:
    """A page that logs an error and throws one is caught by the log check (the check can fail)."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bad</title></head>'
        "<body><p>x</p><script>console.error('boom'); missing();</script></body></html>",
        encoding="utf-8",
    )
    log = screenshot(page, tmp_path / "bad.png", tmp_path / "profile", size="400,300")
    errors = console_errors(log)
    assert any("boom" in line for line in errors)
    assert any("Uncaught ReferenceError" in line for line in errors)
