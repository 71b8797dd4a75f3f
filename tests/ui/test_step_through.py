"""The step-through view's payload: what it holds, how compact and how safe it is, in both languages."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from lstmdemo import i18n, lessons, tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import MAX_TOKENS
from lstmdemo.ui import step_through as st
from tests.support.step_through_app import CASES

EN, KO = sayer("en"), sayer("ko")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: The budget for the largest payload: the longest text (200 words) of a 4-label model.
MAX_BYTES = 70_000


@pytest.fixture(scope="module")
def negation():
    return explain("The movie is not good", task="sentiment")


@pytest.fixture(scope="module")
def longest():
    """A topic text at the explained maximum: 4 labels, 200 words."""
    text = " ".join(e.text for e in tasks.get("topic").examples()) * 2
    exp = explain(text, task="topic", n_steps=4)
    assert len(exp.tokens) == MAX_TOKENS
    return exp


def test_the_payload_holds_every_word_answer_and_gate_the_view_draws(negation):
    d = json.loads(st.payload(negation, EN))
    n, c = 5, 2
    assert d["words"] == ["The", "movie", "is", "not", "good"] and d["space"] == [0, 1, 1, 1, 1]
    assert d["labels"] == ["Negative", "Positive"] and d["predicted"] == d["target"] == 0
    assert (d["model"], d["compare"]) == ("LSTM", "RNN")
    for key in ("running", "running_compare", "write", "cell", "deleted"):
        assert len(d[key]) == n * c, key
    assert d["n_units"] == 128 and len(d["layers"]) == 2
    for layer in d["layers"]:
        assert all(len(layer[k]) == n for k in ("i", "f", "g", "o", "c", "w", "keep"))
        assert len(layer["units"]) == 5 and all(len(layer[f"h{g}"]) == n * 5 for g in "figoc")
    assert d["layers"][0]["units"] == list(lessons.highway(negation, 1).units)


def test_numbers_are_rounded_to_what_the_eye_sees_and_sent_as_integers(negation):
    d = json.loads(st.payload(negation, EN))
    assert d["running"] == [round(p * 1000) for row in negation.running for p in row]
    assert d["write"] == [round(p * 1000) for p in np.asarray(negation.interventions.write).ravel()]
    f = negation.gates.f[0].astype(np.float64)
    assert d["layers"][0]["f"] == [round(v * 100) for v in f.mean(1)]
    assert d["layers"][0]["keep"] == [int(k) for k in (f > 0.9).sum(1)]
    units = d["layers"][1]["units"]
    assert d["layers"][1]["hc"][:5] == [round(v * 100) for v in negation.gates.c[1, 0, units]]
    assert max(map(abs, d["ig"])) == 100 and d["ig"][3] == 100  # "not" pushes hardest toward Negative
    numbers = [v for k, v in d.items() if k in ("running", "write", "cell", "deleted", "ig")]
    assert all(isinstance(x, int) for xs in numbers for x in xs)


def test_it_opens_where_the_answer_turns_and_shows_what_not_writing_not_does(negation):
    d = json.loads(st.payload(negation, EN))
    assert d["start"] == lessons.turn(negation).index == 4  # "good": P(Positive) 0.648 -> 0.329
    assert d["write"][3 * 2 + 1] >= 998  # "not" writes nothing: Positive ~100%
    assert json.loads(st.payload(explain("Great", task="sentiment"), EN))["start"] == 0  # one word


def test_the_longest_text_of_a_four_label_model_stays_under_the_budget(longest):
    text = st.payload(longest, KO)
    size = len(text.encode())
    assert size < MAX_BYTES, size
    assert len(json.loads(text)["labels"]) == 4


def test_user_text_cannot_become_markup_or_code():
    exp = explain(CASES["markup"][0], task="sentiment")
    text = st.payload(exp, EN)
    assert not set("<>&'`\u2028\u2029") & set(text)
    assert json.loads(text)["words"] == exp.words  # the same words come back
    assert {"<", ">", "&", "`"} <= set(exp.words) and "\\u003c" in text


def test_a_model_without_gates_gets_a_payload_without_the_cell():
    exp = explain("The movie is not good", model="sentiment-rnn")
    d = json.loads(st.payload(exp, KO))
    assert d["layers"] is None and d["write"] is None and d["cell"] is None and d["n_units"] == 0
    assert d["model"] == "RNN" and d["compare"] is None  # its comparison would be itself
    assert len(d["running"]) == len(d["deleted"]) == 10
    assert "{model}" in d["text"]["cell.none"]  # the view names the model in the message


def test_both_languages_give_every_text_with_the_same_placeholders():
    english, korean = st.texts(EN), st.texts(KO)
    assert set(english) == set(korean) == {k.removeprefix("step.") for k in st.TEXTS}
    assert set(st.TEXTS) == {k for k in i18n.catalogue() if k.startswith("step.")}
    for key in english:
        assert i18n.placeholders(english[key]) == i18n.placeholders(korean[key]), key
    assert all(HANGUL.search(korean[k]) for k in ("title", "caption", "play", "cell.none", "int.write"))
    assert english["position"] == "word {n} of {total}"
    templates = [i18n.catalogue(lang)[k] for lang in i18n.languages() for k in st.TEXTS]
    assert not [t for t in templates if re.search(r"\{\w+:", t)], "the browser fills plain {name} only"


def test_the_same_text_keeps_its_key_in_every_language(negation):
    en, ko = json.loads(st.payload(negation, EN)), json.loads(st.payload(negation, KO))
    assert en["key"] == ko["key"] and en["labels"] != ko["labels"]
    other = explain("The movie is good", task="sentiment")
    assert json.loads(st.payload(other, EN))["key"] != en["key"]


def test_the_component_draws_into_a_stable_root_from_files_safe_to_template():
    view = st.build(EN, elem_id="step")
    assert 'data-testid="step-through"' in view.html_template and "${" not in view.html_template
    css, js = view.css_template, view.js_on_load
    assert not re.search(r"`|\$\{|\{\{|\\", css), "Gradio reads the CSS as a JS template and Handlebars"
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js  # words become text nodes only
    assert 'watch("value"' in js and "lstmdemo:word" in js
