"""Drives the official anthropic and openai SDKs through ctxtrim proxy.

For every case (each API, streaming and not), it sends a request built from
a fixture with the SDK, records the exact bytes the SDK put on the wire (an
httpx request hook) as CALL.sent in OUT, tags the request with an
x-test-call header so that the test can find what the upstream received,
and prints one JSON line per case: the call, the text the SDK parsed out of
the answer, and the headers the proxy added.

usage: drive_sdks.py BASE_URL FIXTURES_JSON OUT_DIR
FIXTURES_JSON maps "anthropic", "chat" and "responses" to a request body.
"""
import json
import pathlib
import sys

import anthropic
import openai

base, fixtures_path, out = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
fixtures = json.loads(fixtures_path.read_text())


def recording_client(sdk):
    """The SDK's own default HTTP client (httpx, or the httpx2 fork newer
    SDKs ship), with a hook that keeps each request's bytes."""
    def record(request):
        call = request.headers.get("x-test-call")
        if call:
            (out / f"{call}.sent").write_bytes(request.read())
    return sdk.DefaultHttpxClient(event_hooks={"request": [record]}, timeout=60)


def report(call, text, headers):
    picked = {k: v for k, v in headers.items() if k.lower().startswith("x-ctxtrim-")}
    print(json.dumps({"call": call, "text": text, "headers": picked}), flush=True)


claude = anthropic.Anthropic(base_url=base, api_key="sk-ant-test-key", http_client=recording_client(anthropic), max_retries=0)
gpt = openai.OpenAI(base_url=base + "/v1", api_key="sk-test-key", http_client=recording_client(openai), max_retries=0)

body = fixtures["anthropic"]
params = {k: body[k] for k in ("system", "tools", "messages") if k in body}
raw = claude.messages.with_raw_response.create(model="claude-sonnet-4-5", max_tokens=64, extra_headers={"x-test-call": "messages"}, **params)
report("messages", "".join(b.text for b in raw.parse().content if b.type == "text"), raw.headers)
with claude.messages.stream(model="claude-sonnet-4-5", max_tokens=64, extra_headers={"x-test-call": "messages-stream"}, **params) as stream:
    text = "".join(stream.text_stream)
    report("messages-stream", text, stream.response.headers)

body = fixtures["chat"]
params = {k: body[k] for k in ("messages", "tools") if k in body}
raw = gpt.chat.completions.with_raw_response.create(model="gpt-4.1", extra_headers={"x-test-call": "chat"}, **params)
report("chat", raw.parse().choices[0].message.content, raw.headers)
stream = gpt.chat.completions.create(model="gpt-4.1", stream=True, extra_headers={"x-test-call": "chat-stream"}, **params)
text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
report("chat-stream", text, stream.response.headers)

body = fixtures["responses"]
params = {k: body[k] for k in ("input", "instructions", "tools") if k in body}
raw = gpt.responses.with_raw_response.create(model="gpt-5-codex", extra_headers={"x-test-call": "responses"}, **params)
report("responses", raw.parse().output_text, raw.headers)
stream = gpt.responses.create(model="gpt-5-codex", stream=True, extra_headers={"x-test-call": "responses-stream"}, **params)
text = "".join(event.delta for event in stream if event.type == "response.output_text.delta")
report("responses-stream", text, stream.response.headers)

# An error the upstream sends reaches the SDK as its own typed error.
try:
    claude.messages.create(model="claude-sonnet-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}],
                           extra_headers={"x-test-call": "error", "x-mock": "status=429"})
    report("error", "no error raised", {})
except anthropic.RateLimitError as error:
    report("error", type(error).__name__ + ": " + error.message, error.response.headers)
