"""The modifier lexicon: the small words that flip or scale meaning, and the control groups.

Negations flip meaning ("not", "never"); intensifiers scale it up ("very"); diminishers and
hedges scale it down ("barely"). The words are data (``resources/modifiers.json``); this
module only names them, for the explanation, the edits, the probes and the studies alike.
"""

from __future__ import annotations

from .. import resources

_WORDS = resources.read_json("modifiers.json")

#: Negations flip meaning; intensifiers scale it up; diminishers and hedges scale it down.
LEXICON: dict[str, frozenset[str]] = {
    kind: frozenset(_WORDS[kind]) for kind in ("negation", "intensifier", "diminisher")
}

_KIND = {w: kind for kind, ws in LEXICON.items() for w in ws}

#: Closed-class words (articles, prepositions, auxiliaries, pronouns, clitics): the studies' control group.
FUNCTION_WORDS: frozenset[str] = frozenset(_WORDS["function_words"])

#: Function words plus a few frequent news words, left out of "content words" in the data-set study.
STOPWORDS: frozenset[str] = FUNCTION_WORDS | frozenset(_WORDS["news_stopwords"])


def kind_of(word: str) -> str | None:
    """'negation', 'intensifier', 'diminisher' or None for a normalised token."""
    return _KIND.get(word)


def is_content(word: str) -> bool:
    """A rough stand-in for nouns and verbs: alphabetic, not a stopword or a modifier."""
    return word.isalpha() and word not in STOPWORDS and word not in _KIND
