import json
import math

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstmdemo import tasks
from lstmdemo.attribution import adaptive
from lstmdemo.attribution.gradient_flow import gradient_norms
from lstmdemo.explain import explain, resolve_target
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.loading import load_model
from lstmdemo.modeling.predict import sentence_probabilities
from lstmdemo.modeling.text import MAX_CHARS, MAX_TOKENS, tokenize
from tests.support.fuzzing import SNIPPETS, WORDS

NOT_GOOD = "The company did not report strong earnings this quarter"


@pytest.fixture(scope="module")
def e():
    return explain(NOT_GOOD)


def test_one_call_gives_everything(e):
    T = len(e.tokens)
    assert (e.task, e.model, e.labels) == ("topic", "lstm", ("World", "Sports", "Business", "Sci/Tech"))
    assert [t.text for t in e.tokens][:4] == ["The", "company", "did", "not"]
    assert sum(e.probabilities) == pytest.approx(1.0, abs=1e-6)
    assert e.predicted == e.target == e.labels[int(np.argmax(e.probabilities))]
    assert len(e.ig.attributions) == len(e.occlusion) == T
    for name in "ifgoch":
        assert getattr(e.gates, name).shape == (2, T, 128)
    assert e.retention.mean.shape == (2, T) and e.retention.mean[:, -1].tolist() == [1.0, 1.0]
    assert len(e.gradient_flow.lstm) == len(e.gradient_flow.rnn) == T
    assert not e.truncated and e.n_tokens_total == T


def test_modifier_found_and_flip_test_matches_the_edited_sentence(e):
    (m,) = [m for m in e.modifiers if m.word == "not"]
    assert m.kind == "negation" and m.index == 3 and 1 <= m.rank <= len(e.tokens)
    edited = explain("The company did report strong earnings this quarter", compare=None)
    assert m.target_prob_without == pytest.approx(edited.probabilities[e.labels.index(e.target)], abs=1e-6)
    assert m.predicted_without == edited.predicted
    assert m.flips == (edited.predicted != e.predicted)
    (plain,) = [p for p in e.to_dict()["modifiers"] if p["word"] == "not"]
    assert plain["verdict"].startswith(f"Removing “not” {'changes' if m.flips else 'leaves'} the topic")
    assert plain["gates"][-1]["layer"] == 1 and not m.flip_expected  # a modifier does not decide a topic


@pytest.mark.parametrize(
    ("text", "said", "unsaid"),
    [
        # predicted Negative with and without "not": the verdict must not say "not" is taken into account
        ("The movie is not bad", ["leaves the sentiment at Negative", "here the model misses it"], ["into account"]),
        ("The movie is not good", ["changes the sentiment from Negative to Positive", "takes “not” into account"], []),
        # P(Positive) is 0.999 without "very": only the margin shows what it does
        ("The movie is very good", ["surer of Positive: its margin is 1.91 higher", "+9.10 with it, +7.19"], []),
    ],
)
def test_the_verdict_says_what_the_sentiment_lstm_did(text, said, unsaid):
    e = explain(text, task="sentiment", compare=None)
    (m,) = e.modifiers
    verdict = e.to_dict()["modifiers"][0]["verdict"]
    assert all(s in verdict for s in said) and not any(s in verdict for s in unsaid), verdict
    without = explain(text.replace(f" {m.word} ", " "), task="sentiment", compare=None)
    assert m.target_margin_without == pytest.approx(
        np.log(without.probabilities[1] / without.probabilities[0]) * (1 if e.predicted == "Positive" else -1), abs=1e-4
    )
    assert m.predicted_without == without.predicted and m.gates and m.flip_expected == (m.kind == "negation")


def test_deterministic_and_json_serialisable(e):
    again = explain(NOT_GOOD)
    assert again.to_dict() == e.to_dict()
    d = json.loads(json.dumps(e.to_dict()))
    assert d["tokens"][1] == {
        "text": "company",
        "norm": "company",
        "start": 4,
        "end": 11,
        "id": d["tokens"][1]["id"],
        "unknown": False,
    }
    assert np.array(d["gates"]["f"]).shape == (2, len(e.tokens), 128)
    assert set(d) >= {
        "probabilities",
        "predicted",
        "target",
        "ig",
        "occlusion",
        "retention",
        "gradient_flow",
        "modifiers",
        "truncated",
    }


