"""The step-through view: the LSTM reads the text one word at a time, and a student steps with it.

The chapter's key insight is "one word = one time step". This view makes time something to step
through (as exploRNN's slow-motion cell does) on the trained classifier itself: at the current word,
the answer so far of the LSTM and its RNN baseline, the cell with this word's real gate values, and
what the answer at the end would be if the memory were changed there.

``payload`` packs everything the view draws into one compact JSON string, sent once per explanation;
the browser (``assets/step_through.js``) draws from it, so stepping never calls the server and a step
is one frame on a phone. Numbers are rounded to what the eye can tell apart and sent as integers:
probabilities in thousandths, gate values and attributions in hundredths. ``build`` makes the
``gr.HTML`` component whose value is that string.

The view keeps its current word in ``window.lstmdemo.current``, announces every change as a
``lstmdemo:word`` event (``detail.index``) and follows the same event from other views. A new payload
starts at ``start``, the word where the running prediction turns most (``lessons.turn``); the same text in
another language (the same ``key``) keeps the word the student is on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

import gradio as gr
import numpy as np

from .. import i18n, lessons
from ..explain import Explanation
from ..i18n import Say
from ..tasks import Task
from . import assets

#: The view's script, in the order it runs: what is drawn once, what a step changes, the state that starts it.
SCRIPTS = ("step_through_build.js", "step_through_show.js", "step_through.js")
#: The stable root the script draws into; the template never changes, so Gradio's re-render leaves it be.
TEMPLATE = '<div class="st" data-testid="step-through" tabindex="0" hidden></div>'
#: For the page's CSS (``launch(css=...)``): Gradio pads every gr.HTML's container by --block-padding,
#: which a phone needs for the cell; the view has its own margins.
PAGE_CSS = '.html-container:has(> * > [data-testid="step-through"]) { padding: 0 !important; }'
#: Probabilities are sent in thousandths, gate values and attributions in hundredths.
P_SCALE, G_SCALE = 1000, 100
#: A forget gate above this keeps (nearly) all of a unit's memory: the share of such units is shown.
KEEPS = 0.9
#: Characters a JSON string may hold that an HTML parser, a template literal or a JS parser would
#: read as more than text: sent as \\u escapes, which JSON.parse turns back into the same characters.
UNSAFE = {c: f"\\u{ord(c):04x}" for c in "<>&'`\u2028\u2029"}
#: Every page word of the view (the catalogue's ``step.*`` block), sent with the payload.
TEXTS = (
    "step.title", "step.caption", "step.play", "step.pause", "step.back", "step.forward", "step.slider",
    "step.position", "step.present", "step.present_hint", "step.layers", "step.layer", "step.sentence",
    "step.running.title", "step.running.after", "step.running.legend",
    "step.cell.title", "step.cell.memory_in", "step.cell.memory_out", "step.cell.word", "step.cell.from_layer",
    "step.cell.forget", "step.cell.input", "step.cell.candidate", "step.cell.output", "step.cell.to_layer",
    "step.cell.to_classifier", "step.cell.reading", "step.cell.keeps", "step.cell.highway", "step.cell.all",
    "step.cell.unit", "step.cell.col.unit", "step.cell.col.before", "step.cell.col.f", "step.cell.col.write",
    "step.cell.col.after", "step.cell.col.o", "step.cell.none",
    "step.int.title", "step.int.note", "step.int.real", "step.int.write", "step.int.cell", "step.int.deleted",
    "step.int.change", "step.int.flip", "step.int.same",
)  # fmt: skip


def payload(exp: Explanation, say: Say) -> str:
    """Everything the step-through view shows for ``exp``, its words in the language of ``say``: one JSON
    string, safe inside HTML and a JS template (no raw ``<``, ``>``, ``&``, ``'`` or backtick).

    T words, C labels, K highway units; probabilities in thousandths, everything else in hundredths:
    ``key`` (the same for the same model and text), ``words`` (as written), ``space`` [T] (1 where a space
    comes before the word), ``ig`` [T] (each attribution over the largest |attribution|), ``labels`` (as
    the page names them), ``predicted`` and ``target`` (label indices), ``start`` (the word to open at),
    ``model`` and ``compare`` (their names; ``compare`` None without a comparison), ``running``,
    ``running_compare``, ``write``, ``cell`` and ``deleted`` ([T*C] row-major; None where the model has
    no comparison or no gates), ``layers`` (None without gates; else per layer ``i``, ``f``, ``g``, ``o``
    [T] the gates' means over units, ``c`` and ``w`` [T] the means of |c| and |i*g|, ``keep`` [T] how many
    units have f > 0.9, ``units`` [K], and ``hf``, ``hi``, ``hg``, ``ho``, ``hc`` [T*K] the highway units'
    own values), ``n_units``, and ``text``: the view's words, with ``{name}`` placeholders it fills.
    """
    flow, interventions = exp.gradient_flow, exp.interventions
    other = flow.compare if exp.running_compare is not None and flow.compare is not None else None
    if other is not None and other.model == flow.model.model:
        other = None  # the model compared with itself: one line would hide the other
    data: dict[str, Any] = {
        "key": hashlib.sha256(f"{exp.model}\0{exp.text}".encode()).hexdigest()[:16],
        "words": exp.words,
        "space": [int(t > 0 and tok.start > exp.tokens[t - 1].end) for t, tok in enumerate(exp.tokens)],
        "ig": _scaled(exp.ig.attributions),
        "labels": [Task.label_name(label, say) for label in exp.labels],
        "predicted": exp.labels.index(exp.predicted),
        "target": exp.labels.index(exp.target),
        "start": turn.index if (turn := lessons.turn(exp)) is not None else 0,
        "model": say(f"plot.model.{flow.model.arch}"),
        "compare": say(f"plot.model.{other.arch}") if other is not None else None,
        "running": _per_mille(exp.running),
        "running_compare": _per_mille(exp.running_compare) if other is not None else None,
        "write": _per_mille(interventions.write) if interventions is not None else None,
        "cell": _per_mille(interventions.cell) if interventions is not None else None,
        "deleted": _per_mille(exp.deleted),
        "layers": _layers(exp),
        "n_units": int(exp.gates.f.shape[-1]) if exp.gates is not None else 0,
        "text": texts(say),
    }
    return safe_json(data)


def texts(say: Say) -> dict[str, str]:
    """The view's words (``step.`` dropped from each key), placeholders left for the browser to fill."""
    english = i18n.catalogue()
    return {
        key.removeprefix("step."): say(key, **{p: f"{{{p}}}" for p in i18n.placeholders(english[key])}) for key in TEXTS
    }


def safe_json(data: Any) -> str:
    """Compact JSON whose characters that HTML or JS would read as markup or code are \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(str.maketrans(UNSAFE))


def _layers(exp: Explanation) -> list[dict[str, list[int]]] | None:
    """Per layer, the gates' means over units at each word and the highway units' own values."""
    trace = exp.gates
    if trace is None:
        return None
    out = []
    for layer in range(1, trace.f.shape[0] + 1):
        x = {name: trace.get(name)[layer - 1].astype(np.float64) for name in "figoc"}  # [T, H] each
        highway = lessons.highway(exp, layer)
        units = list(highway.units) if highway is not None else []
        out.append(
            {
                **{name: _hundredths(x[name].mean(1)) for name in "ifgo"},
                "c": _hundredths(np.abs(x["c"]).mean(1)),
                "w": _hundredths(np.abs(x["i"] * x["g"]).mean(1)),
                "keep": [int(n) for n in (x["f"] > KEEPS).sum(1)],
                "units": units,
                **{f"h{name}": _hundredths(x[name][:, units]) for name in "figoc"},
            }
        )
    return out


def _scaled(values: Sequence[float]) -> list[int]:
    """Values over the largest magnitude, in hundredths of [-1, 1] (all 0 when every value is 0)."""
    x = np.asarray(values, dtype=np.float64)
    top = np.abs(x).max() if x.size else 0.0
    return _hundredths(x / top if top > 0 else x * 0)


def _per_mille(rows: Iterable[Iterable[float]] | np.ndarray) -> list[int]:
    """Rows of probabilities, row-major, in thousandths."""
    return [int(v) for v in np.rint(np.asarray(rows, dtype=np.float64).ravel() * P_SCALE)]


def _hundredths(values: Iterable[float] | np.ndarray) -> list[int]:
    return [int(v) for v in np.rint(np.asarray(values, dtype=np.float64).ravel() * G_SCALE)]


def build(say: Say, **kwargs: Any) -> gr.HTML:
    """The step-through component: its value is a ``payload`` (an empty value shows nothing). Every word
    it shows comes with the payload, in the page's language at the time; ``say`` names the component.
    ``kwargs`` go to ``gr.HTML`` (default ``elem_id``: "step-through-box")."""
    return gr.HTML(
        "",
        label=say("step.title"),
        html_template=TEMPLATE,
        css_template=assets.read("step_through.css"),
        js_on_load="\n".join(assets.read(name) for name in SCRIPTS),
        apply_default_css=False,
        **{"elem_id": "step-through-box", **kwargs},
    )
