#!/usr/bin/env python3
"""Builds the benchmark's large inputs from the test fixtures.

There is no OpenAI Chat fixture of 100 KB or more, and none of any format near
a megabyte, so this merges the messages (or Responses input items) of every
fixture of one format into one request, repeated to about 1 MB and 10 MB.
It also writes strings.txt, every string of those requests, for the token
counter's benchmark. Only the inputs are made here; everything measured runs
in Swift or as the ctxtrim binary (and tiktoken, beside the counter).
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "Fixtures"


# The folders (and names) of the fixtures say their wire format.
FORMATS = [
    ("anthropic_messages/", "anthropic-messages"), ("claudecode/", "anthropic-messages"),
    ("cline-native-anthropic", "anthropic-messages"), ("plain-nothing-to-trim.json", "anthropic-messages"),
    ("responses/", "openai-responses"), ("codex/", "openai-responses"),
    ("openai_chat/", "openai-chat"), ("cline-native-openai", "openai-chat"), ("generic/", "openai-chat"),
    ("plain-nothing-to-trim-openai.json", "openai-chat"),
    ("search/claudecode-", "anthropic-messages"), ("search/cline-", "anthropic-messages"), ("terminal/claudecode-", "anthropic-messages"),
    ("search/codex-", "openai-responses"), ("search/sweagent-", "openai-chat"),
]


def fixture_format(path: pathlib.Path) -> str:
    text = str(path)
    return next(name for marker, name in FORMATS if marker in text)


def merged(paths, target_bytes):
    first = json.loads(paths[0].read_text(encoding="utf-8"))
    key = "input" if "input" in first else "messages"
    items = []
    for path in paths:
        items += json.loads(path.read_text(encoding="utf-8"))[key]
    body = {k: v for k, v in first.items() if k != key}
    repeated = []
    while len(json.dumps(repeated, ensure_ascii=False)) < target_bytes:
        repeated += items
    body[key] = repeated
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def main(out: pathlib.Path):
    out.mkdir(parents=True, exist_ok=True)
    groups = {}
    requests = [p for folder in ("corpus", "handwritten") for p in (FIXTURES / folder).rglob("*.json")]
    for path in sorted(requests):
        groups.setdefault(fixture_format(path), []).append(path)
    for name, paths in sorted(groups.items()):
        for label, size in (("1mb", 1_000_000), ("10mb", 10_000_000)):
            (out / f"{name}-merged-{label}.json").write_text(merged(paths, size), encoding="utf-8")
    # The text the token counter is timed on beside tiktoken: every string of
    # those requests, one after another.
    strings = []
    for path in sorted(requests):
        collect_strings(json.loads(path.read_text(encoding="utf-8")), strings)
    (out / "strings.txt").write_text("\n".join(strings), encoding="utf-8")


def collect_strings(value, strings):
    if isinstance(value, str):
        strings.append(value)
    elif isinstance(value, list):
        for item in value:
            collect_strings(item, strings)
    elif isinstance(value, dict):
        for item in value.values():
            collect_strings(item, strings)


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