def test_ig_says_how_many_steps_which_rule_and_whether_the_bound_held(e):
    d = json.loads(e.to_json())["ig"]
    assert d["rule"] == "adaptive_trapezoid" and d["tolerance"] == 0.01 and d["converged"] is True
    assert d["n_steps"] == e.ig.n_steps >= adaptive.START_POINTS
    assert abs(e.ig.delta) <= adaptive.bound(e.ig.f_x - e.ig.f_baseline, 0.01)
    ck = checkpoint.load("lstm")
    ids = torch.tensor([t.id for t in e.tokens])
    target = e.labels.index(e.target)
    flow = gradient_norms(ck.model, ids, target)
    assert e.gradient_flow.lstm == pytest.approx(flow, abs=1e-5)
    fixed = explain(NOT_GOOD, n_steps=2, compare=None)
    assert (fixed.ig.n_steps, fixed.ig.rule, fixed.ig.converged) == (2, "trapezoid", False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tolerance": 0}, r"tolerance must be a number in \(0, 1\]"),
        ({"tolerance": "1%"}, r"tolerance must be a number in \(0, 1\]"),
        ({"n_steps": 1}, "n_steps must be None"),
        ({"n_steps": 2000}, "n_steps must be None"),
        ({"baseline": "mean"}, "unknown baseline 'mean'"),
    ],
)
def test_bad_ig_arguments_are_clear_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        explain(NOT_GOOD, compare=None, **kwargs)


def test_matches_the_model_directly(e):
    ck = checkpoint.load("lstm")
    ids = torch.tensor([t.id for t in e.tokens])
    probs = sentence_probabilities(ck.model, ids)
    assert e.probabilities == pytest.approx(probs.tolist(), abs=1e-7)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_a_clear_value_error(text):
    with pytest.raises(ValueError, match="Nothing to explain: the text is empty"):
        explain(text)


def test_unknown_words_still_get_an_explanation():
    e = explain("zxqvw blorptastic fnergle", compare=None)
    assert all(t.unknown for t in e.tokens) and len(e.ig.attributions) == 3
    assert sum(e.probabilities) == pytest.approx(1.0, abs=1e-6)


def test_long_input_is_truncated_and_says_so():
    e = explain("markets " * (MAX_TOKENS + 50), compare=None, n_steps=5)
    assert e.truncated and len(e.tokens) == MAX_TOKENS and e.n_tokens_total == MAX_TOKENS + 50


def test_target_by_name_or_index(e):
    sports = explain(NOT_GOOD, target="sports", compare=None)
    assert sports.target == "Sports" and sports.predicted == e.predicted
    assert resolve_target(None, 2, e.labels) == 2 and resolve_target(3, 0, e.labels) == 3
    with pytest.raises(ValueError, match="unknown target 'Politics'"):
        resolve_target("Politics", 0, e.labels)
    with pytest.raises(ValueError, match="unknown target True"):
        resolve_target(True, 0, e.labels)


hazards = st.sampled_from(SNIPPETS + WORDS)
texts = st.lists(st.one_of(st.text(min_size=1, max_size=12), hazards), max_size=20).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_explains_or_is_documented_empty(text):
    try:
        e = explain(text, n_steps=4)
    except ValueError as err:
        assert str(err).startswith("Nothing to explain")
        assert not text.strip() or not tokenize(text)
        return
    assert math.isclose(sum(e.probabilities), 1.0, abs_tol=1e-5)
    assert all(math.isfinite(v) for v in (*e.probabilities, *e.ig.attributions, *e.occlusion, e.ig.delta))
    assert all(0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text for t in e.tokens)
    assert e.truncated == (e.n_tokens_total > MAX_TOKENS)
    json.dumps(e.to_dict())


