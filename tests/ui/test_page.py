"""The page as built (no browser): one public API, one hardened explaining group, every served task's words."""

import dataclasses
import inspect
import json

import gradio as gr

from lstmdemo import tasks
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import MAX_CHARS
from lstmdemo.ui import build_demo, nextstep, sections, sentence, serving, share
from lstmdemo.ui import page as page_module
from lstmdemo.ui.handlers import Handlers
from lstmdemo.ui.served_tasks import served_tasks

say = sayer("en")
TOPIC = tasks.get("topic")


def test_the_page_exposes_one_public_api_and_explains_in_one_hardened_group(tiny_dir):
    demo = build_demo(tiny_dir / "lstm", tiny_dir / "rnn")
    public = [d["api_name"] for d in demo.get_config_file()["dependencies"] if d["api_visibility"] == "public"]
    assert public == ["explain"]
    explaining = [fn for fn in demo.fns.values() if fn.concurrency_id == serving.EXPLAIN_ID]
    # button/Enter, an example, the task switch, page load, the API, the minimal pair and sending its other
    # sentence up, and the next-step lesson's comparison
    assert len(explaining) == 7 + nextstep.available()
    # all go on to the lanes, which order them (lanes.Lanes): coroutines Gradio does not limit
    assert all(fn.concurrency_limit is None and inspect.iscoroutinefunction(fn.fn) for fn in explaining)
    # the lanes read each one's ``text`` to tell a long request from a quick one
    assert all("text" in inspect.signature(fn.fn.__wrapped__).parameters for fn in explaining)
    assert demo._queue.max_size == serving.QUEUE_SIZE and demo.api_open is False  # no /run around the queue
    unqueued = {fn.name for fn in demo.fns.values() if fn.fn is not None and not fn.queue}
    # nothing that renders runs outside the queue (load_example: gr.Examples filling the next-step text box)
    assert unqueued == {"pick", "switch", "gloss", "load_example"}
    blocks = demo.blocks.values()
    assert all(b.max_length == MAX_CHARS for b in blocks if isinstance(b, gr.Textbox))
    assert all(b.time_to_live == serving.STATE_SECONDS for b in blocks if isinstance(b, gr.State))


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


def test_the_baseline_choices_are_named_in_the_page_language_and_keep_their_values(tiny_dir):
    ko = sayer("ko")
    served = served_tasks(tiny_dir / "lstm", tiny_dir / "rnn")
    choices = sections.inputs_words(served, next(iter(served.values())).worded(ko), ko)["baseline"]["choices"]
    assert [value for _, value in choices] == ["pad", "unk", "zero"] and "빈칸" in choices[0][0]


class _Request:
    def __init__(self, **params: str) -> None:
        self.query_params = params


def test_a_shared_link_opens_its_language_task_text_and_lesson_and_ignores_the_rest(tiny_dir):
    h = Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))
    link = page_module._link(_Request(lang="ko", task="sentiment", text="The movie is not good", lesson="4"), h)
    assert link == {"lang": "ko", "task": "sentiment", "text": "The movie is not good", "lesson": 4}
    hostile = _Request(lang="xx", task="poetry", text=" ", lesson="9", extra="<b>")
    assert page_module._link(hostile, h) == {}  # unknown values are ignored, never shown
    long = page_module._link(_Request(text="word " * 2000), h)
    assert len(long["text"]) == page_module.MAX_LINK_TEXT
    assert page_module._link(None, h) == {}


def test_the_coloured_words_and_the_share_link_are_json_the_browser_draws_as_text(tiny_dir):
    from lstmdemo.explain import explain

    exp = explain("<b>Stocks</b> fell sharply", model=tiny_dir / "lstm", compare=None, n_steps=4)
    value = sentence.value(exp, say)
    assert "<" not in value  # not even inside the JSON: nothing an HTML parser could take for a tag
    data = json.loads(value)
    words = [text for text, score in data["segments"] if score is not None]
    assert words == exp.words and "{score}" in data["hint"]
    scores = [score for _, score in data["segments"] if score is not None]
    assert max(abs(s) for s in scores) == 1.0
    link = json.loads(share.value(exp, "ko"))
    assert (link["lang"], link["task"], link["text"]) == ("ko", "topic", exp.text) and "링크" in link["button"]


def test_the_stale_mark_is_removed_after_every_explanation_answered_or_refused(tiny_dir):
    """Gradio's frontend runs ``.then`` after an answer but only ``.failure`` after a refusal ("busy", too
    many places): each explaining run of the page is followed by both, each clearing the mark."""
    from lstmdemo.ui import events

    deps = build_demo(tiny_dir / "lstm", tiny_dir / "rnn").get_config_file()["dependencies"]
    marking = {d["id"] for d in deps if d.get("js") == events.RUNNING_JS}
    runs = {d["id"] for d in deps if d.get("trigger_after") in marking}  # each explaining run after a mark
    clearing = [d for d in deps if d.get("js") == events.DONE_JS]
    assert len(runs) >= 4  # Enter and the button, an example, the task switch, the pair's sentence sent up
    for run in runs:
        after = {d["trigger_only_on_failure"] for d in clearing if d["trigger_after"] == run}
        assert after == {False, True}, run
