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
