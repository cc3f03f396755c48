"""A small driver for headless Chromium over the DevTools protocol, for the page tests and the
benchmarks: no browser download and no WebSocket library, only the system's ``chromium`` and
``--remote-debugging-pipe`` (requests on file descriptor 3, answers and events on 4, each a
JSON message ending in a NUL byte).

    with Chromium(tmp_path) as browser:
        page = browser.open(path.as_uri() + "?q=okinawa")
        page.evaluate("document.title")
        page.requests, page.errors      # every URL the page asked for, every console error
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars", "--disable-quic"]  # fmt: skip
LOCAL = ("file:", "data:", "about:", "blob:")


def executable() -> str | None:
    """The system's Chromium, where there is one."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    pass


class Chromium:
    def __init__(self, profile: Path, timeout: float = 60) -> None:
        exe = executable()
        if exe is None:
            raise BrowserError("no chromium on PATH")
        self.timeout = timeout
        to_browser, self._cmd_w = os.pipe()
        self._evt_r, from_browser = os.pipe()
        script = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser}'  # bash: dash takes one-digit fds only
        self.proc = subprocess.Popen(
            [shutil.which("bash") or "bash", "-c", script, exe, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(os.environ["CHROMIUM_LOG"], "ab") if os.environ.get("CHROMIUM_LOG") else subprocess.DEVNULL,  # noqa: SIM115
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._next = 0
        self._answers: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._evt_r, "rb", buffering=0) as pipe:
            while True:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    self.events.put(None)
                    return
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    message = json.loads(raw)
                    if "id" in message:
                        with self._lock:
                            box = self._answers.get(message["id"])
                        if box is not None:
                            box.put(message)
                    else:
                        self.events.put(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        with self._lock:
            self._next += 1
            ident = self._next
            box: queue.Queue = queue.Queue()
            self._answers[ident] = box
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        try:
            answer = box.get(timeout=self.timeout)
        except queue.Empty:
            raise BrowserError(f"no answer to {method} in {self.timeout} s") from None
        finally:
            with self._lock:
                self._answers.pop(ident, None)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open(self, url: str, width: int = 1280, height: int = 900, mobile: bool = False) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session)  # fmt: skip
        page.navigate(url)
        return page

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target
        self.requests: list[str] = []
        self.errors: list[str] = []

    def _take(self, message: dict) -> str | None:
        """Record what an event says about requests and errors; return its method."""
        if message.get("sessionId") != self.session:
            return None
        method, params = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details.get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and params["type"] in {"error", "assert", "warning"}:
            self.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
        elif method == "Log.entryAdded" and params["entry"]["level"] in {"error", "warning"}:
            self.errors.append(params["entry"]["text"])
        return method

    def close(self) -> None:
        """Close the page's tab, its scripts and timers with it."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def navigate(self, url: str) -> None:
        self.browser.send("Page.navigate", {"url": url}, self.session)
        self.wait_for("Page.loadEventFired")

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + self.browser.timeout
        while time.monotonic() < deadline:
            try:
                message = self.browser.events.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if message is None:
                raise BrowserError("chromium closed its pipe")
            if self._take(message) == method:
                return
        raise BrowserError(f"no {method} in {self.browser.timeout} s")

    def drain(self) -> None:
        """Take the events that have arrived (console messages after the load, say)."""
        self.evaluate("0")
        while True:
            try:
                message = self.browser.events.get_nowait()
            except queue.Empty:
                return
            if message is not None:
                self._take(message)

    def evaluate(self, expression: str):
        result = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                        "awaitPromise": True}, self.session)  # fmt: skip
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, key: str, code: str | None = None, text: str | None = None) -> None:
        """Press and release one key, as a person would."""
        params = {"key": key, "code": code or key}
        if text is not None:
            params["text"] = text
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyDown", **params}, self.session)
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyUp", **params}, self.session)

    def type(self, text: str) -> None:
        self.browser.send("Input.insertText", {"text": text}, self.session)

    def remote_requests(self) -> list[str]:
        self.drain()
        return [u for u in self.requests if not u.startswith(LOCAL)]
