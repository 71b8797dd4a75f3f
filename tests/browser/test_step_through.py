"""The step-through view in headless Chromium, alone on a harness page (tests/support/step_through_app.py)
filled with real explanations of the shipped weights, at a laptop's size and a phone's, in both languages."""

from __future__ import annotations

import os
import re
import shutil
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from lstmdemo import lessons
from tests.support import step_through_app
from tests.support.browser import (
    BROKEN_WORDS_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    needs_chromium,
    screenshot_dir,
    settled,
)
from tests.support.data import REPO
from tests.support.step_through_app import STEP_TIMES_JS

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
VIEW = "[data-testid=step-through]"
CURRENT = f"{VIEW} .st-word[aria-current=true]"
#: Every element of the view that ends beyond the view's right edge, or scrolls sideways inside it.
OVERFLOW_JS = """(sel) => {
  const root = document.querySelector(sel), right = root.getBoundingClientRect().right + 1;
  const out = [...root.querySelectorAll("*")].filter((e) => e.getBoundingClientRect().right > right
    && !e.closest("svg")).map((e) => e.className.baseVal ?? e.className);
  const scrolls = [...root.querySelectorAll(".st-scroll")].filter((e) => e.scrollWidth > e.clientWidth + 1);
  return { out, scrolls: scrolls.length, page: document.documentElement.scrollWidth - innerWidth };
}"""


@pytest.fixture(scope="module")
def harness() -> Iterator[str]:
    demo, url = step_through_app.launch()
    try:
        yield url
    finally:
        demo.close()


