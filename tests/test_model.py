import pytest
import torch

from lstmdemo.model import LSTMClassifier, ModelConfig, RNNClassifier, build_model
from lstmdemo.vocab import PAD_ID


def make(arch: str, num_classes: int = 4) -> torch.nn.Module:
    torch.manual_seed(0)
    return build_model(ModelConfig(arch=arch, vocab_size=30, embed_dim=8, num_classes=num_classes)).eval()


@pytest.mark.parametrize("num_classes", [4, 2])  # topic, sentiment
@pytest.mark.parametrize("arch", ["lstm", "rnn"])
def test_padding_never_changes_the_logits(arch, num_classes):
    model = make(arch, num_classes)
    ids = torch.tensor([5, 9, 2, 17, 4])
    alone = model(ids.unsqueeze(0))
    for pad in (1, 7, 40):
        batch = torch.full((3, 5 + pad), PAD_ID)
        batch[0, :5] = ids
        batch[1, :2] = torch.tensor([3, 3])
        batch[2, :] = 6
        out = model(batch, torch.tensor([5, 2, 5 + pad]))
        torch.testing.assert_close(out[0], alone[0], atol=1e-6, rtol=0)


def test_reference_design():
    model = make("lstm")
    assert isinstance(model, LSTMClassifier)
    assert not model.embedding.weight.requires_grad
    rnn = model.rnn
    assert (rnn.num_layers, rnn.hidden_size, rnn.dropout, rnn.batch_first, rnn.bidirectional) == (
        2,
        128,
        0.3,
        True,
        False,
    )
    assert model.dropout.p == 0.5 and model.head.out_features == 4
    assert isinstance(make("rnn"), RNNClassifier) and make("rnn").rnn.nonlinearity == "tanh"


def test_parameter_counts_lstm_is_four_times_rnn():
    lstm = build_model(ModelConfig(arch="lstm")).parameter_counts()
    rnn = build_model(ModelConfig(arch="rnn")).parameter_counts()
    assert lstm["frozen_embedding"] == rnn["frozen_embedding"] == 20_002 * 50
    # 4 gates per unit: layer 1 (50 + 128 + 2) * 512, layer 2 (128 + 128 + 2) * 512, head 129 * 4
    assert lstm["trainable"] == 180 * 512 + 258 * 512 + 516 == 224_772
    assert rnn["trainable"] == 180 * 128 + 258 * 128 + 516 == 56_580
    assert 3.9 < lstm["trainable"] / rnn["trainable"] < 4.0


def test_unknown_arch_is_refused():
    with pytest.raises(ValueError, match="unknown arch 'gru'"):
        build_model(ModelConfig(arch="gru"))
