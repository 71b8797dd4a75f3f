"""The demo page: Gradio Blocks that render what ``explain()`` returns and the model cards.

Nothing here computes an attribution or calls the model itself: every number on the
page comes from one ``explain()`` call, kept in a ``gr.State`` so that choosing
another gate or layer re-draws without recomputing, or from ``card.json``. All text
the user typed is HTML-escaped before it reaches Markdown or Plotly.
"""

import html
import logging
import re
from pathlib import Path
from typing import Any

import gradio as gr

from . import plots, tasks
from .attribution import BASELINES
from .data import LABELS
from .explain import Explanation, explain, load_model
from .gates import GATE_NAMES, GATE_TITLES

log = logging.getLogger(__name__)

AUTO = "auto (the predicted topic)"
TITLE = "Why does the LSTM call it that? An AG News topic classifier, explained"

#: (group, sentence): a few per topic, one long sentence, and modifier pairs that differ in one word.
EXAMPLES: list[tuple[str, str]] = [(e.group, e.text) for e in tasks.get("topic").examples()]

GENERIC_FAILURE = "Something went wrong while explaining this text. Please try a different or shorter sentence."

GATES_HELP = """
### What the gates do
An LSTM reads one word at a time. For every word *t* and each of its 128 units it computes

```
i = σ(W_i [x_t, h_t-1] + b_i)      input gate:   how much new content is written
f = σ(W_f [x_t, h_t-1] + b_f)      forget gate:  how much of the old cell is kept
g = tanh(W_g [x_t, h_t-1] + b_g)   candidate:    the content offered to the cell
o = σ(W_o [x_t, h_t-1] + b_o)      output gate:  how much of the cell is shown
c_t = f * c_t-1 + i * g            cell state:   the memory, updated by addition
h_t = o * tanh(c_t)                hidden state: what the next layer (and the classifier) sees
```

Because the cell is updated by *addition* gated by f, a word's content can survive many steps
(when f stays near 1) and its gradient can flow back without shrinking at every step, which is
what a plain RNN (``h_t = tanh(W x_t + U h_t-1 + b)``) cannot do. The gate pictures on the first
tab are the model's own weights replayed step by step on your sentence.
"""

GATES_CAPTION = (
    "Each row is a word, each column one of the cell's units. A forget gate near 1 keeps what the unit holds, "
    "near 0 wipes it; the input gate decides how much of the new word is written. What a word wrote survives to "
    "the end only as far as every later forget gate lets it through: that product is the retention curve."
)

FLOW_HELP = (
    "Each point is how much a small change to that word's vector moves the decision, which is read after the "
    "last word. Going back one step multiplies a plain RNN's gradient by its recurrent weights and the tanh slope, "
    "so over long distances it tends to shrink (the *vanishing gradient*) and early words lose their pull; the "
    "LSTM's additive cell path lets it through while the forget gates stay open. Compare the curves on the long "
    "example sentence; the y axis is logarithmic."
)

WHY_MISSES = """
**Why.** The LSTM weighs every word through the same gates: nothing in it marks *not* as "reverse what
follows" or *very* as "scale it up", so a modifier is just one more input to average in.
And its embeddings are frozen GloVe vectors, so *not* and *barely* keep the meaning they had in general
text and cannot be re-learned as operators for this task.
"""

