#!/usr/bin/env python3
"""Times `ctxtrim audit` over long sessions of consecutive request bodies.

Usage: audit_sessions.py CTXTRIM [--sessions 4] [--requests 75] [--runs 3]

Each session is made from the longest Anthropic corpus conversations: request
k holds the first messages of the conversation up to a growing cut, as an
agent's k-th request resends its history (the conversation repeated past its
end, so that sessions reach the size of long real ones). The sessions are
written as folders of bodies; the benchmark prints their size, the wall
time of `ctxtrim audit --json` over all of them (median and spread of the
runs) and its peak resident memory.
"""
import argparse
import json
import pathlib
import resource
import statistics
import subprocess
import tempfile
import time

import make_inputs


def conversation(paths):
    """The messages of the longest fixture of each path, in turn."""
    messages = []
    for path in paths:
        messages += json.loads(path.read_text(encoding="utf-8"))["messages"]
    return messages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ctxtrim")
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--requests", type=int, default=75)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    fixtures = sorted((p for p in (make_inputs.FIXTURES / "corpus" / "anthropic_messages").glob("*.json")),
                      key=lambda p: p.stat().st_size, reverse=True)
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="ctxtrim-bench-audit-"))
    total = 0
    for session in range(args.sessions):
        # Each session starts from another of the longest fixtures, so that sessions differ.
        ordered = fixtures[session % len(fixtures):] + fixtures[:session % len(fixtures)]
        base = json.loads(ordered[0].read_text(encoding="utf-8"))
        messages = conversation(ordered[:3]) * 5
        folder = workdir / f"session{session + 1}"
        folder.mkdir()
        for k in range(args.requests):
            cut = max(1, (k + 1) * len(messages) // args.requests)
            body = dict(base, messages=messages[:cut])
            if body["messages"][-1]["role"] != "user":
                body["messages"] = body["messages"][:-1] or messages[:1]
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
            (folder / f"req{k + 1}.json").write_text(text, encoding="utf-8")
            total += len(text.encode("utf-8"))
    folders = sorted(str(p) for p in workdir.iterdir())
    times = []
    for _ in range(args.runs):
        start = time.monotonic()
        subprocess.run([args.ctxtrim, "audit", "--json", "--no-detect-repo"] + folders, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    requests = args.sessions * args.requests
    print(f"{args.sessions} sessions, {requests} requests, {total / 1e6:.1f} MB of bodies")
    print(f"ctxtrim audit: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}) over {args.runs} runs, "
          f"{total / 1e6 / statistics.median(times):.1f} MB/s, {requests / statistics.median(times):.0f} requests/s; peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
