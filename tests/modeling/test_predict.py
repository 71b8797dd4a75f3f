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


def test_logits_give_the_probabilities_and_margins_agree_with_log_probabilities(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    logits = predict.text_logits(ck, SENTENCES, batch_size=2)
    probs = predict.text_probabilities(ck, SENTENCES, batch_size=2)
    np.testing.assert_allclose(torch.softmax(torch.from_numpy(logits), -1).numpy(), probs, atol=1e-6)
    by_logits = predict.margin(logits, 2)
    np.testing.assert_allclose(by_logits, predict.margin(predict.log_probabilities(probs), 2), atol=1e-4)
    assert (by_logits > 0).tolist() == (probs.argmax(-1) == 2).tolist()


def test_the_margin_is_the_log_odds_for_two_labels_and_survives_saturation():
    assert predict.margin([0.0, 2.0], 1) == pytest.approx(2.0)
    assert predict.margin(predict.log_probabilities([0.2, 0.8]), 0) == pytest.approx(np.log(0.25))
    sure, surer = (np.array([1 - p, p], dtype=np.float32) for p in (0.999, 0.99999))
    rise = predict.margin(predict.log_probabilities(surer), 1) - predict.margin(predict.log_probabilities(sure), 1)
    assert rise == pytest.approx(np.log(0.99999 / 0.00001) - np.log(0.999 / 0.001), rel=1e-2)
    assert predict.margin(predict.log_probabilities([0.0, 1.0]), 1) == pytest.approx(103.3, abs=0.1)
