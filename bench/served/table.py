"""A run's figures as a markdown page: the targets with PASS or FAIL, the timings beside both
floors, what each page costs besides time, and the profiles of the pages that miss."""

from __future__ import annotations

from bench.served.figures import PageFigures, RunFigures, Timing
from bench.served.targets import KIB, page_misses, verdicts


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _kib(value: int) -> str:
    return f"{value / KIB:.1f}"


def _timing(timing: Timing | None) -> list[str]:
    if timing is None:
        return ["", "", ""]
    return [_ms(timing.median), _ms(timing.p95), f"{timing.per_second:.0f}"]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _header(names: list[str], right_from: int = 1) -> list[str]:
    rule = ["---" if i < right_from else "---:" for i in range(len(names))]
    return [_row(names), _row(rule)]


def _timing_rows(pages: list[PageFigures]) -> list[str]:
    lines = _header(
        [
            "page",
            "median",
            "p95",
            "req/s",
            "× ping",
            "× me",
            "p95 × me",
            "8: median",
            "8: p95",
            "8: req/s",
            "8: × me",
            "tenth",
            "county / tenth",
            "storm p95 ×",
            "storm n",
            "misses",
        ]
    )
    for page in pages:
        one, eight = page.one, page.eight
        cells = [f"{page.label} `{page.path}`"]
        cells += _timing(one.page if one else None)
        cells += [
            _ratio(one.page.median / one.ping.median) if one else "",
            _ratio(one.page.median / one.me.median) if one else "",
            _ratio(one.page.p95 / one.me.p95) if one else "",
        ]
        cells += _timing(eight.page if eight else None)
        cells.append(_ratio(eight.page.median / eight.me.median) if eight else "")
        cells.append(_ms(page.tenth.median) if page.tenth else "")
        cells.append(_ratio(page.growth))
        storm = page.storm_p95 / one.page.p95 if one and page.storm_p95 is not None else None
        cells.append(_ratio(storm))
        cells.append(str(len(page.storm)) if page.storm else "")
        cells.append(", ".join(page_misses(page)) or "none")
        lines.append(_row(cells))
    return lines


def _floor_rows(pages: list[PageFigures]) -> list[str]:
    lines = _header(
        ["beside", "ping median", "ping p95", "me median", "me p95", "8: ping", "8: me"]
    )
    for page in pages:
        if page.one is None:
            continue
        eight = page.eight
        lines.append(
            _row(
                [
                    page.label,
                    _ms(page.one.ping.median),
                    _ms(page.one.ping.p95),
                    _ms(page.one.me.median),
                    _ms(page.one.me.p95),
                    _ms(eight.ping.median) if eight else "",
                    _ms(eight.me.median) if eight else "",
                ]
            )
        )
    return lines


def _cost_rows(pages: list[PageFigures]) -> list[str]:
    lines = _header(
        [
            "page",
            "account",
            "first load KiB",
            "page KiB",
            "partials",
            "largest partial KiB",
            "SQL county",
            "SQL tenth",
        ]
    )
    for page in pages:
        lines.append(
            _row(
                [
                    page.label,
                    f"`{page.account}`",
                    _kib(page.first_load),
                    _kib(page.html),
                    str(len(page.partials)),
                    _kib(page.largest_partial) if page.partials else "",
                    str(page.statements),
                    str(page.statements_tenth),
                ]
            )
        )
    return lines


def render(run: RunFigures, title: str) -> str:
    lines = [f"# {title}", ""]
    lines += [
        f"{run.database}, `heaolu serve --workers {run.workers}`, {len(run.pages)} pages, "
        f"{run.minutes:.1f} minutes in all. "
        + ", ".join(f"{key}: {value}" for key, value in run.machine.items())
        + ".",
        "",
        "## Targets",
        "",
        *_header(["target", "result", "figures"], right_from=3),
    ]
    for verdict in verdicts(run):
        lines.append(_row([verdict.target, "PASS" if verdict.passed else "FAIL", verdict.detail]))
    ping, me = run.floors()
    lines += [
        "",
        "## Time (ms, as the client sees it on 127.0.0.1)",
        "",
        f"1 client unless marked 8 (8 clients at once); the floors' medians over all turns: "
        f"`/-/ping` {ping:.2f} ms, `/-/me` {me:.2f} ms. The login storm (50 logins at once) "
        f"lasted {run.storm_seconds:.1f} s.",
        "",
        *_timing_rows(run.pages),
        "",
        "The floors in each page's turns:",
        "",
        *_floor_rows(run.pages),
        "",
        "## Bytes and statements",
        "",
        *_cost_rows(run.pages),
    ]
    if run.storm_failures:
        lines += ["", "Logins that failed during the storm:", ""]
        lines += [f"- {problem}" for problem in run.storm_failures]
    partials = [(page, path, size) for page in run.pages for path, size in page.partials.items()]
    if partials:
        lines += ["", "Partials (requested with `HX-Request: true`, bytes as sent):", ""]
        lines += [f"- {page.label}: `{path}` {size} B" for page, path, size in partials]
    profiled = [page for page in run.pages if page.profile]
    if profiled:
        lines += ["", "## Largest costs of the pages that miss their median target", ""]
        for page in profiled:
            lines += [f"### {page.label}", "", f"Largest cost: {page.largest_cost}.", "", "```"]
            lines += page.profile
            lines += ["```", ""]
    return "\n".join(lines).rstrip() + "\n"
