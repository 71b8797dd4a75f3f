import json

import pytest
import torch

from lstmdemo.modeling import checkpoint

IDS = torch.tensor([[2, 3, 4, 5, 6]])


def test_save_load_gives_identical_logits(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    again = checkpoint.load(tiny_dir / "lstm")
    assert torch.equal(ck.model(IDS), again.model(IDS))
    assert not ck.model.training and not ck.model.embedding.weight.requires_grad
    assert ck.card["files"]["model.safetensors"]["bytes"] == (tiny_dir / "lstm" / "model.safetensors").stat().st_size


@pytest.mark.parametrize("name", ["rnn", "sentiment-lstm"])
def test_round_trip_preserves_every_tensor(tmp_path, tiny_dir, name):
    ck = checkpoint.load(tiny_dir / name)
    checkpoint.save(ck.model, ck.vocab, ck.card, tmp_path / name)
    back = checkpoint.load(tmp_path / name)
    assert torch.equal(ck.model(IDS), back.model(IDS)) and back.model(IDS).shape == (1, len(ck.card["labels"]))
    for (k, a), (k2, b) in zip(ck.model.state_dict().items(), back.model.state_dict().items(), strict=True):
        assert k == k2 and torch.equal(a, b)
    assert back.vocab == ck.vocab


@pytest.mark.parametrize("name", ["lstm-finetuned", "lstm-attention"])
def test_remedy_variants_round_trip(tmp_path, tiny_dir, name):
    ck = checkpoint.load(tiny_dir / name)
    assert ck.model.embedding.weight.requires_grad and ck.card["config"]["finetune_embeddings"]
    checkpoint.save(ck.model, ck.vocab, {"arch": "lstm"}, tmp_path / name)
    back = checkpoint.load(tmp_path / name)
    assert back.model.config == ck.model.config
    assert ck.model.state_dict().keys() == back.model.state_dict().keys()
    assert ("attention.proj.weight" in back.model.state_dict()) == (name == "lstm-attention")
    assert torch.equal(ck.model(IDS), back.model(IDS))


def test_rebuild_command_follows_the_card_then_the_registry(tmp_path, tiny_dir):
    topic = "python -m lstmdemo train --task topic --arch {} --out {}"
    sentiment = "python -m lstmdemo train --task sentiment --arch {} --out {}"
    assert checkpoint.rebuild_command(tiny_dir / "rnn") == topic.format("rnn", tiny_dir / "rnn")
    d = tiny_dir / "sentiment-rnn"
    assert checkpoint.rebuild_command(d) == sentiment.format("rnn", d)
    renamed = copy(tiny_dir / "sentiment-lstm", tmp_path / "mine")
    assert checkpoint.rebuild_command(renamed) == sentiment.format("lstm", renamed)
    for name, arch in (("sentiment-lstm", "lstm"), ("sentiment-rnn", "rnn")):  # no card: the registry's entry
        assert checkpoint.rebuild_command(tmp_path / name) == sentiment.format(arch, tmp_path / name)
    variant = "python -m lstmdemo train --task sentiment --arch lstm{} --out {}"
    for name, flags in (
        ("sentiment-lstm-finetuned", " --finetune-embeddings"),
        ("sentiment-lstm-attention", " --finetune-embeddings --pooling attention"),
    ):
        assert checkpoint.rebuild_command(tmp_path / name) == variant.format(flags, tmp_path / name)
    att = tiny_dir / "lstm-attention"
    assert checkpoint.rebuild_command(att).endswith(
        f"--task topic --arch lstm --finetune-embeddings --pooling attention --out {att}"
    )
    (renamed / "card.json").write_text("{not json")  # neither a card nor a registered name: the command's form
    assert (
        checkpoint.rebuild_command(renamed)
        == f"python -m lstmdemo train --task <task> --arch <lstm|rnn> --out {renamed}"
    )


def copy(src, dst):
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    return dst


def test_corrupt_weights_name_the_file_and_the_fix(tmp_path, tiny_dir):
    d = copy(tiny_dir / "lstm", tmp_path / "lstm")
    blob = bytearray((d / "model.safetensors").read_bytes())
    blob[-10] ^= 0xFF
    (d / "model.safetensors").write_bytes(bytes(blob))
    with pytest.raises(checkpoint.CheckpointError) as e:
        checkpoint.load(d)
    msg = str(e.value)
    assert f"corrupt or tampered weights file {d / 'model.safetensors'}" in msg
    assert f"rebuild it with: python -m lstmdemo train --task topic --arch lstm --out {d}" in msg


def test_truncated_and_missing_files(tmp_path, tiny_dir):
    d = copy(tiny_dir / "rnn", tmp_path / "rnn")
    (d / "model.safetensors").write_bytes((d / "model.safetensors").read_bytes()[:100])
    with pytest.raises(checkpoint.CheckpointError, match=r"truncated weights file .*model.safetensors: 100 bytes"):
        checkpoint.load(d)
    (d / "vocab.json").unlink()
    (d / "model.safetensors").write_bytes((tiny_dir / "rnn" / "model.safetensors").read_bytes())
    with pytest.raises(
        checkpoint.CheckpointError, match=r"missing weights file .*vocab.json; rebuild it with: .*--arch rnn"
    ):
        checkpoint.load(d)


def test_a_broken_card_is_refused(tmp_path, tiny_dir):
    d = copy(tiny_dir / "lstm", tmp_path / "lstm")
    (d / "card.json").write_text("{not json")
    with pytest.raises(checkpoint.CheckpointError, match=r"corrupt weights file .*card.json"):
        checkpoint.load(d)
    (d / "card.json").write_text(json.dumps({"arch": "lstm"}))
    with pytest.raises(checkpoint.CheckpointError, match="no 'config' or 'files'"):
        checkpoint.load(d)
    with pytest.raises(checkpoint.CheckpointError, match=r"missing weights file .*nowhere.card.json"):
        checkpoint.load(tmp_path / "nowhere")


def test_a_consistent_but_wrong_tensor_set_is_refused(tmp_path, tiny_dir):
    """A file that matches its recorded digest but not the config still fails cleanly."""
    d = copy(tiny_dir / "lstm", tmp_path / "lstm")
    card = json.loads((d / "card.json").read_text())
    card["config"]["hidden"] = 64
    (d / "card.json").write_text(json.dumps(card))
    checkpoint.seal(d)  # as if someone sealed the edit: the tensors still do not fit it
    with pytest.raises(checkpoint.CheckpointError, match=r"(?s)corrupt weights in .*size mismatch"):
        checkpoint.load(d)


def test_a_card_changed_by_hand_is_refused_until_sealed_again(tmp_path, tiny_dir):
    d = copy(tiny_dir / "lstm", tmp_path / "lstm")
    card = json.loads((d / "card.json").read_text())
    card["labels"] = list(reversed(card["labels"]))  # the labels swapped: every answer would be wrong
    (d / "card.json").write_text(json.dumps(card, indent=2))
    for read in (checkpoint.load, checkpoint.read_card):
        with pytest.raises(checkpoint.CheckpointError, match=r"card\.json is changed since it was sealed.*seal"):
            read(d)
    del card[checkpoint.CARD_SEAL]
    (d / "card.json").write_text(json.dumps(card))
    with pytest.raises(checkpoint.CheckpointError, match=r"card\.json is unsealed"):
        checkpoint.load(d)
    assert checkpoint.seal(d) == d and checkpoint.load(d).card["labels"] == card["labels"]
    assert json.loads((d / "card.json").read_text())[checkpoint.CARD_SEAL] == checkpoint.card_digest(card)


def test_update_card_keeps_the_card_sealed_and_refuses_a_damaged_one(tmp_path, tiny_dir):
    d = copy(tiny_dir / "rnn", tmp_path / "rnn")
    checkpoint.update_card(d, probes={"rate": 0.5})
    assert checkpoint.load(d).card["probes"] == {"rate": 0.5}
    (d / "card.json").write_text((d / "card.json").read_text().replace('"rate": 0.5', '"rate": 0.9'))
    with pytest.raises(checkpoint.CheckpointError, match="changed since it was sealed"):
        checkpoint.update_card(d, cad={})


def test_sealing_never_blesses_changed_weights(tmp_path, tiny_dir):
    root = tmp_path / "weights"
    root.mkdir()
    good, bad = copy(tiny_dir / "lstm", root / "lstm"), copy(tiny_dir / "rnn", root / "rnn")
    (good / "card.json").write_text((good / "card.json").read_text().replace('"lstm"', '"lstm"  '))  # reformatted
    checkpoint.load(good)  # the seal covers the values, not the layout
    (bad / "vocab.json").write_text('{"itos": []}')
    with pytest.raises(checkpoint.CheckpointError, match=r"truncated weights file .*vocab.json"):
        checkpoint.seal_all(root)
    (bad / "vocab.json").write_bytes((tiny_dir / "rnn" / "vocab.json").read_bytes())
    (root / "study").mkdir()
    (root / "study" / "card.json").write_text("{}")  # a study's own card, beside its models
    nested = copy(tiny_dir / "rnn", root / "study" / "rnn-n5")
    assert checkpoint.seal_all(root) == [good, bad, nested]


def test_a_name_means_weights_never_a_folder_in_the_working_directory(tmp_path, tiny_dir, monkeypatch):
    impostor = copy(tiny_dir / "rnn", tmp_path / "lstm")  # a stray folder named like a shipped model
    monkeypatch.chdir(tmp_path)
    assert checkpoint.resolve("lstm") == checkpoint.WEIGHTS_DIR / "lstm"
    assert checkpoint.load("lstm").card["arch"] == "lstm"
    assert checkpoint.resolve("./lstm") == impostor and checkpoint.load("./lstm").card["arch"] == "rnn"
    assert checkpoint.resolve(impostor) == impostor


def test_every_shipped_card_is_sealed():
    folders = sorted(f.parent for f in checkpoint.WEIGHTS_DIR.rglob(checkpoint.MODEL_FILE))
    assert len(folders) == 6 + 15  # the tasks' six models and the memory experiment's fifteen
    for folder in folders:
        checkpoint.read_card(folder)  # after a merge that touched cards: python -m lstmdemo seal


def test_shipped_weights_verify_and_fit_in_10_mb():
    total = 0
    for name in ("lstm", "rnn"):
        ck = checkpoint.load(name)
        assert ck.card["arch"] == name and len(ck.vocab) == 20_002
        total += sum(f.stat().st_size for f in (checkpoint.WEIGHTS_DIR / name).iterdir())
    assert total <= 10_000_000


@pytest.mark.parametrize("name", ["sentiment-lstm", "sentiment-rnn"])
def test_shipped_sentiment_weights_verify_and_each_file_fits_in_10_mb(name):
    ck = checkpoint.load(name)
    assert (ck.card["task"], ck.card["arch"], ck.card["name"]) == ("sentiment", name.split("-")[1], name)
    assert ck.card["labels"] == ["Negative", "Positive"] and ck.model.head.out_features == 2
    assert set(ck.card) >= {"training", "validation", "test", "parameters", "glove", "config", "files"}
    assert all(f.stat().st_size <= 10_000_000 for f in (checkpoint.WEIGHTS_DIR / name).iterdir())
