"""The bytes a page costs the network: its first load (the page, the CSS and the JavaScript it
references, each as the server sends it to a browser that accepts gzip) and each htmx partial
its markup names (`hx-get`), requested as htmx does, with `HX-Request: true`."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

from bench.served.visitors import Visitor

STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')
SCRIPT = re.compile(r'<script src="([^"]+)"')
HX_GET = re.compile(r'hx-get="([^"]+)"')
HTMX = {"hx-request": "true"}


def partial_paths(page_path: str, markup: str) -> list[str]:
    """The partials a page's markup asks for; a form that asks for its own page's address
    sends the page's current query (its search), as the browser would."""
    found = []
    page = urlsplit(page_path)
    for raw in HX_GET.findall(markup):
        target = unescape(raw)
        parts = urlsplit(target)
        if parts.path == page.path and not parts.query and page.query:
            target = page_path
        if target.startswith("/") and target not in found:
            found.append(target)
    return found


async def weigh(visitor: Visitor, path: str) -> tuple[int, int, dict[str, int]]:
    """Bytes of the first load, of the page alone, and of each partial (path: bytes)."""
    markup = (await visitor.get(path)).text
    html = await visitor.wire_bytes(path)
    assets = STYLESHEET.findall(markup) + SCRIPT.findall(markup)
    first_load = html + sum([await visitor.wire_bytes(asset) for asset in assets])
    partials = {}
    for partial in partial_paths(path, markup):
        try:
            partials[partial] = await visitor.wire_bytes(partial, HTMX)
        except AssertionError as problem:
            print(f"    partial not weighed: {problem}")
    return first_load, html, partials
