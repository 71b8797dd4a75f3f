"""The page in headless Chromium, against ``python app.py`` on a free loopback port, at a laptop's size
(1280x900) and a phone's (390x844). Every test opens its own page, so no choice carries over."""

import re
from urllib.parse import quote

import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.ui import formatting as fmt
from lstmdemo.ui import nextstep
from lstmdemo.ui.lessons.base import ORDER, tab_label
from tests.support.browser import (
    BROKEN_WORDS_JS,
    DESKTOP,
    PHONE,
    explain_text,
    needs_chromium,
    open_lesson,
    open_page,
    open_tab,
    screenshot,
    screenshot_dir,
    titles_visible_and_clear_of_the_toolbar,
)
from tests.support.data import REPO
from tests.support.texts import COMPARE, MODEL

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
say = sayer("en")
TOPIC = tasks.get("topic")
SENTIMENT = tasks.get("sentiment")
FLAGSHIP = TOPIC.examples()[0].text
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [a link](http://example.com) ![x](http://x/y.png)"
#: A laptop screen: the opening view (lesson 1 open, details closed) must fit in three of them.
SCREENS = 3


@pytest.fixture
def browsed(playwright, server):
    with open_page(playwright, server, DESKTOP) as b:
        yield b


@pytest.fixture
def phone(playwright, server):
    with open_page(playwright, server, PHONE) as b:
        yield b


def _height(page) -> int:
    return page.evaluate("document.scrollingElement.scrollHeight")


def test_the_page_opens_on_the_flagship_with_the_chapter_in_order(browsed, tmp_path):
    from playwright.sync_api import expect

    page = browsed.page
    expected = explain(FLAGSHIP, model=MODEL, compare=COMPARE, n_steps=10)
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP)
    expect(page.locator("[data-testid=label-output-value]")).to_have_text(expected.predicted)
    assert [w.strip() for w in page.locator("#words .sentence-word").all_inner_texts()] == expected.words
    tabs = page.locator("#lessons [role=tab]").all_inner_texts()
    assert tabs == [tab_label(key, say) for key in ORDER.values()]  # the chapter's order
    assert _height(page) <= SCREENS * DESKTOP["height"], _height(page)
    # plain language first: the settings and the Integrated Gradients numbers wait, collapsed
    expect(page.locator("#status")).not_to_contain_text("baseline")
    expect(page.get_by_text("F(x) − F(baseline)")).to_be_hidden()
    page.locator("#details").get_by_text(say("details.label")).click()
    expect(page.locator("#details")).to_contain_text("within the 1% promised")  # the bound held
    page.locator("#details").get_by_text(say("details.label")).click()
    r, hw, turn = lessons.reach(expected), lessons.highway(expected, 1), lessons.turn(expected)
    readings = {
        2: ("#reach-reading", f"RNN's first word keeps {fmt.share(r.first_rnn)}"),
        3: ("#highway-reading", f"keep {fmt.share(hw.first_highway)} of what the first"),
        4: ("#turn-reading", f"The answer moved most at “{turn.word}”"),
        5: ("#glove-reading", "cosine"),
        6: ("#model-reading", "224,772"),
        7: ("#misses", say("misses.none").split(" (")[0]),
        8: ("#unknowns-reading", f"knows all {len(expected.tokens)} words"),
    }
    for number, (selector, text) in readings.items():
        open_lesson(page, number)
        expect(page.locator(selector)).to_contain_text(text, timeout=30_000)
        titles_visible_and_clear_of_the_toolbar(page)
        assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    open_lesson(page, 4)
    page.mouse.move(0, 0)
    screenshot(page, "screenshot", screenshot_dir(tmp_path))  # the README's
    browsed.assert_clean()


