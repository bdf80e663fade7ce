"""The `guidewell` command (also `flask --app guidewell`)."""

from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from .extensions import db
from .models import Role


def _fail(message: str) -> None:
    raise click.ClickException(message)


def upgrade_database() -> None:
    """Bring the schema to the latest migration (serve and demo do this on start)."""
    from flask_migrate import upgrade

    upgrade()
    db.engine.dispose()  # no pooled connection may cross the worker fork


def _show_service_error(func):
    """Print refused input as one line, exit non-zero, and leave the database untouched."""
    from functools import wraps

    import marshmallow as ma

    from .errors import Invalid, ServiceError

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ServiceError, ma.ValidationError) as raised:
            db.session.rollback()
            error = (
                Invalid.from_marshmallow(raised)
                if isinstance(raised, ma.ValidationError)
                else raised
            )
            detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in (error.fields or {}).items())
            _fail(error.message if not detail else f"{error.message} ({detail})")

    return wrapper


@click.command("init")
@click.option("--email", prompt=True, help="Login of the first owner.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--project", "project_name", prompt="Project name", help="Name of the project.")
@click.option("--app-url", default="", help="URL of the app the guides run on.")
@with_appcontext
@_show_service_error
def init_command(email: str, password: str, project_name: str, app_url: str) -> None:
    """Create the database, an owner account and a first project; print the keys."""
    from .services import accounts, projects

    upgrade_database()
    account = accounts.find_account(email)
    if account is None:
        account = accounts.create_account(email, password)
    elif accounts.authenticate(email, password) is None:
        _fail(f"{email} already exists with another password.")
    settings = {"app_url": app_url} if app_url else {}
    if app_url:
        from .schemas.project import ProjectSettingsSchema

        ProjectSettingsSchema().load({"app_url": app_url})
    project, keys = projects.create_project(project_name, account, **settings)
    db.session.commit()
    click.echo(f"Login:           {account.email}")
    click.echo(f"Project:         {project.name} (id {project.id})")
    click.echo(f"Public key:      {keys.public_key}")
    click.echo(f"Secret key:      {keys.secret_key}   (shown once; store it now)")
    click.echo(f"Identity secret: {keys.identity_secret}")


def _run_server(app: Flask, host: str, port: int, workers: int) -> None:
    from .wsgi_server import serve

    serve(app, host=host, port=port, workers=workers)


def _default_workers() -> int:
    return max(2, min(8, (os.cpu_count() or 1) * 2))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=_default_workers,
    type=click.IntRange(1, 64),
    help="Worker processes (default: twice the cores, 2-8).",
)
@with_appcontext
def serve_command(host: str, port: int, workers: int) -> None:
    """Upgrade the database, then serve with gunicorn."""
    upgrade_database()
    _run_server(current_app._get_current_object(), host, port, workers)


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def demo_command(host: str, port: int, workers: int) -> None:
    """Seed the demo project and serve it with the admin."""
    from .services.demo import seed_demo

    upgrade_database()
    base = f"http://{host}:{port}"
    seed = seed_demo(base)
    db.engine.dispose()
    click.echo("")
    click.echo(f"  Demo app:  {base}/demo/")
    click.echo(f"  Admin:     {base}/admin/")
    click.echo(f"  Login:     {seed.email} / {seed.password}")
    click.echo(f"  API docs:  {base}/api/v1/docs")
    click.echo("")
    _run_server(current_app._get_current_object(), host, port, workers)


@click.group("users")
def users_group() -> None:
    """Admin accounts."""


@users_group.command("create")
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="")
@click.option("--project", "project_id", type=int, default=None, help="Also add to this project.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="editor", show_default=True
)
@with_appcontext
@_show_service_error
def users_create(email: str, password: str, name: str, project_id: int | None, role: str) -> None:
    """Create an admin account, optionally as a member of a project."""
    from .services import accounts, projects

    project = projects.get_project(project_id) if project_id is not None else None
    account = accounts.create_account(email, password, name)
    if project is not None:
        projects.add_member(project, account, Role(role))
    db.session.commit()
    where = f" ({role} of project {project_id})" if project is not None else ""
    click.echo(f"Created {account.email}{where}.")


@click.group("keys")
def keys_group() -> None:
    """Project keys."""


