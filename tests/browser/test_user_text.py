"""What a visitor types is shown as text wherever the page renders Markdown: a link, an image, a bare
address, an e-mail address or a formula in the text stays the characters typed (headless Chromium
against ``python app.py``). A shared link's text reaches the same renderers, so it is covered too."""

import pytest

from tests.support.browser import DESKTOP, explain_text, needs_chromium, open_lesson, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]
LINK = "[click here](https://evil.example/a)"
IMAGE = "![pic](https://evil.example/p.png)"
#: A modifier ("not") so the edits table shows the whole text, and each thing Markdown could make of it.
TEXT = f"Shares did not rise {LINK} {IMAGE} www.evil.example/x mail@evil.example $$\\frac{{1}}{{2}}$$ a | b"


def test_a_markdown_link_and_an_image_in_the_text_render_as_text(playwright, server):
    from playwright.sync_api import expect

    with open_page(playwright, server, DESKTOP) as browsed:
        page = browsed.page
        explain_text(page, TEXT)
        open_lesson(page, 7)  # the modifiers lesson: its edits table, the whole texts under it
        misses = page.locator("#misses")
        expect(misses).to_contain_text(LINK, timeout=60_000)
        shown = misses.text_content()
        assert IMAGE in shown and "www.evil.example/x" in shown and "mail@evil.example" in shown
        assert "$$\\frac{1}{2}$$" in shown.replace("\u200b", "")
        assert page.locator("a[href*='evil'], img[src*='evil']").count() == 0  # no link, no image anywhere
        assert misses.locator(".katex").count() == 0  # no formula
        assert misses.locator("tr").count() >= 2  # the table kept its rows: "a | b" is text in a cell
        browsed.assert_clean()  # and nothing was fetched from evil.example
