"""Model cards -> the page's text: a fact sheet per model and the data-set modifier study."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import Say
from ..tasks import page_label
from . import formatting as fmt

#: The figures of the modifier study (``python -m lstmdemo modifiers --save``) and their format.
STUDY_COLUMNS: dict[str, Callable[[Any], str]] = {
    "occurrences": fmt.num,
    "mean_share": fmt.pct,
    "mean_relative_share": lambda x: f"{x:.2f}×",
    "mean_rank_percentile": fmt.num,
}


def modifier_study_markdown(card: dict, say: Say) -> str:
    """The data-set level modifier study stored in the model card, or a note that it is missing."""
    study = card.get("modifier_study")
    if not study:
        return say("study.missing")
    rows = {
        say("study.row.all"): study["all"],
        say("study.row.content"): study["content"],
        say("study.row.modifier"): study["modifier"],
    }
    by_kind = study["by_kind"].items()
    rows.update({say("study.row.kind", kind=say(f"modifier.kind.{kind}")): stats for kind, stats in by_kind})
    head = say(
        "study.head",
        n=fmt.num(study["n_sentences"]),
        n_with=fmt.num(study["n_sentences_with_modifier"]),
        modifier=fmt.times(study["modifier"]["mean_relative_share"], say),
        content=fmt.times(study["content"]["mean_relative_share"], say),
    )
    titles = [say("study.col.words"), *(say(f"study.col.{c}") for c in STUDY_COLUMNS)]
    table = ["| " + " | ".join(titles) + " |", "|---" * len(titles) + "|"]
    for name, stats in rows.items():
        cells = ["n/a" if stats.get(c) is None else show(stats[c]) for c, show in STUDY_COLUMNS.items()]
        table.append(f"| {name} | " + " | ".join(cells) + " |")
    return head + "\n\n" + "\n".join(table)


def _duration(seconds: float | None, say: Say) -> str:
    if seconds is None:
        return "n/a"
    return say("card.minutes", n=round(seconds / 60)) if seconds >= 120 else say("card.seconds", n=round(seconds))


def _facts(card: dict, say: Say) -> list[str]:
    facts = []
    test = card.get("test") or {}
    if test.get("accuracy") is not None:
        facts.append(say("card.accuracy", accuracy=fmt.pct(test["accuracy"]), n=fmt.num(test.get("n"))))
    params = card.get("parameters") or {}
    if params:
        facts.append(
            say(
                "card.parameters",
                total=fmt.num(params.get("total")),
                trainable=fmt.num(params.get("trainable")),
                frozen=fmt.num(params.get("frozen_embedding")),
            )
        )
    training = card.get("training") or {}
    if training:
        facts.append(
            say(
                "card.training",
                rows=fmt.num(training.get("train_rows")),
                valid=fmt.num(training.get("valid_rows")),
                best=fmt.num(training.get("best_epoch")),
                epochs=fmt.num(training.get("epochs")),
                duration=_duration(training.get("seconds"), say),
                machine=fmt.text(training.get("machine", "n/a")),
            )
        )
    glove = card.get("glove") or {}
    if glove:
        facts.append(
            say(
                "card.glove",
                source=fmt.text(glove.get("source", "n/a")),
                vocab=fmt.pct(glove.get("vocab_share")),
                tokens=fmt.pct(glove.get("token_share")),
            )
        )
    config = card.get("config") or {}
    if config:
        embed, vocab = fmt.num(config.get("embed_dim")), fmt.num(config.get("vocab_size"))
        facts.append(say("card.shape", **_shape(config), embed=embed, vocab=vocab))
    return facts


def _shape(config: dict) -> dict[str, str]:
    """The layers, cell and width of a card's ``config``, as the card's sentences fill them in."""
    return {
        "layers": fmt.num(config.get("layers")),
        "arch": fmt.text(str(config.get("arch", "")).upper()),
        "hidden": fmt.num(config.get("hidden")),
    }


def card_markdown(card: dict, title: str, label_noun: str, say: Say) -> str:
    """A model card as a short fact sheet; every field is optional."""
    lines = [f"### {fmt.text(title)}"]
    config = card.get("config") or {}
    if config and card.get("labels"):
        labels = [fmt.text(page_label(lab, say)) for lab in card["labels"]]
        listed = fmt.listed(labels, say("page.list_join"), say("page.list_last"))
        lines.append(say("card.description", **_shape(config), labels=listed))
    facts = _facts(card, say)
    if facts:
        lines += ["", *facts]
    per_class = (card.get("test") or {}).get("per_class") or {}
    if per_class:
        columns = [fmt.text(label_noun), *(say(f"card.col.{c}") for c in ("precision", "recall", "f1", "support"))]
        lines += ["", "| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
        for label, m in per_class.items():
            cells = [fmt.pct(m.get(k)) for k in ("precision", "recall", "f1")] + [fmt.num(m.get("support"))]
            lines.append(f"| {fmt.text(page_label(label, say))} | " + " | ".join(cells) + " |")
    if not facts and not per_class:
        lines.append(say("card.empty"))
    return "\n".join(lines)
