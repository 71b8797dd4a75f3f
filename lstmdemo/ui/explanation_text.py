"""One explanation -> the page's text: status, coloured words, details, and each lesson's reading.

The numbers come from ``explain()`` and ``lessons``; the words from the message catalogue
(``say``). Everything the user typed is escaped before it reaches Markdown.
"""

from __future__ import annotations

from .. import lessons
from ..attribution import modifiers
from ..explain import Explanation, NothingToExplain
from ..i18n import Say
from ..modeling.lexicon import kind_of
from ..modeling.text import words
from ..studies import gradient_distance
from ..tasks import Task
from . import formatting as fmt

MAX_UNKNOWN_SHOWN = 8


def status_markdown(exp: Explanation, task: Task, say: Say) -> str:
    """The plain reading first (label, how sure, what the colours mean), then notices."""
    c = lessons.confidence(exp)
    lines = [
        say(
            "status.prediction",
            label=fmt.text(task.label_name(c.label, say)),
            pct=fmt.whole_pct(c.probability),
            target=fmt.text(task.label_name(exp.target, say)),
        )
    ]
    if not exp.ig.converged:
        gap = abs(exp.ig.f_x - exp.ig.f_baseline)
        off = fmt.pct(abs(exp.ig.delta) / gap) if gap else fmt.num(abs(exp.ig.delta))
        tolerance = fmt.whole_pct(exp.ig.tolerance)
        key = "status.stopped" if exp.ig.stopped else "status.sum_off"
        lines.append(say(key, off=off, tolerance=tolerance, steps=exp.ig.n_steps))
    if exp.n_chars_total > exp.max_chars:
        lines.append(say("status.cut", chars=fmt.num(exp.max_chars), kept=len(exp.tokens)))
    elif exp.truncated:
        lines.append(say("status.truncated", kept=exp.max_tokens, total=exp.n_tokens_total))
    unknown = [t.text for t in exp.tokens if t.unknown]
    if len(unknown) == len(exp.tokens):
        lines.append(say("status.all_unknown", input_noun=task.input_noun))
    elif c.guess:
        lines.append(say("status.guess", unknown=c.n_unknown, words=c.n_words, input_noun=task.input_noun))
    elif unknown:
        shown = ", ".join(f"“{fmt.text(w)}”" for w in unknown[:MAX_UNKNOWN_SHOWN])
        lines.append(say("status.some_unknown", unknown=len(unknown), shown=shown + (" …" if len(unknown) > 8 else "")))
    return "\n\n".join(lines)


def failure_message(e: ValueError, input_noun: str, say: Say) -> str:
    """Why a text could not be explained, unescaped: the core's reason in the page's words (asking for
    the task's ``input_noun``), else its message."""
    return say(f"error.{e.reason}", input_noun=input_noun) if isinstance(e, NothingToExplain) else str(e)


def prediction_label(exp: Explanation, task: Task, say: Say) -> str:
    """The prediction box's own heading: says the answer is a guess when most words are unknown."""
    c = lessons.confidence(exp)
    if c.guess:
        return say("prediction.guess", unknown=c.n_unknown, words=c.n_words)
    return say("prediction.label", label_noun=task.label_noun)


def highlighted(exp: Explanation) -> list[tuple[str, float | None]]:
    """The text as typed, each word scored by its IG scaled to [-1, 1]; gaps are unscored."""
    bound = max((abs(a) for a in exp.ig.attributions), default=0.0) or 1.0
    out: list[tuple[str, float | None]] = []
    cursor = 0
    for tok, a in zip(exp.tokens, exp.ig.attributions, strict=True):
        if tok.start > cursor:
            out.append((exp.text[cursor : tok.start], None))
        out.append((tok.text, round(a / bound, 4)))
        cursor = tok.end
    out.append((exp.text[cursor:] if not exp.truncated else " …", None))
    return [seg for seg in out if seg[0]]


def details_markdown(exp: Explanation, say: Say) -> str:
    """Integrated Gradients' settings and completeness check: the sum against F(x) - F(baseline)."""
    ig = exp.ig
    gap = ig.f_x - ig.f_baseline
    tolerance = fmt.whole_pct(ig.tolerance)
    body = say(
        "details.body",
        target=fmt.text(Task.label_name(exp.target, say)),
        baseline=fmt.text(ig.baseline),
        baseline_gloss=fmt.text(say(f"details.baseline.{ig.baseline}")),
        f_x=fmt.plain(ig.f_x),
        f_baseline=fmt.subtrahend(ig.f_baseline),
        gap=fmt.signed(gap),
        total=fmt.signed(sum(ig.attributions)),
        delta=f"{ig.delta:+.2e}".replace("-", "−"),
        verdict=say("details.sum_ok" if ig.converged else "details.sum_off", tolerance=tolerance),
        steps=ig.n_steps,
        rule=fmt.text(ig.rule),
    )
    notes = [say("details.float64")] if ig.precision == "float64" else []
    notes += [say("details.jumps", jumps=ig.jumps, shared=fmt.whole_pct(ig.shared))] if ig.jumps else []
    return "\n\n".join([body, "\n".join(notes)] if notes else [body])


