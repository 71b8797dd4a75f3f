import json
import shutil

import numpy as np
import pytest
import torch

from lstmdemo import tasks
from lstmdemo.__main__ import main
from lstmdemo.modeling import checkpoint, predict, vocab
from lstmdemo.modeling.model import ModelConfig, build_model
from lstmdemo.modeling.text import words
from lstmdemo.studies import probes
from lstmdemo.studies.probes import CATEGORIES, LONG_DISTANCE, ProbeFileError, load, moved, parse, person_label

HEADER = "\t".join(probes.COLUMNS)
ROW = "topic-001\ttopic\ttopic_control\tBusiness\tnot\treport\tThe firm reported profit.\t{probe}\thand"
GOOD = ROW.format(probe="The firm did not report profit.")


def test_the_suite_is_well_formed():
    items = load()
    assert len(items) >= 200
    assert len({it.id for it in items}) == len(items)
    assert {it.category for it in items} == set(CATEGORIES)
    for it in items:
        cat = CATEGORIES[it.category]
        assert it.task == cat.task and it.label in tasks.get(it.task).labels
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
        (GOOD.replace("\ttopic\ttopic_control", "\ttopic\tintensifier"), "category intensifier belongs to task"),
        (GOOD.replace("Business", "Cooking"), "label 'Cooking'"),
        (GOOD.replace("\tnot\t", "\tvery\t"), "must contain the modifier 'very'"),
        (GOOD.replace("\tnot\t", "\tfirm\t"), "modifier 'firm' is not a"),
        (GOOD.replace("\thand", ""), "expected 9 non-empty"),
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
    short = "ln-1\tsentiment\tlong_negation\tPositive\tnot\tgood\tIt is good.\tIt is not good.\thand"
    with pytest.raises(ProbeFileError, match="only 1 tokens before 'good'"):
        parse(f"{HEADER}\n{short}\n")


def test_the_label_a_person_gives_and_the_direction_each_category_expects():
    labels = ("Negative", "Positive")
    assert person_label("negated_negative", "Negative", labels) == "Positive"  # "not bad"
    assert person_label("negated_positive", "Positive", labels) == "Negative"  # "not good"
    assert person_label("long_negation", "Negative", labels) == "Positive"
    assert person_label("intensifier", "Negative", labels) == "Negative"  # "very bad" stays Negative
    assert person_label("diminisher", "Positive", labels) == "Positive"
    assert person_label("topic_control", "Sports", ("World", "Sports", "Business", "Sci/Tech")) == "Sports"
    assert moved("negated_negative", 5.0, 0.7) and not moved("negated_negative", 0.7, 5.0)
    assert moved("intensifier", 7.2, 9.1) and not moved("intensifier", 9.1, 7.2)  # margins, not P(.) = 0.999
    assert moved("diminisher", 3.0, 1.0) and moved("topic_control", 3.0, 1.0) is None


def test_capability_counts_only_the_label_a_person_gives():
    """ "not bad" whose Negative margin falls from +5.7 to +0.7 moves the right way (direction) and still
    fails: it is read as Negative (capability). Turned Positive, it passes both."""
    (item,) = parse(
        f"{HEADER}\nnn-1\tsentiment\tnegated_negative\tNegative\tnot\tbad\tIt is bad.\tIt is not bad.\thand\n"
    )
    labels = ("Negative", "Positive")
    weaker = probes.judge(item, labels, np.array([[5.7, 0.0], [0.7, 0.0]], dtype=np.float32))
    assert weaker.expected == "Positive" and weaker.probe_predicted == "Negative"
    assert weaker.direction is True and weaker.capable is False
    assert weaker.base_margin == pytest.approx(5.7) and weaker.probe_margin == pytest.approx(0.7)
    assert weaker.probe_prob == pytest.approx(1 / (1 + np.exp(-0.7)), rel=1e-5)
    flipped = probes.judge(item, labels, np.array([[5.7, 0.0], [0.0, 0.4]], dtype=np.float32))
    assert flipped.capable is True and flipped.direction is True and flipped.probe_margin == pytest.approx(-0.4)


def test_run_and_cli_on_a_small_model(tiny_dir, tmp_path, capsys):
    weights = shutil.copytree(tiny_dir / "lstm", tmp_path / "lstm")
    items = load()
    report = probes.run(checkpoint.load(weights), items)
    assert report.task == "topic" and report.n == sum(it.task == "topic" for it in items)
    (cat,) = report.categories
    assert cat.name == "topic_control" and cat.n == report.n and report.capability == cat.capability
    assert cat.direction is None and report.direction is None  # a topic control expects no direction
    assert len(cat.failures) == min(3, cat.n - cat.capability.passed) and all(not f.capable for f in cat.failures)
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
    nn = next(c for c in report.categories if c.name == "negated_negative")
    probe_texts = [it.probe for it in items if it.category == "negated_negative"]
    positive = (predict.text_probabilities(checkpoint.load(tmp_path / "tiny"), probe_texts)[:, 1] >= 0.5).sum()
    assert nn.capability.passed == positive  # the share of "not bad" probes read as Positive
    assert all(c.direction is not None for c in report.categories)
    keys = list(report.to_dict()["categories"][0])
    assert keys.index("capability") < keys.index("direction")  # the capability first, as the card shows it
