"""Vocabulary coverage: unknown tokens counted as the page reads a text, and stored through the command."""

import json
import shutil

from lstmdemo.__main__ import main
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.data import Example
from lstmdemo.studies.vocabulary_coverage import coverage


def test_unknown_tokens_and_texts_are_counted(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    rows = [Example("Stocks fell sharply zorblax", 2), Example("the team won", 1), Example("qqq qqq stocks", 2)]
    c = coverage(ck, rows)
    assert (c["n_texts"], c["n_tokens"], c["unknown_tokens"], c["texts_with_unknown"]) == (3, 10, 3, 2)
    assert c["unknown_share"] == 0.3 and c["most_frequent"][0] == ["qqq", 2]


def test_the_command_saves_the_study_in_the_card(tiny_dir, tmp_path, capsys):
    weights = shutil.copytree(tiny_dir / "lstm", tmp_path / "lstm")
    (tmp_path / "test.csv").write_text('3,"Stocks fell zorblax"\n2,"The team won"\n')
    assert main(["coverage", "--model", str(weights), "--data", str(tmp_path / "test.csv"), "--json", "--save"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["data"] == "test.csv" and out["unknown_tokens"] == 1
    assert checkpoint.read_card(weights)["coverage"] == out
