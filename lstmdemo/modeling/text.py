"""Cleaning and tokenization, shared by training and inference.

AG News carries artefacts of its scrape (``\\`` for line breaks, ``#39;`` for
apostrophes, escaped HTML such as ``&lt;b&gt;``). We clean them the same way at
training and at inference, and every token keeps its character span in the
*original* text so the UI can highlight the user's own words.

The tokenizer follows the Penn Treebank conventions GloVe 6B was built with:
lowercase, punctuation split off, clitics separate ("don't" -> "do", "n't";
"it's" -> "it", "'s"), abbreviations ("u.s.") and numbers ("1.35") whole.
Hyphenated words are split at the hyphen: their parts are far more often in
the 20,000-word vocabulary than the compound is.

SST is already lowercased PTB text ("does n't", "wan na", "-lrb-", PTB's
double quotes "``" and "''", "--"). What a user types must read the same, so
both forms are brought to one token form here, for training and inference alike:
typographic quotes and dashes become ASCII, "gonna" / "wanna" / "gotta" /
"cannot" split as PTB splits them, and PTB's bracket and quote tokens read as
the characters a user types ("-lrb-" -> "(", "``" and "''" -> a double quote,
a lone backtick -> "'").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: Longest input explained, in tokens: the rest is dropped, and the explanation says so.
MAX_TOKENS = 200
#: Longest input read, in characters: the rest is never cleaned or tokenized, so a 20 MB paste costs
#: what 10,000 characters cost. 200 tokens of English take about 1,100; this leaves room for long words.
MAX_CHARS = 10_000

# A lone UTF-16 surrogate (JSON can carry one, "\ud800") is no character: no encoder can write it back.
_SURROGATE = re.compile("[\ud800-\udfff]")

_NAMED = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "nbsp": " ", "apos": "'"}

# One alternation, applied left to right in a single pass, so that each
# replacement knows exactly which original characters it came from.
_CLEAN = re.compile(
    r"""
    (?P<tag>(?:&lt;|<)/?[a-z][^<>&]{0,400}?(?:&gt;|>))   # an HTML tag, escaped or not
    |(?P<dollar>\\\$)                                    # \$ is a dollar sign
    |(?P<backslash>\\)                                   # a lone \ was a line break
    |&?\#(?P<num>\d{1,7});                               # #39; or &#39;
    |&?(?P<named>quot|amp|lt|gt|nbsp|apos);              # quot; or &quot;
    |&(?P<html>[a-z]{2,8});                              # any other HTML entity
    |(?P<control>[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff])
    |(?P<typo>[\u2018\u2019\u201c\u201d\u2013\u2014\u2026])  # typographic quotes, dashes, ellipsis
    """,
    re.IGNORECASE | re.VERBOSE,
)

_TYPO = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--", "\u2014": "--", "\u2026": "..."}

_TOKEN = re.compile(
    r"""
    -[lr][rsc]b-                          # PTB brackets: -lrb- -rrb- -lsb- -rsb- -lcb- -rcb-
    |``|''                                # PTB double quotes
    |\b(?:gon|wan)(?=na\b)|\bgot(?=ta\b)    # "gon" of "gonna", as PTB splits it
    |\bcan(?=not\b)                       # "can" of "cannot"
    |(?:[^\W\d_]\.){2,}(?![^\W_])          # abbreviations: u.s., p.m.
    |\d+(?:[.,:]\d+)*(?![^\W\d_])         # numbers: 1.35, 2,000, 4:30
    |[^\W_]+?(?=n't\b)                    # "do" of "don't"
    |n't\b                                # "n't"
    |'(?:s|re|ve|ll|d|m)\b                # clitics
    |[^\W_]+                              # words (any script)
    |\.{3}|-{2,}                          # ellipsis, dashes
    |\S                                   # any other single character
    """,
    re.IGNORECASE | re.VERBOSE,
)


# PTB tokens that stand for a character the user types.
_PTB = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}"}
_PTB.update({"``": '"', "''": '"', "`": "'"})


def _norm(token: str) -> str:
    low = token.lower()
    return _PTB.get(low, low)


@dataclass(frozen=True)
class Token:
    """A token: its normalised form and where it stands in the original text."""

    text: str  # lowercased, as looked up in the vocabulary
    start: int  # char offsets into the original text: original[start:end]
    end: int


def _replacement(m: re.Match[str]) -> str:
    if m.group("tag") is not None or m.group("backslash") is not None:
        return " "
    if m.group("dollar") is not None:
        return "$"
    if m.group("num") is not None:
        code = int(m.group("num"))
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else " "
    if m.group("named") is not None:
        return _NAMED[m.group("named").lower()]
    if m.group("html") is not None:
        return html.unescape(m.group(0))
    if m.group("typo") is not None:
        return _TYPO[m.group("typo")]
    return " "  # control and zero-width characters


def head(text: str) -> str:
    """The part of ``text`` that is read: its first ``MAX_CHARS`` characters, a lone surrogate as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text[:MAX_CHARS])


def clean_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """Clean ``text``; return it with, per cleaned char, its original [start, end)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _CLEAN.finditer(text):
        for i in range(pos, m.start()):
            out.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        rep = _replacement(m)
        out.append(rep)
        starts.extend([m.start()] * len(rep))
        ends.extend([m.end()] * len(rep))
        pos = m.end()
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


def clean(text: str) -> str:
    """The cleaned text alone (training uses this; spans are not needed there)."""
    return clean_with_offsets(text)[0]


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with spans into ``text`` itself (not the cleaned copy)."""
    cleaned, starts, ends = clean_with_offsets(text)
    return [Token(_norm(m.group(0)), starts[m.start()], ends[m.end() - 1]) for m in _TOKEN.finditer(cleaned)]


def words(text: str) -> list[str]:
    """Just the normalised token strings: the fast path for training."""
    return [_norm(m.group(0)) for m in _TOKEN.finditer(clean(text))]
