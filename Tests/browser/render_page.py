#!/usr/bin/env python3
"""Opens a page in headless Chromium and says, as JSON on stdout, what the
browser saw: console messages, script exceptions, log entries (a blocked
request or a Content-Security-Policy violation is one), every network request
the page made, the figures it shows with their place in the audit's JSON, the
bars of its charts as drawn (their rendered heights), whether it is wider
than the window at each width asked for, and a full-page screenshot.

It drives Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe), so it needs nothing but the standard library and
the `chromium` binary (scripts/setup-test-env.sh installs it).

usage: render_page.py PAGE SCREENSHOT.png [WIDTH...]
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60

EXTRACT = r"""
(() => {
  const figures = [...document.querySelectorAll('span[data-json], span[data-sum]')].map(e => ({
    json: e.dataset.json || null, sum: e.dataset.sum ? e.dataset.sum.split(' ') : null,
    format: e.dataset.format, text: e.textContent}));
  const bars = [...document.querySelectorAll('svg.bars g.bar')].map(g => ({
    json: g.dataset.json, scale: parseFloat(g.ownerSVGElement.dataset.scale),
    tooltip: g.querySelector('title') ? g.querySelector('title').textContent : null,
    parts: [...g.querySelectorAll('rect')].map(r => ({
      part: r.dataset.part, tokens: parseInt(r.dataset.tokens, 10),
      height: r.getBoundingClientRect().height, width: r.getBoundingClientRect().width}))}));
  const lines = [...document.querySelectorAll('svg.cost polyline')].map(p => ({line: p.dataset.line, points: p.points.length}));
  return {title: document.title, scripts: document.scripts.length, figures, bars, lines,
          sessions: [...document.querySelectorAll('section.session')].map(s => s.id),
          text: document.body.innerText};
})()
"""

LAYOUT = "({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"


class Browser:
    def __init__(self):
        binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            sys.exit("render_page: no chromium (scripts/setup-test-env.sh installs it)")
        self.profile = tempfile.mkdtemp(prefix="ctxtrim-chromium-")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()

        def plumbing():
            # The pipe's ends may themselves be 3 or 4: lift both out of the way first.
            read_end, write_end = os.dup2(to_browser_read, 100), os.dup2(from_browser_write, 101)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", f"--user-data-dir={self.profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=plumbing,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        return self.wait(lambda m: m.get("id") == self.next_id, method)

    def wait(self, matches, what):
        for message in self.events:
            if matches(message):
                self.events.remove(message)
                return self.checked(message, what)
        while True:
            message = self.receive(what)
            if matches(message):
                return self.checked(message, what)
            self.events.append(message)

    @staticmethod
    def checked(message, what):
        if "error" in message:
            sys.exit(f"render_page: {what}: {message['error']}")
        return message.get("result", message.get("params", {}))

    def receive(self, what):
        while b"\0" not in self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.from_browser], [], [], left)[0]:
                sys.exit(f"render_page: Chromium did not answer {what} within {TIMEOUT} s")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                sys.exit(f"render_page: Chromium exited before answering {what}")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def close(self):
        try:
            os.write(self.to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.process.wait(timeout=10)
        except Exception:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    page, screenshot = os.path.abspath(sys.argv[1]), sys.argv[2]
    widths = [int(w) for w in sys.argv[3:]] or [1280]
    browser = Browser()
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        # The page must need no script: run it with scripts off, as a mail client or a locked-down browser would.
        browser.send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": widths[0], "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        url = "file://" + page
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait(lambda m: m.get("method") == "Page.loadEventFired", "the page's load event")
        seen = browser.send("Runtime.evaluate", {"expression": EXTRACT, "returnByValue": True}, session=session)
        if "exceptionDetails" in seen:
            sys.exit(f"render_page: extracting the page failed: {seen['exceptionDetails']}")
        result = seen["result"]["value"]
        layouts = []
        for width in widths:
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
            layout = browser.send("Runtime.evaluate", {"expression": LAYOUT, "returnByValue": True}, session=session)
            layouts.append(dict(width=width, **layout["result"]["value"]))
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": widths[0], "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
        metrics = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": widths[0], "height": min(metrics["height"], 16000), "scale": 1}}, session=session)
        with open(screenshot, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        events = browser.events
        result["console"] = [e["params"] for e in events if e.get("method") == "Runtime.consoleAPICalled"]
        result["exceptions"] = [e["params"] for e in events if e.get("method") == "Runtime.exceptionThrown"]
        result["log"] = [e["params"]["entry"] for e in events if e.get("method") == "Log.entryAdded"]
        result["requests"] = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
        result["failedRequests"] = [e["params"] for e in events if e.get("method") == "Network.loadingFailed"]
        result["layouts"] = layouts
        result["url"] = url
        json.dump(result, sys.stdout)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
