"""Model cards -> the page's text: fact sheets that render whatever a card holds, and the modifier study."""

from lstmdemo.i18n import sayer
from lstmdemo.studies.word_shares import ShareStudy
from lstmdemo.ui import card_text as cards

say = sayer("en")


def test_the_modifier_study_renders_from_the_card_or_says_it_is_missing():
    missing = cards.modifier_study_markdown({}, say)
    assert missing == say("study.missing") and "python -m" not in missing  # a sentence for students, no command
    study = ShareStudy()
    study.add(["stocks", "did", "not", "rise"], [0.6, 0.1, -0.1, 0.2])
    study.add(["very", "good"], [0.0, 1.0])
    md = cards.modifier_study_markdown({"modifier_study": study.summary()}, say)
    assert "Over 2 test texts (2 with a modifier)" in md and "**0.20×**" in md
    assert "| modifiers | 2 | 5.0% | 0.20× | 0 |" in md and "| content words | 3 | 60.0% | 1.73× | 0.889 |" in md
    assert "| – negation | 1 | 10.0% | 0.40× | 0 |" in md and "| – diminisher | 0 | n/a | n/a | n/a |" in md


def test_a_model_card_without_metrics_still_renders():
    assert "no metrics yet" in cards.card_markdown({}, "The LSTM", "topic", say)
    card = {"test": {"accuracy": 0.912, "n": 7600, "per_class": {"World": {"precision": 0.9, "recall": 0.8}}}}
    md = cards.card_markdown(card, "The LSTM", "topic", say)
    assert "91.2%" in md and "7,600" in md and "| World | 90.0% | 80.0% | n/a | n/a |" in md
    korean = cards.card_markdown(card, "LSTM", "주제", sayer("ko"))
    assert "| 세계\\(World\\) | 90.0% |" in korean  # the per-class rows name labels as the page does


def test_a_model_card_describes_the_model_from_its_config_not_its_training_note():
    card = {"description": "frozen GloVe -> 2-layer LSTM (128) -> linear", "labels": ["World", "Sports"]}
    card["config"] = {"arch": "lstm", "layers": 2, "hidden": 128}
    korean = cards.card_markdown(card, "LSTM", "주제", sayer("ko"))
    assert "->" not in korean and "2층 LSTM (128 유닛)" in korean and "세계\\(World\\) 또는 스포츠" in korean
    assert "2-layer LSTM (128 units)" in cards.card_markdown(card, "LSTM", "topic", say)
