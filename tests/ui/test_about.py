"""The About tab: a card per served model, and every word of it re-made in another language."""

import re

import gradio as gr

from lstmdemo.i18n import sayer
from lstmdemo.ui.about import about_tab
from lstmdemo.ui.served_tasks import served_tasks
from tests.support.figures import figure as drawn

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_the_tab_shows_each_served_models_card_and_speaks_the_chosen_language(tiny_dir):
    served = served_tasks(tiny_dir / "lstm", tiny_dir / "rnn")
    with gr.Blocks():
        about = about_tab(served, sayer("en"))
    assert len(about.cards) == sum(1 + (s.compare_card is not None) for s in served.values())
    english, korean = about.texts(served, sayer("en")), about.texts(served, sayer("ko"))
    assert set(english) == set(korean) == {about.why, *(c for card in about.cards for c in card)}
    task, card, _ = about.cards[0]
    assert not HANGUL.search(english[task] + english[card] + english[about.why])
    assert HANGUL.search(korean[task]) and HANGUL.search(korean[card]) and HANGUL.search(korean[about.why])
    assert HANGUL.search(drawn(korean[about.cards[0][2]]).layout.title.text)
