"""The tab "What the next step changes": one sentence through the reference sentiment LSTM and its two
remedies (fine-tuned embeddings, attention), beside the figures their cards measured.

The learner sees each remedy's answer, its coloured words and where the attention model looks, then
the measured table and one reading of it computed from the cards, so a remedy that does not help says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import gradio as gr

from .. import tasks
from ..explain import Explanation, NothingToExplain, explain
from ..i18n import Say, sayer
from ..modeling import checkpoint
from . import explanation_text
from . import formatting as fmt
from .figures import explanation as figures

log = logging.getLogger(__name__)

#: The reference design and its two remedies, by role: ``nextstep.model.<role>`` names each on the page.
REFERENCE, FINETUNED, ATTENTION = "reference", "finetuned", "attention"


def _task() -> tasks.Task | None:
    """The registered task whose LSTM has the remedies this tab compares."""
    roles = {FINETUNED, ATTENTION}
    return next((t for t in tasks.TASKS.values() if roles <= {r.key for r in t.remedies}), None)


def models() -> dict[str, str]:
    """Role -> weights name: the reference LSTM first, then its remedies (empty when no task has them)."""
    task = _task()
    if task is None:
        return {}
    return {REFERENCE: task.weights, **{r.key: r.weights for r in task.remedies if r.key in (FINETUNED, ATTENTION)}}


def _name(role: str, say: Say) -> str:
    return say(f"nextstep.model.{role}")


#: Probe categories as the cards name them, with the catalogue key of their row.
PROBES = {
    "negated_positive": "nextstep.row.negated_positive",
    "negated_negative": "nextstep.row.negated_negative",
    "long_negation": "nextstep.row.long_negation",
    "intensifier": "nextstep.row.intensifier",
    "diminisher": "nextstep.row.diminisher",
}
NEGATION = ("negated_positive", "negated_negative", "long_negation")
EXAMPLES = ("The movie is not good", "Not bad at all", "I did not think, after all that hype, that it would be good")


def available() -> bool:
    """The tab is shown only when all three models' weights are on disk."""
    chosen = models()
    return bool(chosen) and all((checkpoint.resolve(name) / "card.json").is_file() for name in chosen.values())


@dataclass(frozen=True)
class Figures:
    """What one card measured, as the table and the reading use it (None where not measured)."""

    test_accuracy: float
    probes: dict[str, tuple[int, int]]  # category -> (passed, n)
    cad_both_right: float | None  # CAD dev pairs, whole reviews
    ig_modifier: float | None  # IG share of a modifier relative to an average word
    ig_function: float | None  # the same for function words of the same frequency
    attention_modifier: float | None  # attention weight of a modifier relative to an average word
    attention_negation: float | None

    @staticmethod
    def of(card: dict) -> Figures:
        probes = {c["name"]: (c["n_passed"], c["n"]) for c in (card.get("probes") or {}).get("categories", [])}
        cad = [r["both_right"] for r in (card.get("cad") or {}).get("results", []) if r["max_tokens"] is None]
        ig, att = card.get("modifier_study") or {}, card.get("attention_study") or {}
        control = ((ig.get("frequency_matched") or {}).get("modifier") or {}).get("function_words") or {}
        return Figures(
            test_accuracy=card["test"]["accuracy"],
            probes=probes,
            cad_both_right=cad[0] if cad else None,
            ig_modifier=(ig.get("modifier") or {}).get("mean_relative_share"),
            ig_function=control.get("mean_relative_share"),
            attention_modifier=(att.get("modifier") or {}).get("mean_relative_share"),
            attention_negation=((att.get("by_kind") or {}).get("negation") or {}).get("mean_relative_share"),
        )

    def passed(self, categories: tuple[str, ...] | None = None) -> tuple[int, int]:
        """Probes passed and run over ``categories`` (default all)."""
        rows = [v for k, v in self.probes.items() if categories is None or k in categories]
        return sum(p for p, _ in rows), sum(n for _, n in rows)


def card_figures() -> dict[str, Figures]:
    return {role: Figures.of(checkpoint.read_card(name)) for role, name in models().items()}


def _cell(x: float | None, show: Any) -> str:
    return "—" if x is None else show(x)


