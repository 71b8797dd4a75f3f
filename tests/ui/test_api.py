"""The JSON API of ``python app.py`` (started as a user would, on a free loopback port) through gradio_client."""

import json
import os

import pytest

from lstmdemo import tasks
from tests.support import server as server_module
from tests.support.texts import SENTENCES

COMPARE = os.environ.get("LSTMDEMO_COMPARE", "rnn") or None
SENTENCE = "The new phone's battery life is not good, reviewers said on Monday"
LONG_SENTENCE = SENTENCES["topic"]  # 40 tokens, as the latency target has it
TOPIC = tasks.get("topic")


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
