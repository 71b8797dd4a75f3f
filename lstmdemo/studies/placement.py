"""Where an inserted "very" or "not" may stand, without a POS tagger: slots a test can pin.

There is no tagger offline, so the editor places words only where word lists make the grammar
plain, and inserts nothing elsewhere: an ungrammatical edit ("very close two plants") would teach
the student about the editor, not the model. The lists are in ``resources/edits.json``.

- **"very"** goes right before a listed adjective (``resources/adjectives.txt``) that no modifier
  stands before and that grades (not "best", "perfect"), in one of two positions:

  - *predicative*: after a copula ("is", "was", "seems", "'re", "'s" after a pronoun) and before the
    end, punctuation or a function word: "The movie is good." -> "The movie is very good.";
  - *attributive*: before a presumed noun (a content word that is not a number), unless the word
    before makes the adjective a verb (a modal, "do", "to", a subject pronoun): "a good film" ->
    "a very good film", "reported strong earnings" -> "reported very strong earnings", but never
    "would close two plants" or "it will close plants"; after a determiner also before a comma,
    "and" or "or" ("a charming, funny film" -> "a very charming, funny film").

- **"not"** goes after the first auxiliary or copula that is not the sentence's first word (a first
  "Is" or "Do" opens a question), a clitic auxiliary, or "'s" after a pronoun; "do" and "have"
  forms count only before a presumed verb, an intensifier or diminisher, or "been" ("did not
  report", never "did not a good job"). Without one, it goes before an intensifier or diminisher
  that leads from a determiner to an adjective before a presumed noun ("a very good film" -> "a
  not very good film"); never before a bare adjective ("reported not strong earnings", "a not good job").
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import resources
from ..modeling.lexicon import FUNCTION_WORDS, is_content, kind_of
from ..modeling.text import Token

_WORDS = resources.read_json("edits.json")
AUXILIARIES: frozenset[str] = frozenset(_WORDS["auxiliaries"])
CLITIC_AUXILIARIES: frozenset[str] = frozenset(_WORDS["clitic_auxiliaries"])
S_PRONOUNS: frozenset[str] = frozenset(_WORDS["s_pronouns"])
DO_HAVE: frozenset[str] = frozenset(_WORDS["do_have"])  # auxiliaries only before a verb
COPULAS: frozenset[str] = frozenset(_WORDS["copulas"])
DETERMINERS: frozenset[str] = frozenset(_WORDS["determiners"])
VERB_MARKERS: frozenset[str] = frozenset(_WORDS["verb_markers"])  # after these, an adjective's spelling is a verb
NUMBERS: frozenset[str] = frozenset(_WORDS["numbers"])
UNGRADED: frozenset[str] = frozenset(_WORDS["ungraded"])
ADJECTIVES: frozenset[str] = frozenset(resources.read_lines("adjectives.txt"))
#: What may follow an adjective that a determiner leads into a list of adjectives.
_LIST = frozenset({",", "and", "or"})


def _at(toks: Sequence[Token], t: int) -> str | None:
    return toks[t].text if 0 <= t < len(toks) else None


def _noun_like(word: str | None) -> bool:
    """A presumed noun or verb: a content word (``lexicon.is_content``) that is not a number."""
    return word is not None and is_content(word) and word not in NUMBERS


def _copula(toks: Sequence[Token], t: int) -> bool:
    word = _at(toks, t)
    return word in COPULAS or (word == "'s" and _at(toks, t - 1) in S_PRONOUNS)


def _closes(word: str | None) -> bool:
    """Can a predicative adjective stand before ``word``: the end, punctuation or a function word."""
    return word is None or word in FUNCTION_WORDS or not any(c.isalnum() for c in word)


def takes_very(toks: Sequence[Token], t: int) -> bool:
    """May "very" stand right before token ``t``?"""
    word, before, after = toks[t].text, _at(toks, t - 1), _at(toks, t + 1)
    if word not in ADJECTIVES or word in UNGRADED or (before is not None and kind_of(before) is not None):
        return False
    if _copula(toks, t - 1):
        return _closes(after)
    if before in DETERMINERS and after in _LIST:
        return True
    return _noun_like(after) and before not in VERB_MARKERS


def very_slot(toks: Sequence[Token]) -> int | None:
    """The first token "very" may stand before, or None."""
    return next((t for t in range(len(toks)) if takes_very(toks, t)), None)


def auxiliary(toks: Sequence[Token]) -> int | None:
    """The first auxiliary or copula "not" may follow (never the first word), or None."""
    for t in range(1, len(toks)):
        word, after = toks[t].text, _at(toks, t + 1)
        if word in CLITIC_AUXILIARIES or (word == "'s" and _at(toks, t - 1) in S_PRONOUNS):
            return t
        verb_follows = after == "been" or _noun_like(after) or kind_of(after or "") in ("intensifier", "diminisher")
        if word in AUXILIARIES and (word not in DO_HAVE or verb_follows):
            return t
    return None


def not_slot(toks: Sequence[Token]) -> tuple[int, int] | None:
    """Where "not" goes without an auxiliary: (the token it stands before, the adjective it negates), or None."""
    for t, tok in enumerate(toks):
        if tok.text not in ADJECTIVES:
            continue
        lead = t
        while lead > 0 and kind_of(toks[lead - 1].text) in ("intensifier", "diminisher"):
            lead -= 1
        if lead < t and _at(toks, lead - 1) in DETERMINERS and _noun_like(_at(toks, t + 1)):
            return lead, t
    return None
