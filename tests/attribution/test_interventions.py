"""Interventions on the memory: the replay is nn.LSTM when nothing changes, each change does what it
says, and every word's answers at once equal one replay per word."""

import pytest
import torch

from lstmdemo.attribution import gates, interventions
from lstmdemo.attribution.interventions import BATCHED, WINDOW, classify_states, every_position, replay
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.predict import prefix_probabilities, running_probabilities, sentence_probabilities
from tests.support.checkpoints import SENTENCES, ids_of


@pytest.fixture(scope="module", params=["tiny", "tiny-attention", "shipped"])
def ck(request, tiny_dir):
    folder = {"tiny": tiny_dir / "lstm", "tiny-attention": tiny_dir / "lstm-attention", "shipped": "sentiment-lstm"}
    return checkpoint.load(folder[request.param])


def test_the_replay_without_a_change_is_nn_lstm(ck):
    ids = ids_of(ck, " ".join(SENTENCES))
    expected, _ = ck.model.rnn(ck.model.embedding(ids[None]))
    torch.testing.assert_close(replay(ck.model, ids), expected[0], atol=1e-5, rtol=0)


def test_a_cut_at_the_last_word_changes_nothing_read_before_it(ck):
    ids = ids_of(ck, SENTENCES[4])
    T = len(ids)
    unchanged = prefix_probabilities(ck.model, replay(ck.model, ids))
    for what in ("cell", "write", "forget"):
        changed = prefix_probabilities(ck.model, replay(ck.model, ids, T - 1, what))
        torch.testing.assert_close(changed[:-1], unchanged[:-1], atol=1e-6, rtol=0)
    cut = prefix_probabilities(ck.model, replay(ck.model, ids, T - 1, "cell"))
    torch.testing.assert_close(cut, unchanged, atol=1e-6, rtol=0)  # its output was computed before the cut


def _first_layer_by_hand(ck, ids, at, what):
    """The first layer's h [T, H] by an independent step-by-step LSTM on the model's weights, with the change."""
    rnn = ck.model.rnn
    H = rnn.hidden_size
    h, c, out = torch.zeros(H), torch.zeros(H), []
    for t, x in enumerate(ck.model.embedding(ids)):
        i, f, g, o = (rnn.weight_ih_l0 @ x + rnn.bias_ih_l0 + rnn.weight_hh_l0 @ h + rnn.bias_hh_l0).split(H)
        i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
        if what == "write" and t == at:
            i = torch.zeros_like(i)  # the word writes nothing
        if what == "forget" and t >= at:
            f = torch.ones_like(f)  # nothing is forgotten from here on
        c = f * c + i * g
        h = o * c.tanh()
        out.append(h)
        if what == "cell" and t == at:
            c = torch.zeros_like(c)  # the highway is cut after this word
    return torch.stack(out)


def _first_layer_only(ck):
    """The model cut to its first LSTM layer (the same tensors), so ``replay`` returns that layer's states."""
    model = type(ck.model)(ck.model.config.__class__(**{**ck.model.config.to_dict(), "layers": 1, "rnn_dropout": 0}))
    with torch.no_grad():
        for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
            getattr(model.rnn, name).copy_(getattr(ck.model.rnn, name))
        model.embedding.weight.copy_(ck.model.embedding.weight)
    return model.eval()


@pytest.mark.parametrize("what", ["write", "cell", "forget"])
def test_each_change_is_what_its_name_says(ck, what):
    ids = ids_of(ck, SENTENCES[1])
    with torch.no_grad():
        expected = _first_layer_by_hand(ck, ids, 3, what)
    torch.testing.assert_close(replay(_first_layer_only(ck), ids, 3, what), expected, atol=1e-5, rtol=0)
    assert not torch.allclose(replay(_first_layer_only(ck), ids), expected, atol=1e-3)  # it did change something


@pytest.mark.parametrize("n", [1, 2, WINDOW - 1, WINDOW, WINDOW + 1, 2 * WINDOW + 3])
def test_every_word_at_once_equals_one_replay_per_word(ck, n):
    ids = ids_of(ck, " ".join(SENTENCES * 3))[:n]
    trace = gates.record(ck.model.rnn, ck.model.embedding(ids))
    every = every_position(ck.model, ids, torch.from_numpy(trace.h), torch.from_numpy(trace.c))
    for what in BATCHED:
        for at in range(n):
            states = replay(ck.model, ids, at, what)[None]  # [1, T, H]
            alone = classify_states(ck.model, states if ck.model.config.pooling != "last" else states[:, -1:])
            torch.testing.assert_close(torch.from_numpy(every.get(what)[at]), alone[0], atol=1e-5, rtol=0)


def test_the_running_prediction_ends_at_the_prediction_and_is_the_model_on_each_prefix(ck):
    ids = ids_of(ck, SENTENCES[2])
    running = running_probabilities(ck.model, ids)
    torch.testing.assert_close(running[-1], sentence_probabilities(ck.model, ids), atol=1e-6, rtol=0)
    for t in range(len(ids)):
        torch.testing.assert_close(running[t], sentence_probabilities(ck.model, ids[: t + 1]), atol=1e-6, rtol=0)


def test_an_rnn_or_an_unknown_change_is_refused(tiny_dir):
    rnn = checkpoint.load(tiny_dir / "rnn")
    with pytest.raises(ValueError, match="only an LSTM has a memory cell"):
        replay(rnn.model, ids_of(rnn, SENTENCES[0]), 0, "write")
    lstm = checkpoint.load(tiny_dir / "lstm")
    with pytest.raises(ValueError, match="unknown intervention 'erase'"):
        replay(lstm.model, ids_of(lstm, SENTENCES[0]), 0, "erase")
    with pytest.raises(ValueError, match="every word's intervention exists for write, cell"):
        every_position(lstm.model, ids_of(lstm, "stocks fell"), torch.zeros(2, 2, 128), torch.zeros(2, 2, 128)).get(
            "forget"
        )


def test_a_long_request_may_hand_the_model_over_between_windows(ck, monkeypatch):
    handed = []
    monkeypatch.setattr(interventions.MODEL_LOCK, "handover", lambda: handed.append(1))
    ids = ids_of(ck, " ".join(SENTENCES))[: 2 * WINDOW + 1]  # three windows
    trace = gates.record(ck.model.rnn, ck.model.embedding(ids))
    every_position(ck.model, ids, torch.from_numpy(trace.h), torch.from_numpy(trace.c))
    assert len(handed) == 2