def test_a_100000_character_input_is_truncated_not_refused():
    text = ("Oil prices rose 😀 <b>sharply</b> \u202e مرحبا \x00 " * 2500)[:100_000]
    e = explain(text, n_steps=4)
    assert e.truncated and len(e.tokens) == MAX_TOKENS and e.n_tokens_total > MAX_TOKENS
    assert e.tokens[-1].end <= len(text)


@pytest.mark.slow
def test_fuzz_10000_inputs(capsys):
    from tests.support import fuzzing as fuzz

    r = fuzz.run(10_000, seed=0)
    with capsys.disabled():
        print(
            f"\nfuzz: {r.n} inputs, {r.explained} explained, {r.empty} empty, {len(r.failures)} failures, "
            f"{r.seconds:.0f}s"
        )
    assert r.n == 10_000 and r.explained > 9_000
    assert r.failures == []


@pytest.mark.parametrize("name", ["lstm", "lstm-finetuned", "lstm-attention"])
def test_remedy_models_are_explained_with_gates_and_their_attention(tiny_dir, name):
    e = explain(NOT_GOOD, model=tiny_dir / name, compare=tiny_dir / "rnn")
    T = len(e.tokens)
    assert e.gates.f.shape == (2, T, 128) and len(e.gradient_flow.lstm) == T
    assert abs(sum(e.ig.attributions) - (e.ig.f_x - e.ig.f_baseline)) < 0.05
    if name != "lstm-attention":
        assert e.attention is None
        return
    ck = checkpoint.load(tiny_dir / name)
    ids = torch.tensor([t.id for t in e.tokens])
    expected = ck.model.classify(ck.model.embedding(ids[None]))[1][0]
    assert e.attention == pytest.approx(expected.tolist(), abs=1e-7) and sum(e.attention) == pytest.approx(1.0)
    assert json.loads(e.to_json())["attention"] == pytest.approx(e.attention, abs=1e-5)


def test_a_sentiment_model_explains_with_its_own_labels(tiny_dir):
    e = explain(
        "The movie is not good", model=tiny_dir / "sentiment-lstm", compare=tiny_dir / "sentiment-rnn", n_steps=8
    )
    assert e.task == "sentiment" and e.labels == ("Negative", "Positive") and len(e.probabilities) == 2
    assert len(e.gradient_flow.lstm) == len(e.gradient_flow.rnn) == len(e.tokens) == 5
    assert e.to_dict()["task"] == "sentiment"


def test_task_and_model_must_agree(tiny_dir):
    with pytest.raises(ValueError, match=r"serves the 'sentiment' task, not 'topic': give task= or model= alone"):
        explain("good", task="topic", model=tiny_dir / "sentiment-lstm", compare=None)
    with pytest.raises(ValueError, match=r"serves the 'topic' task, not 'sentiment'"):
        explain("good", task="sentiment", model=tiny_dir / "lstm", compare=None)
    with pytest.raises(ValueError, match=r"compare model .* serves another task than 'sentiment'"):
        explain("good", model=tiny_dir / "sentiment-lstm", compare=tiny_dir / "rnn")
    with pytest.raises(ValueError, match="unknown task 'poetry'"):
        explain("good", task="poetry")


@pytest.mark.parametrize(
    ("task", "lstm", "rnn"), [("topic", "lstm", "rnn"), ("sentiment", "sentiment-lstm", "sentiment-rnn")]
)
def test_a_task_picks_its_committed_weights_and_its_rnn(task, lstm, rnn):
    e = explain("The movie is not good", task=task, n_steps=8)
    assert (e.task, e.model) == (task, lstm)
    assert e.labels == tasks.get(task).labels
    ids = torch.tensor(checkpoint.load(rnn).vocab.encode(t.norm for t in e.tokens))
    target = e.labels.index(e.target)
    assert e.gradient_flow.rnn == pytest.approx(gradient_norms(load_model(rnn).model, ids, target), rel=1e-5)
    by_model = explain("The movie is not good", model=lstm, n_steps=8)
    assert by_model.task == task and by_model.probabilities == e.probabilities


