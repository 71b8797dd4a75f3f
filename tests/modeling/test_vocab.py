import pytest

from lstmdemo.modeling.vocab import PAD, PAD_ID, UNK, UNK_ID, Vocab, build


def test_build_keeps_most_frequent_with_alphabetical_ties():
    v = build([["b", "a", "c", "a"], ["c", "d", "b"]], size=3)
    assert v.itos == (PAD, UNK, "a", "b", "c")
    assert v.encode(["a", "d", "zzz"]) == [2, UNK_ID, UNK_ID]
    assert (v.stoi[PAD], v.stoi[UNK]) == (PAD_ID, UNK_ID)


def test_save_load_round_trip(tmp_path):
    v = build([["über", "n't", "'s", "über"]])
    v.save(tmp_path / "vocab.json")
    assert Vocab.load(tmp_path / "vocab.json") == v


def test_rejects_bad_word_lists():
    with pytest.raises(ValueError, match="starts with"):
        Vocab(("a", PAD, UNK))
    with pytest.raises(ValueError, match="twice"):
        Vocab((PAD, UNK, "a", "a"))
