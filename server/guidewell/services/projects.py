"""Projects, their keys and their members."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..errors import Conflict, Invalid, NotFound
from ..extensions import db
from ..models import Account, Membership, Project, Role

PUBLIC_PREFIX = "gw_pub_"
SECRET_PREFIX = "gw_sec_"
IDENTITY_PREFIX = "gw_idv_"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(24)


@dataclass(frozen=True)
class IssuedKeys:
    """Keys as shown to the owner once; only the public key can be read back later."""

    public_key: str
    secret_key: str
    identity_secret: str


def _issue_secrets(project: Project) -> tuple[str, str]:
    secret = _token(SECRET_PREFIX)
    project.secret_key_hash = hash_secret(secret)
    project.secret_key_hint = secret[-4:]
    project.identity_secret = _token(IDENTITY_PREFIX)
    return secret, project.identity_secret


def create_project(name: str, owner: Account, **settings: Any) -> tuple[Project, IssuedKeys]:
    name = name.strip()
    if not name:
        raise Invalid("A project needs a name.", fields={"name": ["Required."]})
    project = Project(name=name, public_key=_token(PUBLIC_PREFIX), allowed_origins=[])
    project.fatigue, project.theme = {}, {}
    secret, identity = _issue_secrets(project)
    for field, value in settings.items():
        setattr(project, field, value)
    project.memberships.append(Membership(account=owner, role=Role.owner))
    db.session.add(project)
    db.session.flush()
    return project, IssuedKeys(project.public_key, secret, identity)


def rotate_keys(project: Project, *, public: bool = False) -> IssuedKeys:
    """New secret and identity keys; the public key too when asked (it is in every script tag)."""
    if public:
        project.public_key = _token(PUBLIC_PREFIX)
    secret, identity = _issue_secrets(project)
    db.session.flush()
    return IssuedKeys(project.public_key, secret, identity)


def project_by_secret(secret: str) -> Project | None:
    if not secret.startswith(SECRET_PREFIX):
        return None
    return db.session.scalar(
        sa.select(Project).where(Project.secret_key_hash == hash_secret(secret))
    )


def project_by_public_key(public_key: str) -> Project | None:
    if not public_key.startswith(PUBLIC_PREFIX):
        return None
    return db.session.scalar(sa.select(Project).where(Project.public_key == public_key))


def get_project(project_id: int) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        raise NotFound("No such project.")
    return project


def role_of(account_id: int, project_id: int) -> Role | None:
    return db.session.scalar(
        sa.select(Membership.role).where(
            Membership.account_id == account_id, Membership.project_id == project_id
        )
    )


def projects_of(account_id: int) -> list[tuple[Project, Role]]:
    rows = db.session.execute(
        sa.select(Project, Membership.role)
        .join(Membership, Membership.project_id == Project.id)
        .where(Membership.account_id == account_id)
        .order_by(Project.id)
    )
    return [(project, role) for project, role in rows]


def members_of(project_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership).where(Membership.project_id == project_id).order_by(Membership.id)
        )
    )


def get_membership(project_id: int, account_id: int) -> Membership:
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.project_id == project_id, Membership.account_id == account_id
        )
    )
    if membership is None:
        raise NotFound("No such member in this project.")
    return membership


def add_member(project: Project, account: Account, role: Role) -> Membership:
    if role_of(account.id, project.id) is not None:
        raise Conflict("This account is already a member of the project.", code="already_member")
    membership = Membership(project=project, account=account, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def _owner_count(project_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.project_id == project_id, Membership.role == Role.owner)
    )


def change_role(membership: Membership, role: Role) -> None:
    if membership.role == Role.owner and role != Role.owner:
        _keep_an_owner(membership.project_id)
    membership.role = role
    db.session.flush()


def remove_member(membership: Membership) -> None:
    if membership.role == Role.owner:
        _keep_an_owner(membership.project_id)
    db.session.delete(membership)
    db.session.flush()


def _keep_an_owner(project_id: int) -> None:
    if _owner_count(project_id) <= 1:
        raise Conflict("A project must keep at least one owner.", code="last_owner")
