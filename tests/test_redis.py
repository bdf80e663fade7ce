"""With GUIDEWELL_REDIS_URL set, servers share compiled content and rate-limit counters."""

from __future__ import annotations

import json
import socket

import pytest

from guidewell import create_app
from guidewell.services import content_cache
from tests.sdk_helpers import Browser, publish

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_app(app, monkeypatch):
    """A second server on the same database, configured with Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    monkeypatch.setenv("GUIDEWELL_REDIS_URL", REDIS_URL)
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "GUIDEWELL_SDK_RATE_LIMIT": "2 per minute",
        }
    )
    yield other, client
    client.flushdb()


def test_compiled_content_is_shared_through_redis(redis_app, client, factory):
    other, redis_client = redis_app
    tenant = factory.tenant()
    client.login(tenant.owner_email)
    flow = publish(client, tenant.project_id, "hotspot")
    browser = Browser(other.test_client(), tenant.public_key)
    assert flow["key"] in browser.flows()
    [key] = redis_client.keys("guidewell:compiled:*")
    assert json.loads(redis_client.get(key))["flows"][0]["key"] == flow["key"]
    # A server that never compiled this project reads it from Redis.
    content_cache.local_cache.clear()
    calls = []
    original = content_cache.compile_project
    content_cache.compile_project = lambda project: calls.append(1) or original(project)
    try:
        assert flow["key"] in browser.flows()
    finally:
        content_cache.compile_project = original
    assert calls == []


def test_rate_limits_count_in_redis(redis_app, factory):
    other, redis_client = redis_app
    tenant = factory.tenant()
    browser = Browser(other.test_client(), tenant.public_key)
    assert [browser.session().status_code for _ in range(3)] == [200, 200, 429]
    assert redis_client.keys("LIMITS*")
