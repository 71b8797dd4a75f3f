"""The memory experiment: does a model still know the first word's animal N filler tokens later?

The classic long-term-dependency test on the chapter's sentence ("the cat , which was sitting on
the mat ... , finally woke up"): the label is the animal (token 1), N filler tokens follow, then the
same ending for both classes. Each variant (an RNN; an LSTM whose forget gate starts open, bias 3;
an LSTM with PyTorch's default bias, about 0) is trained with one fixed protocol for every N and
seed, then scored on a test draw no choice ever looked at (the protocol was chosen on the validation
draw: learning rates, the forget bias, the step budget, no curriculum). While it trains, the
gradient reaching the animal is measured relative to the last word's, which shows why a failing
model cannot learn: the signal from the first word vanishes.

The results go in ``weights/memory/card.json`` and seed 0's model per (variant, N) in
``weights/memory/<variant>-n<N>/`` (ordinary checkpoints), which the page's first lesson reads:
``python -m lstmdemo memory --train --save`` reproduces them (about 25 minutes on one core;
``--quick``: one seed, N = 10 and 40, about 3).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import torch

from ..modeling import checkpoint
from ..modeling.loading import load_model
from ..modeling.vocab import Vocab
from . import memory_sentences as sentences
from . import memory_training as training

#: Where the experiment's card and models live.
FOLDER = checkpoint.WEIGHTS_DIR / "memory"
CARD = FOLDER / "card.json"


@dataclass(frozen=True)
class Contender:
    """One model of the experiment: the RNN, the LSTM with its forget bias raised, the LSTM as PyTorch
    starts it."""

    name: str
    arch: str
    forget_bias: float | None  # None: PyTorch's default (about 0)
    lr: float  # each architecture's best on the validation draw; the two LSTMs share one


VARIANTS: tuple[Contender, ...] = (
    Contender("rnn", "rnn", None, 3e-3),
    Contender("lstm", "lstm", 3.0, 3e-4),
    Contender("lstm_bias0", "lstm", None, 3e-4),
)

#: 1,000 steps, constant lr (the variant's), no curriculum; probes at 0, 25, 50, then every 100 steps.
RECIPE = training.Recipe(steps=1000, curriculum=False, probe_every=100)


@dataclass(frozen=True)
class Protocol:
    """What every run shares."""

    recipe: training.Recipe = RECIPE  # its lr is replaced by each variant's
    ns: tuple[int, ...] = (5, 10, 20, 40, 80)
    seeds: tuple[int, ...] = (0, 1, 2)
    variants: tuple[str, ...] = tuple(v.name for v in VARIANTS)
    test_size: int = 1000


QUICK = Protocol(ns=(10, 40), seeds=(0,))


def variant(name: str) -> Contender:
    return next(v for v in VARIANTS if v.name == name)


def vocabulary() -> tuple[tuple[str, ...], dict[str, int]]:
    words = sentences.words()
    return words, {w: i for i, w in enumerate(words)}


def glove_rows(words: tuple[str, ...]) -> torch.Tensor:
    """[V, 50] the shipped topic model's frozen GloVe rows for the experiment's words."""
    ck = load_model("lstm")
    missing = [w for w in words if w not in ck.vocab.stoi]
    if missing:
        raise KeyError(f"not in the shipped vocabulary: {missing}")
    return ck.model.embedding.weight.detach()[[ck.vocab.stoi[w] for w in words]].clone()


def model_folder(name: str, n: int) -> Path:
    return FOLDER / f"{name.replace('_', '-')}-n{n}"


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(max(v, 1e-300)) for v in values) / len(values))


def summarise(runs: list[training.TrainResult], test_accuracy: list[float]) -> dict:
    """One (variant, N) cell: per-seed test accuracy, its mean, and the gradient reach during training
    (geometric means across seeds: the values span tens of orders of magnitude)."""
    steps = [p.step for p in runs[0].history]

    def across(field: str, i: int) -> float:
        return float(f"{geometric_mean([getattr(r.history[i].reach, field) for r in runs]):.4g}")

    return {
        "test_accuracy": [round(a, 4) for a in test_accuracy],
        "mean": round(sum(test_accuracy) / len(test_accuracy), 4),
        "valid_accuracy": [round(r.valid_accuracy, 4) for r in runs],
        "seconds": [round(r.seconds, 1) for r in runs],
        "reach": {
            "steps": steps,
            "animal_geo": [across("animal_geo", i) for i in range(len(steps))],
            "factor": [across("factor", i) for i in range(len(steps))],
        },
    }


def run_grid(protocol: Protocol, save: bool = False, log: Callable[[str], None] = print) -> dict:
    """Train every (variant, N, seed), score each on the test draw; with ``save``, seed 0's models go to
    ``model_folder`` and the page's sentences are read by them."""
    torch.set_num_threads(1)
    words, stoi = vocabulary()
    embeddings = glove_rows(words)  # [V, 50]
    start = time.perf_counter()
    results: dict[str, dict[str, dict]] = {}
    for name in protocol.variants:
        v = variant(name)
        recipe = replace(protocol.recipe, lr=v.lr)
        results[name] = {}
        for n in protocol.ns:
            test = sentences.held_out("test", n, protocol.test_size, stoi)
            runs, accs = [], []
            for seed in protocol.seeds:
                run = training.train(v.arch, v.forget_bias, recipe, n, seed, embeddings, stoi)
                runs.append(run)
                accs.append(training.accuracy(run.model, test))
                log(f"{name:10s} N={n:3d} seed={seed} valid={run.valid_accuracy:.3f} test={accs[-1]:.3f}")
                if save and seed == protocol.seeds[0]:
                    save_model(run, v, words, accs[-1])
            results[name][str(n)] = summarise(runs, accs)
    study = {
        "study": "memory",
        "experiment": {
            "sentence": "the {cat|dog} , <N filler tokens> , finally woke up",
            "classes": list(sentences.ANIMALS),
            "label_position": sentences.LABEL_POSITION,
            "extra_tokens": sentences.EXTRA_TOKENS,
            "vocab_size": len(words),
            "test_size": protocol.test_size,
        },
        "protocol": {
            **asdict(protocol),
            "recipe": {**asdict(protocol.recipe), "lr": "per variant"},
            "variants": [asdict(variant(n)) for n in protocol.variants],
        },
        "results": results,
        "seconds": round(time.perf_counter() - start, 1),
    }
    return study | ({"page": page_sentences(protocol)} if save else {})


