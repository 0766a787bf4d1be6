"""Requests in turns: each run's requests in blocks, the runs taking turns, so that a page and
its floors (`/-/ping`, `/-/me`) meet the same load; with several clients at once, each block
is that many clients each sending its requests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bench.served.figures import Timing

Request = Callable[[], Awaitable[float]]  # one request; its seconds


async def in_turns(
    runs: dict[str, Request], requests: int, block: int, clients: int = 1
) -> dict[str, Timing]:
    """Each run's timing over ``requests`` turns of ``block`` requests per client."""
    for request in runs.values():
        await request()  # warm up: the worker's caches, the connection
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    walls = dict.fromkeys(runs, 0.0)
    for turn in range(0, requests, block):
        count = min(block, requests - turn)
        for name, request in runs.items():

            async def client(
                request: Request = request, name: str = name, count: int = count
            ) -> None:
                for _ in range(count):
                    seconds[name].append(await request())

            started = time.perf_counter()
            await asyncio.gather(*(client() for _ in range(clients)))
            walls[name] += time.perf_counter() - started
    return {name: Timing.of(seconds[name], walls[name]) for name in runs}
