import json

import pytest

from lstmdemo import tasks
from lstmdemo.i18n import sayer
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.text import tokenize
from lstmdemo.studies import counterfactual, placement, probes
from lstmdemo.studies.counterfactual import edits

say = sayer("en")
EXAMPLES_TOPIC_FLAGSHIP = tasks.get("topic").examples()[0].text

#: sentence -> every edit as (kind, edited text, description), in order.
EXPECTED = {
    "The movie is not very good.": [
        ("remove", "The movie is very good.", "removed 'not'"),
        ("remove", "The movie is not good.", "removed 'very'"),
    ],
    "It isn't bad at all.": [("remove", "It is bad at all.", "removed 'n't'")],
    "I can't recommend it.": [("remove", "I can recommend it.", "removed 'n't'")],
    "It won't work.": [("remove", "It will work.", "removed 'n't'")],
    "I cannot say it was good.": [
        ("remove", "I can say it was good.", "removed 'not'"),
        ("insert_very", "I cannot say it was very good.", "inserted 'very' before 'good'"),
    ],
    "Not a good film, honestly.": [
        ("remove", "A good film, honestly.", "removed 'Not'"),
        ("insert_very", "Not a very good film, honestly.", "inserted 'very' before 'good'"),
    ],
    "It's a very good film.": [
        ("remove", "It's a good film.", "removed 'very'"),
        ("insert_not", "It's not a very good film.", "inserted 'not' after ''s'"),
    ],
    "They're barely funny.": [
        ("remove", "They're funny.", "removed 'barely'"),
        ("insert_not", "They're not barely funny.", "inserted 'not' after ''re'"),
    ],
    "Do you like it? The plot is good.": [
        ("insert_not", "Do you like it? The plot is not good.", "inserted 'not' after 'is'"),
        ("insert_very", "Do you like it? The plot is very good.", "inserted 'very' before 'good'"),
    ],
    "Great movie!": [("insert_very", "Very great movie!", "inserted 'very' before 'Great'")],
    # a determiner leads into a list of adjectives: "very" goes before the first; "not" needs a noun after it
    "A dull, boring movie.": [("insert_very", "A very dull, boring movie.", "inserted 'very' before 'dull'")],
    # an extreme adjective takes no "very": it goes before the next one
    "An awful, boring movie.": [("insert_very", "An awful, very boring movie.", "inserted 'very' before 'boring'")],
    "A very awful film.": [
        ("remove", "An awful film.", "removed 'very'"),
        ("insert_not", "A not very awful film.", "inserted 'not' before 'very awful'"),
    ],
    "Extremely dull.": [("remove", "Dull.", "removed 'Extremely'")],
    "The company did not report very strong earnings": [
        ("remove", "The company did report very strong earnings", "removed 'not'"),
        ("remove", "The company did not report strong earnings", "removed 'very'"),
    ],
    "Stocks fell sharply on Wall Street as oil prices rose": [
        ("remove", "Stocks fell on Wall Street as oil prices rose", "removed 'sharply'"),
    ],
    "The film's plot works.": [],
    # "close" is a verb here: after a modal, or before a number, it takes no "very"
    "The company said it would cut jobs and close two plants.": [
        ("insert_not", "The company said it would not cut jobs and close two plants.", "inserted 'not' after 'would'"),
    ],
    "They will close plants.": [("insert_not", "They will not close plants.", "inserted 'not' after 'will'")],
    # attributive without a determiner: "very" before the adjective, but no bare "reported not strong"
    "The company reported strong earnings.": [
        ("insert_very", "The company reported very strong earnings.", "inserted 'very' before 'strong'"),
    ],
    # "did" before a determiner is a main verb: no "did not a good job", no "a not good job"
    "He did a good job.": [("insert_very", "He did a very good job.", "inserted 'very' before 'good'")],
    "She has been fine.": [
        ("insert_not", "She has not been fine.", "inserted 'not' after 'has'"),
        ("insert_very", "She has been very fine.", "inserted 'very' before 'fine'"),
    ],
    # an adjective that does not grade takes no "very"; a copula's adjective before a noun takes none either
    "The results are better than the best of last year.": [
        ("insert_not", "The results are not better than the best of last year.", "inserted 'not' after 'are'"),
    ],
    "It was hard work.": [("insert_not", "It was not hard work.", "inserted 'not' after 'was'")],
    "It seems good.": [("insert_very", "It seems very good.", "inserted 'very' before 'good'")],
}


