"""Lesson 4: where a gate moved most."""

import numpy as np
import pytest

from lstmdemo import lessons, tasks
from lstmdemo.explain import explain

FLAGSHIP = tasks.get("topic").examples()[0]


@pytest.fixture(scope="module")
def flagship():
    """The first example, the long news paragraph the page opens with, on the shipped weights."""
    return explain(FLAGSHIP.text, n_steps=10)


def test_gate_moments_are_the_largest_changes_of_the_mean_gate(tiny_dir):
    e = explain("the team won the cup and the company did not report", model=tiny_dir / "lstm", compare=None, n_steps=5)
    reading = lessons.gate_moments(e, "i", 2, n=3)
    mean = e.gates.i[1].mean(-1)
    change = np.abs(np.diff(mean))
    assert [m.index for m in reading.moments] == (np.argsort(-change)[:3] + 1).tolist()
    m = reading.moments[0]
    assert m.word == e.words[m.index] and m.after == pytest.approx(mean[m.index]) and m.rose == (m.after > m.before)
    assert reading.mean == pytest.approx(float(mean.mean()))


def test_the_turn_is_where_the_running_prediction_moves_most():
    e = explain("The movie is not good", task="sentiment", n_steps=4)
    t = lessons.turn(e)
    moved = np.abs(np.diff(np.asarray(e.running), axis=0)).sum(1) / 2
    assert t.index == int(moved.argmax()) + 1 and t.change == pytest.approx(moved.max())
    # measured: after "not" the LSTM still says Positive (0.65); "good" turns it Negative (0.67)
    assert (t.word, t.label_before, t.label) == ("good", "Positive", "Negative")
    assert t.without_word == pytest.approx(e.deleted[t.index]) and t.without_write == pytest.approx(
        tuple(e.interventions.write[t.index]), abs=1e-6
    )
    assert t.input_gate == pytest.approx(float(e.gates.i[-1, t.index].mean()), rel=1e-5)
    assert lessons.turn(explain("good", task="sentiment", n_steps=4)) is None
