"""Plotly figures of an explanation and of model cards: pure functions, nothing here calls a model."""