@pytest.mark.parametrize("sentence", list(EXPECTED))
def test_edits_are_exactly_as_specified(sentence):
    got = edits(sentence)
    assert [(e.kind, e.text, counterfactual.describe(e, say)) for e in got] == EXPECTED[sentence]
    for e in got:
        assert e.text == sentence[: e.start] + e.replacement + sentence[e.end :]


def test_very_goes_only_before_an_adjective_never_before_a_noun_or_number():
    texts = [e.text for t in tasks.TASKS.values() for e in t.examples()]
    texts += [x for it in probes.load() for x in (it.base, it.probe)]
    inserted = 0
    for text in texts:
        for e in edits(text):
            if e.kind != "insert_very":
                continue
            inserted += 1
            after = [t.text for t in tokenize(e.text) if t.start >= e.start]
            after = after[after.index("very") :]
            assert after[0] == "very" and after[1] in placement.ADJECTIVES, e.text
            assert len(after) < 3 or (after[2] not in placement.NUMBERS and not after[2].isdigit()), e.text
    assert inserted >= 100  # the rule still finds a slot in most short reviews
    assert all(e.kind != "insert_very" for e in edits(EXAMPLES_TOPIC_FLAGSHIP))  # "very close two plants"


#: sentence -> the window of each edit as "before [removed -> inserted] after", with … where cut.
WINDOWS = {
    "The movie is not very good.": ["The movie is [not -> ] very good.", "… movie is not [very -> ] good."],
    "Not bad at all": ["[Not -> ] Bad at all"],  # a capital passed on is not a change
    "It isn't bad at all.": ["It [isn't -> is] bad at all …"],
    "A very awful film.": ["[A very -> An] awful film.", "A [ -> not] very awful film …"],
    "Great movie!": ["[ -> Very] great movie!"],
    "Good, not.": ["Good, [not -> ]."],
}


@pytest.mark.parametrize("sentence", list(WINDOWS))
def test_an_edit_is_shown_in_a_short_window(sentence):
    def shown(w: counterfactual.Window) -> str:
        text = f"{w.before}[{w.removed} -> {w.inserted}]{w.after}"
        return ("… " if w.cut_before else "") + text + (" …" if w.cut_after else "")

    assert [shown(counterfactual.window(sentence, e)) for e in edits(sentence)] == WINDOWS[sentence]


def test_a_window_keeps_a_few_words_of_a_long_text():
    text = tasks.get("topic").examples()[0].text
    (e,) = [e for e in edits(text) if e.kind == "insert_not"]
    w = counterfactual.window(text, e)
    assert (w.before, w.removed, w.inserted, w.after) == ("said it would ", "", "not", " cut thousands of")
    assert w.cut_before and w.cut_after


def test_edit_records_what_and_where():
    (rm, _) = edits("The movie is not very good.")
    assert (rm.word, rm.modifier_kind, rm.index, rm.start, rm.end, rm.replacement) == ("not", "negation", 3, 13, 17, "")
    (ins,) = [e for e in edits("It was good.") if e.kind == "insert_not"]
    assert (ins.index, ins.start, ins.end, ins.replacement, ins.word) == (1, 6, 6, " not", "not")
    assert edits("Stocks fell today") == ()  # no modifier, no auxiliary, no adjective: nothing to edit


def test_run_predicts_and_attributes_every_variant(tiny_dir):
    ck = checkpoint.load(tiny_dir / "lstm")
    r = counterfactual.run(ck, "The company did not report very strong earnings")
    assert [v.text for v in r.edits] == [e.text for e in edits(r.text)]
    assert r.original.edit is None and all(v.edit is not None for v in r.edits)
    for v in (r.original, *r.edits):
        assert len(v.ig.attributions) == len(v.tokens) and sum(v.probabilities) == pytest.approx(1.0)
        assert v.target_prob == pytest.approx(v.probabilities[r.labels.index(r.target)])
    assert r.original.predicted == r.target
    json.dumps(r.to_dict())
    with pytest.raises(ValueError):
        counterfactual.run(ck, "  ")