def table_markdown(figures: dict[str, Figures], say: Say) -> str:
    """The cards side by side: a column per model, a row per measured figure."""
    cols = list(figures.values())
    rows = [(say("nextstep.row.test_accuracy"), [fmt.pct(f.test_accuracy) for f in cols])]
    for name, key in PROBES.items():
        cells = [_cell(f.probes.get(name), lambda v: f"{v[0]}/{v[1]}") for f in cols]
        rows.append((say(key), cells))
    rows.append((say("nextstep.row.probes_all"), [f"{p}/{n}" for p, n in (f.passed() for f in cols)]))
    rows += [
        (say("nextstep.row.cad"), [_cell(f.cad_both_right, fmt.pct) for f in cols]),
        (say("nextstep.row.ig_modifier"), [_cell(f.ig_modifier, fmt.times) for f in cols]),
        (say("nextstep.row.ig_function"), [_cell(f.ig_function, fmt.times) for f in cols]),
        (say("nextstep.row.attention_modifier"), [_cell(f.attention_modifier, fmt.times) for f in cols]),
    ]
    head = [say("nextstep.col.figure"), *(_name(role, say) for role in figures)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines)


def reading(figures: dict[str, Figures], say: Say) -> str:
    """One plain reading of the table: which remedy passes more probes, whether attention on "not"
    buys negation probes, and whether either remedy helps diminishers."""
    ref, ft, att = (figures[role] for role in (REFERENCE, FINETUNED, ATTENTION))
    (r, n), (f, _), (a, _) = ref.passed(), ft.passed(), att.passed()
    best = max(((f, FINETUNED), (a, ATTENTION)))[1]
    parts = [say("nextstep.reading.probes", n=n, ref=r, ft=f, att=a, best=_name(best, say))]
    parts += [say("nextstep.reading.fewer", model=_name(m, say)) for m, p in ((FINETUNED, f), (ATTENTION, a)) if p < r]
    (an, nn), (fn, _) = att.passed(NEGATION), ft.passed(NEGATION)
    if att.attention_negation is not None:
        key = "nextstep.reading.attention_more" if an > fn else "nextstep.reading.attention_not_more"
        parts.append(say(key, weight=fmt.times(att.attention_negation, say), att=an, ft=fn, n=nn))
    (rd, dn), (fd, _), (ad, _) = (x.passed(("diminisher",)) for x in (ref, ft, att))
    key = "nextstep.reading.diminisher_helps" if max(fd, ad) > rd else "nextstep.reading.diminisher_none"
    parts.append(say(key, ref=rd, ft=fd, att=ad, n=dn))
    return " ".join(parts)


@dataclass(frozen=True)
class Failed:
    """A text one model could not explain: the core's reason ("empty"), else its message; neither: unexpected."""

    reason: str | None = None
    message: str | None = None

    def said(self, input_noun: str, say: Say) -> str:
        if self.reason:
            return say("status.error", message=fmt.text(say(f"error.{self.reason}", input_noun=input_noun)))
        return say("status.error", message=fmt.text(self.message)) if self.message else say("error.fault")


#: What the tab shows for one text: each model's explanation, or why it failed (kept in a ``gr.State``).
Results = dict[str, Explanation | Failed]


@dataclass(frozen=True)
class Column:
    heading: gr.Markdown
    status: gr.Markdown
    words: gr.HighlightedText


@dataclass(frozen=True)
class NextStep:
    heading: gr.Markdown
    text: gr.Textbox
    button: gr.Button
    examples: gr.Dataset
    columns: dict[str, Column]
    attention: gr.Plot
    table_heading: gr.Markdown
    reading: gr.Markdown
    table: gr.Markdown
    results: gr.State  # the last comparison, re-rendered when the language changes

    def texts(self, say: Say) -> dict[Any, Any]:
        """Every fixed word of the tab, in the language of ``say``."""
        w = tab_words(say)
        out = {self.heading: w["heading"], self.text: gr.update(label=w["input"]), self.button: w["button"]}
        out |= {self.examples: gr.update(label=w["examples"])}
        out |= {self.table_heading: w["table_heading"], self.reading: w["reading"], self.table: w["table"]}
        for name, col in self.columns.items():
            out |= {col.heading: w[name], col.words: gr.update(label=w["words"])}
        return out

    @property
    def outputs(self) -> list[Any]:
        """What one comparison shows (the keys of ``shown``)."""
        return [c for col in self.columns.values() for c in (col.status, col.words)] + [self.attention]

    def shown(self, results: Results | None, lang: str) -> dict[Any, Any]:
        """``render(results, lang)`` on the tab's components; nothing when nothing was compared yet."""
        view = render(results, lang)
        if view is None:
            return {}
        out: dict[Any, Any] = {self.attention: view.attention}
        for role, col in self.columns.items():
            out |= {col.status: view.columns[role].status, col.words: view.columns[role].words}
        return out


