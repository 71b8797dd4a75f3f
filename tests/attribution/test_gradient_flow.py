"""Gradient flow: one norm per word, and over 33 words the RNN's vanishes where the LSTM's does not."""

from lstmdemo.attribution.gradient_flow import gradient_norms
from lstmdemo.modeling import checkpoint
from lstmdemo.modeling.predict import sentence_probabilities as probabilities
from lstmdemo.modeling.text import words
from tests.support.checkpoints import ids_of


def test_gradient_norms_one_per_position_and_the_rnn_vanishes():
    lstm = checkpoint.load("lstm")
    rnn = checkpoint.load("rnn")
    text = (
        "Oil prices rose sharply on Monday after OPEC said it would not raise output , and analysts warned "
        "that very high fuel costs could barely be absorbed by airlines already struggling with weak demand"
    )
    target = int(probabilities(lstm.model, ids_of(lstm, text)).argmax())
    g_lstm = gradient_norms(lstm.model, ids_of(lstm, text), target)
    g_rnn = gradient_norms(rnn.model, ids_of(rnn, text), target)
    assert len(g_lstm) == len(g_rnn) == len(words(text)) == 34
    assert all(g >= 0 for g in g_lstm + g_rnn)
    # The vanishing-gradient picture: 33 steps back, the RNN's gradient is all but
    # gone, while the LSTM's cell state still carries a sizeable share of it.
    assert g_rnn[0] / g_rnn[-1] < 1e-3
    assert g_lstm[0] / g_lstm[-1] > 0.1
