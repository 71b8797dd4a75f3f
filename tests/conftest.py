"""Shared fixtures: small random checkpoints, the app on a loopback port, one Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import server as server_module
from tests.support.checkpoints import random_checkpoint


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