@dataclass(frozen=True)
class ColumnView:
    """One model's column: its status line and coloured words (None when it could not explain)."""

    status: str
    words: list[tuple[str, float | None]] | None


@dataclass(frozen=True)
class ComparisonView:
    columns: dict[str, ColumnView]  # role -> its column
    attention: Any  # the attention model's weights as a figure, None when it could not explain


def render(results: Results | None, lang: str) -> ComparisonView | None:
    """Each model's status and coloured words, then the attention plot, in ``lang``; nothing is recomputed."""
    if results is None:
        return None
    say = sayer(lang)
    task = _task()
    assert task is not None  # a comparison exists only when a task has these remedies
    worded = task.worded(say)
    columns, attention = {}, None
    for role, exp in results.items():
        if isinstance(exp, Failed):
            columns[role] = ColumnView(exp.said(worded.input_noun, say), None)
            continue
        columns[role] = ColumnView(
            explanation_text.status_markdown(exp, worded, say), explanation_text.highlighted(exp)
        )
        if exp.attention is not None:
            attention = figures.attention_bars(exp, say)
    return ComparisonView(columns, attention)


def tab_words(say: Say) -> dict[str, str]:
    """The tab's fixed words: headings, labels, and the cards' table with its reading."""
    figures = card_figures()
    return {
        "heading": f"## {say('nextstep.heading')}\n\n{say('nextstep.intro')}",
        "input": say("nextstep.input"),
        "button": say("nextstep.button"),
        "examples": say("nextstep.examples"),
        "words": say("words.label"),
        **{role: f"### {_name(role, say)}" for role in models()},
        "table_heading": f"### {say('nextstep.table.heading')}",
        "reading": reading(figures, say),
        "table": table_markdown(figures, say),
    }


def nextstep_tab(say: Say) -> NextStep:
    """The tab's components: input, a column per model, the attention plot, the cards' table and reading."""
    w = tab_words(say)
    heading = gr.Markdown(w["heading"])
    text = gr.Textbox(value=EXAMPLES[0], label=w["input"], lines=1, max_lines=4, elem_id="nextstep-text")
    button = gr.Button(w["button"], variant="primary", elem_id="nextstep-explain")
    examples = gr.Examples([[e] for e in EXAMPLES], inputs=[text], label=w["examples"]).dataset
    columns = {}
    with gr.Row():
        for role, name in models().items():
            with gr.Column(min_width=300, elem_id=f"nextstep-{name}"):
                columns[role] = Column(
                    gr.Markdown(w[role]),
                    gr.Markdown(),
                    gr.HighlightedText(label=w["words"], show_legend=False, show_inline_category=False),
                )
    attention = gr.Plot(show_label=False, elem_id="nextstep-attention")
    results = gr.State(None)
    table_heading = gr.Markdown(w["table_heading"])
    reading_md = gr.Markdown(w["reading"], elem_id="nextstep-reading")
    table = gr.Markdown(w["table"], elem_id="nextstep-table")
    return NextStep(heading, text, button, examples, columns, attention, table_heading, reading_md, table, results)


def compare(text: str) -> Results:
    """Each model's explanation of ``text``; a failure is kept, not raised."""
    out: Results = {}
    for role, name in models().items():
        try:
            out[role] = explain(text or "", model=name, compare=None)
        except NothingToExplain as e:
            out[role] = Failed(reason=e.reason)
        except ValueError as e:
            out[role] = Failed(message=str(e))
        except Exception:
            log.exception("explain failed on %r", (text or "")[:200])
            out[role] = Failed()
    return out


def wire(tab: NextStep, lang: gr.Radio, event: dict) -> None:
    """Button and Enter run the three explanations, in the page's language, as one queued event."""

    def run(text: str, lang: str) -> dict[Any, Any]:
        results = compare(text)
        return {tab.results: results, **tab.shown(results, lang)}

    gr.on([tab.button.click, tab.text.submit], run, [tab.text, lang], [tab.results, *tab.outputs], **event)
