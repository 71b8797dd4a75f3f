"""The page's events in each language, on the small random checkpoints: every text they return is in
the chosen language."""

import dataclasses
import re

import pytest

from lstmdemo import i18n, tasks
from lstmdemo.ui.handlers import Failure, Handlers, Rendered, Shown
from lstmdemo.ui.served_tasks import served_tasks

TEXT = "The company did not report very strong earnings"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: What a message key looks like if one were shown instead of its message.
KEYS = {key for key in i18n.catalogue()}


@pytest.fixture(scope="module")
def handlers(tiny_dir) -> Handlers:
    return Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))


def _parts(r: Rendered) -> list:
    """Every part a rendering shows, the gate views' among them."""
    fields = {f.name: getattr(r, f.name) for f in dataclasses.fields(r) if f.name not in ("shown", "views")}
    return [*fields.values(), *(getattr(r.views, f.name) for f in dataclasses.fields(r.views))]


def _texts(outputs: list) -> list[str]:
    """Every readable string in a handler's outputs: markdown, component labels, figure titles and axes."""
    out = []
    for o in outputs:
        if isinstance(o, str):
            out.append(o)
        elif isinstance(o, dict):  # gr.update(...)
            out += [v for k, v in o.items() if k in ("label", "value") and isinstance(v, str)]
        elif hasattr(o, "layout"):  # a Plotly figure
            layout = o.layout
            out += [t for t in (layout.title.text, layout.xaxis.title.text, layout.yaxis.title.text) if t]
    return out


def _run(h: Handlers, lang: str) -> Rendered:
    rendered = h.run(TEXT, "topic", "auto", "pad", 0.05, "f", 1, lang)
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
    again = handlers.show(shown, "topic", "f", 1, "ko")
    assert again.shown is shown and HANGUL.search(again.status)
    views = handlers.views(shown, "i", 1, "ko")
    assert HANGUL.search(views.gate_reading) and HANGUL.search(views.highway_reading)
    assert handlers.show(None, "topic", "f", 1, "ko") is None and handlers.views(None, "f", 1, "ko") is None


def test_a_text_that_cannot_be_explained_is_said_in_the_chosen_language(handlers):
    for lang in i18n.languages():
        say = i18n.sayer(lang)
        for task in ("topic", "sentiment"):
            failed = handlers.run("   ", task, "auto", "pad", 0.05, "f", 1, lang)
            assert isinstance(failed, Failure)
            status = failed.status
            noun = tasks.get(task).worded(say).input_noun  # the empty text asks for the task's own input
            assert status == say("status.error", message=say("error.empty", input_noun=noun)) and noun in status
    assert "뉴스 제목" not in handlers.run("", "sentiment", "auto", "pad", 0.05, "f", 1, "ko").status
    assert handlers.running("ko") == i18n.say("status.running", lang="ko")
