"""Lesson 5: nearest words in the model's own vectors; in frozen GloVe 'good' sits as close to 'bad' as
to 'great', and fine-tuning pulls 'bad' away."""

import pytest

from lstmdemo.lessons import glove
from lstmdemo.modeling.loading import load_model


def test_good_is_as_close_to_bad_as_to_great_until_fine_tuning_moves_it():
    p = glove.pair(load_model("sentiment-lstm"), load_model("sentiment-lstm-finetuned"), ["the", "good", "film"])
    assert (p.word, p.opposite, p.alike, p.in_text) == ("good", "bad", "great", True)
    assert p.frozen_opposite == pytest.approx(0.80, abs=0.01) and p.frozen_alike == pytest.approx(0.80, abs=0.01)
    assert p.tuned_opposite == pytest.approx(0.66, abs=0.01) and p.tuned_alike == pytest.approx(0.81, abs=0.01)


def test_a_text_without_a_pair_gets_the_first_known_pair_said_as_an_example():
    p = glove.pair(load_model("lstm"), None, ["stocks", "fell"])
    assert not p.in_text and p.word == "good" and p.tuned_opposite is None


def test_neighbours_are_the_nearest_other_alphabetic_words():
    ck = load_model("sentiment-lstm")
    near = glove.nearest(ck, ["good", "good", "zzzzqq"])
    assert list(near) == ["good"]  # once each; unknown words read as <unk> and have no vector of their own
    cos = [n.cosine for n in near["good"]]
    assert len(cos) == glove.K and cos == sorted(cos, reverse=True) and "good" not in [n.word for n in near["good"]]
    assert near["good"][0].cosine == pytest.approx(glove.cosine(ck, "good", near["good"][0].word))


def test_many_words_at_once_find_what_each_finds_alone():
    ck = load_model("lstm")
    words = ["oil", "prices", "rose", "the", "1,000", "zzzzqq"]
    together = glove.nearest(ck, words)
    alone = {w: glove.nearest(ck, [w])[w] for w in words if w in together}
    assert set(together) == set(alone) and "1,000" in together  # every known word, alphabetic or not
    for w, near in together.items():
        assert [n.word for n in near] == [n.word for n in alone[w]]
        # float32, shown to 3 decimals: one word alone or many at once differ by rounding only
        assert [n.cosine for n in near] == pytest.approx([n.cosine for n in alone[w]], abs=1e-6)
    assert all(n.word.isalpha() for ns in together.values() for n in ns)
