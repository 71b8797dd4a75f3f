import numpy as np
import pytest
import torch

from lstmdemo.modeling import checkpoint, predict
from lstmdemo.modeling.text import words
from tests.support.checkpoints import SENTENCES


@pytest.mark.parametrize("arch", ["lstm", "rnn"])
def test_batched_probabilities_match_one_sentence_at_a_time(tiny_dir, arch):
    ck = checkpoint.load(tiny_dir / arch)
    batched = predict.text_probabilities(ck, SENTENCES, batch_size=2)  # padding, and a batch split
    for text, row in zip(SENTENCES, batched, strict=True):
        alone = predict.sentence_probabilities(ck.model, torch.tensor(ck.vocab.encode(words(text))))
        np.testing.assert_allclose(row, alone.numpy(), atol=1e-6)


def test_budget_cuts_each_text_and_empty_texts_are_refused(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    cut = predict.text_probabilities(ck, [SENTENCES[0]], max_tokens=3)
    np.testing.assert_allclose(cut, predict.text_probabilities(ck, ["Stocks fell sharply"]), atol=1e-6)
    assert predict.encode_text(ck, SENTENCES[0], 3) == ck.vocab.encode(["stocks", "fell", "sharply"])
    assert predict.text_probabilities(ck, []).shape == (0, 4)
    with pytest.raises(ValueError, match="no readable tokens"):
        predict.text_probabilities(ck, ["   "])
