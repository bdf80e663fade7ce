"""The demo project `guidewell demo` seeds and `/demo/` shows."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Account, Membership, Project, Role
from . import accounts, projects

DEMO_EMAIL = "demo@guidewell.local"
DEMO_PASSWORD = "guidewell-demo"
DEMO_PROJECT = "Guidewell Demo"


@dataclass(frozen=True)
class DemoSeed:
    email: str
    password: str
    project_id: int
    public_key: str


def _demo_project() -> Project | None:
    return db.session.scalar(
        sa.select(Project)
        .join(Membership, Membership.project_id == Project.id)
        .join(Membership.account)
        .where(
            Project.name == DEMO_PROJECT,
            Membership.role == Role.owner,
            Account.email == DEMO_EMAIL,
        )
    )


def demo_public_key() -> str | None:
    project = _demo_project()
    return project.public_key if project else None


def seed_demo(base_url: str) -> DemoSeed:
    """Create the demo login and project once; later runs reuse them."""
    account = accounts.find_account(DEMO_EMAIL) or accounts.create_account(
        DEMO_EMAIL, DEMO_PASSWORD, "Demo PM"
    )
    project = _demo_project()
    if project is None:
        project, _keys = projects.create_project(DEMO_PROJECT, account, app_url=f"{base_url}/demo/")
    db.session.commit()
    return DemoSeed(DEMO_EMAIL, DEMO_PASSWORD, project.id, project.public_key)
