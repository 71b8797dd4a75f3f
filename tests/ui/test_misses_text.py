"""The text of the section "What the LSTM still misses": framing, probe table and edit table, from numbers."""

import dataclasses

import pytest

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer, slug
from lstmdemo.modeling.loading import load_model
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


def _rate(rate: float, n: int = 40) -> dict:
    return {"passed": round(rate * n), "n": n, "rate": rate}


def _probes(**rates: float) -> dict:
    """Categories with the capability ``rate`` (also where the base is right) and a direction of 0.85."""
    failure = {"item": {"probe": "It is *not* <b>good</b>."}, "probe_predicted": "Positive"}
    cats = [
        {"name": k, "n": 40, "capability": _rate(v), "direction": _rate(0.85), "capability_base_right": _rate(v, 20)}
        for k, v in rates.items()
    ]
    return {"categories": [c | {"failures": [failure]} for c in cats]}


def test_the_sentiment_framing_is_computed_from_the_card():
    study = {"by_kind": {"negation": {"mean_relative_share": 2.5}}}
    noticed = view.framing_markdown(
        _served("sentiment", {"modifier_study": study, "probes": _probes(long_negation=0.1)}), say
    )
    assert "**2.50×**" in noticed and "of the 20 long-distance negation probes" in noticed
    assert "reads only **2** right with it" in noticed and "cannot apply it" in noticed
    passing = view.framing_markdown(
        _served("sentiment", {"modifier_study": study, "probes": _probes(long_negation=0.6)}), say
    )
    assert "it reads **12** right with it" in passing and "cannot apply it" not in passing


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
    assert f"| {far} | 15% · 85% |" in text and f"| {say('probe.intensifier')} | 50% · 85% |" in text
    assert say("probe.legend") in text
    assert f"- *{far}*: LSTM: “It is \\*not\\* &lt;b&gt;good&lt;/b&gt;.” → Positive" in text
    assert "<b>" not in text and "8 or more tokens" in far
    korean = view.probes_markdown(_served("sentiment", {"probes": _probes(long_negation=0.15)}), sayer("ko"))
    assert "→ 긍정적\\(Positive\\)" in korean and "→ Positive" not in korean  # the label as the page names it


def test_the_edit_table_shows_each_edit_with_its_probability_and_flip(read):
    _, m = read
    text = view.edits_markdown(m, SENTIMENT.label_noun, say)
    table, details = text.split("<details>")
    assert "| The movie is ~~not~~ very good | **Positive** (flips) |" in table  # the change marked in its window
    assert "| … movie is not ~~very~~ good | Negative |" in table  # three words either side
    for r in (m.original, *m.edits):
        assert f"“{r.variant.text}”" in details and f"| {r.variant.target_prob:.3f} |" in table
    flipped = [r for r in m.edits if r.variant.predicted != m.original.variant.predicted]
    assert table.count("(flips)") == len(flipped) and "top words" in details
    ko = sayer("ko")
    korean = view.edits_markdown(m, "감성", ko)
    short, full = ko(f"label.short.{slug(m.target)}"), ko(f"label.{slug(m.target)}")
    assert f"P({short})" in korean and f"<strong>{fmt.text(full)}</strong>" in korean
    assert "P(Negative)" not in korean and "P(Positive)" not in korean
    assert all(f"| {label} |" not in korean for label in SENTIMENT.labels)  # the 예측 column is Korean too
    none = view.edits_markdown(dataclasses.replace(m, edits=(), n_edits=0), SENTIMENT.label_noun, say)
    assert none == say("misses.edits.none")


def test_an_edit_of_a_long_text_shows_a_few_words_and_the_whole_text_on_demand():
    """The 87-word paragraph: each row holds a window of the edit, not the paragraph (which made the table
    3,328 px wide); the whole text stays one click away."""
    text = tasks.get("topic").examples()[0].text
    exp = explain(text, compare=None)
    m = sentence_edits.read(exp)
    table, details = view.edits_markdown(m, "topic", say).split("<details>")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[2].startswith("| … said it would **not** cut thousands of … |")
    assert max(len(row) for row in rows) < 80
    assert all(f"“{fmt.text(r.variant.text)}”" in details for r in (m.original, *m.edits))
    assert "very close" not in table + details


def test_the_section_shows_the_not_bad_failure_beside_the_probe_suites_capability_rate():
    """ "The movie is not bad" stays Negative: the section says so plainly, with the share of the probe
    suite's negated negatives the LSTM reads as Positive beside it, in either language."""
    exp = explain("The movie is not bad", model=SENTIMENT.weights, compare=None)
    m = sentence_edits.read(exp)
    served = Served(SENTIMENT, SENTIMENT.weights, None, load_model(SENTIMENT.weights).card, None)
    rate = next(c for c in served.card["probes"]["categories"] if c["name"] == "negated_negative")["capability"]
    assert exp.predicted == "Negative" and rate["n"] == 40
    for lang, wrong, beside in (
        (
            "en",
            "**Here the LSTM gets it wrong.**",
            f"of 40 negated negatives (“not bad”), the LSTM reads only **{rate['passed']}** as a person does",
        ),
        (
            "ko",
            "**여기서 LSTM 모델은 틀립니다.**",
            f"부정된 부정(“not bad”) 40개 중 LSTM 모델이 사람처럼 읽은 것은 <strong>{rate['passed']}</strong>개",
        ),
    ):
        ko = sayer(lang)
        section = view.misses_markdown("(the modifiers table)", m, served.worded(ko), ko)
        assert wrong in section and beside in section and f"(**{fmt.whole_pct(rate['rate'])}**)" in section
        assert section.index(wrong) < section.index(ko("misses.edits.col.text"))  # before the edits, plainly
    good = sentence_edits.read(explain("The movie is not good", model=SENTIMENT.weights, compare=None))
    right = view.negation_markdown(good, served.worded(say), say)
    assert right.startswith("**Here the LSTM gets it right:** “not” turns the sentiment from Positive into Negative")
    assert "of 48 negated positives (“not good”)" in right
    topic = sentence_edits.read(explain("The company did not report strong earnings", compare=None))
    assert view.negation_markdown(topic, _served("topic", {}), say) == ""  # a negation need not flip a topic


def test_the_edit_table_says_how_many_edits_it_left_out_and_why(read):
    _, m = read
    assert "automatic edits are shown" not in view.edits_markdown(m, SENTIMENT.label_noun, say)
    limited = view.edits_markdown(dataclasses.replace(m, n_edits=9), SENTIMENT.label_noun, say)
    assert f"{len(m.edits)} of the 9 automatic edits are shown: each is explained over the whole text" in limited
    stopped = view.edits_markdown(dataclasses.replace(m, n_edits=9, stopped="time"), SENTIMENT.label_noun, say)
    assert "the time this demo gives one text ran out" in stopped
    too_long = view.edits_markdown(dataclasses.replace(m, edits=(), n_edits=57), SENTIMENT.label_noun, say)
    assert f"“{m.original.variant.text}”" in too_long and "0 of the 57 automatic edits are shown" in too_long
