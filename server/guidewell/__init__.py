"""Guidewell: self-hosted product onboarding."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

__version__ = "0.1.0"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Wiring only: no migrations, network calls or sleeps here."""
    from . import errors, web
    from .api import register_api
    from .config import load_config
    from .extensions import db, limiter, migrate

    instance_path = os.environ.get("GUIDEWELL_INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.update(load_config(Path(app.instance_path), config))
    if hops := app.config["GUIDEWELL_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(__file__).parent / "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    limiter.init_app(app)
    errors.init_app(app)
    register_api(app)
    web.init_app(app)

    from .cli import register_commands

    register_commands(app)
    return app
