"""How small the step-through payload is and how fast a step is drawn.

Payload: the bytes the page sends once per explanation, for topic texts (4 labels, the largest
payload per word) cut at 6, 90, 190 and 200 words, in English and Korean. Step: the browser's time
for one step (the view updates inside the "lstmdemo:word" event's dispatch), and with the style and
layout it causes, median over 100 steps at 190 words on a 390 px phone viewport (headless Chromium,
the harness page of tests/support/step_through_app.py). Budget: under ~70 KB, and a step within a frame.

    python -m benchmarks.bench_step_through [--steps 100] [--rounds 5]
"""

import argparse
import os
import statistics

from lstmdemo import tasks
from lstmdemo.explain import explain
from lstmdemo.i18n import sayer
from lstmdemo.modeling.text import tokenize
from lstmdemo.ui import step_through
from tests.support import step_through_app
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.support.server import QUIET
from tests.support.step_through_app import STEP_TIMES_JS

#: Every topic example twice over: long enough to cut at any length up to the maximum.
TEXT = " ".join(e.text for e in tasks.get("topic").examples()) * 2


def payload_sizes() -> None:
    for n in (6, 90, 190, 200):
        exp = explain(TEXT[: tokenize(TEXT)[n - 1].end], task="topic", n_steps=4)
        sizes = {lang: len(step_through.payload(exp, sayer(lang)).encode()) for lang in ("en", "ko")}
        print(f"{n:4d} words: payload {sizes['en']:,} B (en), {sizes['ko']:,} B (ko)")


def step_times(steps: int, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    demo, url = step_through_app.launch()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=PHONE)
            page.goto(f"{url}?case=long")
            page.locator("[data-testid=step-through] .st-word[aria-current=true]").wait_for(timeout=60_000)
            page.evaluate(STEP_TIMES_JS, [0, 20])
            for _ in range(rounds):
                t = page.evaluate(STEP_TIMES_JS, [20, steps])
                bare, laid = statistics.median(t["bare"]), statistics.median(t["laid"])
                print(f"step at 190 words, 390 px: median {bare:.2f} ms, with style and layout {laid:.2f} ms")
            browser.close()
    finally:
        demo.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=100, help="steps timed per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of steps")
    a = parser.parse_args()
    os.environ.update(QUIET)
    payload_sizes()
    step_times(a.steps, a.rounds)


if __name__ == "__main__":
    main()
