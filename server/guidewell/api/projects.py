"""Projects, their settings and keys."""

from __future__ import annotations

import marshmallow as ma
from flask import g
from flask.views import MethodView

from ..extensions import db
from ..models import Project, Role
from ..schemas.project import (
    KeysSchema,
    ProjectCreateSchema,
    ProjectSchema,
    ProjectUpdateSchema,
    RotateKeysSchema,
)
from ..services import projects as project_service
from .access import current_account, current_principal, project_for
from .blueprint import Blueprint

blp = Blueprint(
    "projects", __name__, url_prefix="/api/v1/projects", description="Projects and their keys."
)


def project_view(project: Project, role: Role) -> dict:
    view = {
        column: getattr(project, column)
        for column in (
            "id",
            "name",
            "public_key",
            "identity_verification",
            "allowed_origins",
            "app_url",
            "timezone",
            "fatigue",
            "theme",
            "created_at",
        )
    }
    view["secret_key_hint"] = f"gw_sec_…{project.secret_key_hint}"
    view["role"] = role.value
    if role == Role.owner:
        view["identity_secret"] = project.identity_secret
    return view


class ProjectCreatedSchema(ProjectSchema):
    keys = ma.fields.Nested(KeysSchema)


@blp.route("")
class Projects(MethodView):
    @blp.response(200, ProjectSchema(many=True))
    def get(self):
        """The projects the caller belongs to (an API key sees its own project)."""
        principal = current_principal()
        if principal.via_key:
            return [project_view(project_for(principal.key_project_id), Role.editor)]
        return [
            project_view(p, role) for p, role in project_service.projects_of(principal.account.id)
        ]

    @blp.arguments(ProjectCreateSchema)
    @blp.response(201, ProjectCreatedSchema)
    def post(self, data):
        """Create a project; the caller becomes its owner. The secret key is shown only here."""
        account = current_account()
        name = data.pop("name")
        project, keys = project_service.create_project(name, account, **data)
        db.session.commit()
        return {**project_view(project, Role.owner), "keys": keys}


@blp.route("/<int:pid>")
class ProjectDetail(MethodView):
    @blp.response(200, ProjectSchema)
    def get(self, pid: int):
        """One project's settings."""
        project = project_for(pid, Role.viewer)
        return project_view(project, g.role)

    @blp.arguments(ProjectUpdateSchema)
    @blp.response(200, ProjectSchema)
    def patch(self, data, pid: int):
        """Change settings (owner only)."""
        project = project_for(pid, Role.owner)
        for field, value in data.items():
            setattr(project, field, value)
        db.session.commit()
        return project_view(project, g.role)


@blp.route("/<int:pid>/keys/rotate", methods=["POST"])
@blp.arguments(RotateKeysSchema)
@blp.response(200, KeysSchema)
def rotate_keys(data, pid: int):
    """Replace the secret and identity keys (and the public key when asked). Owner only."""
    project = project_for(pid, Role.owner)
    keys = project_service.rotate_keys(project, public=data["public"])
    db.session.commit()
    return keys
