"""The modifier lexicon: each word one kind, and what counts as a content word."""

from lstmdemo.modeling.lexicon import LEXICON, is_content, kind_of


def test_lexicon_kinds():
    assert kind_of("not") == kind_of("n't") == kind_of("never") == kind_of("without") == "negation"
    assert kind_of("very") == kind_of("extremely") == "intensifier"
    assert kind_of("barely") == kind_of("slightly") == kind_of("hardly") == "diminisher"
    assert kind_of("market") is None
    assert not set.intersection(*(set(ws) for ws in LEXICON.values()))
    assert is_content("market") and not is_content("the") and not is_content("not") and not is_content("1.5")
