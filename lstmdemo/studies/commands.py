"""The data-set studies a model card stores, as commands: ``python -m lstmdemo modifiers | probe | cad |
distance | attention | coverage | lengths`` (``--save`` writes the result into the card), ``memory``
(the long-term-dependency experiment, stored in ``weights/memory``) and ``compare`` (cards side by side)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import tasks

if TYPE_CHECKING:  # the commands import their study only when it runs (torch is slow to import)
    from .probes import CategoryResult, ProbeReport, Rate


def _task_file(task: tasks.Task, given: str | None, name: str) -> Path:
    """The file ``given`` (or ``name`` inside a folder given), else the task's own ``name``."""
    path = Path(given) if given else task.data_dir
    return path / name if path.is_dir() else path


def _modifiers(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from .modifier_study import modifier_study
    from .word_shares import corpus_frequencies

    task = tasks.of_card(checkpoint.read_card(a.model))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)[: a.limit or None]
    train = _task_file(task, a.train, task.train_file)
    counts = corpus_frequencies(r.text for r in task.read(train)) if not a.no_control else None
    study = modifier_study(
        rows, model=a.model, tolerance=a.tolerance, n_steps=a.steps, progress=not a.json, frequencies=counts
    )
    result = {"data": path.name, "task": task.name, **({"frequencies": train.name} if counts else {}), **study}
    if a.save:
        checkpoint.update_card(a.model, modifier_study=result)
    if a.json:
        print(json.dumps(result))
        return
    for group in ("all", "content", "function", "modifier", *result["by_kind"]):
        s = result[group] if group in result else result["by_kind"][group]
        if s["occurrences"]:
            print(
                f"{group:<12} {s['occurrences']:>7} tokens  mean |IG| share {s['mean_share']:.3f}  "
                f"relative {s['mean_relative_share']:.2f}  rank percentile {s['mean_rank_percentile']:.2f}"
            )
    for group, m in result.get("frequency_matched", {}).items():
        if isinstance(m, dict) and m["occurrences"]:
            print(
                f"{group:<12} frequency-matched ({m['coverage']:.0%} of its tokens): relative "
                f"{m['group']['mean_relative_share']:.2f} vs function words "
                f"{m['function_words']['mean_relative_share']:.2f}, content words "
                f"{m['content_words']['mean_relative_share']:.2f}"
            )


