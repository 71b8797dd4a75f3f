"""What one sentence's attribution and gates say about each modifier: ranks, shares, verdicts, gates."""

import numpy as np
import pytest

from lstmdemo.attribution.gates import GateTrace, retention
from lstmdemo.attribution.modifiers import GatesAtWord, ModifierReport, abs_shares, gate_readings, ranks, verdict
from lstmdemo.i18n import sayer

say = sayer("en")


def test_ranks_and_shares():
    assert ranks([0.1, 0.5, 0.1, 0.3]) == [3, 1, 4, 2]
    assert abs_shares([1.0, -3.0]) == [0.25, 0.75]
    assert abs_shares([0.0, 0.0]) == [0.5, 0.5]


def _report(word: str, kind: str, predicted: str, without: str, margins: tuple[float, float], **kw) -> ModifierReport:
    """``margins``: the predicted label's margin with and without the word."""
    probs = tuple(1 / (1 + np.exp(-x)) for x in margins)
    fields = {"predicted": predicted, "target": predicted, "target_prob": probs[0], "target_prob_without": probs[1]}
    fields |= {"predicted_without": without, "flips": without != predicted, "modifiers_decide": True}
    fields |= {"target_margin": margins[0], "target_margin_without": margins[1]}
    return ModifierReport(
        **{"index": 3, "word": word, "kind": kind, "rank": 2, "n_tokens": 5, "share": 0.2} | fields | kw
    )


def test_a_negation_that_leaves_the_answer_is_not_taken_into_account():
    m = _report("not", "negation", "Negative", "Negative", (1.56, 5.5))  # "The movie is not bad"
    text = verdict(m, "sentiment", say)
    assert text == (
        "Removing “not” leaves the sentiment at Negative, so the answer does not depend on it; with it the model is "
        "less sure of Negative: its margin is 3.94 lower (margin of Negative: +1.56 with it, +5.50 without; "
        "P(Negative): 0.826 with it, 0.996 without). A reader expects a negation to flip the sentiment: here the "
        "model misses it."
    )
    assert "into account" not in text


def test_a_flip_is_said_and_judged_by_what_a_reader_expects():
    good = verdict(_report("not", "negation", "Negative", "Positive", (0.71, -7.19)), "sentiment", say)
    assert good.startswith("Removing “not” changes the sentiment from Negative to Positive: the model takes “not”")
    assert "(margin of Negative: +0.71 with it, −7.19 without;" in good and "That is what a negation should do." in good
    topic = verdict(_report("never", "negation", "World", "Sports", (1.0, -1.0), modifiers_decide=False), "topic", say)
    assert "changes the topic from World to Sports" in topic
    assert topic.endswith("A reader would not expect a negation to change the topic.")
    very = verdict(_report("very", "intensifier", "Negative", "Positive", (0.5, -0.5)), "sentiment", say)
    assert very.endswith("An intensifier or a diminisher usually changes how sure the answer is, not the answer.")


def test_a_saturated_probability_still_shows_the_margin_moving():
    m = _report("very", "intensifier", "Positive", "Positive", (9.10, 7.19))  # "very good": P 0.999 -> 1.000
    text = verdict(m, "sentiment", say)
    assert "with it the model is surer of Positive: its margin is 1.91 higher" in text
    assert "P(Positive): 1.000 with it, 0.999 without" in text and "+9.10 with it, +7.19 without" in text
    assert text.endswith("As an intensifier should, it makes the answer surer.")
    weaker = verdict(_report("very", "intensifier", "Positive", "Positive", (7.0, 7.19)), "sentiment", say)
    assert weaker.endswith("An intensifier should make the answer surer; here it does not.")
    hedge = verdict(_report("barely", "diminisher", "Positive", "Positive", (0.87, 4.37)), "sentiment", say)
    assert hedge.endswith("As a diminisher should, it makes the answer less sure.")
    still = verdict(_report("slightly", "diminisher", "Positive", "Positive", (4.36, 4.37)), "sentiment", say)
    assert still.startswith("Removing “slightly” changes almost nothing: the sentiment stays Positive and the margin")
    assert still.endswith("A diminisher should make the answer less sure; here it does not.")


def test_the_verdict_says_what_the_gates_did_in_either_language():
    gates = (GatesAtWord(1, 0.6, 0.5, 1.2, 2, 0.3, 0.45, 0.3),)
    m = _report("not", "negation", "Negative", "Negative", (1.56, 5.5), gates=gates)
    assert verdict(m, "sentiment", say).endswith(
        "At “not”, layer 2's input gate opened 1.20× as wide as at the other words (rank 2 of 5), and 45% of what it "
        "wrote reaches the end (the other words: 30%)."
    )
    korean = verdict(m, "감성", sayer("ko"))
    assert korean.startswith("“not” 단어를 빼도 감성은 부정적(Negative) 그대로이므로")
    assert "사람은 부정어가 감성을 뒤집으리라 기대하지만, 여기서 모델은 그러지 못합니다." in korean
    assert "2층의 입력 게이트는 다른 단어들의 1.20배만큼 열렸고" in korean and "은(는)" not in korean


def _trace(i, g, f):
    i, g, f = (np.array(x, dtype=np.float32) for x in (i, g, f))
    return GateTrace(i=i, f=f, g=g, o=np.ones_like(i), c=np.zeros_like(i), h=np.zeros_like(i))


def test_gate_readings_on_known_numbers():
    # 2 layers, 3 words, 2 units; layer 0 hand-made, layer 1 with every input gate at 0.5
    i0 = [[0.5, 0.5], [0.2, 0.2], [0.9, 0.7]]
    g0 = [[1.0, 1.0], [1.0, -1.0], [0.5, 0.5]]
    f0 = [[0.1, 0.1], [0.5, 0.5], [0.5, 1.0]]
    trace = _trace([i0, [[0.5, 0.5]] * 3], [g0, g0], [f0, f0])
    (m,) = gate_readings(["It", "NOT", "good"], ["it", "not", "good"], trace, retention(trace))
    assert (m.index, m.word, m.kind, m.n_tokens) == (1, "NOT", "negation", 3)
    r0, r1 = m.layers
    assert r0.layer == 0 and r0.input_gate == pytest.approx(0.2)
    assert r0.input_gate_others == pytest.approx(0.65) and r0.input_ratio == pytest.approx(0.2 / 0.65)
    assert r0.input_rank == 3 and r0.written == pytest.approx(0.2)
    # survival after "not": f of "good" = [0.5, 1.0]; both units got |i*g| = 0.2
    assert r0.kept == pytest.approx(0.75)
    # "it": survival [0.25, 0.5] weighted by [0.5, 0.5] -> 0.375; "good" is last -> 1.0
    assert r0.kept_others == pytest.approx((0.375 + 1.0) / 2)
    assert r1.input_ratio == pytest.approx(1.0) and r1.input_rank == 2  # a tie, broken by position


def test_gate_readings_of_a_one_word_sentence_and_without_writes():
    trace = _trace([[[0.3, 0.3]]], [[[0.0, 0.0]]], [[[0.9, 0.9]]])
    (m,) = gate_readings(["Never"], ["never"], trace, retention(trace))
    (r,) = m.layers
    assert r.input_gate_others is None and r.input_ratio is None and r.kept_others is None
    assert r.written == 0.0 and r.kept == pytest.approx(1.0)  # nothing written: plain survival
    assert gate_readings(["good"], ["good"], trace, retention(trace)) == ()
