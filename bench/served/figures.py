"""What a run measures, as plain numbers: the timings of each page and of the floors beside it,
the bytes, the statements, the memory and the login storm. `bench.served.targets` judges them
and `bench.served.table` writes them out; neither needs a server."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


def nearest_rank(values: list[float], share: float) -> float:
    """The smallest value that ``share`` of ``values`` do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class Timing:
    """Requests' times in milliseconds, and how many were answered per second of wall time."""

    median: float
    p95: float
    per_second: float
    count: int

    @classmethod
    def of(cls, seconds: list[float], wall: float) -> Timing:
        ordered = sorted(seconds)
        # The nearest rank: the smallest time that 95% of the requests did not exceed.
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(statistics.median(ordered) * 1000, p95 * 1000, len(ordered) / wall, len(ordered))


@dataclass(frozen=True)
class Concurrent:
    """A page's timing at some number of concurrent clients, with the floors' in the same
    turns."""

    page: Timing
    ping: Timing
    me: Timing


@dataclass
class PageFigures:
    label: str
    path: str  # a sample of the paths requested (ids and search terms vary)
    account: str
    one: Concurrent | None = None  # 1 client
    eight: Concurrent | None = None  # 8 clients
    tenth: Timing | None = None  # the same page on the tenth, 1 client, in the same turns
    first_load: int = 0  # bytes sent: the page, its CSS and its JavaScript
    html: int = 0  # bytes sent of the page alone
    partials: dict[str, int] = field(default_factory=dict)  # htmx partial's path: bytes sent
    statements: int = 0  # SQL statements the database receives for one request, on the county
    statements_tenth: int = 0  # the same on the tenth
    storm: list[float] = field(default_factory=list)  # ms of its requests during the storm
    largest_cost: str = ""  # from the profile of a page that misses its time target
    profile: list[str] = field(default_factory=list)

    @property
    def storm_p95(self) -> float | None:
        return nearest_rank(self.storm, 0.95) if self.storm else None

    @property
    def largest_partial(self) -> int:
        return max(self.partials.values(), default=0)

    @property
    def growth(self) -> float | None:
        if self.one is None or self.tenth is None:
            return None
        return self.one.page.median / self.tenth.median


@dataclass
class RunFigures:
    database: str  # "SQLite" or "PostgreSQL"
    workers: int
    pages: list[PageFigures]
    worker_rss_mib: list[float] = field(default_factory=list)
    storm_seconds: float = 0.0  # the login storm's, from the first request to the last answer
    storm_failures: list[str] = field(default_factory=list)  # the logins that failed, and why
    machine: dict[str, str] = field(default_factory=dict)
    minutes: float = 0.0

    def storm_ratios(self) -> list[float]:
        """Each request during the storm, over its page's p95 at 1 client without."""
        return [
            time / page.one.page.p95
            for page in self.pages
            if page.one is not None
            for time in page.storm
        ]

    def floors(self) -> tuple[float, float]:
        """The medians of `/-/ping` and `/-/me` at 1 client over every page's turns (the median
        of the medians)."""
        ones = [page.one for page in self.pages if page.one is not None]
        return (
            statistics.median(one.ping.median for one in ones),
            statistics.median(one.me.median for one in ones),
        )
