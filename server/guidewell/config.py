"""Configuration from GUIDEWELL_* environment variables.

`load_config` builds the settings dict the factory applies; tests pass overrides
through `create_app({...})` instead of touching the environment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

SECRET_KEY_FILE = "secret_key"
DATABASE_FILE = "guidewell.db"


def normalize_database_url(url: str) -> str:
    """Let users write plain `postgresql://` URLs; we always drive PostgreSQL with psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: Path) -> str:
    """Generate the secret key once and keep it in the instance folder, readable by us only."""
    path = instance_path / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    # O_EXCL: if two workers race at first start, one writes and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    overrides = overrides or {}
    env = os.environ
    database_url = overrides.get("SQLALCHEMY_DATABASE_URI") or env.get("GUIDEWELL_DATABASE_URL")
    if not database_url:
        database_url = f"sqlite:///{instance_path / DATABASE_FILE}"
    redis_url = env.get("GUIDEWELL_REDIS_URL") or None
    secret_key = (
        overrides.get("SECRET_KEY")
        or env.get("GUIDEWELL_SECRET_KEY")
        or instance_secret_key(instance_path)
    )
    config: dict[str, Any] = {
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "GUIDEWELL_REDIS_URL": redis_url,
        # Admin API bodies are small; the SDK's event endpoint checks its own 256 KB limit.
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("GUIDEWELL_SECURE_COOKIES", "0") == "1",
        "SESSION_COOKIE_NAME": "guidewell_session",
        "PERMANENT_SESSION_LIFETIME": 14 * 24 * 3600,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STRATEGY": "moving-window",
        "GUIDEWELL_LOGIN_LIMIT": env.get("GUIDEWELL_LOGIN_LIMIT", "10 per minute"),
        # Per public key and client address; an SDK flushes every few seconds at most.
        "GUIDEWELL_SDK_RATE_LIMIT": env.get("GUIDEWELL_SDK_RATE_LIMIT", "1200 per minute"),
        # How browsers reach this server (invitation links, builder mode), e.g.
        # https://guides.example.com; the request's host when empty.
        "GUIDEWELL_PUBLIC_URL": env.get("GUIDEWELL_PUBLIC_URL", ""),
        # Proxies in front whose X-Forwarded-For/-Proto/-Host to trust: the client
        # address (rate limits) and the public URL come from them.
        "GUIDEWELL_PROXY_HOPS": int(env.get("GUIDEWELL_PROXY_HOPS", "0") or 0),
        # flask-smorest / OpenAPI
        "API_TITLE": "Guidewell REST API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": env.get(
            "GUIDEWELL_SWAGGER_UI_URL", "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/"
        ),
    }
    config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(config["SQLALCHEMY_DATABASE_URI"])
    return config
