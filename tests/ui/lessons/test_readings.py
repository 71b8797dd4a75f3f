"""Every lesson's sentence on the example the page opens with, read from the model's own numbers and
checked against them, in English and Korean."""

from lstmdemo import lessons
from lstmdemo.i18n import sayer
from lstmdemo.lessons.parameters import Sizes, parameters
from lstmdemo.modeling.loading import load_model
from lstmdemo.ui import formatting as fmt
from lstmdemo.ui.handlers import Choices
from lstmdemo.ui.lessons import model


def test_the_vanishing_gradient_per_word_beside_the_chapters_half(topic):
    r = lessons.reach(topic["en"].shown.explanation)
    en, ko = topic["en"].lessons["gradient"].reading, topic["ko"].lessons["gradient"].reading
    assert f"**×{fmt.plain(r.factor_rnn, 2)}**" in en and "×0.78" in en and "×0.99" in en  # measured here
    assert "×0.5 multiplied 20 times is 9.5×10⁻⁷" in en and "86 times is 7×10⁻¹⁰" in en
    assert "×0.78</strong>씩" in ko and "×0.5씩 20번 곱하면 9.5×10⁻⁷" in ko


def test_cutting_the_highway_says_what_it_carried(topic, sentiment):
    assert "Cut the memory after “forecast”" in topic["en"].lessons["highway"].reading
    assert "the answer stays Business" in topic["en"].lessons["highway"].reading
    s = sentiment["en"].lessons["highway"].reading
    assert "Cut the memory after “not”" in s and "turns from Negative 67% to Positive 51%" in s
    assert (
        "부정적\\(Negative\\) 67%에서 긍정적\\(Positive\\) 51%로 바뀝니다" in sentiment["ko"].lessons["highway"].reading
    )


def test_the_gates_lesson_names_the_word_where_the_answer_turned(sentiment):
    en, ko = sentiment["en"].lessons["gates"].reading, sentiment["ko"].lessons["gates"].reading
    t = lessons.turn(sentiment["en"].shown.explanation)
    assert t.word == "good" and "The answer moved most at “good”" in en
    assert "the model said Positive 65%, after it Negative 67%" in en
    assert "Had “good” written nothing into the memory, the model would end at Positive 60%" in en
    assert "“good” 단어가 기억에 아무것도 기록하지 않았다면" in ko and "긍정적\\(Positive\\) 60%" in ko


def test_glove_good_is_as_close_to_bad_as_to_great_until_fine_tuned(sentiment, topic):
    en = sentiment["en"].lessons["glove"].reading
    assert "“good” to its opposite “bad” is 0.80 and to “great” 0.80" in en and "as close to its opposite" in en
    assert "the cosine to “bad” became 0.66 and to “great” 0.81" in en
    assert "only a model that fine-tunes them" in topic["en"].lessons["glove"].reading  # no fine-tuned topic model


def test_the_model_lesson_counts_four_blocks_and_reads_the_gap_by_length(handlers):
    say = sayer("en")
    sizes = Sizes(parameters(load_model("lstm")), parameters(load_model("rnn")))
    text = model.parameters_markdown(sizes, say) + model.accuracy_markdown(handlers.served_in("topic", say), say)
    assert "**224,772**" in text and "**56,580**" in text and "**3.97×**" in text
    assert "4 × 128 × (50 + 128 + 2) = 92,160 against 23,040" in text
    assert "right **92.1%**" in text and "within the chapter's 91%–93%" in text and "**4.1 points** apart" in text
    assert "The gap is there at every length: 3.8 points on the shortest quarter" in text  # AG News: not distance
    review = model.accuracy_markdown(handlers.served_in("sentiment", say), say)
    assert "The gap widens with length" in review and "13.7 on the longest" in review


def test_the_next_step_counts_unknown_words_and_builds_one_from_pieces(topic, handlers):
    text = topic["en"].lessons["next_step"].reading
    assert "The model knows all 87 words of this text" in text and "2.6% of the words are unknown" in text
    r = handlers.run("Vornado shares rose on Monday", "topic", "auto", "pad", 0.05, Choices(), "en")
    assert "1 of this text's 5 words are unknown to the model: “Vornado”" in r.lessons["next_step"].reading
    assert "build “Vornado” from its pieces (&lt;vo, vor, orn, rna, nad, ado, do&gt;)" in r.lessons["next_step"].reading
