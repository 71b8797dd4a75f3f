"""The memory experiment's models, their training, and the two measurements taken while they train.

The model is the project's own classifier (``modeling.model``) in the reference shape: frozen
GloVe-50 -> 2-layer unidirectional LSTM or tanh RNN, 128 units, dropout 0.3 between layers,
dropout 0.5, linear head on the last layer's final hidden state. Its embedding holds only the
experiment's own ~70 words (rows of the shipped GloVe table), so a trained LSTM is ~0.23M
parameters and saves as an ordinary checkpoint.

The one change an LSTM variant may make is the forget-gate bias at initialisation. PyTorch
starts it at ~0 (both bias vectors uniform in +-1/sqrt(H)), so the forget gate starts at
sigmoid(0) = 0.5 and the gradient through the cell state shrinks ~0.5x per word: the
chapter's 0.5^20 ~ 1e-6. A bias b starts it at sigmoid(b) (b=3: 0.95, 0.95^20 = 0.36), the
remedy of Gers et al. (2000) and Jozefowicz et al. (2015, who use b=1).
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from ..modeling.model import Classifier, ModelConfig, build_model
from . import memory_sentences as sentences


def model_config(arch: str, vocab_size: int) -> ModelConfig:
    """The reference shape (frozen GloVe, 2 x 128, dropout 0.3 / 0.5) with the experiment's words and two classes."""
    return ModelConfig(arch=arch, vocab_size=vocab_size, num_classes=len(sentences.ANIMALS))


def build(arch: str, forget_bias: float | None, embeddings: torch.Tensor) -> Classifier:
    """The project's classifier of that shape over the experiment's GloVe rows [V, 50], its forget bias set."""
    if arch == "rnn" and forget_bias is not None:
        raise ValueError("an RNN has no forget gate")
    model = build_model(model_config(arch, len(embeddings)), embeddings)
    if forget_bias is not None:
        set_forget_bias(model.rnn, forget_bias)
    return model


def set_forget_bias(lstm: nn.LSTM, value: float) -> None:
    """Make every layer's effective forget bias ``value``: bias_ih[H:2H] = value, bias_hh[H:2H] = 0.

    nn.LSTM adds two bias vectors; gates are ordered i, f, g, o, so the forget slice is [H:2H].
    """
    h = lstm.hidden_size
    with torch.no_grad():
        for layer in range(lstm.num_layers):
            getattr(lstm, f"bias_ih_l{layer}")[h : 2 * h].fill_(value)
            getattr(lstm, f"bias_hh_l{layer}")[h : 2 * h].zero_()


@torch.no_grad()
def effective_forget_bias(lstm: nn.LSTM) -> list[float]:
    """Mean effective forget bias per layer (bias_ih + bias_hh over the forget slice)."""
    h = lstm.hidden_size
    return [
        float((getattr(lstm, f"bias_ih_l{k}")[h : 2 * h] + getattr(lstm, f"bias_hh_l{k}")[h : 2 * h]).mean())
        for k in range(lstm.num_layers)
    ]


@dataclass(frozen=True)
class Recipe:
    steps: int = 1000
    lr: float = 3e-3
    batch: int = 64
    clip: float = 1.0
    curriculum: bool = False  # start at 5 filler tokens and double up to N over the first `ramp` of the steps
    ramp: float = 0.5
    probe_every: int = 100  # validation accuracy and gradient reach every this many steps...
    probe_early: tuple[int, ...] = (25, 50)  # ...and at these: a forget-biased LSTM learns within ~100 steps
    valid_size: int = 1000
    probe_size: int = 256


def schedule(n: int, config: Recipe) -> list[tuple[int, int]]:
    """[(first step, filler length)]: without a curriculum the target N from step 0; with one,
    N/2^k ... N/2, N (each >= 5), the shorter stages sharing the first ``ramp`` of the budget equally."""
    if not config.curriculum:
        return [(0, n)]
    shorter = []
    m = n // 2
    while m >= 5:
        shorter.insert(0, m)
        m //= 2
    if not shorter:
        return [(0, n)]
    share = int(config.steps * config.ramp) // len(shorter)
    return [(i * share, m) for i, m in enumerate(shorter)] + [(len(shorter) * share, n)]


def length_at(step: int, stages: list[tuple[int, int]]) -> int:
    return [m for start, m in stages if start <= step][-1]


