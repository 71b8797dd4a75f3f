"""The page in a Korean browser: it opens in Korean, explains in Korean, and the language switch
changes every visible word (and back). Drives headless Chromium against ``python app.py``."""

import os
import re
from pathlib import Path

import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.ui import nextstep
from tests.test_ui import (
    BROKEN_WORDS_JS,
    COMPARE,
    DESKTOP,
    MODEL,
    N_FIGURES,
    PHONE,
    SENTENCE,
    _no_toast_no_dialog_all_local,
    _open,
    _open_tab,
    _screenshot,
    _titles_visible_and_clear_of_the_toolbar,
    needs_chromium,
)

pytestmark = [pytest.mark.browser, needs_chromium]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
en, ko = sayer("en"), sayer("ko")
#: Every piece of text a reader sees: visible text nodes (HTML and the figures' SVG), the values and
#: placeholders of visible inputs, and the document's title. Left out: the language switch's own names,
#: and Gradio's footer ("Use via API"), which Gradio itself translates into the browser's language.
VISIBLE_TEXT_JS = """
() => {
  const shown = {checkOpacity: true, checkVisibilityCSS: true};
  const seen = (el) => el && el.checkVisibility(shown) && !el.closest("#lang, footer");
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.textContent.trim() && seen(node.parentElement)) out.push(node.textContent.trim());
  }
  for (const input of document.querySelectorAll("input, textarea")) {
    if (seen(input)) out.push(input.placeholder || "", input.type === "text" ? input.value : "");
  }
  return out.filter((t) => t);
}
"""


@pytest.fixture(scope="module")
def korean(playwright, server):
    browser, b = _open(playwright, server, DESKTOP, "ko-KR", HANGUL)
    yield b
    browser.close()


def _visible_text(page) -> list[str]:
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)  # the figures re-drawn
    return page.evaluate(VISIBLE_TEXT_JS)


def _headings(page) -> list[str]:
    return [h for h in page.locator(".prose h1:visible, .prose h2:visible").all_inner_texts() if h.strip()]


def _choose(page, lang: str, expected_tab: str) -> None:
    from playwright.sync_api import expect

    page.locator("#lang").get_by_text(sayer(lang)("language.name"), exact=True).click()
    expect(page.get_by_role("tab", name=expected_tab)).to_be_visible()
    status = expect(page.locator("#status"))
    if lang == "ko":
        status.to_contain_text(HANGUL)
    else:
        status.not_to_contain_text(HANGUL)


def test_a_korean_browser_opens_the_page_in_korean_and_explains_in_korean(korean, tmp_path):
    from playwright.sync_api import expect

    page = korean.page
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert page.title() == page.locator("#header h1").inner_text() and HANGUL.search(page.title())
    headings = _headings(page)
    assert len(headings) >= 5 and all(HANGUL.search(h) for h in headings), headings
    for reading in ("#status", "#gate-reading", "#highway-reading", "#reach-reading", "#misses"):
        expect(page.locator(reading)).to_contain_text(HANGUL)
    expect(page.locator("#results .js-plotly-plot")).to_have_count(N_FIGURES, timeout=60_000)
    assert _titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
    assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    page.mouse.move(0, 0)
    _screenshot(page, "screenshot-ko", Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path))

    expected = explain(SENTENCE, model=MODEL, compare=COMPARE)
    (m,) = expected.modifiers
    page.locator("#text textarea").fill(SENTENCE)
    page.locator("#explain").click()
    expect(page.locator("#words")).to_contain_text("battery", timeout=60_000)
    expect(page.locator("#status")).to_contain_text(tasks.get(expected.task).label_name(expected.predicted, ko))
    expect(page.locator("#misses")).to_contain_text(ko("misses.rank", rank=m.rank, n=m.n_tokens))
    expect(page.locator("#misses")).to_contain_text(ko(f"modifier.kind.{m.kind}"))
    expect(page.locator("#reach-reading")).to_contain_text(HANGUL)
    page.locator("#examples").get_by_text(ko("input.examples")).first.click()
    page.locator("#examples").get_by_text(
        ko("example.group.not_with") + ": The new phone's battery life is not good"
    ).click()
    expect(page.locator("#text")).to_contain_text(ko("input.gloss", gloss="새 휴대폰의 배터리 수명은 좋지 않습니다"))
    expect(page.locator("#status")).to_contain_text(HANGUL, timeout=60_000)
    page.locator("#examples").get_by_text(ko("input.examples")).first.click()
    _no_toast_no_dialog_all_local(korean)


def test_switching_to_english_changes_every_visible_word_and_back(korean):
    from playwright.sync_api import expect

    page = korean.page
    if nextstep.available():  # the comparison shown in Korean must follow the switch too
        _open_tab(page, ko("nextstep.tab"))
        page.locator("#nextstep-explain").click()
        expect(page.locator("#nextstep-tab .js-plotly-plot")).to_contain_text(HANGUL, timeout=120_000)
        _open_tab(page, ko("page.tab.explain"))
    _choose(page, "en", en("page.tab.explain"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for tab in ("page.tab.explain", *(["nextstep.tab"] if nextstep.available() else []), "page.tab.about"):
        _open_tab(page, en(tab))
        left = [t for t in _visible_text(page) if HANGUL.search(t)]
        assert left == [], (tab, left)
    _open_tab(page, en("page.tab.explain"))
    page.locator("#settings").get_by_text(en("input.settings")).click()  # the settings' words too
    assert [t for t in _visible_text(page) if HANGUL.search(t)] == []
    page.locator("#settings").get_by_text(en("input.settings")).click()

    _choose(page, "ko", ko("page.tab.explain"))
    assert all(HANGUL.search(h) for h in _headings(page))
    expect(page.locator("#misses")).to_contain_text(ko("misses.col.kind"))  # the cached explanation, re-read
    _no_toast_no_dialog_all_local(korean)


def test_on_a_korean_phone_the_words_fit_and_nothing_is_cut(playwright, server, tmp_path):
    from playwright.sync_api import expect

    browser, b = _open(playwright, server, PHONE, "ko-KR", HANGUL)
    try:
        page = b.page
        expect(page.locator("#results .js-plotly-plot")).to_have_count(N_FIGURES, timeout=60_000)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
        assert _titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
        assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
        tabs = page.get_by_role("tab")
        for i in range(tabs.count()):  # every tab label fits on the phone (or waits in the overflow menu)
            box = tabs.nth(i).bounding_box()
            assert box is None or box["x"] + box["width"] <= PHONE["width"], box
        page.mouse.move(0, 0)
        _screenshot(page, "screenshot-ko-phone", Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path))
        _no_toast_no_dialog_all_local(b)
    finally:
        browser.close()
