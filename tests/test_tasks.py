import pytest

from lstmdemo import checkpoint, tasks
from lstmdemo.data import LABELS, read_csv, read_tsv
from lstmdemo.text import words


def test_topic_task_is_the_ag_news_task():
    t = tasks.get("topic")
    assert t.labels == LABELS and t.read is read_csv
    assert (t.weights, t.compare) == ("lstm", "rnn")
    assert t.valid_file is None  # a split carved from train, as the topic models were trained


def test_sentiment_task_is_sst2_validated_on_glue_dev():
    t = tasks.get("sentiment")
    assert t.labels == ("Negative", "Positive") and t.read is read_tsv
    assert (t.label_noun, t.input_noun) == ("sentiment", "movie review")
    assert (t.weights, t.compare) == ("sentiment-lstm", "sentiment-rnn")
    assert (t.train_file, t.valid_file, t.test_file) == ("train.tsv", "dev.tsv", "test.tsv")


def test_unknown_task_names_the_known_ones():
    with pytest.raises(ValueError, match="unknown task 'poetry'; choose one of topic, sentiment"):
        tasks.get("poetry")


def test_cards_written_before_tasks_are_topic_cards():
    assert tasks.of_card({}).name == "topic" and tasks.of_card({"task": "sentiment"}).name == "sentiment"


@pytest.mark.parametrize("name", list(tasks.TASKS))
def test_every_task_has_examples_and_committed_weights_that_name_it(name):
    t = tasks.get(name)
    examples = t.examples()
    assert len(examples) >= 8 and all(e.group and e.text.strip() for e in examples)
    for weights in (t.weights, t.compare):
        card = checkpoint.read_card(weights)
        assert card["task"] == name and tuple(card["labels"]) == t.labels


def test_sentiment_examples_hold_the_minimal_pairs():
    examples = tasks.get("sentiment").examples()
    texts = [e.text for e in examples]
    assert texts[0] == "The movie is not good"  # the page opens with the negation
    for with_modifier, without in [
        ("The movie is not good", "The movie is good"),
        ("The film is not bad", "The film is bad"),
        ("The acting is very good", "The acting is good"),
        ("The comedy is barely funny", "The comedy is funny"),
    ]:
        assert texts.index(without) == texts.index(with_modifier) + 1
    far = next(e for e in examples if e.group.startswith("Far negation: 'not'"))
    tokens = words(far.text)
    distance = tokens.index("good") - tokens.index("not")
    assert distance >= 8 and f"'not' {distance} tokens before 'good'" in far.group
    assert len(set(texts)) == len(texts)
