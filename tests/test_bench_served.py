"""The pure parts of the benchmark over HTTP (`bench.served`): its statistics, the targets'
verdicts and the table from given numbers, the partials it reads from markup, and that its
page list covers core's pages, the county's (issue #14) and every loaded plugin's main page
(the first navigation item a plugin gives, or its address when it gives none)."""

from __future__ import annotations

from bench.served.figures import Concurrent, PageFigures, RunFigures, Timing
from bench.served.pages import PAGES, resolve
from bench.served.table import render
from bench.served.targets import page_misses, verdicts
from bench.served.weight import partial_paths
from core.plugins import build_plugins

# The navigation's first item of each built-in plugin for its demo account.
MAIN_PAGES = {
    "kindergarten": "/kindergarten/groups",
    "school": "/school/classes",
    "municipality": "/municipality/network",
    "county": "/county",
}
COUNTY_PAGES = {
    "/county",
    "/county/requests",
    "/county/contacts",
    "/county/meetings",
    "/county/agreements",
    "/county/documents",
}


def timing(median: float, p95: float) -> Timing:
    return Timing(median, p95, 100.0, 60)


def page(label: str, median: float, p95: float, **fields) -> PageFigures:
    floors = Concurrent(timing(median, p95), timing(2.0, 3.0), timing(4.0, 5.0))
    return PageFigures(label, "/x", "someone", one=floors, eight=floors, **fields)


def test_timing_takes_the_median_the_nearest_rank_p95_and_the_rate():
    found = Timing.of([n / 1000 for n in range(20, 0, -1)], wall=2.0)
    assert (round(found.median, 6), round(found.p95, 6)) == (10.5, 19.0)
    assert (found.per_second, found.count) == (10.0, 20)


def test_targets_pass_and_fail_from_given_figures():
    fast = page(
        "fast", 12.0, 30.0, tenth=timing(11.0, 20.0), first_load=20_000, partials={"/p": 900}
    )
    slow = page(
        "slow",
        30.0,
        50.0,
        tenth=timing(10.0, 20.0),
        first_load=30_000,
        partials={"/p": 6_000},
        storm=[40.0, 400.0],
    )
    run = RunFigures("SQLite", 1, [fast, slow], worker_rss_mib=[120.0, 160.0])
    assert page_misses(fast) == []
    assert page_misses(slow) == ["median", "p95", "growth", "first load", "partial"]
    found = {verdict.target: verdict for verdict in verdicts(run)}
    assert found["`/-/me` ≤ 3× `/-/ping`"].passed  # 4 ms over 2 ms
    assert not found["median ≤ 5× `/-/me`"].passed
    assert found["median ≤ 5× `/-/me`"].detail == "1 of 2 pages; missed by slow"
    assert not found["worker RSS ≤ 150 MiB"].passed
    # The storm's requests are judged together, each over its own page's p95 without (50 ms).
    storm = found["pages' p95 in a login storm ≤ 3× without"]
    assert not storm.passed
    assert storm.detail == "8.0× over 2 requests; over 3× at least once: slow"


def test_the_table_has_each_target_and_page():
    run = RunFigures("PostgreSQL", 2, [page("my work", 8.0, 12.0)], worker_rss_mib=[100.0])
    text = render(run, "Pages over HTTP")
    assert "| median ≤ 5× `/-/me` | PASS | 1 of 1 pages |" in text
    assert "| worker RSS ≤ 150 MiB | PASS | 100 MiB |" in text
    assert "| my work `/x` | 8.0 | 12.0 | 100 | 4.0 | 2.0 | 2.4 |" in text


def test_partials_are_the_markups_hx_get_with_a_forms_current_search():
    markup = (
        '<form hx-get="/children" hx-target="#r"></form>'
        '<a hx-get="/cases/7/timeline?page=2&amp;x=1">older</a><a hx-get="/children">again</a>'
    )
    assert partial_paths("/children?q=Tam", markup) == [
        "/children?q=Tam",
        "/cases/7/timeline?page=2&x=1",
    ]


def test_the_pages_cover_core_the_county_and_every_plugins_main_page(settings):
    paths = {page.path for page in PAGES}
    assert {"/", "/cases", "/cases/{long_case}", "/children?q={family_name}"} <= paths
    assert "/directory?q={directory_term}" in paths
    assert paths >= COUNTY_PAGES
    for name in build_plugins(settings).names:
        if name == "core":
            continue
        main = MAIN_PAGES.get(name, f"/{name}")
        assert any(page.plugin == name and page.path == main for page in PAGES), name


def test_accounts_and_paths_are_filled_from_the_database_values():
    values = {
        "school_coordinator": ["county.coordinator.7"],
        "kindergarten_coordinator": ["county.coordinator.3"],
        "manager": ["county.manager.2"],
        "long_case": [42],
        "family_name": ["Tam"],
        "directory_term": ["Elva"],
    }
    found = {page.page.label: page for page in resolve(PAGES, values, seed=1)}
    assert found["a long case"].account == "county.coordinator.7"
    assert found["a long case"].paths() == "/cases/42"
    assert found["child search"].sample == "/children?q=Tam"
    assert found["network"].account == "county.manager.2"