@keys_group.command("rotate")
@click.option("--project", "project_id", type=int, required=True)
@click.option("--public", is_flag=True, help="Also replace the public key (script tags change).")
@with_appcontext
@_show_service_error
def keys_rotate(project_id: int, public: bool) -> None:
    """Issue a new secret key (and identity secret); the old ones stop working now."""
    from .services import projects

    keys = projects.rotate_keys(projects.get_project(project_id), public=public)
    db.session.commit()
    click.echo(f"Public key:      {keys.public_key}")
    click.echo(f"Secret key:      {keys.secret_key}   (shown once; store it now)")
    click.echo(f"Identity secret: {keys.identity_secret}")


@click.group("flows")
def flows_group() -> None:
    """Export and import flows as JSON."""


@flows_group.command("export")
@click.option("--project", "project_id", type=int, required=True)
@click.option("--output", "-o", type=click.File("w"), default="-", help="File (default: stdout).")
@with_appcontext
@_show_service_error
def flows_export(project_id: int, output) -> None:
    """Write every flow's draft and the segments they use as one JSON document."""
    import json

    from .services import flow_io, projects

    projects.get_project(project_id)
    json.dump(flow_io.export_flows(project_id), output, indent=2, sort_keys=True)
    output.write("\n")


@flows_group.command("import")
@click.option("--project", "project_id", type=int, required=True)
@click.option(
    "--input", "-i", "source", type=click.File("r"), default="-", help="File (default: stdin)."
)
@click.option(
    "--on-conflict",
    type=click.Choice(["error", "skip", "overwrite"]),
    default="error",
    show_default=True,
    help="What to do with flow keys that already exist.",
)
@with_appcontext
@_show_service_error
def flows_import(project_id: int, source, on_conflict: str) -> None:
    """Create drafts from an export document (all or nothing)."""
    import json

    from .schemas.flow import ImportSchema
    from .services import flow_io, projects

    projects.get_project(project_id)
    try:
        document = json.load(source)
    except json.JSONDecodeError as error:
        _fail(f"The input is not valid JSON: {error}.")
    if not isinstance(document, dict):
        _fail("The input must be a JSON object from `guidewell flows export`.")
    data = ImportSchema().load({**document, "on_conflict": on_conflict})
    result = flow_io.import_flows(project_id, data)
    db.session.commit()
    for label, keys in result.items():
        if keys:
            click.echo(f"{label.replace('_', ' ')}: {', '.join(keys)}")


@click.command("seed-analytics")
@click.option("--project", "project_id", type=int, required=True)
@click.option("--users", type=click.IntRange(1, 10_000_000), required=True)
@click.option(
    "--days",
    type=click.IntRange(1, 730),
    default=90,
    show_default=True,
    help="Spread the traffic over this many past days.",
)
@click.option(
    "--seed",
    "seed_value",
    type=int,
    default=1,
    show_default=True,
    help="Random seed: the same seed gives the same traffic.",
)
@with_appcontext
@_show_service_error
def seed_analytics(project_id: int, users: int, days: int, seed_value: int) -> None:
    """Generate synthetic traffic (a tour with drop-off, an NPS survey, an A/B test)."""
    from .services import projects
    from .services.seed import seed

    projects.get_project(project_id)
    with click.progressbar(length=users, label="Simulating users", show_pos=True) as bar:
        seeded = seed(project_id, users, days=days, seed_value=seed_value, progress=bar.update)
    click.echo(
        f"Seeded {users} users over {days} days: tour {seeded.tour.id}, "
        f"survey {seeded.survey.id}, experiment {seeded.experiment.id}."
    )


COMMANDS = (
    init_command,
    serve_command,
    demo_command,
    users_group,
    keys_group,
    flows_group,
    seed_analytics,
)


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)


def _factory() -> Flask:
    from . import create_app

    return create_app()


def _build_cli() -> FlaskGroup:
    from flask.cli import routes_command, shell_command

    from . import __version__

    group = FlaskGroup(
        create_app=_factory,
        add_default_commands=False,  # no `run`: Flask's development server is not for serving
        add_version_option=False,
        load_dotenv=False,
        help="Guidewell: self-hosted product onboarding.",
    )
    # The app is always Guidewell; Flask's --app/--debug/--env-file options would only confuse.
    group.params = [p for p in group.params if p.name not in {"app", "debug", "env_file"}]
    click.version_option(__version__, prog_name="guidewell")(group)
    group.add_command(shell_command)
    group.add_command(routes_command)
    return group


cli = _build_cli()


def main() -> None:
    cli.main(args=sys.argv[1:], prog_name="guidewell")