@dataclass(frozen=True)
class GradientReach:
    """|d logit_true / d emb_t| over |d logit_true / d emb_last|, over held-out sentences.

    ``first`` is word 0 ("the"), ``animal`` word 1 (the label). Means are arithmetic (as the
    project's ``relative``) and geometric (robust when values span orders of magnitude).
    ``factor`` is the geometric-mean animal value ** (1 / words between animal and last word):
    the gradient's average shrink per word (0.5 means the chapter's 0.5^20).
    """

    first_mean: float
    first_geo: float
    animal_mean: float
    animal_geo: float
    factor: float


def gradient_reach(model: Classifier, batch: sentences.Batch) -> GradientReach:
    """Measured on a float64 copy: a failing RNN's first-word gradient (~0.2^80 ~ 1e-56) is far
    below float32's smallest number (1e-45) and would read as exactly 0."""
    model = copy.deepcopy(model).double().eval()
    emb = model.embedding(batch.ids).detach().requires_grad_(True)  # [B, T, D] float64
    logits = model.forward_embedded(emb)  # [B, C]; eval: sentences are independent, so one backward serves all
    (grad,) = torch.autograd.grad(logits.gather(1, batch.labels[:, None]).sum(), emb)
    norms = grad.norm(dim=-1)  # [B, T]
    rel = norms / norms[:, -1:].clamp_min(1e-300)  # [B, T]
    tiny = 1e-300
    first, animal = rel[:, 0], rel[:, sentences.LABEL_POSITION]
    animal_geo = float(animal.clamp_min(tiny).log().mean().exp())
    distance = batch.ids.shape[1] - 1 - sentences.LABEL_POSITION
    return GradientReach(
        first_mean=float(first.mean()),
        first_geo=float(first.clamp_min(tiny).log().mean().exp()),
        animal_mean=float(animal.mean()),
        animal_geo=animal_geo,
        factor=animal_geo ** (1 / distance),
    )


@torch.no_grad()
def accuracy(model: Classifier, batch: sentences.Batch) -> float:
    model.eval()
    return float((model(batch.ids).argmax(-1) == batch.labels).float().mean())


@dataclass(frozen=True)
class Probe:
    step: int
    train_length: int  # filler length trained on at this step
    valid_accuracy: float
    train_loss: float | None  # mean over the steps since the last probe
    reach: GradientReach


@dataclass(frozen=True)
class TrainResult:
    arch: str
    forget_bias: float | None
    config: Recipe
    n: int
    seed: int
    history: tuple[Probe, ...]
    seconds: float
    model: Classifier = field(repr=False, compare=False)

    @property
    def valid_accuracy(self) -> float:
        return self.history[-1].valid_accuracy


def train(
    arch: str,
    forget_bias: float | None,
    config: Recipe,
    n: int,
    seed: int,
    embeddings: torch.Tensor,
    stoi: dict[str, int],
) -> TrainResult:
    """Train one model on fresh random sentences every step (no fixed training set to memorise).

    Validation (1,000 sentences) and the gradient probe (256) are the same draws for every model
    and seed at this N; the test draw is never touched here.
    """
    start = time.perf_counter()
    torch.set_flush_denormal(True)  # vanishing gradients as float32 denormals slow a CPU step ~5x; ~0 either way
    torch.manual_seed(seed)
    model = build(arch, forget_bias, embeddings)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=config.lr)
    loss_fn = nn.CrossEntropyLoss()
    rng = sentences.stream("train", n, seed)
    valid = sentences.held_out("valid", n, config.valid_size, stoi)
    probe_batch = sentences.held_out("probe", n, config.probe_size, stoi)
    stages = schedule(n, config)
    losses: list[float] = []

    def probe(step: int) -> Probe:
        loss = float(np.mean(losses)) if losses else None
        losses.clear()
        return Probe(
            step,
            length_at(min(step, config.steps - 1), stages),
            accuracy(model, valid),
            loss,
            gradient_reach(model, probe_batch),
        )

    history = [probe(0)]
    for step in range(config.steps):
        model.train()
        batch = sentences.draw(length_at(step, stages), config.batch, rng, stoi)
        loss = loss_fn(model(batch.ids), batch.labels)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(params, config.clip)
        optimizer.step()
        losses.append(loss.item())
        done = step + 1
        if done % config.probe_every == 0 or done in config.probe_early or done == config.steps:
            history.append(probe(done))
    if not math.isfinite(history[-1].valid_accuracy):
        raise FloatingPointError("validation accuracy is not finite")
    return TrainResult(arch, forget_bias, config, n, seed, tuple(history), time.perf_counter() - start, model)
