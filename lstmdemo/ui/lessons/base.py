"""What every lesson shares: the context an explanation is shown in, and the lesson's heading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...explain import Explanation
from ...i18n import Say
from ...studies.sentence_edits import EditReadings
from ..section import Section
from ..served_tasks import Served

#: The lessons in the chapter's order: number -> key (``lesson.<key>.*`` in the catalogues).
ORDER: dict[int, str] = {
    1: "dependency",
    2: "gradient",
    3: "highway",
    4: "gates",
    5: "glove",
    6: "model",
    7: "modifiers",
    8: "next_step",
}


@dataclass(frozen=True)
class Shown:
    """What the page computed for one text, kept so a change of language, gate or layer re-draws it."""

    explanation: Explanation
    edits: EditReadings
    neighbours: Any  # the GloVe lesson's payload (``lessons.glove.Neighbours``)


class Lesson(Section):
    """A lesson's components; ``filled`` are those one explanation sets, ``fill`` sets them from the
    lesson's view. A lesson that does not follow the text (its words are its content) fills nothing."""

    @property
    def filled(self) -> list[Any]:
        return []

    def fill(self, v: Any) -> dict[Any, Any]:
        return {}


@dataclass(frozen=True)
class Context:
    """One explanation as a lesson shows it: the served task worded in the page's language, and the
    gate and layer the page has chosen."""

    shown: Shown
    served: Served
    say: Say
    lang: str
    gate: str = "f"
    layer: int = 1
    units_open: bool = False  # every unit's gates are drawn only while their details are open

    @property
    def exp(self) -> Explanation:
        return self.shown.explanation


def heading(key: str, say: Say) -> dict[str, str]:
    """The lesson's heading (its number and the chapter's term) and the caption that introduces it."""
    number = next(n for n, k in ORDER.items() if k == key)
    title = say("lesson.heading", number=number, title=say(f"lesson.{key}.title"))
    return {"value": f"## {title}\n{say(f'lesson.{key}.caption')}"}


def tab_label(key: str, say: Say) -> str:
    number = next(n for n, k in ORDER.items() if k == key)
    return say("lesson.tab", number=number, title=say(f"lesson.{key}.tab"))