@contextmanager
def view(playwright: Any, url: str, viewport: dict, case: str = "not", lang: str = "en") -> Iterator[Any]:
    """A page showing the view for ``case`` in ``lang``; ``page.requests`` records every request it makes."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        page = browser.new_page(viewport=viewport, locale="ko-KR" if lang == "ko" else "en-US")
        page.requests, page.dialogs = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}?case={case}&lang={lang}")
        page.locator(CURRENT).wait_for(timeout=60_000)
        yield page
    finally:
        browser.close()


def shot(page: Any, name: str, folder: Any) -> None:
    """A picture of the view alone (not the harness around it); with LSTMDEMO_UPDATE_SCREENSHOT=1 also in docs/."""
    settled(page)
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(VIEW).screenshot(path=str(folder / f"{name}.png"))
    if os.environ.get("LSTMDEMO_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(folder / f"{name}.png", REPO / "docs" / f"{name}.png")


def current(page: Any) -> tuple[int, str]:
    word = page.locator(CURRENT)
    return int(word.get_attribute("data-i")), word.inner_text()


def test_the_right_arrow_moves_to_the_next_word_without_asking_the_server(playwright, harness):
    with view(playwright, harness, DESKTOP) as page:
        assert current(page) == (4, "good")  # where the LSTM's answer turns most
        page.evaluate("() => window.addEventListener('lstmdemo:word', (e) => (window.seen = e.detail.index))")
        page.locator(VIEW).focus()
        page.keyboard.press("Home")
        assert current(page) == (0, "The")
        page.requests.clear()
        page.keyboard.press("ArrowRight")
        assert current(page) == (1, "movie")
        assert page.evaluate("() => [window.lstmdemo.current, window.seen]") == [1, 1]
        page.keyboard.press("End")
        assert current(page) == (4, "good")
        settled(page)
        assert page.requests == []


def test_at_not_the_view_shows_that_not_writing_it_would_make_the_review_positive(playwright, harness):
    with view(playwright, harness, PHONE) as page:
        page.locator(f"{VIEW} .st-word", has_text=re.compile("^not$")).click()
        assert current(page) == (3, "not")
        write = page.locator(f"{VIEW} .st-row[data-kind=write]")
        assert re.fullmatch(r"Positive (99\.\d|100)%", write.locator(".st-row-val").inner_text())
        assert "flips to Positive" in write.inner_text() and "“not” writes nothing" in write.inner_text()
        assert page.locator(f"{VIEW} .st-row[data-kind=real] .st-row-val").inner_text() == "Negative 67%"
        assert page.locator(f"{VIEW} .st-cell h4").inner_text() == "Inside the LSTM cell at “not”"


def test_another_view_moves_the_current_word_and_keys_in_a_text_box_stay_there(playwright, harness):
    with view(playwright, harness, DESKTOP) as page:
        page.evaluate("() => window.dispatchEvent(new CustomEvent('lstmdemo:word', {detail: {index: 2}}))")
        assert current(page) == (2, "is")
        page.locator("#case input").focus()
        page.locator(VIEW).hover()  # the pointer over the view, the keys typed into the box
        page.keyboard.press("ArrowLeft")
        assert current(page) == (2, "is")
        page.locator(f"{VIEW} .st-title").click()
        page.keyboard.press("ArrowLeft")
        assert current(page) == (1, "movie")


def test_another_language_keeps_the_word_and_another_text_opens_where_its_answer_turns(playwright, harness):
    with view(playwright, harness, DESKTOP) as page:
        page.locator(f"{VIEW} .st-word").nth(1).click()
        page.locator("#lang").get_by_text("ko", exact=True).click()
        page.locator(VIEW).get_by_text("LSTM이 한 단어씩 읽는 과정 따라가기").wait_for()
        assert current(page) == (1, "movie")
        page.locator("#case input").click()
        page.get_by_role("option", name="far").click()
        page.locator(f"{VIEW} .st-word", has_text="despite").wait_for()
        turn = lessons.turn(step_through_app.explained("far"))
        assert current(page) == (turn.index, turn.word)


def test_play_reads_on_and_space_pauses(playwright, harness):
    with view(playwright, harness, DESKTOP, case="far") as page:
        page.locator(VIEW).focus()
        page.keyboard.press("Home")
        page.keyboard.press("Space")
        page.wait_for_function("() => window.lstmdemo.current >= 2", timeout=5_000)
        page.keyboard.press("Space")
        stopped = current(page)
        page.wait_for_timeout(1_000)
        assert current(page) == stopped
        assert page.get_by_role("button", name="Play: read on word by word").count() == 1


def test_the_present_toggle_enlarges_the_view(playwright, harness):
    with view(playwright, harness, DESKTOP) as page:
        size = "() => [parseFloat(getComputedStyle(document.querySelector('.st-word')).fontSize), document.querySelector('.st-diagram').getBoundingClientRect().width]"  # noqa: E501
        before = page.evaluate(size)
        present = page.locator(f"{VIEW} .st-present")
        present.click()
        after = page.evaluate(size)
        assert present.get_attribute("aria-pressed") == "true"
        assert after[0] > 1.3 * before[0] and after[1] > 1.3 * before[1], (before, after)
        assert page.evaluate(OVERFLOW_JS, VIEW)["page"] <= 0


def test_an_rnn_gets_its_answers_and_a_plain_message_instead_of_the_cell(playwright, harness):
    with view(playwright, harness, PHONE, case="rnn", lang="ko") as page:
        assert page.locator(f"{VIEW} .st-diagram").count() == 0
        assert "RNN에는 게이트도 셀 상태도 없습니다" in page.locator(f"{VIEW} .st-cell").inner_text()
        kinds = page.locator(f"{VIEW} .st-row").evaluate_all("(rows) => rows.map((r) => r.dataset.kind)")
        assert kinds == ["real", "deleted"]


def test_words_that_look_like_markup_are_shown_as_text(playwright, harness):
    with view(playwright, harness, DESKTOP, case="markup") as page:
        words = page.locator(f"{VIEW} .st-word").all_inner_texts()
        assert "<" in words and "&" in words and "`" in words
        assert page.locator(f"{VIEW} img").count() == 0 and page.dialogs == []


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("size", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_it_fits_in_both_languages_and_a_screenshot_shows_it(playwright, harness, lang, size, viewport, tmp_path):
    with view(playwright, harness, viewport, lang=lang) as page:
        page.locator(f"{VIEW} .st-word").nth(3).click()  # "not": the lesson's word
        page.mouse.move(0, 0)
        fit = page.evaluate(OVERFLOW_JS, VIEW)
        assert fit == {"out": [], "scrolls": 0, "page": 0}, fit
        assert page.evaluate(BROKEN_WORDS_JS, f"{VIEW} p, {VIEW} h3, {VIEW} h4, {VIEW} th, {VIEW} td") == []
        assert page.locator(f"{VIEW} button[aria-label]").count() == 3
        shot(page, f"step-through-{lang}-{size}", screenshot_dir(tmp_path))


def test_a_step_takes_well_under_a_frame_on_a_phone_at_190_words(playwright, harness):
    with view(playwright, harness, PHONE, case="long") as page:
        page.evaluate(STEP_TIMES_JS, [0, 20])  # warm up
        times = page.evaluate(STEP_TIMES_JS, [40, 100])
        bare, laid = statistics.median(times["bare"]), statistics.median(times["laid"])
        print(f"step at 190 words, 390 px: median {bare:.2f} ms, with layout {laid:.2f} ms")
        assert current(page)[0] == 139
        assert laid < 16, (bare, laid)
