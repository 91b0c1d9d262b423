#!/usr/bin/env python3
"""Times `ctxtrim audit` over a ~/.claude/projects of a given size (1 GB by
default) and reports its peak memory.

Usage: claude_projects.py CTXTRIM [--gigabytes 1.0] [--keep DIR]

The projects are Claude Code 2.0 transcripts written from the corpus's real
tool results: sessions of 40 to 400 model calls that read source files (and
read them again), a lockfile, files under node_modules/, run test suites
whose logs repeat, with each record's metadata, `toolUseResult` copies of
what a tool returned, `message.usage` as Claude Code logs it, file-history
snapshots, and a compaction (a `compact_boundary` that starts a new root, as
Claude Code does near 155k tokens) whenever a session's context passes
about 600 KB, so a call's request stays the size real ones have. The same
seed makes the same tree. The benchmark prints the tree's size, its
sessions and calls, the wall time of one `ctxtrim audit --json` over it, the
requests and bytes audited per second, and the process's peak resident
memory (from wait4, the child alone).
"""
import argparse
import json
import os
import pathlib
import random
import shutil
import tempfile
import time
import uuid

import make_inputs

VERSION = "2.0.14"
MODEL = "claude-sonnet-4-5-20250929"


def snippets():
    """Long texts from the corpus's tool results and messages: real code, logs and listings."""
    found = []

    def walk(value):
        if isinstance(value, str):
            if len(value) > 800:
                found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for path in sorted((make_inputs.FIXTURES / "corpus").rglob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")).get("messages", []))
    return sorted(set(found))


def numbered(text):
    """A file as Claude Code's Read shows it: a right-aligned line number, an arrow, the line."""
    return "\n".join(f"{number:6}\u2192{line}" for number, line in enumerate(text.splitlines()[:2000], 1))


class Session:
    def __init__(self, rng, project, texts, start):
        self.rng = rng
        self.project = project
        self.texts = texts
        self.id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        self.time = start
        self.parent = None
        self.context = 0
        self.lines = []
        files = [f"src/{name}.ts" for name in ("cart", "checkout", "api", "store", "util", "auth", "routes", "db")]
        self.sources = {path: rng.choice(texts) for path in files}
        self.vendored = {f"node_modules/{name}/index.js": rng.choice(texts) for name in ("lodash", "react-dom", "zod", "axios")}
        self.lockfile = "\n".join(rng.choice(texts) for _ in range(3))
        self.test_log = rng.choice(texts)

    def uid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def stamp(self):
        self.time += self.rng.uniform(0.5, 40)
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.time)) + f".{self.rng.randint(0, 999):03d}Z"

    def record(self, kind, message, **extra):
        record_id = self.uid()
        line = {"parentUuid": self.parent, "isSidechain": False, "userType": "external", "cwd": self.project,
                "sessionId": self.id, "version": VERSION, "gitBranch": "main", "type": kind, "message": message,
                "uuid": record_id, "timestamp": self.stamp(), **extra}
        self.lines.append(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        self.parent = record_id
        self.context += len(json.dumps(message, ensure_ascii=False))

    def prompt(self, text):
        self.record("user", {"role": "user", "content": text})

    def call(self, name, tool_input, result, result_record):
        """One model call (an assistant turn that uses a tool) and the tool's result."""
        tool_id = "toolu_01" + "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789") for _ in range(22))
        written = self.rng.randint(200, 4000)
        usage = {"input_tokens": self.rng.randint(3, 12), "cache_creation_input_tokens": written,
                 "cache_read_input_tokens": max(0, self.context // 4 - written), "output_tokens": self.rng.randint(40, 600),
                 "service_tier": "standard"}
        message = {"id": "msg_01" + uuid.UUID(int=self.rng.getrandbits(128)).hex[:22], "type": "message", "role": "assistant",
                   "model": MODEL, "content": [{"type": "text", "text": "Let me look at that."},
                                               {"type": "tool_use", "id": tool_id, "name": name, "input": tool_input}],
                   "stop_reason": "tool_use", "stop_sequence": None, "usage": usage}
        self.record("assistant", message, requestId="req_011C" + uuid.UUID(int=self.rng.getrandbits(128)).hex[:20])
        self.record("user", {"role": "user", "content": [{"tool_use_id": tool_id, "type": "tool_result", "content": result}]},
                    toolUseResult=result_record)

    def read(self, path, text):
        shown = numbered(text)
        self.call("Read", {"file_path": f"{self.project}/{path}"}, shown,
                  {"type": "text", "file": {"filePath": f"{self.project}/{path}", "content": text,
                                            "numLines": text.count("\n") + 1, "startLine": 1, "totalLines": text.count("\n") + 1}})

    def bash(self, command, output):
        self.call("Bash", {"command": command, "description": "Run it"}, output,
                  {"stdout": output, "stderr": "", "interrupted": False, "isImage": False})

    def compact(self):
        boundary = self.uid()
        self.lines.append(json.dumps({"parentUuid": None, "logicalParentUuid": self.parent, "isSidechain": False, "userType": "external",
                                      "cwd": self.project, "sessionId": self.id, "version": VERSION, "gitBranch": "main",
                                      "type": "system", "subtype": "compact_boundary", "content": "Conversation compacted",
                                      "isMeta": False, "timestamp": self.stamp(), "uuid": boundary, "level": "info",
                                      "compactMetadata": {"trigger": "auto", "preTokens": self.context // 4}}, separators=(",", ":")))
        self.parent = boundary
        self.context = 0
        self.record("user", {"role": "user", "content": "This session is being continued from a previous conversation that ran out of context. "
                                                        "The conversation is summarized below:\n" + self.rng.choice(self.texts)[:3000]},
                    isCompactSummary=True, isVisibleInTranscriptOnly=True)

    def write(self, calls):
        self.prompt("Fix the failing checkout tests and tidy the cart module.")
        for step in range(calls):
            roll = self.rng.random()
            if roll < 0.45:
                path = self.rng.choice(sorted(self.sources))
                self.read(path, self.sources[path])
            elif roll < 0.55:
                path = self.rng.choice(sorted(self.vendored))
                self.read(path, self.vendored[path])
            elif roll < 0.6:
                self.read("package-lock.json", self.lockfile)
            elif roll < 0.8:
                self.bash("npm test", self.test_log)
            else:
                self.bash(f"git diff src/{step}.ts", self.rng.choice(self.texts)[:4000])
            if self.rng.random() < 0.05:
                self.lines.append(json.dumps({"type": "file-history-snapshot", "messageId": self.uid(),
                                              "snapshot": {"trackedFileBackups": {}, "timestamp": self.stamp()}}))
            if self.context > 600_000:
                self.compact()
        return "\n".join(self.lines) + "\n"


def make_tree(root, target, seed=7):
    rng = random.Random(seed)
    texts = snippets()
    written = sessions = calls = 0
    start = 1_760_000_000.0
    while written < target:
        project = f"/home/dev/project{sessions // 12 + 1}"
        folder = root / project.replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        length = rng.randint(40, 400)
        session = Session(rng, project, texts, start + sessions * 86_400)
        text = session.write(length)
        (folder / f"{session.id}.jsonl").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
        sessions += 1
        calls += length
    return written, sessions, calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("ctxtrim")
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--keep", help="write the tree here and keep it (default: a temporary folder, removed)")
    args = parser.parse_args()

    root = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="ctxtrim-claude-projects-"))
    try:
        made = time.monotonic()
        size, sessions, calls = make_tree(root, int(args.gigabytes * 1e9))
        print(f"{size / 1e9:.2f} GB of transcripts: {sessions} sessions, {calls} model calls (written in {time.monotonic() - made:.0f} s)")
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            out = os.open(os.devnull, os.O_WRONLY)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.execv(args.ctxtrim, [args.ctxtrim, "audit", "--json", "--no-detect-repo", str(root)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.monotonic() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"ctxtrim audit failed: {status}")
        print(f"ctxtrim audit: {elapsed:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU, {calls / elapsed:.0f} calls/s, "
              f"{size / 1e6 / elapsed:.1f} MB of transcript/s; peak RSS {usage.ru_maxrss / 1024:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
