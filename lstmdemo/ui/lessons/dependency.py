"""Lesson 1, 장기 의존성 (long-term dependency): the memory experiment, where the first word decides the
answer and N words stand between it and the end (the chapter's "The cat, which ..., finally woke up").

It does not use the text explained (said plainly in its caption): a topic classifier has no reason to
link the first word to the last. The student picks N and the LSTM's forget bias (the experiment's
control) and sees the chapter's sentence at that length with each model's answer; everything comes
from the stored experiment (``weights/memory``), so nothing is computed per visitor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ...i18n import Say, sayer
from ...lessons import dependency
from ...studies import memory
from .. import formatting as fmt
from ..figures.memory import accuracy_curves
from ..section import Words
from ..served_tasks import Served
from .base import Lesson, heading

KEY = "dependency"
#: The N the lesson opens at: the first the RNN cannot hold in the stored experiment.
OPEN_N = 40
#: The experiment's control: which LSTM the sentence and the answers follow.
BIASES = ("lstm", "lstm_bias0")


def _study() -> dependency.Dependency | None:
    card = memory.read_card()
    return dependency.read(card) if card is not None else None


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def summary_markdown(d: dependency.Dependency, say: Say) -> str:
    """What the curves show, from their numbers: the chapter's result when it holds, else what they show."""
    rnn, lstm, plain = d.curves["rnn"], d.curves["lstm"], d.curves["lstm_bias0"]
    bias = d.forget_bias["lstm"] or 0.0
    values = {
        "rnn_holds": rnn.holds_up_to or "—",
        "rnn_chance": rnn.chance_from or "—",
        "lstm_holds": lstm.holds_up_to or "—",
        "plain_chance": plain.chance_from or "—",
        "bias": f"{bias:g}",
        "gate": fmt.plain(_sigmoid(bias), 2),
        "seeds": len(rnn.seeds[0]),
    }
    return say("lesson.dependency.textbook" if d.textbook else "lesson.dependency.not_textbook", **values)


def answers_markdown(d: dependency.Dependency, n: int, lstm: str, say: Say) -> str:
    """The chapter's sentence with ``n`` filler words, each animal's answer, and whether that is memory.

    A list rather than a table: one line per model wraps on a phone where four columns would not.
    """
    animals = [a for (m, a) in d.sentences if m == n]
    if not animals:
        return ""
    rows = []
    for name in ("rnn", lstm):
        said = []
        for a in animals:
            ans = d.answers[(n, a)][name]
            mark = say("lesson.dependency.right" if ans.right else "lesson.dependency.wrong")
            said.append(
                say("lesson.dependency.said", animal=a, answer=f"{ans.answer} {fmt.whole_pct(ans.probability)} {mark}")
            )
        rows.append(f"- **{say(f'lesson.dependency.model.{name}')}**: {' · '.join(said)}. {_verdict(d, n, name, say)}")
    curves = d.curves
    head = say(
        "lesson.dependency.at_n",
        n=n,
        sentence=fmt.text(d.sentences[(n, animals[0])]),
        other=", ".join(animals[1:]),
        rnn=fmt.whole_pct(curves["rnn"].at(n)),
        lstm=fmt.whole_pct(curves[lstm].at(n)),
        lstm_name=say(f"lesson.dependency.model.{lstm}"),
    )
    return head + "\n\n" + "\n".join(rows)


def _verdict(d: dependency.Dependency, n: int, name: str, say: Say) -> str:
    """Memory only when every animal gets its own answer; one answer for both is a guess that is half right."""
    if d.remembers(n, name):
        return say("lesson.dependency.verdict.remembers")
    same = d.same_answer(n, name)
    if same is not None:
        return say("lesson.dependency.verdict.same", answer=same)
    return say("lesson.dependency.verdict.wrong")


def words(s: Served, say: Say) -> Words:
    d = _study()
    if d is None:
        return {"heading": heading(KEY, say), "summary": {"value": say("lesson.dependency.missing")}}
    return {
        "heading": heading(KEY, say),
        "summary": {"value": summary_markdown(d, say)},
        "plot": {"value": accuracy_curves(d, say)},
        "n": {
            "choices": [(say("lesson.dependency.n_choice", n=n), n) for n in d.ns],
            "label": say("lesson.dependency.n"),
        },
        "bias": {
            "choices": [(say(f"lesson.dependency.model.{b}"), b) for b in BIASES],
            "label": say("lesson.dependency.bias"),
        },
        "answers": {"value": answers_markdown(d, OPEN_N if OPEN_N in d.ns else d.ns[-1], "lstm", say)},
    }


@dataclass(frozen=True)
class DependencyLesson(Lesson):
    """Everything here follows the stored experiment and the student's two choices, not the text."""

    heading: gr.Markdown
    summary: gr.Markdown
    plot: gr.Plot
    n: gr.Radio
    bias: gr.Radio
    answers: gr.Markdown


def build(s: Served, say: Say) -> DependencyLesson:
    w = words(s, say)
    d = _study()
    ns = d.ns if d else ()
    head = gr.Markdown(**w["heading"])
    summary = gr.Markdown(**w["summary"], elem_id="dependency-reading")
    plot = gr.Plot(**w.get("plot", {}), show_label=False, elem_id="memory-curve", visible=d is not None)
    with gr.Row(visible=d is not None):
        n = gr.Radio(**w.get("n", {}), value=OPEN_N if OPEN_N in ns else (ns[-1] if ns else None), elem_id="memory-n")
        bias = gr.Radio(**w.get("bias", {}), value="lstm" if d else None, elem_id="memory-bias")
    answers = gr.Markdown(**w.get("answers", {}), elem_id="memory-answers")
    return DependencyLesson(head, summary, plot, n, bias, answers)


def answers(n: int, lstm: str, lang: str) -> str:
    """The chapter's sentence at the N and forget bias the student chose (a lookup in the stored experiment)."""
    d = _study()
    if d is None or n not in d.ns or lstm not in BIASES:
        return ""
    return answers_markdown(d, int(n), lstm, sayer(lang))


def view(ctx: Any) -> None:
    """The experiment shows nothing of the text explained: its words follow the stored study (``words``)."""
    return None