def _probe(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from . import probes

    report = probes.run(checkpoint.load(a.weights), probes.load(a.file or probes.PROBES_FILE))
    if a.save:
        checkpoint.update_card(a.weights, probes=report.to_dict())
    if a.json:
        print(json.dumps(report.to_dict()))
        return
    print(f"{report.weights} ({report.task}, {report.arch}), {report.n} probes: {_rates(report)}")
    for c in report.categories:
        print(f"  {c.name:<17} {_rates(c)}  [capability where the base is right: {_rate(c.capability_base_right)}]")
        shift = f"mean margin shift {c.mean_margin_shift:+.2f}"
        print(f"  {'':<17} bases right {c.base_accuracy:.0%}, {shift} ({c.description})")
        for f in c.failures:
            print(
                f"      fails {f.item.id}: {f.item.probe!r} -> {f.probe_predicted}, a person says {f.expected} "
                f"(margin of {f.item.label} {f.base_margin:+.2f} -> {f.probe_margin:+.2f})"
            )


def _rate(r: Rate | None) -> str:
    return "n/a" if r is None else f"{r.passed}/{r.n} ({r.rate:.0%})"


def _rates(x: ProbeReport | CategoryResult) -> str:
    return f"capability {_rate(x.capability)}, direction {_rate(x.direction)}"


def _cad(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from . import cad

    path = Path(a.data) if a.data else cad.CAD_FILE
    report = cad.evaluate(checkpoint.load(a.weights), cad.read_pairs(path), data=path.name)
    if a.save:
        checkpoint.update_card(a.weights, cad=report.to_dict())
    if a.json:
        print(json.dumps(report.to_dict()))
        return
    print(
        f"{report.weights} on {report.data}: {report.results[0].n_pairs} pairs, "
        f"median {report.median_tokens:.0f} tokens"
    )
    for r in report.results:
        print(
            f"  {f'first {r.max_tokens}' if r.max_tokens else 'all'} tokens: originals {r.accuracy_original:.3f}  "
            f"edits {r.accuracy_edited:.3f}  "
            f"both right {r.both_right:.3f}  prediction changed {r.prediction_changed:.3f}  "
            f"(edit within the budget in {r.n_edit_visible} pairs)"
        )
    for x in report.results[1].examples:
        print(
            f"    pair {x.pair_id} ({x.outcome}): {', '.join(x.changes)}: {x.original_label} {x.original_prob:.2f} "
            f"[{x.original_predicted}] -> {x.edited_label} {x.edited_prob:.2f} [{x.edited_predicted}]"
        )


def _distance(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from .gradient_distance import study

    task = tasks.of_card(checkpoint.read_card(a.model))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)[: a.limit or None]
    compare = a.compare or task.compare
    result = {"data": path.name, **study(rows, model=a.model, compare=compare, progress=not a.json)}
    if a.save:
        checkpoint.update_card(a.model, gradient_distance=result)
    if a.json:
        print(json.dumps(result))
        return
    print(f"{result['n_sentences']} sentences; relative gradient (geometric mean) by words before the last word:")
    for d in range(0, len(result["distance"]), 5):
        rnn, lstm, n = result["rnn"][d], result["lstm"][d], result["n_at_distance"][d]
        print(f"  {d:>3}  RNN {rnn:.2e}  LSTM {lstm:.2e}  ({n} sentences)")


def _attention(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from .attention_study import attention_study
    from .word_shares import corpus_frequencies

    task = tasks.of_card(checkpoint.read_card(a.weights))
    path = _task_file(task, a.data, task.test_file)
    rows = task.read(path)
    train = _task_file(task, a.train, task.train_file)
    counts = corpus_frequencies(r.text for r in task.read(train))
    study = attention_study(rows, model=a.weights, progress=not a.json, frequencies=counts)
    result = {"data": path.name, "task": task.name, "frequencies": train.name, **study}
    if a.save:
        checkpoint.update_card(a.weights, attention_study=result)
    if a.json:
        print(json.dumps(result))
        return
    print(f"{result['n_sentences']} sentences with a modifier (of {result['n_rows']})")
    for group in ("all", "content", "function", "modifier", *result["by_kind"]):
        s = result[group] if group in result else result["by_kind"][group]
        if s["occurrences"]:
            print(
                f"{group:<12} {s['occurrences']:>7} tokens  mean attention {s['mean_share']:.3f}  "
                f"relative {s['mean_relative_share']:.2f}  rank percentile {s['mean_rank_percentile']:.2f}"
            )


def _coverage(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from .vocabulary_coverage import coverage

    ck = checkpoint.load(a.model)
    task = tasks.of_card(ck.card)
    path = _task_file(task, a.data, task.test_file)
    result = {"data": path.name, **coverage(ck, task.read(path))}
    _report(a, a.model, "coverage", result)
    if not a.json:
        print(
            f"{result['unknown_tokens']:,} of {result['n_tokens']:,} test tokens unknown "
            f"({result['unknown_share']:.2%}); "
            f"{result['texts_with_unknown_share']:.1%} of {result['n_texts']:,} texts hold one; most frequent: "
            + ", ".join(w for w, _ in result["most_frequent"][:10])
        )


def _lengths(a: argparse.Namespace) -> None:
    from ..modeling import checkpoint
    from .length_accuracy import length_accuracy

    ck = checkpoint.load(a.model)
    task = tasks.of_card(ck.card)
    path = _task_file(task, a.data, task.test_file)
    rnn = checkpoint.load(a.compare or task.compare)
    result = {"data": path.name, "compare": rnn.path.name, **length_accuracy(ck, rnn, task.read(path))}
    _report(a, a.model, "length_accuracy", result)
    if not a.json:
        print(f"{result['n']:,} test texts: LSTM {result['lstm']:.4f}, RNN {result['rnn']:.4f}")
        for g in result["groups"]:
            print(
                f"  {g['min_tokens']:>3}-{g['max_tokens']:<3} tokens ({g['n']:>5}): LSTM {g['lstm']:.4f}  "
                f"RNN {g['rnn']:.4f}  gap {100 * (g['lstm'] - g['rnn']):+.1f} points"
            )


def _memory(a: argparse.Namespace) -> None:
    from . import memory

    if a.train:
        study = memory.run_grid(memory.QUICK if a.quick else memory.Protocol(), save=a.save, log=print)
        if a.save:
            print(f"wrote {memory.write_card(study)}")
    else:
        study = memory.read_card()
        if study is None:
            raise FileNotFoundError(
                f"no stored memory experiment at {memory.CARD}; run: python -m lstmdemo memory --train --save"
            )
    table = memory.accuracies(study)
    if a.json:
        print(json.dumps(table))
        return
    for name, by_n in table.items():
        cells = "  ".join(f"N={n}: {' '.join(f'{x:.2f}' for x in accs)}" for n, accs in by_n.items())
        print(f"{name:<11} {cells}")


def _report(a: argparse.Namespace, model: str, key: str, result: dict) -> None:
    """``--save`` stores ``result`` under ``key`` in the model's card; ``--json`` prints it."""
    from ..modeling import checkpoint

    if a.save:
        checkpoint.update_card(model, **{key: result})
    if a.json:
        print(json.dumps(result))


def _compare(a: argparse.Namespace) -> None:
    from .model_table import side_by_side

    print(side_by_side(a.weights))


def _stored(study: argparse.ArgumentParser, run: Callable[[argparse.Namespace], None]) -> None:
    """Every study's last options: ``--save`` stores its result in the card, ``--json`` prints it; then its run."""
    study.add_argument("--save", action="store_true", help="store the result in the model's card.json")
    study.add_argument("--json", action="store_true")
    study.set_defaults(func=run)


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The data-set studies whose results a model card stores (``--save``), and their side-by-side view."""
    m = sub.add_parser("modifiers", help="data-set level |IG| share of modifier words, with a fair control")
    m.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    m.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    m.add_argument("--train", default=None, help="training file for word frequencies (default: the task's)")
    m.add_argument("--no-control", action="store_true", help="skip the frequency-matched control")
    m.add_argument("--tolerance", type=float, default=0.01, help="IG completeness bound, share of the gap")
    m.add_argument("--steps", type=int, default=None, help="fixed IG steps (default: adaptive)")
    m.add_argument("--limit", type=int, default=0, help="first N rows only (0: all)")
    _stored(m, _modifiers)

    p = sub.add_parser("probe", help="pass rates of the modifier probe suite (items of the model's task)")
    p.add_argument("--weights", default="lstm", help="weights folder or name")
    p.add_argument("--file", default=None, help="probe file (default: lstmdemo/resources/probes.tsv)")
    _stored(p, _probe)

    c = sub.add_parser("cad", help="a sentiment model on the CAD minimal-edit review pairs")
    c.add_argument("--weights", required=True, help="sentiment weights folder or name")
    c.add_argument("--data", default=None, help="dev_paired.tsv (default: ../shared/data/cad/dev_paired.tsv)")
    _stored(c, _cad)

    d = sub.add_parser("distance", help="relative gradient by distance from the last word, over a data set")
    d.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    d.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    d.add_argument("--compare", default=None, help="the RNN to compare with (default: the task's)")
    d.add_argument("--limit", type=int, default=0, help="first N rows only (0: all)")
    _stored(d, _distance)

    w = sub.add_parser("attention", help="mean attention weight of modifiers vs other words (attention models)")
    w.add_argument("--weights", required=True, help="weights with attention pooling, e.g. sentiment-lstm-attention")
    w.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    w.add_argument("--train", default=None, help="training file for word frequencies (default: the task's)")
    _stored(w, _attention)

    v = sub.add_parser("coverage", help="share of a test set's tokens the vocabulary does not know")
    v.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    v.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    _stored(v, _coverage)

    n = sub.add_parser("lengths", help="accuracy of the LSTM and its RNN baseline by text-length quartile")
    n.add_argument("--model", default="lstm", help="weights folder or name; its card names the task")
    n.add_argument("--compare", default=None, help="the RNN to compare with (default: the task's)")
    n.add_argument("--data", default=None, help="the task's test file, or its folder (default: the task's)")
    _stored(n, _lengths)

    y = sub.add_parser("memory", help="the memory experiment: accuracy against N, an RNN and two LSTMs, per seed")
    y.add_argument("--json", action="store_true", help="for each model and N, the accuracy of each seed, as JSON")
    y.add_argument("--train", action="store_true", help="run the experiment again (about 25 min on one core)")
    y.add_argument("--quick", action="store_true", help="with --train: one seed, N = 10 and 40 (about 3 min)")
    y.add_argument("--save", action="store_true", help="with --train: write weights/memory (card and models)")
    y.set_defaults(func=_memory)

    s = sub.add_parser("compare", help="the figures in several models' cards, side by side (Markdown)")
    s.add_argument("weights", nargs="+", help="weights folders or names")
    s.set_defaults(func=_compare)
