#!/usr/bin/env python3
"""`ctxtrim filter` as users run it, whole process from exec to exit, against
issue 12's targets, on this machine.

    bench/whole_process.py CTXTRIM INPUTS_DIR [RUNS]

For a small body and the merged 1 MB and 10 MB bodies of each wire format
(bench/make_inputs.py): the defaults, `--dedup off --cache off`, and the
defaults with `--report`, RUNS runs each (default 7), taking turns so that a
busy machine slows them alike. Prints the median and p95 wall time, MB/s at
the median, and the peak resident memory against the bound of 3x the body
plus 30 MB; then `--report`'s time over the run without it.
"""
import os
import pathlib
import sys
import tempfile

from measure import Runs, run

CONFIGURATIONS = [
    ("defaults", []),
    ("--dedup off --cache off", ["--dedup", "off", "--cache", "off"]),
    ("--report", ["--report", os.devnull]),
]
TARGETS = {"defaults": 200, "--dedup off --cache off": 300}


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    binary, inputs = sys.argv[1], pathlib.Path(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 7
    small = pathlib.Path(tempfile.mkdtemp(prefix="ctxtrim-bench-")) / "small.json"
    small.write_text('{"model":"claude-x","max_tokens":5,"messages":[{"role":"user","content":"hi"}]}')
    bodies = [small] + sorted(inputs.glob("*-merged-*.json"))
    print(f"ctxtrim filter, whole process, --no-detect-repo, {runs} runs each (median, p95 of wall time):")
    print(f"{'body':38} {'size':>8} {'run':24} {'median':>9} {'p95':>9} {'MB/s':>7} {'peak':>8} {'bound':>8}")
    over = 0
    for body in bodies:
        size = body.stat().st_size
        measured = {name: Runs() for name, _ in CONFIGURATIONS}
        for _ in range(runs):
            for name, options in CONFIGURATIONS:
                measured[name].add(run(binary, ["filter", "--no-detect-repo", "--in", str(body), "--out", os.devnull] + options))
        bound = 3 * size + 30 * 1024 * 1024
        for name, _ in CONFIGURATIONS:
            result = measured[name]
            rate = size / result.median / 1e6
            target = TARGETS.get(name) if size >= 1_000_000 else None
            verdict = "exit!" if result.failed else "OVER" if result.peak > bound else ""
            if target and rate < target:
                verdict = (verdict + f" <{target} MB/s").strip()
            over += bool(verdict)
            print(f"{body.name:38} {size / 1e6:7.2f}M {name:24} {result.median * 1000:7.1f}ms {result.p95 * 1000:7.1f}ms "
                  f"{rate:7.1f} {result.peak / 1e6:7.1f}M {bound / 1e6:7.1f}M {verdict}")
        ratio = measured["--report"].median / measured["defaults"].median
        print(f"{'':38} {'':8} {'--report / defaults':24} {ratio:8.2f}x {'' if ratio <= 1.5 else '(target 1.5x)'}")
    print(f"small body: target 5 ms; figures short of a target are marked ({over} marks)")


if __name__ == "__main__":
    main()
