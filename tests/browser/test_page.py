"""The page in headless Chromium, against ``python app.py`` on a free loopback port, at a laptop's size
(1280x900) and a phone's (390x844). Every test opens its own page, so no choice carries over."""

import re

import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.loading import load_model
from lstmdemo.ui import formatting as fmt
from lstmdemo.ui import nextstep
from tests.support.browser import (
    BROKEN_WORDS_JS,
    DESKTOP,
    PHONE,
    explain_text,
    needs_chromium,
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
FLAGSHIP = TOPIC.examples()[0].text
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
#: Five figures of one explanation, and the test-set view of the gradient when the card holds it.
N_FIGURES = 5 + bool(load_model(MODEL).card.get("gradient_distance"))


@pytest.fixture
def browsed(playwright, server):
    with open_page(playwright, server, DESKTOP) as b:
        yield b


@pytest.fixture
def phone(playwright, server):
    with open_page(playwright, server, PHONE) as b:
        yield b


def test_the_page_opens_on_the_flagship_paragraph_with_every_lesson_read_out(browsed, tmp_path):
    from playwright.sync_api import expect

    page = browsed.page
    expected = explain(FLAGSHIP, model=MODEL, compare=COMPARE, n_steps=10)
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP)
    expect(page.locator("[data-testid=label-output-value]")).to_have_text(expected.predicted)
    scored = page.locator("#words .score-token.highlighted .text").all_inner_texts()
    assert [w.strip() for w in scored] == expected.words
    r, hw = lessons.reach(expected), lessons.highway(expected, 1)
    expect(page.locator("#reach-reading")).to_contain_text(f"RNN's first word keeps {fmt.share(r.first_rnn)}")
    expect(page.locator("#highway-reading")).to_contain_text(f"keep {fmt.share(hw.first_highway)} of what the first")
    expect(page.locator("#highway-reading")).to_contain_text(f"({fmt.share(hw.first_all)})")
    expect(page.locator("#gate-reading")).to_contain_text("forget gate f of layer 1 averages")
    expect(page.locator("#equations")).to_contain_text("c = f ⊙ c + i ⊙ g")
    # plain language first: the settings and the Integrated Gradients numbers wait, collapsed
    expect(page.locator("#status")).not_to_contain_text("baseline")
    expect(page.get_by_text("F(x) − F(baseline)")).to_be_hidden()
    expect(page.get_by_text(say("input.baseline.info"))).to_be_hidden()
    page.locator("#details").get_by_text(say("details.label")).click()
    expect(page.get_by_text("F(x) − F(baseline)")).to_be_visible()
    expect(page.locator("#details")).to_contain_text("steps used:")
    expect(page.locator("#details")).to_contain_text("within the 1% promised")  # the bound held
    expect(page.locator("#status")).not_to_contain_text("sum is off")
    plots = page.locator("#results .js-plotly-plot")
    expect(plots).to_have_count(N_FIGURES, timeout=60_000)
    for i in range(N_FIGURES):
        box = plots.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] >= 300, (i, box)
    assert titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
    expect(page.locator("#results")).to_contain_text("What the LSTM still misses")
    assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    page.mouse.move(0, 0)
    page.locator("#details").get_by_text(say("details.label")).click()  # closed again for the picture
    screenshot(page, "screenshot", screenshot_dir(tmp_path))  # the README's
    browsed.assert_clean()


