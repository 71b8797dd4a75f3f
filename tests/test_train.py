import json
import subprocess
import sys

import pytest
import torch

from lstmdemo import checkpoint
from lstmdemo.data import read_csv
from lstmdemo.train import TrainConfig, metrics, train

from .conftest import DATA, REPO, needs_data


def test_metrics_exact_values():
    m = metrics([0, 0, 1, 1, 2, 3], [0, 1, 1, 1, 3, 3])
    assert m["accuracy"] == pytest.approx(4 / 6) and m["n"] == 6
    assert m["confusion"] == [[1, 1, 0, 0], [0, 2, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1]]
    assert m["per_class"]["World"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}
    assert m["per_class"]["Sports"]["precision"] == pytest.approx(2 / 3)
    assert m["per_class"]["Business"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}


def synthetic(folder, n):
    """A separable task: the last word names the topic, and GloVe gives each topic its own axis."""
    cues = [
        ["war", "election", "minister"],
        ["match", "goal", "season"],
        ["shares", "profit", "market"],
        ["software", "chip", "internet"],
    ]
    lines = [f'"{i % 4 + 1}","report number {i} today {cues[i % 4][i % 3]}"' for i in range(n)]
    folder.mkdir(exist_ok=True)
    (folder / "train.csv").write_text("\n".join(lines) + "\n")
    (folder / "test.csv").write_text("\n".join(f'{line[:4]}"t",{line[4:]}' for line in lines[:40]) + "\n")
    vectors = [f"{w} " + " ".join("2" if k == c else "0" for k in range(4)) for c, ws in enumerate(cues) for w in ws]
    (folder / "glove.txt").write_text("\n".join([*vectors, "report 0 0 0 0", "today 0 0 0 0"]) + "\n")
    return folder


def test_training_learns_a_separable_task_and_writes_a_full_card(tmp_path):
    data = synthetic(tmp_path / "data", 400)
    cfg = TrainConfig(arch="lstm", epochs=4, n_valid=40, batch_size=32, lr=1e-2, patience=5)
    card = train(cfg, data, tmp_path / "w", data / "glove.txt", log=lambda s: None, progress=False)
    assert card["test"]["accuracy"] == 1.0 and card["validation"]["accuracy"] == 1.0
    assert card["training"]["train_rows"] == 360 and card["glove"]["dim"] == 4
    assert set(card) >= {"arch", "training", "glove", "parameters", "validation", "test", "config", "files"}
    assert checkpoint.load(tmp_path / "w").card == json.loads((tmp_path / "w" / "card.json").read_text())
    assert "changed_from_reference" not in card and card["description"].startswith("frozen GloVe -> 2-layer LSTM")


def test_the_attention_remedy_trains_its_embeddings_and_says_what_changed(tmp_path):
    data = synthetic(tmp_path / "data", 400)
    cfg = TrainConfig(epochs=3, n_valid=40, batch_size=32, lr=1e-2, finetune_embeddings=True, pooling="attention")
    card = train(cfg, data, tmp_path / "w", data / "glove.txt", log=lambda s: None, progress=False)
    assert card["test"]["accuracy"] >= 0.9
    assert card["config"]["pooling"] == "attention" and card["config"]["finetune_embeddings"]
    assert card["parameters"]["frozen_embedding"] == 0
    assert card["description"].startswith("fine-tuned GloVe -> 2-layer LSTM (128) -> additive attention")
    assert [c.split()[0] for c in card["changed_from_reference"]] == ["embeddings", "additive"]
    ck = checkpoint.load(tmp_path / "w")
    glove_row = torch.tensor([2.0, 0, 0, 0])  # "war", as glove.txt gives it
    assert not torch.equal(ck.model.embedding.weight[ck.vocab.encode(["war"])[0]], glove_row)


def test_evaluate_cli_prints_one_json_object(tmp_path, tiny_dir):
    data = synthetic(tmp_path / "data", 40)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "lstmdemo",
            "evaluate",
            "--weights",
            str(tiny_dir / "lstm"),
            "--data",
            str(data / "test.csv"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result = json.loads(out.stdout)
    assert result["n"] == 40 and 0 <= result["accuracy"] <= 1
    assert sum(map(sum, result["confusion"])) == 40 and set(result["per_class"]) == {
        "World",
        "Sports",
        "Business",
        "Sci/Tech",
    }


def test_missing_data_says_where_ag_news_comes_from(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "lstmdemo", "train", "--data", str(tmp_path / "x"), "--out", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert out.returncode == 2 and "AG News is not shipped with lstmdemo" in out.stderr


@needs_data
@pytest.mark.slow
def test_committed_lstm_reaches_the_accuracy_target_and_beats_the_rnn():
    from lstmdemo.train import evaluate

    rows = read_csv(DATA / "test.csv")
    assert len(rows) == 7600
    acc = {}
    for name in ("lstm", "rnn"):
        ck = checkpoint.load(name)
        acc[name] = evaluate(ck.model, ck.vocab, rows)["accuracy"]
        # The PTB-equivalent tokenizer (issue 8: "cannot", "gonna", PTB quotes) reads 11 of
        # these 7,600 articles differently from the tokenizer the topic models were trained
        # with; that moves at most a row or two.
        assert acc[name] == pytest.approx(ck.card["test"]["accuracy"], abs=2 / len(rows))
    assert acc["lstm"] >= 0.915
    assert acc["lstm"] > acc["rnn"]
