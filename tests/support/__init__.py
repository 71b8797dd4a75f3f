"""Helpers the tests share (and the benchmarks use): the app on a loopback port, a headless browser,
fuzzing inputs, concurrent clients, the IG bound sweep, timing."""
