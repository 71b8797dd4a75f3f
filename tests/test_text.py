from hypothesis import given
from hypothesis import strategies as st

from lstmdemo.text import clean, tokenize, words


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
