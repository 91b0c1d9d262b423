#!/usr/bin/env python3
"""Tokens and bytes each stage saves, per agent, over request fixtures.

Usage: bench/savings.py CTXTRIM REQUEST.json...
Runs `ctxtrim filter --report` on each request (the default stages: ignore
rules, then dedup blocks) and sums, per agent (the file name up to its first
'-'), the request's tokens (o200k_base, the text the model reads) and what
each stage's edits saved, net of their stubs and pointers.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile


def main():
    ctxtrim, requests = sys.argv[1], sys.argv[2:]
    totals = collections.defaultdict(lambda: collections.Counter())
    with tempfile.TemporaryDirectory() as scratch:
        report_path = os.path.join(scratch, "report.json")
        for request in requests:
            # A request passed through unchanged (non-zero exit) still has its report.
            subprocess.run([ctxtrim, "filter", "--no-detect-repo", "--in", request, "--out", os.devnull,
                            "--report", report_path], check=False)
            if not os.path.exists(report_path):
                continue
            with open(report_path) as handle:
                report = json.load(handle)
            os.remove(report_path)
            agent = os.path.basename(request).split("-")[0]
            total = totals[agent]
            total["requests"] += 1
            total["bytes"] += report["bytesIn"]
            total["tokens"] += report.get("tokensIn", 0)
            for edit in report["edits"]:
                total[edit["stage"] + " bytes"] += edit["bytesBefore"] - edit["bytesAfter"]
                total[edit["stage"] + " tokens"] += edit.get("tokensBefore", 0) - edit.get("tokensAfter", 0)
    totals["all"] = sum(totals.values(), collections.Counter())
    print(f"{'agent':<12}{'requests':>9}{'tokens':>10}{'rules':>8}{'dedup':>8}{'dedup bytes':>13}")
    for agent, total in sorted(totals.items(), key=lambda item: (item[0] == "all", item[0])):
        tokens = max(total["tokens"], 1)
        print(f"{agent:<12}{total['requests']:>9}{total['tokens']:>10}"
              f"{100 * total['ignore-rules tokens'] / tokens:>7.1f}%{100 * total['dedup tokens'] / tokens:>7.1f}%"
              f"{100 * total['dedup bytes'] / max(total['bytes'], 1):>12.1f}%")


if __name__ == "__main__":
    main()
