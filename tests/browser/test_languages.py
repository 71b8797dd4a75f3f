"""The page in a Korean browser: it opens in Korean, explains in Korean, and the language switch
changes every visible word (and back). Drives headless Chromium against ``python app.py``."""

import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import MAX_CHARS, MAX_TOKENS
from lstmdemo.ui import formatting as fmt
from lstmdemo.ui import nextstep
from lstmdemo.ui.lessons.base import ORDER, tab_label
from tests.support.browser import (
    BROKEN_WORDS_JS,
    DESKTOP,
    HANGUL,
    PHONE,
    needs_chromium,
    open_lesson,
    open_page,
    open_tab,
    screenshot,
    screenshot_dir,
    settled,
    titles_visible_and_clear_of_the_toolbar,
)
from tests.support.texts import COMPARE, MODEL

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
en, ko = sayer("en"), sayer("ko")
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
#: Each lesson's reading, in the chapter's order (the model lesson's words are its card's).
READINGS = (
    "#dependency-reading",
    "#reach-reading",
    "#highway-reading",
    "#turn-reading",
    "#glove-reading",
    "#model-reading",
    "#misses",
    "#unknowns-reading",
)
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


@pytest.fixture
def korean(playwright, server):
    with open_page(playwright, server, DESKTOP, locale="ko-KR", ready=HANGUL) as b:
        yield b


def _visible_text(page) -> list[str]:
    page.mouse.move(0, 0)
    settled(page)  # the figures re-drawn
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


def test_a_korean_browser_opens_the_page_in_korean_with_the_chapters_lessons_in_order(korean, tmp_path):
    from playwright.sync_api import expect

    page = korean.page
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    assert page.title() == page.locator("#header h1").inner_text() == ko("page.chapter")
    tabs = page.locator("#lessons [role=tab]").all_inner_texts()
    assert tabs == [tab_label(key, ko) for key in ORDER.values()] and "장기 의존성" in tabs[0]
    expect(page.locator("#dependency-reading")).to_contain_text(HANGUL)
    # the opening example's meaning and the length limit under the text box, in Korean, from the first view
    opening = tasks.of_weights(MODEL).examples()[0]
    expect(page.locator("#text")).to_contain_text(ko("input.gloss", gloss=opening.glosses["ko"]))
    expect(page.locator("#text")).to_contain_text(ko("limits.note", chars=fmt.num(MAX_CHARS), tokens=MAX_TOKENS))
    headings = []
    for number, reading in enumerate(READINGS, start=1):
        open_lesson(page, number)
        if reading:
            expect(page.locator(reading)).to_contain_text(HANGUL, timeout=30_000)
        headings += _headings(page)
        titles_visible_and_clear_of_the_toolbar(page)
        assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == [], number
    # the chapter's terms, each lesson's heading in its order
    for key in ORDER.values():
        assert any(ko(f"lesson.{key}.title") in h for h in headings), key
    open_lesson(page, 4)
    page.mouse.move(0, 0)
    screenshot(page, "screenshot-ko", screenshot_dir(tmp_path))

    expected = explain(SENTENCE, model=MODEL, compare=COMPARE)
    (m,) = expected.modifiers
    page.locator("#text textarea").fill(SENTENCE)
    page.locator("#explain").click()
    expect(page.locator("#words")).to_contain_text("battery", timeout=60_000)
    expect(page.locator("#status")).to_contain_text(tasks.get(expected.task).label_name(expected.predicted, ko))
    open_lesson(page, 7)
    expect(page.locator("#misses")).to_contain_text(ko(f"modifier.kind.{m.kind}"))
    page.locator("#examples").get_by_text(ko("input.examples")).first.click()
    page.locator("#examples").get_by_text(
        ko("example.group.not_with") + ": The new phone's battery life is not good"
    ).click()
    expect(page.locator("#text")).to_contain_text(ko("input.gloss", gloss="새 휴대폰의 배터리 수명은 좋지 않습니다"))
    expect(page.locator("#status")).to_contain_text(HANGUL, timeout=60_000)
    page.locator("#examples").get_by_text(ko("input.examples")).first.click()
    korean.assert_clean()


def test_switching_to_english_changes_every_visible_word_and_back(korean):
    from playwright.sync_api import expect

    page = korean.page
    page.locator("#text textarea").fill(SENTENCE)  # a text with a modifier: its table must follow the switch
    page.locator("#explain").click()
    open_lesson(page, 7)
    expect(page.locator("#misses")).to_contain_text(ko("misses.col.kind"), timeout=60_000)
    if nextstep.available():  # the comparison shown in Korean must follow the switch too
        open_lesson(page, 8)
        page.locator("#nextstep-explain").click()
        expect(page.locator("#nextstep-attention .js-plotly-plot")).to_contain_text(HANGUL, timeout=120_000)
    _choose(page, "en", en("page.tab.explain"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for number in ORDER:  # every lesson's words, fixed and computed
        open_lesson(page, number)
        left = [t for t in _visible_text(page) if HANGUL.search(t)]
        assert left == [], (number, left)
    page.locator("#settings").get_by_text(en("input.settings")).click()  # the settings' words too
    assert [t for t in _visible_text(page) if HANGUL.search(t)] == []
    page.locator("#settings").get_by_text(en("input.settings")).click()
    open_tab(page, en("page.tab.about"))
    assert [t for t in _visible_text(page) if HANGUL.search(t)] == []
    open_tab(page, en("page.tab.explain"))

    _choose(page, "ko", ko("page.tab.explain"))
    open_lesson(page, 7)
    assert all(HANGUL.search(h) for h in _headings(page))
    expect(page.locator("#misses")).to_contain_text(ko("misses.col.kind"))  # the cached explanation, re-read
    korean.assert_clean()


def test_on_a_korean_phone_the_words_fit_and_nothing_is_cut(playwright, server, tmp_path):
    with open_page(playwright, server, PHONE, locale="ko-KR", ready=HANGUL) as b:
        page = b.page
        for number in ORDER:
            open_lesson(page, number)
            assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], number
            titles_visible_and_clear_of_the_toolbar(page)
            assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == [], number
        tabs = page.get_by_role("tab")
        for i in range(tabs.count()):  # every tab label fits on the phone (or waits in the overflow menu)
            box = tabs.nth(i).bounding_box()
            assert box is None or box["x"] + box["width"] <= PHONE["width"], box
        open_lesson(page, 4)
        page.mouse.move(0, 0)
        screenshot(page, "screenshot-ko-phone", screenshot_dir(tmp_path))
        b.assert_clean()
