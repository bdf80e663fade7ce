"""Admin login, logout, who am I, and accepting an invitation."""

from __future__ import annotations

from flask import current_app, request, session

from ..errors import Conflict, Unauthorized
from ..extensions import db, limiter
from ..models import Role
from ..schemas.auth import AcceptInviteSchema, LoginSchema, SessionSchema
from ..services import accounts, projects
from ..signing import unsign
from .access import current_account, start_session
from .blueprint import Blueprint

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Admin sessions.")


def _login_limit() -> str:
    return current_app.config["GUIDEWELL_LOGIN_LIMIT"]


def _login_email_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login:{accounts.normalize_email(email) if isinstance(email, str) else '-'}"


def session_view(account, csrf_token: str) -> dict:
    return {
        "account": account,
        "csrf_token": csrf_token,
        "projects": [
            {"id": project.id, "name": project.name, "role": role.value}
            for project, role in projects.projects_of(account.id)
        ],
    }


@blp.route("/login", methods=["POST"])
@limiter.limit(_login_limit)
@limiter.limit(_login_limit, key_func=_login_email_key)
@blp.arguments(LoginSchema)
@blp.response(200, SessionSchema)
def login(data):
    """Log in with email and password; answers the CSRF token to send on writes."""
    account = accounts.authenticate(data["email"], data["password"])
    if account is None:
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    return session_view(account, start_session(account))


@blp.route("/logout", methods=["POST"])
@blp.response(204)
def logout():
    """End the session."""
    current_account()
    session.clear()


@blp.route("/me", methods=["GET"])
@blp.response(200, SessionSchema)
def me():
    """The logged-in account, its CSRF token and its projects with roles."""
    return session_view(current_account(), session["csrf"])


@blp.route("/accept-invite", methods=["POST"])
@limiter.limit(_login_limit)
@blp.arguments(AcceptInviteSchema)
@blp.response(200, SessionSchema)
def accept_invite(data):
    """Create the invited account (or join with an existing one) and log in."""
    invite = unsign("invite", data["token"])
    project = projects.get_project(int(invite["project_id"]))
    account = accounts.find_account(invite["email"])
    if account is None:
        account = accounts.create_account(invite["email"], data["password"], data["name"])
    elif accounts.authenticate(invite["email"], data["password"]) is None:
        raise Unauthorized("Wrong password for this existing account.", code="invalid_credentials")
    if projects.role_of(account.id, project.id) is not None:
        raise Conflict("You are already a member of this project.", code="already_member")
    projects.add_member(project, account, Role(invite["role"]))
    db.session.commit()
    return session_view(account, start_session(account))
