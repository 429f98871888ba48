"""Benchmarks: they print figures for people to read; they do not pass or fail. See bench/run.py."""