def test_enter_explains_and_the_old_results_are_marked_while_it_runs(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    # record every class the results take, so the short "stale" moment cannot slip by unseen
    page.evaluate("""() => {
        window.resultClasses = [];
        const el = document.getElementById('results');
        new MutationObserver(() => window.resultClasses.push(el.className))
            .observe(el, {attributes: true, attributeFilter: ['class']});
    }""")
    box = page.locator("#text textarea")
    box.fill(SENTENCE)
    box.press("Enter")
    expect(page.locator("#words")).to_contain_text("battery", timeout=60_000)
    expect(box).to_have_value(SENTENCE)  # Enter explained instead of adding a line
    expect(page.locator("#results")).to_contain_text("'not' ranks")
    expect(page.locator("#results")).not_to_have_class(re.compile("stale"))
    assert any("stale" in c for c in page.evaluate("window.resultClasses"))
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
    expect(page.locator("#results")).to_contain_text("'barely' ranks")
    browsed.assert_clean()


def test_choosing_a_gate_redraws_from_the_cached_explanation(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    page.get_by_label("input gate i").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("input gate i")
    expect(page.locator("#gate-reading")).to_contain_text("input gate i of layer 1")
    page.get_by_label("layer 2").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("layer 2")
    expect(page.locator("#highway .gtitle")).to_contain_text("layer 2")
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


def _switch_to_sentiment(page) -> tasks.Task:
    """Switch the page to the sentiment task (skip without its weights) and wait for its first example."""
    from playwright.sync_api import expect

    sentiment = tasks.TASKS.get("sentiment")
    if sentiment is None or not (REPO / "weights" / sentiment.weights / "card.json").is_file():
        pytest.skip("no sentiment weights in weights/")
    page.locator("#task").get_by_text(sentiment.title).click()
    expect(page.locator("#text textarea")).to_have_value(sentiment.examples()[0].text, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text(f"Predicted {sentiment.label_noun}", timeout=60_000)
    return sentiment


def test_the_task_switch_changes_model_labels_examples_and_words(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    sentiment = _switch_to_sentiment(page)
    first = sentiment.examples()[0].text
    expect(page.locator("#header")).to_contain_text(sentiment.input_noun)
    expected = explain(first, model=sentiment.weights, compare=sentiment.compare, n_steps=10)
    expect(page.locator("[data-testid=label-output-value]")).to_have_text(expected.predicted, timeout=60_000)
    assert expected.predicted in sentiment.labels
    page.locator("#task").get_by_text(TOPIC.title).click()
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text("Predicted topic", timeout=60_000)
    browsed.assert_clean()


def test_the_misses_section_shows_a_sentiment_texts_edits_and_probes(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _switch_to_sentiment(page)
    explain_text(page, "The movie is not good")
    section = page.locator("#misses")
    expect(section).to_contain_text("“The movie is good” (removed 'not')", timeout=60_000)
    expect(section).to_contain_text("“The movie is not good” (original)")
    expect(section).to_contain_text("long-distance negation probes")
    expect(section).to_contain_text("At “not”, layer")
    page.locator("#task").get_by_text(TOPIC.title).click()
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text("Predicted topic", timeout=60_000)
    browsed.assert_clean()


def test_empty_input_shows_the_friendly_message_not_an_error(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    explain_text(page, "   ")
    expect(page.locator("#status")).to_contain_text("Nothing to explain", timeout=30_000)
    expect(page.locator("#results")).to_be_hidden()
    browsed.assert_clean()


def test_html_input_is_shown_as_text_and_never_run(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    explain_text(page, HOSTILE)
    expect(page.locator("#words")).to_contain_text("alert", timeout=60_000)
    words = "".join(page.locator("#words .text").all_text_contents())
    assert "<script>alert(1)</script>" in words and "<img src=x onerror=alert(2)>" in words
    assert page.locator("#words img, #words script").count() == 0
    browsed.assert_clean()


def test_on_a_phone_nothing_is_cut_or_broken_and_examples_wait_collapsed(phone, tmp_path):
    from playwright.sync_api import expect

    page = phone.page
    expect(page.locator("#results .js-plotly-plot")).to_have_count(N_FIGURES, timeout=60_000)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_text(say("example.group.barely_with") + ":").first).to_be_hidden()
    explain_box, results = page.locator("#explain").bounding_box(), page.locator("#results").bounding_box()
    assert results["y"] - (explain_box["y"] + explain_box["height"]) < 700  # no wall of examples in between
    for i in range(page.locator("#results .js-plotly-plot").count()):
        box = page.locator("#results .js-plotly-plot").nth(i).bounding_box()
        assert box["width"] >= 300 and box["x"] + box["width"] <= PHONE["width"], (i, box)
    assert titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
    assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    open_tab(page, say("page.tab.about"))
    expect(page.get_by_text("precision").first).to_be_visible()
    assert page.evaluate(BROKEN_WORDS_JS, "td, th") == []
    page.get_by_role("tab", name=say("page.tab.explain")).click()
    page.mouse.move(0, 0)
    screenshot(page, "screenshot-phone", screenshot_dir(tmp_path))
    phone.assert_clean()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_next_step_tab_compares_the_three_sentiment_models_on_an_example(viewport, playwright, server, tmp_path):

    with open_page(playwright, server, {"desktop": DESKTOP, "phone": PHONE}[viewport]) as b:
        _compare_on_the_next_step_tab(b, viewport, tmp_path)


def _compare_on_the_next_step_tab(b, viewport: str, tmp_path) -> None:
    from playwright.sync_api import expect

    page = b.page
    open_tab(page, say("nextstep.tab"))
    expect(page.locator("#nextstep-table")).to_contain_text(say("nextstep.row.test_accuracy"))
    expect(page.locator("#nextstep-table")).to_contain_text(say("nextstep.model.attention"))
    expect(page.locator("#nextstep-reading")).to_contain_text("diminishers")
    box = page.locator("#nextstep-text textarea")
    box.fill(nextstep.EXAMPLES[0])
    box.press("Enter")
    for name in nextstep.models().values():
        column = page.locator(f"#nextstep-{name}")
        expect(column).to_contain_text(re.compile(r"(Negative|Positive), \d+% sure"), timeout=60_000)
        expect(column).to_contain_text("movie")
    expect(page.locator("#nextstep-attention .gtitle")).to_contain_text("attention")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"]
    assert page.evaluate(BROKEN_WORDS_JS, "#nextstep-table td, #nextstep-table th") == []
    plot = page.locator("#nextstep-attention .js-plotly-plot").bounding_box()
    assert plot["width"] >= 300 and plot["x"] + plot["width"] <= page.viewport_size["width"], plot
    page.mouse.move(0, 0)
    screenshot(page, f"screenshot-nextstep-{viewport}", screenshot_dir(tmp_path))
    page.get_by_role("tab", name=say("page.tab.explain")).click()
    b.assert_clean()
