#!/usr/bin/env python3
"""Peak resident memory of `ctxtrim filter` per input, against the budget of
3 x the request + 30 MB. Runs the release binary once per input and reads the
child's own maximum RSS from wait4, so nothing else is counted."""
import os
import sys

BUDGET_FIXED = 30 * 1024 * 1024


def peak_rss(binary, path):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(binary, [binary, "filter", "--in", path, "--no-detect-repo"])
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024


def main(binary, paths):
    failures = 0
    print(f"{'input':48} {'request':>10} {'peak RSS':>10} {'budget':>10}")
    for path in paths:
        size = os.path.getsize(path)
        code, peak = peak_rss(binary, path)
        budget = 3 * size + BUDGET_FIXED
        verdict = "ok" if peak <= budget and code == 0 else "OVER" if code == 0 else f"exit {code}"
        failures += verdict != "ok"
        print(f"{os.path.basename(path):48} {size / 1e6:9.2f}M {peak / 1e6:9.1f}M {budget / 1e6:9.1f}M  {verdict}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
