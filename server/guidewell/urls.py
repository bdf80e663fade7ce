"""Absolute URLs of this server as people's browsers reach it (invitations, builder mode).

`GUIDEWELL_PUBLIC_URL` when set; otherwise the request's own host, which behind a proxy
is right only when the proxy's X-Forwarded-* headers are trusted (GUIDEWELL_PROXY_HOPS).
"""

from __future__ import annotations

from flask import current_app, request


def public_url(path: str) -> str:
    base = current_app.config.get("GUIDEWELL_PUBLIC_URL") or request.host_url
    return base.rstrip("/") + "/" + path.lstrip("/")
