"""The production server as a subprocess: `heaolu serve --workers N` on a free port of
127.0.0.1, with production settings (debug off, a secret key, the allowed host, administrators'
second factor required, the default password hash cost and connection pool), and the resident
memory of its workers."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
STARTUP_SECONDS = 60
ROOT = Path(__file__).resolve().parents[2]
HEAOLU = str(Path(sys.executable).parent / "heaolu")


def heaolu_environment(**settings: str) -> dict[str, str]:
    """The environment of a `heaolu` command run from this checkout: its code (and its example
    plugin's) first on the path, whatever checkout the environment was installed from."""
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    path = [str(ROOT), str(ROOT / "examples" / "signs_of_safety"), *inherited]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path), **settings}


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: uvicorn's workers when it has several, else the
        server itself."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(fields[1]) == self.process.pid:
                        children.append(int(entry.name))
        # uvicorn's supervisor also starts a resource tracker of multiprocessing: not a worker.
        workers = [pid for pid in children if "resource_tracker" not in _command(pid)]
        return sorted(workers) or [self.process.pid]

    def worker_rss_mib(self) -> list[float]:
        return [_status_kib(pid, "VmRSS") / 1024 for pid in self.worker_pids()]


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serving(database_url: str, workers: int, log: Path) -> Iterator[Server]:
    """`heaolu serve` on ``database_url`` until the block ends; its request log goes to
    ``log``."""
    port = _free_port()
    env = heaolu_environment(
        HEAOLU_DATABASE_URL=database_url,
        HEAOLU_ALLOWED_HOSTS=HOST,
        HEAOLU_SECRET_KEY=secrets.token_urlsafe(48),
        HEAOLU_ADMIN_2FA="required",
        HEAOLU_DEBUG="0",
    )
    command = [HEAOLU, "serve", "--host", HOST, "--port", str(port)]
    with log.open("ab") as output:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)], env=env, stdout=output, stderr=output
        )
    server = Server(f"http://{HOST}:{port}", process)
    try:
        _wait_until_serving(server, workers)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_serving(server: Server, workers: int) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"heaolu serve stopped with status {server.process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}/-/ping").status_code == 200 and (
                workers == 1 or len(server.worker_pids()) >= workers
            ):
                return
        time.sleep(0.2)
    raise RuntimeError(f"heaolu serve did not answer at {server.url}")
