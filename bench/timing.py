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
    floor_request: Callable[[], Awaitable[None]],
    block: int = 10,
) -> tuple[float, float]:
    """Medians of ``one_request`` and of ``floor_request``, run in turns of ``block`` requests
    so that both meet the same load (a page's after-effects, such as a garbage collection, fall
    on the first floor request of a turn only); prints them and their ratio, returns both in
    milliseconds."""
    await one_request()  # warm up
    await floor_request()
    timings: list[float] = []
    floors: list[float] = []
    for turn in range(0, requests, block):
        for request, kept in ((one_request, timings), (floor_request, floors)):
            for _ in range(min(block, requests - turn)):
                started = time.perf_counter()
                await request()
                kept.append(time.perf_counter() - started)
    median = statistics.median(timings) * 1000
    floor = statistics.median(floors) * 1000
    print(f"  {label:44} median {median:7.2f} ms, floor {floor:5.2f} ms: {median / floor:4.1f}x")
    return median, floor
