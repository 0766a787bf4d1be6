"""`heaolu serve --workers 2`: each worker is a process of its own, and each logs its requests.
Starting the server's two workers takes about three seconds."""

import json

import httpx

from tests.conftest import free_port, wait_until_serving
from tests.helpers import start_heaolu

REQUESTS = 8


def test_every_worker_logs_its_requests():
    port = free_port()
    server = start_heaolu(
        "serve", "--port", str(port), "--workers", "2", env={"HEAOLU_ALLOWED_HOSTS": "127.0.0.1"}
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}")
        for _ in range(REQUESTS):
            # A connection each: the workers share the listening socket and take turns.
            assert httpx.get(f"http://127.0.0.1:{port}/login").status_code == 200
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    logged = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    served = [entry for entry in logged if entry.get("path") == "/login"]
    assert len(served) == REQUESTS
    assert {entry["status"] for entry in served} == {200}
