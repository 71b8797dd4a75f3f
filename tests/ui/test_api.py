"""The JSON API: its answers and its checks in process (on the small random checkpoints), then
``python app.py`` (started as a user would, on a free loopback port) through gradio_client."""

import json
import os
import re

import gradio as gr
import pytest

from lstmdemo import i18n, tasks
from lstmdemo.ui import api as api_module
from lstmdemo.ui.api import PARAMETERS, Api
from lstmdemo.ui.handlers import Handlers
from lstmdemo.ui.served_tasks import served_models, served_tasks
from tests.support import server as server_module
from tests.support.texts import SENTENCES

COMPARE = os.environ.get("LSTMDEMO_COMPARE", "rnn") or None
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
LONG_SENTENCE = SENTENCES["topic"]  # 40 tokens, as the latency target has it
TOPIC = tasks.get("topic")
TEXT = "The company did not report very strong earnings"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: Each bad argument (by parameter) and what its message must say, in English.
BAD = [
    ("text", None, "text must be a string, not None"),
    ("text", 5, "text must be a string, not 5"),
    ("target", 3, "target must be a string, not 3"),
    ("target", "Poetry", "unknown target 'Poetry'; choose one of auto, World, Sports, Business, Sci/Tech"),
    ("baseline", "blank", "unknown baseline 'blank'; choose one of pad, unk, zero"),
    ("baseline", None, "baseline must be a string, not None"),
    ("n_steps", "abc", "n_steps must be an integer, not 'abc'"),
    ("n_steps", 2.5, "n_steps must be an integer, not 2.5"),
    ("n_steps", True, "n_steps must be an integer, not True"),
    ("n_steps", 1, "n_steps must be 0 (adaptive: steps until the word scores add up) or a whole number from 2"),
    ("n_steps", 129, "to 128; got 129"),
    ("task", ["topic"], "task must be a string, not ['topic']"),
    ("task", "poetry", "unknown task 'poetry'; choose one of topic, sentiment"),
    ("tolerance", None, "tolerance must be a number, not None"),
    ("tolerance", "0.1", "tolerance must be a number, not '0.1'"),
    ("tolerance", float("nan"), "tolerance must be a number, not nan"),
    ("tolerance", 1e-30, "tolerance must be from 0.01 to 1; got 1e-30"),
    ("tolerance", 2, "tolerance must be from 0.01 to 1; got 2"),
    ("model", 5, "model must be a string, not 5"),
    ("model", "../weights/lstm", "unknown model '../weights/lstm'; choose one of lstm, rnn, sentiment-lstm"),
    ("model", "nonexistent", "unknown model 'nonexistent'"),
    ("lang", "xx", "unknown lang 'xx'; choose one of en, ko"),
    ("lang", 3, "lang must be a string, not 3"),
]


@pytest.fixture(scope="module")
def api(tiny_dir) -> Api:
    handlers = Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))
    return Api(handlers, served_models(handlers.served))


def _args(**changed: object) -> tuple:
    good = {"text": TEXT, "target": "auto", "baseline": "pad", "n_steps": 20, "task": "", "tolerance": 0.01}
    return tuple({**good, "model": "", "lang": "en", **changed}[name] for name in PARAMETERS)


@pytest.mark.parametrize(("name", "value", "said"), BAD, ids=[f"{n}={v!r}" for n, v, _ in BAD])
def test_each_bad_argument_gets_its_own_message_in_the_pages_language(api, name, value, said):
    assert api.problems(*_args(**{name: value})).keys() == {name}
    english = api.problems(*_args(**{name: value}))[name]
    assert said in english
    korean = api.problems(*_args(**{name: value, **({} if name == "lang" else {"lang": "ko"})}))[name]
    assert HANGUL.search(korean) or name == "lang"  # a bad language can only be said in the default one
    for leak in ("Error", "Traceback", "/work", "/tmp", "lstmdemo"):
        assert leak not in english and leak not in korean
    with pytest.raises(gr.Error, match=re.escape(english)):
        api.explain(*_args(**{name: value}))
    verdicts = api.check(*_args(**{name: value}))
    assert [v["is_valid"] for v in verdicts] == [p != name for p in PARAMETERS]


def test_a_model_of_another_task_and_a_label_of_another_task_are_refused_before_queuing(api):
    mismatch = api.problems(*_args(task="topic", model="sentiment-lstm"))
    assert mismatch == {"model": i18n.say("api.model_task", model="sentiment-lstm", served="sentiment", task="topic")}
    assert api.problems(*_args(model="sentiment-lstm", target="Negative")) == {}
    assert (
        "choose one of auto, Negative, Positive"
        in api.problems(*_args(model="sentiment-lstm", target="World"))["target"]
    )
    assert all(v["is_valid"] for v in api.check(*_args()))
    assert all(v["is_valid"] for v in api.check(TEXT))  # the defaults fill in what is left out


