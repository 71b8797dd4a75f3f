"""The demo page: Gradio Blocks that render what ``explain()`` returns and the model cards.

``page`` lays the sections out and wires the events, ``sections`` builds each part,
``render`` and ``cards`` turn explanations and cards into text, every visible word comes
from a message catalogue (``lstmdemo.i18n``), ``style`` is the look.
"""

from .page import build_demo
from .style import CSS, THEME

__all__ = ["CSS", "THEME", "build_demo"]
