"""The reference LSTM classifier, its vanilla-RNN baseline and the two remedy variants.

Reference design: frozen GloVe embeddings -> 2-layer unidirectional LSTM
(128 units, dropout 0.3 between layers) -> dropout 0.5 -> linear over the
task's classes, reading the last layer's hidden state at each sentence's *real*
last token (sequences are packed, so padding never changes a result).
The baseline is the same shape with ``nn.RNN`` (tanh).

The remedies each change one thing, named in ``ModelConfig`` (defaults = reference):
- ``finetune_embeddings``: the GloVe-initialised embeddings are trained too;
- ``pooling="attention"``: additive attention over the last layer's hidden states
  of every real token replaces "the last hidden state" (padding gets zero weight).

References: Hochreiter & Schmidhuber, "Long Short-Term Memory" (1997);
Pennington et al., "GloVe" (2014); Zhang et al., "Character-level
Convolutional Networks for Text Classification" (2015) for AG News;
Bahdanau et al., "Neural Machine Translation by Jointly Learning to Align and
Translate" (2015) and Yang et al., "Hierarchical Attention Networks" (2016)
for additive attention pooling.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from .vocab import PAD_ID

POOLINGS: tuple[str, ...] = ("last", "attention")


@dataclass(frozen=True)
class ModelConfig:
    arch: str = "lstm"  # "lstm" or "rnn"
    vocab_size: int = 20_002
    embed_dim: int = 50
    hidden: int = 128
    layers: int = 2
    rnn_dropout: float = 0.3
    out_dropout: float = 0.5
    num_classes: int = 4
    finetune_embeddings: bool = False  # remedy: train the GloVe-initialised embeddings
    pooling: str = "last"  # "last" (reference) or "attention" (remedy)

    def to_dict(self) -> dict:
        return asdict(self)


class Classifier(nn.Module):
    """Embedding -> recurrent encoder -> pooling -> dropout -> linear. Subclasses pick the cell."""

    rnn: nn.LSTM | nn.RNN

    def __init__(self, config: ModelConfig, embeddings: torch.Tensor | None = None) -> None:
        super().__init__()
        if config.pooling not in POOLINGS:
            raise ValueError(f"unknown pooling {config.pooling!r}; choose one of {list(POOLINGS)}")
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embed_dim, padding_idx=PAD_ID)
        if embeddings is not None:
            self.embedding.weight.data.copy_(embeddings)
        self.embedding.weight.requires_grad_(config.finetune_embeddings)  # frozen GloVe in the reference
        self.rnn = self._recurrent(config)
        if config.pooling == "attention":
            self.attention = AdditivePooling(config.hidden)
        self.dropout = nn.Dropout(config.out_dropout)
        self.head = nn.Linear(config.hidden, config.num_classes)

    def _recurrent(self, c: ModelConfig) -> nn.LSTM | nn.RNN:
        raise NotImplementedError

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """ids [B, T] -> logits [B, C]; ``lengths`` [B] (default: no padding)."""
        return self.forward_embedded(self.embedding(ids), lengths)

    def forward_embedded(self, emb: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """emb [B, T, D] -> logits [B, C]: the entry point for attribution."""
        return self.classify(emb, lengths)[0]

    def classify(
        self, emb: torch.Tensor, lengths: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """emb [B, T, D] -> logits [B, C] and attention weights [B, T] (None without attention)."""
        if lengths is None:
            out, state = self.rnn(emb)  # out [B, T, H]
        else:
            out, state = self.rnn(pack_padded_sequence(emb, lengths.cpu(), batch_first=True, enforce_sorted=False))
        if self.config.pooling == "last":
            h_n = state[0] if isinstance(state, tuple) else state  # [L, B, H]
            return self.head(self.dropout(h_n[-1])), None
        if lengths is None:
            lengths = torch.full(emb.shape[:1], emb.shape[1])
        else:
            out, _ = pad_packed_sequence(out, batch_first=True, total_length=emb.shape[1])
        pooled, weights = self.attention(out, lengths)  # [B, H], [B, T]
        return self.head(self.dropout(pooled)), weights

    def parameter_counts(self) -> dict[str, int]:
        total = sum(p.numel() for p in self.parameters())
        trainable = sum(p.numel() for p in self.parameters() if p.requires_grad)
        return {"total": total, "trainable": trainable, "frozen_embedding": total - trainable}


class LSTMClassifier(Classifier):
    def _recurrent(self, c: ModelConfig) -> nn.LSTM:
        return nn.LSTM(c.embed_dim, c.hidden, num_layers=c.layers, dropout=c.rnn_dropout, batch_first=True)


class RNNClassifier(Classifier):
    def _recurrent(self, c: ModelConfig) -> nn.RNN:
        return nn.RNN(
            c.embed_dim, c.hidden, num_layers=c.layers, dropout=c.rnn_dropout, nonlinearity="tanh", batch_first=True
        )


class AdditivePooling(nn.Module):
    """Bahdanau-style scores ``v . tanh(W h_t + b)``, softmax over real tokens, weighted sum of h_t."""

    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.proj = nn.Linear(hidden, hidden)
        self.score = nn.Linear(hidden, 1, bias=False)

    def forward(self, h: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """h [B, T, H], lengths [B] -> pooled [B, H], weights [B, T] (exactly 0 on padding)."""
        scores = self.score(torch.tanh(self.proj(h))).squeeze(-1)  # [B, T]
        real = torch.arange(h.shape[1], device=h.device) < lengths.to(h.device).unsqueeze(1)  # [B, T]
        weights = scores.masked_fill(~real, float("-inf")).softmax(-1)  # [B, T]
        return torch.einsum("bt,bth->bh", weights, h), weights


def describe(config: ModelConfig) -> str:
    """The architecture in one line, e.g. "frozen GloVe -> 2-layer LSTM (128) -> linear"."""
    embeddings = "fine-tuned GloVe" if config.finetune_embeddings else "frozen GloVe"
    pooling = " -> additive attention over all words" if config.pooling == "attention" else ""
    return f"{embeddings} -> {config.layers}-layer {config.arch.upper()} ({config.hidden}){pooling} -> linear"


def changes_from_reference(config: ModelConfig) -> list[str]:
    """What a remedy variant changes from the reference design, in words (empty for the reference)."""
    changed = []
    if config.finetune_embeddings:
        changed.append("embeddings initialised from GloVe and trained with the rest (the reference freezes them)")
    if config.pooling == "attention":
        changed.append(
            "additive (Bahdanau-style) attention pooling over the last layer's hidden states of all real "
            "tokens feeds the classifier (the reference reads the last token's hidden state)"
        )
    return changed


ARCHS: dict[str, type[Classifier]] = {"lstm": LSTMClassifier, "rnn": RNNClassifier}


def build_model(config: ModelConfig, embeddings: torch.Tensor | None = None) -> Classifier:
    if config.arch not in ARCHS:
        raise ValueError(f"unknown arch {config.arch!r}; choose one of {sorted(ARCHS)}")
    return ARCHS[config.arch](config, embeddings)
