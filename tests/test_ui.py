"""The demo page: its renderers, the JSON API through gradio_client, and the page in headless Chromium
at a laptop's size (1280x900) and a phone's (390x844).

The server tests start ``python app.py`` as a user would, on a free loopback port,
with the weights app.py reads (LSTMDEMO_MODEL / LSTMDEMO_COMPARE, default lstm / rnn).
"""

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from benchmarks import server as server_module
from benchmarks.bench_app import SENTENCES
from lstmdemo import lessons, tasks
from lstmdemo.explain import MAX_TOKENS, explain, load_model
from lstmdemo.i18n import sayer
from lstmdemo.modifiers import ShareStudy
from lstmdemo.ui import build_demo, cards, fmt, nextstep, render, sections
from lstmdemo.ui.handlers import Handlers
from lstmdemo.ui.served import served_tasks

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
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
MODEL = os.environ.get("LSTMDEMO_MODEL", "lstm")
COMPARE = os.environ.get("LSTMDEMO_COMPARE", "rnn") or None
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
LONG_SENTENCE = SENTENCES["topic"]  # 40 tokens, as the latency target has it
say = sayer("en")
TOPIC = tasks.get("topic")
FLAGSHIP = TOPIC.examples()[0].text
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: apt-get install chromium (never `playwright install`)"
)


# --- renderers, on explanations of the small random checkpoints -----------------------------


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    return {"model": tiny_dir / "lstm", "compare": tiny_dir / "rnn", "n_steps": 10}


def test_highlighted_text_is_the_typed_text_with_scaled_scores(tiny):
    text = "The company did  not report very strong earnings!"
    exp = explain(text, **tiny)
    segments = render.highlighted(exp)
    assert "".join(s for s, _ in segments) == text
    scores = [score for _, score in segments if score is not None]
    assert len(scores) == len(exp.tokens)
    assert max(abs(s) for s in scores) == pytest.approx(1.0) and all(-1 <= s <= 1 for s in scores)
    assert all(score is None for s, score in segments if not s.strip())


def test_the_status_reads_plainly_and_marks_a_truncated_text(tiny):
    exp = explain("stocks fell", **tiny)
    status = render.status_markdown(exp, TOPIC, say)
    p = max(exp.probabilities)
    assert status.startswith(f"**{exp.predicted}**, {p:.0%} sure. Words in red pushed toward **{exp.predicted}**")
    assert "Integrated Gradients" not in status and "baseline" not in status
    cut = dataclasses.replace(exp, text=exp.text + " sharply" * 500, truncated=True, n_tokens_total=502)
    assert render.highlighted(cut)[-1] == (" …", None)
    assert f"only the first {MAX_TOKENS} of its 502 words" in render.status_markdown(cut, TOPIC, say)
    assert "long" not in status


def test_mostly_unknown_words_make_the_prediction_box_say_it_is_a_guess(tiny):
    exp = explain("zqxv wmpt qqzz stocks", **tiny)
    assert lessons.confidence(exp).guess
    assert render.prediction_label(exp, TOPIC, say) == "⚠️ A guess: 3 of 4 words are unknown to the model"
    assert "this answer is a guess" in render.status_markdown(exp, TOPIC, say)
    known = explain("stocks fell", **tiny)
    assert render.prediction_label(known, TOPIC, say) == "Predicted topic"


def test_the_details_hold_the_integrated_gradients_numbers(tiny):
    exp = explain("stocks fell", **tiny)
    details = render.details_markdown(exp, say)
    gap = exp.ig.f_x - exp.ig.f_baseline
    assert fmt.signed(gap) in details and f"steps used: {exp.ig.n_steps} ({exp.ig.rule})" in details
    assert "delta" in details and ("within the" in details) == exp.ig.converged
    assert "every word replaced by &lt;pad&gt;" in details and "float64" not in details and "jump" not in details
    shown = f"{fmt.plain(exp.ig.f_x)} − {fmt.subtrahend(exp.ig.f_baseline)} = "
    assert shown in details and "− −" not in details  # a negative baseline score is written "− (−0.0799)"


def test_the_details_say_when_float64_was_needed_and_how_many_jumps_were_shared_out(tiny):
    exp = explain("stocks fell", **tiny)
    rough = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, precision="float64", jumps=3, shared=0.42))
    details = render.details_markdown(rough, say)
    assert "integrated again in float64" in details and "flipped 3 time(s)" in details
    assert "42% of the change" in details
    korean = render.details_markdown(rough, sayer("ko"))
    assert "float64로 다시 적분" in korean and "3번 뒤집혔고" in korean and "42%" in korean


