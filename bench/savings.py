#!/usr/bin/env python3
"""Tokens and bytes each stage saves, per agent, over request fixtures.

Usage: bench/savings.py CTXTRIM [FILTER-OPTION... --] REQUEST.json...
Runs `ctxtrim filter --report` on each request (the default stages, or as
the options before `--` change them, e.g. `--dedup-min-tokens 16 --`) and
sums, per agent (the file name up to its first '-'), the request's tokens
(o200k_base, the text the model reads) and what each stage's edits saved,
net of their stubs and pointers, as a share of the agent's tokens.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile


def main():
    ctxtrim, arguments = sys.argv[1], sys.argv[2:]
    options, requests = (arguments[:arguments.index("--")], arguments[arguments.index("--") + 1:]) if "--" in arguments else ([], arguments)
    totals = collections.defaultdict(lambda: collections.Counter())
    with tempfile.TemporaryDirectory() as scratch:
        report_path = os.path.join(scratch, "report.json")
        for request in requests:
            # A request passed through unchanged (non-zero exit) still has its report.
            subprocess.run([ctxtrim, "filter", "--no-detect-repo", *options, "--in", request, "--out", os.devnull,
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
    stages = sorted({key[:-len(" tokens")] for total in totals.values() for key in total
                     if key.endswith(" tokens") and key != "cache-tags tokens"},
                    key=lambda stage: (STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER), stage))
    widths = [max(len(stage) + 2, 9) for stage in stages]
    header = f"{'agent':<12}{'requests':>9}{'tokens':>10}" + "".join(f"{stage:>{width}}" for stage, width in zip(stages, widths)) + f"{'total':>9}"
    print(header)
    for agent, total in sorted(totals.items(), key=lambda item: (item[0] == "all", item[0])):
        tokens = max(total["tokens"], 1)
        saved = sum(total[stage + " tokens"] for stage in stages)
        print(f"{agent:<12}{total['requests']:>9}{total['tokens']:>10}"
              + "".join(f"{100 * total[stage + ' tokens'] / tokens:>{width - 1}.1f}%" for stage, width in zip(stages, widths))
              + f"{100 * saved / tokens:>8.1f}%")


# Stages in pipeline order, for the columns.
STAGE_ORDER = ["ignore-rules", "search-results", "gutters", "terminal-overwrites", "ansi", "trailing-spaces", "repeated-lines",
               "json-layout", "scaffolding", "dedup"]

if __name__ == "__main__":
    main()
