"""Timing requests against the trivial view, shared by the benchmarks."""

import os
import statistics
import time
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from bench._urls import TRIVIAL_PATH

WARMUP = int(os.environ.get("BENCH_WARMUP", "5"))
ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "40"))
GOAL_RATIO = 5.0


@dataclass
class Figures:
    label: str
    path: str
    status: int = 0
    queries: int = 0
    note: str = ""
    warmup: int = 0
    samples_ms: list[float] = field(default_factory=list)
    before: object = None  # called, untimed, before each request (e.g. to empty the cache)

    @property
    def median(self):
        return statistics.median(self.samples_ms)

    @property
    def p90(self):
        return statistics.quantiles(self.samples_ms, n=10, method="inclusive")[-1]


def measure(pages, *, describe=None, warmup=WARMUP, iterations=ITERATIONS):
    """Time GET requests to `pages` ({label: path or (path, before)}) and to the trivial view, interleaved.

    Each round requests every page once, so a machine that slows down or speeds up mid-run
    affects all pages alike and the ratios stay fair. Queries are counted on one extra,
    untimed request: counting needs the SQL log, which the timed requests run without.
    `describe(label, response)` may return a short note about what the page showed.
    Returns the trivial view's figures first, then those of every page that answered 200.
    """
    client = Client()
    measured = [Figures("trivial view (the yardstick)", TRIVIAL_PATH)]
    for label, spec in pages.items():
        path, before = spec if isinstance(spec, tuple) else (spec, None)
        figures = Figures(label, path, before=before)
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            print(f"  skipped {label}: {path} is not routed yet (no URL pattern resolves it)")
            continue
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        figures.status, figures.queries = response.status_code, len(captured)
        if response.status_code != 200:
            print(f"  skipped {label}: {path} answered {response.status_code}, not 200")
            continue
        figures.note = describe(label, response) if describe else ""
        measured.append(figures)

    for figures in measured:
        figures.warmup = warmup
    for _round in range(warmup):
        for figures in measured:
            if figures.before:
                figures.before()
            client.get(figures.path)
    for _round in range(iterations):
        for figures in measured:
            if figures.before:
                figures.before()
            started = time.perf_counter()
            client.get(figures.path)
            figures.samples_ms.append((time.perf_counter() - started) * 1000)
    return measured


def report(measured, *, goal=GOAL_RATIO):
    """Print one line per page: median and p90 in ms, queries, and the ratio to the trivial view."""
    trivial = measured[0]
    header = f"  {'page':<34} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'× trivial':>10}  goal"
    print(header)
    print("  " + "-" * (len(header) + 18))
    for figures in measured:
        ratio = figures.median / trivial.median
        if figures is trivial:
            verdict = ""
        elif ratio <= goal:
            verdict = f"within {goal:g}×: met"
        else:
            verdict = f"within {goal:g}×: not met ({ratio / goal:.1f}× over)"
        line = (
            f"  {figures.label:<34} {figures.median:>10.2f} {figures.p90:>8.2f} {figures.queries:>8}"
            f" {ratio:>10.1f}  {verdict}"
        )
        print(line.rstrip())
        if figures.note:
            print(f"  {'':<34} {figures.note}")
    print(
        f"  ({len(trivial.samples_ms)} timed requests per page after {trivial.warmup} warm-up rounds,"
        " interleaved; ratio = median / median of the trivial view)"
    )
