"""Synthetic years of one athlete's exports, piece by piece: bench/make_history.py writes them."""
