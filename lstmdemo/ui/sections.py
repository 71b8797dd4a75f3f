"""The explain tab's sections: one builder each, returning its components; no event wiring here.

Every visible word comes from ``say``; every task word (labels, nouns, examples) from the
task being served, so the same builders serve any task. Each section's words come from one
``*_words`` function, keyed by the section's field names: its builder uses them at build time
and ``Section.texts`` turns them into updates when the page switches language.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import gradio as gr

from ..attribution.gates import GATE_NAMES
from ..attribution.integrated_gradients import BASELINES
from ..i18n import Say
from ..tasks import Task
from . import explanation_text
from . import formatting as fmt
from .card_text import modifier_study_markdown
from .figures import cards as card_figures
from .served_tasks import Served

AUTO = "auto"
#: Integrated Gradients' completeness bound, as the page offers it: the share of the change in
#: the score the word scores may miss (``explain(tolerance=...)``).
PRECISION = {"exact": 0.01, "fast": 0.05}

#: A section's words: field name -> the component's keyword arguments that carry text.
Words = dict[str, dict[str, Any]]


class Section:
    """A section's components as fields; ``texts`` maps its words onto them as updates."""

    def texts(self, words: Words) -> dict[Any, Any]:
        names = {f.name for f in fields(self)}  # type: ignore[arg-type]
        return {getattr(self, name): gr.update(**kw) for name, kw in words.items() if name in names}


def header_markdown(served: Served, say: Say) -> str:
    task, card = served.task, served.card
    accuracy = (card.get("test") or {}).get("accuracy")
    labels = fmt.listed([fmt.text(lab) for lab in task.label_names(say)], say("page.list_join"), say("page.list_last"))
    intro = say(
        "page.intro",
        layers=served.n_layers,
        arch=served.arch,
        input_noun=task.input_noun,
        labels=labels,
        accuracy="" if accuracy is None else say("page.intro.accuracy", accuracy=fmt.pct(accuracy)),
    )
    return f"# {say('page.title', task_title=task.title)}\n{intro}"


def example_labels(task: Task, say: Say) -> list[str]:
    """ "group: text" per example (its gloss shows under the text box once chosen: ``example_gloss``)."""
    return [f"{say(f'example.group.{e.group}')}: {e.text}" for e in task.examples()]


def example_gloss(task: Task, text: str, say: Say, lang: str) -> str:
    """What an example means in ``lang`` when ``text`` is one with a gloss in it (the models read English);
    else "" (Gradio shows no info line then)."""
    gloss = next((e.glosses.get(lang) for e in task.examples() if e.text == text), None)
    return say("input.gloss", gloss=gloss) if gloss else ""


def target_choices(task: Task, say: Say) -> list[tuple[str, str]]:
    names = zip(task.label_names(say), task.labels, strict=True)
    return [(say("input.target.auto", label_noun=task.label_noun), AUTO), *names]


def task_words(s: Served, say: Say) -> Words:
    """The words that follow the served task (``s`` worded in the language of ``say``)."""
    t = s.task
    return {
        "header": {"value": header_markdown(s, say)},
        "text": {
            "label": say("input.label", input_noun=t.input_noun),
            "placeholder": say("input.placeholder", input_noun=t.input_noun),
        },
        "target": {"choices": target_choices(t, say), "label": say("input.target", label_noun=t.label_noun)},
        "examples": {"samples": [[x] for x in example_labels(t, say)], "headers": [say("input.examples")]},
        "prediction": {"label": say("prediction.label", label_noun=t.label_noun)},
    }


def inputs_words(served: dict[str, Served], s: Served, say: Say) -> Words:
    """Every word of the inputs section for the served task ``s`` (worded in the language of ``say``)."""
    return {
        **task_words(s, say),
        "task": {
            "choices": [(x.task.worded(say).title, x.task.name) for x in served.values()],
            "label": say("page.task"),
        },
        "button": {"value": say("input.button")},
        "settings": {"label": say("input.settings")},
        "baseline": {
            "choices": [(say(f"input.baseline.{name}"), name) for name in BASELINES],
            "label": say("input.baseline"),
            "info": say("input.baseline.info"),
        },
        "precision": {
            "choices": [(say(f"input.precision.{name}"), tolerance) for name, tolerance in PRECISION.items()],
            "label": say("input.precision"),
            "info": say("input.precision.info"),
        },
        "examples_box": {"label": say("input.examples")},
    }


