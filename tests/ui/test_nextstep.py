"""The tab "What the next step changes": the reading follows the cards' numbers, the attention plot
shows weights that sum to 1, and a failure is said on the page."""

import math

import pytest

from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.ui import nextstep, nextstep_table
from lstmdemo.ui.figures import explanation as plots
from lstmdemo.ui.figures import style as figure
from lstmdemo.ui.nextstep_table import ATTENTION, FINETUNED, REFERENCE, Figures, ProbeFigures
from tests.support.figures import figure as drawn

say = sayer("en")
needs_weights = pytest.mark.skipif(not nextstep.available(), reason="the three sentiment models' weights are missing")


def _figures(probes: dict[str, tuple[int, int]], attention: float | None = None) -> Figures:
    """Cards whose probes are (capability passed, n); each category's direction count is one fewer."""
    rates = {k: ProbeFigures(n, passed, passed - 1) for k, (passed, n) in probes.items()}
    return Figures(0.8, rates, 0.5, 1.5, 0.7, attention, attention)


def _models(ref: dict, ft: dict, att: dict, weight: float = 3.7) -> dict[str, Figures]:
    return {REFERENCE: _figures(ref), FINETUNED: _figures(ft), ATTENTION: _figures(att, weight)}


def test_the_reading_says_which_remedy_passes_more_and_where_none_helps():
    ref = {"negated_positive": (30, 48), "long_negation": (6, 40), "diminisher": (29, 40)}
    ft = {"negated_positive": (39, 48), "long_negation": (11, 40), "diminisher": (21, 40)}
    att = {"negated_positive": (32, 48), "long_negation": (3, 40), "diminisher": (20, 40)}
    text = nextstep_table.reading(_models(ref, ft, att), say)
    assert "Of the 128 probes, the reference gets 65 right as a person labels them, fine-tuned embeddings 71" in text
    assert "attention 55; the most: Fine‑tuned embeddings." in text
    assert "Fine‑tuned + attention gets fewer probes right than the reference" in text
    assert "Fine‑tuned embeddings gets fewer" not in text
    assert "3.70× the weight of an average word, yet the attention model does not get more" in text
    assert "(of 88: the attention model 35, the fine-tuned model 50)" in text
    # diminishers are judged by their direction (one fewer than the capability in these cards)
    assert "Neither remedy helps diminishers: of 40, a diminisher lowers the margin" in text
    assert "for 20 with the fine-tuned model and 19 with the attention model, against 28 with the reference" in text
    korean = nextstep_table.reading(_models(ref, ft, att), sayer("ko"))
    assert "(88개 중 어텐션 모델 35개, 미세 조정 모델 50개)" in korean  # who passed which count, not "35개 대 50개"
    assert "평균 단어의 3.70배에 해당하는" in korean  # 배 in a sentence, × only in tables


def test_the_reading_turns_when_attention_and_a_remedy_do_help():
    ref = {"negated_positive": (10, 48), "diminisher": (5, 40)}
    ft = {"negated_positive": (20, 48), "diminisher": (5, 40)}
    att = {"negated_positive": (30, 48), "diminisher": (9, 40)}
    text = nextstep_table.reading(_models(ref, ft, att, weight=1.2), say)
    assert "the most: Fine‑tuned + attention." in text
    assert "fewer" not in text
    assert "1.20× the weight of an average word, and the attention model gets more negation probes right" in text
    assert "On diminishers a remedy helps: of 40, a diminisher lowers the margin" in text
    assert "for 4 with the fine-tuned model, 8 with the attention model and 4 with the reference" in text


def test_the_table_has_a_column_per_model_and_a_dash_where_a_card_did_not_measure():
    ref = {"negated_positive": (30, 48)}
    table = nextstep_table.table_markdown(_models(ref, ref, ref), say).splitlines()
    head = "| From the model cards | Reference (frozen GloVe) | Fine‑tuned embeddings | Fine‑tuned + attention |"
    assert table[0] == head
    assert "| probes: negated positive (“not good”) | 30/48 · 29/48 | 30/48 · 29/48 | 30/48 · 29/48 |" in table
    assert "| probes: diminisher (“slightly”) | — | — | — |" in table
    assert "| probes: all | 30/48 · 29/48 | 30/48 · 29/48 | 30/48 · 29/48 |" in table
    assert table[-1] == say("probe.legend")
    assert "| attention weight of a modifier (1× = an average word) | — | — | 3.70× |" in table
    assert "| test accuracy | 80.0% | 80.0% | 80.0% |" in table


@needs_weights
def test_the_shipped_cards_give_every_figure_of_the_table():
    figures = nextstep_table.card_figures()
    assert all(f.cad_both_right is not None and f.ig_function is not None for f in figures.values())
    assert figures[ATTENTION].attention_modifier is not None
    assert figures[REFERENCE].attention_modifier is None
    assert "—" not in nextstep_table.reading(figures, say)


@needs_weights
def test_the_attention_plot_shows_one_weight_a_word_summing_to_one():
    exp = explain("<b>not</b> good at all", model=nextstep.models()[ATTENTION], compare=None)
    fig = drawn(plots.attention_bars(exp, say))
    weights = list(fig.data[0].x)
    assert len(weights) == len(exp.words)
    assert math.isclose(sum(weights), 1.0, abs_tol=1e-3) and min(weights) > 0  # 4 digits each
    assert list(fig.layout.yaxis.ticktext) == exp.words  # the markup was never a word
    assert fig.layout.height >= figure.LINE_HEIGHT and "attention" in fig.layout.title.text


@needs_weights
def test_run_explains_with_each_model_and_says_a_failure_in_the_pages_language():
    view = nextstep.render(nextstep.compare("Not bad at all"), "en")
    assert list(view.columns) == list(nextstep.models()) == [REFERENCE, FINETUNED, ATTENTION]
    assert all("sure" in col.status for col in view.columns.values())
    assert [w for w, _ in view.columns[REFERENCE].words if w.strip()] == ["Not", "bad", "at", "all"]
    assert view.attention is not None
    empty = nextstep.render(nextstep.compare(""), "en")
    assert all(
        c.status.startswith("⚠️") and "Type a movie review in English" in c.status for c in empty.columns.values()
    )
    korean = nextstep.render(nextstep.compare(""), "ko")
    ko = sayer("ko")
    said = ko("status.error", message=ko("error.empty", input_noun="영화평"))
    assert all(c.status == said and "영어 영화평을 입력하세요" in c.status for c in korean.columns.values())
    assert empty.columns[REFERENCE].words is None and empty.attention is None


@needs_weights
def test_a_change_of_language_re_renders_the_cached_comparison_without_recomputing(monkeypatch):
    results = nextstep.compare("Not bad at all")
    english = nextstep.render(results, "en")
    monkeypatch.setattr(nextstep, "explain", lambda *a, **k: pytest.fail("the switch must not explain again"))
    korean = nextstep.render(results, "ko")
    assert all("확신도" in c.status and "sure" not in c.status for c in korean.columns.values())
    # the coloured words are numbers, the same in every language
    assert korean.columns[REFERENCE].words == english.columns[REFERENCE].words
    attention = drawn(korean.attention).layout
    assert "어텐션" in attention.title.text and "어텐션" in attention.xaxis.title.text
    assert nextstep.render(None, "ko") is None  # nothing compared yet
