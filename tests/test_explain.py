import json

import numpy as np
import pytest
import torch

from lstmdemo import attribution, checkpoint
from lstmdemo.explain import MAX_TOKENS, explain, resolve_target

NOT_GOOD = "The company did not report strong earnings this quarter"


@pytest.fixture(scope="module")
def e():
    return explain(NOT_GOOD)


def test_one_call_gives_everything(e):
    T = len(e.tokens)
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
    assert m.verdict.startswith(f"'not' ranks {m.rank} of {len(e.tokens)} words and holds ")


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


def test_matches_the_model_directly(e):
    ck = checkpoint.load("lstm")
    ids = torch.tensor([t.id for t in e.tokens])
    probs = attribution.probabilities(ck.model, ids)
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
