"""Lesson 1, long-term dependency: the memory experiment's numbers, as the page reads them.

The first word (cat or dog) decides the answer and N filler words stand before the end. A model
"holds" the word at N when it is right on the test draw (the mean over seeds at least ``HOLDS``), and
is "at chance" from the first N where the mean falls to ``CHANCE_BAND`` or below (two classes: 0.5).
What vanishing gradients prevent is *learning* to use the word: the gradient that reaches the animal,
relative to the last word's, is read at the start and the end of training.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A mean test accuracy at least this high counts as holding the first word.
HOLDS = 0.95
#: At or below this, a two-class model is guessing.
CHANCE_BAND = 0.6


@dataclass(frozen=True)
class Curve:
    """One variant's test accuracy against N: the mean over seeds and each seed's."""

    variant: str
    ns: tuple[int, ...]
    means: tuple[float, ...]
    seeds: tuple[tuple[float, ...], ...]
    reach_start: tuple[float, ...]  # the gradient at the animal over the last word's, before training, per N
    reach_end: tuple[float, ...]  # ... after training
    factor_start: tuple[float, ...]  # what it keeps per word, before training

    @property
    def holds_up_to(self) -> int | None:
        """The largest N up to which every N holds the word."""
        held = None
        for n, m in zip(self.ns, self.means, strict=True):
            if m < HOLDS:
                break
            held = n
        return held

    @property
    def chance_from(self) -> int | None:
        """The first N at which the model is guessing."""
        return next((n for n, m in zip(self.ns, self.means, strict=True) if m <= CHANCE_BAND), None)

    def at(self, n: int) -> float:
        return self.means[self.ns.index(n)]


@dataclass(frozen=True)
class Answer:
    """What seed 0's model at N answers on the chapter's sentence with one animal."""

    answer: str
    probability: float
    right: bool


@dataclass(frozen=True)
class Dependency:
    curves: dict[str, Curve]  # variant -> its curve
    ns: tuple[int, ...]
    sentences: dict[tuple[int, str], str]  # (N, animal) -> the chapter's sentence with N filler tokens
    answers: dict[tuple[int, str], dict[str, Answer]]  # (N, animal) -> variant -> its answer
    forget_bias: dict[str, float | None]  # variant -> its forget bias at the start (None: PyTorch's, about 0)

    def remembers(self, n: int, variant: str) -> bool | None:
        """Whether the model at N names the right animal on every one of the chapter's sentences at N.

        One right answer is not memory: a model that says "cat" whichever animal came first is right
        on the cat sentence by chance. None when the page stores fewer than two sentences at N.
        """
        pair = [self.answers[key].get(variant) for key in self.answers if key[0] == n]
        if len(pair) < 2 or any(a is None for a in pair):
            return None
        return all(a.right for a in pair)

    def same_answer(self, n: int, variant: str) -> str | None:
        """The one answer the model gives on every sentence at N, when it ignores the first word."""
        said = {self.answers[key][variant].answer for key in self.answers if key[0] == n}
        return said.pop() if len(said) == 1 and self.remembers(n, variant) is False else None

    @property
    def textbook(self) -> bool:
        """The chapter's result: the RNN falls to chance at some N at which the open-gated LSTM still holds."""
        rnn, lstm = self.curves["rnn"], self.curves["lstm"]
        return rnn.chance_from is not None and (lstm.holds_up_to or 0) >= rnn.chance_from


def read(study: dict) -> Dependency:
    """The stored experiment (``studies.memory.read_card()``) as the lesson reads it."""
    results = study["results"]
    ns = tuple(sorted(int(n) for n in next(iter(results.values()))))
    curves = {}
    for name, by_n in results.items():
        cells = [by_n[str(n)] for n in ns]
        curves[name] = Curve(
            variant=name,
            ns=ns,
            means=tuple(c["mean"] for c in cells),
            seeds=tuple(tuple(c["test_accuracy"]) for c in cells),
            reach_start=tuple(c["reach"]["animal_geo"][0] for c in cells),
            reach_end=tuple(c["reach"]["animal_geo"][-1] for c in cells),
            factor_start=tuple(c["reach"]["factor"][0] for c in cells),
        )
    sentences, answers = {}, {}
    for row in study.get("page", []):
        key = (row["n"], row["animal"])
        sentences[key] = row["sentence"]
        answers[key] = {
            name: Answer(a["answer"], a["probability"], a["answer"] == row["animal"])
            for name, a in row["answers"].items()
        }
    biases = {v["name"]: v["forget_bias"] for v in study["protocol"]["variants"]}
    return Dependency(curves, ns, sentences, answers, biases)
