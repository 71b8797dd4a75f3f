"""The "What the LSTM still misses" section's text: edits, gates, probes and the framing, from numbers.

Every figure comes from ``sentence_edits.read`` (this sentence) or the model cards (probes, the
modifier study); every word from the catalogue; user and card text is escaped.
"""

from __future__ import annotations

from ..attribution.modifiers import ModifierGates
from ..i18n import Say
from ..studies.counterfactual import describe
from ..studies.probes import LONG_DISTANCE
from ..studies.sentence_edits import EditReadings, Reading
from ..tasks import Task
from . import formatting as fmt
from .served_tasks import Served

#: Modifiers count as weighed "like function words" when their share is within this fraction of theirs.
ALIKE = 0.25


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _top(r: Reading) -> str:
    return ", ".join(f"{fmt.text(w.word)} {fmt.signed(w.attribution, 2)}" for w in r.top)


def edits_markdown(m: EditReadings, label_noun: str, say: Say) -> str:
    """The original and each edit: text, prediction, P(original's label), top words by |IG|."""
    if not m.edits and not m.n_edits:
        return say("misses.edits.none")
    target = fmt.text(Task.label_name(m.target, say))
    columns = [say("misses.edits.col.text"), say("misses.edits.col.predicted")]
    columns += [say("misses.edits.col.prob", target=fmt.text(Task.short_label(m.target, say)))]
    columns += [say("misses.edits.col.top")]
    rows = [_row(columns), "|---" * len(columns) + "|"]
    for r in (m.original, *m.edits):
        v = r.variant
        what = say("misses.edits.original") if v.edit is None else fmt.text(describe(v.edit, say))
        changed = v.edit is not None and v.predicted != m.original.variant.predicted
        predicted = fmt.text(Task.label_name(v.predicted, say))
        label = say("misses.edits.flips" if changed else "misses.edits.label", label=predicted)
        rows.append(_row([f"“{fmt.text(v.text)}” ({what})", label, f"{v.target_prob:.3f}", _top(r)]))
    parts = [say("misses.edits.head", target=target, label_noun=label_noun), "\n".join(rows)]
    if len(m.edits) < m.n_edits:
        key = "misses.edits.stopped" if m.stopped else "misses.edits.limit"
        parts.append(say(key, shown=len(m.edits), found=m.n_edits))
    return "\n\n".join(parts)


def gate_line(g: ModifierGates, say: Say) -> str:
    """What the last layer's gates did at a modifier, beside the sentence's other words."""
    r = g.layers[-1]
    if r.input_ratio is None or r.kept_others is None:
        return say("misses.gates.alone", word=fmt.text(g.word), opened=fmt.plain(r.input_gate, 2))
    return say(
        "misses.gates.line",
        word=fmt.text(g.word),
        layer=r.layer + 1,
        ratio=fmt.times(r.input_ratio, say),
        rank=r.input_rank,
        n=g.n_tokens,
        kept=fmt.whole_pct(r.kept),
        kept_others=fmt.whole_pct(r.kept_others),
    )


def gates_markdown(m: EditReadings, say: Say) -> str:
    if not m.gates:
        return ""
    lines = [f"- {gate_line(g, say)}" for g in m.gates]
    return say("misses.gates.head") + "\n\n" + "\n".join(lines) + "\n\n" + say("misses.gates.position")


def _categories(card: dict | None) -> dict[str, dict]:
    return {c["name"]: c for c in ((card or {}).get("probes") or {}).get("categories", [])}


def _failure(category: dict | None, say: Say) -> str:
    if not category or not category.get("failures"):
        return say("misses.probes.no_failure")
    f = category["failures"][0]
    predicted = fmt.text(Task.label_name(f["probe_predicted"], say))
    return say("misses.probes.failure", probe=fmt.text(f["item"]["probe"]), predicted=predicted)


def probes_markdown(s: Served, say: Say) -> str:
    """Per probe category: the LSTM's and the RNN's pass rate, then one failing item of each
    (as a list under the table, so the table stays narrow enough for a phone)."""
    mine, other = _categories(s.card), _categories(s.compare_card)
    if not mine:
        return say("misses.probes.missing")
    archs = (s.arch, *([Served.arch_of(s.compare_card)] if other else []))
    columns = [say("misses.probes.col.category"), *archs]
    rows = [_row(columns), "|---" * len(columns) + "|"]
    fails = []
    for name, c in mine.items():
        both = (c, *([other.get(name)] if other else []))
        described = say(f"probe.{name}", distance=LONG_DISTANCE)
        rows.append(_row([described, *(fmt.whole_pct(x["pass_rate"]) if x else "n/a" for x in both)]))
        each = [say("misses.probes.fails", arch=a, failure=_failure(x, say)) for a, x in zip(archs, both, strict=True)]
        fails.append(f"- *{described}*: {'; '.join(each)}")
    return "\n\n".join([say("misses.probes.head"), "\n".join(rows), say("misses.probes.fails_head"), "\n".join(fails)])


def framing_markdown(s: Served, say: Say) -> str:
    """What the numbers say: where modifiers cannot decide the label (topics), they are read against
    function words of the same frequency; where they can (sentiment), negations against the long probes."""
    study = s.card.get("modifier_study") or {}
    matched = (study.get("frequency_matched") or {}).get("modifier")
    if not s.task.modifiers_decide:
        if not matched:
            return say("misses.frame.topic")
        modifier, function = matched["group"]["mean_relative_share"], matched["function_words"]["mean_relative_share"]
        alike = abs(modifier - function) <= ALIKE * function
        return say(
            "misses.frame.topic_control" if alike else "misses.frame.topic_plain",
            modifier=fmt.times(modifier, say),
            function=fmt.times(function, say),
            content=fmt.times(matched["content_words"]["mean_relative_share"], say),
        )
    negation = (study.get("by_kind") or {}).get("negation")
    far = _categories(s.card).get("long_negation")
    if not negation or not far:
        return ""
    noticed_not_applied = negation["mean_relative_share"] > 1 and far["pass_rate"] < 0.5
    return say(
        "misses.frame.sentiment" if noticed_not_applied else "misses.frame.sentiment_plain",
        negation=fmt.times(negation["mean_relative_share"], say),
        passed=fmt.whole_pct(far["pass_rate"]),
        n=far["n"],
    )


def misses_markdown(modifiers_table: str, m: EditReadings, s: Served, say: Say) -> str:
    """The whole section for one sentence: its modifiers, edits and gates, then the probes and framing."""
    parts = [modifiers_table, edits_markdown(m, s.task.label_noun, say), gates_markdown(m, say)]
    parts += [framing_markdown(s, say), probes_markdown(s, say)]
    return "\n\n".join(p for p in parts if p)
