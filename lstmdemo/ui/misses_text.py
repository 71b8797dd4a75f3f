"""The "What the LSTM still misses" section's text: edits, gates, probes and the framing, from numbers.

Every figure comes from ``sentence_edits.read`` (this sentence) or the model cards (probes, the
modifier study); every word from the catalogue; user and card text is escaped.
"""

from __future__ import annotations

from ..i18n import Say
from ..studies.counterfactual import Edit, describe, window
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


def window_markdown(original: str, edit: Edit) -> str:
    """An edit where it happened, a few words either side: removed words struck through, inserted ones bold."""
    w = window(original, edit)
    change = [f"~~{fmt.text(w.removed)}~~" if w.removed else "", f"**{fmt.text(w.inserted)}**" if w.inserted else ""]
    text = fmt.text(w.before) + " ".join(c for c in change if c) + fmt.text(w.after)
    return ("… " if w.cut_before else "") + text + (" …" if w.cut_after else "")


def _predicted(r: Reading, m: EditReadings, say: Say) -> str:
    v = r.variant
    changed = v.edit is not None and v.predicted != m.original.variant.predicted
    return say(
        "misses.edits.flips" if changed else "misses.edits.label", label=fmt.text(Task.label_name(v.predicted, say))
    )


def _full_texts(m: EditReadings, say: Say) -> str:
    """Every variant's whole text, prediction and top words by |IG|, collapsed: the table shows only windows."""
    lines = []
    for r in (m.original, *m.edits):
        v = r.variant
        what = say("misses.edits.original") if v.edit is None else fmt.text(describe(v.edit, say))
        values = {"what": what, "text": fmt.text(v.text), "label": _predicted(r, m, say), "top": _top(r)}
        lines.append("- " + say("misses.edits.full.line", **values))
    return f"<details><summary>{say('misses.edits.full')}</summary>\n\n" + "\n".join(lines) + "\n\n</details>"


def edits_markdown(m: EditReadings, label_noun: str, say: Say) -> str:
    """The original and each edit, as a narrow table (the edit in a short window, the prediction,
    P(original's label)); the full texts and their top words by |IG| under it, collapsed."""
    if not m.edits and not m.n_edits:
        return say("misses.edits.none")
    target = fmt.text(Task.label_name(m.target, say))
    columns = [say("misses.edits.col.text"), say("misses.edits.col.predicted")]
    columns += [say("misses.edits.col.prob", target=fmt.text(Task.short_label(m.target, say)))]
    rows = [_row(columns), "|---" * len(columns) + "|"]
    for r in (m.original, *m.edits):
        v = r.variant
        shown = (
            f"*{say('misses.edits.original')}*" if v.edit is None else window_markdown(m.original.variant.text, v.edit)
        )
        rows.append(_row([shown, _predicted(r, m, say), f"{v.target_prob:.3f}"]))
    parts = [say("misses.edits.head", target=target, label_noun=label_noun), "\n".join(rows)]
    if len(m.edits) < m.n_edits:
        key = "misses.edits.stopped" if m.stopped else "misses.edits.limit"
        parts.append(say(key, shown=len(m.edits), found=m.n_edits))
    return "\n\n".join([*parts, _full_texts(m, say)])


def _categories(card: dict | None) -> dict[str, dict]:
    return {c["name"]: c for c in ((card or {}).get("probes") or {}).get("categories", [])}


def _failure(category: dict | None, say: Say) -> str:
    if not category or not category.get("failures"):
        return say("misses.probes.no_failure")
    f = category["failures"][0]
    predicted = fmt.text(Task.label_name(f["probe_predicted"], say))
    return say("misses.probes.failure", probe=fmt.text(f["item"]["probe"]), predicted=predicted)


def _rates(category: dict | None) -> str:
    """A category's capability, then its direction: "3% · 85%" (a topic control has no direction)."""
    if not category:
        return "n/a"
    direction = category.get("direction")
    return " · ".join(fmt.whole_pct(r["rate"]) if r else "—" for r in (category["capability"], direction))


def probes_markdown(s: Served, say: Say) -> str:
    """Per probe category: the LSTM's and the RNN's capability and direction rates, then one item each
    fails (as a list under the table, so the table stays narrow enough for a phone)."""
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
        rows.append(_row([described, *(_rates(x) for x in both)]))
        each = [say("misses.probes.fails", arch=a, failure=_failure(x, say)) for a, x in zip(archs, both, strict=True)]
        fails.append(f"- *{described}*: {'; '.join(each)}")
    table = "\n".join(rows) + "\n\n" + say("probe.legend")
    return "\n\n".join([say("misses.probes.head"), table, say("misses.probes.fails_head"), "\n".join(fails)])


def framing_markdown(s: Served, say: Say) -> str:
    """What the numbers say: where modifiers cannot decide the label (topics), they are read against
    function words of the same frequency; where they can (sentiment), negations against the long probes
    whose base the model reads right (elsewhere a model that calls every long sentence Negative would
    seem to flip them)."""
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
    far = (_categories(s.card).get("long_negation") or {}).get("capability_base_right")
    if not negation or not far:
        return ""
    noticed_not_applied = negation["mean_relative_share"] > 1 and far["rate"] < 0.5
    return say(
        "misses.frame.sentiment" if noticed_not_applied else "misses.frame.sentiment_plain",
        negation=fmt.times(negation["mean_relative_share"], say),
        passed=far["passed"],
        n=far["n"],
    )


def _negated(category: str) -> str | None:
    """The probe category of a sentence with a negation, named by how the model reads it without the
    negation: "not bad" (read Negative without "not") is a negated negative."""
    return {"Negative": "negated_negative", "Positive": "negated_positive"}.get(category)


def negation_markdown(m: EditReadings, s: Served, say: Say) -> str:
    """For each negation that should flip the answer (``ModifierReport.flip_expected``): whether it did here,
    plainly, and beside it how often the probe suite's items of the same kind are read as a person reads them."""
    lines = []
    for r in (r for r in m.modifiers if r.flip_expected):
        name = _negated(r.predicted_without)
        category = _categories(s.card).get(name or "")
        expected = [lab for lab in s.task.labels if lab != r.predicted_without]
        if category is None or len(expected) != 1:
            continue
        rate = category["capability"]
        values = {
            "arch": s.arch,
            "word": fmt.text(r.word),
            "label_noun": s.task.label_noun,
            "label": fmt.text(Task.label_name(r.predicted, say)),
            "without": fmt.text(Task.label_name(r.predicted_without, say)),
            "expected": fmt.text(Task.label_name(expected[0], say)),
            "probes": say(f"misses.negation.{name}"),
            "passed": rate["passed"],
            "n": rate["n"],
            "rate": fmt.whole_pct(rate["rate"]),
        }
        lines.append(say("misses.negation.right" if r.flips else "misses.negation.missed", **values))
    return "\n\n".join(lines)


def misses_markdown(modifiers_table: str, m: EditReadings, s: Served, say: Say) -> str:
    """This sentence's part of the section: first whether its negations did what a person expects (beside the
    probe suite's rate), then its modifiers with what each did and what the gates did there, then its edits."""
    parts = [negation_markdown(m, s, say), modifiers_table, edits_markdown(m, s.task.label_noun, say)]
    return "\n\n".join(p for p in parts if p)


def suite_markdown(s: Served, say: Say) -> str:
    """The task's part, the same for every sentence: what the numbers mean, and the probe suite."""
    return "\n\n".join(p for p in (framing_markdown(s, say), probes_markdown(s, say)) if p)
