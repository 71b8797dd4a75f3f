"""One explanation -> the page's text: status, coloured words, details, and each lesson's reading from numbers."""

import dataclasses
import os

import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import MAX_TOKENS
from lstmdemo.ui import explanation_text as render
from lstmdemo.ui import formatting as fmt
from tests.support.checkpoints import gradient_flow

say = sayer("en")
TOPIC = tasks.get("topic")
FLAGSHIP = TOPIC.examples()[0].text
MODEL = os.environ.get("LSTMDEMO_MODEL", "lstm")
COMPARE = os.environ.get("LSTMDEMO_COMPARE", "rnn") or None


@pytest.fixture(scope="module")
def tiny(tiny_dir):
    return {"model": tiny_dir / "lstm", "compare": tiny_dir / "rnn", "n_steps": 10}


def test_highlighted_text_is_the_typed_text_with_scaled_scores(tiny):
    text = "The company did  not report very strong earnings!"
    exp = explain(text, **tiny)
    segments = render.highlighted(exp)
    assert "".join(s for s, _ in segments) == text
    scores = [score for _, score in segments if score is not None]
    assert len(scores) == len(exp.tokens)
    assert max(abs(s) for s in scores) == pytest.approx(1.0) and all(-1 <= s <= 1 for s in scores)
    assert all(score is None for s, score in segments if not s.strip())


def test_the_status_reads_plainly_and_marks_a_truncated_text(tiny):
    exp = explain("stocks fell", **tiny)
    status = render.status_markdown(exp, TOPIC, say)
    p = max(exp.probabilities)
    assert status.startswith(f"**{exp.predicted}**, {p:.0%} sure. Words in red pushed toward **{exp.predicted}**")
    assert "Integrated Gradients" not in status and "baseline" not in status
    cut = dataclasses.replace(exp, text=exp.text + " sharply" * 500, truncated=True, n_tokens_total=502)
    assert render.highlighted(cut)[-1] == (" …", None)
    assert f"only the first {MAX_TOKENS} of its 502 words" in render.status_markdown(cut, TOPIC, say)
    assert "long" not in status


def test_mostly_unknown_words_make_the_prediction_box_say_it_is_a_guess(tiny):
    exp = explain("zqxv wmpt qqzz stocks", **tiny)
    assert lessons.confidence(exp).guess
    assert render.prediction_label(exp, TOPIC, say) == "⚠️ A guess: 3 of 4 words are unknown to the model"
    assert "this answer is a guess" in render.status_markdown(exp, TOPIC, say)
    known = explain("stocks fell", **tiny)
    assert render.prediction_label(known, TOPIC, say) == "Predicted topic"


def test_the_details_hold_the_integrated_gradients_numbers(tiny):
    exp = explain("stocks fell", **tiny)
    details = render.details_markdown(exp, say)
    gap = exp.ig.f_x - exp.ig.f_baseline
    assert fmt.signed(gap) in details and f"steps used: {exp.ig.n_steps} ({exp.ig.rule})" in details
    assert "delta" in details and ("within the" in details) == exp.ig.converged
    assert "every word replaced by &lt;pad&gt;" in details and "float64" not in details and "jump" not in details
    shown = f"{fmt.plain(exp.ig.f_x)} − {fmt.subtrahend(exp.ig.f_baseline)} = "
    assert shown in details and "− −" not in details  # a negative baseline score is written "− (−0.0799)"


def test_the_details_say_when_float64_was_needed_and_how_many_jumps_were_shared_out(tiny):
    exp = explain("stocks fell", **tiny)
    rough = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, precision="float64", jumps=3, shared=0.42))
    details = render.details_markdown(rough, say)
    assert "integrated again in float64" in details and "flipped 3 time(s)" in details
    assert "42% of the change" in details
    korean = render.details_markdown(rough, sayer("ko"))
    assert "float64로 다시 적분" in korean and "3번 뒤집혔고" in korean and "42%" in korean


def test_a_sum_that_is_off_is_said_plainly_in_the_status_and_the_details(tiny):
    exp = explain("stocks fell sharply on wall street", **{**tiny, "n_steps": 2})
    off = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, converged=False))
    assert "The sum is off" in render.status_markdown(off, TOPIC, say)
    assert "the sum is off by more than the 1% promised" in render.details_markdown(off, say)
    on = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, converged=True))
    assert "sum is off" not in render.status_markdown(on, TOPIC, say)


def test_a_text_cut_at_the_character_limit_and_a_refinement_out_of_time_are_said(tiny):
    exp = explain("stocks fell sharply " * 1000, **{**tiny, "n_steps": None})  # 20,000 characters
    assert exp.n_chars_total == 20_000 and exp.truncated
    status = render.status_markdown(exp, TOPIC, say)
    assert "only its first 10,000 characters were read" in status and f"the first {len(exp.tokens)} words" in status
    stopped = dataclasses.replace(exp, ig=dataclasses.replace(exp.ig, converged=False, stopped="time"))
    assert "when the time this demo gives one text ran out" in render.status_markdown(stopped, TOPIC, say)
    assert "시간이 다 되어" in render.status_markdown(stopped, TOPIC, sayer("ko"))


