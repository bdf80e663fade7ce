"""Who is calling and what they may do.

Two ways in: the admin session cookie (with a CSRF header on every write), or
`Authorization: Bearer gw_sec_…`, which acts as an editor of its own project only.
A project the caller has no role in answers 404, so its existence never leaks.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from flask import g, request, session

from ..errors import Forbidden, NotFound, Unauthorized
from ..extensions import db
from ..models import Account, Project, Role
from ..services import accounts
from ..services import projects as project_service

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_HEADER = "X-CSRF-Token"
API_KEY_ROLE = Role.editor


@dataclass(frozen=True)
class Principal:
    account: Account | None
    key_project_id: int | None = None

    @property
    def via_key(self) -> bool:
        return self.key_project_id is not None

    def role_in(self, project_id: int) -> Role | None:
        if self.via_key:
            return API_KEY_ROLE if project_id == self.key_project_id else None
        assert self.account is not None
        return project_service.role_of(self.account.id, project_id)


def start_session(account: Account) -> str:
    session.clear()
    session.permanent = True
    session["aid"] = account.id
    session["pw"] = accounts.password_mark(account)
    session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _principal_from_key(header: str) -> Principal:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Use `Authorization: Bearer gw_sec_…`.", code="bad_authorization")
    project = project_service.project_by_secret(token.strip())
    if project is None:
        raise Unauthorized("This API key is not valid.", code="invalid_key")
    return Principal(account=None, key_project_id=project.id)


def _principal_from_session() -> Principal:
    account_id = session.get("aid")
    account = db.session.get(Account, account_id) if isinstance(account_id, int) else None
    if account is None or session.get("pw") != accounts.password_mark(account):
        session.clear()
        raise Unauthorized("Log in first.", code="login_required")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
            raise Forbidden(f"Missing or wrong {CSRF_HEADER} header.", code="csrf_failed")
    return Principal(account=account)


def current_principal() -> Principal:
    if "principal" not in g:
        header = request.headers.get("Authorization")
        g.principal = _principal_from_key(header) if header else _principal_from_session()
    return g.principal


def current_account() -> Account:
    """For actions that belong to a person (creating projects, managing members)."""
    principal = current_principal()
    if principal.account is None:
        raise Forbidden(
            "This action needs an admin login, not an API key.", code="account_required"
        )
    return principal.account


def project_for(project_id: int, needed: Role = Role.viewer) -> Project:
    """The project, if the caller holds at least `needed` in it."""
    role = current_principal().role_in(project_id)
    if role is None:
        raise NotFound("No such project.")
    if not role.allows(needed):
        raise Forbidden(f"This needs the {needed.value} role; you are {role.value}.")
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound("No such project.")
    g.role = role
    return project