def save_model(run: training.TrainResult, v: Contender, words: tuple[str, ...], test_accuracy: float) -> None:
    """Seed 0's model of one (variant, N) as an ordinary checkpoint: every tensor, the words, a card."""
    card = {
        "name": model_folder(v.name, run.n).name,
        "arch": v.arch,
        "study": "memory",
        "variant": v.name,
        "forget_bias": v.forget_bias,
        "labels": list(sentences.ANIMALS),
        "n": run.n,
        "seed": run.seed,
        "valid_accuracy": run.valid_accuracy,
        "test_accuracy": test_accuracy,
    }
    checkpoint.save(run.model.eval(), Vocab(words), card, model_folder(v.name, run.n))


@torch.no_grad()
def answer(n: int, name: str, animal: str) -> dict:
    """What seed 0's model of ``name`` at ``n`` answers on the chapter's sentence with that animal."""
    ck = load_model(model_folder(name, n))
    tokens = sentences.chapter_sentence(animal, n)
    p = torch.softmax(ck.model(torch.tensor([ck.vocab.encode(tokens)])), -1)[0]  # [C]
    k = int(p.argmax())
    return {"answer": sentences.ANIMALS[k], "probability": round(float(p[k]), 4)}


def page_sentences(protocol: Protocol) -> list[dict]:
    """The chapter's sentence at each N, for each animal, with every saved model's answer."""
    rows = []
    for n in protocol.ns:
        for animal in sentences.ANIMALS:
            tokens = sentences.chapter_sentence(animal, n)
            answers = {name: answer(n, name, animal) for name in protocol.variants}
            rows.append({"n": n, "animal": animal, "sentence": " ".join(tokens), "answers": answers})
    return rows


def accuracies(study: dict) -> dict[str, dict[str, list[float]]]:
    """For each variant and N, the test accuracy of each seed: what ``memory --json`` prints."""
    return {name: {n: cell["test_accuracy"] for n, cell in by_n.items()} for name, by_n in study["results"].items()}


def read_card() -> dict | None:
    """The stored experiment, or None when ``weights/memory`` has none."""
    if not CARD.is_file():
        return None
    return json.loads(CARD.read_text(encoding="utf-8"))


def write_card(study: dict) -> Path:
    FOLDER.mkdir(parents=True, exist_ok=True)
    CARD.write_text(json.dumps(study, indent=2) + "\n", encoding="utf-8")
    return CARD