def test_enter_explains_and_the_old_results_are_marked_while_it_runs(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    # record every class the page takes, so the short "stale" moment cannot slip by unseen
    page.evaluate("""() => {
        window.pageClasses = [];
        new MutationObserver(() => window.pageClasses.push(document.body.className))
            .observe(document.body, {attributes: true, attributeFilter: ['class']});
    }""")
    box = page.locator("#text textarea")
    box.fill(SENTENCE)
    box.press("Enter")
    expect(page.locator("#words")).to_contain_text("battery", timeout=60_000)
    expect(box).to_have_value(SENTENCE)  # Enter explained instead of adding a line
    open_lesson(page, 7)
    expect(page.locator("#misses")).to_contain_text("not")
    expect(page.locator("body")).not_to_have_class(re.compile("lstm-stale"))
    assert any("lstm-stale" in c for c in page.evaluate("window.pageClasses"))
    assert page.locator("#status").inner_text() != say("status.running")  # the status says what came
    box.press("Shift+Enter")
    assert box.input_value() == SENTENCE + "\n"
    browsed.assert_clean()


def test_clicking_an_example_explains_it(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    sentence = next(e.text for e in TOPIC.examples() if "barely" in e.text)
    page.locator("#examples").get_by_text(say("input.examples")).click()
    page.locator("#examples").get_by_text(sentence[:30]).first.click()
    expect(page.locator("#text textarea")).to_have_value(sentence)
    expect(page.locator("#words")).to_contain_text("champions", timeout=60_000)
    browsed.assert_clean()


def test_clicking_a_word_makes_it_the_current_word_of_every_view(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    word = page.locator("#words .sentence-word").nth(4)
    word.click()
    expect(word).to_have_attribute("aria-current", "true")
    expect(page.locator("#words [aria-current=true]")).to_have_count(1)
    open_lesson(page, 5)  # the GloVe neighbours follow the current word
    expect(page.locator("[data-testid=neighbours]")).to_contain_text(f"“{word.inner_text().strip()}”")
    browsed.assert_clean()


def test_choosing_a_gate_redraws_from_the_cached_explanation(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    open_lesson(page, 4)
    page.locator("#gate-details").get_by_text(say("lesson.gates.details")).click()
    page.get_by_label("input gate i").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("input gate i")
    expect(page.locator("#gate-reading")).to_contain_text("input gate i of layer 1")
    page.locator("#gate-details").get_by_label("layer 2").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("layer 2")
    explain_text(page, "Stocks fell sharply")  # open, the details follow a new explanation
    expect(page.locator("#gate-heatmap")).to_contain_text("sharply", timeout=60_000)
    page.locator("#gate-details").get_by_text(say("lesson.gates.details")).click()  # closed, they are not drawn
    explain_text(page, "Shares rose on Monday")
    expect(page.locator("#words")).to_contain_text("Monday", timeout=60_000)
    expect(page.locator("#gate-heatmap .gtitle")).to_have_count(0)
    browsed.assert_clean()


def test_mostly_unknown_words_turn_the_prediction_into_a_guess(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    explain_text(page, "zqxv wmpt qqzz 안녕하세요 stocks")
    expect(page.locator("#prediction")).to_contain_text("A guess", timeout=60_000)
    expect(page.locator("#status")).to_contain_text("guess")
    explain_text(page, SENTENCE)
    expect(page.locator("#prediction")).not_to_contain_text("A guess", timeout=60_000)
    browsed.assert_clean()


def _switch_to_sentiment(page) -> None:
    """Switch the page to the sentiment task (skip without its weights) and wait for its first example."""
    from playwright.sync_api import expect

    if not (REPO / "weights" / SENTIMENT.weights / "card.json").is_file():
        pytest.skip("no sentiment weights in weights/")
    page.locator("#task").get_by_text(SENTIMENT.title).click()
    expect(page.locator("#text textarea")).to_have_value(SENTIMENT.examples()[0].text, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text(f"Predicted {SENTIMENT.label_noun}", timeout=60_000)


def test_the_task_switch_changes_model_labels_examples_and_lessons(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _switch_to_sentiment(page)
    first = SENTIMENT.examples()[0].text
    expect(page.locator("#header")).to_contain_text(SENTIMENT.input_noun)
    expected = explain(first, model=SENTIMENT.weights, compare=SENTIMENT.compare, n_steps=10)
    expect(page.locator("[data-testid=label-output-value]")).to_have_text(expected.predicted, timeout=60_000)
    open_lesson(page, 6)
    expect(page.locator("#model-reading")).to_contain_text("The gap widens with length")  # the review task's card
    page.locator("#task").get_by_text(TOPIC.title).click()
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text("Predicted topic", timeout=60_000)
    expect(page.locator("#model-reading")).to_contain_text("The gap is there at every length")
    browsed.assert_clean()


def test_the_modifiers_lesson_shows_a_reviews_edits_and_probes(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _switch_to_sentiment(page)
    explain_text(page, "The movie is not good")
    open_lesson(page, 7)
    section = page.locator("#misses")
    expect(section).to_contain_text("removed 'not'", timeout=60_000)
    expect(section).to_contain_text("At “not”, layer")
    browsed.assert_clean()


def test_empty_input_shows_the_friendly_message_not_an_error(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    explain_text(page, "   ")
    expect(page.locator("#status")).to_contain_text("Nothing to explain", timeout=30_000)
    expect(page.locator("#results")).to_be_hidden()
    browsed.assert_clean()


def test_html_and_markdown_in_the_text_are_shown_as_text_and_never_run(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    explain_text(page, HOSTILE)
    expect(page.locator("#words")).to_contain_text("alert", timeout=60_000)
    shown = page.locator("#words [data-testid=sentence]").inner_text()
    assert "<script>alert(1)</script>" in shown and "<img src=x onerror=alert(2)>" in shown
    assert "[a link](http://example.com)" in shown
    for number in (4, 7, 8):
        open_lesson(page, number)
        assert page.locator("#results img, #results script, #results a[href^='http']").count() == 0, number
    browsed.assert_clean()


def test_on_a_phone_nothing_is_cut_or_broken(phone, tmp_path):
    from playwright.sync_api import expect

    page = phone.page
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_text(say("example.group.barely_with") + ":").first).to_be_hidden()
    for number in ORDER:
        open_lesson(page, number)
        page.wait_for_function("() => !document.body.classList.contains('lstm-stale')")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], number
        for i in range(page.locator("#results .js-plotly-plot:visible").count()):
            box = page.locator("#results .js-plotly-plot:visible").nth(i).bounding_box()
            assert box["width"] >= 300 and box["x"] + box["width"] <= PHONE["width"], (number, i, box)
        titles_visible_and_clear_of_the_toolbar(page)
        assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == [], number
    open_lesson(page, 4)
    page.mouse.move(0, 0)
    screenshot(page, "screenshot-phone", screenshot_dir(tmp_path))
    open_tab(page, say("page.tab.about"))
    expect(page.get_by_text("precision").first).to_be_visible()
    assert page.evaluate(BROKEN_WORDS_JS, "td, th") == []
    phone.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_next_step_lesson_compares_the_three_sentiment_models(viewport, playwright, server, tmp_path):
    from playwright.sync_api import expect

    if not nextstep.available():
        pytest.skip("the remedies' weights are not in weights/")
    with open_page(playwright, server, {"desktop": DESKTOP, "phone": PHONE}[viewport]) as b:
        page = b.page
        open_lesson(page, 8)
        expect(page.locator("#nextstep-table")).to_contain_text(say("nextstep.row.test_accuracy"))
        expect(page.locator("#nextstep-reading")).to_contain_text("diminishers")
        box = page.locator("#nextstep-text textarea")
        box.fill(nextstep.EXAMPLES[0])
        box.press("Enter")
        for name in nextstep.models().values():
            column = page.locator(f"#nextstep-{name}")
            expect(column).to_contain_text(re.compile(r"(Negative|Positive), \d+% sure"), timeout=60_000)
        expect(page.locator("#nextstep-attention .gtitle")).to_contain_text("attention")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"]
        assert page.evaluate(BROKEN_WORDS_JS, "#nextstep-table td, #nextstep-table th") == []
        page.mouse.move(0, 0)
        screenshot(page, f"screenshot-nextstep-{viewport}", screenshot_dir(tmp_path))
        b.assert_clean()


def test_a_shared_link_opens_the_korean_review_page_with_its_text_explained_at_its_lesson(playwright, server):
    from playwright.sync_api import expect

    text = "The film is not bad"
    path = f"?lang=ko&task=sentiment&text={quote(text)}&lesson=4"
    hangul = re.compile(r"[\uac00-\ud7a3]")
    with open_page(playwright, server, DESKTOP, ready=hangul, path=path) as b:
        page = b.page
        expect(page.locator("html")).to_have_attribute("lang", "ko")
        expect(page.locator("#text textarea")).to_have_value(text)
        expect(page.locator("#task input[value=sentiment]")).to_be_checked()
        expect(page.locator("#words")).to_contain_text("film")
        expected = explain(text, task="sentiment", n_steps=10)
        ko = sayer("ko")
        expect(page.locator("#status")).to_contain_text(SENTIMENT.label_name(expected.predicted, ko))
        expect(page.locator("#lessons [role=tab][aria-selected=true]")).to_have_text(tab_label("gates", ko))
        expect(page.locator("#turn-reading")).to_contain_text(hangul)
        b.assert_clean()


def test_the_memory_lesson_shows_the_chapters_sentence_at_the_chosen_length(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    answers = page.locator("#memory-answers")
    if page.locator("#memory-n").count() == 0 or not page.locator("#memory-n").is_visible():
        pytest.skip("no stored memory experiment in weights/memory")
    expect(answers).to_contain_text("N = 40")
    page.locator("#memory-n").get_by_text("N = 80").click()
    expect(answers).to_contain_text("N = 80")
    expect(answers).to_contain_text("the cat , which was sitting on the mat")
    page.locator("#memory-bias").get_by_text(say("lesson.dependency.model.lstm_bias0")).click()
    expect(answers).to_contain_text(say("lesson.dependency.model.lstm_bias0"))
    browsed.assert_clean()


STEP = "[data-testid=step-through]"


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("ko", PHONE)])
def test_the_step_through_on_the_page_steps_without_the_server_and_follows_the_sentence(
    playwright, server, lang, viewport
):
    from playwright.sync_api import expect

    path = f"?lang={lang}&task=sentiment&text={quote('The movie is not good')}&lesson=4"
    ready = "sure" if lang == "en" else re.compile(r"[\uac00-\ud7a3]")
    with open_page(playwright, server, viewport, ready=ready, path=path) as b:
        page = b.page
        current = page.locator(f"{STEP} .st-word[aria-current=true]")
        expect(current).to_have_text("good")  # it opens where the answer turned
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.locator(STEP).focus()
        page.keyboard.press("Home")
        expect(current).to_have_text("The")
        page.keyboard.press("ArrowRight")
        expect(current).to_have_text("movie")
        assert requests == []  # stepping is drawn in the browser from the one payload
        # one current word: picking "not" in the coloured sentence above moves the step-through there
        page.locator("#words .sentence-word", has_text=re.compile("^not$")).click()
        expect(current).to_have_text("not")
        write = page.locator(f"{STEP} .st-row[data-kind=write] .st-row-val")
        positive = SENTIMENT.label_name("Positive", sayer(lang))
        expect(write).to_have_text(re.compile(rf"{re.escape(positive)} (99\.\d|100)%"))
        assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport["width"]
        b.assert_clean()


def test_a_minimal_pair_sets_the_text_beside_its_edit_and_sends_the_edit_up(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _switch_to_sentiment(page)
    open_lesson(page, 7)
    expect(page.locator("#pair-text textarea")).to_have_value("The movie is good")  # its first automatic edit
    page.locator("#pair-compare").click()
    expect(page.locator("#pair")).to_contain_text("The movie is good", timeout=60_000)
    expect(page.locator("#pair")).to_contain_text("the prediction flips")
    page.locator("#pair-send").click()
    expect(page.locator("#text textarea")).to_have_value("The movie is good")
    expect(page.locator("[data-testid=label-output-value]")).to_have_text("Positive", timeout=60_000)
    browsed.assert_clean()


def test_on_a_phone_no_edit_row_is_wider_than_its_box(phone):
    from playwright.sync_api import expect

    page = phone.page
    for text in (FLAGSHIP, "The movie is not bad"):
        if text != FLAGSHIP:
            _switch_to_sentiment(page)
            explain_text(page, text)
            expect(page.locator("#words")).to_contain_text("bad", timeout=60_000)
        open_lesson(page, 7)
        table = page.locator("#misses table").filter(has=page.locator("th", has_text="edit"))
        expect(table).to_have_count(1, timeout=30_000)
        box = page.locator("#misses").bounding_box()
        widths = table.locator("tr").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().width)")
        assert max(widths) <= box["width"], (text, widths, box)
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), text
    phone.assert_clean()