def test_the_sentiment_lstm_reads_the_opening_minimal_pair():
    """The page opens on 'not good': the sentiment LSTM calls it negative and its pair positive."""
    assert explain("The movie is good", task="sentiment", compare=None, n_steps=8).predicted == "Positive"
    assert explain("The movie is not good", task="sentiment", compare=None, n_steps=8).predicted == "Negative"


def test_the_cli_prints_the_steps_used_and_whether_the_bound_held(capsys):
    from lstmdemo.__main__ import main

    assert main(["explain", NOT_GOOD, "--compare", "none"]) == 0
    out = capsys.readouterr().out
    assert " steps (adaptive_trapezoid); the bound |delta| <= 0.01 x |F(x) - F(baseline)| + 1e-4 holds" in out
    assert main(["explain", NOT_GOOD, "--compare", "none", "--steps", "2"]) == 0
    assert "2 steps (trapezoid);" in (out := capsys.readouterr().out) and "does NOT hold" in out
    assert main(["explain", NOT_GOOD, "--tolerance", "0"]) == 2
    assert "tolerance must be a number in (0, 1]" in capsys.readouterr().err


def test_a_comparison_of_the_same_architecture_keeps_the_models_own_gradient_flow():
    alone = explain("The movie is not good", model="sentiment-lstm", compare=None, n_steps=8)
    both = explain("The movie is not good", model="sentiment-lstm", compare="sentiment-lstm-finetuned", n_steps=8)
    assert both.gradient_flow.model == alone.gradient_flow.model
    assert (both.gradient_flow.model.model, both.gradient_flow.model.arch) == ("sentiment-lstm", "lstm")
    other = both.gradient_flow.compare
    assert (other.model, other.arch) == ("sentiment-lstm-finetuned", "lstm")
    ck = load_model("sentiment-lstm-finetuned")
    ids = torch.tensor(ck.vocab.encode(t.norm for t in both.tokens))
    assert other.norms == pytest.approx(gradient_norms(ck.model, ids, both.labels.index(both.target)), rel=1e-5)
    assert other.norms != pytest.approx(alone.gradient_flow.model.norms, rel=1e-3)  # two models, two flows
    assert both.gradient_flow.lstm == alone.gradient_flow.model.norms and both.gradient_flow.rnn is None


def test_the_running_prediction_ends_at_the_prediction_for_the_model_and_its_comparison():
    e = explain("The company did not report strong earnings this quarter", n_steps=4)
    assert len(e.running) == len(e.tokens) and e.running[-1] == pytest.approx(e.probabilities, abs=1e-6)
    rnn = load_model("rnn")
    ids = torch.tensor(rnn.vocab.encode(t.norm for t in e.tokens))
    assert e.running_compare[-1] == pytest.approx(sentence_probabilities(rnn.model, ids).tolist(), abs=1e-6)
    write = e.interventions.write
    assert write.shape == (len(e.tokens), len(e.labels)) and np.allclose(write.sum(1), 1, atol=1e-5)
    assert explain("stocks fell", model="rnn", compare=None, n_steps=4).interventions is None  # no cell to change


def test_only_the_first_characters_are_read_and_the_text_kept_is_the_part_explained():
    text = "stocks fell " * 3000  # 36,000 characters, 6,000 tokens
    e = explain(text, compare=None)
    assert (e.n_chars_total, e.max_chars, e.truncated) == (36_000, MAX_CHARS, True)
    assert len(e.tokens) == MAX_TOKENS and e.n_tokens_total == len(tokenize(text[:MAX_CHARS]))
    assert e.text == text[: e.tokens[-1].end]  # the answer carries what was read, not 36,000 characters
    broken = explain("stocks fell \ud800 sharply", compare=None)  # a lone surrogate, as JSON can carry one
    assert broken.text == "stocks fell \ufffd sharply" and not broken.truncated
    assert json.loads(broken.to_json())["text"] == broken.text
