import json

import numpy as np
import pytest
import torch

from lstmdemo.__main__ import main
from lstmdemo.modeling import checkpoint, vocab
from lstmdemo.modeling.model import ModelConfig, build_model
from lstmdemo.modeling.text import words
from lstmdemo.studies import cad

ROWS = [
    "pair_id\tlabel\ttext",
    "7\tNegative\tThis film is not good.<br /><br />Skip it.",
    "7\tPositive\tThis film is good.<br /><br />See it.",
    '9\tPositive\t"A ""great"" cast, and it is very funny."',
    '9\tNegative\t"A ""great"" cast, and it is not funny."',
]


@pytest.fixture
def pairs_file(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    return path


def test_reader_unquotes_and_drops_line_breaks(pairs_file):
    a, b = cad.read_pairs(pairs_file)
    assert (a.pair_id, a.original_label, a.edited_label) == ("7", "Negative", "Positive")
    assert a.original == "This film is not good. Skip it." and a.edited == "This film is good. See it."
    assert b.original == 'A "great" cast, and it is very funny.' and b.edited_label == "Negative"
    assert cad.changes(a.original, a.edited) == ("'not' -> ''", "'Skip' -> 'See'")


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        (["pair\tlabel\ttext", *ROWS[1:]], "expected the header"),
        (ROWS[:4], "pairs need an even number"),
        ([ROWS[0], ROWS[1], ROWS[3], ROWS[2], ROWS[4]], "not one pair"),
        ([ROWS[0], "7\tNegative", ROWS[2]], r":2: expected pair_id<TAB>label<TAB>text"),
    ],
)
def test_reader_refuses_malformed_files(tmp_path, rows, problem):
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        cad.read_pairs(path)


def _sentiment_checkpoint(folder):
    torch.manual_seed(0)
    v = vocab.build([words(r) for r in ROWS])
    model = build_model(ModelConfig(vocab_size=len(v), embed_dim=8, hidden=16, num_classes=2))
    card = {"name": "tiny", "arch": "lstm", "task": "sentiment", "labels": ["Negative", "Positive"]}
    return checkpoint.save(model.eval(), v, card, folder / "tiny")


def test_evaluate_and_cli(pairs_file, tmp_path, tiny_dir, capsys):
    weights = _sentiment_checkpoint(tmp_path)
    pairs = cad.read_pairs(pairs_file)
    report = cad.evaluate(checkpoint.load(weights), pairs)
    assert [r.max_tokens for r in report.results] == list(cad.BUDGETS)
    assert report.median_tokens == np.median([len(words(p.original)) for p in pairs])
    for r in report.results:
        assert r.n_pairs == 2 and 0 <= r.both_right <= min(r.accuracy_original, r.accuracy_edited)
        assert all(x.outcome in ("both right", "the edit did not move the prediction") for x in r.examples)
    assert report.results[0].n_edit_visible == 2
    assert main(["cad", "--weights", str(weights), "--data", str(pairs_file), "--json", "--save"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["results"] == json.loads(json.dumps(report.to_dict()))["results"]
    assert checkpoint.read_card(weights)["cad"] == printed
    with pytest.raises(ValueError, match="labelled Positive / Negative"):
        cad.evaluate(checkpoint.load(tiny_dir / "lstm"), pairs)
