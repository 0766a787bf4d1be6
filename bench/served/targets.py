"""The targets of the speed issue, judged PASS or FAIL from a run's figures (CI does not fail
on them). Issue #16 set them against `/-/ping`; issue #17 added `/-/me` and moved the pages'
targets to it, since being logged in is a cost no page avoids:

- `/-/me` median at most 3 times `/-/ping`'s;
- each page's median at most 5 times `/-/me`'s, its p95 at most 8 times `/-/me`'s p95, at 1
  client, in the same turns;
- each page's median on the county at most 1.3 times on the tenth;
- a page's first load (page, CSS, JavaScript, as sent) at most 25 KiB, each htmx partial 5 KiB;
- every worker's resident memory after the run at most 150 MiB;
- the pages' p95 during a login storm at most 3 times without: the p95 over every request
  during the storm of its time over its page's p95 without (during a storm a page may take
  seconds, so few requests of each page fit in it: the pages are judged together).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bench.served.figures import PageFigures, RunFigures, nearest_rank

KIB = 1024


@dataclass(frozen=True)
class PageTarget:
    key: str
    text: str
    limit: float
    value: Callable[[PageFigures], float | None]  # None: not measured

    def passes(self, page: PageFigures) -> bool | None:
        value = self.value(page)
        return None if value is None else value <= self.limit


def _median_over_me(page: PageFigures) -> float | None:
    return None if page.one is None else page.one.page.median / page.one.me.median


def _p95_over_me(page: PageFigures) -> float | None:
    return None if page.one is None else page.one.page.p95 / page.one.me.p95


PAGE_TARGETS = (
    PageTarget("median", "median ≤ 5× `/-/me`", 5, _median_over_me),
    PageTarget("p95", "p95 ≤ 8× `/-/me`'s p95", 8, _p95_over_me),
    PageTarget("growth", "county ≤ 1.3× tenth", 1.3, lambda page: page.growth),
    PageTarget("first load", "first load ≤ 25 KiB", 25 * KIB, lambda page: page.first_load),
    PageTarget(
        "partial",
        "each partial ≤ 5 KiB",
        5 * KIB,
        lambda page: page.largest_partial if page.partials else None,
    ),
)
ME_OVER_PING = 3
STORM = 3
RSS_MIB = 150


@dataclass(frozen=True)
class Verdict:
    target: str
    passed: bool
    detail: str


def verdicts(run: RunFigures) -> list[Verdict]:
    """One verdict per target: a page target passes when every page measured meets it, and
    names the pages that miss."""
    ping, me = run.floors()
    found = [
        Verdict(
            f"`/-/me` ≤ {ME_OVER_PING}× `/-/ping`",
            me <= ME_OVER_PING * ping,
            f"{me:.2f} ms over {ping:.2f} ms: {me / ping:.1f}×",
        )
    ]
    for target in PAGE_TARGETS:
        judged = [(page, target.passes(page)) for page in run.pages]
        measured = [(page, passed) for page, passed in judged if passed is not None]
        missed = [page.label for page, passed in measured if not passed]
        detail = f"{len(measured) - len(missed)} of {len(measured)} pages"
        if missed:
            detail += "; missed by " + ", ".join(missed)
        found.append(Verdict(target.text, not missed, detail))
    ratios = run.storm_ratios()
    if ratios:
        storm = nearest_rank(ratios, 0.95)
        over = [
            page.label
            for page in run.pages
            if page.one is not None and page.storm and max(page.storm) > STORM * page.one.page.p95
        ]
        failed = run.storm_failures
        found.append(
            Verdict(
                f"pages' p95 in a login storm ≤ {STORM}× without",
                storm <= STORM and not failed,
                f"{storm:.1f}× over {len(ratios)} requests"
                + (f"; over {STORM}× at least once: {', '.join(over)}" if over else "")
                + (f"; {len(failed)} logins failed" if failed else ""),
            )
        )
    rss = max(run.worker_rss_mib, default=0.0)
    found.append(
        Verdict(
            f"worker RSS ≤ {RSS_MIB} MiB",
            rss <= RSS_MIB,
            ", ".join(f"{mib:.0f} MiB" for mib in run.worker_rss_mib),
        )
    )
    return found


def page_misses(page: PageFigures) -> list[str]:
    """The keys of the page targets ``page`` misses."""
    return [target.key for target in PAGE_TARGETS if target.passes(page) is False]
