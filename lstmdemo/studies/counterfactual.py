"""Counterfactual edits of one sentence, and what a model makes of each.

The edits are exactly specified, so a test can pin every output string:

- ``remove``: each modifier occurrence (``modeling.lexicon.LEXICON``) deleted, one edit per
  occurrence. The word goes with the space after it (or, before punctuation or at the
  end, the space before it); a capital it carried passes to the next word.
  A negation glued to the word before it goes alone, leaving the positive form:
  "isn't" -> "is", "cannot" -> "can", and "can't" -> "can", "won't" -> "will",
  "shan't" -> "shall", "ain't" -> "is".
  Removing an intensifier is the "intensifier swapped for none" edit.
- ``insert_not``, only when the sentence has no negation, and ``insert_very``: each word only
  where ``placement`` finds a grammatical slot for it ("is not good", "a very good film"),
  else no edit: never "very close two plants".

Inserted words take a capital when they open the sentence (the word they push on
is lowercased). An "a" / "an" before an inserted or removed word is fixed to agree with
the word now after it (by its first letter: "an" before a, e, i, o, u).

``window`` shows an edit where it happened, a few words either side, for a table that must fit a phone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import torch

from .. import budget, resources
from ..attribution.integrated_gradients import IGResult, integrated_gradients
from ..i18n import Say
from ..modeling import predict
from ..modeling.checkpoint import Checkpoint
from ..modeling.lexicon import kind_of
from ..modeling.loading import MODEL_LOCK
from ..modeling.text import MAX_TOKENS, Token, tokenize
from . import placement

_CONTRACTED: dict[str, str] = resources.read_json("edits.json")["contractions"]  # stem before "n't" -> positive form


@dataclass(frozen=True)
class Edit:
    """One edit: ``text == original[:start] + replacement + original[end:]``."""

    kind: str  # "remove", "insert_not", "insert_very"
    text: str  # the edited sentence
    word: str  # the modifier removed or inserted, as written
    modifier_kind: str  # "negation", "intensifier" or "diminisher"
    index: int  # token position in the original: the removed token, or the one the word goes before / after
    start: int  # span of the original that was replaced (start == end: a pure insertion)
    end: int
    replacement: str
    placement: str  # "remove", or where the word went: "after" / "before" ``anchor``
    anchor: str  # the words it went after or before, as written ("" for a removal)


def describe(edit: Edit, say: Say) -> str:
    """The edit in words, in the language of ``say``: "removed 'not'", "inserted 'not' after 'is'"
    (a removed word as written, an inserted one as the lexicon has it)."""
    word = edit.word if edit.placement == "remove" else edit.word.lower()
    return say(f"edit.{edit.placement}", word=word, anchor=edit.anchor)


def _edit(text: str, start: int, end: int, replacement: str, **fields: Any) -> Edit:
    return Edit(text=text[:start] + replacement + text[end:], start=start, end=end, replacement=replacement, **fields)


def _same_case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def _article(text: str, toks: list[Token], t: int, word: str) -> tuple[int, str] | None:
    """If "a" / "an" before token ``t`` must change to stand before ``word``: its start and the new text up to t."""
    prev = toks[t - 1] if t > 0 else None
    if prev is None or prev.text not in ("a", "an"):
        return None
    article = "an" if word[:1].lower() in tuple("aeiou") else "a"
    if prev.text == article:
        return None
    return prev.start, _same_case(article, text[prev.start]) + text[prev.end : toks[t].start]


def _removal(text: str, toks: list[Token], t: int) -> Edit:
    tok = toks[t]
    word, fields = text[tok.start : tok.end], {"kind": "remove", "modifier_kind": kind_of(tok.text), "index": t}
    fields |= {"placement": "remove", "anchor": ""}
    prev = toks[t - 1] if t > 0 else None
    if prev is not None and prev.end == tok.start:  # glued to the word before: "isn't", "cannot"
        stem = text[prev.start : prev.end]
        positive = _same_case(_CONTRACTED.get(stem.lower(), stem.lower()), stem)
        return _edit(text, prev.start, tok.end, positive, word=word, **fields)
    start, end = tok.start, tok.end
    after = len(text[end:]) - len(text[end:].lstrip())
    before = len(text[:start]) - len(text[:start].rstrip())
    nxt = toks[t + 1] if t + 1 < len(toks) else None
    if after and nxt is not None and nxt.start == end + after:
        end += after
    else:
        start -= before
    replacement = ""
    if nxt is not None and (fix := _article(text, toks, t, text[nxt.start : nxt.end])) is not None:
        start, replacement = fix
    if t == 0 and word[:1].isupper() and nxt is not None and text[nxt.start].islower():
        end = nxt.start + 1  # carry the capital over: "Not a good film" -> "A good film"
        replacement = text[nxt.start].upper()
    return _edit(text, start, end, replacement, word=word, **fields)


def _insert_before(text: str, toks: list[Token], t: int, word: str, kind: str, anchor: str) -> Edit:
    """``word`` before token ``t``, fixing an "a" / "an" before it and the sentence's capital."""
    start = end = toks[t].start
    pushed = text[start:]
    if t == 0 and pushed[:1].isupper() and pushed[1:2].islower():
        word, end = _same_case(word, pushed), start + 1
        replacement = f"{word} {pushed[0].lower()}"
    else:
        replacement = f"{word} "
    if (fix := _article(text, toks, t, word)) is not None:
        start, replacement = fix[0], fix[1] + replacement
    fields = {
        "kind": f"insert_{word.lower()}",
        "modifier_kind": kind,
        "index": t,
        "placement": "before",
        "anchor": anchor,
    }
    return _edit(text, start, end, replacement, word=word, **fields)


