"""The message catalogue: every key the code uses exists, every key is used, no message is empty."""

import re
from pathlib import Path

import pytest

from lstmdemo import i18n, tasks
from lstmdemo.attribution.gates import GATE_NAMES
from lstmdemo.attribution.integrated_gradients import BASELINES
from lstmdemo.lessons.parameters import GATES
from lstmdemo.modeling.lexicon import LEXICON
from lstmdemo.studies import memory
from lstmdemo.studies.probes import CATEGORIES
from lstmdemo.ui.card_text import STUDY_COLUMNS
from lstmdemo.ui.lessons.base import ORDER
from lstmdemo.ui.sections import PRECISION

SOURCES = list(Path(i18n.__file__).parent.rglob("*.py"))
#: A string literal written like a key: lowercase words joined by dots.
KEY = re.compile(r"""["']([a-z_0-9]+(?:\.[a-z_0-9]+)+)["']""")
#: Keys the code builds from parts (f-strings), spelled out.
FAMILIES = {
    *(f"gate.{g}" for g in GATE_NAMES),
    *(f"gate.{g}.{way}" for g in GATE_NAMES for way in ("up", "down")),
    *(f"gates.reading.{way}" for way in ("up", "down", "later_up", "later_down")),
    *(f"plot.model.{arch}" for arch in ("lstm", "rnn")),
    *(f"input.precision.{name}" for name in PRECISION),
    *(f"study.col.{c}" for c in STUDY_COLUMNS),
    *(f"card.col.{c}" for c in ("precision", "recall", "f1", "support")),
    *(f"example.group.{e.group}" for t in tasks.TASKS.values() for e in t.examples()),
    *(f"label.{i18n.slug(lab)}" for t in tasks.TASKS.values() for lab in t.labels),
    *(f"task.{t}.{w}" for t in tasks.TASKS for w in ("title", "label_noun", "input_noun")),
    *(f"lesson.{key}.{part}" for key in ORDER.values() for part in ("title", "tab", "caption")),
    *(f"lesson.dependency.model.{v.name}" for v in memory.VARIANTS),
    *(f"plot.params.gate.{g}" for g in (*GATES, "h")),
    *(f"nextstep.model.{role}" for role in ("reference", *(r.key for t in tasks.TASKS.values() for r in t.remedies))),
    *(f"verdict.flip_unexpected.{w}" for w in ("negation", "degree")),
    *(f"verdict.{kind}.{w}" for kind in ("intensifier", "diminisher") for w in ("as_expected", "not")),
    *(f"edit.{p}" for p in ("remove", "after", "before")),
    *(f"modifier.kind.{k}" for k in LEXICON),
    *(f"probe.{c}" for c in CATEGORIES),
    *(f"misses.negation.{c}" for c in ("negated_negative", "negated_positive")),
    *(f"error.{r}" for r in ("empty", "unreadable")),
    *(f"details.baseline.{b}" for b in BASELINES),
    *(f"input.baseline.{b}" for b in BASELINES),
    *(f"label.short.{i18n.slug(lab)}" for t in tasks.TASKS.values() for lab in t.labels),
}


def literal_keys() -> set[str]:
    catalogue = i18n.catalogue()
    prefixes = {k.split(".")[0] for k in catalogue}
    found = {k for src in SOURCES for k in KEY.findall(src.read_text(encoding="utf-8"))}
    return {k for k in found if k.split(".")[0] in prefixes and not k.endswith((".json", ".py", ".js", ".css"))}


def test_every_key_the_code_uses_is_in_every_catalogue():
    for lang in i18n.languages():
        missing = (literal_keys() | FAMILIES) - set(i18n.catalogue(lang))
        assert not missing, (lang, sorted(missing))


def test_every_catalogue_key_is_used_and_no_message_is_empty():
    catalogue = i18n.catalogue()
    assert set(catalogue) - literal_keys() - FAMILIES == set()
    assert all(isinstance(v, str) and v.strip() for v in catalogue.values())


def test_every_catalogue_has_the_same_keys():
    keys = {lang: set(i18n.catalogue(lang)) for lang in i18n.languages()}
    assert i18n.DEFAULT_LANG in keys
    assert all(k == keys[i18n.DEFAULT_LANG] for k in keys.values())


def test_say_fills_named_placeholders_and_refuses_unknown_keys_or_languages():
    assert i18n.say("misses.rank", rank=2, n=9) == "2 of 9"
    assert i18n.sayer("en")("gates.layer.choice", layer=2) == "layer 2"
    with pytest.raises(KeyError):
        i18n.say("no.such.key")
    with pytest.raises(ValueError, match="no message catalogue"):
        i18n.sayer("xx")


def test_every_message_fills_the_same_placeholders_in_every_language():
    english = i18n.catalogue(i18n.DEFAULT_LANG)
    for lang in i18n.languages():
        differ = {k for k, v in i18n.catalogue(lang).items() if i18n.placeholders(v) != i18n.placeholders(english[k])}
        assert not differ, (lang, sorted(differ))
    assert i18n.placeholders("{rank} of {n}, {{literal}}") == {"rank", "n"}


def test_no_bold_value_is_glued_to_a_following_word():
    """Markdown cannot close "**2.50×**" right before a letter (a Korean particle: "**{x}**를"): such
    messages use <strong> instead."""
    glued = re.compile(r"\*\*\{\w+\}\*\*\w")
    for lang in i18n.languages():
        assert not [k for k, v in i18n.catalogue(lang).items() if glued.search(v)], lang


@pytest.mark.parametrize(
    ("word", "pair", "particle"),
    [
        ("주제", "은/는", "는"),
        ("감성", "이/가", "이"),
        ("영화평", "을/를", "을"),
        ("뉴스 문장", "을/를", "을"),
        ("긍정적(Positive)", "으로/로", "으로"),  # the last Hangul syllable before the parenthesis
        (r"**스포츠\(Sports\)**", "은/는", "는"),  # as the page escapes and bolds a label
        ("서울", "으로/로", "로"),  # ㄹ takes 로
        ("서울", "이/가", "이"),
        ("Sports", "은/는", "은(는)"),  # no Hangul: both forms
        ("Sports", "으로/로", "(으)로"),
    ],
)
def test_josa_follows_the_last_hangul_syllable(word, pair, particle):
    assert i18n.josa(word, pair) == particle


def test_a_particle_spec_appends_the_particle_in_korean_only():
    label = i18n.say("label.positive", lang="ko")
    negative = i18n.say("label.negative", lang="ko")
    values = {"word": "not", "label_noun": "감성", "label": negative, "without": label, "numbers": "…"}
    changes = i18n.say("verdict.flips", lang="ko", **values)
    assert (
        "감성이 부정적(Negative)에서 긍정적(Positive)으로" in changes
        and "(으)" not in changes
        and "(가)" not in changes
    )
    assert i18n.say("verdict.flips", **values | {"label_noun": "sentiment", "label": "Negative"}).startswith(
        "Removing “not” changes the sentiment from Negative to 긍정적(Positive)"
    )
