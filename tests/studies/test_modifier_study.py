"""The data-set modifier study through its command: read through the task, stored in the card."""

import json
import shutil

from lstmdemo.__main__ import main
from lstmdemo.modeling import checkpoint


def test_modifiers_cli_reads_through_the_task_and_stores_the_control(tiny_dir, tmp_path, capsys):
    weights = shutil.copytree(tiny_dir / "lstm", tmp_path / "lstm")
    (tmp_path / "test.csv").write_text('3,"The company stocks did not rise very much"\n2,"The team won"\n')
    (tmp_path / "train.csv").write_text('3,"Stocks did not rise"\n1,"Rebels attacked the capital"\n')
    args = ["modifiers", "--model", str(weights), "--data", str(tmp_path / "test.csv")]
    assert main([*args, "--train", str(tmp_path / "train.csv"), "--steps", "2", "--json", "--save"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["task"], out["data"], out["frequencies"], out["n_sentences"]) == ("topic", "test.csv", "train.csv", 2)
    # "not", "the" (function) and "stocks" (content) were each seen once in training: one bin
    assert out["frequency_matched"]["negation"]["occurrences"] == 1
    assert checkpoint.read_card(weights)["modifier_study"] == out