def reach_markdown(exp: Explanation, say: Say) -> str:
    """The vanishing-gradient reading: how much of the last word's pull the first word keeps."""
    r = lessons.reach(exp)
    values = {"n": r.n_words, "rnn": fmt.share(r.first_rnn), "lstm": fmt.share(r.first_lstm)}
    if r.rnn is None:
        parts = [say("reach.lstm_only", **values)]
    elif r.short:
        parts = [say("reach.short", **values), say("reach.short_alike" if r.alike else "reach.short_apart")]
    else:
        parts = [say("reach.long", **values)]
    return " ".join(parts + ([say("reach.above_one")] if r.above_one else []))


def distance_markdown(card: dict, say: Say) -> str:
    """The data-set reading of the vanishing gradient, from the study stored in the card."""
    summary = card.get("gradient_distance")
    if not summary or not summary.get("distance"):
        return say("reach.dataset_missing")
    d, rnn, lstm = gradient_distance.farthest(summary)
    return say("reach.dataset", n=fmt.num(summary["n_sentences"]), d=d, rnn=fmt.share(rnn), lstm=fmt.share(lstm))


def highway_markdown(exp: Explanation, say: Say, layer: int) -> str:
    """The highway reading: what the highway units keep of the first word, against the mean unit."""
    hw = lessons.highway(exp, layer)
    if hw is None:
        return say("gates.reading.none")
    f_high = hw.mean_f[0]
    f_low = hw.mean_f[len(hw.units) - 1]
    return say(
        "highway.reading",
        k=len(hw.units),
        layer=layer,
        f_low=fmt.plain(f_low, 2),
        f_high=fmt.plain(f_high, 2),
        kept=fmt.share(hw.first_highway),
        kept_all=fmt.share(hw.first_all),
        ratio=fmt.times(hw.ratio, say),
        n_half=hw.n_half,
        n_units=hw.n_units,
    )


def gate_markdown(exp: Explanation, say: Say, gate: str, layer: int) -> str:
    """What the chosen gate did: its mean, and the words where it changed most."""
    reading = lessons.gate_moments(exp, gate, layer)
    if reading is None:
        return say("gates.reading.none")
    gate_name = say(f"gate.{gate}")
    last = exp.gates is not None and layer == len(exp.gates.f)
    reader = say("gate.reader.classifier" if last else "gate.reader.next")
    lines = [say("gates.reading.mean", gate_name=gate_name, layer=layer, mean=fmt.plain(reading.mean, 2))]
    for n, m in enumerate(reading.moments):
        way = "up" if m.rose else "down"
        values = {"word": fmt.text(m.word), "before": fmt.plain(m.before, 2), "after": fmt.plain(m.after, 2)}
        if n == 0:
            lines.append(say(f"gates.reading.{way}", meaning=say(f"gate.{gate}.{way}", reader=reader), **values))
        else:
            lines.append(say(f"gates.reading.later_{way}", **values))
    return " ".join(lines)


def modifier_example(task: Task) -> str | None:
    """The task's first example with a negation, else with any modifier: what the hint for a text without
    modifiers suggests, so a reader on the sentiment task is offered a review, not a news sentence."""
    kinds = [(e.text, {kind_of(w) for w in words(e.text)}) for e in task.examples()]
    return next((t for t, k in kinds if "negation" in k), next((t for t, k in kinds if k - {None}), None))


def modifiers_markdown(exp: Explanation, task: Task, say: Say) -> str:
    """The modifiers of this text (rank and share of the attribution), then the core's verdict on each: what
    removing it did to the answer and what the gates did at it, with retention's caveat about position."""
    if not exp.modifiers:
        example = modifier_example(task)
        return say("misses.none") + (" " + say("misses.try", example=fmt.text(example)) if example else "")
    columns = [say("misses.col.word"), say("misses.col.kind"), say("misses.col.rank"), say("misses.col.share")]
    rows = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    for m in exp.modifiers:
        cells = [
            fmt.text(m.word),
            say(f"modifier.kind.{m.kind}"),
            say("misses.rank", rank=m.rank, n=m.n_tokens),
            fmt.whole_pct(m.share),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    verdicts = "\n".join(f"- {fmt.text(modifiers.verdict(m, task.label_noun, say))}" for m in exp.modifiers)
    position = "\n\n" + say("misses.gates.position") if any(m.gates for m in exp.modifiers) else ""
    return "\n".join(rows) + "\n\n" + verdicts + position
