"""Texts (and the weights that read them) the tests and the benchmarks share."""

import os

#: A sentence of each task, about 40 tokens: the length the latency targets are set at.
SENTENCES = {  # about 40 tokens each
    "topic": "Oil prices rose sharply on Monday as traders worried that a storm would shut refineries along the "
    "Gulf coast, while airline shares fell and investors moved money into government bonds before the "
    "central bank meeting later this week.",
    "sentiment": "The first hour of this film is not as dull as the critics said, and the two leads are very "
    "funny together, but the ending drags on far too long and barely makes sense of what came before it.",
}

#: The weights the app serves, as app.py reads them (a test run may point them elsewhere).
MODEL = os.environ.get("LSTMDEMO_MODEL", "lstm")
COMPARE = os.environ.get("LSTMDEMO_COMPARE", "rnn") or None

#: A sports sentence whose logit path needs more than the starting points (a test of refinement).
YANKEES = "The Yankees beat the Red Sox 5-3 on Sunday as the home team won its fourth straight game in the Bronx"
