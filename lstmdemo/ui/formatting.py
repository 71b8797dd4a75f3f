"""Numbers and user text made fit for the page: escaped, and never broken mid-number."""

from __future__ import annotations

import html
import math
import re
from typing import Any

from ..i18n import Say

SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


#: Markdown's syntax.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>@-])")
#: What GFM turns into a link by itself besides an e-mail address (``@`` is escaped above): ``www.`` and a
#: scheme's colon before ``//`` (``https://x``, ``ftp://x``).
_AUTOLINK = re.compile(r"(?i)(www)\.|((?:https?|ftp)):(?=//)")
#: Line breaks: one would end a table row (or a paragraph) in the middle of the user's text.
_BREAKS = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]+")


def text(s: object) -> str:
    """User (or card) text made safe for Markdown: shown as typed (line breaks as spaces), never as HTML, a
    link, an image, a table or a formula. Gradio renders ``$$...$$`` as LaTeX in the browser after Markdown,
    where no escape is left, so a zero-width space keeps two dollar signs apart."""
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(_BREAKS.sub(" ", str(s)), quote=False))
    unlinked = _AUTOLINK.sub(lambda m: f"{m[1]}\\." if m[1] else f"{m[2]}\\:", escaped)
    return unlinked.replace("$", "$\u200b")


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def whole_pct(x: float) -> str:
    return f"{x:.0%}"


def sure_pct(x: float) -> str:
    """How sure an answer is: whole percents, but one decimal from 99% on, so 0.997 never reads "100%"."""
    return f"{min(x, 0.999):.1%}" if x >= 0.99 else f"{x:.0%}"


def num(x: Any) -> str:
    """Counts with thousands separators, other figures to 3 significant digits, anything else as text."""
    if x is None:
        return "n/a"
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    if isinstance(x, float):
        return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"
    return text(x)


def share(x: float | None, digits: int = 1) -> str:
    """A share of something: 0.35 as "0.35", 0.0126 as "0.013", 7.3e-10 as "7×10⁻¹⁰" (one unbreakable word);
    ``digits`` significant digits in the mantissa of a power of ten (9.5e-7 as "9.5×10⁻⁷" with 2)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if x >= 0.1 or x == 0:
        return f"{x:.2f}"
    if x >= 0.001:
        return f"{x:.2g}"
    exponent = math.floor(math.log10(x))
    mantissa = round(x / 10**exponent, digits - 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    power = "10" + str(exponent).translate(SUPERSCRIPT)
    shown = f"{mantissa:.{digits - 1}f}" if digits > 1 else f"{mantissa:.0f}"
    return power if float(shown) == 1 else f"{shown}×{power}"


def times(x: float, say: Say | None = None) -> str:
    """A ratio: "21×" in a table; in a sentence (with ``say``) as the language writes it ("21배")."""
    number = "∞" if not math.isfinite(x) else f"{x:.0f}" if x >= 10 else f"{x:.2f}"
    return say("fmt.times", x=number) if say else f"{number}×"


def signed(x: float, digits: int = 4) -> str:
    return f"{x:+.{digits}f}".replace("-", "−")


def plain(x: float, digits: int = 4) -> str:
    return f"{x:.{digits}f}".replace("-", "−")


def subtrahend(x: float, digits: int = 4) -> str:
    """A number written after a minus sign: in parentheses when negative, "− (−0.0799)"."""
    return f"({plain(x, digits)})" if x < 0 else plain(x, digits)


def listed(items: list[str], join: str, last: str) -> str:
    """ "a, b or c" with the language's joiners."""
    return items[0] if len(items) == 1 else join.join(items[:-1]) + last + items[-1]
