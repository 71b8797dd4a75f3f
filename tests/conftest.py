"""Shared fixtures: small random checkpoints, so most tests need neither data nor trained weights."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from benchmarks import server as server_module
from lstmdemo import checkpoint, tasks, vocab
from lstmdemo.model import ModelConfig, build_model
from lstmdemo.text import words

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "ag_news"
needs_data = pytest.mark.skipif(
    not (DATA / "test.csv").is_file(),
    reason=f"AG News is not at {DATA} (as on a user's machine); see the README for where it comes from",
)
SST = REPO.parent / "shared" / "data" / "sst2"
needs_sst = pytest.mark.skipif(
    not (SST / "test.tsv").is_file(),
    reason=f"SST-2 is not at {SST} (as on a user's machine); see the README for where it comes from",
)

SENTENCES = [
    "Stocks fell sharply on Wall Street as oil prices rose",
    "The striker scored twice and the team won the cup final",
    "Scientists launch a new space telescope to study distant galaxies",
    "Rebels attacked the capital and the president was not seen",
    "The company did not report very strong earnings this quarter",
]


def random_checkpoint(
    folder: Path, arch: str, seed: int = 0, task: str = "topic", name: str | None = None, **variant: object
) -> Path:
    """A randomly initialised model over the SENTENCES vocabulary, saved like a real one.

    Topic models go to ``folder/<arch>`` with a card as old as the topic weights (no task);
    other tasks' to ``folder/<task>-<arch>`` with the task in the card; ``name`` overrides
    the folder name. ``variant``: ModelConfig fields of a remedy (``finetune_embeddings``, ``pooling``).
    """
    torch.manual_seed(seed)
    labels = tasks.get(task).labels
    v = vocab.build([words(s) for s in SENTENCES])
    config = ModelConfig(arch=arch, vocab_size=len(v), embed_dim=16, hidden=128, num_classes=len(labels), **variant)
    model = build_model(config)
    with torch.no_grad():
        model.embedding.weight[vocab.PAD_ID] = 0.0
    name = name or (arch if task == "topic" else f"{task}-{arch}")
    card = {"name": name, "arch": arch, "labels": list(labels), **({} if task == "topic" else {"task": task})}
    return checkpoint.save(model.eval(), v, card, folder / name)


@pytest.fixture(scope="session")
def tiny_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random topic (``lstm``, ``rnn``) and sentiment (``sentiment-lstm``, ``sentiment-rnn``) checkpoints,
    and the remedy variants (``lstm-finetuned``, ``lstm-attention``)."""
    root = tmp_path_factory.mktemp("weights")
    random_checkpoint(root, "lstm", seed=1)
    random_checkpoint(root, "rnn", seed=2)
    random_checkpoint(root, "lstm", seed=3, task="sentiment")
    random_checkpoint(root, "rnn", seed=4, task="sentiment")
    random_checkpoint(root, "lstm", seed=5, name="lstm-finetuned", finetune_embeddings=True)
    random_checkpoint(root, "lstm", seed=6, name="lstm-attention", finetune_embeddings=True, pooling="attention")
    return root


# --- the app and a browser, for the tests that drive the page -------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """``python app.py`` on a free loopback port; yields its URL."""
    port = server_module.free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    with log.open("wb") as out:
        try:
            proc, _ = server_module.start_app(port, log=out)
        except (RuntimeError, TimeoutError) as e:
            pytest.fail(f"{e}\n{log.read_text()[-3000:]}")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server_module.stop(proc)


@pytest.fixture(scope="module")
def playwright():
    """One Playwright for every browser of this module (two cannot run in one thread)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p