def test_a_sum_that_is_off_is_said_plainly_in_the_status_and_the_details(tiny):
    exp = explain("stocks fell sharply on wall street", **{**tiny, "n_steps": 2})
    off = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, converged=False))
    assert "The sum is off" in render.status_markdown(off, TOPIC, say)
    assert "the sum is off by more than the 1% promised" in render.details_markdown(off, say)
    on = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, converged=True))
    assert "sum is off" not in render.status_markdown(on, TOPIC, say)


def test_user_text_cannot_inject_html_or_markdown():
    safe = fmt.text("<img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "<" not in safe and "**" not in safe and "](" not in safe
    assert "&lt;img" in safe


def test_shares_are_one_unbreakable_word():
    shares = [fmt.share(x) for x in (0.3512, 0.0126, 7.29e-10, 9.6e-7, 0.0)]
    assert shares == ["0.35", "0.013", "7×10⁻¹⁰", "10⁻⁶", "0.00"]
    assert fmt.times(20.8) == "21×" and fmt.times(1.5) == "1.50×"
    # in a sentence a ratio is written as the language writes it: "21배입니다", not "21×입니다"
    assert fmt.times(20.8, sayer("ko")) == "21배" and fmt.times(0.62, say) == "0.62×"
    assert fmt.subtrahend(-0.0799) == "(−0.0799)" and fmt.subtrahend(2.0885) == "2.0885"


def test_modifiers_are_listed_with_rank_share_flip_and_verdict(tiny):
    md = render.modifiers_markdown(explain("The company did not report very strong earnings", **tiny), TOPIC, say)
    assert "| not | negation |" in md and "| very | intensifier |" in md
    assert md.count("ranks") == 2  # one verdict line per modifier
    assert "No modifier" in render.modifiers_markdown(explain("The striker scored twice", **tiny), TOPIC, say)


def test_the_gate_reading_names_the_words_where_the_gate_moved_most(tiny):
    exp = explain("the team won the cup and the company did not report", **tiny)
    reading = lessons.gate_moments(exp, "f", 1)
    md = render.gate_markdown(exp, say, "f", 1)
    first = reading.moments[0]
    way = "rose" if first.rose else "fell"
    assert f"At “{first.word}” it {way} most ({first.before:.2f} → {first.after:.2f})" in md
    assert say("gate.f.up" if first.rose else "gate.f.down") in md
    ko = sayer("ko")
    later = reading.moments[1]
    change = "상승" if later.rose else "하락"
    assert f"그다음으로 큰 변화는 “{later.word}”에서의 {change}입니다" in render.gate_markdown(exp, ko, "f", 1)


def test_the_output_gate_of_the_last_layer_shows_its_memory_to_the_classifier(tiny):
    exp = explain("the team won the cup and the company did not report", **tiny)
    last = len(exp.gates.f)
    assert last == 2 and "the next layer" in render.gate_markdown(exp, say, "o", 1)
    assert "the classifier" in render.gate_markdown(exp, say, "o", last)
    assert "분류기에" in render.gate_markdown(exp, sayer("ko"), "o", last)


def test_the_modifier_study_renders_from_the_card_or_says_it_is_missing():
    missing = cards.modifier_study_markdown({}, say)
    assert missing == say("study.missing") and "python -m" not in missing  # a sentence for students, no command
    study = ShareStudy()
    study.add(["stocks", "did", "not", "rise"], [0.6, 0.1, -0.1, 0.2])
    study.add(["very", "good"], [0.0, 1.0])
    md = cards.modifier_study_markdown({"modifier_study": study.summary()}, say)
    assert "Over 2 test texts (2 with a modifier)" in md and "**0.20×**" in md
    assert "| modifiers | 2 | 5.0% | 0.20× | 0 |" in md and "| content words | 3 | 60.0% | 1.73× | 0.889 |" in md
    assert "| – negation | 1 | 10.0% | 0.40× | 0 |" in md and "| – diminisher | 0 | n/a | n/a | n/a |" in md


def test_a_model_card_without_metrics_still_renders():
    assert "no metrics yet" in cards.card_markdown({}, "The LSTM", "topic", say)
    card = {"test": {"accuracy": 0.912, "n": 7600, "per_class": {"World": {"precision": 0.9, "recall": 0.8}}}}
    md = cards.card_markdown(card, "The LSTM", "topic", say)
    assert "91.2%" in md and "7,600" in md and "| World | 90.0% | 80.0% | n/a | n/a |" in md
    korean = cards.card_markdown(card, "LSTM", "주제", sayer("ko"))
    assert "| 세계\\(World\\) | 90.0% |" in korean  # the per-class rows name labels as the page does


def test_a_model_card_describes_the_model_from_its_config_not_its_training_note():
    card = {"description": "frozen GloVe -> 2-layer LSTM (128) -> linear", "labels": ["World", "Sports"]}
    card["config"] = {"arch": "lstm", "layers": 2, "hidden": 128}
    korean = cards.card_markdown(card, "LSTM", "주제", sayer("ko"))
    assert "->" not in korean and "2층 LSTM (128 유닛)" in korean and "세계\\(World\\) 또는 스포츠" in korean
    assert "2-layer LSTM (128 units)" in cards.card_markdown(card, "LSTM", "topic", say)


def test_the_page_exposes_one_public_api_and_queues_one_explanation_at_a_time(tiny_dir):
    demo = build_demo(tiny_dir / "lstm", tiny_dir / "rnn")
    public = [d["api_name"] for d in demo.get_config_file()["dependencies"] if d["api_visibility"] == "public"]
    assert public == ["explain"]
    explaining = [fn for fn in demo.fns.values() if fn.concurrency_id == "explain"]
    # button/Enter, an example, the task switch, page load, the API, and the next-step tab's comparison
    assert len(explaining) == 5 + nextstep.available() and all(fn.concurrency_limit == 1 for fn in explaining)
    assert demo._queue.max_size == 64


def test_a_second_task_with_weights_gets_its_own_words_labels_and_examples(tiny_dir, tmp_path, monkeypatch):
    (tmp_path / "topic.json").write_text(json.dumps([{"group": "world", "text": "rebels seized the capital"}]))
    (tmp_path / "sentiment.json").write_text(json.dumps([{"group": "positive", "text": "the team won the cup"}]))
    monkeypatch.setattr(tasks, "EXAMPLES_DIR", tmp_path)
    sentiment = dataclasses.replace(
        TOPIC,
        name="sentiment",
        title="Movie-review sentiment",
        labels=("Negative", "Positive"),
        label_noun="sentiment",
        input_noun="movie review",
        weights=str(tiny_dir / "lstm"),
        compare=str(tiny_dir / "rnn"),
    )
    monkeypatch.setitem(tasks.TASKS, "sentiment", sentiment)
    h = Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))
    assert list(h.served) == ["topic", "sentiment"]
    w = sections.task_words(h.served_in("sentiment", say), say)
    header = w["header"]["value"]
    assert "Movie-review sentiment" in header and "a movie review under Negative or Positive" in header
    assert w["text"]["label"] == "Your movie review"
    assert w["target"]["choices"][0] == ("the predicted sentiment", "auto")
    assert [c for _, c in w["target"]["choices"][1:]] == ["Negative", "Positive"]
    assert w["examples"]["samples"] == [["Positive review: the team won the cup"]]
    assert w["examples"]["headers"] == [say("input.examples")]
    assert w["prediction"]["label"] == "Predicted sentiment"
    assert h.pick(0, "sentiment") == "the team won the cup" and h.pick(0, "topic") == "rebels seized the capital"


