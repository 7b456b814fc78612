"""A real HTTP server on 127.0.0.1 for the link checker's tests: each path answers as one kind
of link does (see :data:`ROUTES`), and the server records every request it gets."""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

#: path -> (status, headers). Also: ``HEAD_REFUSED`` paths refuse HEAD only; ``/busy`` answers
#: 429 only to its first request; ``/slow`` answers after ``LinkServer.slow`` seconds;
#: ``/chain/N`` redirects to ``/chain/N+1``; ``/wayback/available`` is the archive's API.
ROUTES: dict[str, tuple[int, dict[str, str]]] = {
    "/ok": (200, {}),
    "/old": (301, {"Location": "/older"}),
    "/older": (308, {"Location": "/ok"}),
    "/for-now": (302, {"Location": "/ok"}),
    "/old-then-gone": (301, {"Location": "/gone"}),
    "/loop-a": (302, {"Location": "/loop-b"}),
    "/loop-b": (301, {"Location": "/loop-a"}),
    "/gone": (404, {}),
    "/removed": (410, {}),
    "/forbidden": (403, {}),
    "/broken": (503, {}),
    "/busy": (429, {"Retry-After": "1"}),
    "/busy-for-long": (429, {"Retry-After": "3600"}),
    "/slow": (200, {}),
    "/to-ftp": (301, {"Location": "ftp://files.example/x"}),
    "/to-nowhere": (301, {"Location": "http://[::1/"}),
    "/always-busy": (429, {"Retry-After": "0"}),
}
HEAD_REFUSED = {"/no-head": 405, "/no-head-501": 501}
SNAPSHOT = "http://web.archive.example/web/20200101000000/{}"
#: The web of the README's example, served through ``HTTP_PROXY``: absolute URLs.
WEB: dict[str, tuple[int, dict[str, str]]] = {
    "http://stats.example/think-stats": (200, {}),
    "http://seeing-theory.example/": (200, {}),
    "http://old-university.example/la/notes": (
        301, {"Location": "http://university.example/la/notes"},
    ),
    "http://university.example/la/notes": (200, {}),
    "http://videos.example/linear-algebra": (404, {}),
    "http://exercises.example/la": (503, {}),
}  # fmt: skip


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LinkServer

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self) -> None:
        path, _, query = self.path.partition("?")
        count = self.server.record(self.command, path)
        body = b""
        if path in WEB:  # asked as a proxy, for the README's example
            status, headers = WEB[path]
        elif path in ("/wayback/available", "http://archive.example/wayback/available"):
            status, headers, body = 200, {"Content-Type": "application/json"}, archive(query)
        elif path == "/garbage/wayback/available":  # an archive that answers something else
            status, headers, body = 200, {}, b"<html>Nothing to see</html>"
        elif path in HEAD_REFUSED:
            status, headers = (HEAD_REFUSED[path] if self.command == "HEAD" else 200), {}
        elif path == "/busy" and count > 1:
            status, headers = 200, {}
        elif path.startswith("/chain/"):  # /chain/N redirects to /chain/N+1, without end
            status, headers = 302, {"Location": f"/chain/{int(path[7:]) + 1}"}
        else:
            status, headers = ROUTES.get(path, (404, {}))
        if path == "/slow":
            time.sleep(self.server.slow)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)


def archive(query: str) -> bytes:
    """The availability API's answer: a snapshot for the URLs whose path is ``/gone``, and
    for the README's example's dead link."""
    url = parse_qs(query).get("url", [""])[0]
    if url.endswith("/gone") or WEB.get(url, (0,))[0] == 404:
        closest = {"available": True, "status": "200", "timestamp": "20200101000000"}
        snapshots = {"closest": {**closest, "url": SNAPSHOT.format(url)}}
    else:
        snapshots = {}
    return json.dumps({"url": url, "archived_snapshots": snapshots}).encode()


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True
    slow = 2.0

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def record(self, method: str, path: str) -> int:
        """Keep the request; how many requests this path has had, this one included."""
        with self.lock:
            self.requests.append((method, path))
            return sum(1 for _, p in self.requests if p == path)

    def asked(self, path: str) -> list[str]:
        with self.lock:
            return [method for method, p in self.requests if p == path]


