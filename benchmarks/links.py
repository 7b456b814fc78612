"""Time ``studypath check --links`` on 200 links that each take half a second to answer.

    python benchmarks/links.py             # 200 links on 20 hosts; target: at most 5 s
    python benchmarks/links.py --hosts 1   # all on one host: its limit of requests decides

A threaded HTTP server answers every request (HEAD or GET) after ``--delay`` seconds (0.5). It
listens on ``--hosts`` loopback addresses, 127.0.0.1, 127.0.0.2 and so on, each a host of its
own as the sites of a real curriculum are (Linux routes all of 127.0.0.0/8 to the loopback
interface). A graph with one resource per link is written, spread evenly over the hosts, and
``studypath check --links GRAPH`` runs once as a whole process, start-up included, with an
empty cache so that every link is asked. It prints the wall time against the target, how many
requests the server got, and the most it served at once, in all and to one host.

Nothing leaves the machine: the server listens on loopback addresses only, and the check asks
only them (proxy variables are unset for it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TARGET = 5.0
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


class Load:
    """What the servers saw: requests, and the most in progress at once (in all, per host)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.busy: Counter[str] = Counter()
        self.most = 0
        self.most_per_host = 0

    def start(self, host: str) -> None:
        with self.lock:
            self.requests += 1
            self.busy[host] += 1
            self.most = max(self.most, sum(self.busy.values()))
            self.most_per_host = max(self.most_per_host, self.busy[host])

    def end(self, host: str) -> None:
        with self.lock:
            self.busy[host] -= 1


def serve(hosts: int, delay: float, load: Load) -> dict[str, ThreadingHTTPServer]:
    """A server on each of ``hosts`` loopback addresses, by ``address:port``."""

    class Slow(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_HEAD(self) -> None:
            host = self.headers.get("Host", "")
            load.start(host)
            try:
                time.sleep(delay)
            finally:
                load.end(host)  # before the answer: then the client may send the next one
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, format: str, *args: object) -> None:
            pass

    servers = {}
    for n in range(1, hosts + 1):
        address = f"127.0.0.{n}"
        server = ThreadingHTTPServer((address, 0), Slow)
        server.daemon_threads = True
        server.request_queue_size = 256
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers[f"{address}:{server.server_address[1]}"] = server
    return servers


def graph(path: Path, urls: list[str]) -> Path:
    lines = ["title: Link benchmark", "topics:"]
    for topic in range(0, len(urls), 10):
        lines += [f"  t{topic}:", f"    title: Topic {topic}", "    resources:"]
        for index, url in enumerate(urls[topic : topic + 10], start=topic):
            lines += [f"      - title: Resource {index}", f"        url: {url}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200, help="links in the graph (200)")
    parser.add_argument("--hosts", type=int, default=20, help="loopback hosts (20, at most 254)")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds per answer (0.5)")
    options = parser.parse_args()
    load = Load()
    servers = serve(options.hosts, options.delay, load)
    addresses = list(servers)
    urls = [f"http://{addresses[i % len(addresses)]}/page/{i}" for i in range(options.links)]
    with tempfile.TemporaryDirectory() as scratch:
        env = {k: v for k, v in os.environ.items() if k.upper() not in PROXIES}
        env.update(STUDYPATH_CACHE=f"{scratch}/cache", STUDYPATH_HOME=f"{scratch}/home")
        command = [sys.executable, "-m", "studypath", "check", "--links"]
        command.append(str(graph(Path(scratch) / "links.yaml", urls)))
        started = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
    for server in servers.values():
        server.shutdown()
    if result.returncode != 0 or "all fine" not in result.stdout:
        sys.exit(f"check --links failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    mark = "✔" if elapsed <= TARGET else "✘"
    print(
        f"{options.links} links on {options.hosts} hosts, each answering after "
        f"{options.delay:g} s: {elapsed:.2f} s (target: at most {TARGET:g} s {mark})"
    )
    print(
        f"{load.requests} requests; at most {load.most} at once, {load.most_per_host} to one host"
    )


if __name__ == "__main__":
    main()
