"""Scripts that print figures: run them from the repo root as ``python -m benchmarks.<name>``."""
