import pytest

from lstmdemo import i18n, tasks
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.data import read_csv, read_tsv
from lstmdemo.modeling.text import words


def test_topic_task_is_the_ag_news_task():
    t = tasks.get("topic")
    assert t.labels == ("World", "Sports", "Business", "Sci/Tech") and t.read is read_csv
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
    far = next(e for e in examples if e.group == "far_negation_with")
    tokens = words(far.text)
    distance = tokens.index("good") - tokens.index("not")
    for lang in i18n.languages():  # the group's name states the distance in every language
        assert distance >= 8 and str(distance) in i18n.say("example.group.far_negation_with", lang=lang)
    assert len(set(texts)) == len(texts)


def test_a_task_is_worded_from_the_catalogue_and_its_labels_stay_the_models():
    say = i18n.sayer("en")
    t = tasks.get("topic")
    assert t.worded(say) == t and t.label_names(say) == t.labels  # the registry speaks the English catalogue
    shout = t.worded(lambda key, **_: key.upper())
    assert (shout.title, shout.label_noun, shout.input_noun) == (
        "TASK.TOPIC.TITLE",
        "TASK.TOPIC.LABEL_NOUN",
        "TASK.TOPIC.INPUT_NOUN",
    )
    assert shout.labels == t.labels and t.label_name("Sci/Tech", lambda key: key) == "label.sci_tech"


def test_every_example_has_a_group_message_and_a_korean_gloss():
    for t in tasks.TASKS.values():
        for e in t.examples():
            assert all(i18n.say(f"example.group.{e.group}", lang=lang) for lang in i18n.languages())
            assert set(e.glosses) <= set(i18n.languages()) and e.glosses.get("ko", "").strip(), e.text


@pytest.mark.parametrize("name", list(tasks.TASKS))
def test_a_minimal_pair_says_which_side_has_the_modifier(name):
    """A pair's two sentences never share a group label: one is "with 'not'", the other "without"."""
    groups = [e.group for e in tasks.get(name).examples()]
    paired = [g for g in groups if g.endswith("_with")]
    assert paired and all(groups[groups.index(g) + 1] == g.removesuffix("_with") + "_without" for g in paired)
    for lang in i18n.languages():
        labels = [i18n.say(f"example.group.{g}", lang=lang) for g in groups if g.endswith(("_with", "_without"))]
        assert len(set(labels)) == len(labels), lang
