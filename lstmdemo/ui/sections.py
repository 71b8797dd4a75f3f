"""The page's sections: one builder each, returning its components; no event wiring here.

Every visible word comes from ``say``; every task word (labels, nouns, examples) from the
task being served, so the same builders serve any task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import gradio as gr

from .. import plots
from ..attribution import BASELINES
from ..gates import GATE_NAMES
from ..i18n import Say
from ..tasks import ExampleSentence, Task
from . import fmt, render
from .cards import card_markdown, modifier_study_markdown
from .served import Served

AUTO = "auto"
#: Integrated Gradients' completeness bound, as the page offers it: the share of the change in
#: the score the word scores may miss (``explain(tolerance=...)``).
PRECISION = {"exact": 0.01, "fast": 0.05}


def header_markdown(served: Served, say: Say) -> str:
    task, card = served.task, served.card
    accuracy = (card.get("test") or {}).get("accuracy")
    labels = fmt.listed([fmt.text(lab) for lab in task.labels], say("page.list_join"), say("page.list_last"))
    intro = say(
        "page.intro",
        layers=served.n_layers,
        arch=served.arch,
        input_noun=task.input_noun,
        labels=labels,
        accuracy="" if accuracy is None else say("page.intro.accuracy", accuracy=fmt.pct(accuracy)),
    )
    return f"# {say('page.title', task_title=task.title)}\n{intro}"


#: A group written as an id ("paragraph", "not") names a message; any other is shown as written.
GROUP_ID = re.compile(r"[a-z_]+")


def example_labels(task: Task, say: Say) -> list[str]:
    """ "group: text" per example, the group as its message when it is an id, else as the task wrote it."""
    return [f"{_group(e, say)}: {e.text}" for e in task.examples()]


def _group(e: ExampleSentence, say: Say) -> str:
    return say(f"example.group.{e.group}") if GROUP_ID.fullmatch(e.group) else e.group


def target_choices(task: Task, say: Say) -> list[tuple[str, str]]:
    return [(say("input.target.auto", label_noun=task.label_noun), AUTO), *((lab, lab) for lab in task.labels)]


@dataclass(frozen=True)
class Inputs:
    header: gr.Markdown
    task: gr.Radio
    text: gr.Textbox
    button: gr.Button
    target: gr.Dropdown
    baseline: gr.Radio
    precision: gr.Radio
    examples: gr.Dataset
    prediction: gr.Label
    status: gr.Markdown


def inputs_section(served: dict[str, Served], first: Served, say: Say) -> Inputs:
    """Title, task switch, the text box with Explain, settings and examples (collapsed), the prediction."""
    task = first.task
    header = gr.Markdown(header_markdown(first, say), elem_id="header")
    switch = gr.Radio(
        [(s.task.title, name) for name, s in served.items()], value=task.name, label=say("page.task"), elem_id="task"
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            text = gr.Textbox(
                value=task.examples()[0].text,
                label=say("input.label", input_noun=task.input_noun),
                placeholder=say("input.placeholder", input_noun=task.input_noun),
                lines=1,  # with lines=1, Enter explains and Shift+Enter starts a new line
                max_lines=10,
                elem_id="text",
            )
            button = gr.Button(say("input.button"), variant="primary", elem_id="explain")
            with gr.Accordion(say("input.settings"), open=False, elem_id="settings"):
                target = gr.Dropdown(
                    target_choices(task, say), value=AUTO, label=say("input.target", label_noun=task.label_noun)
                )
                baseline = gr.Radio(
                    list(BASELINES), value="pad", label=say("input.baseline"), info=say("input.baseline.info")
                )
                precision = gr.Radio(
                    [(say(f"input.precision.{name}"), tolerance) for name, tolerance in PRECISION.items()],
                    value=PRECISION["exact"],
                    label=say("input.precision"),
                    info=say("input.precision.info"),
                )
            examples_text = example_labels(task, say)
            with gr.Accordion(say("input.examples"), open=False, elem_id="examples"):
                examples = gr.Dataset(
                    components=[text],
                    samples=[[s] for s in examples_text],
                    type="index",
                    samples_per_page=50,
                    layout="table",
                    show_label=False,
                )
        with gr.Column(scale=2, min_width=260):
            prediction = gr.Label(
                label=say("prediction.label", label_noun=task.label_noun),
                num_top_classes=len(task.labels),
                elem_id="prediction",
            )
    status = gr.Markdown(elem_id="status")
    return Inputs(header, switch, text, button, target, baseline, precision, examples, prediction, status)


@dataclass(frozen=True)
class Words:
    words: gr.HighlightedText
    details: gr.Markdown
    bars: gr.Plot


def words_section(say: Say) -> Words:
    gr.Markdown(f"## {say('words.heading')}")
    words = gr.HighlightedText(label=say("words.label"), show_legend=False, show_inline_category=False, elem_id="words")
    with gr.Accordion(say("details.label"), open=False, elem_id="details"):
        details = gr.Markdown()
    bars = gr.Plot(show_label=False, elem_id="ig-plot")
    return Words(words, details, bars)


@dataclass(frozen=True)
class Gates:
    gate: gr.Radio
    layer: gr.Radio
    heatmap: gr.Plot
    reading: gr.Markdown
    means: gr.Plot


def gates_section(n_layers: int, say: Say) -> Gates:
    """The gate heatmap with its reading, the equations beside it, and the gates' means per word."""
    gr.Markdown(f"## {say('gates.heading')}\n{say('gates.caption')}")
    with gr.Row():
        gate = gr.Radio([(say(f"gate.{g}"), g) for g in GATE_NAMES], value="f", label=say("gates.gate"), scale=3)
        layer = gr.Radio(
            [(say("gates.layer.choice", layer=k), k) for k in range(1, n_layers + 1)],
            value=1,
            label=say("gates.layer"),
            scale=1,
            min_width=200,
        )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            reading = gr.Markdown(elem_id="gate-reading")
            heatmap = gr.Plot(show_label=False, elem_id="gate-heatmap")
        with gr.Column(scale=1, min_width=280):
            gr.Markdown(say("gates.equations"), elem_id="equations")
    means = gr.Plot(show_label=False, elem_id="gate-means")
    return Gates(gate, layer, heatmap, reading, means)


