"""A minimal pair as the page shows it: both sentences' predictions, the difference, and every aligned
word's attribution in both, coloured on one shared scale (``studies.minimal_pair``).

An HTML string (for ``gr.HTML``): Markdown cannot colour a cell. Every user word is escaped; every
readable word comes from the catalogue. A table a row per aligned word stays narrow on a phone.
"""

from __future__ import annotations

import html

from ..i18n import Say
from ..studies.minimal_pair import MinimalPair
from ..tasks import Task
from .figures.style import NEGATIVE, POSITIVE


def _rgb(colour: str) -> str:
    """ "rgb(239, 68, 60)" -> "239, 68, 60"."""
    return colour[colour.index("(") + 1 : colour.index(")")]


def colour(attribution: float, scale: float) -> str:
    """The page's attribution colours (red toward the target, violet against), as strong as the
    attribution is against ``scale``, the pair's largest |attribution|."""
    alpha = min(1.0, abs(attribution) / scale) if scale > 0 else 0.0
    return f"rgba({_rgb(POSITIVE if attribution > 0 else NEGATIVE)}, {alpha:.2f})"


def _signed(x: float | None) -> str:
    return "" if x is None else f"{x:+.2f}".replace("-", "−")


def _word(word: str | None, attribution: float | None, scale: float) -> str:
    if word is None:
        return "<td></td>"
    style = f' style="background: {colour(attribution, scale)}"' if attribution is not None else ""
    return f"<td{style}>{html.escape(word)}</td>"


def _sentence(p: MinimalPair, which: int, say: Say) -> str:
    exp = (p.first, p.second)[which]
    return say(
        ("pair.first", "pair.second")[which],
        text=html.escape(exp.text),
        label=html.escape(Task.label_name(exp.predicted, say)),
        target=html.escape(Task.label_name(p.target, say)),
        target_short=html.escape(Task.short_label(p.target, say)),
        prob=f"{p.probabilities[which]:.3f}",
        margin=_signed(p.margins[which]),
    )


def pair_html(p: MinimalPair, say: Say) -> str:
    """Both sentences with their predictions, what changed from the first to the second, and a table of
    the aligned words: each word coloured by its attribution on the pair's one scale, its number beside."""
    first, second = p.margins
    target = html.escape(Task.label_name(p.target, say))
    values = {"target": target, "change": _signed(second - first)}
    difference = say(
        "pair.flips" if p.flips else "pair.stays", **values, label=html.escape(Task.label_name(p.first.predicted, say))
    )
    head = [
        say("pair.col.first"),
        say("pair.col.ig"),
        say("pair.col.second"),
        say("pair.col.ig"),
        say("pair.col.change"),
    ]
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>"]
    for w in p.words:
        cells = [
            _word(w.first, w.attribution_first, p.scale),
            f"<td>{_signed(w.attribution_first)}</td>",
            _word(w.second, w.attribution_second, p.scale),
            f"<td>{_signed(w.attribution_second)}</td>",
            f"<td>{_signed(w.change)}</td>",
        ]
        rows.append(f'<tr class="pair-{w.op}">' + "".join(cells) + "</tr>")
    scale = say("pair.scale", scale=f"{p.scale:.2f}", target=target)
    lines = [f"<p>{_sentence(p, 0, say)}<br>{_sentence(p, 1, say)}</p>", f"<p>{difference}</p>"]
    return "\n".join([*lines, '<table class="pair">', *rows, "</table>", f"<p>{scale}</p>"])
