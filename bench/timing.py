"""Timing helpers for the benchmarks: medians of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable


async def measure(label: str, requests: int, one_request: Callable[[], Awaitable[None]]) -> float:
    await one_request()  # warm up
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        await one_request()
        timings.append(time.perf_counter() - started)
    median = statistics.median(timings) * 1000
    print(f"  {label:44} median {median:7.2f} ms per request")
    return median


async def measure_against_floor(
    label: str,
    requests: int,
    one_request: Callable[[], Awaitable[None]],
    floors: dict[str, Callable[[], Awaitable[None]]],
    block: int = 10,
) -> tuple[float, dict[str, float]]:
    """Medians of ``one_request`` and of each of ``floors`` (by name: `/-/ping`, which costs
    nothing, and `/-/me`, which costs being logged in), run in turns of ``block`` requests so
    that all meet the same load (a page's after-effects, such as a garbage collection, fall on
    the first floor request of a turn only); prints them side by side with the page's ratio to
    each, returns them in milliseconds."""
    runs = {label: one_request, **floors}
    for request in runs.values():
        await request()  # warm up
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for turn in range(0, requests, block):
        for name, request in runs.items():
            for _ in range(min(block, requests - turn)):
                started = time.perf_counter()
                await request()
                timings[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(kept) * 1000 for name, kept in timings.items()}
    median = medians.pop(label)
    against = ", ".join(
        f"{name} {floor:5.2f} ms: {median / floor:4.1f}x" for name, floor in medians.items()
    )
    print(f"  {label:44} median {median:7.2f} ms; {against}")
    return median, medians