@dataclass(frozen=True)
class Lesson:
    """A figure and the sentence that reads its numbers."""

    plot: gr.Plot
    reading: gr.Markdown


def highway_section(say: Say) -> Lesson:
    gr.Markdown(f"## {say('highway.heading')}\n{say('highway.caption')}")
    reading = gr.Markdown(elem_id="highway-reading")
    return Lesson(gr.Plot(show_label=False, elem_id="highway"), reading)


@dataclass(frozen=True)
class Reach(Lesson):
    """The vanishing gradient on this text, then averaged over the test set (from the card)."""

    dataset_plot: gr.Plot
    dataset_reading: gr.Markdown


def dataset_views(card: dict, say: Say) -> tuple[Any, str]:
    """The test-set figure (hidden when the card has no study) and its reading."""
    summary = card.get("gradient_distance")
    shown = bool(summary and summary.get("distance"))
    figure = gr.update(value=plots.distance_curve(summary, say) if shown else None, visible=shown)
    return figure, render.distance_markdown(card, say)


def reach_section(first: Served, say: Say) -> Reach:
    gr.Markdown(f"## {say('reach.heading')}\n{say('reach.caption')}")
    reading = gr.Markdown(elem_id="reach-reading")
    plot = gr.Plot(show_label=False, elem_id="reach")
    figure, text = dataset_views(first.card, say)
    dataset_reading = gr.Markdown(text, elem_id="distance-reading")
    dataset_plot = gr.Plot(figure["value"], visible=figure["visible"], show_label=False, elem_id="distance")
    return Reach(plot, reading, dataset_plot, dataset_reading)


@dataclass(frozen=True)
class Misses:
    sentence: gr.Markdown
    study: gr.Markdown


def misses_section(first: Served, say: Say) -> Misses:
    """What the LSTM still misses: this text's modifiers, then the data-set study from the card."""
    gr.Markdown(f"## {say('misses.heading')}\n{say('misses.sentence')}")
    sentence = gr.Markdown(elem_id="misses")
    gr.Markdown(say("misses.dataset"))
    study = gr.Markdown(modifier_study_markdown(first.card, say))
    gr.Markdown(say("misses.why"))
    return Misses(sentence, study)


def about_tab(served: dict[str, Served], say: Say) -> None:
    """Every served task's model cards and confusion matrices, then why an LSTM."""
    for s in served.values():
        with gr.Row():
            models = ((s.card, "card.title.model"), (s.compare_card, "card.title.baseline"))
            for card, key in models:
                if card is not None:
                    with gr.Column(min_width=300):
                        title = say(key, arch=Served.arch_of(card))
                        gr.Markdown(say("card.task", task_title=s.task.title))
                        gr.Markdown(card_markdown(card, title, s.task.label_noun, say))
                        gr.Plot(plots.confusion_matrix(card, say, s.task.label_noun), show_label=False)
    gr.Markdown(say("about.why"))
