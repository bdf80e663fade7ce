"""Configuration defaults an operator relies on."""

from __future__ import annotations

import stat

import sqlalchemy as sa

from guidewell.config import instance_secret_key, load_config, normalize_database_url
from guidewell.extensions import db


def test_secret_key_is_generated_once_with_owner_only_permissions(tmp_path):
    first = instance_secret_key(tmp_path)
    assert len(first) >= 48
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert instance_secret_key(tmp_path) == first


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDEWELL_DATABASE_URL", raising=False)
    config = load_config(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'guidewell.db'}"


def test_environment_configures_database_and_redis(tmp_path, monkeypatch):
    monkeypatch.setenv("GUIDEWELL_DATABASE_URL", "postgres://u@db/guidewell")
    monkeypatch.setenv("GUIDEWELL_REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("GUIDEWELL_SECRET_KEY", "from-env")
    config = load_config(tmp_path)
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/guidewell"
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_plain_postgresql_urls_use_psycopg():
    assert normalize_database_url("postgresql://x/y") == "postgresql+psycopg://x/y"
    assert normalize_database_url("sqlite:///a.db") == "sqlite:///a.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        with db.engine.connect() as conn:
            assert conn.scalar(sa.text("PRAGMA journal_mode")) == "wal"
            assert conn.scalar(sa.text("PRAGMA foreign_keys")) == 1


def test_behind_a_proxy_the_forwarded_client_and_host_are_trusted(app):
    from flask import request

    from guidewell import create_app
    from guidewell.urls import public_url

    settings = {
        key: app.config[key]
        for key in ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS")
    }
    forwarded = {
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "guides.example.com",
    }
    answers = []
    for hops in (0, 1):
        proxied = create_app({**settings, "TESTING": True, "GUIDEWELL_PROXY_HOPS": hops})

        @proxied.get("/_who")
        def who():
            return {"address": request.remote_addr, "url": public_url("admin/")}

        answers.append(proxied.test_client().get("/_who", headers=forwarded).get_json())
    assert answers == [
        {"address": "127.0.0.1", "url": "http://localhost/admin/"},
        {"address": "203.0.113.9", "url": "https://guides.example.com/admin/"},
    ]
