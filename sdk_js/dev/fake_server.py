"""Dev tool only (not a test, not shipped): serves e2e/site with a fake of the three
/sdk/v1 endpoints, to look at guides without the real server.

    python sdk_js/dev/fake_server.py [--port 8765]

GET /dev/events lists the events received (deduplicated on id, as the server does);
POST /dev/down and /dev/up make /sdk/v1/events answer 503 or work again;
POST /dev/autostart?key=K gives flow K a page_load trigger (no key: none).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE.parent.parent / "e2e" / "site"
SDK = HERE.parent.parent / "server" / "guidewell" / "static" / "sdk"
THEME = {
    "primary_color": "#4f46e5",
    "background_color": "#ffffff",
    "text_color": "#111827",
    "font_family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "border_radius": 8,
    "font_size": 15,
    "width": 320,
    "mode": "light",
    "z_index_base": 2147470000,
    "placement": "auto",
}
DEFAULTS = {
    "version": 1,
    "variant": None,
    "experiment": None,
    "holdout": False,
    "pages": {"include": [], "exclude": []},
    "trigger": {"type": "manual"},
    "delay_ms": 0,
    "frequency": {"type": "always"},
    "device": "all",
    "priority": 100,
    "progress": None,
}
BLOCKING = {"tour", "questionnaire"}

# ?csp=1 on a page: the strict policy the SDK must work under (no inline script or style).
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'"
events: dict[str, dict] = {}
state: dict = {"down": False, "autostart": None}


def flows(origin: str) -> list[dict]:
    raw = (HERE / "flows.json").read_text().replace("{origin}", origin)
    result = []
    for index, flow in enumerate(json.loads(raw), start=1):
        flow = {**DEFAULTS, "id": index, **flow}
        flow["blocking"] = flow["kind"] in BLOCKING or (
            flow["kind"] == "announcement" and flow["content"]["format"] == "modal"
        )
        flow["theme"] = {**THEME, **flow.get("theme", {})}
        if flow["key"] == state["autostart"]:
            flow["trigger"] = {"type": "page_load"}
        result.append(flow)
    return result


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def send(self, status: int, body: bytes, content_type: str, csp: str | None = None) -> None:
        self.send_response(status)
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def json(self, status: int, data) -> None:
        self.send(status, json.dumps(data).encode(), "application/json")

    def do_GET(self):  # noqa: N802
        path = self.path.split("?")[0]
        if path == "/dev/events":
            return self.json(200, list(events.values()))
        if path.startswith("/sdk/v1/"):
            file = SDK / path.removeprefix("/sdk/v1/")
        else:
            file = SITE / path.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if not file.exists() and path.startswith("/app"):
                file = SITE / "app" / "index.html"
        if not file.is_file():
            return self.send(404, b"not found", "text/plain")
        body = file.read_bytes()
        if file.suffix == ".html":
            body = body.replace(b"GUIDEWELL_PUBLIC_KEY", b"gw_pub_dev")
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        csp = "csp=1" in self.path and file.suffix == ".html"
        self.send(200, body, kind, CSP if csp else None)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        path = self.path.split("?")[0]
        if path in ("/dev/down", "/dev/up"):
            state["down"] = path == "/dev/down"
            return self.json(200, state)
        if path == "/dev/autostart":  # ?key=welcome: that flow gets a page_load trigger
            state["autostart"] = self.path.partition("key=")[2] or None
            return self.json(200, state)
        body = json.loads(raw or b"{}")
        if path == "/sdk/v1/events":
            if state["down"]:
                return self.json(503, {"error": {"code": "down", "message": "down"}})
            fresh = [e for e in body["events"] if e["id"] not in events]
            for event in fresh:
                events[event["id"]] = {**event, "user": body["user"]}
            return self.json(
                200,
                {
                    "accepted": len(fresh),
                    "duplicates": len(body["events"]) - len(fresh),
                    "rejected": [],
                },
            )
        if path in ("/sdk/v1/session", "/sdk/v1/identify"):
            origin = f"http://{self.headers['Host']}"
            user = body["user"]
            return self.json(
                200,
                {
                    "user": {"id": user.get("id"), "anonymous_id": user["anonymous_id"]},
                    "flows": flows(origin),
                    "theme": THEME,
                    "settings": {"flush_interval_ms": 5000, "batch_size": 20},
                },
            )
        self.json(404, {"error": {"code": "not_found", "message": path}})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8765)
    port = parser.parse_args().port
    print(f"http://127.0.0.1:{port}/app", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
