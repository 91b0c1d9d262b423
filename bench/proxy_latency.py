#!/usr/bin/env python3
"""Times `ctxtrim proxy` against the upstream it forwards to, in one sitting.

Usage: proxy_latency.py CTXTRIM BENCH_UPSTREAM [--seconds S] [--rounds N]

BENCH_UPSTREAM (bench/BenchUpstream) answers every request at once, so what
the proxy adds is the difference between the same wrk run sent to it directly
and through the proxy. Bodies of about 10 KB, 1 MB and 5 MB are made of the
messages of the Anthropic fixtures (body_of_size). Per
body: latency with one connection (median and p95 of each request), then
requests per second with 32 connections. Direct and proxied runs alternate
for N rounds and the table shows the median of each figure over the rounds;
the ratios are proxied / direct, for the proxy as it starts by default and
with --no-count-tokens, whose /metrics also give the engine's mean time per
request over all its runs of that body (at both concurrencies). Each proxy's peak resident memory is read from /proc
at the end.

The last columns are the floor: bench/BenchFloor (built beside BenchUpstream)
forwards with the same stack, Hummingbird 2 and AsyncHTTPClient, and nothing
of the proxy's own, so floor / direct bounds what any proxy on that stack can
reach on this machine, and proxy / floor is what the proxy's own work costs.
"""
import argparse
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import make_inputs

HERE = pathlib.Path(__file__).resolve().parent
SIZES = [("10 KB", 10_000), ("1 MB", 1_000_000), ("5 MB", 5_000_000)]


def body_of_size(fixtures, size: int) -> str:
    """An Anthropic request of about `size` bytes: the messages of every
    fixture in turn (repeated past the first pass, so the larger bodies are
    the worst case for dedup), with the model and settings of the Cline
    export, which carries no tool definitions."""
    base = json.loads(next(p for p in fixtures if "cline-export" in p.name).read_text(encoding="utf-8"))
    items = [m for p in fixtures for m in json.loads(p.read_text(encoding="utf-8"))["messages"]]
    messages, total = [], 0
    while total < size:
        item = items[len(messages) % len(items)]
        messages.append(item)
        total += len(json.dumps(item, ensure_ascii=False, separators=(",", ":"))) + 1
    base["messages"] = messages
    return json.dumps(base, ensure_ascii=False, separators=(",", ":"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(port: int, process: subprocess.Popen):
    for _ in range(200):
        if process.poll() is not None:
            sys.exit(f"proxy_latency: {process.args[0]} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"proxy_latency: nothing listens on port {port}")


def wrk(url: str, body: pathlib.Path, connections: int, seconds: int) -> dict:
    threads = min(2, connections)
    run = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                          "-s", str(HERE / "proxy.lua"), url], env={**os.environ, "BODY": str(body)},
                         capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    if figures["errors"]:
        sys.exit(f"proxy_latency: {figures['errors']} failed requests to {url}:\n{run.stdout}")
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def engine_seconds(url: str) -> tuple[float, int]:
    """The sum and count of the proxy's ctxtrim_engine_seconds histogram."""
    text = urllib.request.urlopen(url + "/metrics").read().decode()
    figures = {line.split()[0]: float(line.split()[1]) for line in text.splitlines()
               if line.startswith(("ctxtrim_engine_seconds_sum", "ctxtrim_engine_seconds_count"))}
    return figures.get("ctxtrim_engine_seconds_sum", 0.0), int(figures.get("ctxtrim_engine_seconds_count", 0))


def peak_rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ctxtrim")
    parser.add_argument("upstream")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    fixtures = sorted(p for p in (make_inputs.FIXTURES / "corpus").rglob("*.json")
                      if make_inputs.fixture_format(p) == "anthropic-messages")
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="ctxtrim-bench-proxy-"))
    bodies = []
    for label, size in SIZES:
        path = workdir / f"{label.replace(' ', '').lower()}.json"
        path.write_text(body_of_size(fixtures, size), encoding="utf-8")
        bodies.append((label, path))

    upstream = subprocess.Popen([args.upstream, "0"], stdout=subprocess.PIPE, text=True)
    upstream_port = int(upstream.stdout.readline())
    floor = subprocess.Popen([str(pathlib.Path(args.upstream).with_name("BenchFloor")), "0", str(upstream_port)],
                             stdout=subprocess.PIPE, text=True)
    floor_port = int(floor.stdout.readline())
    proxies = {}
    for name, extra in (("proxy", []), ("no counts", ["--no-count-tokens"])):
        port = free_port()
        proxies[name] = (port, subprocess.Popen(
            [args.ctxtrim, "proxy", "--port", str(port), "--no-detect-repo", "--upstream", f"http://127.0.0.1:{upstream_port}"] + extra,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        for port, process in proxies.values():
            wait_listening(port, process)
        targets = {"direct": f"http://127.0.0.1:{upstream_port}"}
        targets.update({name: f"http://127.0.0.1:{port}" for name, (port, _) in proxies.items()})
        targets["floor"] = f"http://127.0.0.1:{floor_port}"
        print("| body | measure | direct | through the proxy | proxy / direct | with --no-count-tokens | ratio "
              "| floor (bare Hummingbird + AHC) | floor / direct | no counts / floor |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, body in bodies:
            runs = {(target, connections): [] for target in targets for connections in (1, 32)}
            engine_before = engine_seconds(targets["no counts"])
            for _ in range(args.rounds):
                for connections in (1, 32):
                    for target, url in targets.items():
                        runs[(target, connections)].append(wrk(url, body, connections, args.seconds))
            engine_after = engine_seconds(targets["no counts"])
            engine_ms = 1000 * (engine_after[0] - engine_before[0]) / max(1, engine_after[1] - engine_before[1])

            def median(target, connections, key):
                return statistics.median(run[key] for run in runs[(target, connections)])

            for name, connections, key, unit in (("median latency", 1, "p50_ms", " ms"), ("p95 latency", 1, "p95_ms", " ms"),
                                                 ("requests/s, 32 connections", 32, "rps", "")):
                a, b, c, d = (median(target, connections, key) for target in targets)
                print(f"| {label} ({body.stat().st_size / 1e6:.2f} MB) | {name} | {a:.2f}{unit} | {b:.2f}{unit} | {b / a:.2f} "
                      f"| {c:.2f}{unit} | {c / a:.2f} | {d:.2f}{unit} | {d / a:.2f} | {c / d:.2f} |")
            print(f"| {label} ({body.stat().st_size / 1e6:.2f} MB) | the engine's part (mean, /metrics) | | | "
                  f"| {engine_ms:.2f} ms | | | | |")
        memory = ", ".join(f"{name} {peak_rss_mb(process.pid):.0f} MB" for name, (_, process) in proxies.items())
        print(f"\npeak resident memory of ctxtrim proxy: {memory}; {args.rounds} rounds of {args.seconds} s per figure, "
              "medians over rounds")
    finally:
        for _, process in proxies.values():
            process.terminate()
            process.wait()
        for process in (floor, upstream):
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