# --- the lessons' readings on the example the page opens with, on the shipped weights -----------


@pytest.fixture(scope="module")
def flagship():
    return explain(FLAGSHIP, model=MODEL, compare=COMPARE, n_steps=10)


def test_the_vanishing_gradient_reading_states_the_flagship_numbers(flagship):
    r = lessons.reach(flagship)
    md = render.reach_markdown(flagship, say)
    assert f"RNN's first word keeps **{fmt.share(r.first_rnn)}**" in md
    assert f"LSTM's first word keeps **{fmt.share(r.first_lstm)}**" in md
    assert r.first_rnn < 1e-3 < 1e-2 < r.first_lstm


def test_the_highway_reading_states_the_flagship_numbers(flagship):
    hw = lessons.highway(flagship, 1)
    md = render.highway_markdown(flagship, say, 1)
    assert f"keep **{fmt.share(hw.first_highway)}** of what the first word wrote" in md
    assert f"**{fmt.times(hw.ratio)}** what the average unit keeps ({fmt.share(hw.first_all)})" in md
    assert hw.first_highway >= 10 * hw.first_all


def test_a_short_sentence_says_why_the_curves_look_alike(tiny):
    exp = explain("Oil prices rose sharply", **tiny)
    r, md = lessons.reach(exp), render.reach_markdown(exp, say)
    assert "only 4 words" in md and "which words matter" in md
    assert ("look alike" in md) == r.alike  # said only when the two numbers shown are close
    assert ("above 1 means" in md) == r.above_one