def _without_sentences(answer: dict) -> dict:
    return {**answer, "modifiers": [{k: v for k, v in m.items() if k != "verdict"} for m in answer["modifiers"]]}


def test_the_api_answer_is_the_same_in_every_language_but_its_sentences(api):
    default = api.explain(TEXT, n_steps=20)
    assert api.explain(TEXT, n_steps=20, lang="en") == default
    english, korean = json.loads(default), json.loads(api.explain(TEXT, n_steps=20, lang="ko"))
    assert [m["word"] for m in english["modifiers"]] == ["not", "very"]
    assert _without_sentences(korean) == _without_sentences(english)  # every number, label and token
    for en, ko in zip(english["modifiers"], korean["modifiers"], strict=True):
        assert en["verdict"].startswith(f"Removing “{en['word']}” ") and HANGUL.search(ko["verdict"])
    with pytest.raises(gr.Error, match="텍스트가 비어"):
        api.explain(" ", lang="ko")


def test_a_long_or_broken_text_is_read_in_part_and_a_server_fault_never_blames_it(api, monkeypatch):
    text = "good \ud800 news " * 4000  # 48,000 characters, lone surrogates among them
    out = json.loads(api.explain(text))
    assert out["truncated"] and out["n_chars_total"] == len(text) and len(out["text"]) <= out["max_chars"] == 10_000
    assert "\ufffd" in out["text"] and len(out["tokens"]) == 200
    monkeypatch.setattr("lstmdemo.ui.handlers.explain", lambda *a, **k: 1 / 0)
    for lang in i18n.languages():
        with pytest.raises(gr.Error) as e:
            api.explain(TEXT, lang=lang)
        assert str(e.value.message) == i18n.say("error.fault", lang=lang)
    assert "text" not in i18n.say("error.fault").split(",")[0]  # "went wrong on the server, not with your text"


@pytest.fixture(scope="module")
def client(server):
    from gradio_client import Client

    # gradio_client sends telemetry unless the environment says no, whatever its arguments say
    with pytest.MonkeyPatch.context() as mp:
        for name, value in server_module.QUIET.items():
            mp.setenv(name, value)
        yield Client(server, verbose=False)


def test_the_api_documents_its_limits():
    doc = " ".join((Api.explain.__doc__ or "").split())
    assert f"2 to {api_module.MAX_STEPS}" in doc and f"{api_module.MIN_TOLERANCE} to 1" in doc
    assert "first 10,000 characters" in doc and "first 200 words" in doc


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
    flow = out["gradient_flow"]
    assert (flow["model"]["arch"], len(flow["model"]["norms"])) == ("lstm", T)
    assert COMPARE is None or (flow["compare"]["arch"], len(flow["compare"]["norms"])) == ("rnn", T)


def test_api_takes_target_baseline_and_steps(client):
    out = json.loads(client.predict(SENTENCE, "Sports", "unk", 20, api_name="/explain"))
    assert out["target"] == "Sports" and out["ig"]["baseline"] == "unk" and out["ig"]["n_steps"] == 20
    adaptive = json.loads(client.predict(SENTENCE, "auto", "pad", 0, "topic", 0.01, api_name="/explain"))
    assert adaptive["ig"]["converged"] and adaptive["ig"]["tolerance"] == 0.01
    assert [m["word"] for m in out["modifiers"]] == ["not"]


def test_api_takes_the_task(client):
    from gradio_client.exceptions import ValidationError

    out = json.loads(client.predict(SENTENCE, "auto", "pad", 20, "topic", api_name="/explain"))
    assert out["labels"] == list(TOPIC.labels)
    with pytest.raises(ValidationError, match="task: unknown task 'poetry'; choose one of topic, sentiment"):
        client.predict(SENTENCE, "auto", "pad", 20, "poetry", api_name="/explain")


def test_api_takes_any_shipped_model_of_a_served_task(client):
    from gradio_client.exceptions import ValidationError

    args = ("The movie is not good", "auto", "pad", 0, "", 0.01, "sentiment-lstm-attention")
    out = json.loads(client.predict(*args, api_name="/explain"))
    assert out["task"] == "sentiment" and out["model"] == "sentiment-lstm-attention"
    assert len(out["attention"]) == len(out["tokens"]) and sum(out["attention"]) == pytest.approx(1.0, abs=1e-3)
    for bad in ("../weights/lstm", "/etc", "nonexistent"):
        with pytest.raises(ValidationError, match="model: unknown model"):
            client.predict("good", "auto", "pad", 0, "", 0.01, bad, api_name="/explain")
    with pytest.raises(ValidationError, match="model sentiment-lstm serves the sentiment task, not topic"):
        client.predict("good", "auto", "pad", 0, "topic", 0.01, "sentiment-lstm", api_name="/explain")


def test_api_answers_empty_input_with_the_friendly_message(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Nothing to explain"):
        client.predict("   ", api_name="/explain")
