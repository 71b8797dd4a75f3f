"""Measurements over many sentences (probes, CAD pairs, the modifier, attention and gradient-by-distance
studies) and over one sentence's edits; their results go into model cards, which the page reads."""
