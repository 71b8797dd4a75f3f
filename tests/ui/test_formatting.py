"""Numbers and user text made fit for the page: escaped, and never broken mid-number."""

from lstmdemo.i18n import sayer
from lstmdemo.ui import formatting as fmt

say = sayer("en")


def test_user_text_cannot_inject_html_or_markdown():
    safe = fmt.text("<img src=x onerror=alert(1)> **bold** [link](http://x)")
    assert "<" not in safe and "**" not in safe and "](" not in safe
    assert "&lt;img" in safe


def test_user_text_makes_no_link_formula_or_table_row_by_itself():
    """GFM links www., http(s):// and e-mail addresses by itself; Gradio renders $$...$$ after Markdown;
    a line break would end a table row. (The browser test shows the page rendering them as text.)"""
    safe = fmt.text("www.evil.example https://evil.example a@evil.example $$x$$ one\ntwo | three")
    for linked in ("www.", "https:", "a@", "$$", "\n"):
        assert linked not in safe
    assert "one two \\| three" in safe


def test_shares_are_one_unbreakable_word():
    shares = [fmt.share(x) for x in (0.3512, 0.0126, 7.29e-10, 9.6e-7, 0.0)]
    assert shares == ["0.35", "0.013", "7×10⁻¹⁰", "10⁻⁶", "0.00"]
    assert fmt.times(20.8) == "21×" and fmt.times(1.5) == "1.50×"
    # in a sentence a ratio is written as the language writes it: "21배입니다", not "21×입니다"
    assert fmt.times(20.8, sayer("ko")) == "21배" and fmt.times(0.62, say) == "0.62×"
    assert fmt.subtrahend(-0.0799) == "(−0.0799)" and fmt.subtrahend(2.0885) == "2.0885"