def _insert_not(text: str, toks: list[Token]) -> Edit | None:
    aux = placement.auxiliary(toks)
    if aux is not None:
        at = toks[aux].end
        fields = {"kind": "insert_not", "modifier_kind": "negation", "index": aux, "placement": "after"}
        fields["anchor"] = text[toks[aux].start : at]
        return _edit(text, at, at, " not", word="not", **fields)
    slot = placement.not_slot(toks)
    if slot is None:
        return None
    lead, adj = slot
    return _insert_before(text, toks, lead, "not", "negation", text[toks[lead].start : toks[adj].end])


def _insert_very(text: str, toks: list[Token]) -> Edit | None:
    adj = placement.very_slot(toks)
    if adj is None:
        return None
    return _insert_before(text, toks, adj, "very", "intensifier", text[toks[adj].start : toks[adj].end])


def edits(text: str) -> tuple[Edit, ...]:
    """Every edit of ``text``: removals in token order, then "not" and "very" inserted."""
    toks = tokenize(text)
    out = [_removal(text, toks, t) for t, tok in enumerate(toks) if kind_of(tok.text) is not None]
    if not any(kind_of(tok.text) == "negation" for tok in toks):
        out.append(_insert_not(text, toks))
    out.append(_insert_very(text, toks))
    return tuple(e for e in out if e is not None)


#: Words of context either side of an edit in its ``window``: enough to read the change, short enough for a phone.
CONTEXT = 3


@dataclass(frozen=True)
class Window:
    """An edit where it happened: ``before`` + the change + ``after``, where the change takes out ``removed``
    and puts in ``inserted`` (whole words; either may be empty), with a few words of context either side."""

    before: str  # the original's text before the change, ``CONTEXT`` words back (with the space before the change)
    removed: str
    inserted: str
    after: str
    cut_before: bool  # the sentence goes on before ``before``
    cut_after: bool  # ... and after ``after``


def _edges(s: str) -> tuple[str, str]:
    """The whitespace ``s`` starts and ends with."""
    core = s.strip()
    return (s[: s.index(core)], s[s.index(core) + len(core) :]) if core else ("", "")


def _trim(old: list[str], new: list[str]) -> tuple[int, int]:
    """How many leading and trailing words ``old`` and ``new`` share, ignoring case ("Not bad" -> "Bad": 0, 1)."""
    same = [a.lower() == b.lower() for a, b in zip(old, new, strict=False)]
    front = same.index(False) if False in same else len(same)
    back = 0
    while back < min(len(old), len(new)) - front and old[-1 - back].lower() == new[-1 - back].lower():
        back += 1
    return front, back


