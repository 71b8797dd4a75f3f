import json

import pytest

from lstmdemo.i18n import sayer
from lstmdemo.modeling import checkpoint
from lstmdemo.studies import counterfactual
from lstmdemo.studies.counterfactual import edits

say = sayer("en")

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
    "Great movie!": [
        ("insert_not", "Not great movie!", "inserted 'not' before 'Great'"),
        ("insert_very", "Very great movie!", "inserted 'very' before 'Great'"),
    ],
    "An awful, boring movie.": [
        ("insert_not", "A not awful, boring movie.", "inserted 'not' before 'awful'"),
        ("insert_very", "A very awful, boring movie.", "inserted 'very' before 'awful'"),
    ],
    "A very awful film.": [
        ("remove", "An awful film.", "removed 'very'"),
        ("insert_not", "A not very awful film.", "inserted 'not' before 'very awful'"),
    ],
    "Extremely dull.": [
        ("remove", "Dull.", "removed 'Extremely'"),
        ("insert_not", "Not extremely dull.", "inserted 'not' before 'Extremely dull'"),
    ],
    "The company did not report very strong earnings": [
        ("remove", "The company did report very strong earnings", "removed 'not'"),
        ("remove", "The company did not report strong earnings", "removed 'very'"),
    ],
    "Stocks fell sharply on Wall Street as oil prices rose": [
        ("remove", "Stocks fell on Wall Street as oil prices rose", "removed 'sharply'"),
    ],
    "The film's plot works.": [],
}


@pytest.mark.parametrize("sentence", list(EXPECTED))
def test_edits_are_exactly_as_specified(sentence):
    got = edits(sentence)
    assert [(e.kind, e.text, counterfactual.describe(e, say)) for e in got] == EXPECTED[sentence]
    for e in got:
        assert e.text == sentence[: e.start] + e.replacement + sentence[e.end :]


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
