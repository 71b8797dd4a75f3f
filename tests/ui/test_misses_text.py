"""The text of the section "What the LSTM still misses": framing, probe table and edit table, from numbers."""

import dataclasses

import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer, slug
from lstmdemo.studies import sentence_edits
from lstmdemo.ui import formatting as fmt
from lstmdemo.ui import misses_text as view
from lstmdemo.ui.served_tasks import Served

SENTIMENT = tasks.get("sentiment")
SENT = "The movie is not very good"
say = sayer("en")


@pytest.fixture(scope="module")
def read() -> tuple:
    exp = explain(SENT, model=SENTIMENT.weights, compare=None)
    return exp, sentence_edits.read(exp)


def _served(task: str, card: dict) -> Served:
    return Served(tasks.get(task), "x", None, card, None)


def _probes(**rates: float) -> dict:
    failure = {"item": {"probe": "It is *not* <b>good</b>."}, "probe_predicted": "Positive"}
    cats = [{"name": k, "description": k, "n": 40, "pass_rate": v, "failures": [failure]} for k, v in rates.items()]
    return {"categories": cats}


def test_the_sentiment_framing_is_computed_from_the_card():
    study = {"by_kind": {"negation": {"mean_relative_share": 2.5}}}
    noticed = view.framing_markdown(
        _served("sentiment", {"modifier_study": study, "probes": _probes(long_negation=0.1)}), say
    )
    assert "**2.50×**" in noticed and "**10%**" in noticed and "cannot apply it" in noticed
    passing = view.framing_markdown(
        _served("sentiment", {"modifier_study": study, "probes": _probes(long_negation=0.6)}), say
    )
    assert "**60%**" in passing and "cannot apply it" not in passing


def test_the_topic_framing_shows_the_function_word_control():
    def card(modifier: float, function: float) -> dict:
        group = {"group": {"mean_relative_share": modifier}, "function_words": {"mean_relative_share": function}}
        group["content_words"] = {"mean_relative_share": 1.3}
        return {"modifier_study": {"frequency_matched": {"modifier": group}}}

    alike = view.framing_markdown(_served("topic", card(0.62, 0.6)), say)
    assert "**0.62×**" in alike and "0.60×" in alike and "1.30×" in alike and "as it treats function words" in alike
    unlike = view.framing_markdown(_served("topic", card(1.5, 0.6)), say)
    assert "**1.50×**" in unlike and "as it treats function words" not in unlike


def test_the_probe_table_names_each_category_escapes_card_text_and_shows_each_rate():
    text = view.probes_markdown(_served("sentiment", {"probes": _probes(long_negation=0.15, intensifier=0.5)}), say)
    far = say("probe.long_negation", distance=8)
    assert f"| {far} | 15% |" in text and f"| {say('probe.intensifier')} | 50% |" in text
    assert f"- *{far}*: LSTM: “It is \\*not\\* &lt;b&gt;good&lt;/b&gt;.” → Positive" in text
    assert "<b>" not in text and "8 or more tokens" in far
    korean = view.probes_markdown(_served("sentiment", {"probes": _probes(long_negation=0.15)}), sayer("ko"))
    assert "→ 긍정적\\(Positive\\)" in korean and "→ Positive" not in korean  # the label as the page names it


def test_the_edit_table_shows_each_edit_with_its_probability_and_flip(read):
    _, m = read
    text = view.edits_markdown(m, SENTIMENT.label_noun, say)
    for r in (m.original, *m.edits):
        assert f"“{r.variant.text}”" in text and f"{r.variant.target_prob:.3f}" in text
    flipped = [r for r in m.edits if r.variant.predicted != m.original.variant.predicted]
    assert text.count("(flips)") == len(flipped)
    ko = sayer("ko")
    korean = view.edits_markdown(m, "감성", ko)
    short, full = ko(f"label.short.{slug(m.target)}"), ko(f"label.{slug(m.target)}")
    assert f"P({short})" in korean and f"<strong>{fmt.text(full)}</strong>" in korean
    assert "P(Negative)" not in korean and "P(Positive)" not in korean
    assert all(f"| {label} |" not in korean for label in SENTIMENT.labels)  # the 예측 column is Korean too
    none = view.edits_markdown(dataclasses.replace(m, edits=(), n_edits=0), SENTIMENT.label_noun, say)
    assert none == say("misses.edits.none")


def test_the_edit_table_says_how_many_edits_it_left_out_and_why(read):
    _, m = read
    assert "automatic edits are shown" not in view.edits_markdown(m, SENTIMENT.label_noun, say)
    limited = view.edits_markdown(dataclasses.replace(m, n_edits=9), SENTIMENT.label_noun, say)
    assert f"{len(m.edits)} of the 9 automatic edits are shown: each is explained over the whole text" in limited
    stopped = view.edits_markdown(dataclasses.replace(m, n_edits=9, stopped="time"), SENTIMENT.label_noun, say)
    assert "the time this demo gives one text ran out" in stopped
    too_long = view.edits_markdown(dataclasses.replace(m, edits=(), n_edits=57), SENTIMENT.label_noun, say)
    assert f"“{m.original.variant.text}”" in too_long and "0 of the 57 automatic edits are shown" in too_long
