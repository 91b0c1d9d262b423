#!/usr/bin/env python3
"""The o200k counter beside tiktoken, on the same text in the same run.

    bench/tokens.py TOKENS_BINARY TEXT_FILE [RUNS]

TOKENS_BINARY is bench's `Tokens` target (release). tiktoken's single-thread
`encode_ordinary` runs on the same file, with the vocabulary ContextTrim
ships (no download). The two take turns, RUNS times each after one warm-up
run; the counts must agree. Prints median and p95 per run, MB/s, tokens/s,
and ContextTrim's speed as a multiple of tiktoken's.
"""
import gzip
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "Tests" / "Fixtures" / "tokens" / "o200k_base.tiktoken.gz"
# tiktoken caches a vocabulary under the SHA-1 of its URL.
CACHE_NAME = "fb374d419588a4632f3f557e76b4b70aebbca790"


def tiktoken_encoding():
    cache = pathlib.Path(tempfile.mkdtemp(prefix="ctxtrim-tiktoken-"))
    (cache / CACHE_NAME).write_bytes(gzip.decompress(VOCABULARY.read_bytes()))
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    import tiktoken
    return tiktoken.get_encoding("o200k_base")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    binary, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) == 4 else 7
    with open(path, encoding="utf-8", newline="") as file:
        text = file.read()
    size = len(text.encode("utf-8"))
    encoding = tiktoken_encoding()
    expected = len(encoding.encode_ordinary(text))
    reference, ours = [], []
    counted = None
    for _ in range(runs):
        started = time.perf_counter()
        tokens = len(encoding.encode_ordinary(text))
        reference.append(time.perf_counter() - started)
        # One timed run per process, after its own warm-up count.
        line = json.loads(subprocess.run([binary, path, "1"], check=True, capture_output=True, text=True).stdout)
        ours += line["seconds"]
        counted = line["tokens"]
    if counted != expected or tokens != expected:
        sys.exit(f"tokens.py: the counts differ: ContextTrim {counted}, tiktoken {expected}")
    print(f"o200k on {size / 1e6:.1f} MB of request strings ({path}), {expected:,} tokens, {runs} runs each, single thread:")
    print(f"{'':12} {'median':>9} {'p95':>9} {'MB/s':>7} {'M tok/s':>8}")
    for name, seconds in (("tiktoken", reference), ("ContextTrim", ours)):
        median = statistics.median(seconds)
        print(f"{name:12} {median * 1000:7.0f}ms {percentile(seconds, 0.95) * 1000:7.0f}ms "
              f"{size / median / 1e6:7.1f} {expected / median / 1e6:8.2f}")
    print(f"ContextTrim / tiktoken speed: {statistics.median(reference) / statistics.median(ours):.2f}x (target: at least 2x)")


if __name__ == "__main__":
    main()
