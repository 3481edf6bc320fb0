"""Synthetic training as events (synthetic.py), for tests and benchmarks; the files themselves: runlift.demo."""
