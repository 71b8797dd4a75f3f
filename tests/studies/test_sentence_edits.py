"""One sentence's edits read through the same model: exact edits, direct model calls, its modifiers."""

import pytest
import torch

from lstmdemo import budget, tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.loading import load_model
from lstmdemo.modeling.predict import sentence_probabilities
from lstmdemo.modeling.text import tokenize
from lstmdemo.studies import counterfactual, sentence_edits

SENTIMENT = tasks.get("sentiment")
SENT = "The movie is not very good"
say = sayer("en")


@pytest.fixture(scope="module")
def read() -> tuple:
    exp = explain(SENT, model=SENTIMENT.weights, compare=None)
    return exp, sentence_edits.read(exp)


def test_the_edits_are_exact_and_each_prediction_is_a_direct_model_call(read):
    exp, m = read
    assert [r.variant.text for r in m.edits] == ["The movie is very good", "The movie is not good"]
    assert [counterfactual.describe(r.variant.edit, say) for r in m.edits] == ["removed 'not'", "removed 'very'"]
    assert m.target == exp.predicted and m.labels == exp.labels
    assert m.original.variant.probabilities == pytest.approx(exp.probabilities, abs=1e-6)
    ck = load_model(SENTIMENT.weights)
    for r in (m.original, *m.edits):
        ids = torch.tensor(ck.vocab.encode(t.text for t in tokenize(r.variant.text)))
        direct = sentence_probabilities(ck.model, ids)
        assert r.variant.probabilities == pytest.approx(tuple(direct.tolist()), abs=1e-6)
        assert r.variant.predicted == m.labels[int(direct.argmax())]
        assert r.variant.target_prob == pytest.approx(float(direct[m.labels.index(m.target)]), abs=1e-6)
        sizes = [abs(a) for a in r.variant.ig.attributions]
        assert [abs(w.attribution) for w in r.top] == sorted(sizes, reverse=True)[: sentence_edits.TOP_WORDS]
    assert m.modifiers == exp.modifiers and [(r.index, r.word) for r in m.modifiers] == [(3, "not"), (4, "very")]


def test_a_paste_of_many_modifiers_reads_few_edits_of_the_tokens_explained():
    paste = "the movie is not very good . " * 200  # 5.8 KB, 1,400 tokens, 400 modifiers
    exp = explain(paste, model=SENTIMENT.weights, compare=None)
    m = sentence_edits.read(exp)
    assert len(exp.tokens) == 200 and exp.text == paste[: exp.tokens[-1].end]
    assert len(m.edits) == sentence_edits.edit_limit(200) == 0 and m.n_edits == 57 and m.stopped is None
    assert m.original.variant.ig is exp.ig  # the explanation's IG is reused for the original
    assert [sentence_edits.edit_limit(n) for n in (5, 20, 40, 80, 160, 200)] == [8, 8, 4, 2, 1, 0]


def test_the_edits_stop_when_the_requests_time_is_spent():
    exp = explain(SENT, model=SENTIMENT.weights, compare=None)
    with budget.within(0.0):
        m = sentence_edits.read(exp)
    assert m.edits == () and m.n_edits == 2 and m.stopped == budget.TIME