#: Gradio 6 takes the theme and CSS in ``launch()``. The default theme's fonts ship with
#: Gradio (``LocalFont``), so the page loads no web fonts from the network.
THEME = gr.themes.Default(
    primary_hue="indigo",
    secondary_hue="blue",
    font=(gr.themes.LocalFont("Source Sans Pro", weights=(400, 600, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
)
CSS = """
#status p { font-size: 1.05rem; margin: 0.2rem 0; }
.gradio-container { max-width: 1280px !important; }
"""


def _text(s: object) -> str:
    """User (or card) text made safe for Markdown: no HTML, no Markdown syntax."""
    escaped = html.escape(str(s), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", escaped)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _num(x: Any) -> str:
    """Counts with thousands separators, other figures to 3 significant digits, anything else as text."""
    if x is None:
        return "n/a"
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"
    return _text(x)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


# --- one explanation -> page content ------------------------------------------------------


def status_markdown(exp: Explanation) -> str:
    """One line on what was explained, plus notices on truncation and unknown words."""
    p = dict(zip(exp.labels, exp.probabilities, strict=True))
    lines = [
        f"**{_text(exp.predicted)}** ({p[exp.predicted]:.0%}): explained {len(exp.tokens)} words toward "
        f"**{_text(exp.target)}** with {exp.ig.n_steps} Integrated Gradients steps from the "
        f"*{_text(exp.ig.baseline)}* baseline."
    ]
    if exp.truncated:
        lines.append(
            f"⚠️ The text is long: only the first {exp.max_tokens} of its {exp.n_tokens_total} words and symbols "
            "were explained; the rest was left out."
        )
    unknown = [t.text for t in exp.tokens if t.unknown]
    if len(unknown) == len(exp.tokens):
        lines.append(
            "⚠️ None of these words is in the model's vocabulary, so the prediction says nothing about the text. "
            "Try an English news sentence."
        )
    elif unknown:
        shown = ", ".join(f"“{_text(w)}”" for w in unknown[:8]) + (" …" if len(unknown) > 8 else "")
        lines.append(f"{len(unknown)} of the words are not in the model's vocabulary and read as &lt;unk&gt;: {shown}")
    return "\n\n".join(lines)


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


def ig_summary(exp: Explanation) -> str:
    """Completeness check of Integrated Gradients: the sum of the bars against F(x) - F(baseline)."""
    ig = exp.ig
    gap = ig.f_x - ig.f_baseline
    total = sum(ig.attributions)
    relative = abs(ig.delta) / abs(gap) if gap else float("inf")
    verdict = (
        "the attributions add up to the change in the logit"
        if relative < 0.05
        else "larger than 5% of the change: raise the IG steps for a closer sum"
    )
    return "\n".join(
        [
            f"**Target** {_text(exp.target)} · **baseline** {_text(ig.baseline)}: {_text(BASELINES[ig.baseline])}",
            "",
            f"- F(x) − F(baseline) = {ig.f_x:.4f} − {ig.f_baseline:.4f} = **{gap:+.4f}**",
            f"- sum of the attributions = {total:+.4f}",
            f"- convergence delta = **{ig.delta:+.2e}** ({verdict})",
            "",
            "Red words push toward the target topic, blue-violet words push away; the colour is scaled to the "
            "strongest word.",
        ]
    )


def modifiers_markdown(exp: Explanation) -> str:
    """The modifiers of this sentence: rank, share, flip test, and the core's verdict line."""
    if not exp.modifiers:
        return (
            "No modifier in this sentence (a negation like *not*, an intensifier like *very*, a hedge like "
            "*barely*). Try the example “The new phone's battery life is not good”."
        )
    target = _text(exp.target)
    rows = [
        f"| word | kind | rank | share of the attribution | P({target}) with → without it | topic without it |",
        "|---|---|---|---|---|---|",
    ]
    for m in exp.modifiers:
        flip = f"**{_text(m.predicted_without)}** (flips)" if m.flips else f"{_text(m.predicted_without)} (same)"
        rows.append(
            f"| {_text(m.word)} | {m.kind} | {m.rank} of {m.n_tokens} | {m.share:.0%} | "
            f"{m.target_prob:.3f} → {m.target_prob_without:.3f} | {flip} |"
        )
    verdicts = "\n".join(f"- {_text(m.verdict)}" for m in exp.modifiers)
    return "\n".join(rows) + "\n\n" + verdicts


# --- model cards -> page content ---------------------------------------------------------


def _times(x: float) -> str:
    return f"{x:.2f}×"


#: The figures of the modifier study (``python -m lstmdemo modifiers --save``): column title, format.
STUDY_COLUMNS: dict[str, tuple[str, Any]] = {
    "occurrences": ("words seen", _num),
    "mean_share": ("mean share of its sentence's attribution", _pct),
    "mean_relative_share": ("relative to an average word of its sentence", _times),
    "mean_rank_percentile": ("mean rank percentile (1 = the top word)", _num),
}


def modifier_study_markdown(card: dict) -> str:
    """The data-set level modifier study stored in the model card, or a note that it is missing."""
    study = card.get("modifier_study")
    if not study:
        return (
            "The data-set level study is not in this model card yet; add it with "
            "`python -m lstmdemo modifiers --data <AG News folder> --save`."
        )
    rows = {"every word": study["all"], "content words": study["content"], "modifiers": study["modifier"]}
    rows.update({f"– {kind}": stats for kind, stats in study["by_kind"].items()})
    mod, content = study["modifier"], study["content"]
    head = (
        f"Over {_num(study['n_sentences'])} test sentences ({_num(study['n_sentences_with_modifier'])} with a "
        f"modifier), a modifier got on average **{_times(mod['mean_relative_share'])}** the attribution of an "
        f"average word of its sentence (a content word {_times(content['mean_relative_share'])})."
    )
    table = [
        "| words | " + " | ".join(title for title, _ in STUDY_COLUMNS.values()) + " |",
        "|---" * (len(STUDY_COLUMNS) + 1) + "|",
    ]
    for name, stats in rows.items():
        cells = ["n/a" if stats.get(c) is None else fmt(stats[c]) for c, (_, fmt) in STUDY_COLUMNS.items()]
        table.append(f"| {name} | " + " | ".join(cells) + " |")
    return head + "\n\n" + "\n".join(table)


def card_markdown(card: dict, title: str) -> str:
    """A model card as a short fact sheet; every field is optional."""
    lines = [f"### {_text(title)}"]
    if card.get("description"):
        lines.append(_text(card["description"]))
    facts = []
    test = card.get("test") or {}
    if test.get("accuracy") is not None:
        facts.append(f"- **Test accuracy** {_pct(test['accuracy'])} on {_num(test.get('n'))} articles")
    params = card.get("parameters") or {}
    if params:
        facts.append(
            f"- **Parameters** {_num(params.get('total'))} ({_num(params.get('trainable'))} trained, "
            f"{_num(params.get('frozen_embedding'))} in the frozen embedding)"
        )
    training = card.get("training") or {}
    if training:
        facts.append(
            f"- **Training** {_num(training.get('train_rows'))} rows (+{_num(training.get('valid_rows'))} for "
            f"validation), best epoch {_num(training.get('best_epoch'))} of {_num(training.get('epochs'))}, "
            f"{_duration(training.get('seconds'))} on {_text(training.get('machine', 'n/a'))}"
        )
    glove = card.get("glove") or {}
    if glove:
        facts.append(
            f"- **GloVe** {_text(glove.get('source', 'n/a'))}, covers {_pct(glove.get('vocab_share'))} of the "
            f"vocabulary and {_pct(glove.get('token_share'))} of the tokens"
        )
    config = card.get("config") or {}
    if config:
        facts.append(
            f"- **Shape** {_num(config.get('layers'))} × {_text(str(config.get('arch', '')).upper())} "
            f"({_num(config.get('hidden'))} units) over {_num(config.get('embed_dim'))}-d embeddings, "
            f"vocabulary {_num(config.get('vocab_size'))}"
        )
    if facts:
        lines += ["", *facts]
    per_class = test.get("per_class") or {}
    if per_class:
        lines += ["", "| topic | precision | recall | F1 | articles |", "|---|---|---|---|---|"]
        for topic, m in per_class.items():
            lines.append(
                f"| {_text(topic)} | {_pct(m.get('precision'))} | {_pct(m.get('recall'))} | "
                f"{_pct(m.get('f1'))} | {_num(m.get('support'))} |"
            )
    if not facts and not per_class:
        lines.append("This model card has no metrics yet.")
    return "\n".join(lines)


# --- the page ---------------------------------------------------------------------------


def _target(choice: str | None) -> str | None:
    return None if not choice or choice.lower().startswith("auto") else choice


def _arch(card: dict | None) -> str:
    """ "LSTM" or "RNN", as the card records it."""
    return str((card or {}).get("arch") or ((card or {}).get("config") or {}).get("arch", "lstm")).upper()


def _layer(layer: int | str | None) -> int:
    return int(layer or 1)


def build_demo(model: str | Path = "lstm", compare: str | Path | None = "rnn") -> gr.Blocks:
    """The whole page for weights ``model``, with ``compare`` (or nothing) as the gradient-flow baseline.

    Loads and verifies both weights here, so that broken weights stop the app from starting
    (``CheckpointError``) instead of failing every visitor, and the first explanation is fast.
    """
    card = load_model(model).card
    compare_card = load_model(compare).card if compare is not None else None
    labels = list(card.get("labels") or LABELS)
    n_layers = int((card.get("config") or {}).get("layers", 1))
    arch = _arch(card)
    accuracy = (card.get("test") or {}).get("accuracy")

    def explain_safely(text: str, target: str | None, baseline: str, n_steps: float) -> Explanation | str:
        """The explanation, or a message fit for the page (never a stack trace)."""
        try:
            return explain(
                text or "",
                model=model,
                target=_target(target),
                baseline=baseline,
                n_steps=int(n_steps),
                compare=compare,
            )
        except ValueError as e:
            return str(e)
        except Exception:
            log.exception("explain failed on %r", (text or "")[:200])
            return GENERIC_FAILURE

    def gate_views(exp: Explanation | None, gate: str, layer: int | str) -> tuple[Any, Any]:
        if exp is None:
            return gr.skip(), gr.skip()
        return plots.gate_heatmap(exp, gate, _layer(layer)), plots.gate_means(exp, _layer(layer))

    def run(text: str, target: str, baseline: str, n_steps: float, gate: str, layer: int | str) -> tuple:
        exp = explain_safely(text, target, baseline, n_steps)
        if isinstance(exp, str):
            return (None, f"⚠️ {_text(exp)}", gr.update(visible=False), None, *([gr.skip()] * 8))
        return (
            exp,
            status_markdown(exp),
            gr.update(visible=True),
            dict(zip(exp.labels, exp.probabilities, strict=True)),
            highlighted(exp),
            ig_summary(exp),
            plots.attribution_bars(exp),
            *gate_views(exp, gate, layer),
            plots.retention_curve(exp),
            plots.gradient_flow(exp),
            modifiers_markdown(exp),
        )

    def explain_api(text: str, target: str = "auto", baseline: str = "pad", n_steps: int = 50) -> str:
        """Explain why the LSTM puts `text` in its topic: the Explanation as a JSON document (tokens,
        probabilities, Integrated Gradients, occlusion, every gate [layers, T, units], retention, gradient
        flow, modifiers); `json.loads` it. `target` is "auto" (the predicted topic) or one of the topics;
        `baseline` is pad, unk or zero."""
        # A JSON string rather than a dict: Gradio walks every value of a returned dict twice
        # looking for files, which for ~70,000 gate values cost more than the explanation itself.
        exp = explain_safely(text, target, baseline, n_steps)
        if isinstance(exp, str):
            raise gr.Error(exp)
        return exp.to_json()

    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(
            f"# {TITLE}\n"
            f"A {n_layers}-layer {arch} over frozen GloVe vectors files a news sentence under "
            f"{', '.join(labels[:-1])} or {labels[-1]}"
            + (f" ({_pct(accuracy)} test accuracy on AG News)" if accuracy is not None else "")
            + ". Type a sentence to see which words decided it, what its gates did, how far back its memory "
            "reaches, and what it still misses."
        )
        state = gr.State(None)
        with gr.Tabs():
            with gr.Tab("Explain a sentence"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        text = gr.Textbox(
                            value=EXAMPLES[0][1],
                            label="News sentence",
                            placeholder="Type a headline or a sentence from a news story",
                            lines=2,
                            max_lines=8,
                            elem_id="text",
                        )
                        with gr.Row():
                            target = gr.Dropdown([AUTO, *labels], value=AUTO, label="Explain the topic")
                            baseline = gr.Radio(
                                list(BASELINES),
                                value="pad",
                                label="Integrated Gradients baseline",
                                info="what “no words” looks like to Integrated Gradients",
                            )
                            steps = gr.Slider(
                                10, 200, value=50, step=10, label="IG steps", info="more steps: smaller delta, slower"
                            )
                        button = gr.Button("Explain", variant="primary", elem_id="explain")
                    with gr.Column(scale=2):
                        prediction = gr.Label(
                            label="Predicted topic", num_top_classes=len(labels), elem_id="prediction"
                        )
                status = gr.Markdown(elem_id="status")
                examples = gr.Examples(
                    [[s] for _, s in EXAMPLES],
                    inputs=[text],
                    example_labels=[f"{group}: {s}" for group, s in EXAMPLES],
                    examples_per_page=len(EXAMPLES),
                    cache_examples=False,
                    label="Examples: a few per topic, one long sentence, and pairs that differ in one modifier",
                )
                with gr.Column(visible=False, elem_id="results") as results:
                    gr.Markdown("## Which words decided it")
                    with gr.Row(equal_height=False):
                        with gr.Column(scale=3):
                            words = gr.HighlightedText(
                                label="Words coloured by Integrated Gradients",
                                show_legend=False,
                                show_inline_category=False,
                                elem_id="words",
                            )
                        with gr.Column(scale=2):
                            ig_note = gr.Markdown()
                    ig_plot = gr.Plot(show_label=False)
                    gr.Markdown(f"## Inside the gates\n{GATES_CAPTION}")
                    with gr.Row():
                        gate = gr.Radio(
                            [(GATE_TITLES[g].split(" (")[0], g) for g in GATE_NAMES], value="f", label="Gate", scale=3
                        )
                        layer = gr.Radio(
                            [(f"layer {k}", k) for k in range(1, n_layers + 1)], value=1, label="Layer", scale=1
                        )
                    heatmap = gr.Plot(show_label=False, elem_id="gate-heatmap")
                    with gr.Row():
                        means = gr.Plot(show_label=False)
                        retention = gr.Plot(show_label=False)
                    gr.Markdown(f"## Vanishing gradients: the RNN baseline against the LSTM\n{FLOW_HELP}")
                    flow = gr.Plot(show_label=False)
                    gr.Markdown("## What the LSTM still misses\n#### In this sentence")
                    misses = gr.Markdown()
                    gr.Markdown(f"#### Across the test set\n{modifier_study_markdown(card)}\n{WHY_MISSES}")
            with gr.Tab("About the model"):
                with gr.Row():
                    for c, title in ((card, f"The {arch}"), (compare_card, f"The {_arch(compare_card)} baseline")):
                        if c is not None:
                            with gr.Column():
                                gr.Markdown(card_markdown(c, title))
                                gr.Plot(plots.confusion_matrix(c), show_label=False)
                gr.Markdown(GATES_HELP)

        inputs = [text, target, baseline, steps, gate, layer]
        outputs = [state, status, results, prediction, words, ig_note, ig_plot, heatmap, means, retention, flow, misses]
        # One explanation at a time: the core holds a lock around the model anyway, and the
        # free Spaces tier has 2 vCPUs, so more workers would only add contention. The queue
        # is bounded so a burst of visitors gets "queue full" instead of unbounded waits.
        explain_event = {"concurrency_id": "explain", "concurrency_limit": 1, "api_visibility": "private"}
        gr.on([button.click, text.submit], run, inputs, outputs, **explain_event)
        examples.load_input_event.then(run, inputs, outputs, **explain_event)
        demo.load(run, inputs, outputs, **explain_event)
        gr.api(explain_api, api_name="explain", concurrency_id="explain", concurrency_limit=1)
        # Re-drawing a gate from the cached explanation never touches the model: no limit needed.
        for control in (gate, layer):
            control.change(
                gate_views,
                [state, gate, layer],
                [heatmap, means],
                concurrency_limit=None,
                api_visibility="private",
                show_progress="hidden",
            )
    demo.queue(default_concurrency_limit=1, max_size=64)
    return demo
