#!/usr/bin/env python3
"""Writes Tests/Fixtures/tokens/o200k-reference.json: what tiktoken (the
reference implementation) makes of edge-case texts (token ids), of every
string of every corpus and hand-written request (token counts), of every string of the agents' session logs under
Tests/Fixtures/sessions (what the audit counts of them), and of every corpus
and hand-written request whole (the tokens of all the text a model reads of
it, by the definition of README's "What is counted", written here a second
time, independently of Sources/ContextTrim/Report/ReadText.swift), for the
tokenizer tests. Fixtures are named by their path under Tests/Fixtures.

Not run by CI. To regenerate: pip install tiktoken, then
  mkdir -p /tmp/tiktoken && gunzip -c Tests/Fixtures/tokens/o200k_base.tiktoken.gz \
      > /tmp/tiktoken/fb374d419588a4632f3f557e76b4b70aebbca790
  TIKTOKEN_CACHE_DIR=/tmp/tiktoken python3 scripts/tiktoken-reference.py
"""
import json
import pathlib
import re

import tiktoken

ROOT = pathlib.Path(__file__).resolve().parent.parent
encoding = tiktoken.get_encoding("o200k_base")

EDGE_CASES = [
    "",
    "Hello, world!",
    "Don't stop; we'll see. I'M HERE, they'RE gone, it'S fine, we'LL go, you'D know",
    "x = 12345 + 6789012 - 3.14159",
    "    indented\n\n\n    more\r\n\ttabs\t\t\n",
    "trailing spaces   \nand  double  spaces  between",
    "   ",
    "\n",
    "a\n \n  b",
    "CamelCaseWordsAndHTTPRequest getHTTPResponseCode XMLHttpRequest",
    "snake_case_name __init__ self.assertEqual(a, b)",
    "path/to/file.swift:12:5: error: cannot find 'x' in scope",
    "https://example.com/a/b?c=d&e=f#g",
    "日本語のテキストと漢字、カタカナ。",
    "Ünïcödé çåsés: naïve café, Straße, ΑΒΓ αβγ, Привет мир",
    "emoji 😀👍🏽 and flags 🇫🇷 and ZWJ 👨‍👩‍👧",
    "combining: e\u0301 a\u0308 n\u0303 and mark-first \u0301x",
    "numbers ١٢٣ ⅣⅫ ½ ² and 1,000,000",
    "{\"json\": [1, 2, 3], \"nested\": {\"k\": null}}",
    "    12→export function handler(request: Request) {",
    "-----\n=====\n*****\n// comment\n/* block */\n#!/bin/sh",
    "'s 't 're 've 'm 'll 'd ’s 'S 'ſ",
    "  \u00a0nbsp\u2003em space\u3000ideographic",
    "line\u2028separator\u2029paragraph\u0085next",
    # Pieces long enough for the heap merge.
    "=" * 700 + "!?" * 150 + "\n",
    "\ufffd" * 400 + "binary",
    "a" * 300 + "bcd" * 200,
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft" * 4,
    " " * 500 + "x" + "\t" * 200 + "\n" * 3,
]

FIXTURES = ROOT / "Tests/Fixtures"


def strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, path + [index])
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + [key])


FORMAT_OF_FOLDER = {"anthropic_messages": "anthropic", "openai_chat": "chat", "responses": "responses"}


def wire_format(path, request):
    """A corpus request's format is its folder's; a hand-written one's is read off its shape."""
    if path.parent.name in FORMAT_OF_FOLDER:
        return FORMAT_OF_FOLDER[path.parent.name]
    if "input" in request:
        return "responses"
    blocks = [block for message in request.get("messages", []) if isinstance(message.get("content"), list)
              for block in message["content"] if isinstance(block, dict)]
    anthropic = "system" in request or any(block.get("type") in ("tool_use", "tool_result") for block in blocks)
    return "anthropic" if anthropic else "chat"
UNREAD = {"type", "role", "id", "tool_use_id", "call_id", "tool_call_id", "signature", "cache_control",
          "encrypted_content", "status", "media_type", "image_url", "file_data", "file_id", "is_error"}


def without_markers(value):
    if isinstance(value, dict):
        return {k: without_markers(v) for k, v in value.items() if k != "cache_control"}
    if isinstance(value, list):
        return [without_markers(v) for v in value]
    return value


