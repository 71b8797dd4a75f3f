"""The top of the explain tab: the inputs and the prediction, then which words decided it; one builder
each, returning its components, no event wiring here (the lessons below have their own modules).

Every visible word comes from ``say``; every task word (labels, nouns, examples) from the
task being served, so the same builders serve any task. Each section's words come from one
``*_words`` function, keyed by the section's field names: its builder uses them at build time
and ``Section.texts`` turns them into updates when the page switches language.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from ..attribution.integrated_gradients import BASELINES
from ..i18n import Say
from ..tasks import Task
from . import formatting as fmt
from . import sentence, share
from .section import Section, Words
from .served_tasks import Served

AUTO = "auto"
#: Integrated Gradients' completeness bound, as the page offers it: the share of the change in
#: the score the word scores may miss (``explain(tolerance=...)``).
PRECISION = {"exact": 0.01, "fast": 0.05}


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
    return f"# {say('page.chapter')}\n**{say('page.title', task_title=task.title)}** {intro}"


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


def words_words(say: Say) -> Words:
    return {"details_box": {"label": say("details.label")}}


@dataclass(frozen=True)
class WordsSection(Section):
    """Which words decided it: the coloured words (the page's current word is picked there), the bars and
    the Integrated Gradients arithmetic on demand, and a link to share this view."""

    words: gr.HTML
    details_box: gr.Accordion
    details: gr.Markdown
    bars: gr.Plot
    share: gr.HTML


def words_section(say: Say) -> WordsSection:
    w = words_words(say)
    words = sentence.component()
    with gr.Accordion(**w["details_box"], open=False, elem_id="details") as details_box:
        details = gr.Markdown()
        bars = gr.Plot(show_label=False, elem_id="ig-plot")
    return WordsSection(words, details_box, details, bars, share.component())
