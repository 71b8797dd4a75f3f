"""The page's two opening examples, explained and rendered as every lesson shows them, in both languages."""

import pytest

from lstmdemo import tasks
from lstmdemo.ui.handlers import Choices, Handlers
from lstmdemo.ui.served_tasks import served_tasks

FLAGSHIP = tasks.get("topic").examples()[0].text
NOT_GOOD = tasks.get("sentiment").examples()[0].text


@pytest.fixture(scope="package")
def handlers() -> Handlers:
    return Handlers(served_tasks())


@pytest.fixture(scope="package")
def topic(handlers):
    """lang -> the opening news paragraph, rendered."""
    return {lang: handlers.run(FLAGSHIP, "topic", "auto", "pad", 0.01, Choices(), lang) for lang in ("en", "ko")}


@pytest.fixture(scope="package")
def sentiment(handlers):
    """lang -> the opening review ("The movie is not good"), rendered."""
    return {lang: handlers.run(NOT_GOOD, "sentiment", "auto", "pad", 0.01, Choices(), lang) for lang in ("en", "ko")}
