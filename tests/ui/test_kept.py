"""The kept examples: a task's own example is explained once, anything else every time, and only complete
explanations are kept, at most ``SIZE`` of them (on the small random checkpoints)."""

import dataclasses

import pytest

from lstmdemo import budget, tasks
from lstmdemo.ui import kept
from lstmdemo.ui.handlers import Choices, Handlers, Rendered
from lstmdemo.ui.served_tasks import served_tasks


@pytest.fixture()
def handlers(tiny_dir) -> Handlers:
    return Handlers(served_tasks(tiny_dir / "lstm", tiny_dir / "rnn"))


def _calls(monkeypatch) -> list[str]:
    import lstmdemo.ui.handlers as module

    calls: list[str] = []
    real = module.explain

    def counted(text, **kwargs):
        calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(module, "explain", counted)
    return calls


def test_a_tasks_example_is_explained_once_and_other_texts_every_time(handlers, monkeypatch):
    calls = _calls(monkeypatch)
    example = tasks.get("topic").examples()[1].text
    first = handlers.run(example, "topic", "auto", "pad", 0.05, Choices(), "en")
    again = handlers.run(example, "topic", "auto", "pad", 0.05, Choices(), "ko")  # another language: same numbers
    assert isinstance(first, Rendered) and isinstance(again, Rendered)
    assert again.shown is first.shown and calls == [example] and again.status != first.status
    handlers.run(example, "topic", "auto", "unk", 0.05, Choices(), "en")  # another baseline is another result
    for _ in range(2):
        handlers.run("Stocks fell sharply", "topic", "auto", "pad", 0.05, Choices(), "en")
    assert calls == [example, example, "Stocks fell sharply", "Stocks fell sharply"]


def test_an_explanation_cut_short_by_the_time_budget_is_not_kept(handlers, monkeypatch):
    calls = _calls(monkeypatch)
    example = next(e.text for e in tasks.get("topic").examples() if " not " in e.text)  # it has edits to stop
    with budget.within(0.0):
        handlers.run(example, "topic", "auto", "pad", 0.05, Choices(), "en")
    handlers.run(example, "topic", "auto", "pad", 0.05, Choices(), "en")
    assert calls == [example, example]


def test_at_most_size_explanations_are_kept_the_least_recent_dropped_first(handlers):
    shown = handlers.run("Stocks fell sharply", "topic", "auto", "pad", 0.05, Choices(), "en").shown
    store = kept.Kept(size=2)
    for key in ("a", "b"):
        store.put(key, shown)
    assert store.get("a") is shown  # now the most recent
    store.put("c", shown)
    assert store.get("b") is None and store.get("a") is shown and store.get("c") is shown
    stopped = dataclasses.replace(shown, edits=dataclasses.replace(shown.edits, stopped=budget.TIME))
    store.put("d", stopped)
    assert store.get("d") is None
    original = shown.edits.original  # the original's own IG (not the explanation's) cut short
    cut = dataclasses.replace(original.variant, ig=dataclasses.replace(original.variant.ig, stopped=budget.TIME))
    store.put(
        "e",
        dataclasses.replace(
            shown, edits=dataclasses.replace(shown.edits, original=dataclasses.replace(original, variant=cut))
        ),
    )
    assert store.get("e") is None
