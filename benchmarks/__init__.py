"""Benchmarks run by scripts/bench; each compares against a baseline measured in the same run."""
