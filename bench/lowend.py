"""A low-end PC: Debian's Chromium, driven by Playwright, with its CPU slowed six times
(DevTools' ``Emulation.setCPUThrottlingRate``), against a real `heaolu serve` in production
settings on the county demo with its 10 000 sample cases.

As the case benchmark's support coordinator (the school with the most cases), three pages: the
case list, one of their open cases with 30 or more timeline entries, and the noticing sheet.
For each, five times (after one run to warm up): a navigation to the page until its main
content is shown, then a click until htmx's swap of what it changes is finished. Medians, with
PASS or FAIL against the targets. What each figure measures is defined in bench/README.md ("a
low-end PC").
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.accounts import PASSWORD
from bench.county import county_with_cases

CHECKOUT = Path(__file__).resolve().parent.parent
# What is measured of each page, each a median (the server's parts as a guide to the rest).
FIGURES = ("shown", "shown_server", "click", "click_server")
SLOWDOWN = 6  # Emulation.setCPUThrottlingRate: the renderer's CPU this many times slower
RUNS = 5  # medians of this many, after one run to warm up
SHOWN_TARGET_MS = 400.0  # navigation to main content shown
SWAP_TARGET_MS = 150.0  # a click to the finished htmx swap
# The floor: a plain text answer that costs the server nothing and the browser no styles,
# scripts or layout, shown under the same slowdown: what any navigation costs this browser on
# this machine at the time (other work on the machine raises it).
FLOOR = "floor: /-/ping (plain text)"
# Debian's Chromium as the browser tests launch it too (tests/browser/conftest.py).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# In every document before its own scripts (DevTools runs it, so the page's Content Security
# Policy does not apply): `window.heaoluShown` resolves, in the document's own clock, at the
# second animation frame after DOMContentLoaded, that is once the frame holding the whole
# parsed `main` (and htmx, whose script is deferred, ready) has been produced.
SHOWN_PROBE = """
window.heaoluShown = new Promise((resolve) => {
  document.addEventListener("DOMContentLoaded", () => {
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  });
});
"""
# Before a click: the click's own time stamp (the input event's time) and the time htmx fires
# `htmx:afterSettle` for the swap that click caused, both in the document's clock.
SWAP_PROBE = """
() => {
  window.heaoluSwap = new Promise((resolve) => {
    let clicked = null;
    document.addEventListener("click", (event) => { clicked = event.timeStamp; },
      { capture: true, once: true });
    document.body.addEventListener("htmx:afterSettle",
      () => resolve(performance.now() - clicked), { once: true });
  });
}
"""
# Of a navigation: the milliseconds from sending the request to the first byte of the answer
# (the server's part; the slowdown does not touch it).
NAVIGATION_SERVER = """
() => {
  const [entry] = performance.getEntriesByType("navigation");
  return entry.responseStart - entry.requestStart;
}
"""
# Of a swap: htmx's request, from its start to the answer's last byte.
SWAP_SERVER = """
() => {
  const requests = performance.getEntriesByType("resource")
    .filter((entry) => entry.initiatorType === "xmlhttprequest");
  const last = requests[requests.length - 1];
  return last.responseEnd - last.startTime;
}
"""
# A fixed piece of JavaScript work: timed with and without the slowdown, to show it applies.
BUSY_WORK = """
() => {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 2e7; i++) { sum += Math.sqrt(i); }
  return performance.now() - started + (sum < 0 ? 1 : 0);
}
"""


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    click: str  # what is clicked, in words
    selector: str  # the element clicked (its answer is an htmx swap)


async def lowend_pages(database_url: str) -> None:
    executable = _chromium()
    if executable is None:
        print("low-end PC: not measured: Chromium is missing (Debian's chromium package)")
        return
    # As the case benchmark has it (on PostgreSQL analysed, so that the plans are the lasting
    # ones).
    data = (await county_with_cases(database_url)).cases
    made = f"the demo made in {data.seconds:.0f} s" if data.seconds else "made by an earlier run"
    print(f"low-end PC: Chromium with the CPU slowed {SLOWDOWN}x, median of {RUNS} ({made})")
    pages = [
        Page(
            "case list /cases",
            "/cases",
            "the 'Overdue tasks' filter",
            "input[name=overdue]",
        ),
        Page(
            f"a long case /cases/{data.long_cases[0]}",
            f"/cases/{data.long_cases[0]}",
            "'Older entries' of the timeline",
            "#timeline-more a",
        ),
        Page(
            "the noticing sheet /notice",
            "/notice",
            "'Add another row' of 'What has been tried?' (htmx swaps that group)",
            "button[value^='add:']",
        ),
    ]
    with ProductionServer(database_url) as url:
        results = await _measure(url, executable, data.coordinator, pages)
    _report(pages, results)


class ProductionServer:
    """`heaolu serve` in production settings (a random secret key, its host allowed, second
    factors required, the default password cost) on a free port, until the block ends."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Nothing of the benchmark's own settings: production's defaults but for these.
        env = {key: value for key, value in os.environ.items() if not key.startswith("HEAOLU_")}
        env.update(
            HEAOLU_DATABASE_URL=self.database_url,
            HEAOLU_SECRET_KEY=secrets.token_urlsafe(48),
            HEAOLU_ALLOWED_HOSTS="127.0.0.1",
        )
        # The `heaolu` command of this checkout's code, whatever the environment has installed.
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHECKOUT), env.get("PYTHONPATH")]))
        command = [sys.executable, "-c", "from core.cli import main; main()"]
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [*command, "serve", "--port", str(port)], env=env, stdout=self.log, stderr=self.log
        )
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    return url
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("heaolu serve did not start")

    def __exit__(self, *_exc: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


async def _measure(
    url: str, executable: str, username: str, pages: list[Page]
) -> dict[str, dict[str, float]]:
    from playwright.async_api import async_playwright

    results: dict[str, dict[str, float]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = await browser.new_context(
            base_url=url, viewport={"width": 1366, "height": 768}, locale="et-EE"
        )
        await context.add_init_script(SHOWN_PROBE)
        page = await context.new_page()
        await _log_in(page, username)
        await page.goto("/-/ping")
        unthrottled = await _busy(page)
        cdp = await context.new_cdp_session(page)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        slowed = await _busy(page)
        print(
            f"  a fixed piece of JavaScript: {unthrottled:.0f} ms as it is, {slowed:.0f} ms "
            f"slowed ({slowed / unthrottled:.1f}x)"
        )
        for target in pages:
            runs: dict[str, list[float]] = {}
            for run in range(RUNS + 1):
                shown = await _shown(page, lambda target=target: page.goto(target.path))
                clicked = await _swap(page, target)
                if run:  # the first run warms up the server's and the browser's caches
                    for name, value in zip(FIGURES, (*shown, *clicked), strict=True):
                        runs.setdefault(name, []).append(value)
            results[target.label] = {
                name: statistics.median(values) for name, values in runs.items()
            }
        floor = [await _shown(page, lambda: page.goto("/-/ping"), main=False) for _ in range(RUNS)]
        results[FLOOR] = {
            "shown": statistics.median(shown for shown, _server in floor),
            "shown_server": statistics.median(server for _shown, server in floor),
        }
        slowed_at_end = await _busy(page)
        print(
            f"  the same piece at the end: {slowed_at_end:.0f} ms slowed "
            f"({slowed_at_end / unthrottled:.1f}x)"
        )
        await browser.close()
    return results


async def _busy(page: Any) -> float:
    """The fixed piece of work's least time of three (the one least disturbed by other work
    on the machine)."""
    least: float = min([await page.evaluate(BUSY_WORK) for _ in range(3)])
    return least


def _chromium() -> str | None:
    return os.environ.get("HEAOLU_CHROMIUM") or shutil.which("chromium")


async def _log_in(page: Any, username: str) -> None:
    await page.goto("/login")
    await page.fill("#username", username)
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_url(lambda address: not address.endswith("/login"))


async def _shown(
    page: Any, navigate: Callable[[], Awaitable[Any]], main: bool = True
) -> tuple[float, float]:
    """Milliseconds from the navigation's start to the main content shown (the page shown, for
    one without ``main``), and the server's part of them."""
    response = await navigate()
    assert response is None or response.status == 200, response.status
    shown: float = await page.evaluate("window.heaoluShown")
    assert not main or await page.locator("main h1").count() == 1
    return shown, await page.evaluate(NAVIGATION_SERVER)


async def _swap(page: Any, target: Page) -> tuple[float, float]:
    """Milliseconds from the click to htmx's `htmx:afterSettle` of the swap it caused, and
    the server's part of them."""
    await page.evaluate(SWAP_PROBE)
    await page.click(target.selector)
    elapsed: float = await page.evaluate("window.heaoluSwap")
    return elapsed, await page.evaluate(SWAP_SERVER)


def _report(pages: list[Page], results: dict[str, dict[str, float]]) -> None:
    def verdict(value: float, target: float) -> str:
        return "PASS" if value <= target else "FAIL"

    print(f"  {'page':36} {'main shown':>10} {'server':>8}       {'a click':>8} {'server':>8}")
    for target in pages:
        found = results[target.label]
        shown, click = found["shown"], found["click"]
        print(
            f"  {target.label:36} {shown:7.0f} ms {found['shown_server']:5.0f} ms "
            f"{verdict(shown, SHOWN_TARGET_MS)}  {click:5.0f} ms {found['click_server']:5.0f} ms "
            f"{verdict(click, SWAP_TARGET_MS)}"
        )
    floor = results[FLOOR]
    print(f"  {FLOOR:36} {floor['shown']:7.0f} ms {floor['shown_server']:5.0f} ms")
    for target in pages:
        print(f"  {target.label}: the click is {target.click}")
    print(
        f"  targets: main shown <= {SHOWN_TARGET_MS:.0f} ms; a click to the finished htmx swap "
        f"<= {SWAP_TARGET_MS:.0f} ms"
    )