@pytest.mark.parametrize(
    ("rnn", "lstm", "alike", "above_one"), [(0.074, 2.51, False, True), (0.5, 0.8, True, False), (1.2, 0.9, True, True)]
)
def test_the_short_sentence_reading_is_true_to_its_numbers(tiny, rnn, lstm, alike, above_one):
    exp = explain("Oil prices rose sharply", **tiny)
    flow = dataclasses.replace(exp.gradient_flow, rnn=(rnn, 0.5, 0.5, 1.0), lstm=(lstm, 0.5, 0.5, 1.0))
    shaped = dataclasses.replace(exp, gradient_flow=flow)
    r = lessons.reach(shaped)
    assert (r.alike, r.above_one) == (alike, above_one)
    for lang, look_alike, above in (("en", "look alike", "above 1 means"), ("ko", "비슷해 보입니다", "1보다 큰 값")):
        md = render.reach_markdown(shaped, sayer(lang))
        assert (look_alike in md) == alike and (above in md) == above_one
        assert fmt.share(rnn) in md and fmt.share(lstm) in md


# --- the running app ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    # gradio_client sends telemetry unless the environment says no, whatever its arguments say
    with pytest.MonkeyPatch.context() as mp:
        for name, value in server_module.QUIET.items():
            mp.setenv(name, value)
        yield Client(server, verbose=False)


def test_api_returns_the_explanation_as_json(client):
    out = json.loads(client.predict(LONG_SENTENCE, api_name="/explain"))
    T = len(out["tokens"])
    assert T == 40 and not out["truncated"]
    assert [t["text"] for t in out["tokens"]][:3] == ["Oil", "prices", "rose"]
    assert sum(out["probabilities"]) == pytest.approx(1.0, abs=1e-4)
    assert out["predicted"] in out["labels"] and out["target"] == out["predicted"]
    assert len(out["ig"]["attributions"]) == len(out["occlusion"]) == T
    layers = len(out["gates"]["f"])
    for gate in "ifgoch":
        g = out["gates"][gate]
        assert (len(g), len(g[0]), len(g[0][0])) == (layers, T, 128)
    assert len(out["retention"]["mean"][0]) == T
    assert len(out["gradient_flow"]["lstm"]) == T and (COMPARE is None or len(out["gradient_flow"]["rnn"]) == T)


def test_api_takes_target_baseline_and_steps(client):
    out = json.loads(client.predict(SENTENCE, "Sports", "unk", 20, api_name="/explain"))
    assert out["target"] == "Sports" and out["ig"]["baseline"] == "unk" and out["ig"]["n_steps"] == 20
    adaptive = json.loads(client.predict(SENTENCE, "auto", "pad", 0, "topic", 0.01, api_name="/explain"))
    assert adaptive["ig"]["converged"] and adaptive["ig"]["tolerance"] == 0.01
    assert [m["word"] for m in out["modifiers"]] == ["not"]


def test_api_takes_the_task(client):
    from gradio_client.exceptions import AppError

    out = json.loads(client.predict(SENTENCE, "auto", "pad", 20, "topic", api_name="/explain"))
    assert out["labels"] == list(TOPIC.labels)
    with pytest.raises(AppError, match="unknown task 'poetry'"):
        client.predict(SENTENCE, "auto", "pad", 20, "poetry", api_name="/explain")


def test_api_takes_any_shipped_model_of_a_served_task(client):
    from gradio_client.exceptions import AppError

    args = ("The movie is not good", "auto", "pad", 0, "", 0.01, "sentiment-lstm-attention")
    out = json.loads(client.predict(*args, api_name="/explain"))
    assert out["task"] == "sentiment" and out["model"] == "sentiment-lstm-attention"
    assert len(out["attention"]) == len(out["tokens"]) and sum(out["attention"]) == pytest.approx(1.0, abs=1e-3)
    for bad in ("../weights/lstm", "/etc", "nonexistent"):
        with pytest.raises(AppError, match="unknown model"):
            client.predict("good", "auto", "pad", 0, "", 0.01, bad, api_name="/explain")
    with pytest.raises(AppError, match="serves the 'sentiment' task, not 'topic'"):
        client.predict("good", "auto", "pad", 0, "topic", 0.01, "sentiment-lstm", api_name="/explain")


