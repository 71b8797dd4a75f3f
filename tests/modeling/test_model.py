import pytest
import torch

from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.model import LSTMClassifier, ModelConfig, RNNClassifier, build_model
from lstmdemo.modeling.vocab import PAD_ID

FINETUNED = {"finetune_embeddings": True}
ATTENTION = {"finetune_embeddings": True, "pooling": "attention"}
VARIANTS = [("lstm", {}), ("rnn", {}), ("lstm", FINETUNED), ("lstm", ATTENTION)]


def make(arch: str, num_classes: int = 4, **variant: object) -> torch.nn.Module:
    torch.manual_seed(0)
    config = ModelConfig(arch=arch, vocab_size=30, embed_dim=8, num_classes=num_classes, **variant)
    return build_model(config).eval()


def padded(ids: torch.Tensor, pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """A batch of three: ``ids`` padded by ``pad``, a short row, a row with no padding."""
    batch = torch.full((3, len(ids) + pad), PAD_ID)
    batch[0, : len(ids)] = ids
    batch[1, :2] = torch.tensor([3, 3])
    batch[2, :] = 6
    return batch, torch.tensor([len(ids), 2, len(ids) + pad])


@pytest.mark.parametrize("num_classes", [4, 2])  # topic, sentiment
@pytest.mark.parametrize(("arch", "variant"), VARIANTS)
def test_padding_never_changes_the_logits(arch, variant, num_classes):
    model = make(arch, num_classes, **variant)
    ids = torch.tensor([5, 9, 2, 17, 4])
    alone = model(ids.unsqueeze(0))
    for pad in (1, 7, 40):
        out = model(*padded(ids, pad))
        torch.testing.assert_close(out[0], alone[0], atol=1e-6, rtol=0)


def test_attention_sums_to_one_over_real_tokens_and_is_zero_on_padding():
    model = make("lstm", **ATTENTION)
    batch, lengths = padded(torch.tensor([5, 9, 2, 17, 4]), 7)
    logits, weights = model.classify(model.embedding(batch), lengths)
    assert logits.shape == (3, 4) and weights.shape == (3, 12)
    for row, n in enumerate(lengths.tolist()):
        assert weights[row, :n].sum().item() == pytest.approx(1.0, abs=1e-6)
        assert (weights[row, :n] > 0).all()
        assert torch.equal(weights[row, n:], torch.zeros(12 - n))
    _, alone = model.classify(model.embedding(batch[:1, :5]))
    torch.testing.assert_close(weights[0, :5], alone[0], atol=1e-6, rtol=0)
    assert make("lstm").classify(model.embedding(batch), lengths)[1] is None


def test_reference_design():
    model = make("lstm")
    assert isinstance(model, LSTMClassifier)
    assert not model.embedding.weight.requires_grad and not hasattr(model, "attention")
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


@pytest.mark.parametrize("variant", [FINETUNED, ATTENTION])
def test_finetuned_embeddings_train_except_the_pad_row(variant):
    model = make("lstm", **variant).train()
    assert model.embedding.weight.requires_grad
    before = model.embedding.weight.detach().clone()
    optim = torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr=1.0)
    batch, lengths = padded(torch.tensor([5, 9, 2, 17, 4]), 3)
    torch.nn.functional.cross_entropy(model(batch, lengths), torch.tensor([0, 1, 2])).backward()
    optim.step()
    changed = (model.embedding.weight.detach() != before).any(-1)  # [V]
    assert changed[[5, 9, 2, 17, 4, 3, 6]].all() and not changed[PAD_ID] and not changed[20]


def test_parameter_counts_of_the_reference_and_the_variants():
    lstm = build_model(ModelConfig(arch="lstm")).parameter_counts()
    rnn = build_model(ModelConfig(arch="rnn")).parameter_counts()
    assert lstm["frozen_embedding"] == rnn["frozen_embedding"] == 20_002 * 50
    # 4 gates per unit: layer 1 (50 + 128 + 2) * 512, layer 2 (128 + 128 + 2) * 512, head 129 * 4
    assert lstm["trainable"] == 180 * 512 + 258 * 512 + 516 == 224_772
    assert rnn["trainable"] == 180 * 128 + 258 * 128 + 516 == 56_580
    assert 3.9 < lstm["trainable"] / rnn["trainable"] < 4.0
    finetuned = build_model(ModelConfig(**FINETUNED)).parameter_counts()
    attention = build_model(ModelConfig(**ATTENTION)).parameter_counts()
    assert finetuned == {"total": lstm["total"], "trainable": lstm["total"], "frozen_embedding": 0}
    assert attention["trainable"] == lstm["total"] + 129 * 128 + 128  # W h + b, then v


def test_unknown_arch_or_pooling_is_refused():
    with pytest.raises(ValueError, match="unknown arch 'gru'"):
        build_model(ModelConfig(arch="gru"))
    with pytest.raises(ValueError, match="unknown pooling 'max'"):
        build_model(ModelConfig(pooling="max"))


def test_the_shipped_reference_gives_the_logits_it_always_gave():
    """Logits of weights/lstm recorded before the remedy variants existed."""
    ck = checkpoint.load("lstm")
    ids = torch.tensor(
        [ck.vocab.encode(["oil", "prices", "fell", "sharply", "after", "the", "opec", "meeting", "in", "vienna"])]
    )
    expected = [0.6164448857307434, -3.916936159133911, 3.671875238418579, -2.9702913761138916]
    torch.testing.assert_close(ck.model(ids)[0], torch.tensor(expected), atol=1e-6, rtol=0)
    assert ck.model.config.pooling == "last" and not ck.model.config.finetune_embeddings
