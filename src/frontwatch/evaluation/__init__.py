"""Evaluation harnesses: gold sets and public benchmarks, reported by ``frontwatch eval``."""