def test_modifiers_are_listed_with_rank_share_flip_and_verdict(tiny):
    md = render.modifiers_markdown(explain("The company did not report very strong earnings", **tiny), TOPIC, say)
    assert "| not | negation |" in md and "| very | intensifier |" in md
    assert md.count("\n- Removing “") == 2  # one verdict line per modifier
    assert md.endswith(say("misses.gates.position"))  # what the gates did is read with retention's caveat
    assert md.splitlines()[0] == "| word | kind | rank | share of the attribution |"  # four columns fit a phone


def test_the_hint_for_a_text_without_modifiers_offers_the_tasks_own_example(tiny):
    none = explain("The striker scored twice", **tiny)
    topic = render.modifiers_markdown(none, TOPIC, say)
    assert topic.startswith("No modifier") and "“The new phone's battery life is not good”" in topic
    sentiment = tasks.get("sentiment")
    review = render.modifiers_markdown(none, sentiment, say)
    assert "“The movie is not good”" in review and "phone" not in review  # a review, not a news sentence
    assert render.modifier_example(sentiment) == sentiment.examples()[0].text
    korean = render.modifiers_markdown(none, sentiment, sayer("ko"))
    assert "다음 예시를 입력해 보세요: “The movie is not good”." in korean


def test_the_gate_reading_names_the_words_where_the_gate_moved_most(tiny):
    exp = explain("the team won the cup and the company did not report", **tiny)
    reading = lessons.gate_moments(exp, "f", 1)
    md = render.gate_markdown(exp, say, "f", 1)
    first = reading.moments[0]
    way = "rose" if first.rose else "fell"
    assert f"At “{first.word}” it {way} most ({first.before:.2f} → {first.after:.2f})" in md
    assert say("gate.f.up" if first.rose else "gate.f.down") in md
    ko = sayer("ko")
    later = reading.moments[1]
    change = "상승" if later.rose else "하락"
    assert f"그다음으로 큰 변화는 “{later.word}”에서의 {change}입니다" in render.gate_markdown(exp, ko, "f", 1)


def test_the_output_gate_of_the_last_layer_shows_its_memory_to_the_classifier(tiny):
    exp = explain("the team won the cup and the company did not report", **tiny)
    last = len(exp.gates.f)
    assert last == 2 and "the next layer" in render.gate_markdown(exp, say, "o", 1)
    assert "the classifier" in render.gate_markdown(exp, say, "o", last)
    assert "분류기에" in render.gate_markdown(exp, sayer("ko"), "o", last)


@pytest.fixture(scope="module")
def flagship():
    return explain(FLAGSHIP, model=MODEL, compare=COMPARE, n_steps=10)


def test_the_vanishing_gradient_reading_states_the_flagship_numbers(flagship):
    r = lessons.reach(flagship)
    md = render.reach_markdown(flagship, say)
    assert f"RNN's first word keeps **{fmt.share(r.first_rnn)}**" in md
    assert f"LSTM's first word keeps **{fmt.share(r.first_lstm)}**" in md
    assert r.first_rnn < 1e-3 < 1e-2 < r.first_lstm


def test_the_highway_reading_states_the_flagship_numbers(flagship):
    hw = lessons.highway(flagship, 1)
    md = render.highway_markdown(flagship, say, 1)
    assert f"keep **{fmt.share(hw.first_highway)}** of what the first word wrote" in md
    assert f"**{fmt.times(hw.ratio)}** what the average unit keeps ({fmt.share(hw.first_all)})" in md
    assert hw.first_highway >= 10 * hw.first_all


def test_a_short_sentence_says_why_the_curves_look_alike(tiny):
    exp = explain("Oil prices rose sharply", **tiny)
    r, md = lessons.reach(exp), render.reach_markdown(exp, say)
    assert "only 4 words" in md and "which words matter" in md
    assert ("look alike" in md) == r.alike  # said only when the two numbers shown are close
    assert ("above 1 means" in md) == r.above_one


@pytest.mark.parametrize(
    ("rnn", "lstm", "alike", "above_one"), [(0.074, 2.51, False, True), (0.5, 0.8, True, False), (1.2, 0.9, True, True)]
)
def test_the_short_sentence_reading_is_true_to_its_numbers(tiny, rnn, lstm, alike, above_one):
    exp = explain("Oil prices rose sharply", **tiny)
    flow = gradient_flow(lstm=(lstm, 0.5, 0.5, 1.0), rnn=(rnn, 0.5, 0.5, 1.0))
    shaped = dataclasses.replace(exp, gradient_flow=flow)
    r = lessons.reach(shaped)
    assert (r.alike, r.above_one) == (alike, above_one)
    for lang, look_alike, above in (("en", "look alike", "above 1 means"), ("ko", "비슷해 보입니다", "1보다 큰 값")):
        md = render.reach_markdown(shaped, sayer(lang))
        assert (look_alike in md) == alike and (above in md) == above_one
        assert fmt.share(rnn) in md and fmt.share(lstm) in md
