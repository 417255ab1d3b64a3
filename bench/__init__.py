"""Synthetic FICTIONAL data and benchmarks for the site generator (not shipped)."""
