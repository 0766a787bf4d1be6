"""`heaolu serve` answers an over-long request line with 414 and over-long headers with 431,
and the client reads the answer (the connection is not reset)."""

import socket

import httpx
import pytest

from core.http_limits import HEAD_LIMIT
from tests.conftest import free_port, wait_until_serving
from tests.helpers import start_heaolu

# Several times the limit: the client is still sending when the server has answered.
TOO_LONG = 40 * HEAD_LIMIT


@pytest.fixture(scope="module")
def heaolu_server():
    port = free_port()
    server = start_heaolu(
        "serve", "--port", str(port), env={"HEAOLU_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}")
        yield port
    finally:
        server.terminate()
        server.communicate(timeout=10)


def exchange(port: int, head: bytes) -> bytes:
    """Send ``head`` whole (a reset would fail here), then read the answer's head."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(head)
        answer = b""
        while b"\r\n\r\n" not in answer and (chunk := connection.recv(65536)):
            answer += chunk
    return answer


def test_an_over_long_request_line_is_refused_with_414(heaolu_server):
    answer = exchange(heaolu_server, b"GET /children?q=" + b"x" * TOO_LONG + b" HTTP/1.1\r\n")
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long\r\n")


def test_over_long_headers_are_refused_with_431(heaolu_server):
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + b"x" * TOO_LONG + b"\r\n\r\n"
    answer = exchange(heaolu_server, head)
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")


def test_a_long_search_under_the_limit_is_served(heaolu_server):
    response = httpx.get(f"http://127.0.0.1:{heaolu_server}/children", params={"q": "x" * 20_000})
    # Anonymous: sent to log in, which is the application answering.
    assert response.status_code == 303
