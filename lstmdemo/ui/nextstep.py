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

from ..explain import Explanation, NothingToExplain, explain
from ..i18n import Say, sayer
from ..modeling import checkpoint
from . import explanation_text
from . import formatting as fmt
from .figures import explanation as figures
from .nextstep_table import card_figures, models, reading, remedy_task, role_name, table_markdown

log = logging.getLogger(__name__)

EXAMPLES = ("The movie is not good", "Not bad at all", "I did not think, after all that hype, that it would be good")


def available() -> bool:
    """The tab is shown only when all three models' weights are on disk."""
    chosen = models()
    return bool(chosen) and all((checkpoint.resolve(name) / "card.json").is_file() for name in chosen.values())


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
    shown_box: gr.Column  # the three columns and the attention plot, shown once a review is compared
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
        return [self.shown_box, *(c for col in self.columns.values() for c in (col.status, col.words)), self.attention]

    def shown(self, results: Results | None, lang: str) -> dict[Any, Any]:
        """``render(results, lang)`` on the tab's components; nothing when nothing was compared yet."""
        view = render(results, lang)
        if view is None:
            return {}
        out: dict[Any, Any] = {self.shown_box: gr.update(visible=True), self.attention: view.attention}
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
    task = remedy_task()
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
        "heading": f"### {say('nextstep.heading')}\n\n{say('nextstep.intro')}",
        "input": say("nextstep.input"),
        "button": say("nextstep.button"),
        "examples": say("nextstep.examples"),
        "words": say("words.label"),
        **{role: f"### {role_name(role, say)}" for role in models()},
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
    with gr.Column(visible=False, elem_id="nextstep-results") as shown_box:  # empty until a review is compared
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
    return NextStep(
        heading, text, button, examples, shown_box, columns, attention, table_heading, reading_md, table, results
    )


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