def compact(value):
    return json.dumps(without_markers(value), ensure_ascii=False, separators=(",", ":"))


def read_texts(value):
    """The texts a model reads of one part of a prompt, each on its own."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from read_texts(item)
    elif isinstance(value, dict):
        kind = value.get("type")
        for key, item in value.items():
            if key in UNREAD or (kind == "redacted_thinking" and key == "data"):
                continue
            if key == "input" and kind in ("tool_use", "server_tool_use"):
                yield compact(item)
            elif key == "source":
                if isinstance(item, dict) and item.get("type") == "text" and "data" in item:
                    yield from read_texts(item["data"])
            else:
                yield from read_texts(item)


def request_tokens(request, form):
    texts = [compact(tool) for tool in request.get("tools") or []]
    if form == "anthropic":
        texts += read_texts(request.get("system"))
        for message in request.get("messages") or []:
            texts += read_texts(message.get("content"))
    elif form == "chat":
        texts += read_texts(request.get("messages"))
    else:
        texts += read_texts(request.get("instructions"))
        texts += read_texts(request.get("input"))
    return sum(len(encoding.encode_ordinary(text)) for text in texts)


def main():
    reference = {
        "tokenizer": "o200k_base",
        "tiktoken": tiktoken.__version__,
        "texts": [{"text": text, "tokens": encoding.encode_ordinary(text)} for text in EDGE_CASES],
        "requests": [],
    }
    handwritten = sorted(path.relative_to(FIXTURES).as_posix() for path in (FIXTURES / "handwritten").glob("*/*.json"))
    corpus = sorted(path.relative_to(FIXTURES).as_posix() for path in (FIXTURES / "corpus").glob("*/*.json"))
    for name in corpus + handwritten:
        request = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        counts = [{"path": path, "count": len(encoding.encode_ordinary(text))}
                  for path, text in strings(request, []) if text]
        reference["requests"].append({"fixture": name, "strings": counts})
    reference["logs"] = []
    for path in sorted((FIXTURES / "sessions").rglob("*.jsonl")):
        counts = []
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            try:
                record = json.loads(line)
            except ValueError:
                continue  # the fixtures' deliberately malformed lines
            counts += [{"line": number, "path": where, "count": len(encoding.encode_ordinary(text))}
                       for where, text in strings(record, []) if text]
        reference["logs"].append({"fixture": path.relative_to(FIXTURES).as_posix(), "strings": counts})
    reference["wholeRequests"] = []
    for path in sorted((FIXTURES / "corpus").glob("*/*.json")) + sorted((FIXTURES / "handwritten").glob("*/*.json")):
        request = json.loads(path.read_text(encoding="utf-8"))
        form = wire_format(path, request)
        reference["wholeRequests"].append({"fixture": path.relative_to(FIXTURES).as_posix(), "format": form,
                                           "tokens": request_tokens(request, form)})
    out = ROOT / "Tests/Fixtures/tokens/o200k-reference.json"
    # One string's count a line: the file stays small enough to read and to diff.
    text = json.dumps(reference, ensure_ascii=False, indent=1)
    text = re.sub(r'\{\n\s+"path": (\[[^\]]*\]),\n\s+"count": (\d+)\n\s+\}', lambda m: '{"path": ' + re.sub(r'\s+', ' ', m.group(1)) + ', "count": ' + m.group(2) + '}', text)
    text = re.sub(r'\{\n\s+"line": (\d+),\n\s+"path": (\[[^\]]*\]),\n\s+"count": (\d+)\n\s+\}', lambda m: '{"line": ' + m.group(1) + ', "path": ' + re.sub(r'\s+', ' ', m.group(2)) + ', "count": ' + m.group(3) + '}', text)
    out.write_text(text + "\n", encoding="utf-8")
    total = sum(len(r["strings"]) for r in reference["requests"])
    logged = sum(len(r["strings"]) for r in reference["logs"])
    print(f"wrote {out.relative_to(ROOT)}: {len(EDGE_CASES)} texts, {total} request strings, {logged} session-log strings, "
          f"{len(reference['wholeRequests'])} whole requests")


if __name__ == "__main__":
    main()
