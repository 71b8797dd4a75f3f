"""Headless Chromium against the running app: a fresh page per test, and what every page test checks.

Each test opens its own page (``open_page``), so a gate, layer, task or language chosen in one
test never carries into the next. Waits are on what the page shows, never on the clock.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from .data import REPO

CHROMIUM = Path("/usr/bin/chromium")
#: As the machine's probe starts it: without the background-networking flags Chromium tries the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (never `playwright install`)"
)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass
class Browsed:
    """The page, and what it did that it must not: dialogs opened, requests beyond the server."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        """No error toast, no dialog, nothing fetched from beyond the server."""
        toasts = self.page.locator(".toast-body")
        assert toasts.count() == 0, toasts.all_inner_texts()
        assert self.dialogs == []
        assert self.off_host == [], "the page reached beyond the server"


@contextmanager
def open_page(
    p: Any,
    server: str,
    viewport: dict,
    *,
    locale: str | None = None,
    ready: str | re.Pattern = "sure",
    path: str = "",
) -> Iterator[Browsed]:
    """A new browser context (preferring ``locale``'s language) showing the page at ``viewport``, once the
    explanation it runs on load is shown: its words are drawn and the status line shows ``ready``."""
    from playwright.sync_api import expect

    host = urlparse(server).netloc
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport=viewport, **({"locale": locale} if locale else {}))
        b = Browsed(page)

        def on_dialog(dialog: Any) -> None:
            b.dialogs.append(dialog.message)
            dialog.dismiss()

        def on_request(request: Any) -> None:
            if urlparse(request.url).netloc != host and not request.url.startswith("data:"):
                b.off_host.append(request.url)

        page.on("dialog", on_dialog)
        page.on("request", on_request)
        page.goto(server + path)
        expect(page.locator("#words .sentence-word").first).to_be_visible(timeout=120_000)
        expect(page.locator("#status")).to_contain_text(ready, timeout=60_000)
        yield b
    finally:
        browser.close()


def explain_text(page: Any, text: str) -> None:
    page.locator("#text textarea").fill(text)
    page.locator("#explain").click()


def open_lesson(page: Any, number: int) -> None:
    """Open the chapter's lesson ``number`` (its tab; Gradio draws a tab's contents when it opens)."""
    page.locator("#lessons [role=tab]").nth(number - 1).click()


def open_tab(page: Any, name: str) -> None:
    """Click the tab ``name``, through the overflow menu where a phone's width hides it."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.is_visible():
        tab.click()
        return
    page.locator(".overflow-menu button, .overflow-menu").first.click()
    page.locator(".overflow-dropdown").get_by_text(name, exact=True).click()


def settled(page: Any) -> None:
    """Wait until the browser has painted two frames after the last change: every figure drawn."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def screenshot(page: Any, name: str, folder: Path) -> None:
    """A full-page picture; with LSTMDEMO_UPDATE_SCREENSHOT=1 it also goes to docs/."""
    settled(page)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if os.environ.get("LSTMDEMO_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(folder / f"{name}.png", REPO / "docs" / f"{name}.png")


def screenshot_dir(tmp_path: Path) -> Path:
    return Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path)


#: Every stretch of non-space text in the selected elements that the browser laid out on more than
#: one line: a number or a word broken mid-way.
BROKEN_WORDS_JS = """
(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.offsetParent) continue;  // hidden
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const r = document.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}
"""


def titles_visible_and_clear_of_the_toolbar(page: Any) -> int:
    """Every figure's title lies inside its figure and, with the toolbar shown, does not touch it."""
    figures = page.locator("#results .js-plotly-plot:visible")
    for i in range(figures.count()):
        fig = figures.nth(i)
        fig.scroll_into_view_if_needed()
        fig.hover(position={"x": 60, "y": 100})  # the toolbar shows while the pointer is over the plot
        box, title = fig.bounding_box(), fig.locator(".gtitle").bounding_box()
        assert title and title["width"] > 50, i
        assert box["x"] <= title["x"] and title["x"] + title["width"] <= box["x"] + box["width"], (i, title, box)
        assert box["y"] <= title["y"], (i, title, box)
        bar = fig.locator(".modebar")
        if bar.count() and bar.is_visible():
            b = bar.bounding_box()
            apart = (
                title["x"] + title["width"] <= b["x"]
                or b["x"] + b["width"] <= title["x"]
                or title["y"] + title["height"] <= b["y"]
                or b["y"] + b["height"] <= title["y"]
            )
            assert apart, (i, fig.locator(".gtitle").text_content(), title, b)
    return figures.count()
