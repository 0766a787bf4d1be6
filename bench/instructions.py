"""The instructions one request of a page costs, counted by valgrind's callgrind: the same
count in every run, whatever else the machine is doing, where times on the 2-core development
machine vary by 10 to 20% from run to run. For comparing two versions of the code.

    .venv/bin/python -m bench.instructions /cases/6509 county.coordinator.135
    .venv/bin/python -m bench.instructions / county.coordinator.135 --county tenth

It serves a copy of the kept county demo (or its tenth) in process, logs the account in, asks
for the page a few times, then counts ten requests (the client's work included, as it is the
same for every page) and prints the count per request. It takes some 15 seconds; valgrind
comes from Debian's package.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

WARM_UP = 5
_INNER = "HEAOLU_BENCH_INSTRUCTIONS_INNER"


async def _requests(database_url: str, account: str, path: str, requests: int) -> None:
    """Runs under valgrind: counts only ``requests`` requests, turning the instrumentation on
    and off around them (the start-up and the log-in are not counted)."""
    import httpx

    from bench.accounts import log_in
    from bench.served.in_process import BASE_URL, _app

    app = _app(database_url, pool_size=None)
    pid = str(os.getpid())
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            await log_in(client, account)
            for _ in range(WARM_UP):
                assert (await client.get(path)).status_code == 200, path
            _callgrind_control("-i", "on", pid)
            for _ in range(requests):
                await client.get(path)
            _callgrind_control("-d", pid)


def _callgrind_control(*args: str) -> None:
    """Tell the valgrind running this process to count or to write its counts; waited for
    here, so that the requests after it are counted."""
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def _total(out_file: Path) -> int:
    for line in out_file.read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise RuntimeError(f"callgrind wrote no summary to {out_file}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the page, e.g. /cases/6509")
    parser.add_argument("account", help="the demo account that opens it")
    parser.add_argument("--county", choices=("county", "tenth"), default="county")
    parser.add_argument("--requests", type=int, default=10)
    args = parser.parse_args()
    if os.environ.get(_INNER):
        asyncio.run(_requests(os.environ[_INNER], args.account, args.path, args.requests))
        return

    from bench.served.databases import sqlite_copies

    with tempfile.TemporaryDirectory() as work:
        copies = sqlite_copies(Path(work))
        url = copies.county if args.county == "county" else copies.tenth
        out = Path(work) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}.%p",
            sys.executable,
            "-m",
            "bench.instructions",
            *sys.argv[1:],
        ]
        subprocess.run(command, check=True, env={**os.environ, _INNER: url}, capture_output=True)
        [dump] = Path(work).glob("callgrind.out.*.1")
        total = _total(dump)
    per_request = total / args.requests / 1e6
    print(f"{args.path} ({args.account}, {args.county}): {per_request:.2f}M instructions a request")


if __name__ == "__main__":
    main()
