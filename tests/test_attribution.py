import pytest
import torch

from lstmdemo import checkpoint
from lstmdemo.attribution import gradient_norms, integrated_gradients, occlusion, probabilities
from lstmdemo.text import words

from .conftest import SENTENCES

EXAMPLES = [
    *SENTENCES,
    "Oil prices hit a record high as OPEC cuts output",
    "Microsoft releases a security patch for Windows XP",
    "The Yankees beat the Red Sox 5 - 3 in extra innings",
    "The cat , which was sitting on the mat in the living room , and had been sleeping for hours , finally woke up",
]


@pytest.fixture(scope="module")
def lstm():
    return checkpoint.load("lstm")


def ids_of(ck, text):
    return torch.tensor(ck.vocab.encode(words(text)))


@pytest.mark.parametrize("baseline", ["pad", "unk", "zero"])
def test_completeness_within_the_reported_delta(lstm, baseline):
    worst = 0.0
    for text in EXAMPLES:
        ids = ids_of(lstm, text)
        for target in range(4):
            r = integrated_gradients(lstm.model, ids, target, baseline=baseline, n_steps=50)
            gap = r.f_x - r.f_baseline
            assert sum(r.attributions) - r.delta == pytest.approx(gap, abs=1e-5)
            assert abs(r.delta) <= 0.01 * abs(gap) + 1e-4, (text, target, r.delta, gap)
            worst = max(worst, abs(r.delta) / (abs(gap) + 1e-12))
            assert len(r.attributions) == len(ids)
    print(f"worst relative IG delta ({baseline}): {worst:.2e}")


def test_pad_and_zero_baselines_agree_because_the_pad_vector_is_zero(lstm):
    ids = ids_of(lstm, EXAMPLES[0])
    a = integrated_gradients(lstm.model, ids, 2, baseline="pad")
    b = integrated_gradients(lstm.model, ids, 2, baseline="zero")
    assert a.attributions == pytest.approx(b.attributions, abs=1e-5)


def test_occlusion_equals_running_the_model_on_the_edited_sentence(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    ids = ids_of(ck, SENTENCES[4])
    probs = occlusion(ck.model, ids)
    for t in range(len(ids)):
        edited = torch.cat([ids[:t], ids[t + 1 :]])
        torch.testing.assert_close(probs[t], probabilities(ck.model, edited), atol=1e-6, rtol=0)
    assert occlusion(ck.model, ids[:1]).shape == (1, 4)


def test_gradient_norms_one_per_position_and_the_rnn_vanishes(lstm):
    rnn = checkpoint.load("rnn")
    text = (
        "Oil prices rose sharply on Monday after OPEC said it would not raise output , and analysts warned "
        "that very high fuel costs could barely be absorbed by airlines already struggling with weak demand"
    )
    target = int(probabilities(lstm.model, ids_of(lstm, text)).argmax())
    g_lstm = gradient_norms(lstm.model, ids_of(lstm, text), target)
    g_rnn = gradient_norms(rnn.model, ids_of(rnn, text), target)
    assert len(g_lstm) == len(g_rnn) == len(words(text)) == 34
    assert all(g >= 0 for g in g_lstm + g_rnn)
    # The vanishing-gradient picture: 33 steps back, the RNN's gradient is all but
    # gone, while the LSTM's cell state still carries a sizeable share of it.
    assert g_rnn[0] / g_rnn[-1] < 1e-3
    assert g_lstm[0] / g_lstm[-1] > 0.1


def test_bad_arguments_are_refused(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    with pytest.raises(ValueError, match="unknown baseline 'mean'"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, baseline="mean")
    with pytest.raises(ValueError, match="n_steps must be between 1 and 1000"):
        integrated_gradients(ck.model, torch.tensor([2, 3]), 0, n_steps=0)
    with pytest.raises(ValueError, match="non-empty sequence"):
        probabilities(ck.model, torch.tensor([], dtype=torch.long))
