import json
import shutil
import subprocess
import sys

import pytest
import torch

from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.data import Example, read_tsv
from lstmdemo.modeling.predict import attention_weights
from lstmdemo.modeling.text import words
from lstmdemo.modeling.train import evaluate
from lstmdemo.studies.attention_study import attention_study
from lstmdemo.studies.model_table import side_by_side
from tests.support.checkpoints import SENTENCES
from tests.support.data import REPO


def test_attention_study_weighs_modifiers_against_their_own_sentences(tiny_dir):
    rows = [Example(s, 0) for s in SENTENCES]
    result = attention_study(rows, model=tiny_dir / "lstm-attention")
    # "sharply" (sentence 1), "not" (4), "not" and "very" (5)
    assert result["n_rows"] == 5 and result["n_sentences"] == result["n_sentences_with_modifier"] == 3
    ck = checkpoint.load(tiny_dir / "lstm-attention")
    expected = []  # weight x T of each modifier
    for text in SENTENCES:
        norms = words(text)
        w = attention_weights(ck.model, torch.tensor(ck.vocab.encode(norms)))
        expected += [w[t] * len(norms) for t, word in enumerate(norms) if word in {"sharply", "not", "very"}]
    assert result["modifier"]["occurrences"] == len(expected) == 4
    assert result["modifier"]["mean_relative_share"] == pytest.approx(sum(expected) / 4, rel=1e-6)
    assert result["all"]["mean_relative_share"] == pytest.approx(1.0, rel=1e-6)  # weights sum to 1 per sentence


def test_attention_study_refuses_a_model_without_attention(tiny_dir):
    with pytest.raises(ValueError, match="has no attention pooling"):
        attention_study([Example("not good", 1)], model=tiny_dir / "lstm-finetuned")


def test_attention_cli_saves_the_study_in_the_card(tmp_path, tiny_dir):
    model = shutil.copytree(tiny_dir / "lstm-attention", tmp_path / "att")
    data = tmp_path / "rows.csv"
    data.write_text("".join(f'"1","{s}"\n' for s in SENTENCES))
    cmd = [
        sys.executable,
        "-m",
        "lstmdemo",
        "attention",
        "--weights",
        str(model),
        "--data",
        str(data),
        "--train",
        str(data),
    ]
    out = subprocess.run([*cmd, "--json", "--save"], capture_output=True, text=True, check=True, cwd=REPO)
    printed = json.loads(out.stdout)
    assert printed["data"] == "rows.csv" and printed["modifier"]["occurrences"] == 4
    assert checkpoint.load(model).card["attention_study"] == printed
    assert printed["frequencies"] == "rows.csv" and "frequency_matched" in printed


def test_side_by_side_puts_each_card_in_its_column(tmp_path, tiny_dir):
    ref = shutil.copytree(tiny_dir / "lstm", tmp_path / "ref")
    att = shutil.copytree(tiny_dir / "lstm-attention", tmp_path / "att")
    checkpoint.update_card(ref, test={"accuracy": 0.5}, validation={"accuracy": 0.25})
    study = attention_study([Example(s, 0) for s in SENTENCES], model=att)
    checkpoint.update_card(att, test={"accuracy": 0.75}, validation={"accuracy": 0.5}, attention_study=study)
    lines = side_by_side([str(ref), str(att)]).splitlines()
    assert lines[:4] == [
        f"| | {ref} | {att} |",
        "|---|---|---|",
        "| test accuracy | 0.5000 | 0.7500 |",
        "| validation accuracy | 0.2500 | 0.5000 |",
    ]
    modifier = study["modifier"]["mean_relative_share"]
    assert f"| attention weight: modifier | — | {modifier:.2f}x |" in lines
    assert lines.index(f"| attention weight: modifier | — | {modifier:.2f}x |") < lines.index("| best epoch | — | — |")


SST = REPO.parent / "shared" / "data" / "sst2"


@pytest.mark.parametrize("name", ["sentiment-lstm-finetuned", "sentiment-lstm-attention"])
def test_shipped_remedies_fit_and_keep_the_accuracy_in_their_cards(name):
    ck = checkpoint.load(name)
    assert ck.card["task"] == "sentiment" and ck.card["changed_from_reference"]
    assert ck.model.embedding.weight.requires_grad
    assert all(f.stat().st_size <= 10_000_000 for f in (checkpoint.WEIGHTS_DIR / name).iterdir())
    if not (SST / "test.tsv").is_file():
        pytest.skip(f"SST-2 is not at {SST}")
    result = evaluate(ck.model, ck.vocab, read_tsv(SST / "test.tsv"), names=("Negative", "Positive"))
    assert result["n"] == 1821 and result["accuracy"] == pytest.approx(ck.card["test"]["accuracy"], abs=1e-9)