def test_api_answers_empty_input_with_the_friendly_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Nothing to explain"):
        client.predict("   ", api_name="/explain")


@dataclasses.dataclass
class Browsed:
    """The page, and what it did that it must not: dialogs opened, requests beyond the server."""

    page: Any
    dialogs: list[str]
    off_host: list[str]


DESKTOP = {"width": 1280, "height": 900}
#: Five figures of one explanation, and the test-set view of the gradient when the card holds it.
N_FIGURES = 5 + bool(load_model(MODEL).card.get("gradient_distance"))
PHONE = {"width": 390, "height": 844}


def _open(
    p, server: str, viewport: dict, locale: str | None = None, ready: str | re.Pattern = "first word"
) -> tuple[Any, Browsed]:
    """A browser (preferring ``locale``'s language) showing the page at ``viewport``, after the explanation
    it runs on load: the vanishing-gradient reading shows ``ready``."""
    from playwright.sync_api import expect

    host = urlparse(server).netloc
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport=viewport, **({"locale": locale} if locale else {}))
    b = Browsed(page, [], [])

    def on_dialog(dialog) -> None:
        b.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request) -> None:
        if urlparse(request.url).netloc != host and not request.url.startswith("data:"):
            b.off_host.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.goto(server)
    expect(page.locator("#words")).to_be_visible(timeout=120_000)
    expect(page.locator("#reach-reading")).to_contain_text(ready, timeout=60_000)
    return browser, b


@pytest.fixture(scope="module")
def browsed(playwright, server):
    browser, b = _open(playwright, server, DESKTOP)
    yield b
    browser.close()


@pytest.fixture(scope="module")
def phone(playwright, server):
    browser, b = _open(playwright, server, PHONE)
    yield b
    browser.close()


def _explain(page, text: str) -> None:
    page.locator("#text textarea").fill(text)
    page.locator("#explain").click()


def _open_tab(page, name: str) -> None:
    """Click the tab ``name``, through the overflow menu where a phone's width hides it."""
    tab = page.get_by_role("tab", name=name)
    if tab.count() and tab.is_visible():
        tab.click()
        return
    page.locator(".overflow-menu button, .overflow-menu").first.click()
    page.locator(".overflow-dropdown").get_by_text(name, exact=True).click()


def _no_toast_no_dialog_all_local(b: Browsed) -> None:
    toasts = b.page.locator(".toast-body")
    assert toasts.count() == 0, toasts.all_inner_texts()
    assert b.dialogs == []
    assert b.off_host == [], "the page reached beyond the server"


