#!/usr/bin/env python3
"""Whether `ctxtrim filter` stays linear in time and bounded in memory
whatever the body's size and shape (issue 12: no quadratic step anywhere).

    bench/scaling.py CTXTRIM [MAX_MB] [RUNS]

Builds Anthropic bodies of several sizes, up to MAX_MB (default 500), in
five shapes: one huge tool result (a file read); many small messages
(200,000 at 100 MB); a single string of the whole size; blocks repeated
100,000 times (what dedup points at); and nesting at the scanner's limit of
512 levels, beside text that fills the size. Prints, per shape and size, the
median wall time of RUNS runs (default 3, defaults of `filter`), the time per
MB (which stays flat when the time is linear), and the peak resident memory
against 3x the body plus 30 MB.
"""
import json
import os
import pathlib
import sys
import tempfile

from measure import Runs, run

MB = 1_000_000
LINES = [f"export function handler{i}(request: Request) {{ return respond(request, {i * 7}); }}\n" for i in range(64)]


def tool_round(index, text, tool="Read", path=None):
    path = path or f"/home/dev/app/src/module{index}.ts"
    identifier = f"toolu_{index:08d}"
    return [
        {"role": "assistant", "content": [{"type": "tool_use", "id": identifier, "name": tool, "input": {"file_path": path}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": identifier, "content": text}]},
    ]


def filler(size):
    """Source-like text of about `size` bytes, every line different."""
    out, total, line = [], 0, 0
    while total < size:
        text = f"{line:7d}\t{LINES[line % len(LINES)]}"
        out.append(text)
        total += len(text)
        line += 1
    return "".join(out)


def body(messages):
    return {"model": "claude-sonnet-4-5", "max_tokens": 1024,
            "system": [{"type": "text", "text": "Working directory: /home/dev/app"}], "messages": messages}


def huge_tool_result(size):
    return body([{"role": "user", "content": "read it"}] + tool_round(0, filler(size)))


def many_messages(size):
    count = max(1, int(200_000 * size / (100 * MB)))
    each = max(16, size // count - 60)
    text = ("lorem ipsum dolor sit amet " * (each // 27 + 1))[:each]
    return body([{"role": "user" if i % 2 == 0 else "assistant", "content": f"{i} {text}"} for i in range(count)])


def single_string(size):
    return body([{"role": "user", "content": filler(size)}])


def repeated_blocks(size):
    """The same command output 100,000 times, as long as the size allows."""
    rounds = 100_000
    each = max(64, size // rounds - 200)
    block = ("".join(LINES) * (each // len("".join(LINES)) + 1))[:each]
    messages = [{"role": "user", "content": "go"}]
    for index in range(rounds):
        messages += tool_round(index, block, tool="Bash", path=None)
    return body(messages)


def deep_nesting(size):
    nested = "x"
    for _ in range(500):
        nested = [nested]
    return body([{"role": "user", "content": filler(size)},
                 {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_deep", "name": "Write", "input": {"value": nested}}]},
                 {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_deep", "content": "ok"}]}])


SHAPES = [("one huge tool result", huge_tool_result), ("many small messages", many_messages), ("one string", single_string),
          ("100,000 repeated blocks", repeated_blocks), ("nesting 500 deep", deep_nesting)]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else sys.exit(__doc__)
    largest = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    sizes = [size for size in (10, 50, 100, 500) if size <= largest]
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ctxtrim-scaling-"))
    print(f"ctxtrim filter (defaults, --no-detect-repo), median of {runs} runs:")
    print(f"{'shape':26} {'size':>8} {'median':>9} {'ms/MB':>7} {'peak':>9} {'bound':>9}")
    for name, make in SHAPES:
        for size in sizes:
            path = folder / "body.json"
            path.write_text(json.dumps(make(size * MB), separators=(",", ":")))
            actual = path.stat().st_size
            result = Runs()
            for _ in range(runs):
                result.add(run(binary, ["filter", "--no-detect-repo", "--in", str(path), "--out", os.devnull]))
            bound = 3 * actual + 30 * 1024 * 1024
            verdict = "exit!" if result.failed else "OVER" if result.peak > bound else ""
            print(f"{name:26} {actual / MB:7.1f}M {result.median * 1000:7.0f}ms {result.median * 1000 / (actual / MB):7.2f} "
                  f"{result.peak / MB:8.1f}M {bound / MB:8.1f}M {verdict}")
            path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