@dataclass(frozen=True)
class InputsSection(Section):
    header: gr.Markdown
    task: gr.Radio
    text: gr.Textbox
    button: gr.Button
    settings: gr.Accordion
    target: gr.Dropdown
    baseline: gr.Radio
    precision: gr.Radio
    examples_box: gr.Accordion
    examples: gr.Dataset
    prediction: gr.Label
    status: gr.Markdown


def inputs_section(served: dict[str, Served], first: Served, say: Say) -> InputsSection:
    """Title, task switch, the text box with Explain, settings and examples (collapsed), the prediction."""
    w = inputs_words(served, first, say)
    header = gr.Markdown(**w["header"], elem_id="header")
    switch = gr.Radio(**w["task"], value=first.task.name, elem_id="task")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            text = gr.Textbox(
                value=first.task.examples()[0].text,
                **w["text"],
                lines=1,  # with lines=1, Enter explains and Shift+Enter starts a new line
                max_lines=10,
                elem_id="text",
            )
            button = gr.Button(**w["button"], variant="primary", elem_id="explain")
            with gr.Accordion(**w["settings"], open=False, elem_id="settings") as settings:
                target = gr.Dropdown(**w["target"], value=AUTO)
                baseline = gr.Radio(**w["baseline"], value="pad")
                precision = gr.Radio(**w["precision"], value=PRECISION["exact"])
            with gr.Accordion(**w["examples_box"], open=False, elem_id="examples") as examples_box:
                examples = gr.Dataset(
                    components=[text],
                    **w["examples"],
                    type="index",
                    samples_per_page=50,
                    layout="table",
                    show_label=False,
                )
        with gr.Column(scale=2, min_width=260):
            prediction = gr.Label(**w["prediction"], num_top_classes=len(first.task.labels), elem_id="prediction")
    status = gr.Markdown(elem_id="status")
    return InputsSection(
        header, switch, text, button, settings, target, baseline, precision, examples_box, examples, prediction, status
    )


def _heading(say: Say, heading: str, caption: str | None = None) -> dict[str, str]:
    return {"value": f"## {say(heading)}" + (f"\n{say(caption)}" if caption else "")}


def words_words(say: Say) -> Words:
    return {
        "heading": _heading(say, "words.heading"),
        "words": {"label": say("words.label")},
        "details_box": {"label": say("details.label")},
    }


@dataclass(frozen=True)
class WordsSection(Section):
    heading: gr.Markdown
    words: gr.HighlightedText
    details_box: gr.Accordion
    details: gr.Markdown
    bars: gr.Plot


def words_section(say: Say) -> WordsSection:
    w = words_words(say)
    heading = gr.Markdown(**w["heading"])
    words = gr.HighlightedText(**w["words"], show_legend=False, show_inline_category=False, elem_id="words")
    with gr.Accordion(**w["details_box"], open=False, elem_id="details") as details_box:
        details = gr.Markdown()
    bars = gr.Plot(show_label=False, elem_id="ig-plot")
    return WordsSection(heading, words, details_box, details, bars)


def gates_words(n_layers: int, say: Say) -> Words:
    return {
        "heading": _heading(say, "gates.heading", "gates.caption"),
        "gate": {"choices": [(say(f"gate.{g}"), g) for g in GATE_NAMES], "label": say("gates.gate")},
        "layer": {
            "choices": [(say("gates.layer.choice", layer=k), k) for k in range(1, n_layers + 1)],
            "label": say("gates.layer"),
        },
        "equations": {"value": say("gates.equations")},
    }


