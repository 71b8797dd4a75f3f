"""The "Next step" tab's table: the reference sentiment LSTM's and its remedies' cards side by side, and
one reading of them computed from the numbers, so a remedy that does not help says so.

Probe rows give both of the probe suite's tests, the capability first (``studies.probes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import tasks
from ..i18n import Say
from ..modeling import checkpoint
from . import formatting as fmt

#: The reference design and its two remedies, by role: ``nextstep.model.<role>`` names each on the page.
REFERENCE, FINETUNED, ATTENTION = "reference", "finetuned", "attention"


def remedy_task() -> tasks.Task | None:
    """The registered task whose LSTM has the remedies this tab compares."""
    roles = {FINETUNED, ATTENTION}
    return next((t for t in tasks.TASKS.values() if roles <= {r.key for r in t.remedies}), None)


def models() -> dict[str, str]:
    """Role -> weights name: the reference LSTM first, then its remedies (empty when no task has them)."""
    task = remedy_task()
    if task is None:
        return {}
    return {REFERENCE: task.weights, **{r.key: r.weights for r in task.remedies if r.key in (FINETUNED, ATTENTION)}}


def role_name(role: str, say: Say) -> str:
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


@dataclass(frozen=True)
class ProbeFigures:
    """One probe category as a card measured it (``studies.probes``): how many probes got the label a
    person gives them (capability) and how many moved the base label's margin the right way (direction)."""

    n: int
    capability: int
    direction: int | None  # None: the category expects no direction

    @staticmethod
    def of(category: dict) -> ProbeFigures:
        direction = category.get("direction")
        return ProbeFigures(category["n"], category["capability"]["passed"], direction and direction["passed"])


@dataclass(frozen=True)
class Figures:
    """What one card measured, as the table and the reading use it (None where not measured)."""

    test_accuracy: float
    probes: dict[str, ProbeFigures]  # category -> its figures
    cad_both_right: float | None  # CAD dev pairs, whole reviews
    ig_modifier: float | None  # IG share of a modifier relative to an average word
    ig_function: float | None  # the same for function words of the same frequency
    attention_modifier: float | None  # attention weight of a modifier relative to an average word
    attention_negation: float | None

    @staticmethod
    def of(card: dict) -> Figures:
        probes = {c["name"]: ProbeFigures.of(c) for c in (card.get("probes") or {}).get("categories", [])}
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

    def passed(self, categories: tuple[str, ...] | None = None, test: str = "capability") -> tuple[int, int]:
        """Probes passing ``test`` ("capability" or "direction") and run over ``categories`` (default all)."""
        rows = [v for k, v in self.probes.items() if categories is None or k in categories]
        counts = [(getattr(v, test), v.n) for v in rows if getattr(v, test) is not None]
        return sum(p for p, _ in counts), sum(n for _, n in counts)


def _probe_cell(p: ProbeFigures | None) -> str:
    """Capability first, then direction: "1/40 · 34/40"."""
    if p is None:
        return "—"
    return " · ".join(f"{x}/{p.n}" if x is not None else "—" for x in (p.capability, p.direction))


def card_figures() -> dict[str, Figures]:
    return {role: Figures.of(checkpoint.read_card(name)) for role, name in models().items()}


def _cell(x: float | None, show: Any) -> str:
    return "—" if x is None else show(x)


def table_markdown(figures: dict[str, Figures], say: Say) -> str:
    """The cards side by side: a column per model, a row per measured figure."""
    cols = list(figures.values())
    rows = [(say("nextstep.row.test_accuracy"), [fmt.pct(f.test_accuracy) for f in cols])]
    for name, key in PROBES.items():
        rows.append((say(key), [_probe_cell(f.probes.get(name)) for f in cols]))
    every = ((f.passed(), f.passed(test="direction")) for f in cols)
    rows.append((say("nextstep.row.probes_all"), [f"{c}/{n} · {d}/{m}" for (c, n), (d, m) in every]))
    rows += [
        (say("nextstep.row.cad"), [_cell(f.cad_both_right, fmt.pct) for f in cols]),
        (say("nextstep.row.ig_modifier"), [_cell(f.ig_modifier, fmt.times) for f in cols]),
        (say("nextstep.row.ig_function"), [_cell(f.ig_function, fmt.times) for f in cols]),
        (say("nextstep.row.attention_modifier"), [_cell(f.attention_modifier, fmt.times) for f in cols]),
    ]
    head = [say("nextstep.col.figure"), *(role_name(role, say) for role in figures)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines) + "\n\n" + say("probe.legend")


def reading(figures: dict[str, Figures], say: Say) -> str:
    """One plain reading of the table: which remedy gets more probes right (capability), whether
    attention on "not" buys negation probes, and whether either remedy makes diminishers lower the
    margin (direction: a diminished sentence should keep its label, so the label says little)."""
    ref, ft, att = (figures[role] for role in (REFERENCE, FINETUNED, ATTENTION))
    (r, n), (f, _), (a, _) = ref.passed(), ft.passed(), att.passed()
    best = max(((f, FINETUNED), (a, ATTENTION)))[1]
    parts = [say("nextstep.reading.probes", n=n, ref=r, ft=f, att=a, best=role_name(best, say))]
    parts += [
        say("nextstep.reading.fewer", model=role_name(m, say)) for m, p in ((FINETUNED, f), (ATTENTION, a)) if p < r
    ]
    (an, nn), (fn, _) = att.passed(NEGATION), ft.passed(NEGATION)
    if att.attention_negation is not None:
        key = "nextstep.reading.attention_more" if an > fn else "nextstep.reading.attention_not_more"
        parts.append(say(key, weight=fmt.times(att.attention_negation, say), att=an, ft=fn, n=nn))
    (rd, dn), (fd, _), (ad, _) = (x.passed(("diminisher",), "direction") for x in (ref, ft, att))
    key = "nextstep.reading.diminisher_helps" if max(fd, ad) > rd else "nextstep.reading.diminisher_none"
    parts.append(say(key, ref=rd, ft=fd, att=ad, n=dn))
    return " ".join(parts)
