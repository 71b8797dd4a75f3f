import pytest

from lstmdemo import tasks
from lstmdemo.data import LABELS


def test_topic_task_is_the_ag_news_task():
    t = tasks.get("topic")
    assert t.labels == LABELS
    assert (t.weights, t.compare) == ("lstm", "rnn")


def test_every_task_has_examples_and_an_opening_one():
    for t in tasks.TASKS.values():
        examples = t.examples()
        assert examples, t.name
        assert all(e.group.strip() and e.text.strip() for e in examples)
        assert len({e.text for e in examples}) == len(examples), "an example is listed twice"


def test_unknown_task_names_the_choices():
    with pytest.raises(ValueError, match="unknown task 'poetry'; choose one of topic"):
        tasks.get("poetry")


def test_cards_written_before_tasks_are_topic_models():
    assert tasks.of_card({}).name == "topic"
    assert tasks.of_card({"task": "topic"}).name == "topic"