@dataclass(frozen=True)
class GatesSection(Section):
    heading: gr.Markdown
    gate: gr.Radio
    layer: gr.Radio
    heatmap: gr.Plot
    reading: gr.Markdown
    equations: gr.Markdown
    means: gr.Plot


def gates_section(n_layers: int, say: Say) -> GatesSection:
    """The gate heatmap with its reading, the equations beside it, and the gates' means per word."""
    w = gates_words(n_layers, say)
    heading = gr.Markdown(**w["heading"])
    with gr.Row():
        gate = gr.Radio(**w["gate"], value="f", scale=3)
        layer = gr.Radio(**w["layer"], value=1, scale=1, min_width=200)
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            reading = gr.Markdown(elem_id="gate-reading")
            heatmap = gr.Plot(show_label=False, elem_id="gate-heatmap")
        with gr.Column(scale=1, min_width=280):
            equations = gr.Markdown(**w["equations"], elem_id="equations")
    means = gr.Plot(show_label=False, elem_id="gate-means")
    return GatesSection(heading, gate, layer, heatmap, reading, equations, means)


def highway_words(say: Say) -> Words:
    return {"heading": _heading(say, "highway.heading", "highway.caption")}


@dataclass(frozen=True)
class LessonSection(Section):
    """A heading, a figure and the sentence that reads its numbers."""

    heading: gr.Markdown
    plot: gr.Plot
    reading: gr.Markdown


def highway_section(say: Say) -> LessonSection:
    heading = gr.Markdown(**highway_words(say)["heading"])
    reading = gr.Markdown(elem_id="highway-reading")
    return LessonSection(heading, gr.Plot(show_label=False, elem_id="highway"), reading)


def dataset_views(card: dict, say: Say) -> tuple[Any, str]:
    """The test-set figure (hidden when the card has no study) and its reading."""
    summary = card.get("gradient_distance")
    shown = bool(summary and summary.get("distance"))
    figure = gr.update(value=card_figures.distance_curve(summary, say) if shown else None, visible=shown)
    return figure, explanation_text.distance_markdown(card, say)


def reach_words(s: Served, say: Say) -> Words:
    figure, text = dataset_views(s.card, say)
    return {
        "heading": _heading(say, "reach.heading", "reach.caption"),
        "dataset_reading": {"value": text},
        "dataset_plot": {"value": figure["value"], "visible": figure["visible"]},
    }


@dataclass(frozen=True)
class ReachSection(LessonSection):
    """The vanishing gradient on this text, then averaged over the test set (from the card)."""

    dataset_plot: gr.Plot
    dataset_reading: gr.Markdown


def reach_section(first: Served, say: Say) -> ReachSection:
    w = reach_words(first, say)
    heading = gr.Markdown(**w["heading"])
    reading = gr.Markdown(elem_id="reach-reading")
    plot = gr.Plot(show_label=False, elem_id="reach")
    dataset_reading = gr.Markdown(**w["dataset_reading"], elem_id="distance-reading")
    dataset_plot = gr.Plot(**w["dataset_plot"], show_label=False, elem_id="distance")
    return ReachSection(heading, plot, reading, dataset_plot, dataset_reading)


def misses_words(s: Served, say: Say) -> Words:
    return {
        "heading": _heading(say, "misses.heading", "misses.sentence"),
        "dataset": {"value": say("misses.dataset")},
        "study": {"value": modifier_study_markdown(s.card, say)},
        "why": {"value": say("misses.why")},
    }


@dataclass(frozen=True)
class MissesSection(Section):
    heading: gr.Markdown
    sentence: gr.Markdown
    dataset: gr.Markdown
    study: gr.Markdown
    why: gr.Markdown


def misses_section(first: Served, say: Say) -> MissesSection:
    """What the LSTM still misses: this text's modifiers, then the data-set study from the card."""
    w = misses_words(first, say)
    heading = gr.Markdown(**w["heading"])
    sentence = gr.Markdown(elem_id="misses")
    dataset = gr.Markdown(**w["dataset"])
    study = gr.Markdown(**w["study"])
    why = gr.Markdown(**w["why"])
    return MissesSection(heading, sentence, dataset, study, why)
