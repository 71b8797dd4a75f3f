"""Accuracy by length quartile: every text in one group, each group's accuracy the models' own."""

import itertools

import pytest

from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.data import Example
from lstmdemo.modeling.train import evaluate
from lstmdemo.studies.length_accuracy import length_accuracy
from tests.support.checkpoints import SENTENCES


def test_the_groups_cover_every_text_and_average_to_the_whole(tiny_dir):
    lstm, rnn = checkpoint.load(tiny_dir / "lstm"), checkpoint.load(tiny_dir / "rnn")
    rows = [Example(" ".join(SENTENCES[: 1 + k % 5][::-1])[: 20 + 9 * k], k % 4) for k in range(40)]
    r = length_accuracy(lstm, rnn, rows)
    assert sum(g["n"] for g in r["groups"]) == len(rows) == r["n"]
    bounds = [(g["min_tokens"], g["max_tokens"]) for g in r["groups"]]
    assert all(a <= b for a, b in bounds) and all(b1 < a2 for (_, b1), (a2, _) in itertools.pairwise(bounds))
    for name, ck in (("lstm", lstm), ("rnn", rnn)):
        whole = evaluate(ck.model, ck.vocab, rows, tuple(ck.card["labels"]))["accuracy"]
        assert r[name] == pytest.approx(whole)
        assert sum(g[name] * g["n"] for g in r["groups"]) / len(rows) == pytest.approx(whole)
