"""The page's events in each language, on the small random checkpoints: every text they return is in
the chosen language."""

import dataclasses
import json
import re

import pytest

from lstmdemo import i18n, tasks
from lstmdemo.ui.handlers import Choices, Failure, Handlers, Rendered
from lstmdemo.ui.lessons.base import Shown
from lstmdemo.ui.served_tasks import served_tasks

TEXT = "The company did not report very strong earnings"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: What a message key looks like if one were shown instead of its message.
KEYS = {key for key in i18n.catalogue()}


@pytest.fixture(scope="module")
def handlers(tiny_dir) -> Handlers:
    return Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))


def _parts(r: Rendered) -> list:
    """Every part a rendering shows, every lesson's among them (the browser's JSON values are left out:
    their words are checked where they are made)."""
    skip = ("shown", "lessons", "sentence", "share")
    top = [getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in skip]
    views = [v for v in r.lessons.values() if v is not None]
    skipped = ("step", "neighbours", "other")  # the browser's JSON, and a sentence the model reads
    return top + [getattr(v, f.name) for v in views for f in dataclasses.fields(v) if f.name not in skipped]


def _texts(outputs: list) -> list[str]:
    """Every readable string in a handler's outputs: markdown, component labels, figure titles and axes."""
    out = []
    for o in outputs:
        if isinstance(o, str):
            out.append(o)
        elif isinstance(o, dict):  # gr.update(...)
            out += [v for k, v in o.items() if k in ("label", "value") and isinstance(v, str)]
        elif hasattr(o, "plot"):  # a figure sent as JSON
            layout = json.loads(o.plot)["layout"]
            out += [
                a["title"]["text"] for a in (layout, layout.get("xaxis", {}), layout.get("yaxis", {})) if "title" in a
            ]
    return [t for t in out if t]  # a reading with nothing to say is empty, in every language


def _run(h: Handlers, lang: str) -> Rendered:
    rendered = h.run(TEXT, "topic", "auto", "pad", 0.05, Choices(units_open=True), lang)  # every figure drawn
    assert isinstance(rendered, Rendered)
    return rendered


def test_every_text_of_an_explanation_is_in_the_chosen_language(handlers):
    english, korean = _run(handlers, "en"), _run(handlers, "ko")
    assert isinstance(english.shown, Shown)
    for lang, rendered in (("en", english), ("ko", korean)):
        texts = _texts(_parts(rendered))
        assert len(texts) >= 12, texts
        assert not [t for t in texts if t in KEYS], lang  # a key shown instead of its message
        in_korean = [bool(HANGUL.search(t)) for t in texts]
        assert all(in_korean) if lang == "ko" else not any(in_korean), (lang, texts)


def test_switching_language_re_renders_the_cached_explanation_without_recomputing(handlers, monkeypatch):
    shown = _run(handlers, "en").shown
    monkeypatch.setattr("lstmdemo.ui.handlers.explain", lambda *a, **k: pytest.fail("recomputed"))
    monkeypatch.setattr("lstmdemo.studies.sentence_edits.read", lambda *a, **k: pytest.fail("recomputed"))
    again = handlers.show(shown, "topic", Choices("i", 2, 2), "ko")
    assert again.shown is shown and HANGUL.search(again.status)
    assert HANGUL.search(again.lessons["gates"].gate_reading) and "2층" in again.lessons["gates"].gate_reading
    assert HANGUL.search(again.lessons["highway"].reading) and "2층" in again.lessons["highway"].reading
    assert handlers.show(None, "topic", Choices(), "ko") is None


def test_every_units_gates_are_drawn_only_while_their_details_are_open(handlers):
    """The heatmap and means are most of the bytes a long text sends; closed, they are not sent at all."""
    shown = _run(handlers, "en").shown
    closed = handlers.show(shown, "topic", Choices("i", 2), "en").lessons["gates"]
    opened = handlers.show(shown, "topic", Choices("i", 2, units_open=True), "en").lessons["gates"]
    assert closed.heatmap is None and closed.means is None and closed.gate_reading == opened.gate_reading
    assert "input gate i" in json.loads(opened.heatmap.plot)["layout"]["title"]["text"]
    assert json.loads(opened.means.plot)["data"]


def test_a_text_that_cannot_be_explained_is_said_in_the_chosen_language(handlers):
    for lang in i18n.languages():
        say = i18n.sayer(lang)
        for task in ("topic", "sentiment"):
            failed = handlers.run("   ", task, "auto", "pad", 0.05, Choices(), lang)
            assert isinstance(failed, Failure)
            status = failed.status
            noun = tasks.get(task).worded(say).input_noun  # the empty text asks for the task's own input
            assert status == say("status.error", message=say("error.empty", input_noun=noun)) and noun in status
    assert "뉴스 제목" not in handlers.run("", "sentiment", "auto", "pad", 0.05, Choices(), "ko").status
