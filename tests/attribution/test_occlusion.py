"""Occlusion: deleting a word gives what the model says about the sentence without it, however batched."""

import pytest
import torch

from lstmdemo.attribution import gates
from lstmdemo.attribution import occlusion as module
from lstmdemo.attribution.occlusion import OCCLUSION_BATCH, occlusion
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.predict import sentence_probabilities as probabilities
from tests.support.checkpoints import SENTENCES, ids_of


@pytest.mark.parametrize("reuse_prefixes", [False, True])
@pytest.mark.parametrize("weights", ["tiny", "tiny-attention", "shipped", "shipped-attention"])
def test_occlusion_equals_running_the_model_on_the_edited_sentence(tiny_dir, weights, reuse_prefixes):
    folder = {
        "tiny": tiny_dir / "lstm",
        "tiny-attention": tiny_dir / "lstm-attention",  # pools every state: prefix states cannot stand in
        "shipped": "lstm",
        "shipped-attention": "sentiment-lstm-attention",
    }[weights]
    ck = checkpoint.load(folder)
    every = ids_of(ck, " ".join(SENTENCES))
    # prefixes are shared OCCLUSION_BATCH sentences at a time: lengths inside one batch, on its edges, over three
    for ids in (every[:n] for n in (2, 10, OCCLUSION_BATCH + 1, OCCLUSION_BATCH + 2, 2 * OCCLUSION_BATCH + 2)):
        states = None
        if reuse_prefixes:
            trace = gates.record(ck.model.rnn, ck.model.embedding(ids))
            states = (torch.from_numpy(trace.h), torch.from_numpy(trace.c))
        probs = occlusion(ck.model, ids, states)
        for t in range(len(ids)):
            edited = torch.cat([ids[:t], ids[t + 1 :]])
            torch.testing.assert_close(probs[t], probabilities(ck.model, edited), atol=1e-6, rtol=0)
    assert occlusion(ck.model, ids[:1]).shape == (1, len(ck.card["labels"]))


def test_a_long_request_may_hand_the_model_over_between_batches(tiny_dir, monkeypatch):
    handed = []
    monkeypatch.setattr(module.MODEL_LOCK, "handover", lambda: handed.append(1))
    ck = checkpoint.load(tiny_dir / "lstm")
    ids = ids_of(ck, " ".join(SENTENCES))[: 4 * OCCLUSION_BATCH + 1]
    trace = gates.record(ck.model.rnn, ck.model.embedding(ids))
    occlusion(ck.model, ids, (torch.from_numpy(trace.h), torch.from_numpy(trace.c)))  # four batches of prefixes
    assert len(handed) == 3
    occlusion(ck.model, ids)  # every sentence whole: two batches
    assert len(handed) == 4
