"""HTML entry points: the admin app (history fallback) and the demo host page."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, abort, render_template, send_from_directory

STATIC = Path(__file__).parent / "static"
bp = Blueprint("web", __name__)


@bp.get("/")
def index():
    return render_template("index.html")


@bp.get("/admin/")
@bp.get("/admin/<path:path>")
def admin(path: str = ""):
    """Serve the built admin app; unknown paths fall back to index.html for client routing."""
    root = STATIC / "admin"
    if path and (root / path).is_file():
        return send_from_directory(root, path)
    if (root / "index.html").is_file():
        return send_from_directory(root, "index.html")
    return render_template("admin_missing.html"), 200


DEMO_ASSETS = Path(__file__).parent / "demo_assets"


@bp.get("/demo/")
@bp.get("/demo/<path:path>")
def demo(path: str = ""):
    """The demo host app; its client-side routes all render the same page."""
    from .services.demo import demo_public_key

    if path.startswith("assets/"):
        return send_from_directory(DEMO_ASSETS, path.removeprefix("assets/"))
    key = demo_public_key()
    if key is None:
        abort(404)
    return render_template("demo.html", public_key=key)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