#: Proxy settings that would send requests for 127.0.0.1 elsewhere: tests unset them.
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy, and no name looked up: ``socket.getaddrinfo`` takes IP addresses only, and
    fails the test for a name, so that no test can send a query to a DNS server."""
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", addresses_only(socket.getaddrinfo))


def addresses_only(look_up: Callable[..., Any]) -> Callable[..., Any]:
    """``look_up`` (``socket.getaddrinfo``) for IP addresses; an error for any name."""

    def only(host: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(text)
        except ValueError:
            raise AssertionError(f"a name was looked up: {text!r}") from None
        return look_up(host, *args, **kwargs)

    return only


@contextmanager
def running() -> Iterator[LinkServer]:
    server = LinkServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def refused_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections: bound (so nothing else takes it) but not
    listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])
    finally:
        sock.close()


WriteGraph = Callable[..., Path]


def graph_of(write_graph: WriteGraph, urls: list[str]) -> Path:
    """A graph with one resource per URL: resource ``t/rI``'s URL is at line 7 + 2I, column 14."""
    lines = ["title: Links", "topics:", "  t:", "    title: T", "    resources:"]
    for index, url in enumerate(urls):
        lines += [f"      - title: R{index}", f"        url: {url}"]
    return write_graph("\n".join(lines) + "\n")


def at(path: Path, index: int) -> str:
    return f"{path}:{7 + 2 * index}:14: "


EXAMPLE = """\
title: My curriculum
topics:
  statistics:
    title: Statistics
    resources:
      - title: Think Stats
        url: http://stats.example/think-stats
      - title: Seeing Theory
        url: http://seeing-theory.example/
  linear-algebra:
    title: Linear Algebra
    resources:
      - title: Course notes
        url: http://old-university.example/la/notes
      - title: Lecture videos
        url: http://videos.example/linear-algebra
      - title: Exercises
        url: http://exercises.example/la
"""


def readme_example() -> str:
    """``studypath check --links --archive`` on :data:`EXAMPLE`, for the README (cog): the
    server stands for the web and the archive as an HTTP proxy, and no name is looked up."""
    import os
    import tempfile

    from typer.testing import CliRunner

    from studypath.cli import app

    args = ["check", "curriculum.yaml", "--links", "--archive"]
    with tempfile.TemporaryDirectory() as home, running() as server:
        Path(home, "curriculum.yaml").write_text(EXAMPLE, encoding="utf-8")
        env = {
            "HTTP_PROXY": server.base,
            "STUDYPATH_ARCHIVE_URL": "http://archive.example",
            "STUDYPATH_CACHE": f"{home}/cache",
            "STUDYPATH_HOME": f"{home}/home",
            "NO_COLOR": "1",
            "COLUMNS": "100",
        }
        saved = {k: os.environ.pop(k, None) for k in (*env, *PROXIES[1:], "http_proxy")}
        os.environ.update(env)
        look_up, socket.getaddrinfo = socket.getaddrinfo, addresses_only(socket.getaddrinfo)
        here = Path.cwd()
        os.chdir(home)
        try:
            result = CliRunner().invoke(app, args, prog_name="studypath")
        finally:
            os.chdir(here)
            socket.getaddrinfo = look_up
            for key, value in saved.items():
                os.environ.pop(key, None)
                if value is not None:
                    os.environ[key] = value
    return f"\n```\n$ studypath {' '.join(args)}\n{result.stdout}```\n"


# Fixtures for the link tests (a pytest plugin: see tests/conftest.py), defined once, here.
@pytest.fixture
def no_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may look a name up: only IP addresses pass (see :func:`offline`)."""
    offline(monkeypatch)


@pytest.fixture
def server() -> Iterator[LinkServer]:
    with running() as started:
        yield started
