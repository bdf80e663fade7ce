"""The `guidewell` command, as an operator uses it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from guidewell.services import accounts, projects

GUIDEWELL = str(Path(sys.executable).with_name("guidewell"))


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()
    return lambda *args, **kwargs: runner.invoke(args=list(args), **kwargs)


def test_help_lists_the_commands():
    result = subprocess.run([GUIDEWELL, "--help"], capture_output=True, text=True, check=True)
    for command in ("init", "serve", "demo", "db", "users", "keys"):
        assert f"  {command} " in result.stdout
    assert "  run " not in result.stdout, "Flask's development server must not be offered"


def test_init_creates_owner_project_and_prints_keys(app, run):
    result = run(
        "init",
        "--email",
        "Boss@Example.com",
        "--password",
        "long enough",
        "--project",
        "Shop",
        "--app-url",
        "https://shop.example.com",
    )
    assert result.exit_code == 0, result.output
    assert "Login:           boss@example.com" in result.output
    assert "gw_pub_" in result.output and "gw_sec_" in result.output
    with app.app_context():
        secret = next(w for w in result.output.split() if w.startswith("gw_sec_"))
        project = projects.project_by_secret(secret)
        assert project.name == "Shop" and project.app_url == "https://shop.example.com"
        assert accounts.authenticate("boss@example.com", "long enough") is not None


@pytest.mark.parametrize(
    "args, message",
    [
        (["--password", "short"], "at least 8"),
        (["--email", "not-an-email"], "valid email"),
        (["--app-url", "javascript:alert(1)"], "http"),
    ],
)
def test_init_refuses_bad_input_and_writes_nothing(app, run, factory, args, message):
    base = {"--email": "ok@example.com", "--password": "long enough", "--project": "P"}
    extra = dict(zip(args[::2], args[1::2], strict=True))
    flat = [item for pair in {**base, **extra}.items() for item in pair]
    before = factory.snapshot()
    result = run("init", *flat)
    assert result.exit_code != 0
    assert message in result.output
    assert factory.snapshot() == before


def test_users_create_adds_a_member(app, run, factory):
    tenant = factory.tenant()
    result = run(
        "users",
        "create",
        "--email",
        "ed@example.com",
        "--password",
        "long enough",
        "--project",
        str(tenant.project_id),
        "--role",
        "editor",
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        account = accounts.find_account("ed@example.com")
        assert projects.role_of(account.id, tenant.project_id).value == "editor"


def test_users_create_for_unknown_project_writes_nothing(run, factory):
    before = factory.snapshot()
    result = run(
        "users",
        "create",
        "--email",
        "ed@example.com",
        "--password",
        "long enough",
        "--project",
        "4242",
    )
    assert result.exit_code != 0 and "No such project" in result.output
    assert factory.snapshot() == before


def test_keys_rotate_prints_a_working_new_secret(app, run, factory):
    tenant = factory.tenant()
    result = run("keys", "rotate", "--project", str(tenant.project_id))
    assert result.exit_code == 0, result.output
    secret = next(w for w in result.output.split() if w.startswith("gw_sec_"))
    with app.app_context():
        assert projects.project_by_secret(secret).id == tenant.project_id
        assert projects.project_by_secret(tenant.secret_key) is None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_init_then_serve_accepts_the_login(tmp_path):
    """`guidewell init …` then `guidewell serve --port N`: the login works over HTTP."""
    env = {**os.environ, "GUIDEWELL_INSTANCE_PATH": str(tmp_path)}
    env.pop("GUIDEWELL_DATABASE_URL", None)
    subprocess.run(
        [
            GUIDEWELL,
            "init",
            "--email",
            "ops@example.com",
            "--password",
            "long enough",
            "--project",
            "Prod",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [GUIDEWELL, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        request = urllib.request.Request(
            base + "/api/v1/auth/login",
            method="POST",
            data=json.dumps({"email": "ops@example.com", "password": "long enough"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            assert json.load(response)["projects"][0]["name"] == "Prod"
        with urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=5) as response:
            assert json.load(response)["openapi"].startswith("3.")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_version_option():
    result = subprocess.run([GUIDEWELL, "--version"], capture_output=True, text=True, check=True)
    assert "guidewell" in result.stdout
