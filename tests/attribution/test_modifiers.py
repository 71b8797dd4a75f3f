"""What one sentence's attribution and gates say about each modifier: ranks, shares, verdicts, gates."""

import numpy as np
import pytest

from lstmdemo.attribution.gates import GateTrace, retention
from lstmdemo.attribution.modifiers import ModifierReport, abs_shares, gate_readings, ranks, verdict
from lstmdemo.i18n import sayer


def test_ranks_and_shares():
    assert ranks([0.1, 0.5, 0.1, 0.3]) == [3, 1, 4, 2]
    assert abs_shares([1.0, -3.0]) == [0.25, 0.75]
    assert abs_shares([0.0, 0.0]) == [0.5, 0.5]


def _report(word: str, rank: int, n: int, share: float, predicted: str, without: str) -> ModifierReport:
    return ModifierReport(0, word, "negation", rank, n, share, 0.9, 0.8, without, without != predicted)


def test_verdict_wording():
    say = sayer("en")
    assert verdict(_report("not", 7, 9, 0.02, "Business", "Business"), "topic", say) == (
        "'not' ranks 7 of 9 words and holds 2% of the attribution: the LSTM barely weighs it; "
        "removing it leaves the topic at Business."
    )
    assert verdict(_report("never", 1, 4, 0.5, "World", "Sports"), "topic", say).endswith(
        "the LSTM does weigh it; removing it changes the topic to Sports."
    )
    assert "less than an average word" in verdict(_report("very", 3, 5, 0.15, "World", "World"), "topic", say)
    assert verdict(_report("not", 1, 5, 0.6, "Negative", "Positive"), "sentiment", say).endswith(
        "removing it changes the sentiment to Positive."
    )


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