def _screenshot(page, name: str, folder: Path) -> None:
    """A full-page picture; with LSTMDEMO_UPDATE_SCREENSHOT=1 it also goes to docs/."""
    page.wait_for_timeout(800)  # let the last figure settle before the picture
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if os.environ.get("LSTMDEMO_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(folder / f"{name}.png", REPO / "docs" / f"{name}.png")


# Every stretch of non-space text in a table cell or the prediction box that the browser laid
# out on more than one line: a number or a word broken mid-way.
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


def _titles_visible_and_clear_of_the_toolbar(page) -> int:
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


@pytest.mark.browser
@needs_chromium
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
    assert _titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
    expect(page.locator("#results")).to_contain_text("What the LSTM still misses")
    assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    page.mouse.move(0, 0)
    page.locator("#details").get_by_text(say("details.label")).click()  # closed again for the picture
    _screenshot(page, "screenshot", Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path))  # the README's
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
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
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_clicking_an_example_explains_it(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    sentence = next(e.text for e in TOPIC.examples() if "barely" in e.text)
    page.locator("#examples").get_by_text(say("input.examples")).click()
    page.locator("#examples").get_by_text(sentence[:30]).first.click()
    expect(page.locator("#text textarea")).to_have_value(sentence)
    expect(page.locator("#words")).to_contain_text("champions", timeout=60_000)
    expect(page.locator("#results")).to_contain_text("'barely' ranks")
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_choosing_a_gate_redraws_from_the_cached_explanation(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    page.get_by_label("input gate i").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("input gate i")
    expect(page.locator("#gate-reading")).to_contain_text("input gate i of layer 1")
    page.get_by_label("layer 2").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("layer 2")
    expect(page.locator("#highway .gtitle")).to_contain_text("layer 2")
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_mostly_unknown_words_turn_the_prediction_into_a_guess(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _explain(page, "zqxv wmpt qqzz 안녕하세요 stocks")
    expect(page.locator("#prediction")).to_contain_text("A guess", timeout=60_000)
    expect(page.locator("#status")).to_contain_text("guess")
    _explain(page, SENTENCE)
    expect(page.locator("#prediction")).not_to_contain_text("A guess", timeout=60_000)
    _no_toast_no_dialog_all_local(browsed)


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


@pytest.mark.browser
@needs_chromium
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
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_the_misses_section_shows_a_sentiment_texts_edits_and_probes(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _switch_to_sentiment(page)
    _explain(page, "The movie is not good")
    section = page.locator("#misses")
    expect(section).to_contain_text("“The movie is good” (removed 'not')", timeout=60_000)
    expect(section).to_contain_text("“The movie is not good” (original)")
    expect(section).to_contain_text("long-distance negation probes")
    expect(section).to_contain_text("At “not”, layer")
    page.locator("#task").get_by_text(TOPIC.title).click()
    expect(page.locator("#text textarea")).to_have_value(FLAGSHIP, timeout=30_000)
    expect(page.locator("#prediction")).to_contain_text("Predicted topic", timeout=60_000)
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_empty_input_shows_the_friendly_message_not_an_error(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _explain(page, "   ")
    expect(page.locator("#status")).to_contain_text("Nothing to explain", timeout=30_000)
    expect(page.locator("#results")).to_be_hidden()
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_html_input_is_shown_as_text_and_never_run(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    _explain(page, HOSTILE)
    expect(page.locator("#words")).to_contain_text("alert", timeout=60_000)
    words = "".join(page.locator("#words .text").all_text_contents())
    assert "<script>alert(1)</script>" in words and "<img src=x onerror=alert(2)>" in words
    assert page.locator("#words img, #words script").count() == 0
    page.wait_for_timeout(500)  # an onerror handler would fire by now
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
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
    assert _titles_visible_and_clear_of_the_toolbar(page) == N_FIGURES
    assert page.evaluate(BROKEN_WORDS_JS, "#results td, #results th, #prediction") == []
    _open_tab(page, say("page.tab.about"))
    expect(page.get_by_text("precision").first).to_be_visible()
    assert page.evaluate(BROKEN_WORDS_JS, "td, th") == []
    page.get_by_role("tab", name=say("page.tab.explain")).click()
    page.mouse.move(0, 0)
    _screenshot(page, "screenshot-phone", Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path))
    _no_toast_no_dialog_all_local(phone)


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_next_step_tab_compares_the_three_sentiment_models_on_an_example(viewport, browsed, phone, tmp_path):
    from playwright.sync_api import expect

    b = {"desktop": browsed, "phone": phone}[viewport]
    page = b.page
    _open_tab(page, say("nextstep.tab"))
    expect(page.locator("#nextstep-table")).to_contain_text(say("nextstep.row.test_accuracy"))
    expect(page.locator("#nextstep-table")).to_contain_text(say("nextstep.model.attention"))
    expect(page.locator("#nextstep-reading")).to_contain_text("diminishers")
    box = page.locator("#nextstep-text textarea")
    box.fill(nextstep.EXAMPLES[0])
    box.press("Enter")
    for name in nextstep.MODELS:
        column = page.locator(f"#nextstep-{name}")
        expect(column).to_contain_text(re.compile(r"(Negative|Positive), \d+% sure"), timeout=60_000)
        expect(column).to_contain_text("movie")
    expect(page.locator("#nextstep-attention .gtitle")).to_contain_text("attention")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= page.viewport_size["width"]
    assert page.evaluate(BROKEN_WORDS_JS, "#nextstep-table td, #nextstep-table th") == []
    plot = page.locator("#nextstep-attention .js-plotly-plot").bounding_box()
    assert plot["width"] >= 300 and plot["x"] + plot["width"] <= page.viewport_size["width"], plot
    page.mouse.move(0, 0)
    _screenshot(page, f"screenshot-nextstep-{viewport}", Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path))
    page.get_by_role("tab", name=say("page.tab.explain")).click()
    _no_toast_no_dialog_all_local(b)


def test_the_baseline_choices_are_named_in_the_page_language_and_keep_their_values(tiny_dir):
    ko = sayer("ko")
    served = served_tasks(tiny_dir / "lstm", tiny_dir / "rnn")
    choices = sections.inputs_words(served, next(iter(served.values())).worded(ko), ko)["baseline"]["choices"]
    assert [value for _, value in choices] == ["pad", "unk", "zero"] and "빈칸" in choices[0][0]
