import pytest
from hypothesis import given
from hypothesis import strategies as st

from lstmdemo.modeling.text import clean, tokenize, words


def test_penn_treebank_clitics_and_punctuation():
    assert words("I don't think it's the U.S. that can't win.") == [
        "i",
        "do",
        "n't",
        "think",
        "it",
        "'s",
        "the",
        "u.s.",
        "that",
        "ca",
        "n't",
        "win",
        ".",
    ]


def test_numbers_abbreviations_and_hyphens():
    assert words("Shares rose 1.35% to $2,000 at 4 p.m. in state-of-the-art trading...") == [
        "shares",
        "rose",
        "1.35",
        "%",
        "to",
        "$",
        "2,000",
        "at",
        "4",
        "p.m.",
        "in",
        "state",
        "-",
        "of",
        "-",
        "the",
        "-",
        "art",
        "trading",
        "...",
    ]


def test_ag_news_artefacts_are_cleaned():
    raw = r"Messier #39;s lawyer said \$1.35 quot;no comment quot; second\team &lt;b&gt;Bold&lt;/b&gt; A &amp; B"
    assert clean(raw) == 'Messier \'s lawyer said $1.35 "no comment " second team  Bold  A & B'
    assert words(raw) == [
        "messier",
        "'s",
        "lawyer",
        "said",
        "$",
        "1.35",
        '"',
        "no",
        "comment",
        '"',
        "second",
        "team",
        "bold",
        "a",
        "&",
        "b",
    ]


def test_spans_point_into_the_original_text():
    raw = r"Messier #39;s lawyer &lt;A HREF=x&gt;GOOG&lt;/A&gt; won't \$5"
    got = [(t.text, raw[t.start : t.end]) for t in tokenize(raw)]
    assert got == [
        ("messier", "Messier"),
        ("'s", "#39;s"),
        ("lawyer", "lawyer"),
        ("goog", "GOOG"),
        ("wo", "wo"),
        ("n't", "n't"),
        ("$", r"\$"),
        ("5", "5"),
    ]


def test_plain_text_spans_round_trip():
    text = "The Cat, which was sitting on the mat, finally woke up!"
    toks = tokenize(text)
    assert [text[t.start : t.end].lower() for t in toks] == [t.text for t in toks]
    assert " ".join(text[t.start : t.end] for t in toks) == "The Cat , which was sitting on the mat , finally woke up !"


def test_control_characters_and_scripts():
    assert words("a\x00b\u200bc مرحبا 😀") == ["a", "b", "c", "مرحبا", "😀"]


@given(st.text(max_size=300))
def test_spans_are_ordered_and_inside_the_text(text):
    prev_end = 0
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= prev_end
        assert t.text and not t.text.isspace()
        prev_end = t.end


# SST's lowercased Penn Treebank form and what a user types: the same tokens.
PTB_VS_TYPED = [
    ("it 's a charming journey .", "It's a charming journey."),
    ("it does n't work", "It doesn't work"),
    ("i ca n't believe it", "I can't believe it"),
    ("you wo n't care", "You won't care"),
    ("it is n't bad", "It isn't bad"),
    (
        "i 'm sure they 're right , we 've seen it , you 'll see , he 'd know",
        "I'm sure they're right, we've seen it, you'll see, he'd know",
    ),
    ("you wan na see it", "You wanna see it"),
    ("you 're gon na love it", "You're gonna love it"),
    ("you got ta see it", "You gotta see it"),
    ("i can not recommend it", "I cannot recommend it"),
    ("the plot -lrb- such as it is -rrb- drags", "The plot (such as it is) drags"),
    ("-lsb- sic -rsb-", "[sic]"),
    ("`` great '' , she said", '"Great", she said'),
    ("steven soderbergh 's ` solaris ' is a failure", "Steven Soderbergh's 'Solaris' is a failure"),
    ("a poor -- if durable -- imitation", "a poor -- if durable -- imitation"),
    ("a poor -- if durable -- imitation", "a poor \u2014 if durable \u2014 imitation"),
    ("it 's not what i expected", "It\u2019s not what I expected"),
    ("`` great '' , she said", "\u201cGreat\u201d, she said"),
    ("wait ... what ?", "Wait\u2026 what?"),
    ("the actors ' best work", "The actors' best work"),
    ("christmas-tree flocking", "Christmas-tree flocking"),
]


@pytest.mark.parametrize(("ptb", "typed"), PTB_VS_TYPED)
def test_sst_ptb_form_and_typed_form_give_the_same_tokens(ptb, typed):
    assert words(ptb) == words(typed)
    assert [t.text for t in tokenize(typed)] == words(typed)


def test_ptb_brackets_and_quotes_read_as_the_typed_characters():
    assert words("-lrb- `` yes '' -rrb- -lcb- ` no ' -rcb-") == ["(", '"', "yes", '"', ")", "{", "'", "no", "'", "}"]
    assert words("gonna wanna gotta cannot") == ["gon", "na", "wan", "na", "got", "ta", "can", "not"]


def test_words_that_only_contain_the_split_forms_stay_whole():
    assert words("Botswana Ghana cannoli wannabe gotham canned notable") == [
        "botswana",
        "ghana",
        "cannoli",
        "wannabe",
        "gotham",
        "canned",
        "notable",
    ]


def test_typographic_characters_keep_spans_into_the_original_text():
    text = "It\u2019s \u201cfine\u201d \u2014 cannot"
    got = [(t.text, text[t.start : t.end]) for t in tokenize(text)]
    assert got == [
        ("it", "It"),
        ("'s", "\u2019s"),
        ('"', "\u201c"),
        ("fine", "fine"),
        ('"', "\u201d"),
        ("--", "\u2014"),
        ("can", "can"),
        ("not", "not"),
    ]