def window(original: str, edit: Edit, context: int = CONTEXT) -> Window:
    """``edit`` of ``original`` as the words it changed, widened to whole words and then trimmed of words
    only their case changed ("Not bad" -> "Bad" removes "Not"), with ``context`` words either side."""
    toks = tokenize(original)
    start = min([edit.start] + [t.start for t in toks if t.start < edit.start < t.end])
    end = max([edit.end] + [t.end for t in toks if t.start < edit.end < t.end])
    old = original[start:end]
    new = original[start : edit.start] + edit.replacement + original[edit.end : end]
    lead, trail = _edges(old if old.strip() else new)
    old_words, new_words = old.split(), new.split()
    front, back = _trim(old_words, new_words)
    kept_front, kept_back = new_words[:front], new_words[len(new_words) - back :]
    before = [t for t in toks if t.end <= start][-context:] if context else []
    after = [t for t in toks if t.start >= end][:context] if context else []
    first = before[0].start if before else start
    last = after[-1].end if after else end
    return Window(
        before=original[first:start] + lead + "".join(f"{w} " for w in kept_front),
        removed=" ".join(old_words[front : len(old_words) - back]),
        inserted=" ".join(new_words[front : len(new_words) - back]),
        after="".join(f" {w}" for w in kept_back) + trail + original[end:last],
        cut_before=any(t.end <= first for t in toks),
        cut_after=any(t.start >= last for t in toks),
    )


@dataclass(frozen=True)
class Variant:
    """The original sentence or one edit, as the model sees it."""

    text: str
    edit: Edit | None  # None for the original
    tokens: tuple[str, ...]  # as written, up to MAX_TOKENS
    predicted: str
    probabilities: tuple[float, ...]
    target_prob: float  # probability of the original's predicted label
    ig: IGResult  # for the original's predicted label, so originals and edits compare


@dataclass(frozen=True)
class Counterfactuals:
    text: str
    weights: str
    labels: tuple[str, ...]
    target: str  # the original's predicted label: the class every IG explains
    original: Variant
    edits: tuple[Variant, ...]  # the first edits found, as many as were read
    n_edits: int  # how many edits the rules found

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run(
    ck: Checkpoint,
    text: str,
    *,
    baseline: str = "pad",
    tolerance: float = 0.01,
    max_edits: int | None = None,
    original: IGResult | None = None,
) -> Counterfactuals:
    """Predictions and Integrated Gradients of ``text`` and each of its edits under ``ck``.

    ``max_edits`` reads only the first edits found (each costs one IG over the whole text); ``original``,
    the IG of ``text`` for its predicted label already computed (an explanation's), is reused. Under a
    request's time budget the edits stop when it runs out (``n_edits`` still counts every edit found).
    """
    if not tokenize(text):
        raise ValueError("Nothing to edit: the text has no readable words.")
    labels = tuple(ck.card["labels"])
    found = edits(text)
    variants: list[tuple[str, Edit | None]] = [(text, None), *((e.text, e) for e in found[:max_edits])]
    probs = predict.text_probabilities(ck, [v for v, _ in variants], max_tokens=MAX_TOKENS)
    target = int(probs[0].argmax())
    out = []
    for (v, e), p in zip(variants, probs, strict=True):
        if out and budget.spent():
            break
        toks = tokenize(v)[:MAX_TOKENS]
        ids = torch.tensor(predict.encode_text(ck, v, MAX_TOKENS))
        ig = original if e is None and original is not None else None
        if ig is None:
            with MODEL_LOCK:
                ig = integrated_gradients(ck.model, ids, target=target, baseline=baseline, tolerance=tolerance)
        out.append(
            Variant(
                text=v,
                edit=e,
                tokens=tuple(v[t.start : t.end] for t in toks),
                predicted=labels[int(p.argmax())],
                probabilities=tuple(float(x) for x in p),
                target_prob=float(p[target]),
                ig=ig,
            )
        )
    return Counterfactuals(text, ck.path.name, labels, labels[target], out[0], tuple(out[1:]), len(found))
