import json
import shutil

import numpy as np
import pytest
import torch

from lstmdemo import tasks
from lstmdemo.__main__ import main
from lstmdemo.modeling import checkpoint, vocab
from lstmdemo.modeling.model import ModelConfig, build_model
from lstmdemo.modeling.text import words
from lstmdemo.studies import probes
from lstmdemo.studies.probes import CATEGORIES, LONG_DISTANCE, ProbeFileError, load, parse, passes

HEADER = "\t".join(probes.COLUMNS)
ROW = "topic-001\ttopic\ttopic_control\tsame\tBusiness\tnot\treport\tThe firm reported profit.\t{probe}\thand"
GOOD = ROW.format(probe="The firm did not report profit.")


def test_the_suite_is_well_formed():
    items = load()
    assert len(items) >= 200
    assert len({it.id for it in items}) == len(items)
    assert {it.category for it in items} == set(CATEGORIES)
    for it in items:
        cat = CATEGORIES[it.category]
        assert it.task == cat.task and it.expect in cat.expects and it.label in tasks.get(it.task).labels
        assert it.base != it.probe and it.modifier in words(it.probe) and it.target in words(it.probe)
        assert it.base[0].isupper() and it.probe[0].isupper() and it.probe[-1] in ".!"
    for it in (it for it in items if it.category == "long_negation"):
        w = words(it.probe)
        assert w.index(it.target) - w.index(it.modifier) >= LONG_DISTANCE, it.id
    per_category = {c: [it for it in items if it.category == c] for c in CATEGORIES}
    assert min(len(v) for v in per_category.values()) >= 30
    sentiment = [it for it in items if it.task == "sentiment"]
    assert len({it.source for it in sentiment}) >= 40 and len({it.target for it in sentiment}) >= 60


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (GOOD.replace("topic_control", "sarcasm"), "unknown category 'sarcasm'"),
        (GOOD.replace("\tsame\t", "\tflip\t"), "expect 'flip' is not allowed"),
        (GOOD.replace("Business", "Cooking"), "label 'Cooking'"),
        (GOOD.replace("\tnot\t", "\tvery\t"), "must contain the modifier 'very'"),
        (GOOD.replace("\tnot\t", "\tfirm\t"), "modifier 'firm' is not a"),
        (GOOD.replace("\thand", ""), "expected 10 non-empty"),
    ],
)
def test_malformed_items_are_refused_with_line_and_reason(row, problem):
    with pytest.raises(ProbeFileError, match=f"x.tsv:3: .*{problem}"):
        parse(f"{HEADER}\n{GOOD.replace('001', '000')}\n{row}\n", source="x.tsv")


def test_duplicate_ids_wrong_header_and_short_long_negations_are_refused():
    with pytest.raises(ProbeFileError, match=r"x.tsv:3: item topic-001: duplicate id"):
        parse(f"{HEADER}\n{GOOD}\n{GOOD}\n", source="x.tsv")
    with pytest.raises(ProbeFileError, match=r"x.tsv:1: expected the header"):
        parse(GOOD, source="x.tsv")
    short = "ln-1\tsentiment\tlong_negation\tflip\tPositive\tnot\tgood\tIt is good.\tIt is not good.\thand"
    with pytest.raises(ProbeFileError, match="only 1 tokens before 'good'"):
        parse(f"{HEADER}\n{short}\n")


def test_pass_rules():
    pos, neg = np.array([0.2, 0.8]), np.array([0.7, 0.3])
    assert passes("flip", 1, pos, neg) and not passes("flip", 1, neg, neg)  # a wrong base cannot flip
    assert passes("toward", 0, neg, np.array([0.6, 0.4])) and not passes("toward", 0, neg, neg)
    assert passes("rise", 1, pos, np.array([0.1, 0.9])) and not passes("rise", 1, pos, np.array([0.3, 0.7]))
    assert not passes("rise", 1, neg, np.array([0.6, 0.4]))  # more sure, but of the wrong label
    assert passes("fall", 1, pos, np.array([0.3, 0.7])) and not passes("fall", 1, pos, pos)
    assert passes("same", 2, np.array([0.1, 0.1, 0.8]), np.array([0.2, 0.2, 0.6]))
    assert not passes("same", 2, np.array([0.1, 0.1, 0.8]), np.array([0.6, 0.2, 0.2]))
    with pytest.raises(ValueError, match="unknown expectation"):
        passes("wobble", 0, pos, pos)


def test_run_and_cli_on_a_small_model(tiny_dir, tmp_path, capsys):
    weights = shutil.copytree(tiny_dir / "lstm", tmp_path / "lstm")
    items = load()
    report = probes.run(checkpoint.load(weights), items)
    assert report.task == "topic" and report.n == sum(it.task == "topic" for it in items)
    (cat,) = report.categories
    assert cat.name == "topic_control" and cat.n == report.n and report.n_passed == cat.n_passed
    assert len(cat.failures) == min(3, cat.n - cat.n_passed) and all(not f.passed for f in cat.failures)
    assert main(["probe", "--weights", str(weights), "--json", "--save"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(report.to_dict()))
    assert checkpoint.read_card(weights)["probes"] == printed
    assert main(["probe", "--weights", str(weights)]) == 0
    assert "topic_control" in capsys.readouterr().out


def test_a_sentiment_model_runs_the_sentiment_items(tmp_path):
    torch.manual_seed(0)
    items = load()
    v = vocab.build([words(it.probe) for it in items])
    model = build_model(ModelConfig(vocab_size=len(v), embed_dim=8, hidden=16, num_classes=2))
    card = {"name": "tiny", "arch": "lstm", "task": "sentiment", "labels": ["Negative", "Positive"]}
    report = probes.run(checkpoint.load(checkpoint.save(model.eval(), v, card, tmp_path / "tiny")), items)
    names = [c.name for c in report.categories]
    assert names == ["negated_positive", "negated_negative", "long_negation", "intensifier", "diminisher"]
    assert report.n == sum(c.n for c in report.categories) == sum(it.task == "sentiment" for it in items)
