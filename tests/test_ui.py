"""The demo page: its renderers, the JSON API through gradio_client, and the page in headless Chromium.

The server tests start ``python app.py`` as a user would, on a free loopback port,
with the weights app.py reads (LSTMDEMO_MODEL / LSTMDEMO_COMPARE, default lstm / rnn).
"""

import dataclasses
import json
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from benchmarks import server as server_module
from benchmarks.bench_app import SENTENCE as LONG_SENTENCE  # 40 tokens, as the latency target has it
from lstmdemo import ui
from lstmdemo.explain import MAX_TOKENS, explain
from lstmdemo.modifiers import ShareStudy

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
    segments = ui.highlighted(exp)
    assert "".join(s for s, _ in segments) == text
    scores = [score for _, score in segments if score is not None]
    assert len(scores) == len(exp.tokens)
    assert max(abs(s) for s in scores) == pytest.approx(1.0) and all(-1 <= s <= 1 for s in scores)
    assert all(score is None for s, score in segments if not s.strip())


def test_a_truncated_text_is_marked_in_the_words_and_the_status(tiny):
    exp = explain("stocks fell", **tiny)
    cut = dataclasses.replace(exp, text=exp.text + " sharply" * 500, truncated=True, n_tokens_total=502)
    assert ui.highlighted(cut)[-1] == (" …", None)
    assert f"only the first {MAX_TOKENS} of its 502 words" in ui.status_markdown(cut)
    assert "long" not in ui.status_markdown(exp)


def test_user_text_cannot_inject_html_or_markdown():
    safe = ui._text("<img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "<" not in safe and "**" not in safe and "](" not in safe
    assert "&lt;img" in safe


def test_modifiers_are_listed_with_rank_share_flip_and_verdict(tiny):
    md = ui.modifiers_markdown(explain("The company did not report very strong earnings", **tiny))
    assert "| not | negation |" in md and "| very | intensifier |" in md
    assert md.count("ranks") == 2  # one verdict line per modifier
    assert "No modifier" in ui.modifiers_markdown(explain("The striker scored twice", **tiny))


def test_the_modifier_study_renders_from_the_card_or_says_it_is_missing():
    assert "not in this model card" in ui.modifier_study_markdown({})
    study = ShareStudy()
    study.add(["stocks", "did", "not", "rise"], [0.6, 0.1, -0.1, 0.2])
    study.add(["very", "good"], [0.0, 1.0])
    md = ui.modifier_study_markdown({"modifier_study": study.summary()})
    assert "Over 2 test sentences (2 with a modifier)" in md and "**0.20×**" in md
    assert "| modifiers | 2 | 5.0% | 0.20× | 0 |" in md and "| content words | 3 | 60.0% | 1.73× | 0.889 |" in md
    assert "| – negation | 1 | 10.0% | 0.40× | 0 |" in md and "| – diminisher | 0 | n/a | n/a | n/a |" in md


def test_a_model_card_without_metrics_still_renders():
    assert "no metrics yet" in ui.card_markdown({}, "The LSTM")
    card = {"test": {"accuracy": 0.912, "n": 7600, "per_class": {"World": {"precision": 0.9, "recall": 0.8}}}}
    md = ui.card_markdown(card, "The LSTM")
    assert "91.2%" in md and "7,600" in md and "| World | 90.0% | 80.0% | n/a | n/a |" in md


def test_the_page_exposes_one_public_api_and_queues_one_explanation_at_a_time(tiny_dir):
    demo = ui.build_demo(tiny_dir / "lstm", tiny_dir / "rnn")
    public = [d["api_name"] for d in demo.get_config_file()["dependencies"] if d["api_visibility"] == "public"]
    assert public == ["explain"]
    explaining = [fn for fn in demo.fns.values() if fn.concurrency_id == "explain"]
    assert len(explaining) == 4 and all(fn.concurrency_limit == 1 for fn in explaining)
    assert demo._queue.max_size == 64


# --- the running app ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """``python app.py`` on a free loopback port; yields its URL."""
    port = server_module.free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    with log.open("wb") as out:
        try:
            proc, _ = server_module.start_app(port, log=out)
        except (RuntimeError, TimeoutError) as e:
            pytest.fail(f"{e}\n{log.read_text()[-3000:]}")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server_module.stop(proc)


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
    assert [m["word"] for m in out["modifiers"]] == ["not"]


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


@pytest.fixture(scope="module")
def browsed(server):
    """The page in headless Chromium, after the explanation it runs on load."""
    from playwright.sync_api import expect, sync_playwright

    host = urlparse(server).netloc
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
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
        expect(page.locator("#words")).to_be_visible(timeout=60_000)
        yield b
        browser.close()


def _explain(page, text: str) -> None:
    page.locator("#text textarea").fill(text)
    page.locator("#explain").click()


def _no_toast_no_dialog_all_local(b: Browsed) -> None:
    toasts = b.page.locator(".toast-body")
    assert toasts.count() == 0, toasts.all_inner_texts()
    assert b.dialogs == []
    assert b.off_host == [], "the page reached beyond the server"


@pytest.mark.browser
@needs_chromium
def test_explaining_a_sentence_renders_every_part(browsed, tmp_path):
    from playwright.sync_api import expect

    page = browsed.page

    _explain(page, SENTENCE)
    expect(page.locator("#words")).to_contain_text("battery", timeout=60_000)
    expected = explain(SENTENCE, model=MODEL, compare=None, n_steps=10)
    expect(page.locator("[data-testid=label-output-value]")).to_have_text(expected.predicted)
    scored = page.locator("#words .score-token.highlighted .text").all_inner_texts()
    assert [w.strip() for w in scored] == expected.words
    expect(page.locator("#status")).to_contain_text(f"explained {len(expected.tokens)} words")
    plots = page.locator("#results .js-plotly-plot")
    expect(plots).to_have_count(5)
    for i in range(5):
        box = plots.nth(i).bounding_box()
        assert box and box["width"] > 300 and box["height"] >= 300, (i, box)
    for title in ("Integrated Gradients", "forget gate f", "Mean of each gate", "still in the cell", "gradient norm"):
        expect(page.locator("#results .gtitle", has_text=title)).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("What the LSTM still misses")
    expect(page.locator("#results")).to_contain_text("'not' ranks")
    page.wait_for_timeout(500)  # let the last figure settle before the picture
    folder = Path(os.environ.get("LSTMDEMO_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
    if os.environ.get("LSTMDEMO_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copyfile(folder / "screenshot.png", REPO / "docs" / "screenshot.png")
    _no_toast_no_dialog_all_local(browsed)


@pytest.mark.browser
@needs_chromium
def test_clicking_an_example_explains_it(browsed):
    from playwright.sync_api import expect

    page = browsed.page
    group, sentence = next((g, s) for g, s in ui.EXAMPLES if "barely" in s)
    page.get_by_text(f"{group}: {sentence[:30]}").click()
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
    page.get_by_label("layer 2").check()
    expect(page.locator("#gate-heatmap .gtitle")).to_contain_text("layer 2")
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
