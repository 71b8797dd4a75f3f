import numpy as np
import pytest
import torch

from lstmdemo.attribution.gates import GATE_NAMES, GateTrace, record, retention
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.model import ModelConfig, build_model


def check_replay(lstm: torch.nn.LSTM, x: torch.Tensor) -> GateTrace:
    trace = record(lstm, x)
    out, (h_n, c_n) = lstm(x.unsqueeze(0))
    np.testing.assert_allclose(trace.h[-1], out[0].detach().numpy(), atol=1e-5, rtol=0)
    np.testing.assert_allclose(trace.h[:, -1], h_n[:, 0].detach().numpy(), atol=1e-5, rtol=0)
    np.testing.assert_allclose(trace.c[:, -1], c_n[:, 0].detach().numpy(), atol=1e-5, rtol=0)
    return trace


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_replay_matches_nn_lstm_on_random_weights(seed):
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(12, 128, num_layers=2, dropout=0.3, batch_first=True).eval()
    with torch.no_grad():
        for p in lstm.parameters():
            p.mul_(3)  # push gates towards saturation, where errors would show
    for steps in (1, 2, 25, 64):  # the cell state's scan runs log2(T) steps: lengths on and off powers of 2
        trace = check_replay(lstm, torch.randn(steps, 12) * 2)
        assert trace.i.shape == (2, steps, 128)


def test_the_cell_state_at_every_step_is_nn_lstms():
    """c at every step, not only the last (the scan builds each step from many earlier ones): in float64,
    against nn.LSTM fed one step at a time."""
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(12, 32, num_layers=2, batch_first=True).double().eval()
    with torch.no_grad():
        for k in range(2):
            getattr(lstm, f"bias_hh_l{k}")[32:64] += 4  # forget gates near 1: early writes still count late
    x = torch.randn(64, 12, dtype=torch.float64)
    state, cells = None, []
    for t in range(64):
        _, state = lstm(x[None, t : t + 1], state)
        cells.append(state[1][:, 0])  # [L, H]
    expected = torch.stack(cells, 1).detach().numpy()  # [L, T, H]
    np.testing.assert_allclose(record(lstm, x).c, expected, atol=1e-10, rtol=0)


@pytest.mark.parametrize("name", ["lstm", "sentiment-lstm-finetuned", "sentiment-lstm-attention"])
def test_replay_matches_the_shipped_lstm(name):
    ck = checkpoint.load(name)
    ids = torch.tensor(
        ck.vocab.encode(["oil", "prices", "fell", "sharply", "after", "the", "opec", "meeting", "in", "vienna"])
    )
    check_replay(ck.model.rnn, ck.model.embedding(ids))


@pytest.mark.parametrize(
    "variant", [{"finetune_embeddings": True}, {"finetune_embeddings": True, "pooling": "attention"}]
)
def test_replay_matches_nn_lstm_in_the_remedy_variants(variant):
    torch.manual_seed(0)
    model = build_model(ModelConfig(vocab_size=40, **variant)).eval()
    with torch.no_grad():
        for p in model.rnn.parameters():
            p.mul_(3)
    ids = torch.randint(2, 40, (25,))
    trace = check_replay(model.rnn, model.embedding(ids).detach())
    if model.config.pooling == "attention":  # what the attention reads is the replayed last layer's h
        _, weights = model.classify(model.embedding(ids[None]))
        pooled = weights[0].detach().numpy() @ trace.h[-1]  # [H]
        expected = model.attention(model.rnn(model.embedding(ids[None]))[0], torch.tensor([25]))[0][0]
        np.testing.assert_allclose(pooled, expected.detach().numpy(), atol=1e-5, rtol=0)


def test_gates_lie_in_their_ranges():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(8, 128, num_layers=2).eval()
    trace = record(lstm, torch.randn(30, 8) * 5)
    for name in ("i", "f", "o"):
        assert trace.get(name).min() >= 0 and trace.get(name).max() <= 1
    assert trace.g.min() >= -1 and trace.g.max() <= 1 and np.abs(trace.h).max() <= 1
    assert set(GATE_NAMES) == {"i", "f", "g", "o", "c", "h"}
    with pytest.raises(ValueError, match="unknown gate 'z'"):
        trace.get("z")


def test_retention_is_the_product_of_later_forget_gates():
    f = np.array([[[0.9, 0.1], [0.5, 1.0], [0.8, 0.6]]], dtype=np.float32)  # [L=1, T=3, H=2]
    zeros = np.zeros_like(f)
    r = retention(GateTrace(i=zeros, f=f, g=zeros, o=zeros, c=zeros, h=zeros))
    expected = np.array([[[0.5 * 0.8, 1.0 * 0.6], [0.8, 0.6], [1.0, 1.0]]])
    np.testing.assert_allclose(r.survival, expected, rtol=1e-6)
    np.testing.assert_allclose(r.mean, expected.mean(-1), rtol=1e-6)
    np.testing.assert_allclose(r.share_kept, [[0.5, 1.0, 1.0]])


def test_replay_refuses_what_it_does_not_model():
    with pytest.raises(ValueError, match="unidirectional"):
        record(torch.nn.LSTM(4, 8, bidirectional=True), torch.randn(3, 4))
    with pytest.raises(ValueError, match=r"one sequence \[T, D\]"):
        record(torch.nn.LSTM(4, 8), torch.randn(1, 3, 4))


def test_every_recorded_step_obeys_the_lstm_equations():
    torch.manual_seed(3)
    lstm = torch.nn.LSTM(6, 32, num_layers=2, batch_first=True).eval()
    with torch.no_grad():
        for p in lstm.parameters():
            p.mul_(4)  # saturated gates
    trace = check_replay(lstm, torch.randn(20, 6) * 3)
    c_prev = np.concatenate([np.zeros_like(trace.c[:, :1]), trace.c[:, :-1]], axis=1)  # [L, T, H]
    np.testing.assert_allclose(trace.c, trace.f * c_prev + trace.i * trace.g, atol=1e-5, rtol=0)
    np.testing.assert_allclose(trace.h, trace.o * np.tanh(trace.c), atol=1e-5, rtol=0)


def test_the_replay_reads_the_modules_own_weights():
    torch.manual_seed(4)
    lstm = torch.nn.LSTM(5, 16, num_layers=2, batch_first=True).eval()
    x = torch.randn(7, 5)
    before = record(lstm, x)
    with torch.no_grad():
        lstm.weight_hh_l1.mul_(2)  # an in-place edit of the module is seen by the next replay
    after = check_replay(lstm, x)
    assert np.abs(after.f[1] - before.f[1]).max() > 1e-3
